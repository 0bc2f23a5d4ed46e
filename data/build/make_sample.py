#!/usr/bin/env python3
"""Builds the bundled sample corpus in data/sample/ from the shared, CC0 UN General Debate corpus.

Deterministic: the same shared files give the same sample. Run from the repository root:
    python3 data/build/make_sample.py
"""
import bz2, json, random, glob, os

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "ungdc")
OUT = os.path.join(os.path.dirname(__file__), "..", "sample", "ungdc", "ungdc_sample.jsonl.bz2")
KEY_2013 = ["USA", "RUS", "CHN", "GBR", "FRA", "SYR", "IRN", "ISR", "TUR", "DEU", "UKR", "SAU", "EGY", "QAT",
            "JOR", "LBN", "IRQ", "IND", "BRA", "JPN"]
YEARS = [1970, 1980, 1990, 2000, 2005, 2010, 2015, 2020, 2022, 2024]
PER_YEAR = 22

docs = []
for f in sorted(glob.glob(os.path.join(SHARED, "ungdc_speeches_*.jsonl.bz2"))):
    with bz2.open(f, "rt", encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line))

by_year = {}
for d in docs:
    by_year.setdefault(d["year"], []).append(d)

rng = random.Random(20130507)
chosen = []
y2013 = sorted(by_year[2013], key=lambda d: d["iso3"])
key = [d for d in y2013 if d["iso3"] in KEY_2013]
rest = [d for d in y2013 if d["iso3"] not in KEY_2013]
chosen += key + rng.sample(rest, 20)
for y in YEARS:
    pool = sorted(by_year[y], key=lambda d: d["iso3"])
    always = [d for d in pool if d["iso3"] in ("USA", "RUS", "CHN", "SYR")]
    others = [d for d in pool if d not in always]
    chosen += always + rng.sample(others, PER_YEAR - len(always))

chosen.sort(key=lambda d: (d["year"], d["iso3"]))
with bz2.open(OUT, "wt", encoding="utf-8") as out:
    for d in chosen:
        rec = {
            "doc_id": d["doc_id"],
            "outlet": "UN General Debate",
            "date": str(d["year"]),
            "title": f"{d['country']}: statement in the General Debate, session {d['session']} ({d['year']})",
            "text": d["text"],
            "iso3": d["iso3"],
            "country": d["country"],
            "session": d["session"],
            "year": d["year"],
            "speaker": d.get("speaker") or "",
            "post": d.get("post") or "",
        }
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
print(f"wrote {len(chosen)} speeches to {OUT}")
