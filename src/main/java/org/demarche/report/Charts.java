package org.demarche.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart into PNG bytes (AWT in headless mode: no display needed) and embedded as
 * {@code data:image/png;base64,…} URIs. Only the bitmap encoder is used; XChart's optional vector (SVG/EPS/PDF) and
 * GIF exporters and their libraries are left out of the build.
 *
 * <p>Fixed size, fonts, colours, locale and time zone, so the same data draw the same bytes.
 */
final class Charts {
  static final int WIDTH = 960;
  static final int HEIGHT = 380;

  /** Tableau 10: distinguishable, colour-blind aware. */
  private static final Color[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
      new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
      new Color(0x9C755F), new Color(0xBAB0AC)};
  static final Color COOPERATION = new Color(0x59A14F);
  static final Color CONFLICT = new Color(0xE15759);

  static {
    // Charts are drawn off-screen; never try to reach a display (a server or CI has none).
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /**
   * Lines over time: one series per entry of {@code series}, values aligned with {@code periods} (NaN leaves a gap).
   * Returns null when no series has a value.
   */
  static byte[] timeLines(String title, String yTitle, List<LocalDate> periods, Map<String, double[]> series,
      String grain, boolean zeroBased) {
    if (periods.isEmpty() || series.values().stream().allMatch(Charts::allNaN)) {
      return null;
    }
    XYChart chart = new XYChart(WIDTH, HEIGHT);
    chart.setTitle(title);
    chart.setYAxisTitle(yTitle);
    chart.setXAxisTitle(grain);
    style(chart.getStyler());
    chart.getStyler().setDatePattern(grain.equals("month") ? "yyyy-MM" : "yyyy-MM-dd");
    chart.getStyler().setMarkerSize(6);
    if (zeroBased) {
      chart.getStyler().setYAxisMin(0.0);
    }
    List<Date> x = new ArrayList<>();
    for (LocalDate d : periods) {
      x.add(Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    int i = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      List<Double> y = new ArrayList<>();
      for (double v : e.getValue()) {
        y.add(v);
      }
      XYSeries s = chart.addSeries(uniqueName(chart.getSeriesMap(), e.getKey()), x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineWidth(2f);
      s.setLineColor(PALETTE[i % PALETTE.length]);
      s.setMarkerColor(PALETTE[i % PALETTE.length]);
      i++;
    }
    return png(chart);
  }

  /**
   * Bars by category: one series per entry of {@code series} (grouped side by side), optional symmetric error bars
   * ({@code errors}, same keys; NaN for none). Returns null when there is no category.
   */
  static byte[] bars(String title, String yTitle, List<String> categories, Map<String, double[]> series,
      Map<String, double[]> errors, Map<String, Color> colors) {
    if (categories.isEmpty() || series.isEmpty()) {
      return null;
    }
    CategoryChart chart = new CategoryChart(WIDTH, HEIGHT);
    chart.setTitle(title);
    chart.setYAxisTitle(yTitle);
    style(chart.getStyler());
    chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 30 : 0);
    chart.getStyler().setLegendVisible(series.size() > 1);
    int i = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      List<Double> y = new ArrayList<>();
      for (double v : e.getValue()) {
        y.add(Double.isNaN(v) ? 0.0 : v);
      }
      CategorySeries s;
      double[] err = errors == null ? null : errors.get(e.getKey());
      if (err != null) {
        List<Double> ev = new ArrayList<>();
        for (double v : err) {
          ev.add(Double.isNaN(v) ? 0.0 : v);
        }
        s = chart.addSeries(e.getKey(), categories, y, ev);
      } else {
        s = chart.addSeries(e.getKey(), categories, y);
      }
      Color c = colors != null && colors.containsKey(e.getKey()) ? colors.get(e.getKey())
          : PALETTE[i % PALETTE.length];
      s.setFillColor(c);
      s.setLineColor(c);
      i++;
    }
    return png(chart);
  }

  private static void style(AxesChartStyler s) {
    s.setLocale(Locale.ROOT);
    s.setTimezone(TimeZone.getTimeZone("UTC"));
    s.setAntiAlias(true);
    s.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setChartTitleBoxVisible(false);
    s.setPlotGridLinesColor(new Color(0xE0E0E0));
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setLegendBorderColor(Color.WHITE);
    s.setSeriesColors(PALETTE);
    s.setErrorBarsColorSeriesColor(true);
    s.setYAxisDecimalPattern("#,##0.###");
    s.setToolTipsEnabled(false);
  }

  /** XChart refuses two series of the same name; long or repeated labels get a suffix. */
  private static String uniqueName(Map<String, ?> existing, String name) {
    String n = name.length() > 40 ? name.substring(0, 39) + "…" : name;
    String u = n;
    for (int k = 2; existing.containsKey(u); k++) {
      u = n + " (" + k + ")";
    }
    return u;
  }

  private static boolean allNaN(double[] v) {
    for (double d : v) {
      if (!Double.isNaN(d)) {
        return false;
      }
    }
    return true;
  }

  static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String dataUri(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }
}
