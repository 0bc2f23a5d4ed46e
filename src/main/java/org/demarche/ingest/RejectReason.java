package org.demarche.ingest;

/** Why a record went to the {@code rejects} table. The string codes are part of the output contract. */
public enum RejectReason {
  INVALID_UTF8("invalid_utf8", "the record's bytes are not valid UTF-8"),
  MALFORMED_JSON("malformed_json", "the line is not a JSON object"),
  MALFORMED_CSV("malformed_csv", "the CSV row does not match the header"),
  UNREADABLE_FILE("unreadable_file", "the file could not be read or decompressed"),
  MISSING_BODY("missing_body", "no text field was found (see input.fields.text)"),
  EMPTY_BODY("empty_body", "the body is empty or shorter than clean.min_body_chars after cleaning"),
  DOC_TOO_LARGE("doc_too_large", "the record is larger than input.max_doc_chars"),
  MISSING_DATE("missing_date", "no date field was found and input.require_date is true"),
  UNPARSEABLE_DATE("unparseable_date", "the date could not be parsed and input.require_date is true"),
  DATE_OUT_OF_RANGE("date_out_of_range", "the date is outside input.min_date .. input.max_date"),
  LANGUAGE_FILTERED("language_filtered", "the detected language is not in clean.languages"),
  DUPLICATE_RECORD("duplicate_record", "another record with the same doc_id was already accepted"),
  DUPLICATE_IN_OUTPUT("duplicate_in_output",
      "the output folder already holds this doc_id, written by an earlier batch from another input file");

  private final String code;
  private final String description;

  RejectReason(String code, String description) {
    this.code = code;
    this.description = description;
  }

  public String code() {
    return code;
  }

  public String description() {
    return description;
  }
}
