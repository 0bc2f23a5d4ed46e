#!/usr/bin/env python3
"""Candidate news-boilerplate stopwords: the terms with the highest document frequency in an AllSides file that are
not in Spark's English stopword list. The output is a list to curate by hand, not the list itself:
src/main/resources/org/demarche/text/stopwords_news_en.txt keeps reporting verbs, attribution, honorifics, agency
and furniture words, and drops topical words (president, government, obama, ...), even when they are frequent.

usage: python3 data/build/stopword_candidates.py ../shared/data/allsides_article_bias/allsides_2012-2014.jsonl.bz2 \
           SPARK_ENGLISH_STOPWORDS.txt [TOP]
The research-only corpus is read in place; nothing from it is written except term counts to stdout.
"""
import bz2, collections, json, re, sys

path, stop_path = sys.argv[1], sys.argv[2]
top = int(sys.argv[3]) if len(sys.argv) > 3 else 400
stop = {w.strip().replace("'", "") for w in open(stop_path, encoding="utf-8") if w.strip()}
tok = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
df, n = collections.Counter(), 0
with bz2.open(path, "rt", encoding="utf-8") as f:
    for line in f:
        text = (json.loads(line).get("text") or "").lower()
        n += 1
        terms = set()
        for t in tok.findall(text):
            t = re.sub(r"['\u2019]s$", "", t).replace("'", "").replace("\u2019", "")
            if len(t) >= 2 and t not in stop:
                terms.add(t)
        df.update(terms)
print(f"# {n} documents", file=sys.stderr)
for t, c in df.most_common(top):
    print(f"{t}\t{c}\t{c / n:.3f}")
