package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class HtmlStripperTest {
  static final String[][] ROWS = {
    {null, null},
    {"", ""},
    {"Plain text where a < b and c > d stays as it is.  Even  spaces.", "Plain text where a < b and c > d stays as it is.  Even  spaces."},
    {"AT&T and R&D are not entities", "AT&T and R&D are not entities"},
    {"USAir Group <U> and\nTransworld Airlines Inc <TWA> are tickers", "USAir Group <U> and\nTransworld Airlines Inc <TWA> are tickers"},
    {"<p>Hello &amp; welcome</p><p>Second   paragraph</p>", "Hello & welcome\n\nSecond paragraph"},
    {"<html><head><title>T</title><style>p{color:red}</style></head><body><script>var x = '<p>no</p>';</script>Hi<br>there<br/>again</body></html>", "Hi\nthere\nagain"},
    {"Kerry&#8217;s visit&nbsp;today &#x2014; &mdash; &eacute;t&eacute;", "Kerry\u2019s visit\u00a0today \u2014 \u2014 \u00e9t\u00e9"},
    {"<ul><li>One</li><li>Two <b>bold</b></li></ul>", "One\nTwo bold"},
    {"&lt;b&gt; and &amp;lt;", "<b> and &lt;"},
    {"<!-- comment --><div>A</div><div>B</div>", "A\nB"},
    {"&#150; and &copy2013 &bogus;", "\u2013 and \u00a92013 &bogus;"},
  };

  @Test
  void fixtureRows() {
    Fixtures.assertRows(new HtmlStripper().setInputCol("text").setOutputCol("out"), "text", "out", ROWS);
  }

  @Test
  void plainTextIsUntouchedUnlessForced() {
    String s = "Line one\n\n\n  indented   line";
    assertThat(HtmlStripper.looksLikeHtml(s)).isFalse();
    assertThat(HtmlStripper.strip(s)).isSameAs(s);
    assertThat(HtmlStripper.strip(s, true)).isEqualTo("Line one indented line");
  }

  @Test
  void contracts() throws Exception {
    HtmlStripper stage = new HtmlStripper().setInputCol("text").setOutputCol("out").setForceParse(true);
    StageContracts.schemaMatchesTransform(stage, Fixtures.frame("text", ROWS));
    StageContracts.rejectsWrongInputType(stage, Fixtures.wrongType("text"), "inputCol");
    HtmlStripper loaded = StageContracts.roundTrip(stage, HtmlStripper::load);
    assertThat(loaded.getForceParse()).isTrue();
    assertThat(new HtmlStripper().uid()).startsWith("htmlStrip");
  }
}
