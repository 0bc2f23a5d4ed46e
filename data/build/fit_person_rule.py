#!/usr/bin/env python3
"""Fits the document-level person rule of DocumentActors (python3 standard library only, deterministic).

Input: the per-(document, person) features of the Reuters-21578 *dev* half (newid < 7696; never the test half),
written by

    java -cp "$(cat target/spark-classpath.txt):target/classes" org.demarche.eval.ActorEvaluation \
        ../shared/data --split=dev --dump-person-features=/tmp/person_features.tsv

Rows: newid, person actor id, gold (1 = the person maps to a gold people key of the document), doc_has_gold (1 = the
document has at least one gold person), then the features named in DocumentActors.PERSON_FEATURES; only persons that
map to a key of the Reuters people vocabulary are written (others are neither right nor wrong). Rows without features
are gold people no rule can find (no mention; most are documents without text).

Fit: L2-regularised logistic regression (Newton / IRLS) on the candidates of *all* dev documents. Unlike places,
Reuters assigns PEOPLE only when the person is central to the story, so a person mentioned in a document without gold
people is a true negative: that salience decision is what the rule learns. Cutoff: the probability that maximises dev
F1 over all dev documents (the primary figure). The script also prints a 5-fold cross-validated F1 (folds by document,
newid mod 5) for a few L2 strengths, as a check on overfitting; the shipped weights use L2 below. Output: "feature TAB
weight" lines and "cutoff TAB p", written to src/main/resources/org/demarche/actors/person_rule.tsv.

    python3 data/build/fit_person_rule.py /tmp/person_features.tsv [out.tsv] [--drop=feature,feature]

It also prints the mean F1 over 8 random 5-fold splits by document (seeds 0-7), a steadier estimate than the one split
by newid mod 5 (single splits move by about 0.01). --drop leaves features out (their weights are then 0), for
ablations: e.g. --drop=log_subject,log_object scores the rule without the subject/object counts; write such a rule to
a scratch file, not over the shipped one.
"""
import math
import os
import random
import sys

L2 = 10.0


# the Gaussian-elimination solver and the logistic function of the country rule's fit
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fit_country_rule import sigmoid, solve  # noqa: E402


def fit(train, d, l2):
    w = [0.0] * d
    for _ in range(50):
        g = [0.0] * d
        h = [[0.0] * d for _ in range(d)]
        for y, x in train:
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)))
            s = p * (1 - p)
            for i in range(d):
                g[i] += (p - y) * x[i]
                for j in range(d):
                    h[i][j] += s * x[i] * x[j]
        for i in range(1, d):  # no penalty on the bias
            g[i] += l2 * w[i]
            h[i][i] += l2
        step = solve(h, g)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def score(w, x):
    return sigmoid(sum(wi * xi for wi, xi in zip(w, x)))


def best_cutoff(scored, gold):
    """(F1, cutoff) maximising F1 over (probability, label) pairs; gold = all gold people incl. unreachable."""
    scored = sorted(scored, reverse=True)
    best = (0, 0.5)
    tp = fp = 0
    for i, (p, y) in enumerate(scored):
        tp += y
        fp += 1 - y
        if i + 1 < len(scored) and scored[i + 1][0] == p:
            continue
        f1 = 2 * tp / (2 * tp + fp + (gold - tp))
        if f1 > best[0]:
            best = (f1, p)
    return best


def f1_at(scored, gold, cutoff):
    tp = sum(y for p, y in scored if p >= cutoff)
    fp = sum(1 - y for p, y in scored if p >= cutoff)
    return 2 * tp / (2 * tp + fp + (gold - tp)) if tp else 0.0, tp, fp


def cross_validate(rows, d, l2, fold, missed):
    """(tp, fp) of 5-fold CV: fit on 4 folds (weights and cutoff), score the held-out fold at that cutoff."""
    tp = fp = 0
    for k in range(5):
        tr = [(y, x) for n, y, x in rows if fold[n] != k]
        te = [(y, x) for n, y, x in rows if fold[n] == k]
        w = fit(tr, d, l2)
        gold_tr = sum(y for y, _ in tr) + missed * 4 / 5.0
        _, cut = best_cutoff([(score(w, x), y) for y, x in tr], gold_tr)
        for y, x in te:
            if score(w, x) >= cut:
                tp += y
                fp += 1 - y
    return tp, fp


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--drop=")]
    drop = set()
    for a in sys.argv[1:]:
        if a.startswith("--drop="):
            drop.update(f for f in a[len("--drop="):].split(",") if f)
    src = args[0]
    out = args[1] if len(args) > 1 else "src/main/resources/org/demarche/actors/person_rule.tsv"
    with open(src, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        unknown = drop - set(header[4:])
        if unknown:
            sys.exit("unknown feature(s) to drop: %s" % ", ".join(sorted(unknown)))
        keep = [i for i, n in enumerate(header[4:]) if n not in drop]
        names = [header[4 + i] for i in keep]
        rows = []
        missed = 0
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 4:
                missed += 1
                continue
            x = [float(v) for v in p[4:]]
            rows.append((int(p[0]), int(p[2]), [x[i] for i in keep]))
    d = len(names)
    gold = sum(y for _, y, _ in rows) + missed
    docs = sorted(set(n for n, _, _ in rows))
    # 5-fold CV by document (newid mod 5)
    for l2 in (0.1, 1.0, 10.0):
        tp, fp = cross_validate(rows, d, l2, {n: n % 5 for n in docs}, missed)
        print("5-fold CV (L2 %-4g): F1 %.4f (tp %d, fp %d, fn %d)" % (l2, 2 * tp / (2 * tp + fp + gold - tp), tp, fp,
                                                                      gold - tp))
    # the same over 8 random splits by document
    f1s = []
    for seed in range(8):
        order = docs[:]
        random.Random(seed).shuffle(order)
        tp, fp = cross_validate(rows, d, L2, {n: i % 5 for i, n in enumerate(order)}, missed)
        f1s.append(2 * tp / (2 * tp + fp + gold - tp))
    print("5-fold CV (L2 %-4g), 8 random splits: mean F1 %.4f (min %.4f, max %.4f)" % (L2, sum(f1s) / len(f1s),
                                                                                    min(f1s), max(f1s)))
    w = fit([(y, x) for _, y, x in rows], d, L2)
    f1, cutoff = best_cutoff([(score(w, x), y) for _, y, x in rows], gold)
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Person rule of DocumentActors: logistic weights and probability cutoff.\n")
        f.write("# Generated by data/build/fit_person_rule.py from Reuters-21578 dev-half features; do not edit.\n")
        for n, wi in zip(names, w):
            f.write("%s\t%.6f\n" % (n, wi))
        f.write("cutoff\t%.6f\n" % cutoff)
    print("candidates %d, gold people %d (%d without any mention)" % (len(rows), gold, missed))
    print("dev F1 (all docs) at cutoff %.4f: %.4f" % (cutoff, f1))
    for n, wi in zip(names, w):
        print("  %-20s %8.4f" % (n, wi))


if __name__ == "__main__":
    main()
