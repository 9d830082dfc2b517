#!/usr/bin/env python3
"""labelscore.py LABELLED.TSV PREDICTIONS.JSON [MIN_PRECISION]

Scores `parley detect --sentences --json` output against the hand labels of
tests/data/items/labelled.tsv: precision and recall per class (question,
promise), overall and per sample, as JSON on stdout. The predictions' "line"
is the 1-based line of the sentence in the file of sentences the test wrote
(one per labelled row, in order). Exit status 1 when a class's precision is
below MIN_PRECISION (default 0.8).
"""
import json
import sys


def main():
    args = sys.argv[1:]
    floor = float(args[2]) if len(args) > 2 else 0.8
    rows = []
    with open(args[0], encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            label, sample, source, sentence = line.rstrip("\n").split("\t")
            assert label in ("question", "promise", "none"), line
            rows.append((label, sample, source, sentence))
    pred = {r["line"]: r["kind"] for r in json.load(open(args[1], encoding="utf-8"))}
    out = {"sentences": len(rows)}
    ok = True
    for scope in ("all", "1", "2"):
        res = {}
        for k in ("question", "promise"):
            tp = fp = fn = 0
            for i, (label, sample, _, _) in enumerate(rows, 1):
                if scope != "all" and sample != scope:
                    continue
                p = pred.get(i, "none")
                tp += label == k and p == k
                fp += label != k and p == k
                fn += label == k and p != k
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            res[k] = {"labelled": tp + fn, "detected": tp + fp, "tp": tp, "fp": fp, "fn": fn,
                      "precision": round(prec, 3), "recall": round(rec, 3)}
            if scope == "all" and prec < floor:
                ok = False
        out[scope if scope == "all" else "sample" + scope] = res
    out["wrong"] = [{"line": i, "label": label, "got": pred.get(i, "none"), "sentence": s[:120]}
                    for i, (label, _, _, s) in enumerate(rows, 1) if pred.get(i, "none") != label]
    print(json.dumps(out, indent=1, ensure_ascii=False))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
