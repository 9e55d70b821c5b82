"""The JSON report: the contract in DESIGN.md, plus added fields only; and the JSON
text every JSON format writes, whole or a list item at a time."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import DocumentResult, DocumentTotals, Report, RunSummary, Score
from .base import SpoolingWriter, Write, Writer, escape_undecodable
from .spool import Part

JSON_VERSION = 2  # 2: the calibrated score, raw_score, band, confidence, tolerance


def report_dict(report: Report, tool_version: str) -> dict[str, Any]:
    """The report as the JSON contract's object."""
    triage = bool(report.triage)
    documents = [
        document_dict(t, triage, segment_entries(d), [f.as_dict() for f in d.findings])
        for d, t in zip(report.documents, report.totals, strict=True)
    ]
    return run_dict(report, tool_version, documents)


def run_dict(summary: RunSummary, tool_version: str, documents: Any) -> dict[str, Any]:
    """The JSON contract's object of a run with ``documents`` (`document_dict` each,
    or a `Hole` to stream them into)."""
    data: dict[str, Any] = {
        "version": JSON_VERSION,
        "tool": {
            "name": "mtqa",
            "version": tool_version,
            "rule_set": summary.rule_set,
            "signature": summary.signature,
        },
        "documents": documents,
        "summary": {
            "documents": len(summary.totals),
            **_figures(summary.summary),
            "findings": summary.findings,
            "threshold": summary.threshold,
            "passed": summary.passed,
            "failed": summary.failed,
            "suppressed": summary.suppressed,
            "encodings": summary.encodings,
            "skipped_rules": summary.skipped,
        },
    }
    if summary.languagetool is not None:
        data["summary"]["languagetool"] = summary.languagetool
    if summary.metrics is not None:
        data["summary"]["metrics"] = summary.metrics.as_dict()
    if summary.baseline is not None:
        data["summary"]["baseline"] = {
            "file": summary.baseline,
            "matched": summary.baselined,
            "fixed": [{"path": e.path, "rule": e.rule, "text": e.text} for e in summary.fixed],
        }
    if summary.triage:
        data["summary"]["triage"] = {"files": summary.triage, "suppressed": summary.triaged}
    return data


def document_dict(t: DocumentTotals, triage: bool, segments: Any, findings: Any) -> dict[str, Any]:
    """One document's object from its totals, with ``segments`` and ``findings``
    (lists, or `Hole`s to stream them into); ``triaged`` only when the run was
    given triage files, so the contract's keys stay as they were without them.
    ``metrics`` when the document has figures of its own: a streamed file has
    none (corpus BLEU, chrF++ and TER do not add up over chunks; the summary's
    cover the run)."""
    document: dict[str, Any] = {
        "path": t.path,
        **_figures(t.score),
        "passed": t.passed,
        "verdict": t.verdict.reason if t.verdict is not None else "",
        "encoding": t.encoding,
        "suppressed": t.suppressed,
        **({"triaged": t.triaged} if triage else {}),
        "segments": segments,
        "findings": findings,
        "unused_suppressions": [
            {"line": u.line, "directive": u.directive} for u in t.unused_suppressions
        ],
    }
    if t.metrics is not None:
        document["metrics"] = t.metrics.as_dict()
    return document


def segment_entries(d: DocumentResult) -> list[dict[str, Any]]:
    """Each segment's entry: its number in the file (a streamed chunk's counted on
    from the chunks before), its first line, its figures, id and sentence chrF++."""
    offset = d.document.segment_offset
    segments = []
    for i, (seg, score) in enumerate(zip(d.document.segments, d.segment_scores, strict=True)):
        line, _ = d.document.line_col(seg.file_offset(0))
        entry: dict[str, Any] = {"index": seg.index + offset, "line": line, **_figures(score)}
        if seg.id is not None:
            entry["id"] = seg.id
        if d.segment_chrf and d.segment_chrf[i] is not None:
            entry["chrf"] = d.segment_chrf[i]
        segments.append(entry)
    return segments


def _figures(score: Score) -> dict[str, Any]:
    """The scoring model's figures of a segment, a document or the run."""
    return {
        "words": score.words,
        "penalty": score.penalty,
        "score": score.score,
        "raw_score": score.raw_score,
        "tolerance": score.tolerance,
        "confidence": score.confidence,
        "band": score.band,
    }


class JsonWriter(SpoolingWriter):
    """The JSON report (`report_dict`): each document's segments and findings
    spooled as it comes, the report written at the run's end around them."""

    pieces = 2  # 0: segment entries, 1: findings

    def spool(self, part: Part, result: DocumentResult) -> None:
        sep = item_separator(self.indent)
        segments = segment_entries(result)
        self.add(part, 0, json_items(segments, self.indent), len(segments), sep)
        findings = [f.as_dict() for f in result.findings]
        self.add(part, 1, json_items(findings, self.indent), len(findings), sep)

    def finish(self, summary: RunSummary, documents: list[tuple[DocumentTotals, Part]]) -> None:
        triage = bool(summary.triage)
        top = json_frame(run_dict(summary, self.run.version, Hole()), self.indent)
        self.write(top.texts[0])
        listed = JsonList(self.write, top.pads[0], self.indent)
        for totals, part in documents:
            write = listed.item()
            frame = json_frame(document_dict(totals, triage, Hole(), Hole()), self.indent)
            for piece in (0, 1):
                write(frame.texts[piece])
                items = JsonList(write, frame.pads[piece], self.indent)
                items.extend(self.read(part, piece))
                items.close()
            write(frame.texts[2])
        listed.close()
        self.write(top.texts[1] + "\n")


