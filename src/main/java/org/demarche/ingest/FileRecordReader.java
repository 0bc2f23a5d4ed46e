package org.demarche.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Row;

/**
 * Reads one input file on an executor and emits one {@link ArticleSchema#INGESTED} row per record, including the
 * records that cannot be used (with {@code read_error} set), so that nothing is lost silently. Files are
 * decompressed by Hadoop's codec for their extension ({@code .gz}, {@code .bz2}, ...).
 *
 * <p>{@code source_offset} is the 1-based line number for JSON Lines, the 1-based record number for CSV, and 0 for a
 * text page (one document per file).
 */
public final class FileRecordReader implements Serializable {
  private static final long serialVersionUID = 1L;
  private final FieldMapper mapper;
  private final char csvDelimiter;
  private final int textDateScanLines;
  private final String textOutlet;
  private final int maxDocChars;

  public FileRecordReader(FieldMapper mapper, char csvDelimiter, int textDateScanLines, String textOutlet,
      int maxDocChars) {
    this.mapper = mapper;
    this.csvDelimiter = csvDelimiter;
    this.textDateScanLines = textDateScanLines;
    this.textOutlet = textOutlet;
    this.maxDocChars = maxDocChars;
  }

  public void read(String file, String format, Configuration conf, Consumer<Row> out) {
    try (InputStream in = open(file, conf)) {
      switch (format) {
        case "jsonl" -> {
          if (startsWithArray(in)) {
            readJsonArray(file, in, out);
          } else {
            readJsonLines(file, in, out);
          }
        }
        case "csv" -> readCsv(file, in, out);
        case "text" -> readTextPage(file, in, out);
        default -> throw new IllegalArgumentException("format " + format + " is not read per file");
      }
    } catch (java.io.EOFException e) {
      out.accept(mapper.readError(file, 0, "", 0, RejectReason.UNREADABLE_FILE,
          "the file is truncated (its compressed stream ends early); the records before the cut were read: " + e));
    } catch (IOException | RuntimeException e) {
      out.accept(mapper.readError(file, 0, "", 0, RejectReason.UNREADABLE_FILE, e.toString()));
    }
  }

  /** Whether the first non-blank byte is {@code [}: a JSON array of records rather than JSON Lines. */
  private static boolean startsWithArray(InputStream in) throws IOException {
    in.mark(1 << 16);
    try {
      for (int i = 0, b; i < (1 << 16) && (b = in.read()) != -1; i++) {
        if (b == '[') {
          return true;
        }
        if (!(b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF)) {
          return false;
        }
      }
      return false;
    } finally {
      in.reset();
    }
  }

