package org.demarche.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.GraphicsEnvironment;
import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Charts render to PNG headless, without XChart's optional (vector, PDF, GIF) exporter libraries. */
class ChartsTest {
  @Test
  void rendersPngHeadlessWithoutTheExcludedExporters() throws Exception {
    Map<String, double[]> s = new LinkedHashMap<>();
    s.put("a", new double[] {1, Double.NaN, 3});
    s.put("b", new double[] {2, 2, 0});
    byte[] png = Charts.timeLines("t", "y", List.of(LocalDate.of(2013, 1, 1), LocalDate.of(2013, 2, 1),
        LocalDate.of(2013, 5, 1)), s, "month", true);
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    var img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
    // the build leaves out VectorGraphics2D (LGPL), pdfbox-graphics2d and animated-gif-lib: PNG does not need them
    for (String c : List.of("de.erichseifert.vectorgraphics2d.VectorGraphics2D",
        "de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D", "com.madgag.gif.fmsware.AnimatedGifEncoder",
        "org.apache.pdfbox.pdmodel.PDDocument")) {
      assertThatThrownBy(() -> Class.forName(c)).as(c).isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void aSinglePeriodAndBarsWithErrorBarsRender() throws Exception {
    byte[] one = Charts.timeLines("t", "y", List.of(LocalDate.of(2013, 5, 7)), Map.of("x", new double[] {0.5}),
        "day", false);
    assertThat(ImageIO.read(new ByteArrayInputStream(one))).isNotNull();
    byte[] bars = Charts.bars("t", "y", List.of("A", "B"), Map.of("m", new double[] {0.2, -0.1}),
        Map.of("m", new double[] {0.05, Double.NaN}), null);
    assertThat(ImageIO.read(new ByteArrayInputStream(bars))).isNotNull();
  }

  @Test
  void nothingToDrawGivesNoChart() {
    assertThat(Charts.timeLines("t", "y", List.of(), Map.of(), "month", true)).isNull();
    assertThat(Charts.timeLines("t", "y", List.of(LocalDate.of(2013, 5, 1)), Map.of("x", new double[] {Double.NaN}),
        "month", false)).isNull();
    assertThat(Charts.bars("t", "y", List.of(), Map.of(), null, null)).isNull();
  }

  @Test
  void theSameDataDrawTheSameBytes() {
    Map<String, double[]> s = Map.of("a", new double[] {1, 2});
    List<LocalDate> p = List.of(LocalDate.of(2013, 1, 1), LocalDate.of(2013, 2, 1));
    assertThat(Charts.timeLines("t", "y", p, s, "month", true)).isEqualTo(Charts.timeLines("t", "y", p, s, "month",
        true));
  }
}
