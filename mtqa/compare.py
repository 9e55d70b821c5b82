"""``mtqa compare``: several MT systems' outputs of one source, side by side.

For each system: sacrebleu's corpus BLEU, chrF++ and TER against the
reference, mtqa's quality score and finding counts by category; whether each
system differs from the first (the baseline) by more than chance, with
sacrebleu's paired bootstrap resampling and approximate randomization (the
shuffles that tie the real difference counted, `_at_least`); and
the segments where the systems' sentence chrF++ differ most.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any
from unittest.mock import patch

from sacrebleu import significance
from sacrebleu.significance import PairedTest

from .engine import Checker
from .errors import InputError
from .gate import gate
from .model import DocumentResult, Verdict
from .readers import format_for, input_format
from .readers.files import load, read_input, refuse_stdin_twice
from .readers.parallel import align, refuse_unaligned
from .refmetrics import CorpusScores, Scorer, corpus_metrics
from .run import read_options
from .textutil import counted
from .writers.base import shown

METRIC_NAMES = {"BLEU": "bleu", "chrF2++": "chrf", "TER": "ter"}


@dataclass
class SystemResult:
    """One system's output, checked and scored."""

    name: str
    result: DocumentResult
    metrics: CorpusScores
    categories: dict[str, int]
    verdict: Verdict  # the gate's (`mtqa.gate`) under the run's gate options


# said under a table of more than one system tested against the baseline
MULTIPLE_TESTS = (
    "each p-value is one test of its own, not corrected for the {tests} systems tested "
    "(and three metrics): the more tests, the likelier one small p-value by chance"
)

# Paired tests on fewer segments than this rest on too little text: their p-values
# swing with a handful of sentences (Koehn 2004 and sacrebleu's docs test on whole
# test sets, hundreds of segments; 30 is the usual floor of a resampling test).
MIN_PAIRED_SEGMENTS = 30


@dataclass
class Comparison:
    """Everything ``mtqa compare`` reports."""

    systems: list[SystemResult]
    p_values: dict[str, dict[str, list[float | None]]]  # test -> metric -> per system
    signatures: dict[str, dict[str, str]]  # test -> metric -> signature
    # metric -> per system: the bootstrap's mean and the half-width of its 95%
    # confidence interval (sacrebleu's `estimate_ci`), in the metric's points
    confidence: dict[str, list[tuple[float, float]]]
    differences: list[dict[str, Any]] = field(default_factory=list)
    segments: int = 0  # paired segments the tests ran on

    @property
    def too_few(self) -> bool:
        """Whether the significance tests rest on too few paired segments."""
        return self.segments < MIN_PAIRED_SEGMENTS


def _system(
    path: str, checker: Checker, reference: tuple[str, str], source: tuple[str, str] | None
) -> DocumentResult:
    options = read_options(checker.config)
    doc = load(path, format_for(path), options, checker.config.encoding)
    return checker.check(align(doc, source, reference, options))


