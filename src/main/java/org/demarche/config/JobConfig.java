package org.demarche.config;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The one typed configuration of a run. Built by {@link ConfigLoader} with precedence CLI options and {@code --set},
 * then the YAML file, then the defaults in {@link ConfigKeys}. Every record validates in its constructor and names
 * the key to fix.
 */
public record JobConfig(InputConfig input, CleanConfig clean, DedupeConfig dedupe, ActorsConfig actors,
    TextConfig text, KeynessConfig keyness, TopicsConfig topics, StanceConfig stance, TrendsConfig trends,
    ThreadsConfig threads, OutletsConfig outlets, OutputConfig output,
    SparkConfig spark) implements Serializable {

  /** The same config with other topic settings. */
  public JobConfig withTopics(TopicsConfig t) {
    return new JobConfig(input, clean, dedupe, actors, text, keyness, t, stance, trends, threads, outlets, output,
        spark);
  }

  /** Where and how to read. */
  public record InputConfig(List<String> paths, String format, FieldMapping fields, String csvDelimiter,
      boolean requireDate, LocalDate minDate, LocalDate maxDate, ZoneId defaultTimezone, int maxDocChars,
      int maxRejectPayloadChars, int textDateScanLines, String textOutlet, int partitions) implements Serializable {
    public InputConfig {
      paths = List.copyOf(paths);
      if (paths.isEmpty()) {
        throw new ConfigException("input.paths is empty: give at least one --input file, folder or glob");
      }
      if (!minDate.isBefore(maxDate)) {
        throw new ConfigException("input.min_date (" + minDate + ") must be before input.max_date (" + maxDate + ")");
      }
      positive("input.max_doc_chars", maxDocChars);
      positive("input.max_reject_payload_chars", maxRejectPayloadChars);
      positive("input.text.date_scan_lines", textDateScanLines);
      nonNegative("input.partitions", partitions);
    }
  }

  /** Candidate input field names per canonical column; the first present one wins. */
  public record FieldMapping(List<String> id, List<String> text, List<String> title, List<String> outlet,
      List<String> date, List<String> url) implements Serializable {
    public FieldMapping {
      id = List.copyOf(id);
      text = List.copyOf(text);
      title = List.copyOf(title);
      outlet = List.copyOf(outlet);
      date = List.copyOf(date);
      url = List.copyOf(url);
      if (text.isEmpty()) {
        throw new ConfigException("input.fields.text is empty: name at least one field that holds the body");
      }
    }
  }

  public record CleanConfig(boolean stripHtml, boolean removeBoilerplate, boolean repairMojibake,
      boolean normalizeUnicode, boolean detectLanguage, List<String> languages, int minBodyChars)
      implements Serializable {
    public CleanConfig {
      languages = List.copyOf(languages);
      positive("clean.min_body_chars", minBodyChars);
      if (!languages.isEmpty() && !detectLanguage) {
        throw new ConfigException("clean.languages is set but clean.detect_language is false: enable detection or clear the list");
      }
      for (String l : languages) {
        if (!l.matches("[a-z]{2,3}")) {
          throw new ConfigException("clean.languages: '" + l + "' is not an ISO 639-1 code such as en, fr, ru");
        }
      }
    }
  }

  public record DedupeConfig(boolean nearDuplicates, int shingleSize, int numHashTables, double minJaccard,
      int storyWindowDays) implements Serializable {
    /** Stories within the batch only ({@code dedupe.story_window_days} 0). */
    public DedupeConfig(boolean nearDuplicates, int shingleSize, int numHashTables, double minJaccard) {
      this(nearDuplicates, shingleSize, numHashTables, minJaccard, 0);
    }

    public DedupeConfig {
      nonNegative("dedupe.story_window_days", storyWindowDays);
      positive("dedupe.shingle_size", shingleSize);
      positive("dedupe.num_hash_tables", numHashTables);
      if (!(minJaccard > 0 && minJaccard <= 1)) {
        throw new ConfigException("dedupe.min_jaccard must be in (0, 1] but was " + minJaccard);
      }
    }
  }

  /** Outlet attributes ({@code outlets.*}): an outlet file and input fields copied per article. */
  public record OutletsConfig(String file, List<String> fields) implements Serializable {
    public OutletsConfig {
      file = file == null ? "" : file.trim();
      fields = List.copyOf(fields);
      if (!file.isEmpty() && !file.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")
          && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))) {
        throw new ConfigException("outlets.file: " + file + " is not a file; give a CSV or YAML outlet file, or leave "
            + "it empty");
      }
    }
  }

  /** Story threads ({@code threads.*}); off when text features are off. */
  public record ThreadsConfig(boolean enabled, int windowDays, double minSimilarity, int maxSpanDays, int topTerms,
      double actorWeight, int maxBlockDocs, double minLinkShare) implements Serializable {
    public ThreadsConfig {
      if (!(minLinkShare >= 0 && minLinkShare <= 1)) {
        throw new ConfigException("threads.min_link_share must be in [0, 1] but was " + minLinkShare);
      }
      nonNegative("threads.window_days", windowDays);
      nonNegative("threads.max_span_days", maxSpanDays);
      positive("threads.top_terms", topTerms);
      positive("threads.max_block_docs", maxBlockDocs);
      if (!(minSimilarity > 0 && minSimilarity <= 1)) {
        throw new ConfigException("threads.min_similarity must be in (0, 1] but was " + minSimilarity);
      }
      if (!(actorWeight >= 0 && actorWeight < 1)) {
        throw new ConfigException("threads.actor_weight must be in [0, 1) but was " + actorWeight);
      }
    }
  }

  public record ActorsConfig(boolean enabled, String dictionaryPath, boolean candidates) implements Serializable {
    public ActorsConfig {
      dictionaryPath = dictionaryPath == null ? "" : dictionaryPath.trim();
    }
  }

  public record TextConfig(boolean enabled, int minTokenLength, String lemmatizer, boolean phrases,
      String phraseScoring, double phraseThreshold, int phraseMinCount, int phraseMaxN, boolean actorPhrases,
      List<String> extraStopwords, double minDf, double maxDf, int vocabSize) implements Serializable {
    public TextConfig {
      extraStopwords = List.copyOf(extraStopwords);
      positive("text.min_token_length", minTokenLength);
      positive("text.phrase_min_count", phraseMinCount);
      if (phraseMaxN < 2 || phraseMaxN > 3) {
        throw new ConfigException("text.phrase_max_n must be 2 or 3 but was " + phraseMaxN);
      }
      if (minDf < 0) {
        throw new ConfigException("text.min_df must be >= 0 but was " + minDf);
      }
      if (!(maxDf > 0)) {
        throw new ConfigException("text.max_df must be > 0 but was " + maxDf);
      }
      if (minDf >= 1 && maxDf >= 1 && minDf > maxDf || minDf < 1 && maxDf < 1 && minDf > maxDf) {
        throw new ConfigException("text.min_df (" + minDf + ") must not exceed text.max_df (" + maxDf + ")");
      }
      positive("text.vocab_size", vocabSize);
    }
  }

  public record KeynessConfig(boolean enabled, List<String> groups, int topN, double priorStrength, int minCount,
      int minGroupDocs, int maxActors, int actorMinMentions) implements Serializable {
    public static final List<String> GROUPS = List.of("outlet", "month", "year", "actor");

    public KeynessConfig {
      groups = List.copyOf(groups);
      for (String g : groups) {
        if (!GROUPS.contains(g)) {
          throw new ConfigException("keyness.groups: unknown group '" + g + "'; choose from " + GROUPS);
        }
      }
      positive("keyness.top_n", topN);
      if (!(priorStrength > 0)) {
        throw new ConfigException("keyness.prior_strength must be > 0 but was " + priorStrength);
      }
      positive("keyness.min_count", minCount);
      positive("keyness.min_group_docs", minGroupDocs);
      positive("keyness.max_actors", maxActors);
      positive("keyness.actor_min_mentions", actorMinMentions);
    }
  }

  public record StanceConfig(boolean enabled, String issuesFile, String toneModel, String verbDictionary,
      boolean authorTone, double minConfidence) implements Serializable {
    public StanceConfig {
      issuesFile = issuesFile == null ? "" : issuesFile.trim();
      toneModel = toneModel == null || toneModel.isBlank() ? "builtin" : toneModel.trim();
      verbDictionary = verbDictionary == null ? "" : verbDictionary.trim();
      if (!(minConfidence >= 0 && minConfidence <= 1)) {
        throw new ConfigException("stance.min_confidence must be in [0, 1] but was " + minConfidence);
      }
    }
  }

  public record TrendsConfig(boolean enabled, List<String> grains, int evidence, int baselinePeriods,
      int minBaselinePeriods, double zThreshold, int minCount, List<String> framingGroups,
      List<String> framingGrains, int framingMinUnits, String framingVoice) implements Serializable {
    public static final List<String> GRAINS = List.of("day", "week", "month");
    public static final List<String> FRAMING_GRAINS = List.of("thread", "day", "week", "month", "year");

    /** Without framing tables. */
    public TrendsConfig(boolean enabled, List<String> grains, int evidence, int baselinePeriods,
        int minBaselinePeriods, double zThreshold, int minCount) {
      this(enabled, grains, evidence, baselinePeriods, minBaselinePeriods, zThreshold, minCount, List.of("outlet"),
          List.of(), 3, "all");
    }

    public TrendsConfig {
      grains = List.copyOf(grains);
      framingGroups = List.copyOf(framingGroups);
      framingGrains = List.copyOf(framingGrains);
      for (String g : framingGrains) {
        if (!FRAMING_GRAINS.contains(g)) {
          throw new ConfigException("framing.grains: unknown grain '" + g + "'; choose from " + FRAMING_GRAINS);
        }
      }
      if (!framingGrains.isEmpty() && framingGroups.isEmpty()) {
        throw new ConfigException("framing.groups is empty: name `outlet` and/or keys of articles.outlet_attributes "
            + "(outlets.file, outlets.fields), or set framing.grains to [] to turn framing off");
      }
      positive("framing.min_units", framingMinUnits);
      framingVoice = framingVoice == null ? "all" : framingVoice;
      if (!List.of("all", "outlet", "actor").contains(framingVoice)) {
        throw new ConfigException("framing.voice must be all, outlet or actor but was '" + framingVoice + "'");
      }
      if (grains.isEmpty()) {
        throw new ConfigException("trends.grains is empty; give one or more of " + GRAINS);
      }
      for (String g : grains) {
        if (!GRAINS.contains(g)) {
          throw new ConfigException("trends.grains: unknown grain '" + g + "'; choose from " + GRAINS);
        }
      }
      positive("trends.evidence", evidence);
      positive("alerts.baseline_periods", baselinePeriods);
      positive("alerts.min_baseline_periods", minBaselinePeriods);
      if (minBaselinePeriods > baselinePeriods) {
        throw new ConfigException("alerts.min_baseline_periods (" + minBaselinePeriods
            + ") must not exceed alerts.baseline_periods (" + baselinePeriods + ")");
      }
      if (!(zThreshold > 0)) {
        throw new ConfigException("alerts.z_threshold must be > 0 but was " + zThreshold);
      }
      positive("alerts.min_count", minCount);
    }
  }

  public record TopicsConfig(boolean enabled, String engine, int k, int iterations, long seed, int seeds,
      double alphaSum, double beta, int optimizeInterval, int burnIn, double subsamplingRate, double minDocWeight,
      int topTerms, String model, String previousModel, double alignThreshold, List<String> trendGrains,
      String init, boolean warmStart, int localMaxTokens, boolean refit) implements Serializable {
    public static final List<String> GRAINS = List.of("day", "week", "month");

    /** Without {@code topics.refit} (false: a run applies the output folder's newest model). */
    public TopicsConfig(boolean enabled, String engine, int k, int iterations, long seed, int seeds,
        double alphaSum, double beta, int optimizeInterval, int burnIn, double subsamplingRate, double minDocWeight,
        int topTerms, String model, String previousModel, double alignThreshold, List<String> trendGrains,
        String init, boolean warmStart, int localMaxTokens) {
      this(enabled, engine, k, iterations, seed, seeds, alphaSum, beta, optimizeInterval, burnIn, subsamplingRate,
          minDocWeight, topTerms, model, previousModel, alignThreshold, trendGrains, init, warmStart, localMaxTokens,
          false);
    }

    /** The same settings applying the saved model at {@code path} ({@code topics.model}). */
    public TopicsConfig withModel(String path) {
      return new TopicsConfig(enabled, engine, k, iterations, seed, seeds, alphaSum, beta, optimizeInterval, burnIn,
          subsamplingRate, minDocWeight, topTerms, path, previousModel, alignThreshold, trendGrains, init, warmStart,
          localMaxTokens, refit);
    }

    /** With the default {@code topics.gibbs.local_max_tokens}. */
    public TopicsConfig(boolean enabled, String engine, int k, int iterations, long seed, int seeds,
        double alphaSum, double beta, int optimizeInterval, int burnIn, double subsamplingRate, double minDocWeight,
        int topTerms, String model, String previousModel, double alignThreshold, List<String> trendGrains,
        String init, boolean warmStart) {
      this(enabled, engine, k, iterations, seed, seeds, alphaSum, beta, optimizeInterval, burnIn, subsamplingRate,
          minDocWeight, topTerms, model, previousModel, alignThreshold, trendGrains, init, warmStart,
          (int) org.demarche.topics.GibbsLda.DEFAULT_LOCAL_MAX_TOKENS);
    }

    public TopicsConfig {
      trendGrains = List.copyOf(trendGrains);
      model = model == null ? "" : model.trim();
      previousModel = previousModel == null || previousModel.isBlank() ? "auto" : previousModel.trim();
      if (k < 2) {
        throw new ConfigException("topics.k must be at least 2 but was " + k);
      }
      positive("topics.iterations", iterations);
      positive("topics.seeds", seeds);
      if (!(alphaSum > 0) || !(beta > 0)) {
        throw new ConfigException("topics.gibbs.alpha_sum and topics.gibbs.beta must be > 0");
      }
      nonNegative("topics.gibbs.optimize_interval", optimizeInterval);
      nonNegative("topics.gibbs.local_max_tokens", localMaxTokens);
      nonNegative("topics.gibbs.burn_in", burnIn);
      if (!(subsamplingRate > 0 && subsamplingRate <= 1)) {
        throw new ConfigException("topics.online.subsampling_rate must be in (0, 1] but was " + subsamplingRate);
      }
      if (!(minDocWeight >= 0 && minDocWeight < 1)) {
        throw new ConfigException("topics.min_doc_weight must be in [0, 1) but was " + minDocWeight);
      }
      if (topTerms < 2) {
        throw new ConfigException("topics.top_terms must be at least 2 but was " + topTerms);
      }
      if (!(alignThreshold > 0 && alignThreshold <= 1)) {
        throw new ConfigException("topics.align_threshold must be in (0, 1] but was " + alignThreshold);
      }
      for (String g : trendGrains) {
        if (!GRAINS.contains(g)) {
          throw new ConfigException("topics.trend_grains: unknown grain '" + g + "'; choose from " + GRAINS);
        }
      }
      init = init == null || init.isBlank() ? "clusters" : init.trim();
      if (!INITS.contains(init)) {
        throw new ConfigException("topics.gibbs.init: unknown mode '" + init + "'; choose from " + INITS);
      }
    }

    public static final List<String> INITS = List.of("clusters", "random");

    /** A copy with another engine. */
    public TopicsConfig withEngine(String e) {
      return new TopicsConfig(enabled, e, k, iterations, seed, seeds, alphaSum, beta, optimizeInterval, burnIn,
          subsamplingRate, minDocWeight, topTerms, model, previousModel, alignThreshold, trendGrains, init, warmStart,
          localMaxTokens);
    }

    /** A copy with another {@code previousModel}. */
    public TopicsConfig withPreviousModel(String p) {
      return new TopicsConfig(enabled, engine, k, iterations, seed, seeds, alphaSum, beta, optimizeInterval, burnIn,
          subsamplingRate, minDocWeight, topTerms, model, p, alignThreshold, trendGrains, init, warmStart,
          localMaxTokens);
    }
  }

  public record OutputConfig(String path, String compression, boolean writeText) implements Serializable {
    public OutputConfig {
      if (path == null || path.isBlank()) {
        throw new ConfigException("output.path is empty: give --output DIR");
      }
    }
  }

  public record SparkConfig(String master, int shufflePartitions) implements Serializable {
    public SparkConfig {
      nonNegative("spark.shuffle_partitions", shufflePartitions);
    }
  }

  static void positive(String key, long v) {
    if (v <= 0) {
      throw new ConfigException(key + " must be > 0 but was " + v);
    }
  }

  static void nonNegative(String key, long v) {
    if (v < 0) {
      throw new ConfigException(key + " must be >= 0 but was " + v);
    }
  }
}
