#!/usr/bin/env python3
"""The straightforward peer of `duibi compare`'s pairing: Python's difflib on all sentence pairs.

Input: an analysis JSON (`duibi analyze --json` or keyword_analyzer.py, same shape). For each
topic, every pair of sentences (8+ characters) from two different reports is scored with
SequenceMatcher.ratio(), behind the real_quick_ratio()/quick_ratio() upper bounds the difflib docs
recommend (get_close_matches does the same); a pair is kept when it reaches the threshold and each
sentence is the other's best partner in the other report (what duibi keeps), and kept pairs get an
opcode diff. All pairs is quadratic in sentences: run it on a small corpus and extrapolate. The default
threshold 0.4 gives about as many pairs as duibi's cosine 0.25 on the bench corpus (534 vs 502
on 10 reports), so both do comparable work.

    python3 scripts/peers/difflib_compare.py analysis.json [--threshold 0.4]
Prints one JSON line: {"reports", "sentences", "scored", "pairs", "seconds"}.
"""

import difflib
import json
import re
import sys
import time
from collections import defaultdict

SPLIT = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")


def sentences_of(passage):
    got = passage.get("sentences")
    if got:
        return [s["text"] if isinstance(s, dict) else s for s in got]
    return [s.strip() for s in SPLIT.findall(passage["text"]) if s.strip()]


def main():
    args = sys.argv[1:]
    threshold = 0.4
    if "--threshold" in args:
        i = args.index("--threshold")
        threshold = float(args[i + 1])
        del args[i:i + 2]
    analysis = json.load(open(args[0], encoding="utf-8"))
    started = time.perf_counter()
    by_topic = defaultdict(list)  # topic -> [(report, sentence)]
    total = 0
    for r, report in enumerate(analysis["reports"]):
        for passage in report.get("passages", []):
            for s in sentences_of(passage):
                if len(s) < 8:
                    continue
                total += 1
                for t in passage.get("topics") or ["other"]:
                    by_topic[t].append((r, s))
    scored = 0
    pairs = []
    for topic, items in by_topic.items():
        best = {}  # (i, other report) -> (ratio, j)
        edges = []
        for i in range(len(items)):
            ri, a = items[i]
            # seq2 is the one SequenceMatcher indexes: set it once per sentence, vary seq1.
            matcher = difflib.SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(a)
            for j in range(i + 1, len(items)):
                rj, b = items[j]
                if ri == rj:
                    continue
                matcher.set_seq1(b)
                scored += 1
                if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                    continue
                ratio = matcher.ratio()
                if ratio < threshold:
                    continue
                edges.append((i, j, ratio))
                for x, y in ((i, j), (j, i)):
                    key = (x, items[y][0])
                    if key not in best or ratio > best[key][0]:
                        best[key] = (ratio, y)
        for i, j, ratio in edges:
            if best[(i, items[j][0])][1] == j and best[(j, items[i][0])][1] == i:
                ops = difflib.SequenceMatcher(None, items[i][1], items[j][1]).get_opcodes()
                pairs.append({"topic": topic, "similarity": round(ratio, 3), "diff": len(ops)})
    seconds = time.perf_counter() - started
    print(json.dumps({"reports": len(analysis["reports"]), "sentences": total,
                      "scored": scored, "pairs": len(pairs), "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main()
