"""Throughput benchmark: words per second and peak memory of ``mtqa check``.

Generates a corpus of N words in documents of about 300 words, each paragraph
drawn from clean prose (``clean-paragraphs.txt``) or, with probability
``--artifact-share``, from the sample article with its many artifacts; runs every
default rule over it in one process on one core; prints one JSON line.

    python bench/bench_check.py --words 1000000 --artifact-share 0.2
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time

from corpus import CLEAN, SAMPLE, read_paragraphs

from mtqa import Checker
from mtqa.readers import parse


def corpus(words: int, artifact_share: float, seed: int = 7) -> list[str]:
    """Documents of every clean paragraph once, in random order, each swapped for a
    different artifact-laden paragraph with probability ``artifact_share``
    (no paragraph twice in a document, which would be a repeated-text finding)."""
    flawed, clean = read_paragraphs(SAMPLE), read_paragraphs(CLEAN)
    rng = random.Random(seed)
    docs, total = [], 0
    while total < words:
        spare = rng.sample(flawed, len(flawed))
        doc = [
            spare.pop() if rng.random() < artifact_share else p
            for p in rng.sample(clean, len(clean))
        ]
        docs.append("\n\n".join(doc))
        total += sum(len(p.split()) for p in doc)
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--artifact-share", type=float, default=0.2)
    args = parser.parse_args()
    docs = corpus(args.words, args.artifact_share)
    checker = Checker()
    # load every word list once, outside the timing: the sample article reaches
    # the rules that load theirs lazily (pinyin, dictionary headwords)
    checker.check(parse(SAMPLE.read_text(encoding="utf-8"), "warmup", "txt"))
    start = time.perf_counter()
    words = findings = 0
    for i, text in enumerate(docs):
        result = checker.check(parse(text, f"doc{i}", "txt"))
        words += result.score.words
        findings += len(result.findings)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "artifact_share": args.artifact_share,
                "documents": len(docs),
                "words": words,
                "findings": findings,
                "seconds": round(seconds, 2),
                "words_per_second": round(words / seconds),
                "peak_rss_mib": round(peak_mib, 1),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
