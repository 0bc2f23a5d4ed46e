package org.demarche.stance.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class CameoLookupsTest {
  static final CameoLookups L = CameoLookups.builtin();

  @Test
  void knownCodes() throws Exception {
    // values as written in the shared GDELT lookup file
    Map<String, Double> file = new HashMap<>();
    for (String line : Files.readAllLines(SparkTestSession.sharedData("gdelt/CAMEO.goldsteinscale.txt"))) {
      String[] f = line.split("\t");
      if (!f[0].startsWith("CAMEO")) {
        file.put(f[0], Double.parseDouble(f[1]));
      }
    }
    assertThat(L.goldstein("042")).isEqualTo(file.get("042"));
    assertThat(L.goldstein("190")).isEqualTo(file.get("190")).isEqualTo(-10.0);
    assertThat(L.goldstein("0421")).as("falls back to the base code").isEqualTo(file.get("042"));
    assertThat(L.goldstein("903")).isNull();
    assertThat(L.description("042")).isEqualTo("Make a visit");
    assertThat(CameoLookups.quadClass("042")).isEqualTo(CameoLookups.VERBAL_COOPERATION);
    assertThat(CameoLookups.quadClass("057")).isEqualTo(CameoLookups.VERBAL_COOPERATION);
    assertThat(CameoLookups.quadClass("064")).isEqualTo(CameoLookups.MATERIAL_COOPERATION);
    assertThat(CameoLookups.quadClass("090")).isEqualTo(CameoLookups.MATERIAL_COOPERATION);
    assertThat(CameoLookups.quadClass("112")).isEqualTo(CameoLookups.VERBAL_CONFLICT);
    assertThat(CameoLookups.quadClass("141")).isEqualTo(CameoLookups.VERBAL_CONFLICT);
    assertThat(CameoLookups.quadClass("173")).isEqualTo(CameoLookups.MATERIAL_CONFLICT);
    assertThat(CameoLookups.quadClass("190")).isEqualTo(CameoLookups.MATERIAL_CONFLICT);
    assertThat(CameoLookups.quadClass("903")).isZero();
    assertThat(CameoLookups.rootCode("0421")).isEqualTo("04");
    assertThat(L.size()).isGreaterThan(300);
  }

  /** Every row of the real GDELT 2.0 export agrees with our root → QuadClass and Goldstein lookups. */
  @Test
  void agreesWithGdeltRecords() throws Exception {
    int rows = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
        SparkTestSession.sharedData("gdelt/gdelt2_20191024143000.export.CSV.gz"))), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t", -1);
        String code = f[26];
        String root = f[28];
        int quad = Integer.parseInt(f[29]);
        double goldstein = Double.parseDouble(f[30]);
        assertThat(CameoLookups.rootCode(code)).as(line).isEqualTo(root);
        assertThat(CameoLookups.quadClass(code)).as("QuadClass of %s", code).isEqualTo(quad);
        assertThat(L.goldstein(code)).as("Goldstein of %s", code).isEqualTo(goldstein);
        rows++;
      }
    }
    assertThat(rows).isEqualTo(2111);
  }
}
