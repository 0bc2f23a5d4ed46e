package org.demarche.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.demarche.config.ConfigException;
import org.demarche.testing.JobRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFolderTest {
  @TempDir Path tmp;
  private final Configuration conf = new Configuration();

  @Test
  void anOutputInsideAnInputOrHoldingOneIsRefused() {
    String in = tmp.resolve("corpus").toString();
    assertThatThrownBy(() -> OutputFolder.checkNoOverlap(List.of(in), in, conf))
        .isInstanceOf(ConfigException.class).hasMessageContaining("is inside --input");
    assertThatThrownBy(() -> OutputFolder.checkNoOverlap(List.of(in), in + "/out", conf))
        .isInstanceOf(ConfigException.class).hasMessageContaining("fix:");
    assertThatThrownBy(() -> OutputFolder.checkNoOverlap(List.of(in + "/2013/*.jsonl"), in + "/2013", conf))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> OutputFolder.checkNoOverlap(List.of(tmp.resolve("out/articles").toString()),
        tmp.resolve("out").toString(), conf)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("is inside --output");
    // siblings and prefixes that are not parents are fine
    assertThatCode(() -> OutputFolder.checkNoOverlap(List.of(in, in + "2/x.jsonl"), tmp.resolve("corpus-out")
        .toString(), conf)).doesNotThrowAnyException();
    assertThat(OutputFolder.globBase("/data/news/2013/*.jsonl")).isEqualTo("/data/news/2013");
    assertThat(OutputFolder.globBase("/data/news/{a,b}/x")).isEqualTo("/data/news");
  }

  @Test
  void aSecondRunIntoALockedFolderFailsWithTheHolderAndAGoneRunsLockIsTakenOver() throws Exception {
    String out = tmp.resolve("out").toString();
    try (OutputFolder first = OutputFolder.lock(out, "r_first", conf)) {
      assertThatThrownBy(() -> OutputFolder.lock(out, "r_second", conf))
          .isInstanceOf(ConfigException.class).hasMessageContaining("r_first").hasMessageContaining("_demarche.lock");
    }
    // released: the next run takes it
    OutputFolder.lock(out, "r_third", conf).close();
    assertThat(tmp.resolve("out/_demarche.lock")).doesNotExist();

    // a lock left by a killed process on this host
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    String host = InetAddress.getLocalHost().getHostName();
    Files.writeString(tmp.resolve("out/_demarche.lock"), host + " " + p.pid() + " r_killed 2013-05-07T00:00:00Z");
    try (OutputFolder taken = OutputFolder.lock(out, "r_after", conf)) {
      assertThat(Files.readString(tmp.resolve("out/_demarche.lock"))).contains("r_after");
    }
  }

  @Test
  void theJobRefusesAnOutputInsideItsInput() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("a.jsonl"), "{\"id\":\"a\",\"date\":\"2013-05-07\",\"text\":\"Talks in Geneva.\"}\n");
    assertThatThrownBy(() -> JobRuns.run(Map.of("input.paths", in.toString(), "output.path",
        in.resolve("out").toString()))).isInstanceOf(ConfigException.class).hasMessageContaining("--output");
    assertThat(in.resolve("out")).doesNotExist();
  }
}
