package org.demarche.eval;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import org.demarche.cli.SharedOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demarche train}: fit the models that ship in the jar, reproducibly. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Fit a model that ships in the jar, reproducibly (same data and seed, same model).",
    subcommands = {TrainCommand.Stance.class})
public final class TrainCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name what to train, e.g. 'demarche train stance'");
  }

  @Command(
      name = "stance",
      mixinStandardHelpOptions = true,
      description = {
        "Fit the targeted-tone model (TargetFeaturizer + multinomial LogisticRegression) on the 80%% training part of",
        "a seeded, sentence-level split of the NewsMTSC train file, save it as a Spark PipelineModel with a",
        "MANIFEST.txt, and print lexicon and model figures on the held-out 20%%. The shipped model is",
        "'demarche train stance --output src/main/resources/org/demarche/stance/model/targeted_tone'."
      })
  public static final class Stance implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE",
        description = "NewsMTSC train file, JSON Lines, optionally gzipped (default: " + SharedData.NEWSMTSC_TRAIN
            + " in the shared data)")
    String input;

    @Option(names = "--shared-data", paramLabel = "DIR",
        description = "Folder the default --input is in. Default: $DEMARCHE_SHARED_DATA, else ../shared/data")
    Path sharedData;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
        description = "Folder to write the model to (replaced)")
    String output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "Seed of the 80/20 split and of training (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--embedding-corpus", paramLabel = "DIR", defaultValue = "none",
        description = "Experimental: folder of the UN General Debate speeches (ungdc_speeches_*.jsonl.bz2, CC0;"
            + " ungdc/ in the shared data) to train word vectors on, with the 80%% part's sentences, for extra"
            + " embedding features (TargetEmbedder). The shipped model has none (default: ${DEFAULT-VALUE})")
    String embeddingCorpus;

    @Mixin SharedOptions.Master master;

    @Override
    public Integer call() {
      CommandLine cl = spec.commandLine();
      String input = this.input != null ? this.input
          : EvaluateCommand.sharedData(cl, sharedData, SharedData.NEWSMTSC_TRAIN).resolve(SharedData.NEWSMTSC_TRAIN)
              .toString();
      Path in = Paths.get(input);
      if (!Files.isRegularFile(in)) {
        throw new CommandLine.ParameterException(cl, "--input " + input + ": no such file; give the NewsMTSC "
            + "train JSON Lines file (" + SharedData.NEWSMTSC_TRAIN + " in the shared data)");
      }
      StanceTrainer.Embedding emb = StanceTrainer.Embedding.NONE;
      if (!embeddingCorpus.equals("none")) {
        Path dir = Paths.get(embeddingCorpus);
        emb = StanceTrainer.Embedding.defaults(dir);
        for (Path f : emb.corpus()) {
          if (!Files.isRegularFile(f)) {
            throw new CommandLine.ParameterException(cl, "--embedding-corpus " + embeddingCorpus + ": no " + f
                + "; give the folder of the UNGDC JSON Lines files (ungdc/ in the shared data) or 'none'");
          }
        }
      }
      org.demarche.config.JobConfig cfg = new org.demarche.config.ConfigLoader().build(master.get());
      org.apache.spark.sql.SparkSession spark = org.demarche.pipeline.Sessions.create(cfg);
      org.demarche.pipeline.Sessions.configure(spark, cfg);
      long t0 = System.nanoTime();
      PrintWriter out = cl.getOut();
      out.println(StanceTrainer.train(spark, in, seed, Paths.get(output),
          StanceTrainer.Settings.DEFAULT, emb));
      out.printf("model written to %s in %.1f s%n", output, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
  }
}
