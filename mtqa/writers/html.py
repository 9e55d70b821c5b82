"""The HTML report: one self-contained page a reviewer works through.

Every paragraph is shown with its findings highlighted in place; the message
and suggestion show on hover and on keyboard focus. All input text goes
through Jinja2's autoescaping; the page loads nothing from the network.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from ..model import SEVERITIES, DocumentResult, Finding, Report
from ..textutil import counted

_ENV = Environment(
    loader=PackageLoader("mtqa", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["counted"] = counted


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph's text and the findings that cover all of it."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.findings), key=SEVERITIES.index)


def template(name: str):
    """A template of mtqa's HTML pages (autoescaped, self-contained)."""
    return _ENV.get_template(name)


def pieces(text: str, findings: list[Finding]) -> list[Piece]:
    """Cut ``text`` at every finding boundary so overlapping findings can be shown."""
    cuts = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = tuple(f for f in findings if f.start <= a and b <= f.end)
        out.append(Piece(text[a:b], covering))
    return out


def _document_view(d: DocumentResult, index: int) -> dict:
    by_segment: dict[int, list[Finding]] = {}
    for f in d.findings:
        by_segment.setdefault(f.segment, []).append(f)
    paragraphs = []
    chrf = d.segment_chrf or [None] * len(d.document.segments)
    for seg, score in zip(d.document.segments, d.segment_scores, strict=True):
        found = by_segment.get(seg.index, [])
        line, _ = d.document.line_col(seg.file_offset(0))
        paragraphs.append(
            {
                "segment": seg,
                "score": score,
                "line": line,
                "findings": found,
                "pieces": pieces(seg.text, found),
                "chrf": chrf[seg.index - 1],
            }
        )
    return {
        "result": d,
        "anchor": f"doc{index}",
        "paragraphs": paragraphs,
        "by_category": sorted(Counter(f.category for f in d.findings).items()),
        "by_severity": [
            (s, sum(f.severity == s for f in d.findings)) for s in reversed(SEVERITIES)
        ],
    }


def to_html(report: Report, tool_version: str, worst_first: bool = False, rwc: int = 1000) -> str:
    """The whole report page as one HTML string."""
    return template("report.html.j2").render(
        report=report,
        documents=[_document_view(d, i) for i, d in enumerate(report.documents, 1)],
        severities=list(reversed(SEVERITIES)),
        version=tool_version,
        worst_first=worst_first,
        rwc=rwc,
    )