def json_text(
    data: Any, indent: int | None = None, default: Callable[[Any], Any] | None = None
) -> str:
    """``data`` as the JSON text every JSON format writes: compact (``,`` and ``:``
    with no space after them: the least text for the machines that read it, and
    json's C encoder, which it uses only without ``indent``), or indented by
    ``indent`` spaces a level (``, `` and ``: ``, as json writes); UTF-8 characters
    as they are, and each byte of a file name that is not UTF-8, which UTF-8
    cannot hold, as ``\\xNN`` inside its string (`escape_undecodable`).
    ``default`` as for `json.dumps`."""
    if indent is None and default is None:
        text = _COMPACT.encode(data)
    else:
        separators = (",", ":") if indent is None else None
        text = json.dumps(
            data, ensure_ascii=False, indent=indent, separators=separators, default=default
        )
    return escape_undecodable(text, "\\\\")  # a backslash, as a JSON string writes it


# the compact encoder, made once: `json.dumps` with any option makes an encoder a call,
# which was a third of the time of writing a large run's JSON Lines
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def json_items(items: Sequence[Any], indent: int | None) -> str:
    """``items`` as the items of a JSON list without its brackets, as at the top
    level (`JsonList.extend` indents them where they go); "" for none. Compact,
    they are encoded in one call to the C encoder."""
    if indent is None:
        return json_text(list(items))[1:-1]
    return item_separator(indent).join(json_text(item, indent) for item in items)


def item_separator(indent: int | None) -> str:
    """What stands between two items of a list at the top level (`json_items`)."""
    return "," if indent is None else ",\n"


class Hole:
    """Where `json_frame` leaves a list open, to be written an item at a time."""

    __slots__ = ("token",)

    def __init__(self) -> None:
        # found by this string in the encoded text: 128 random bits, which no text
        # of a run holds
        self.token = secrets.token_hex(16)


@dataclass(frozen=True)
class JsonFrame:
    """JSON text with lists left open: ``texts[0]``, list 0, ``texts[1]``, ...,
    ``texts[-1]``; ``pads[i]``: the indentation of the line list ``i`` opens on."""

    texts: list[str]
    pads: list[str]


def json_frame(data: Any, indent: int | None) -> JsonFrame:
    """``data`` as `json_text` writes it, each `Hole` in it left open to be written
    in by a `JsonList`."""
    holes: list[Hole] = []

    def hole(value: object) -> str:
        if not isinstance(value, Hole):
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        holes.append(value)  # the encoder meets them in the order of the text
        return value.token

    rest = json_text(data, indent, default=hole)
    texts, pads = [], []
    for h in holes:
        before, _, rest = rest.partition(f'"{h.token}"')
        line = before[before.rfind("\n") + 1 :]
        texts.append(before)
        pads.append(line[: len(line) - len(line.lstrip(" "))])
    texts.append(rest)
    return JsonFrame(texts, pads)


class JsonList:
    """A JSON list written through ``write`` a piece at a time, byte for byte as
    `json_text` writes it whole: ``[`` at once, the items as they come (`extend`,
    `item`), ``]`` at `close`. ``pad`` is the indentation of the line it opens on
    (`JsonFrame.pads`); ``indent`` as for `json_text`."""

    def __init__(self, write: Write, pad: str, indent: int | None) -> None:
        self._write = write
        # what each newline of an item's text becomes: the item's indentation
        self._inner = None if indent is None else "\n" + pad + " " * indent
        self._close = "]" if indent is None else "\n" + pad + "]"
        self._empty = True
        write("[")

    def _begin(self) -> None:
        """The separator before an item (a newline and the indentation too)."""
        sep = "" if self._empty else ","
        self._empty = False
        self._write(sep if self._inner is None else sep + self._inner)

    def _indented(self, text: str) -> None:
        self._write(text if self._inner is None else text.replace("\n", self._inner))

    def extend(self, blocks: Iterable[str]) -> None:
        """Add the items `json_items` wrote, given in blocks (cut anywhere)."""
        started = False
        for block in blocks:
            if block and not started:
                self._begin()
                started = True
            self._indented(block)

    def item(self) -> Write:
        """Begin one item, to be written through the function returned, as at the
        top level (`json_frame`'s texts and further lists in it)."""
        self._begin()
        return self._indented

    def close(self) -> None:
        self._write("]" if self._empty else self._close)


class JsonlWriter(Writer):
    """One finding a line, as each document comes (with its path, the mtqa version,
    rule set and run signature): for streaming and for tools that read line by line."""

    live = True
    reads_segments = False

    def document(self, result: DocumentResult) -> None:
        if not result.findings:
            return
        # each line is {"path": ..., the finding's fields, the run's stamp}: the path
        # and the stamp are encoded once a document, not once a line
        stamp = {
            "mtqa_version": self.run.version,
            "rule_set": self.run.rule_set,
            "run_signature": self.run.signature,
        }
        head = '{"path":' + json_text(result.path) + ","
        tail = "," + json_text(stamp)[1:] + "\n"
        self.write("".join(head + json_text(f.as_dict())[1:-1] + tail for f in result.findings))

    def end(self, summary: RunSummary) -> None:
        pass  # the lines are the findings; the run's figures are in the other formats
