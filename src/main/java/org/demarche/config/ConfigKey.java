package org.demarche.config;

import java.util.List;

/**
 * One documented configuration key: its dotted name, type, default and description. The registry in {@link
 * ConfigKeys} is the single source for parsing, validation and {@code docs/config.md}.
 */
public record ConfigKey(String name, Type type, Object defaultValue, String doc, List<String> choices) {
  public enum Type {
    STRING,
    INT,
    LONG,
    DOUBLE,
    BOOLEAN,
    STRING_LIST
  }

  public ConfigKey {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }
}
