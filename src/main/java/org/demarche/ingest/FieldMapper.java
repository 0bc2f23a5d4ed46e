package org.demarche.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.demarche.config.JobConfig.FieldMapping;

/** Maps one input record (field name → value) to a row of {@link ArticleSchema#INGESTED}. */
public final class FieldMapper implements Serializable {
  private static final long serialVersionUID = 1L;
  private final FieldMapping fields;
  private final int maxDocChars;
  private final int maxPayloadChars;
  private static final FieldMapping CANONICAL =
      new FieldMapping(List.of("id"), List.of("text"), List.of("title"), List.of("outlet"), List.of("date"),
          List.of("url"));
  private transient FieldMapper canonicalMapper;

  public FieldMapper(FieldMapping fields, int maxDocChars, int maxPayloadChars) {
    this.fields = fields;
    this.maxDocChars = maxDocChars;
    this.maxPayloadChars = maxPayloadChars;
  }

  public Row map(Map<String, Object> record, String file, long offset, String raw, long rawBytes) {
    String text = first(record, fields.text());
    String title = first(record, fields.title());
    String outlet = first(record, fields.outlet());
    String date = first(record, fields.date());
    String url = first(record, fields.url());
    String id = first(record, fields.id());
    Set<String> used = new java.util.HashSet<>();
    for (List<String> names : List.of(fields.text(), fields.title(), fields.outlet(), fields.date(), fields.url(), fields.id())) {
      String n = firstName(record, names);
      if (n != null) {
        used.add(n);
      }
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : record.entrySet()) {
      Object v = e.getValue();
      if (!used.contains(e.getKey()) && v != null && !(v instanceof Map) && !(v instanceof List)) {
        String s = v.toString();
        meta.put(e.getKey(), s.length() > 1000 ? s.substring(0, 1000) : s);
      }
    }
    String error = null;
    String detail = null;
    if (raw.length() > maxDocChars || (text != null && text.length() > maxDocChars)) {
      error = RejectReason.DOC_TOO_LARGE.code();
      detail = "record has " + Math.max(raw.length(), text == null ? 0 : text.length())
          + " characters; input.max_doc_chars is " + maxDocChars;
      text = null;
    } else if (text == null && fields.text().stream().anyMatch(record::containsKey)) {
      error = RejectReason.EMPTY_BODY.code();
      detail = "the text field is present but empty";
    } else if (text == null) {
      error = RejectReason.MISSING_BODY.code();
      detail = "none of the fields " + fields.text() + " is present with a value; set input.fields.text";
    }
    if (id == null || id.isBlank()) {
      id = contentId(outlet, title, text == null ? raw : text);
    }
    return row(id, file, offset, outlet, url, title, text, date, meta, truncate(raw), rawBytes, error, detail);
  }

  /** Maps a record whose fields already carry the canonical names (text, title, outlet, date, url, id). */
  public Row mapCanonical(Map<String, Object> record, String file, long offset, String raw, long rawBytes) {
    return canonical().map(record, file, offset, raw, rawBytes);
  }

  private FieldMapper canonical() {
    if (canonicalMapper == null) {
      canonicalMapper = new FieldMapper(CANONICAL, maxDocChars, maxPayloadChars);
    }
    return canonicalMapper;
  }

  public String truncate(String raw) {
    return raw == null || raw.length() <= maxPayloadChars ? raw : raw.substring(0, maxPayloadChars);
  }

  /** A reject found while reading, before any field could be mapped. */
  public Row readError(String file, long offset, String raw, long rawBytes, RejectReason reason, String detail) {
    return row(null, file, offset, null, null, null, null, null, Map.of(), truncate(raw), rawBytes, reason.code(), detail);
  }

  public static Row row(String id, String file, long offset, String outlet, String url, String title, String text,
      String date, Map<String, String> meta, String raw, long rawBytes, String error, String detail) {
    return RowFactory.create(id, file, offset, outlet, url, title, text, date,
        org.demarche.ml.ScalaInterop.map(meta), raw, rawBytes, error, detail);
  }

  /** A stable id from content: {@code h_} and 24 hex characters of SHA-256(outlet, title, text). */
  public static String contentId(String outlet, String title, String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(String.valueOf(outlet).getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(String.valueOf(title).getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
      return "h_" + HexFormat.of().formatHex(md.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstName(Map<String, Object> record, List<String> names) {
    for (String n : names) {
      Object v = record.get(n);
      if (v != null && !(v instanceof Map) && !(v instanceof List) && !v.toString().isBlank()) {
        return n;
      }
    }
    return null;
  }

  private static String first(Map<String, Object> record, List<String> names) {
    String n = firstName(record, names);
    if (n == null) {
      return null;
    }
    Object v = record.get(n);
    if (v instanceof Double d && d == Math.rint(d)) {
      return String.valueOf(d.longValue());
    }
    return v.toString();
  }
}
