package org.demarche.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.demarche.actors.ActorDictionary;
import org.demarche.actors.ActorDictionaryException;
import org.demarche.cli.SharedOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code demarche evaluate}: scores a component against gold data in the shared research corpora (read in place).
 * Subcommands: {@code actors} (later: {@code topics}, {@code stance}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Score a component against gold data (research-only corpora, read in place from --shared-data).",
    subcommands = {EvaluateCommand.Actors.class, EvaluateCommand.Topics.class, EvaluateCommand.Stance.class,
        EvaluateCommand.Threads.class, EvaluateCommand.Framing.class})
public final class EvaluateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing component: try 'demarche evaluate actors --help'");
  }

  /**
   * The shared-data folder ({@link SharedData#resolve}: the option, else {@code $DEMARCHE_SHARED_DATA}, else
   * {@code ../shared/data}); a usage error (exit 2) naming both when there is none. {@code what}: what it must hold.
   */
  static Path sharedData(CommandLine cl, Path option, String what) {
    try {
      return SharedData.resolve(option, what);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  /** {@code demarche evaluate actors}. */
  @Command(
      name = "actors",
      mixinStandardHelpOptions = true,
      description = {
        "Score the actor matcher: Reuters-21578 document-level countries and people (P/R/F1 on the split),",
        "CoNLL-2003 eng.testa span precision and country recall, and the seed-article fixture.",
        "Reuters is split by newid: dev < 7696 <= test. Errors are taken from dev (from test with --split test)."
      })
  public static final class Actors implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--shared-data", paramLabel = "DIR",
        description = "Folder with reuters21578/ and conll2003/. Default: $DEMARCHE_SHARED_DATA, else ../shared/data")
    Path sharedData;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "dev",
        description = "Reuters half to score: dev, test or all (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--errors", paramLabel = "N", defaultValue = "0",
        description = "Print the N most frequent errors per category, each with an example (default: 0)")
    int errors;

    @Option(names = "--dictionary", paramLabel = "PATH",
        description = "User actor file (.tsv, .csv, .yaml) added to the built-in dictionary")
    Path dictionary;

    @Option(names = "--conll-file", paramLabel = "PATH",
        description = "CoNLL-2003 file to score instead of conll2003/eng.testa.gz (relative paths may be under the "
            + "shared data), e.g. conll2003/eng.train.gz as a check held out from rule tuning")
    Path conllFile;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", hidden = true,
        description = "Score at most N Reuters documents and N CoNLL sentences (0 = all)")
    int limit;

    @Mixin SharedOptions.Master master;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      ActorEvaluation.Options o = new ActorEvaluation.Options();
      o.sharedData = sharedData(cl, sharedData, "reuters21578/ and conll2003/");
      try {
        o.split = ActorEvaluation.Split.valueOf(split.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, "--split: '" + split + "' is not one of dev, test, all");
      }
      if (errors < 0 || limit < 0) {
        throw new CommandLine.ParameterException(cl, "--errors and --limit must be >= 0");
      }
      o.errors = errors;
      o.limit = limit;
      o.conllFile = conllFile;
      o.master = master.get();
      for (String need : new String[] {"reuters21578/reuters21578_lewis_train_and_notused.jsonl.gz",
          conllFile == null ? "conll2003/eng.testa.gz" : null}) {
        if (need != null && !Files.isRegularFile(o.sharedData.resolve(need))) {
          throw new CommandLine.ParameterException(cl, "--shared-data " + o.sharedData + " lacks " + need);
        }
      }
      if (conllFile != null && !Files.isRegularFile(ActorEvaluation.conllFile(o))) {
        throw new CommandLine.ParameterException(cl, "--conll-file: " + ActorEvaluation.conllFile(o)
            + " does not exist");
      }
      if (dictionary != null) {
        if (!Files.isRegularFile(dictionary)) {
          throw new CommandLine.ParameterException(cl, "--dictionary: " + dictionary + " does not exist");
        }
        try {
          ActorDictionary.cached(dictionary.toString());
        } catch (ActorDictionaryException e) {
          throw new CommandLine.ParameterException(cl, "--dictionary: " + e.getMessage());
        }
        o.dictionaryPath = dictionary.toString();
      }
      PrintWriter out = cl.getOut();
      try {
        ActorEvaluation.print(ActorEvaluation.run(o), o, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code demarche evaluate topics}. */
  @Command(
      name = "topics",
      mixinStandardHelpOptions = true,
      description = {
        "Fit topic engines on a corpus (the job's ingest, clean and text stages) and print, per engine, fit time,",
        "mean NPMI and UMass of the top terms, diversity and peak heap; optionally MALLET on the same tokens, seed",
        "stability and the share of topic ids kept by a refit on the corpus plus new documents.",
        "Settings (k, iterations, seed, text pruning) come from --config/--set as for 'run'."
      })
  public static final class Topics implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "PATH", required = true,
        description = "File, folder or glob to read; repeatable")
    java.util.List<String> inputs;

    @Mixin SharedOptions.Config config;

    @Option(names = "--engines", paramLabel = "LIST", split = ",", defaultValue = "gibbs,online",
        description = "Engines to fit, in order (default: ${DEFAULT-VALUE})")
    java.util.List<String> engines;

    @Option(names = "--mallet", description = "Also fit MALLET on the same tokens (needs MALLET on the classpath: "
        + "bench/topics.sh)")
    boolean mallet;

    @Option(names = "--mallet-iterations", paramLabel = "N", defaultValue = "0",
        description = "MALLET's iterations (default: topics.iterations)")
    int malletIterations;

    @Option(names = "--mallet-threads", paramLabel = "N", defaultValue = "2",
        description = "MALLET's sampling threads (default: ${DEFAULT-VALUE}, the machine's 2 cores). MALLET 2.0.8 "
            + "polls its workers 10 ms after starting them; on a busy machine a worker may not have started yet, "
            + "its counts get merged twice and estimate() fails with ArrayIndexOutOfBoundsException. Run the "
            + "timed comparison on an idle machine, or use 1 thread for quality-only comparisons")
    int malletThreads;

    @Option(names = "--seeds", paramLabel = "R", defaultValue = "1",
        description = "Fit the Gibbs engine with R seeds and print topic stability (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--refit-new-share", paramLabel = "F", defaultValue = "0",
        description = "Fit Gibbs on the corpus without a share F/(1+F) of documents, align the full fit to it and "
            + "print the share of topic ids kept (e.g. 0.1; default: off)")
    double refitNewShare;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
        description = "Read at most N documents (0 = all)")
    int limit;

    @Mixin SharedOptions.Master master;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      for (String e : engines) {
        if (!e.equals("gibbs") && !e.equals("online")) {
          throw new CommandLine.ParameterException(cl, "--engines: '" + e + "' is not gibbs or online");
        }
      }
      if (seeds < 1 || limit < 0 || refitNewShare < 0 || refitNewShare >= 1 || malletThreads < 1) {
        throw new CommandLine.ParameterException(cl,
            "--seeds and --mallet-threads must be >= 1, --limit >= 0 and --refit-new-share in [0, 1)");
      }
      if ((seeds > 1 || refitNewShare > 0) && !engines.contains("gibbs")) {
        throw new CommandLine.ParameterException(cl, "--seeds and --refit-new-share need gibbs in --engines");
      }
      org.demarche.config.ConfigLoader loader = config.loader()
          .option(org.demarche.config.ConfigKeys.INPUT_PATHS, inputs);
      org.demarche.config.JobConfig cfg = loader.build(master.get());
      java.util.List<String> local = cfg.input().paths().stream()
          .filter(p -> !p.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || p.startsWith("file:")).toList();
      if (!local.isEmpty()) {
        org.demarche.ingest.InputFiles.expand(local, cfg.input().format(), new org.apache.hadoop.conf.Configuration());
      }
      org.apache.spark.sql.SparkSession spark = org.demarche.pipeline.Sessions.create(cfg);
      org.demarche.pipeline.Sessions.configure(spark, cfg);
      PrintWriter out = cl.getOut();
      org.demarche.pipeline.TopicEvaluation.run(spark, cfg,
          new org.demarche.pipeline.TopicEvaluation.Options(engines, mallet, malletIterations, malletThreads,
              seeds, refitNewShare, limit), out);
      return 0;
    }
  }

  @Command(
      name = "stance",
      mixinStandardHelpOptions = true,
      description = {
        "Print the stance bars: NewsMTSC targeted sentiment (3-class macro-F1 of the lexicon and of the tone model on",
        "the held-out 20% of a seeded split), PETRARCH unit-test records (source/target pair at country level,",
        "QuadClass, exact code; with the validation verb dictionary and with the shipped CAMEO 2.0 one), and the",
        "stances of the RT seed article with their evidence sentences."
      })
  public static final class Stance implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--shared-data", paramLabel = "DIR",
        description = "Folder the default --newsmtsc and --petrarch are in. Default: $DEMARCHE_SHARED_DATA, else "
            + "../shared/data")
    Path sharedData;

    @Option(names = "--newsmtsc", paramLabel = "FILE",
        description = "NewsMTSC train file (default: " + SharedData.NEWSMTSC_TRAIN + " in the shared data); 'none' to "
            + "skip")
    String newsmtsc;

    @Option(names = "--petrarch", paramLabel = "DIR",
        description = "Folder with unit_tests/ and dictionaries/ (default: " + SharedData.PETRARCH + "/ in the shared "
            + "data); 'none' to skip")
    String petrarch;

    @Option(names = "--seed-article", paramLabel = "FILE",
        defaultValue = "data/sample/rt.com/rt_2013-05-07_russia-us-syria-conference.txt",
        description = "A text page to show stances for (default: ${DEFAULT-VALUE}); 'none' to skip")
    String seedArticle;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "42",
        description = "Seed of the NewsMTSC 80/20 split (default: ${DEFAULT-VALUE}; the shipped model used 42)")
    long splitSeed;

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "builtin",
        description = "Tone model: builtin or a folder written by 'demarche train stance' (default: ${DEFAULT-VALUE})")
    String model;

    @Mixin SharedOptions.Master master;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      PrintWriter out = cl.getOut();
      org.demarche.config.ConfigLoader loader = new org.demarche.config.ConfigLoader()
          .option(org.demarche.config.ConfigKeys.STANCE_TONE_MODEL, model);
      org.demarche.config.JobConfig cfg = loader.build(master.get());
      org.demarche.pipeline.StanceSteps.check(cfg.stance());
      String newsmtsc = this.newsmtsc;
      String petrarch = this.petrarch;
      if (sharedData != null || newsmtsc == null || petrarch == null) {
        Path shared = sharedData(cl, sharedData, SharedData.NEWSMTSC_TRAIN + " and " + SharedData.PETRARCH + "/");
        newsmtsc = newsmtsc != null ? newsmtsc : shared.resolve(SharedData.NEWSMTSC_TRAIN).toString();
        petrarch = petrarch != null ? petrarch : shared.resolve(SharedData.PETRARCH).toString();
      }
      for (String f : new String[] {newsmtsc, seedArticle}) {
        if (!f.equals("none") && !java.nio.file.Files.isRegularFile(java.nio.file.Paths.get(f))) {
          throw new CommandLine.ParameterException(cl, "no file " + f + "; give the path or 'none' to skip");
        }
      }
      if (!petrarch.equals("none")
          && !java.nio.file.Files.isDirectory(java.nio.file.Paths.get(petrarch, "unit_tests"))) {
        throw new CommandLine.ParameterException(cl, "--petrarch " + petrarch + ": no unit_tests/ folder there");
      }
      org.apache.spark.sql.SparkSession spark = org.demarche.pipeline.Sessions.create(cfg);
      org.demarche.pipeline.Sessions.configure(spark, cfg);
      String tonePath = model.equals("builtin") ? org.demarche.stance.tone.TargetedToneModel.builtinPath(spark) : model;
      org.apache.spark.ml.PipelineModel tone = model.equals("builtin")
          ? org.demarche.stance.tone.TargetedToneModel.builtin(spark) : org.apache.spark.ml.PipelineModel.load(model);
      if (!newsmtsc.equals("none")) {
        long t0 = System.nanoTime();
        out.println("== NewsMTSC targeted sentiment (" + newsmtsc + ")");
        out.println(StanceEvaluation.newsMtsc(spark, java.nio.file.Paths.get(newsmtsc),
            splitSeed, tone));
        out.println(StanceEvaluation.documentTone(org.demarche.stance.tone.NewsMtsc.read(
            java.nio.file.Paths.get(newsmtsc))));
        out.printf("(%.1f s)%n%n", (System.nanoTime() - t0) / 1e9);
        out.flush();
      }
      if (!petrarch.equals("none")) {
        java.nio.file.Path xml = java.nio.file.Paths.get(petrarch, "unit_tests", "PETR.UnitTest.records.xml");
        java.nio.file.Path dicts = java.nio.file.Paths.get(petrarch, "dictionaries");
        out.println("== PETRARCH unit-test records");
        out.println(PetrarchEvaluation.run(xml, dicts, "PETR.Validate.verbs.txt").table());
        out.println(PetrarchEvaluation.run(xml, dicts, "").table());
        out.flush();
      }
      if (!seedArticle.equals("none")) {
        out.println("== Stances in " + seedArticle);
        StanceEvaluationRun.seed(spark, cfg, java.nio.file.Paths.get(seedArticle), tonePath, out);
      }
      return 0;
    }
  }

  /** {@code demarche evaluate threads}. */
  @Command(
      name = "threads",
      mixinStandardHelpOptions = true,
      description = {
        "Score story threads against AllSides labels: thread counts by size, purity (share of the articles in",
        "threads of 3+ that share the thread's majority AllSides topic; bar 0.90) and reach (share of threads of 3+",
        "spanning two or more of AllSides' left/center/right outlet labels; bar 0.30).",
        "With --output: the articles.thread_id a run wrote. With --input: the job's phases up to the text features",
        "run once, and the thread rules are scored for each combination of --similarities, --actor-weights and",
        "--spans (tuning; quote the --output figures)."
      })
  public static final class Threads implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder of a run to score")
    String output;

    @Option(names = {"-i", "--input"}, paramLabel = "PATH",
        description = "AllSides files to prepare and tune on; repeatable")
    java.util.List<String> inputs;

    @Option(names = "--shared-data", paramLabel = "DIR",
        description = "Folder with allsides_article_bias/. Default: $DEMARCHE_SHARED_DATA, else ../shared/data")
    Path sharedData;

    @Option(names = "--similarities", paramLabel = "LIST", split = ",",
        description = "threads.min_similarity values to try with --input (default: its configured value)")
    java.util.List<Double> similarities;

    @Option(names = "--actor-weights", paramLabel = "LIST", split = ",",
        description = "threads.actor_weight values to try with --input (default: its configured value)")
    java.util.List<Double> actorWeights;

    @Option(names = "--spans", paramLabel = "LIST", split = ",",
        description = "threads.max_span_days values to try with --input (default: its configured value)")
    java.util.List<Integer> spans;

    @Option(names = "--link-shares", paramLabel = "LIST", split = ",",
        description = "threads.min_link_share values to try with --input (default: its configured value)")
    java.util.List<Double> linkShares;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "0",
        description = "With --input: print N threads of 3+ whose articles carry more than one AllSides topic")
    int examples;

    @Mixin SharedOptions.Config config;

    @Mixin SharedOptions.Master master;

    @Override
    public Integer call() throws Exception {
      CommandLine cl = spec.commandLine();
      if ((output == null) == (inputs == null || inputs.isEmpty())) {
        throw new CommandLine.ParameterException(cl, "give either --output DIR (score a run) or --input PATH "
            + "(tune the rules)");
      }
      Path shared = sharedData(cl, sharedData, "allsides_article_bias/");
      Path allsides = shared.resolve("allsides_article_bias");
      if (!Files.isDirectory(allsides)) {
        throw new CommandLine.ParameterException(cl, "no allsides_article_bias/ under " + shared);
      }
      org.demarche.config.ConfigLoader loader = config.loader();
      if (inputs != null) {
        loader = loader.option(org.demarche.config.ConfigKeys.INPUT_PATHS, inputs)
            .sets(java.util.Map.of("stance.enabled", "false", "topics.enabled", "false"));
      }
      org.demarche.config.JobConfig cfg = loader.build(master.get());
      org.apache.spark.sql.SparkSession spark = org.demarche.pipeline.Sessions.create(cfg);
      org.demarche.pipeline.Sessions.configure(spark, cfg);
      PrintWriter out = cl.getOut();
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> labels =
          ThreadScores.allSidesLabels(spark, allsides.toString());
      if (output != null) {
        ThreadScores.score(org.demarche.output.OutputTables.ARTICLES.read(spark, output)
            .select("doc_id", "thread_id"), labels).print(out, "threads in " + output);
      } else {
        org.demarche.config.JobConfig.ThreadsConfig t = cfg.threads();
        org.demarche.pipeline.ThreadEvaluation.run(spark, cfg, labels,
            new org.demarche.pipeline.ThreadEvaluation.Grid(
                similarities != null ? similarities : java.util.List.of(t.minSimilarity()),
                actorWeights != null ? actorWeights : java.util.List.of(t.actorWeight()),
                spans != null ? spans : java.util.List.of(t.maxSpanDays()),
                linkShares != null ? linkShares : java.util.List.of(t.minLinkShare()), examples), out);
      }
      return 0;
    }
  }

  /** {@code demarche evaluate framing}. */
  @Command(
      name = "framing",
      mixinStandardHelpOptions = true,
      description = {
        "Known-framing sanity check on the framing table a run wrote (grain month): for each month in a range with",
        "at least --min-units tone units toward the actor on both sides, whether the mean tone of the --low group is",
        "below the --high group's. Defaults: Donald Trump, 2017-02 to 2020-03, left below right (bar: 80% of months),",
        "and Barack Obama, 2013-01 to 2016-12, right below left. Needs framing.groups holding --group-key (e.g.",
        "--set outlets.fields=lean=bias_text --set framing.groups=outlet,lean on the AllSides run)."
      })
  public static final class Framing implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Output folder of a run")
    String output;

    @Option(names = "--group-key", paramLabel = "KEY", defaultValue = "lean",
        description = "framing.groups key whose values are compared (default: ${DEFAULT-VALUE})")
    String groupKey;

    @Option(names = "--min-units", paramLabel = "N", defaultValue = "20",
        description = "Least tone units on each side for a month to count (default: ${DEFAULT-VALUE})")
    int minUnits;

    @Option(names = "--check", paramLabel = "ACTOR:FROM:TO:LOW:HIGH", split = ";",
        defaultValue = "DONALD_TRUMP:2017-02:2020-03:left:right;BARACK_OBAMA:2013-01:2016-12:right:left",
        description = "Checks: actor id, first and last month, the group expected lower and higher "
            + "(default: ${DEFAULT-VALUE})")
    java.util.List<String> checks;

    @Mixin SharedOptions.Master master;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      org.demarche.config.JobConfig cfg = new org.demarche.config.ConfigLoader()
          .option(org.demarche.config.ConfigKeys.OUTPUT_PATH, output).build(master.get());
      org.apache.spark.sql.SparkSession spark = org.demarche.pipeline.Sessions.create(cfg);
      org.demarche.pipeline.Sessions.configure(spark, cfg);
      PrintWriter out = cl.getOut();
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> f = org.demarche.output.OutputTables.FRAMING
          .read(spark, output).where(org.apache.spark.sql.functions.col("grain").equalTo("month")
              .and(org.apache.spark.sql.functions.col("group_key").equalTo(groupKey))
              .and(org.apache.spark.sql.functions.col("target_type").equalTo("actor")))
          .select("target_id", "period_start", "group_value", "mean", "n").cache();
      for (String c : checks) {
        String[] p = c.split(":");
        if (p.length != 5) {
          throw new CommandLine.ParameterException(cl, "--check: '" + c + "' is not ACTOR:FROM:TO:LOW:HIGH");
        }
        java.util.Map<String, double[]> low = new java.util.TreeMap<>();
        java.util.Map<String, double[]> high = new java.util.TreeMap<>();
        for (org.apache.spark.sql.Row r : f.where(org.apache.spark.sql.functions.col("target_id").equalTo(p[0]))
            .collectAsList()) {
          String month = r.getDate(1).toString().substring(0, 7);
          if (month.compareTo(p[1]) < 0 || month.compareTo(p[2]) > 0 || r.isNullAt(3)) {
            continue;
          }
          if (r.getString(2).equals(p[3])) {
            low.put(month, new double[] {r.getDouble(3), r.getLong(4)});
          } else if (r.getString(2).equals(p[4])) {
            high.put(month, new double[] {r.getDouble(3), r.getLong(4)});
          }
        }
        out.printf("%s: mean tone by month, %s (expected lower) vs %s; months with >= %d units on both sides%n",
            p[0], p[3], p[4], minUnits);
        out.printf("  %-8s %8s %6s %8s %6s  %s%n", "month", p[3], "n", p[4], "n", "holds");
        int months = 0;
        int holds = 0;
        for (String m : low.keySet()) {
          double[] a = low.get(m);
          double[] b = high.get(m);
          if (b == null || a[1] < minUnits || b[1] < minUnits) {
            continue;
          }
          months++;
          boolean ok = a[0] < b[0];
          holds += ok ? 1 : 0;
          out.printf("  %-8s %8.3f %6d %8.3f %6d  %s%n", m, a[0], (long) a[1], b[0], (long) b[1], ok ? "yes" : "no");
        }
        out.printf("  %s: %d of %d months (%.0f%%; bar 80%%)%n%n", p[0], holds, months,
            months == 0 ? 0.0 : 100.0 * holds / months);
      }
      out.flush();
      return 0;
    }
  }
}
