"""The HTML review report: an index of a run's documents and one page per document.

Every page is one self-contained file: its style and script are inline, allowed
by their SHA-256 hashes in a Content-Security-Policy meta tag that forbids every
other script, style, image, font, frame and network connection (`csp`). Input
text reaches a page only through Jinja2's autoescaping, as element text or a
quoted attribute value, so no text can run script or break the layout.

A document page shows each paragraph with its findings highlighted in place and
a findings list beside it (filters, search, sort, keyboard, triage marks kept in
the browser and exported as a triage file, `mtqa.triage`); the index lists every
document with its score, band, verdict and counts (`mtqa.writers.reportdir`).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from .. import regexcache
from ..fingerprints import of_result
from ..fixing import not_in_place
from ..gate import TOO_SHORT
from ..model import CODE_ELEMENTS, SEVERITIES, TAG, DocumentResult, Finding, RunInfo, RunSummary
from ..scoring import BAND_NAMES
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

# most severe first, as lists and charts show them
SEVERITY_ORDER = tuple(reversed(SEVERITIES))


def template(name: str):
    """A template of mtqa's HTML pages (autoescaped, self-contained; ``csp`` gives
    a page's policy from its inline style)."""
    return _ENV.get_template(name)


@cache
def asset(name: str) -> str:
    """The text of a file of ``mtqa/templates`` (a page's inline style or script)."""
    return files("mtqa").joinpath("templates", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def csp(styles: Sequence[str] = (), scripts: Sequence[str] = ()) -> str:
    """The Content-Security-Policy of a page whose only style and script are the
    inline ``styles`` and ``scripts`` (their exact text): nothing else is loaded
    or run, no form is sent and no plugin is started (CSP Level 3 hash sources).
    Links to other pages of the report and downloads of exported files are
    navigations, which the policy leaves alone."""
    style_src = " ".join(_sha256(s) for s in styles) or "'none'"
    script_src = " ".join(_sha256(s) for s in scripts) or "'none'"
    return (
        f"default-src 'none'; style-src {style_src}; script-src {script_src}; "
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


_ENV.globals["csp"] = csp


@dataclass(frozen=True)
class Piece:
    """A run of a paragraph's text and the findings that cover all of it; a piece
    with no text stands for findings of an empty span (text missing there)."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.findings), key=SEVERITIES.index)


def pieces(text: str, findings: Sequence[Finding]) -> list[Piece]:
    """Cut ``text`` at every finding boundary so that overlapping findings can be
    shown; a finding of an empty span (an insertion point, a missing translation)
    becomes an empty piece where it stands. Linear in the number of boundaries and
    findings covering each piece (findings sorted by start or not)."""
    spans = sorted(findings, key=lambda f: (f.start, f.end))
    cuts = sorted({0, len(text), *(f.start for f in spans), *(f.end for f in spans)})
    empty: dict[int, list[Finding]] = {}
    for f in spans:
        if f.start == f.end:
            empty.setdefault(f.start, []).append(f)
    out: list[Piece] = []
    open_: list[Finding] = []  # findings covering the current piece
    nxt = 0
    for a, b in itertools.pairwise(cuts):
        if a in empty:
            out.append(Piece("", tuple(empty.pop(a))))
        while nxt < len(spans) and spans[nxt].start <= a:
            if spans[nxt].end > spans[nxt].start:
                open_.append(spans[nxt])
            nxt += 1
        open_ = [f for f in open_ if f.end > a]
        out.append(Piece(text[a:b], tuple(f for f in open_ if f.end >= b)))
    out.extend(Piece("", tuple(fs)) for fs in empty.values())  # at the very end
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


_SLUG_RE = regexcache.compile(r"[^a-z0-9]+")


def page_name(number: int, path: str) -> str:
    """The file name of document ``number``'s page (1-based, in run order):
    ``0007-article-txt.html``. Only lowercase ASCII letters, digits and hyphens
    from the file's name, so that no name can escape the folder or need quoting."""
    base = "stdin" if path == "-" else path.replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    slug = _SLUG_RE.sub("-", ascii_name.lower()).strip("-")[:40].strip("-") or "document"
    return f"{number:04d}-{slug}.html"


def bars(counts: Sequence[tuple[str, int]], width: int = 160) -> list[dict]:
    """Rows of a horizontal bar chart: each label with its count and bar length in
    SVG units, the longest bar ``width`` long (no bar for a count of 0)."""
    top = max((n for _, n in counts), default=0)
    return [
        {"label": label, "n": n, "length": round(width * n / top, 1) if top else 0}
        for label, n in counts
    ]


@dataclass(frozen=True)
class IndexRow:
    """What the index shows of one document: its page, figures and counts."""

    number: int
    path: str
    page: str
    passed: bool
    reason: str
    score: float
    raw_score: float
    band: str
    words: int
    penalty: float
    segments: int
    findings: int
    by_severity: tuple[int, ...]  # in SEVERITY_ORDER
    # the first `FP_PREFIX` hex digits of each finding's fingerprint, space-separated:
    # the index counts the marks of a document's findings with them
    fingerprints: str = ""


FP_PREFIX = 12  # 48 bits: no two findings of one document share them by chance


def _finding_views(d: DocumentResult, scores: Sequence, run: RunInfo) -> list[dict]:
    """Each finding of a document with its page id, fingerprint, paragraph figures,
    and whether ``mtqa fix`` repairs it (its rule's fix is safe, and the file
    writes its span as the rule read it: `mtqa.fixing.not_in_place`)."""
    safe = {r.code for r in run.rules if r.fix_safe}
    segments = {s.index: s for s in d.document.segments}
    out = []
    for number, f in enumerate(d.findings, 1):
        seg_score = scores[f.segment - 1]
        fixable = (
            f.rule in safe
            and f.suggestion is not None
            and not_in_place(f, segments[f.segment], d.document) is None
        )
        out.append(
            {
                "id": f"f{number}",
                "f": f,
                "fp": of_result(d, f),
                "para_score": seg_score.score,
                "fixable": fixable,
            }
        )
    return out


def document_page(
    d: DocumentResult,
    number: int,
    run: RunInfo,
    *,
    rwc: int = 1000,
    worst_first: bool = False,
    neighbours: tuple[str | None, str | None] = (None, None),
) -> tuple[str, IndexRow]:
    """Document ``number``'s page (HTML text; bytes of a file name that are not
    UTF-8 escaped: `escape_undecodable`), and its row of the index. ``neighbours``
    are the page names of the previous and next documents, when known."""
    views = _finding_views(d, d.segment_scores, run)
    by_segment: dict[int, list[dict]] = {}
    for v in views:
        by_segment.setdefault(v["f"].segment, []).append(v)
    ids = {id(v["f"]): v["id"] for v in views}
    chrf = d.segment_chrf or [None] * len(d.document.segments)
    paragraphs = []
    for seg, score in zip(d.document.segments, d.segment_scores, strict=True):
        found = [v["f"] for v in by_segment.get(seg.index, [])]
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
                "worst": max((f.severity for f in found), key=SEVERITIES.index, default=None),
                "pieces": [
                    (p, " ".join(ids[id(f)] for f in p.findings)) for p in pieces(seg.text, found)
                ],
                "chrf": chrf[seg.index - 1],
            }
        )
    by_severity = tuple(sum(f.severity == s for f in d.findings) for s in SEVERITY_ORDER)
    categories = sorted(Counter(f.category for f in d.findings).items(), key=lambda kv: -kv[1])
    page = page_name(number, d.path)
    style, script = asset("report.css"), asset("triage.js") + asset("document.js")
    html = template("document.html.j2").render(
        d=d,
        number=number,
        run=run,
        paragraphs=paragraphs,
        findings=views,
        severity_bars=bars(list(zip(SEVERITY_ORDER, by_severity, strict=True))),
        category_bars=bars(categories[:8]),
        categories=sorted(c for c, _ in categories),
        rules=sorted({(f.rule, f.name) for f in d.findings}),
        severities=SEVERITY_ORDER,
        worst_first=worst_first,
        rwc=rwc,
        previous=neighbours[0],
        following=neighbours[1],
        style=style,
        script=script,
        policy=csp([style], [script]),
    )
    row = IndexRow(
        number,
        d.path,
        page,
        d.passed,
        d.verdict.reason,
        d.score.score,
        d.score.raw_score,
        d.score.band,
        d.score.words,
        d.score.penalty,
        len(d.document.segments),
        len(d.findings),
        by_severity,
        " ".join(v["fp"][:FP_PREFIX] for v in views),
    )
    return escape_undecodable(html), row


def index_page(
    rows: Sequence[IndexRow],
    summary: RunSummary,
    run: RunInfo,
    *,
    rwc: int = 1000,
    worst_first: bool = False,
) -> str:
    """The index page of a run's report folder: every document of ``rows`` with a
    link to its page (``documents/NAME``), and the run's figures."""
    style, script = asset("report.css"), asset("triage.js") + asset("index.js")
    severity_totals = [sum(r.by_severity[i] for r in rows) for i in range(len(SEVERITY_ORDER))]
    html = template("index.html.j2").render(
        rows=sorted(rows, key=lambda r: (r.score, r.number)) if worst_first else rows,
        summary=summary,
        run=run,
        severities=SEVERITY_ORDER,
        bands=BAND_NAMES,  # best first: the index's band filter offers them
        severity_bars=bars(list(zip(SEVERITY_ORDER, severity_totals, strict=True))),
        worst_first=worst_first,
        rwc=rwc,
        style=style,
        script=script,
        policy=csp([style], [script]),
    )
    return escape_undecodable(html)