  /**
   * A {@code .json} file holding one JSON array of records: each element is a record, {@code source_offset} its
   * 1-based index. An element that is not an object is rejected; a syntax error rejects the rest of the file.
   */
  private void readJsonArray(String file, InputStream in, Consumer<Row> out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    json.enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
    long index = 0;
    try (JsonParser p = json.getFactory().createParser(in)) {
      p.nextToken(); // START_ARRAY
      while (true) {
        JsonNode node;
        try {
          if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.END_ARRAY || p.currentToken() == null) {
            break;
          }
          index++;
          node = json.readTree(p);
        } catch (JsonProcessingException e) {
          out.accept(mapper.readError(file, index, "", 0, RejectReason.MALFORMED_JSON,
              "element " + index + " of the JSON array and the rest of the file cannot be parsed: "
                  + e.getOriginalMessage()));
          return;
        }
        String text = node.toString();
        if (!node.isObject()) {
          out.accept(mapper.readError(file, index, text, text.length(), RejectReason.MALFORMED_JSON,
              "element " + index + " of the JSON array is " + node.getNodeType() + ", not an object"));
        } else if (text.length() > maxDocChars) {
          out.accept(mapper.readError(file, index, text, text.length(), RejectReason.DOC_TOO_LARGE,
              "element has " + text.length() + " characters; input.max_doc_chars is " + maxDocChars));
        } else {
          out.accept(mapper.map(toMap((ObjectNode) node), file, index, text, text.length()));
        }
      }
    }
  }

  static InputStream open(String file, Configuration conf) throws IOException {
    Path p = new Path(file);
    FileSystem fs = p.getFileSystem(conf);
    InputStream raw = fs.open(p);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
    return new BufferedInputStream(codec == null ? raw : codec.createInputStream(raw), 1 << 16);
  }

  // --- JSON Lines -------------------------------------------------------------------------------------------------

  private void readJsonLines(String file, InputStream in, Consumer<Row> out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    json.enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
    CharsetDecoder decoder = strictUtf8();
    ByteArrayOutputStream line = new ByteArrayOutputStream(1 << 14);
    long lineNo = 0;
    int b;
    boolean eof = false;
    while (!eof) {
      line.reset();
      while ((b = in.read()) != -1 && b != '\n') {
        line.write(b);
      }
      eof = b == -1;
      if (eof && line.size() == 0) {
        break;
      }
      lineNo++;
      byte[] bytes = line.toByteArray();
      int len = bytes.length;
      if (len > 0 && bytes[len - 1] == '\r') {
        len--;
      }
      if (isBlank(bytes, len)) {
        continue; // blank lines are not records
      }
      String text;
      try {
        text = decoder.decode(ByteBuffer.wrap(bytes, 0, len)).toString();
      } catch (CharacterCodingException e) {
        String lossy = new String(bytes, 0, len, StandardCharsets.UTF_8);
        out.accept(mapper.readError(file, lineNo, lossy, len, RejectReason.INVALID_UTF8,
            "malformed UTF-8 at byte " + firstBadByte(bytes, len) + " of the line"));
        continue;
      }
      if (text.length() > maxDocChars) {
        out.accept(mapper.readError(file, lineNo, text, len, RejectReason.DOC_TOO_LARGE,
            "line has " + text.length() + " characters; input.max_doc_chars is " + maxDocChars));
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(text);
      } catch (JsonProcessingException e) {
        out.accept(mapper.readError(file, lineNo, text, len, RejectReason.MALFORMED_JSON,
            e.getOriginalMessage()));
        continue;
      }
      if (node == null || !node.isObject()) {
        out.accept(mapper.readError(file, lineNo, text, len, RejectReason.MALFORMED_JSON,
            "expected a JSON object but found " + (node == null ? "nothing" : node.getNodeType())));
        continue;
      }
      out.accept(mapper.map(toMap((ObjectNode) node), file, lineNo, text, len));
    }
  }

  private static Map<String, Object> toMap(ObjectNode node) {
    Map<String, Object> m = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull() || v.isMissingNode()) {
        continue;
      }
      if (v.isTextual()) {
        m.put(e.getKey(), v.textValue());
      } else if (v.isIntegralNumber()) {
        m.put(e.getKey(), v.longValue());
      } else if (v.isNumber()) {
        m.put(e.getKey(), v.doubleValue());
      } else if (v.isBoolean()) {
        m.put(e.getKey(), v.booleanValue());
      } else if (v.isObject()) {
        m.put(e.getKey(), Map.of("json", v.toString()));
      } else {
        m.put(e.getKey(), List.of(v.toString()));
      }
    }
    return m;
  }

  // --- CSV --------------------------------------------------------------------------------------------------------

  private void readCsv(String file, InputStream in, Consumer<Row> out) throws IOException {
    byte[] all = in.readAllBytes();
    String text;
    try {
      text = strictUtf8().decode(ByteBuffer.wrap(all)).toString();
    } catch (CharacterCodingException e) {
      // Fall back to lossy decoding; rows holding U+FFFD are rejected one by one below.
      text = new String(all, StandardCharsets.UTF_8);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    char delimiter = file.toLowerCase().matches(".*\\.tsv(\\.[a-z0-9]+)?$") ? '\t' : csvDelimiter;
    CsvMapper csv = new CsvMapper();
    csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
    List<String> header = null;
    ObjectMapper json = new ObjectMapper();
    long recordNo = 0;
    int base = 0; // character offset in text where the current parser started
    while (base < text.length()) {
      int goodEnd = base; // character offset after the last row read without error
      boolean resync = false;
      try (MappingIterator<List<String>> rows =
          csv.readerForListOf(String.class).with(schema).readValues(text.substring(base))) {
        while (true) {
          List<String> values;
          try {
            if (!rows.hasNextValue()) {
              break;
            }
            values = rows.nextValue();
          } catch (IOException | RuntimeException e) {
            // A broken quote: the parser cannot go on. Reject the record's first line, then resume at the next line.
            int start = goodEnd;
            while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
              start++;
            }
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String raw = text.substring(start, end);
            if (header == null) {
              out.accept(mapper.readError(file, 0, raw, raw.length(), RejectReason.MALFORMED_CSV,
                  "the header line cannot be parsed (" + e.getMessage() + "); no row of the file can be read"));
              return;
            }
            recordNo++;
            int byteStart = utf8Length(text, start);
            String rest = nl < 0 ? "; it is the file's last line" : "; reading resumes at the next line";
            out.accept(mapper.readError(file, recordNo, raw, raw.length(), RejectReason.MALFORMED_CSV,
                "bytes " + byteStart + ".." + (byteStart + utf8Length(raw, raw.length()))
                    + ": a quote is not closed or is followed by text (" + firstLine(e.getMessage()) + ")" + rest));
            base = nl < 0 ? text.length() : nl + 1;
            resync = true;
            break;
          }
          goodEnd = base + (int) rows.getParser().getCurrentLocation().getCharOffset();
          if (header == null) {
            header = new ArrayList<>();
            for (String h : values) {
              header.add(h.strip());
            }
            continue;
          }
          recordNo++;
          if (values.size() == 1 && values.get(0).isBlank()) {
            continue;
          }
          Map<String, Object> record = new LinkedHashMap<>();
          for (int i = 0; i < Math.min(values.size(), header.size()); i++) {
            record.put(header.get(i), values.get(i));
          }
          String raw = json.writeValueAsString(values.size() == header.size() ? record : values);
          if (values.size() != header.size()) {
            out.accept(mapper.readError(file, recordNo, raw, raw.length(), RejectReason.MALFORMED_CSV,
                "row has " + values.size() + " fields but the header has " + header.size()));
          } else if (raw.indexOf('\uFFFD') >= 0) {
            out.accept(mapper.readError(file, recordNo, raw, raw.length(), RejectReason.INVALID_UTF8,
                "the row holds bytes that are not valid UTF-8"));
          } else {
            out.accept(mapper.map(record, file, recordNo, raw, raw.length()));
          }
        }
      }
      if (!resync) {
        break;
      }
    }
  }

  /** The UTF-8 byte length of {@code s}'s first {@code chars} characters. */
  private static int utf8Length(String s, int chars) {
    return s.substring(0, Math.min(chars, s.length())).getBytes(StandardCharsets.UTF_8).length;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  // --- text pages -------------------------------------------------------------------------------------------------

  private void readTextPage(String file, InputStream in, Consumer<Row> out) throws IOException {
    byte[] all = in.readAllBytes();
    String text;
    try {
      text = strictUtf8().decode(ByteBuffer.wrap(all)).toString();
    } catch (CharacterCodingException e) {
      out.accept(mapper.readError(file, 0, new String(all, StandardCharsets.UTF_8), all.length,
          RejectReason.INVALID_UTF8, "malformed UTF-8 at byte " + firstBadByte(all, all.length)));
      return;
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.length() > maxDocChars) {
      out.accept(mapper.readError(file, 0, text, all.length, RejectReason.DOC_TOO_LARGE,
          "page has " + text.length() + " characters; input.max_doc_chars is " + maxDocChars));
      return;
    }
    TextPageParser.Page page = TextPageParser.parse(text, textDateScanLines);
    Map<String, Object> record = new LinkedHashMap<>();
    Path p = new Path(file);
    String outlet = textOutlet == null || textOutlet.isBlank()
        ? (p.getParent() == null ? null : p.getParent().getName()) : textOutlet;
    if (outlet != null) {
      record.put("outlet", outlet);
    }
    if (page.title() != null) {
      record.put("title", page.title());
    }
    if (page.body() != null) {
      record.put("text", page.body());
    }
    if (page.date() != null) {
      record.put("date", page.date());
    }
    record.put("file_name", p.getName());
    record.put("page_junk_lines", (long) page.junkLines());
    out.accept(mapper.mapCanonical(record, file, 0, text, all.length));
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static boolean isBlank(byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private static int firstBadByte(byte[] b, int len) {
    ByteBuffer in = ByteBuffer.wrap(b, 0, len);
    java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(len + 1);
    java.nio.charset.CoderResult r = strictUtf8().decode(in, chars, true);
    return r.isError() ? in.position() : len;
  }

}
