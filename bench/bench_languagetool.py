"""LanguageTool benchmark: requests and client-side time for N segments against the
local test server, and the cost of the family when no server is there.

    python bench/bench_languagetool.py --segments 10000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from mtqa import Checker, Config
from mtqa.readers import parse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from ltserver import LTServer


def timed_check(config: Config, text: str) -> tuple[float, int]:
    checker = Checker(config)
    start = time.perf_counter()
    result = checker.check(parse(text, "bench.txt", "txt"))
    return time.perf_counter() - start, len(result.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    args = parser.parse_args()
    text = "\n".join(f"Segment {i}: the team recieved a apple today." for i in range(args.segments))
    Checker(Config()).check(parse(text[:2000], "warm.txt", "txt"))  # load word lists first
    with LTServer() as server:
        lt_config = Config(select=("MT801", "MT802"), languagetool_url=server.url)
        Checker(lt_config)  # connect once (the /languages request), outside the timing
        seconds, findings = timed_check(lt_config, text)
        requests = len(server.requests)
    off, _ = timed_check(Config(languagetool="off"), text)
    unavailable, _ = timed_check(Config(languagetool="auto", languagetool_url=None), text)
    print(json.dumps({
        "segments": args.segments, "requests": requests, "findings": findings,
        "seconds_with_languagetool": round(seconds, 2),
        # end to end against the in-process stand-in: an upper bound of the client's cost
        "ms_per_segment_end_to_end": round(seconds / args.segments * 1000, 3),
        "seconds_all_rules_languagetool_off": round(off, 2),
        "seconds_all_rules_languagetool_unavailable": round(unavailable, 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
