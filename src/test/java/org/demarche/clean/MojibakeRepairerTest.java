package org.demarche.clean;

import static org.assertj.core.api.Assertions.assertThat;

import org.demarche.testing.StageContracts;
import org.junit.jupiter.api.Test;

class MojibakeRepairerTest {
  static final String[][] ROWS = {
    {null, null},
    {"", ""},
    {"Iran\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s nuclear deal", "Iran\u2019s nuclear deal"},
    {"caf\u00c3\u00a9 and r\u00c3\u00a9sum\u00c3\u00a9", "caf\u00e9 and r\u00e9sum\u00e9"},
    {"war \u00e2\u20ac\u201d again \u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d", "war \u2014 again \u201cquoted\u201d"},
    {"costs \u00c2\u00a3300", "costs \u00a3300"},
    {"Juan Santamar\u00c3\u00ada Airport", "Juan Santamar\u00eda Airport"},
    {"Trump\u00c3\u00a2\u00c2\u0080\u00c2\u0099s vote", "Trump\u2019s vote"},
    // correct text is never touched
    {"Caf\u00e9, \u00c6r\u00f8, na\u00efve, \u00c3lvaro, \u00c2ngela", "Caf\u00e9, \u00c6r\u00f8, na\u00efve, \u00c3lvaro, \u00c2ngela"},
    {"\u041c\u043e\u0441\u043a\u0432\u0430 \u0438 \u0412\u0430\u0448\u0438\u043d\u0433\u0442\u043e\u043d", "\u041c\u043e\u0441\u043a\u0432\u0430 \u0438 \u0412\u0430\u0448\u0438\u043d\u0433\u0442\u043e\u043d"},
    {"\u0633\u0648\u0631\u064a\u0627 \u201cquoted\u2019\u201d \u2014 \u00bfQu\u00e9? \u00a1S\u00ed!", "\u0633\u0648\u0631\u064a\u0627 \u201cquoted\u2019\u201d \u2014 \u00bfQu\u00e9? \u00a1S\u00ed!"},
    {"CAF\u00c9\u201d said", "CAF\u00c9\u201d said"},
    {"self-inflicted \u00e2\u20ac\" and \u00e2\u20acquoted\u00e2\u20ac end", "self-inflicted \u2014 and \u201dquoted\u201d end"},
  };

  @Test
  void fixtureRows() {
    Fixtures.assertRows(new MojibakeRepairer().setInputCol("text").setOutputCol("out"), "text", "out", ROWS);
  }

  @Test
  void oneRoundFixesOnlyOneLayer() {
    assertThat(MojibakeRepairer.repair("Iran\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s", 1))
        .isEqualTo("Iran\u00e2\u20ac\u2122s");
  }

  @Test
  void contracts() throws Exception {
    MojibakeRepairer stage = new MojibakeRepairer().setInputCol("text").setOutputCol("out").setMaxRounds(2);
    StageContracts.schemaMatchesTransform(stage, Fixtures.frame("text", ROWS));
    StageContracts.rejectsWrongInputType(stage, Fixtures.wrongType("text"), "inputCol");
    assertThat(StageContracts.roundTrip(stage, MojibakeRepairer::load).getMaxRounds()).isEqualTo(2);
  }
}
