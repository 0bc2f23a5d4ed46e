package org.demarche.actors;

import java.util.HashMap;
import java.util.Map;

/**
 * Regions that wire datelines name after the city ("SANTA CRUZ, Calif., Feb 26 -", "Scarborough, Ontario, Feb 26 -"):
 * US states (names and AP-style abbreviations), Canadian provinces and Australian states. The region decides the
 * dateline's country, whatever the city's name means elsewhere (Santa Cruz, Bolivia). Public-record facts.
 */
final class Datelines {
  private Datelines() {}

  static final Map<String, String> REGIONS = new HashMap<>();

  private static void add(String country, String... names) {
    for (String n : names) {
      REGIONS.put(Normalizer.key(n), country);
    }
  }

  static {
    add("USA", "Alabama", "Ala.", "Alaska", "Arizona", "Ariz.", "Arkansas", "Ark.", "California", "Calif.", "Cal.",
        "Colorado", "Colo.", "Connecticut", "Conn.", "Delaware", "Del.", "Florida", "Fla.", "Georgia", "Ga.", "Hawaii",
        "Idaho", "Illinois", "Ill.", "Indiana", "Ind.", "Iowa", "Kansas", "Kan.", "Kans.", "Kentucky", "Ky.",
        "Louisiana", "La.", "Maine", "Maryland", "Md.", "Massachusetts", "Mass.", "Michigan", "Mich.", "Minnesota",
        "Minn.", "Mississippi", "Miss.", "Missouri", "Mo.", "Montana", "Mont.", "Nebraska", "Neb.", "Nebr.", "Nevada",
        "Nev.", "New Hampshire", "N.H.", "New Jersey", "N.J.", "New Mexico", "N.M.", "N.Mex.", "New York", "N.Y.",
        "North Carolina", "N.C.", "North Dakota", "N.D.", "N.Dak.", "Ohio", "Oklahoma", "Okla.", "Oregon", "Ore.",
        "Oreg.", "Pennsylvania", "Pa.", "Penn.", "Rhode Island", "R.I.", "South Carolina", "S.C.", "South Dakota",
        "S.D.", "S.Dak.", "Tennessee", "Tenn.", "Texas", "Tex.", "Utah", "Vermont", "Vt.", "Virginia", "Va.",
        "Washington", "Wash.", "West Virginia", "W.Va.", "W. Va.", "Wisconsin", "Wis.", "Wisc.", "Wyoming", "Wyo.",
        "D.C.", "DC", "Puerto Rico", "P.R.");
    add("CAN", "Ontario", "Ont.", "Quebec", "Que.", "British Columbia", "B.C.", "Alberta", "Alta.", "Manitoba", "Man.",
        "Saskatchewan", "Sask.", "Nova Scotia", "N.S.", "New Brunswick", "N.B.", "Newfoundland", "Nfld.",
        "Prince Edward Island", "P.E.I.");
    add("AUS", "New South Wales", "N.S.W.", "Queensland", "Qld.", "Western Australia", "W.A.", "South Australia",
        "Tasmania", "Victoria");
  }

  /** The country of a dateline region, or null. */
  static String region(String text) {
    return REGIONS.get(Normalizer.key(text));
  }
}
