package org.demarche.config;

/** A bad configuration value or key. The message names the key and how to fix it; the CLI exits with code 2. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
