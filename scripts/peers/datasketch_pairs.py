#!/usr/bin/env python3
"""The peer a user would pick for near-duplicate sentences: datasketch's MinHash LSH (PyPI).

Inputs: the analysis JSON of a corpus (`duibi analyze --json`) and the comparison JSON of the same
corpus (`duibi compare --json`: beyond 12 reports its nearest search, which at 300 reports keeps every
pair of its exact search — `duibi bench --reports 300 --recall`). Every sentence of 8+ characters goes
into a MinHashLSH index, as duibi's pairing sees it: punctuation and spaces dropped, digits folded
to one digit, character bigrams as the shingles (duibi's features are the same bigrams, TF-IDF
weighted, with unigrams at half weight). Then each sentence queries the index for its candidates.

Measured: recall — the share of duibi's pairs (a sentence and its best partner in another
report, cosine >= the threshold) whose partner is among the LSH candidates of the sentence — and
the time to build the index and run every query. LSH only proposes candidates; scoring them and
keeping the best is left out of its time, which favours the peer.

LSH estimates Jaccard similarity, duibi's threshold is a cosine. The same number (0.25) is run
first, as the issue asks; lower Jaccard thresholds follow, to show what recall costs in
candidates and time.

    python3 scripts/peers/datasketch_pairs.py analysis.json comparison.json [--perm 128]
Prints one JSON line per threshold.
"""

import json
import sys
import time
import unicodedata

from datasketch import MinHash, MinHashLSH

# The same sentences as the difflib peer reads (the analysis's own, else split after 。！？；).
from difflib_compare import sentences_of

MIN_CHARS = 8


def fold(text):
    out = []
    for c in text:
        if c.isspace() or unicodedata.category(c).startswith("P"):
            continue
        out.append("0" if c.isdigit() else c)
    return "".join(out)


def main():
    args = sys.argv[1:]
    perm = 128
    if "--perm" in args:
        i = args.index("--perm")
        perm = int(args[i + 1])
        del args[i:i + 2]
    analysis = json.load(open(args[0], encoding="utf-8"))
    comparison = json.load(open(args[1], encoding="utf-8"))

    # (report, text) of every sentence, once.
    keys = []
    seen = set()
    for r, report in enumerate(analysis["reports"]):
        for passage in report.get("passages", []):
            for s in sentences_of(passage):
                s = s.strip()
                if len(fold(s)) < MIN_CHARS or (r, s) in seen:
                    continue
                seen.add((r, s))
                keys.append((r, s))
    index_of = {k: i for i, k in enumerate(keys)}
    pairs = [
        (index_of.get((p["a"]["report"], p["a"]["text"].strip())),
         index_of.get((p["b"]["report"], p["b"]["text"].strip())))
        for p in comparison["pairs"]
    ]
    unmatched = sum(1 for a, b in pairs if a is None or b is None)
    pairs = [(a, b) for a, b in pairs if a is not None and b is not None]

    started = time.perf_counter()
    hashes = []
    for _, text in keys:
        t = fold(text)
        m = MinHash(num_perm=perm)
        m.update_batch([t[i:i + 2].encode("utf-8") for i in range(len(t) - 1)])
        hashes.append(m)
    hashing = time.perf_counter() - started

    for threshold in (0.25, 0.15, 0.1):
        started = time.perf_counter()
        lsh = MinHashLSH(threshold=threshold, num_perm=perm)
        for i, m in enumerate(hashes):
            lsh.insert(i, m)
        candidates = [set(lsh.query(m)) for m in hashes]
        seconds = hashing + time.perf_counter() - started
        found = sum(1 for a, b in pairs if b in candidates[a] or a in candidates[b])
        print(json.dumps({
            "peer": "datasketch MinHashLSH",
            "jaccard_threshold": threshold,
            "num_perm": perm,
            "sentences": len(keys),
            "duibi_pairs": len(pairs),
            "duibi_pairs_not_in_index": unmatched,
            "recall": round(found / max(len(pairs), 1), 4),
            "candidates_per_sentence": round(
                sum(len(c) - 1 for c in candidates) / max(len(keys), 1), 1),
            "seconds": round(seconds, 2),
        }))


if __name__ == "__main__":
    main()
