"""Baselines: record today's findings, then report and gate only on new ones.

A baseline file lists the fingerprints of the findings it accepts (see
``fingerprints``); a later run drops each finding whose fingerprint the
baseline still holds (as many times as it was recorded), and reports the
recorded findings that no longer occur as fixed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from . import regexcache
from .datafile import load_json_file
from .errors import InputError
from .fingerprints import fingerprint, of_result, path_key
from .model import BaselineEntry, Finding, Report

FORMAT = "mtqa-baseline"
VERSION = 1
# what an entry must hold, as text: the fields of `BaselineEntry`, in its order
ENTRY_FIELDS = ("fingerprint", "path", "rule", "text")
_SURROGATE_RE = regexcache.compile("[\ud800-\udfff]")


def to_baseline(report: Report, tool_version: str) -> str:
    """The baseline file of a run: every finding, sorted, with its fingerprint."""
    entries = sorted(
        (
            {
                "fingerprint": of_result(d, f),
                "path": path_key(d.path, d.document.file),
                "rule": f.rule,
                "text": f.text,
                "line": f.line,
            }
            for d in report.documents
            for f in d.findings
        ),
        key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]),
    )
    data = {
        "format": FORMAT,
        "version": VERSION,
        "mtqa_version": tool_version,
        "rule_set": report.rule_set,
        "findings": entries,
    }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # a file name that is not UTF-8 holds lone surrogates (PEP 383), which UTF-8
    # cannot: written as JSON \udcNN escapes, they read back as the same name
    return _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


class Baseline:
    """The findings a baseline file accepts, consumed as a run meets them."""

    def __init__(self, path: str, entries: list[BaselineEntry]) -> None:
        self.path = path
        self._by_fingerprint: dict[str, list[BaselineEntry]] = defaultdict(list)
        for e in entries:
            self._by_fingerprint[e.fingerprint].append(e)
        self._left = Counter({fp: len(es) for fp, es in self._by_fingerprint.items()})
        self._checked: set[str] = set()

    def accepted(self) -> list[str]:
        """The fingerprint of every finding the file accepts (one per entry)."""
        return [e.fingerprint for es in self._by_fingerprint.values() for e in es]

    @classmethod
    def load(cls, path: str) -> Baseline:
        """Read a baseline file; a missing, corrupt or foreign one is an input error."""
        data = load_json_file(path, "baseline file")
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"{path}: not an mtqa baseline file")
        if data.get("version") != VERSION:
            raise InputError(
                f"{path}: baseline format version {data.get('version')!r} is not supported "
                f"(this mtqa reads version {VERSION}); record it again with 'mtqa baseline'"
            )
        findings = data.get("findings")
        if not isinstance(findings, list):
            raise InputError(f"{path}: malformed baseline (no 'findings' list)")
        entries = []
        for number, e in enumerate(findings, 1):
            if not isinstance(e, dict):
                raise InputError(f"{path}: malformed baseline entry {number} (not an object)")
            wrong = next((k for k in ENTRY_FIELDS if not isinstance(e.get(k), str)), None)
            if wrong is not None:
                raise InputError(f"{path}: malformed baseline entry {number} (no {wrong!r} string)")
            entries.append(BaselineEntry(*(e[k] for k in ENTRY_FIELDS)))
        return cls(path, entries)

    def filter(
        self, path: str, findings: list[Finding], texts: list[str], file: str = ""
    ) -> list[Finding]:
        """The findings of one document that the baseline does not hold (``file``:
        the file one of a table's documents was read from, `path_key`)."""
        self._checked.add(path_key(path, file))
        kept = []
        for f in findings:
            fp = fingerprint(path, texts[f.segment - 1], f, file)
            if self._left[fp] > 0:
                self._left[fp] -= 1
            else:
                kept.append(f)
        return kept

    def unmatched(self) -> bool:
        """Whether the run checked files but none the baseline records (a baseline
        of another folder, or paths recorded from elsewhere): it filtered nothing."""
        recorded = {e.path for es in self._by_fingerprint.values() for e in es}
        return bool(self._checked) and bool(recorded) and not recorded & self._checked

    def fixed(self) -> list[BaselineEntry]:
        """Recorded findings of the files this run checked that did not occur again."""
        out = []
        for fp, left in self._left.items():
            entries = self._by_fingerprint[fp]
            out.extend(e for e in entries[len(entries) - left :] if e.path in self._checked)
        return sorted(out, key=lambda e: (e.path, e.rule, e.text))