def compare(
    paths: list[str],
    reference: str,
    source: str | None,
    checker: Checker,
    samples: int = 0,
    top: int = 10,
    stdin_format: str = "txt",
) -> Comparison:
    """Check and score every system; test each against the first. ``stdin_format``:
    the format of a system read from stdin (``-``), which must be plain text as
    every file is. Raises InputError for files that cannot be read or aligned."""
    if len(paths) < 2:
        raise InputError("compare needs at least two systems")
    # aligned with the reference line by line or paragraph by paragraph: text whose
    # markup (a Markdown heading, a table's other columns) would be a segment is not
    refuse_stdin_twice([*paths, reference, source])
    for path in paths:
        refuse_unaligned("system output", path, input_format(path, stdin_format))
    for role, path in (("--reference", reference), ("--source", source)):
        if path:
            refuse_unaligned(role, path, input_format(path, stdin_format))
    encoding = checker.config.encoding
    ref = (reference, read_input(reference, encoding))
    src = (source, read_input(source, encoding)) if source else None
    results = [_system(p, checker, ref, src) for p in paths]
    counts = {len(r.document.segments) for r in results}
    if len(counts) != 1:
        raise InputError(
            "the systems have different numbers of segments: "
            + ", ".join(f"{r.path} {len(r.document.segments)}" for r in results)
        )
    verdicts, _ = gate(results, checker.gate)
    lang = results[0].document.target_lang
    scorer = Scorer(lang)
    refs = [s.reference or "" for s in results[0].document.segments]
    systems = []
    for k, (r, verdict) in enumerate(zip(results, verdicts, strict=True), 1):
        hyps = [s.text for s in r.document.segments]
        name = r.path if paths.count(r.path) == 1 else f"{r.path} ({k})"  # names must differ
        systems.append(
            SystemResult(
                name,
                r,
                scorer.corpus(hyps, refs),
                dict(sorted(Counter(f.category for f in r.findings).items())),
                verdict,
            )
        )
    p_values: dict[str, dict[str, list[float | None]]] = {}
    signatures: dict[str, dict[str, str]] = {}
    named = [(s.name, [seg.text for seg in s.result.document.segments]) for s in systems]
    results: dict[str, dict[str, list[Any]]] = {}  # test -> metric -> sacrebleu's Results
    for test in ("bs", "ar"):
        try:  # sacrebleu holds every resample's indexes at once (its constructor, the baseline's)
            paired = PairedTest(
                named, corpus_metrics(lang), [refs], test_type=test, n_samples=samples
            )
            with _ties_counted() if test == "ar" else nullcontext():
                sigs, results[test] = paired()
        except MemoryError:
            wanted = f"{samples:,}" if samples else "the default"
            raise InputError(
                f"not enough memory for {wanted} resamples of {len(refs):,} segments: "
                "give fewer --samples"
            ) from None
        p_values[test] = {METRIC_NAMES[m]: _p_values(results[test][m]) for m in METRIC_NAMES}
        signatures[test] = {METRIC_NAMES[m]: str(sig) for m, sig in sigs.items()}
    confidence = {
        METRIC_NAMES[m]: [(float(r.mean), float(r.ci)) for r in results["bs"][m]]
        for m in METRIC_NAMES
    }
    return Comparison(
        systems, p_values, signatures, confidence, _differences(systems, top), len(refs)
    )


@contextmanager
def _ties_counted() -> Iterator[None]:
    """sacrebleu's approximate randomization counting the shuffles whose difference
    is at least the real one (`_at_least`), while the block runs."""
    with patch.object(significance, "_compute_p_value", _at_least):
        yield


def _at_least(differences: Any, real: float) -> float:
    """The approximate randomization p-value: the share of shuffled differences
    (``differences``, absolute, a numpy array) that are at least the real one,
    with the +1 of both counts that keeps the test's size (Noreen 1989; Riezler and
    Maxwell 2005). sacrebleu counts only those strictly greater (after multeval),
    so where a few segments differ every shuffle ties the real difference and the
    smallest p-value the shuffles allow (1/10,001) came out for a one-sentence
    change; with ties counted it is 1.0, as it should be. A difference within a
    millionth of a point (floating-point error) is a tie."""
    count = int((differences >= real - TIE_TOLERANCE).sum())
    return (count + 1) / (len(differences) + 1)


TIE_TOLERANCE = 1e-6  # metric points
# the most resamples or trials `compare` takes: a p-value down to 1/100,001, while
# sacrebleu holds each resample's segment indexes at once (8 bytes a segment each)
MAX_SAMPLES = 100_000


def _p_values(results: list[Any]) -> list[float | None]:
    """The p-value of each system's sacrebleu `Result` (the baseline's None), 1.0 where
    its score is the baseline's: the paired bootstrap counts the resampled
    differences strictly greater than the real one (after multeval), so a system
    identical to the baseline, whose differences are all 0, got the smallest
    p-value the samples allow (1/10,001), which reads as a significant difference.
    No difference in the score is no evidence of one."""
    baseline = results[0].score
    return [r.p_value if k == 0 or r.score != baseline else 1.0 for k, r in enumerate(results)]


