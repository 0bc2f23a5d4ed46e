package org.demarche.ml;

import java.util.List;
import java.util.Map;

/**
 * Java → Scala collections for Spark {@code Row}s, through {@code scala.collection.JavaConverters}, which exists in
 * both Scala 2.12 (Spark 3.5) and 2.13 (Spark 4).
 */
@SuppressWarnings("deprecation")
public final class ScalaInterop {
  private ScalaInterop() {}

  public static <K, V> scala.collection.Map<K, V> map(Map<K, V> m) {
    return scala.collection.JavaConverters.mapAsScalaMapConverter(m).asScala();
  }

  public static <T> scala.collection.Seq<T> seq(List<T> l) {
    return scala.collection.JavaConverters.asScalaBufferConverter(l).asScala();
  }
}
