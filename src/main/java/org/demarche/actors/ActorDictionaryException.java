package org.demarche.actors;

import java.util.List;

/** A user or built-in actor dictionary that cannot be used; the message lists every problem with its file and line. */
public class ActorDictionaryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ActorDictionaryException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  public ActorDictionaryException(String file, List<String> problems) {
    super("actor dictionary " + file + " has " + problems.size() + " problem(s):\n  "
        + String.join("\n  ", problems.subList(0, Math.min(50, problems.size())))
        + (problems.size() > 50 ? "\n  ..." : ""));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