def _differences(systems: list[SystemResult], top: int) -> list[dict[str, Any]]:
    """The segments whose sentence chrF++ varies most across the systems."""
    chrfs = [s.result.segment_chrf for s in systems]
    rows = []
    for i, seg in enumerate(systems[0].result.document.segments):
        values = [c[i] if c and c[i] is not None else 0.0 for c in chrfs]
        rows.append({
            "segment": i + 1,
            "spread": round(max(values) - min(values), 2),
            "source": seg.source,
            "reference": seg.reference,
            "systems": [{"name": s.name, "chrf": values[k],
                         "text": s.result.document.segments[i].text,
                         "findings": sum(f.segment == i + 1 for f in s.result.findings)}
                        for k, s in enumerate(systems)],
        })  # fmt: skip
    rows.sort(key=lambda r: (-r["spread"], r["segment"]))
    return rows[:top]


def to_dict(c: Comparison, version: str, rule_set: str, signature: str) -> dict[str, Any]:
    return {
        "tool": {"name": "mtqa", "version": version, "rule_set": rule_set, "signature": signature},
        "systems": [
            {"name": s.name, **s.metrics.as_dict(), "mtqa_score": s.result.score.score,
             "mtqa_raw_score": s.result.score.raw_score, "mtqa_band": s.result.score.band,
             "findings": len(s.result.findings), "categories": s.categories,
             "passed": s.verdict.passed, "verdict": s.verdict.reason,
             "p_values": {test: {m: v[k] for m, v in by_metric.items()}
                          for test, by_metric in c.p_values.items()},
             "bootstrap_ci95": {m: {"mean": round(v[k][0], 2), "plus_minus": round(v[k][1], 2)}
                                for m, v in c.confidence.items()}}
            for k, s in enumerate(c.systems)
        ],
        "signatures": c.signatures,
        "paired_segments": c.segments,
        "too_few_segments": c.too_few,
        "differences": c.differences,
    }  # fmt: skip


def to_table(c: Comparison) -> str:
    """The terminal report: one line a system, then the segments that differ most
    (file names and texts with their control characters escaped, `shown`)."""

    def p(test: str, metric: str, k: int) -> str:
        value = c.p_values[test][metric][k]
        if value is None:
            return "baseline"
        return f"p={value:.4f}" + ("?" if c.too_few else "")

    lines = [
        f"{'system':<28} {'BLEU↑':>7} {'chrF++↑':>7} {'±95%':>6} {'TER↓':>7} {'mtqa↑':>6} "
        f"{'raw↑':>7} {'finds':>6} {'gate':>4}  "
        "vs baseline (paired bootstrap / approximate randomization, chrF++)"
    ]
    for k, s in enumerate(c.systems):
        m = s.metrics
        ci = c.confidence["chrf"][k][1]
        lines.append(
            f"{shown(s.name)[-28:]:<28} {m.bleu:7.2f} {m.chrf:7.2f} {'±' + format(ci, '.2f'):>6} "
            f"{m.ter:7.2f} "
            f"{s.result.score.score:6.1f} {s.result.score.raw_score:7.1f} "
            f"{len(s.result.findings):6} {'pass' if s.verdict.passed else 'FAIL':>4}  "
            f"{p('bs', 'chrf', k)} / {p('ar', 'chrf', k)}"
        )
    if c.too_few:
        lines.append(
            f"warning: the tests rest on {counted(c.segments, 'paired segment')}, fewer than "
            f"{MIN_PAIRED_SEGMENTS}: their p-values (marked ?) say little"
        )
    if len(c.systems) > 2:
        lines.append(MULTIPLE_TESTS.format(tests=len(c.systems) - 1))
    for s in c.systems:
        if s.categories:
            lines.append(
                f"  {shown(s.name)}: " + ", ".join(f"{cat} {n}" for cat, n in s.categories.items())
            )
    lines.append("")
    lines.append("segments where the systems differ most (sentence chrF++):")
    for row in c.differences:
        lines.append(f"  #{row['segment']} (spread {row['spread']:.1f})")
        for sysrow in row["systems"]:
            name, text = shown(sysrow["name"]), shown(sysrow["text"][:90])
            lines.append(f"    {sysrow['chrf']:6.1f}  {name}: {text}")
    lines.append("")
    lines += [
        f"{test}: {metric} {sig}"
        for test, sigs in c.signatures.items()
        for metric, sig in sigs.items()
    ]
    return "\n".join(lines) + "\n"
