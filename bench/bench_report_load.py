"""Report-folder benchmark: how long mtqa takes to write a large ``--report-dir`` (and
its peak memory), and how long Chromium takes to load the index of 1,000 documents and
a page of 5,000 findings from file URLs.

    .venv/bin/python bench/bench_report_load.py [--documents 1000] [--per-document 100]
        [--big 5000] [--loads 3] [--out bench/out/report-load]

The texts are synthetic: every sentence holds a doubled word ("The the"), a space
before a comma and stray punctuation (". ,"), three findings (MT205, MT102, MT101),
with its own words and number so that no sentence repeats (MT207 stays quiet). Load
times come from navigation timing (``domContentLoadedEventEnd``, ``loadEventEnd``) and
from the moment the page's script sets ``<html data-ready="1">`` after its first
render, each the median of ``--loads`` loads in a fresh browser context. Needs the
system Chromium (``/usr/bin/chromium`` or ``MTQA_CHROMIUM``) and Playwright.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MTQA = [sys.executable, "-m", "mtqa"]
CHROMIUM = Path(os.environ.get("MTQA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip
FINDINGS_PER_SENTENCE = 3
SENTENCES_PER_PARAGRAPH = 10

NOUNS = (
    "river farmer village market school road bridge harvest council museum teacher "
    "garden orchard valley station library clinic harbour tower meadow"
).split()
VERBS = "opened crossed reached visited repaired painted cleaned planted measured counted".split()

# Records when the page's script marks its first render done (data-ready="1"), and when
# the first frame after that has been produced (the page laid out with the script's
# changes: a large page is laid out long after its script ran). An init script runs
# before the page's own, and is not subject to the page's CSP.
READY_PROBE = """
new MutationObserver((changes, observer) => {
  if (document.documentElement.dataset.ready === "1") {
    window.__mtqaReadyAt = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__mtqaFrameAt = performance.now(); }));
    observer.disconnect();
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-ready"]});
"""


def sentence(n: int) -> str:
    """Sentence number ``n``: three findings, words no other sentence has in that order."""
    noun = NOUNS[n % len(NOUNS)]
    verb = VERBS[(n // len(NOUNS)) % len(VERBS)]
    other = NOUNS[(n * 7 + 3) % len(NOUNS)]
    return f"The the {noun} {verb} the {other} number {n} . , and then it rested."


def text_with(findings: int, start: int = 0) -> str:
    """A text of about ``findings`` findings in paragraphs of ten sentences."""
    sentences = [sentence(start + i) for i in range(max(1, findings // FINDINGS_PER_SENTENCE))]
    paragraphs = [
        " ".join(sentences[i : i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    return "\n\n".join(paragraphs) + "\n"


def write_report(inputs: Path, names: list[str], report: Path) -> dict[str, float]:
    """Run ``mtqa check NAMES --report-dir REPORT`` in a child process: wall seconds
    and the child's peak resident memory (MiB)."""
    shutil.rmtree(report, ignore_errors=True)
    args = [*MTQA, "check", "--report-dir", str(report), "--exit-zero", "--languagetool", "off",
            "--isolated", "--format", "concise", "-o", os.devnull, *names]  # fmt: skip
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=inputs, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"mtqa check failed in {inputs}: exit {status}")
    return {"seconds": round(seconds, 2), "peak_mib": round(usage.ru_maxrss / 1024, 1)}


def load_times(browser: Any, path: Path, loads: int) -> dict[str, float]:
    """Median milliseconds of ``loads`` loads of ``path``, from navigation start: first
    contentful paint, the page's script done (data-ready), DOMContentLoaded end, load
    end, and the first frame after the script's render."""
    keys = ("first_paint", "ready", "dom_content_loaded", "load", "frame_after_ready")
    samples: dict[str, list[float]] = {key: [] for key in keys}
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load", timeout=300_000)
        # a function, not an expression: Playwright polls an expression with eval(),
        # which the page's CSP refuses
        page.wait_for_function("() => window.__mtqaFrameAt !== undefined", timeout=300_000)
        timing = page.evaluate(
            """() => { const n = performance.getEntriesByType('navigation')[0];
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                return {dom_content_loaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                        first_paint: paint ? paint.startTime : null,
                        ready: window.__mtqaReadyAt, frame_after_ready: window.__mtqaFrameAt}; }"""
        )
        for key in keys:
            if timing[key] is not None:
                samples[key].append(timing[key])
        context.close()
    return {k: round(statistics.median(v), 1) for k, v in samples.items() if v}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--per-document", type=int, default=100, help="findings each")
    parser.add_argument("--big", type=int, default=5000, help="findings of the one big page")
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "report-load")
    args = parser.parse_args()

    out: Path = args.out.resolve()
    many, big = out / "many", out / "big"
    for folder in (many, big):
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "in").mkdir(parents=True)
    names = []
    for i in range(args.documents):
        name = f"doc{i:04}.txt"
        # each document starts at its own sentence number: no two documents alike
        (many / "in" / name).write_text(
            text_with(args.per_document, start=i * args.per_document), encoding="utf-8"
        )
        names.append(name)
    (big / "in" / "big.txt").write_text(text_with(args.big), encoding="utf-8")

    results: dict[str, Any] = {}
    for label, folder, inputs in (("many", many, names), ("big", big, ["big.txt"])):
        results[label] = {"write": write_report(folder / "in", inputs, folder / "report")}
        rows = (folder / "report" / "findings.csv").read_text(encoding="utf-8").count("\n") - 1
        results[label]["findings_csv_rows"] = rows
        results[label]["bytes"] = {
            "index.html": (folder / "report" / "index.html").stat().st_size,
            "largest page": max(
                p.stat().st_size for p in (folder / "report" / "documents").iterdir()
            ),
        }

    from playwright.sync_api import sync_playwright

    with sync_playwright() as api:
        browser = api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            results["many"]["index_ms"] = load_times(
                browser, many / "report" / "index.html", args.loads
            )
            page = next((big / "report" / "documents").glob("0001-*.html"))
            results["big"]["page_ms"] = load_times(browser, page, args.loads)
            results["big"]["index_ms"] = load_times(
                browser, big / "report" / "index.html", args.loads
            )
        finally:
            browser.close()

    print(f"{args.documents} documents, {results['many']['findings_csv_rows']} findings:")
    print(f"  mtqa write: {results['many']['write']}")
    print(f"  index.html ({results['many']['bytes']['index.html']:,} bytes) load, median "
          f"of {args.loads} (ms): {results['many']['index_ms']}")  # fmt: skip
    print(f"1 document, {results['big']['findings_csv_rows']} findings:")
    print(f"  mtqa write: {results['big']['write']}")
    print(f"  page ({results['big']['bytes']['largest page']:,} bytes) load, median "
          f"of {args.loads} (ms): {results['big']['page_ms']}")  # fmt: skip
    print(json.dumps(results))


if __name__ == "__main__":
    main()
