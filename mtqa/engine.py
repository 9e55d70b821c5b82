"""Runs the selected rules over documents and turns their hits into scored findings."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import LANGUAGETOOL_OFF, Config, load_config
from .errors import ConfigError, UnknownSelectorError
from .gate import GateOptions, gate, judge
from .model import (
    SEVERITIES,
    Document,
    DocumentResult,
    DocumentTotals,
    Finding,
    Report,
    RunInfo,
    RunSummary,
    Score,
    Segment,
    Suppression,
    Tally,
)
from .readers.escapes import written_end
from .readers.files import has_text
from .registry import RuleSet, fingerprint, load_rules, lt_selectors
from .rulebase import DocContext, Hit, Rule
from .scoring import DEFAULT_WEIGHTS, Scoring
from .signature import run_signature
from .silencing import is_heard, per_file_selectors, silence

if TYPE_CHECKING:  # loaded when a run has a baseline, a glossary or references
    from .baseline import Baseline
    from .glossary import Glossary
    from .refmetrics import CorpusScores, Scorer

UNTRANSLATED = "Accuracy/Untranslated"  # the MQM category of text left untranslated
ENCODING = "Fluency/Character encoding"  # of text in the wrong encoding or script


class Checker:
    """One configured rule set and scoring, reused for every document of a run.

    ``baseline`` leaves out the findings a baseline file records; ``triage``, one
    baseline a triage file (`mtqa.triage.triage_filters`), those reviewers marked
    false positive, after the baseline's."""

    def __init__(
        self,
        config: Config | None = None,
        ruleset: RuleSet | None = None,
        baseline: Baseline | None = None,
        triage: Sequence[Baseline] = (),
    ) -> None:
        self.config = config or Config()
        self.baseline = baseline
        self.triage = list(triage)
        self.ruleset = ruleset or load_rules([Path(p) for p in self.config.rules])
        self.rules: list[Rule] = _selected(self.ruleset, self.config)
        self.severities = _severities(self.ruleset, self.config)
        terms = {t.strip().lower() for t in (*self.config.allow, *self.ruleset.allow) if t.strip()}
        self.allow = frozenset(terms)
        self._allow_re = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
                + r")(?!\w)",
                re.IGNORECASE,
            )
            if terms
            else None
        )
        self.scoring = Scoring.preset(
            self.config.preset,
            weights={**DEFAULT_WEIGHTS, **self.config.weights},
            rwc=self.config.rwc,
            tolerance=self.config.tolerance,
        )
        self.gate = GateOptions(
            self.config.fail_under, self.config.fail_on, self.config.max_penalty_per_kw
        )
        self.fingerprint = fingerprint(self.rules, self.severities)
        for glob, selectors in self.config.per_file_ignores.items():
            for selector in selectors:  # an unknown selector is a config error
                try:
                    self.ruleset.named(selector, f'per-file-ignores."{glob}"')
                except UnknownSelectorError as exc:
                    # only a config file sets them: it is named, as its other errors
                    if self.config.path is None:
                        raise
                    raise ConfigError(f"{self.config.path}: {exc}") from None
        self._by_code = {r.code: r for r in self.rules}
        self.skipped: dict[str, str] = {}  # rule code -> why it could not run
        self.ran: set[str] = set()  # codes of the rules that checked some document
        self.languagetool, why_not = (None, "")
        if any("languagetool" in r.needs for r in self.rules):
            if self.config.languagetool == "off":  # said without importing the client
                why_not = LANGUAGETOOL_OFF
            else:
                from .languagetool import connect

                self.languagetool, why_not = connect(
                    self.config.languagetool_url,
                    self.config.languagetool,
                    self.config.target_lang,
                    timeout=self.config.languagetool_timeout,
                    max_chars=self.config.languagetool_max_chars,
                    spellings=sorted(self.allow),
                    disabled=lt_selectors(self.config.ignore),
                    enabled=lt_selectors(self.config.select),
                )
        self._languagetool_missing = why_not
        self.glossary: Glossary | None = None
        if self.config.glossary:
            from .glossary import Glossary

            cfg = self.config
            self.glossary = Glossary.load(cfg.glossary, cfg.source_lang, cfg.target_lang)
        self._scorers: dict[str, Scorer] = {}
        self._with_references: dict[str, tuple[list[str], list[str]]] = {}
        self.signature = self._signature()
        self._segment_rules = [r for r in self.rules if r.scope == "segment"]
        self._document_rules = [r for r in self.rules if r.scope == "document"]
        self._plans: dict[tuple[str, bool], tuple[list[Rule], list[Rule]]] = {}
        self._clean_scores: dict[int, Score] = {}  # words -> the score of a clean segment

    def run_info(self) -> RunInfo:
        """What this run's writers are told at its start (`mtqa.writers.base`)."""
        from . import __version__

        return RunInfo(__version__, tuple(self.rules), self.fingerprint, self.signature)

    def _signature(self) -> str:
        """The run signature (`mtqa.signature`) of this configuration."""
        from . import __version__

        cfg = self.config
        return run_signature(
            __version__,
            rules=self.fingerprint,
            preset=cfg.preset,
            weights=self.scoring.weights,
            rwc=self.scoring.rwc,
            tolerance=self.scoring.tolerance,
            threshold=self.gate.threshold,
            fail_on=self.gate.fail_on,
            max_penalty_per_kw=self.gate.max_penalty_per_kw,
            allow=self.allow,
            glossary=self.glossary.digest if self.glossary else None,
            packs=self.ruleset.packs,
            baseline=self._accepted(),
            per_file_ignores=cfg.per_file_ignores,
            languagetool=self.languagetool is not None,
            languagetool_types=cfg.languagetool_types,
            languagetool_rules=[
                *(f"+{s}" for s in lt_selectors(cfg.select or ())),
                *(f"-{s}" for s in lt_selectors(cfg.ignore)),
            ],
            reading=[
                cfg.paragraphs,
                codec_name(cfg.encoding),
                *sorted(f"{k}={v}" for k, v in cfg.columns.items()),
            ],
            languages=(cfg.source_lang, cfg.target_lang),
        )

    def _accepted(self) -> list[str] | None:
        """The fingerprints of the findings this run leaves out unseen: the
        baseline's, and those triage files mark false positive; None when there
        is no baseline and no false positive (a triage file of confirmed findings
        only changes nothing)."""
        accepted = [fp for t in self.triage for fp in t.accepted()]
        if self.baseline is None:
            return accepted or None
        return self.baseline.accepted() + accepted

    def check(self, document: Document, for_run: bool = True) -> DocumentResult:
        """Findings and MQM scores of one document: `find`, then `finish`."""
        return self.finish(self.find(document), for_run)

    def find(self, document: Document) -> DocumentResult:
        """The rules' findings in one document, silenced as its comments and the
        per-file ignores say, and scored; the part of `check` a worker process
        does (`mtqa.pool`). The baseline, triage files and reference metrics,
        which keep run-wide state, are `finish`'s, in the process that writes."""
        ctx = DocContext(
            document,
            self.allow,
            self.glossary,
            self.languagetool,
            dict(self.config.languagetool_types),
        )
        findings: list[Finding] = []
        segments = document.segments
        with_source = [s for s in segments if s.source is not None]
        segment_rules, document_rules = self._plan(document, bool(with_source))
        # a rule runs on the segment kinds it declares (Rule.kinds) only
        kinds = {s.kind for s in segments}
        ignored = (
            per_file_selectors(document.path, self.config.per_file_ignores)
            if self.config.per_file_ignores
            else []
        )
        # nothing silenced in this file: a rule is heard wherever it looks (is_heard's
        # selector matching costs more than many rules' checks)
        silent = bool(ignored or document.suppressions)
        # a unit left untranslated (no target text shows) is the untranslated rules'
        # to report (MT307): the blanks, invisible characters or tags it holds say
        # nothing more to the others (an indent, an invisible character, a lost tag)
        untranslated = {s.index for s in with_source if s.untranslated}
        # rules heard on some segment (not silenced there): none, and the gate cannot pass it
        ran = 0
        for rule in segment_rules:
            chosen = with_source if "source" in rule.needs else segments
            if not rule.every_kind:
                if kinds.isdisjoint(rule.kinds):
                    continue
                chosen = [s for s in chosen if s.kind in rule.kinds]
            if silent:
                ran += is_heard(rule, ignored, document.suppressions, (s.index for s in chosen))
            else:
                ran += bool(chosen)
            if untranslated and rule.category != UNTRANSLATED:
                chosen = [s for s in chosen if s.index not in untranslated]
            check, add = rule.check, self._add  # looked up once, not once a segment
            for seg in chosen:
                for hit in check(seg, ctx):
                    add(findings, rule, seg, hit, ctx)
        for rule in document_rules:
            if not rule.every_kind and kinds.isdisjoint(rule.kinds):
                continue
            if silent:
                looked_at = (s.index for s in segments if rule.every_kind or s.kind in rule.kinds)
                ran += is_heard(rule, ignored, document.suppressions, looked_at)
            else:  # some segment is of a kind it declares (tested above)
                ran += bool(segments)
            # a document rule reads every segment (a repeat needs its first
            # occurrence), and its hits on the kinds it does not declare are dropped
            for hit in rule.check(ctx):
                if hit.segment is not None and 1 <= hit.segment <= len(segments):
                    seg = segments[hit.segment - 1]
                    if rule.every_kind or seg.kind in rule.kinds:
                        self._add(findings, rule, seg, hit, ctx)
        findings.sort(key=lambda f: (f.segment, f.start, f.end, f.rule))
        found = len(findings)
        unused: list[Suppression] = []
        if silent:
            findings, unused = silence(
                findings, self._by_code, ignored, document.suppressions, self.ruleset.rules
            )
        suppressed = found - len(findings)
        # after the silencing: a finding the user silenced (an MT601 line kept on
        # purpose) covers nothing, and what lies inside it is reported and fixed
        findings = _without_nested(findings, segments)
        words = [ctx.word_count(seg) for seg in segments]
        result = self._score(document, words, findings, ran)
        result.suppressed = suppressed
        result.unused_suppressions = unused
        return result

    def finish(self, result: DocumentResult, for_run: bool = True) -> DocumentResult:
        """A `find` result (of this process or a worker's) with the findings the
        baseline and the triage files accept left out, rescored if any was, and
        its reference metrics; notes which rules ran and were skipped, as
        `find` does in the process that writes. ``for_run`` False: its
        references are not kept for the run's corpus scores (a worker that
        checks documents for another process's run: `mtqa.dask`), which
        otherwise hold every referenced segment of the run."""
        document = result.document
        self._plan(document, result.with_source)
        findings = result.findings
        texts = [s.text for s in document.segments]
        if self.baseline is not None:
            findings = self.baseline.filter(document.path, findings, texts, document.file)
        new = len(findings)
        for false_positives in self.triage:
            findings = false_positives.filter(document.path, findings, texts, document.file)
        if len(findings) != len(result.findings):
            words = [s.words for s in result.segment_scores]
            found = self._score(document, words, findings, result.rules or 0)
            found.suppressed, found.unused_suppressions = (
                result.suppressed,
                result.unused_suppressions,
            )
            found.baselined = len(result.findings) - new
            found.triaged = new - len(findings)
            result = found
        self._measure(result, for_run)
        return result

    def _measure(self, result: DocumentResult, for_run: bool) -> None:
        """Reference-based scores of a document whose segments have references."""
        pairs = [(s.text, s.reference) for s in result.document.segments if s.reference is not None]
        if not pairs:
            return
        lang = result.document.target_lang
        scorer = self._scorers.get(lang)
        if scorer is None:
            from .refmetrics import Scorer  # sacrebleu: only for a run with references

            scorer = self._scorers[lang] = Scorer(lang)
        hyps, refs = [h for h, _ in pairs], [r for _, r in pairs]
        result.metrics = scorer.corpus(hyps, refs)
        result.segment_chrf = [
            scorer.segment_chrf(s.text, s.reference) if s.reference is not None else None
            for s in result.document.segments
        ]
        if not for_run:
            return
        self._with_references.setdefault(lang, ([], []))
        self._with_references[lang][0].extend(hyps)
        self._with_references[lang][1].extend(refs)

    def _plan(self, document: Document, has_source: bool) -> tuple[list[Rule], list[Rule]]:
        """The segment rules and the document rules that can check this document,
        decided once for each target language, with and without source text."""
        key = (document.target_lang, has_source)
        if key not in self._plans:
            plan = self._plans[key] = (
                [r for r in self._segment_rules if self._runs(r, document, has_source)],
                [r for r in self._document_rules if self._runs(r, document, has_source)],
            )
            self.ran.update(r.code for rules in plan for r in rules)
        return self._plans[key]

    def _runs(self, rule: Rule, document: Document, has_source: bool) -> bool:
        """Whether a rule can check this document; if not, remember why (said once a run)."""
        if not rule.applies_to(document.target_lang):
            self.skipped.setdefault(rule.code, f"not for target language '{document.target_lang}'")
            return False
        if "source" in rule.needs and not has_source:
            self.skipped.setdefault(rule.code, "no source text")
            return False
        if "languagetool" in rule.needs and self.languagetool is None:
            self.skipped.setdefault(rule.code, self._languagetool_missing)
            return False
        if "glossary" in rule.needs and self.glossary is None:
            self.skipped.setdefault(rule.code, "no glossary (give --glossary)")
            return False
        return True

    def _run_metrics(self) -> CorpusScores | None:
        """Corpus scores over every referenced segment of the run (of its main target
        language): a corpus score, never an average of documents' scores."""
        lang = _largest(self._with_references)
        if lang is None:
            return None
        hyps, refs = self._with_references[lang]
        return self._scorers[lang].corpus(hyps, refs)

    def _allowed_spans(self, seg: Segment) -> list[tuple[int, int]]:
        """Where the allowlist's names and terms occur in a segment."""
        return [m.span() for m in self._allow_re.finditer(seg.text)] if self._allow_re else []

    def _add(self, out: list[Finding], rule: Rule, seg: Segment, hit: Hit, ctx: DocContext) -> None:
        start, end = hit.start, hit.end
        # a span of the text; on a segment without text (a unit left untranslated:
        # `Segment.untranslated`) the empty span at the place of its target, said
        # once, as untranslated: the numbers and tags it lacks say nothing more
        empty = start == end == 0 and not seg.text and rule.category == UNTRANSLATED
        if not (0 <= start < end <= len(seg.text) or empty):
            return
        if any(a < end and start < b for a, b in seg.skip):
            return
        if self._allow_re is not None and any(
            a <= start and end <= b for a, b in ctx.memo("allowed", seg, self._allowed_spans)
        ):
            return
        line, column = ctx.document.line_col(seg.file_offset(start))
        end_line, end_column = line, column
        if end:  # just past the last character as the file writes it (an escape whole)
            end_line, end_column = ctx.document.line_col(
                written_end(ctx.document.file_text, seg, end - 1)
            )
        out.append(
            Finding(
                rule=rule.code,
                name=rule.name,
                category=rule.category,
                severity=self.severities.get(rule.code) or hit.severity or rule.severity,
                segment=seg.index,
                start=start,
                end=end,
                line=line,
                column=column,
                text=seg.text[start:end],
                message=hit.message,
                suggestion=hit.suggestion,
                end_line=end_line,
                end_column=end_column,
                source_rule=hit.source_rule,
            )
        )

    def _score(
        self, document: Document, words: list[int], findings: list[Finding], rules: int
    ) -> DocumentResult:
        """A document's result: ``words`` is each segment's word count, in order."""
        by_segment: list[list[Finding]] = [[] for _ in document.segments]
        for f in findings:
            by_segment[f.segment - 1].append(f)
        clean = self._clean_scores
        seg_scores = [
            self.scoring.score(count, self.scoring.tally(found))
            if found
            # most segments have no finding: their score depends on their length only
            else clean.get(count) or clean.setdefault(count, self.scoring.score(count, Tally()))
            for count, found in zip(words, by_segment, strict=True)
        ]
        tally = self.scoring.tally(findings)
        total = self.scoring.score(sum(s.words for s in seg_scores), tally)
        verdict = judge(total, tally, self.gate, rules)
        segments = document.segments
        return DocumentResult(
            document,
            findings,
            seg_scores,
            total,
            verdict,
            tally=tally,
            rules=rules,
            with_source=any(s.source is not None for s in segments),
            read_text=has_text(segments),
        )

    def report(self, results: Iterable[DocumentResult]) -> Report:
        """The run's report: the documents whole, plus `summarize` of their totals."""
        docs = list(results)
        summary = self.summarize([DocumentTotals.of(d) for d in docs])
        for d, t in zip(docs, summary.totals, strict=True):
            d.verdict = t.verdict
        return Report.of(summary, docs)

    def summarize(self, totals: list[DocumentTotals]) -> RunSummary:
        """The run's end: each document's verdict from the gate (`mtqa.gate.gate`),
        an overall score from the run's totals, and the run's state."""
        verdicts, passed = gate(totals, self.gate)
        for t, verdict in zip(totals, verdicts, strict=True):
            t.verdict = verdict
        words = sum(t.score.words for t in totals)
        tally = sum((t.tally for t in totals), Tally())
        return RunSummary(
            totals,
            self.scoring.score(words, tally),
            passed,
            self.gate.threshold,
            self.fingerprint,
            skipped=dict(sorted(self.skipped.items())),
            metrics=self._run_metrics(),
            baseline=self.baseline.path if self.baseline else None,
            fixed=self.baseline.fixed() if self.baseline else [],
            triage=[t.path for t in self.triage],
            signature=self.signature,
            languagetool=self.languagetool_status(),
        )

    def languagetool_status(self) -> dict[str, Any] | None:
        """What became of the LanguageTool rules so far this run: ``{"status":
        "checked", "failures": [one line each]}`` or ``{"status": "skipped",
        "reason": ...}``; None when no LanguageTool rule was asked for."""
        if self.config.languagetool == "off" or not any(
            "languagetool" in r.needs for r in self.rules
        ):
            return None
        if self.languagetool is None:
            return {"status": "skipped", "reason": self._languagetool_missing}
        return {"status": "checked", "failures": list(self.languagetool.failures)}


