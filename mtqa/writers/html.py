"""The HTML report: one self-contained page a reviewer works through.

Every paragraph is shown with its findings highlighted in place; the message
and suggestion show on hover and on keyboard focus. All input text goes
through Jinja2's autoescaping; the page loads nothing from the network.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..gate import TOO_SHORT
from ..model import CODE_ELEMENTS, SEVERITIES, TAG, DocumentResult, Finding, Report
from ..textutil import counted
from .base import escape_undecodable

_ENV = Environment(
    loader=PackageLoader("mtqa", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["counted"] = counted
_ENV.globals["TOO_SHORT"] = TOO_SHORT


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


def badges(text: str, signatures: Iterator[str]) -> Markup:
    """``text`` escaped, with each inline code (`readers.xmlformats.TAG`) shown as a
    badge naming its element, the next of ``signatures`` (``x#1`` -> ``<x id=1>``)."""
    parts = text.split(TAG)
    out = [escape(parts[0])]
    for part in parts[1:]:
        name, _, tag_id = next(signatures, "tag#").partition("#")
        label = f"{name} {tag_id}" if tag_id else name
        out.append(Markup('<span class="tag" title="inline tag">{}</span>').format(label))
        out.append(escape(part))
    return Markup("").join(out)


def _codes(signatures: tuple[str, ...]) -> Iterator[str]:
    """The code elements among a segment's inline tag signatures, in order."""
    return (s for s in signatures if s.partition("#")[0] in CODE_ELEMENTS)


def _document_view(d: DocumentResult, index: int) -> dict:
    by_segment: dict[int, list[Finding]] = {}
    for f in d.findings:
        by_segment.setdefault(f.segment, []).append(f)
    paragraphs = []
    chrf = d.segment_chrf or [None] * len(d.document.segments)
    for seg, score in zip(d.document.segments, d.segment_scores, strict=True):
        found = by_segment.get(seg.index, [])
        line, _ = d.document.line_col(seg.file_offset(0))
        target_codes, source_codes = _codes(seg.tags), _codes(seg.source_tags)
        paragraphs.append(
            {
                "segment": seg,
                "badges": lambda text, codes=target_codes: badges(text, codes),
                "source_badges": lambda text, codes=source_codes: badges(text, codes),
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
    """The whole report page as one HTML string (the bytes of a file name that are
    not UTF-8 escaped: `escape_undecodable`)."""
    page = template("report.html.j2").render(
        report=report,
        documents=[_document_view(d, i) for i, d in enumerate(report.documents, 1)],
        severities=list(reversed(SEVERITIES)),
        version=tool_version,
        worst_first=worst_first,
        rwc=rwc,
    )
    return escape_undecodable(page)
