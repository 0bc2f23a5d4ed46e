package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random-Unicode property tests: no stage throws, and the normaliser is idempotent. */
class CleanPropertyTest {
  private static final String[] PIECES = {
    " ", "  ", "\n", "\n\n", "\r\n", "\t", "-", "-\n", "\u00ad", "\u200b", "\u200d", "\ufeff", "\u00a0", "\u2028",
    "\u201c", "\u201d", "\u2019", "\u00ab ", " \u00bb", "\u2014", "\u2013", "\u0301", "\u0308", "<p>", "</p>", "<br>",
    "<script>", "&amp;", "&#8217;", "&#x0;", "&nbsp;", "&", "<", ">", "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\u00c2",
    "word", "Word", "negoti", "ations", "tion", "icon", ".", "!", "?", ":", "(AFP Photo)", "Getty Images",
    "\ud83d\ude00", "\ud800", "\udc00", "\u0000", "\u001b", "\uffff", "\ufb01", "\uff21", "\u2460", "\u1e9b\u0323",
  };

  static String randomText(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(60);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(4)) {
        case 0:
          b.append(PIECES[r.nextInt(PIECES.length)]);
          break;
        case 1:
          b.appendCodePoint(r.nextInt(0x3000)); // dense in Latin, combining marks, punctuation, Cyrillic, Arabic
          break;
        case 2:
          int cp = r.nextInt(0x110000);
          b.append(cp >= 0xD800 && cp <= 0xDFFF ? (char) cp : new String(Character.toChars(cp)));
          break;
        default:
          for (int k = r.nextInt(12); k > 0; k--) {
            b.append((char) ('a' + r.nextInt(26)));
          }
          b.append(r.nextBoolean() ? ' ' : '\n');
      }
    }
    return b.toString();
  }

  @Test
  void stagesNeverThrowAndNormalizerIsIdempotent() {
    Random r = new Random(20240601L);
    for (int i = 0; i < 2500; i++) {
      String s = randomText(r);
      String n1 = UnicodeNormalizer.normalize(s);
      assertThat(UnicodeNormalizer.normalize(n1)).as("idempotent on case %d: %s", i, escape(s)).isEqualTo(n1);
      String h = HtmlStripper.strip(s);
      String hf = HtmlStripper.strip(s, true);
      String b = BoilerplateRemover.remove(s);
      String m = MojibakeRepairer.repair(s);
      assertThat(h).isNotNull();
      assertThat(hf).isNotNull();
      assertThat(b).isNotNull();
      assertThat(m).isNotNull();
      // the normaliser after every other stage is idempotent as well
      for (String t : new String[] {h, hf, b, m}) {
        String nt = UnicodeNormalizer.normalize(t);
        assertThat(UnicodeNormalizer.normalize(nt)).as("idempotent after a stage, case %d", i).isEqualTo(nt);
      }
    }
  }

  @Test
  void wrappedRandomParagraphsAreIdempotent() {
    Random r = new Random(7L);
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder();
      int width = 30 + r.nextInt(60);
      int col = 0;
      for (int w = 0; w < 200; w++) {
        String word = r.nextInt(10) == 0 ? "Word." : r.nextInt(15) == 0 ? "self-" : "word";
        if (col + word.length() > width) {
          b.append(r.nextInt(8) == 0 ? "\n    " : "\n");
          col = 0;
        }
        b.append(word).append(word.endsWith("-") ? "" : " ");
        col += word.length() + 1;
      }
      String n1 = UnicodeNormalizer.normalize(b.toString());
      assertThat(UnicodeNormalizer.normalize(n1)).isEqualTo(n1);
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> b.append(cp < 0x20 || cp > 0x7e ? String.format("\\u{%x}", cp) : String.valueOf((char) cp)));
    return b.toString();
  }
}