def _selected(ruleset: RuleSet, config: Config) -> list[Rule]:
    """The rules ``config`` selects (`RuleSet.select`). Raises ConfigError for a
    selector that names no rule, naming the config file when it was given there
    (the command line's ``--select`` and ``--ignore`` join the file's)."""
    try:
        return ruleset.select(config.select, config.ignore)
    except UnknownSelectorError as exc:
        raise _located(exc, config) from None


def _severities(ruleset: RuleSet, config: Config) -> dict[str, str]:
    """Rule code -> the severity ``config`` gives it. Raises ConfigError for a key
    that names no rule, naming the config file when it was given there."""
    try:
        return {ruleset.get(key, "severity").code: sev for key, sev in config.severity.items()}
    except UnknownSelectorError as exc:
        raise _located(exc, config) from None


def _located(exc: UnknownSelectorError, config: Config) -> ConfigError:
    """``exc`` naming the config file when its selector was given there; as it is
    otherwise (the command line's, which the CLI names as its option)."""
    if config.path is not None:
        given = getattr(load_config(config.path), exc.setting)
        if exc.selector in (given or ()):
            return ConfigError(f"{config.path}: {exc}")
    return exc


def codec_name(encoding: str) -> str:
    """The codec's own name (utf8, UTF-8 and u8 are utf-8); an unknown one as given
    (reading the first file will say it is unknown)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _largest(groups: dict[str, tuple[list[str], list[str]]]) -> str | None:
    return max(groups, key=lambda lang: len(groups[lang][0])) if groups else None


def _without_nested(findings: list[Finding], segments: list[Segment]) -> list[Finding]:
    """Drop exact repeats, and findings that another finding already says.

    A span another rule says to delete covers everything inside it (a reviewer
    deletes an injected line as a whole; the typos inside it are noise) that is
    no more severe than the deletion (Chinese text left in it still counts). An
    accuracy finding on a whole segment (the target copies the source) covers
    the findings of its own category inside it (the Chinese characters in it).
    Text in the wrong encoding (mojibake, look-alike letters) covers what is no
    more severe inside it: the '”' of a dash read as "â€”" is no quotation mark.
    Where LanguageTool and one of mtqa's own rules flag the same text (a doubled
    word, a space before a comma), mtqa's finding stays: its category, severity
    and suggestion are calibrated for machine-translation artifacts.
    """
    covers: dict[int, list[Finding]] = {}
    for f in findings:
        deletion = f.suggestion == "" and f.category == "Accuracy/Addition"
        whole = (
            f.category.startswith("Accuracy/")
            and f.start == 0
            and (f.end >= len(segments[f.segment - 1].text.rstrip()))
        )
        if deletion or whole or f.category == ENCODING:
            covers.setdefault(f.segment, []).append(f)
    # a deferring finding (LanguageTool's) gives way to any other rule's on the same text
    own = [f for f in findings if not f.source_rule]
    findings = [
        f
        for f in findings
        if not f.source_rule
        or not any(o.segment == f.segment and o.start < f.end and f.start < o.end for o in own)
    ]
    # one span, one category: the rule with the higher code speaks (the more specific)
    best: dict[tuple[int, int, int, str], str] = {}
    for f in findings:
        key = (f.segment, f.start, f.end, f.category)
        best[key] = max(best.get(key, f.rule), f.rule)
    seen: set[tuple[str, int, int, int]] = set()
    kept: list[Finding] = []
    for f in findings:
        key = (f.rule, f.segment, f.start, f.end)
        if key in seen or best[f.segment, f.start, f.end, f.category] != f.rule:
            continue
        seen.add(key)
        if any(_covers(c, f) for c in covers.get(f.segment, ())):
            continue
        kept.append(f)
    return kept


def _covers(cover: Finding, f: Finding) -> bool:
    """Whether ``cover`` (a deletion, a whole-segment accuracy finding, or text in the
    wrong encoding) says ``f`` too."""
    if cover is f or not (cover.start <= f.start and f.end <= cover.end):
        return False
    if cover.end - cover.start < f.end - f.start:
        return False
    if cover.end - cover.start == f.end - f.start and cover.rule <= f.rule:
        return False  # on one span, the higher code speaks (7xx: rules that read the source)
    if cover.category == ENCODING:
        return SEVERITIES.index(f.severity) <= SEVERITIES.index(cover.severity)
    deletion = cover.suggestion == "" and cover.category == "Accuracy/Addition"
    if (
        deletion
        and f.category != cover.category
        and SEVERITIES.index(f.severity) > SEVERITIES.index(cover.severity)
    ):
        return False  # Chinese left inside a line to delete weighs more than the deletion
    return deletion or cover.category == f.category
