package org.demarche.config;

import java.util.List;
import java.util.stream.Collectors;

/** Renders {@code docs/config.md} from {@link ConfigKeys}; a test keeps the committed file equal to this output. */
public final class ConfigDoc {
  private ConfigDoc() {}

  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# demarche configuration reference\n\n");
    sb.append("<!-- Generated from src/main/java/org/demarche/config/ConfigKeys.java by ConfigDoc; ")
        .append("regenerate with: mvn -q test -Dtest=ConfigDocTest -Dgolden.regenerate=true -->\n\n");
    sb.append("Settings come from three places. Highest precedence first:\n\n")
        .append("1. the command line: `--input`, `--format`, `--output`, `--master` and `--set key=value` (repeatable);\n")
        .append("2. the YAML file given with `--config FILE` (nested maps or dotted keys);\n")
        .append("3. the defaults below.\n\n")
        .append("An unknown key, a value of the wrong type or a value outside its range stops the run before Spark ")
        .append("starts, with exit code 2 and a message naming the key. Lists are YAML lists, or comma-separated ")
        .append("values in `--set` (`--set clean.languages=en,fr`).\n\n")
        .append("Example `demarche.yaml`:\n\n```yaml\ninput:\n  paths: [corpus/2013/]\n  fields:\n    text: [body]\n")
        .append("    outlet: [source]\n  require_date: true\nclean:\n  languages: [en]\noutput:\n  path: out\n```\n\n");
    String section = "";
    for (ConfigKey k : ConfigKeys.all().values()) {
      String s = k.name().substring(0, k.name().indexOf('.'));
      if (!s.equals(section)) {
        section = s;
        sb.append("## ").append(section).append("\n\n| key | type | default | description |\n|---|---|---|---|\n");
      }
      sb.append("| `").append(k.name()).append("` | ").append(type(k)).append(" | ").append(def(k)).append(" | ")
          .append(k.doc().replace("|", "\\|"));
      if (!k.choices().isEmpty()) {
        sb.append(" One of: ").append(k.choices().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "))).append('.');
      }
      sb.append(" |\n");
      if (isLastOfSection(k)) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private static boolean isLastOfSection(ConfigKey k) {
    List<String> names = ConfigKeys.names();
    int i = names.indexOf(k.name());
    return i == names.size() - 1 || !names.get(i + 1).startsWith(k.name().substring(0, k.name().indexOf('.') + 1));
  }

  private static String type(ConfigKey k) {
    return switch (k.type()) {
      case STRING -> "string";
      case INT -> "int";
      case LONG -> "long";
      case DOUBLE -> "double";
      case BOOLEAN -> "boolean";
      case STRING_LIST -> "list of strings";
    };
  }

  private static String def(ConfigKey k) {
    Object d = k.defaultValue();
    if (d instanceof List<?> l) {
      return l.isEmpty() ? "`[]`" : "`[" + l.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]`";
    }
    return d == null || d.toString().isEmpty() ? "(empty)" : "`" + d + "`";
  }
}
