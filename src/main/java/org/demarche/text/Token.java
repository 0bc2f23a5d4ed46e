package org.demarche.text;

/**
 * One word token ({@link Words#tokenize}): {@code [start, end)} character offsets in the original text, its normalised
 * form (lowercase, diacritics stripped, inner apostrophes dropped) and whether a possessive {@code 's} followed it.
 */
public record Token(String norm, int start, int end, boolean possessive) {}
