package org.demarche.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TextStagesTest {
  static Dataset<Row> corpus() {
    String[] docs = new String[10];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = "Secretary John Kerry said the U.N. Security Council discussed chemical weapons in Syria's war. "
          + "Chemical weapons were used, Reuters reports; the Security Council met on Tuesday " + "x".repeat(i + 2)
          + ". Missile defense talks followed.";
    }
    return TextFixtures.strings("body", docs);
  }

  @Test
  void stagesInOrderWithDocumentedColumns() {
    List<PipelineStage> st = TextStages.stages(TextStages.Options.defaults());
    assertThat(st).extracting(s -> s.getClass().getSimpleName()).containsExactly("NewsTokenizer", "PhraseDetector",
        "Lemmatizer", "NewsStopWordsRemover", "CountVectorizer", "IDF");
    CountVectorizer cv = (CountVectorizer) st.get(4);
    assertThat(cv.getMinDF()).isEqualTo(5.0);
    assertThat(cv.getMaxDF()).isEqualTo(0.5);
    assertThat(cv.getVocabSize()).isEqualTo(1 << 18);
    assertThat(((IDF) st.get(5)).getOutputCol()).isEqualTo(TextStages.TFIDF);
    assertThat(TextStages.stages(TextStages.Options.defaults().withTfidf(false)))
        .extracting(s -> s.getClass().getSimpleName()).containsExactly("NewsTokenizer", "PhraseDetector",
            "Lemmatizer", "NewsStopWordsRemover");
  }

  @Test
  void pipelineFitsAndSurvivesPipelineModelRoundTrip() throws Exception {
    TextStages.Options o = TextStages.Options.defaults()
        .withProtectedPhrases(List.of("John Kerry", "Syria", "U.N. Security Council"));
    List<PipelineStage> st = TextStages.stages(o);
    assertThat(((PhraseDetector) st.get(1)).getProtectedPhrases()).containsExactly("john kerry", "un security council");
    // a repetitive corpus: every n-gram recurs in every document, so only the protected phrases may merge here
    // (learned phrases are tested in PhraseDetectorTest); relax vocabulary pruning (maxDF >= 1 is a count)
    ((PhraseDetector) st.get(1)).setMinCount(1000);
    st = new java.util.ArrayList<>(st.subList(0, 4));
    st.addAll(TfidfStages.stages(TextStages.TERMS, new TfidfStages.Options(1, 1000, 1000, 1)));
    Dataset<Row> df = corpus();
    PipelineModel pm = new Pipeline().setStages(st.toArray(new PipelineStage[0])).fit(df);
    Dataset<Row> out = pm.transform(df).orderBy("id");
    assertThat(out.columns()).containsExactly("id", "body", "_tokens", "_phrased", "_lemmas", "terms", "tf", "tfidf");
    List<String> terms = out.select("terms").first().getList(0);
    assertThat(terms).startsWith("secretary", "john_kerry", "un_security_council");
    assertThat(terms).contains("chemical", "weapon", "syria", "missile", "defense", "talks")
        .doesNotContain("said", "the", "reuters", "tuesday", "weapons");

    String path = Files.createTempDirectory("text-pm").resolve("pm").toString();
    pm.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertThat(loaded.stages()).extracting(s -> s.getClass().getSimpleName()).containsExactly("NewsTokenizer",
        "PhraseModel", "Lemmatizer", "NewsStopWordsRemover", "CountVectorizerModel", "IDFModel");
    assertThat(((PhraseModel) loaded.stages()[1]).phrases()).containsExactly(((PhraseModel) pm.stages()[1]).phrases());
    assertThat(loaded.transform(df).orderBy("id").select("terms", "tfidf").collectAsList())
        .isEqualTo(out.select("terms", "tfidf").collectAsList());
  }
}
