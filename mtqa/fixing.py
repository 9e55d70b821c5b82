"""Repairing the findings whose fixes are certain: ``mtqa fix`` and `mtqa.fix_text`.

A text goes round until nothing more is fixed (at most `MAX_PASSES` times):
the format's reader segments it, the selected rules check it as `mtqa check`
does, the suggestion of each finding of a rule that can fix (`fixing_rules`)
becomes an edit of the file's text (`plan`), and
the edits that do not overlap are applied. Only the span a finding covers
changes: the text is the file's own decoded text, its line ends, byte-order
mark and everything outside the spans untouched, so that encoding it again
gives the file's bytes but for the edits (`mtqa.fixfiles`).

An edit is made only where the file holds the span as the rule read it: a span
written with markup, an escape, an entity or an inline tag in between (Markdown
emphasis, ``\\n`` in JSON, ``&amp;``, an XLIFF ``<ph/>``) is left alone and
reported, as is one inside inline code or a link (`mtqa.model.Segment.skip`),
and a replacement the format cannot hold there (a comma in an unquoted CSV
cell). Overlapping edits: the one that starts first, then the shorter, then the
lower rule code is applied; the others wait for the next pass, which checks the
text again.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape as xml_escape

from . import regexcache
from .config import Config
from .engine import Checker
from .errors import ConfigError, InputError
from .model import Document, DocumentResult, Finding, Segment
from .readers import ReadOptions, parse
from .readers.documents import split
from .readers.escapes import written_end
from .rulebase import Rule

# formats whose files `mtqa fix` writes back: each reader maps every character of a
# segment to its place in the file, and `_ESCAPERS` writes a replacement in it
FIXABLE_FORMATS = ("txt", "md", "tsv", "csv", "jsonl", "xliff", "tmx", "po", "srt", "vtt")

# passes over a text before giving up: a fix that makes another finding (a doubled
# word removed leaves a space before a comma) is fixed on the next pass; two or
# three passes are the most a text has needed
MAX_PASSES = 10

# texts of more segments than this skip the fixing rules' own pass (`Fixer`): in a
# long text some finding of theirs is almost always covered by another rule's
# (checked again on every pass), and asking them first then only adds their time
# (a million-word JSONL file as one document fixed in 15% more time)
VERIFY_SEGMENTS = 100


@dataclass(frozen=True)
class Edit:
    """One repair: ``before`` replaced by ``after`` at characters [start, end) of the
    text it was made in (`FixResult.original` for pass 1, the text after the
    previous pass for later ones); ``line`` and ``column`` (1-based, code points)
    say where it is in the original text. ``before`` and ``after`` are as the file
    writes them (escaped as its format escapes)."""

    rule: str
    start: int
    end: int
    before: str
    after: str
    line: int = 0
    column: int = 0
    fix_pass: int = 1

    def as_dict(self, path: str) -> dict[str, object]:
        """The edit for a JSON audit trail (`mtqa fix --format json`)."""
        return _as_json(self, path, ("line", "column", "rule", "before", "after", "fix_pass"))


@dataclass(frozen=True)
class Unfixed:
    """A finding with a fix that was not applied, and why (one short phrase)."""

    rule: str
    line: int
    column: int
    text: str
    suggestion: str
    reason: str

    def as_dict(self, path: str) -> dict[str, object]:
        """The finding for `mtqa fix --format json`."""
        return _as_json(self, path, ("line", "column", "rule", "text", "suggestion", "reason"))


def _as_json(item: object, path: str, names: tuple[str, ...]) -> dict[str, object]:
    """``item``'s fields ``names`` after its file's path, as `mtqa fix --format json`
    writes them (``fix_pass`` as "pass")."""
    return {"path": path, **{_JSON_KEYS.get(n, n): getattr(item, n) for n in names}}


_JSON_KEYS = {"fix_pass": "pass"}


@dataclass
class FixResult:
    """A text before and after fixing, the edits made (in the order of the passes,
    and within a pass of the text), the fixes left undone by the last pass, and
    whether the passes ended because nothing more was to be fixed."""

    original: str
    fixed: str
    edits: list[Edit] = field(default_factory=list)
    unfixed: list[Unfixed] = field(default_factory=list)
    passes: int = 0
    converged: bool = True


def fixing_rules(rules: Iterable[Rule], unsafe: bool = False) -> list[Rule]:
    """The rules whose suggestions `mtqa fix` applies: those with a fix declared
    safe (`mtqa.rulebase.Rule.fix_safe`), and with ``unsafe`` those whose fixes
    need a reader's eye too."""
    return [r for r in rules if r.fix != "never" and (r.fix_safe or unsafe)]


@dataclass(frozen=True)
class Fixer:
    """What `mtqa fix` checks a text with: a Checker of every rule the configuration
    selects, so that a finding `mtqa check` does not report, because another one
    covers it (a stray space inside a line to delete, punctuation inside text in
    the wrong encoding: `mtqa.engine`), is not fixed either; and ``codes``, the
    rules whose suggestions it applies (`fixing_rules`); ``verifier``, a Checker of
    those rules alone. Since the other rules only take findings away (one that
    covers another), a text in which the fixing rules find nothing to fix has
    nothing to fix: the verifier settles most last passes of short texts at a
    fraction of a whole check."""

    checker: Checker
    codes: frozenset[str]
    # the rules of ``codes`` alone: asked first by a pass that may find the text done
    # (`fix_text_with`)
    verifier: Checker


def fixer(config: Config, unsafe: bool = False) -> Fixer:
    """The `Fixer` of the rules ``config`` selects, without LanguageTool (its
    suggestions are not certain); with ``unsafe``, the fixes that need a reader's
    eye too. Raises ConfigError as `Checker` does, and when the selection has no
    rule that fixes."""
    checker = Checker(replace(config, languagetool="off"))
    codes = frozenset(r.code for r in fixing_rules(checker.rules, unsafe))
    if not codes:
        waiting = [r.code for r in fixing_rules(checker.rules, unsafe=True)]
        more = f" ({', '.join(waiting)}: only their unsafe fixes)" if waiting else ""
        raise ConfigError(f"no selected rule has a safe fix to apply{more}")
    verifier = Checker(replace(config, languagetool="off", select=tuple(sorted(codes))))
    if {r.code for r in verifier.rules} != codes:
        # a selector matches a rule's name too: a pack rule named as another's code
        # ("acme1") would join the fixing rules, whose findings it may cover
        verifier = checker
    return Fixer(checker, codes, verifier)


def refuse_unwritable(path: str, fmt: str) -> None:
    """Raise InputError for a format whose files mtqa fix does not write back (not
    one of `FIXABLE_FORMATS`: HTML is checked, not fixed)."""
    if fmt not in FIXABLE_FORMATS:
        known = ", ".join(FIXABLE_FORMATS)
        raise InputError(f"{path}: mtqa fix does not write {fmt.upper()} (it writes {known})")


def fix_text_with(
    fixer: Fixer,
    text: str,
    path: str = "-",
    fmt: str = "txt",
    options: ReadOptions | None = None,
    max_passes: int = MAX_PASSES,
    codec: str | None = None,
) -> FixResult:
    """Fix ``text`` (the decoded file, byte-order mark removed, line ends as they
    are) with ``fixer``'s rules, pass after pass (`MAX_PASSES`); ``codec``: the
    encoding the text is written in, whose replacements must fit it. Raises
    InputError for a format mtqa does not write back (`FIXABLE_FORMATS`), and when
    the text cannot be read as ``fmt``."""
    refuse_unwritable(path, fmt)
    options = options or ReadOptions()
    result = FixResult(original=text, fixed=text)
    history: list[list[Edit]] = []  # each pass's edits, in the offsets of its text
    undone: list[tuple[int, Unfixed]] = []
    current = text
    before: list[str] = []  # the text each pass began with
    for number in range(1, max_passes + 2):
        try:
            document = parse(current, path, fmt, options)
        except InputError:
            if not history:
                raise  # the file itself cannot be read
            # the last pass made a file its reader refuses: a fault of mtqa's, never
            # to be written; that pass is undone, its edits reported, and fixing stops
            current = before.pop()
            why = "mtqa's edit would make a file its reader refuses"
            undone = [
                (e.start, Unfixed(e.rule, 0, 0, e.before, e.after, why)) for e in history.pop()
            ]
            result.passes -= 1
            break
        raw = _RawText(current)
        # the first pass, one after a pass that left a fix undone, and a long text ask
        # every rule; the others ask the fixing rules first, which most often find
        # nothing more to fix: the text is done (`Fixer`)
        every_rule = not history or bool(undone) or len(document.segments) > VERIFY_SEGMENTS
        if not every_rule:
            edits, undone = _planned(fixer.verifier, document, raw, fmt, codec, fixer.codes)
            every_rule = bool(edits or undone)  # some may be covered by other findings
        if every_rule:
            edits, undone = _planned(fixer.checker, document, raw, fmt, codec, fixer.codes)
        if not edits:
            break
        if number > max_passes:  # one pass more found more to fix: it goes on and on
            result.converged = False
            break
        result.passes = number
        before.append(current)
        current = apply(current, edits)
        history.append([replace(e, fix_pass=number) for e in edits])
    result.fixed = current
    original = _RawText(text)
    for number, edits in enumerate(history):
        for edit in edits:
            line, column = original.line_col(_to_original(edit.start, history[:number]))
            result.edits.append(replace(edit, line=line, column=column))
    for offset, unfixed in undone:
        line, column = original.line_col(_to_original(offset, history))
        result.unfixed.append(replace(unfixed, line=line, column=column))
    return result


def _planned(
    checker: Checker,
    document: Document,
    raw: _RawText,
    fmt: str,
    codec: str | None,
    codes: frozenset[str],
) -> tuple[list[Edit], list[tuple[int, Unfixed]]]:
    """The edits (ascending, not overlapping) of ``document`` checked by
    ``checker``, and the fixes that cannot be made (`plan`). A table's documents
    (`mtqa.readers.documents`) are checked each on its own, as `check` checks them;
    their rows never overlap, nor do their edits."""
    edits: list[Edit] = []
    undone: list[tuple[int, Unfixed]] = []
    for part in split(document):
        more, left = plan(checker.check(part, for_run=False), raw, fmt, codec, codes)
        edits += more
        undone += left
    edits.sort(key=lambda e: e.start)
    if fmt == "md" and edits:
        edits, broke = _markdown_kept(raw.text, edits)
        undone += broke
    return edits, undone


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (ascending, not overlapping) made."""
    parts = []
    at = 0
    for edit in edits:
        parts += (text[at : edit.start], edit.after)
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


class _RawText:
    """A file's decoded text as the readers see it and as it is: `parse` reads
    CRLF and CR as one line end and drops a leading U+FEFF; `raw` turns an offset
    of what parse read into one of the text itself."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lead = 1 if text.startswith("\ufeff") else 0
        # where each CRLF's LF stands in the text parse reads (each earlier CRLF is
        # one character shorter there)
        self._crlfs = [m.start() - self.lead - i for i, m in enumerate(_CRLF_RE.finditer(text))]
        self.crlf = bool(self._crlfs)
        self._line_starts = [0] + [m.end() for m in _LINE_END_RE.finditer(text)]

    def raw(self, offset: int) -> int:
        """The offset in the text of ``offset`` in the text `parse` read."""
        return self.lead + offset + bisect_left(self._crlfs, offset)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of an offset of the text, as a
        check reports them (a leading U+FEFF is no column)."""
        line = bisect_right(self._line_starts, offset)
        column = offset - self._line_starts[line - 1] + 1
        return line, column - self.lead if line == 1 else column


_CRLF_RE = regexcache.compile("\r\n")
_LINE_END_RE = regexcache.compile("\r\n|\r|\n")


def plan(
    result: DocumentResult,
    text: _RawText,
    fmt: str,
    codec: str | None,
    codes: frozenset[str],
) -> tuple[list[Edit], list[tuple[int, Unfixed]]]:
    """The edits of a checked document's findings of the rules ``codes`` that carry
    a suggestion, ascending and not overlapping, in offsets of ``text``; and the
    fixes that cannot be made, each with its offset in ``text`` (its line and
    column are the caller's to fill)."""
    segments = {s.index: s for s in result.document.segments}
    candidates: list[Edit] = []
    unfixed: list[tuple[int, Unfixed]] = []
    for finding in result.findings:
        if finding.rule not in codes:
            continue  # a rule that reports, or whose fix is not asked for
        if finding.suggestion is None or finding.suggestion == finding.text:
            continue  # nothing to write (a suggestion that is the text changes nothing)
        segment = segments[finding.segment]
        edit = _edit(finding, segment, result.document, text, fmt, codec)
        if isinstance(edit, str):
            at = text.raw(segment.file_offset(finding.start))
            undone = Unfixed(finding.rule, 0, 0, finding.text, finding.suggestion, edit)
            unfixed.append((at, undone))
        else:
            candidates.append(edit)
    # the earlier first, then the more specific (the shorter span), then by rule code
    candidates.sort(key=lambda e: (e.start, e.end - e.start, e.rule))
    edits: list[Edit] = []
    for edit in candidates:
        last = edits[-1] if edits else None
        # an edit that overlaps the one before, or that only blanks part from it,
        # waits for the next pass, which checks the text again: two rules reading
        # the same place may disagree (". ." made "," while the word after it is
        # capitalised as a sentence start)
        if last is not None and (
            edit.start < last.end or not text.text[last.end : edit.start].strip()
        ):
            continue
        edits.append(edit)
    return edits, unfixed


def not_in_place(finding: Finding, segment: Segment, document: Document) -> str | None:
    """Why a finding's span cannot be replaced in its file (a short phrase), or None
    when it can: it lies inside inline code or a link (`Segment.skip`), or the file
    writes it otherwise than the rule read it (markup, an escape, an entity or an
    inline tag in between). The HTML report marks the findings `mtqa fix` repairs
    with it."""
    start, end = finding.start, finding.end
    if any(a < end and start < b for a, b in segment.skip):
        return "inside inline code or a link"
    first = segment.file_offset(start)
    last = written_end(document.file_text, segment, end - 1) if end > start else first
    if document.file_text[first:last] != segment.text[start:end]:
        return "written with markup, an escape or a tag in the file"
    return None


def _edit(
    finding: Finding,
    segment: Segment,
    document: Document,
    text: _RawText,
    fmt: str,
    codec: str | None,
) -> Edit | str:
    """The edit of a finding's suggestion, or why it cannot be made."""
    why_not = not_in_place(finding, segment, document)
    if why_not is not None:
        return why_not
    first = segment.file_offset(finding.start)
    last = first + finding.end - finding.start
    raw_start, raw_end = text.raw(first), text.raw(last)
    assert finding.suggestion is not None
    after = finding.suggestion.replace("\n", "\r\n") if text.crlf else finding.suggestion
    written = _ESCAPERS[fmt](after, document.file_text, segment.file_offset(0), first, last)
    if written is None:
        return _REFUSED[fmt]
    if codec is not None and not _fits(written, codec):
        return f"the replacement has characters {codec} cannot hold"
    if written == "" and fmt in ("txt", "md"):
        raw_start, raw_end, written = _whole_lines(text.text, raw_start, raw_end)
    return Edit(finding.rule, raw_start, raw_end, text.text[raw_start:raw_end], written)


_BREAKS = "\r\n"


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int, str]:
    """A deletion of whole lines (a scraper line) takes its line ends too, so that no
    blank line is left where it was: those after it, or, at the end of the text,
    those before it but one line end (the text's last)."""
    if (start and text[start - 1] not in _BREAKS) or (end < len(text) and text[end] not in _BREAKS):
        return start, end, ""
    after = end
    while after < len(text) and text[after] in _BREAKS:
        after += 1
    if after < len(text) or start == 0:
        return start, after, ""
    before = start
    while before and text[before - 1] in _BREAKS:
        before -= 1
    last = "\r\n" if text.endswith("\r\n") else text[-1] if text[-1] in _BREAKS else ""
    return before, after, last


def _markdown_kept(text: str, edits: list[Edit]) -> tuple[list[Edit], list[tuple[int, Unfixed]]]:
    """The edits that keep the Markdown's structure (`mtqa.readers.markdown.structure`:
    its links and their targets, code, lists, HTML), and those that would not: a
    space after "1." starts a list, a reader may take a bracket for text that a
    renderer reads as a link. All at once when they keep it (the usual case), else
    one by one, in order."""
    from .readers.markdown import structure

    shape = structure(text)
    if structure(apply(text, edits)) == shape:
        return edits, []
    kept: list[Edit] = []
    broke: list[tuple[int, Unfixed]] = []
    for edit in edits:
        if structure(apply(text, [*kept, edit])) == shape:
            kept.append(edit)
        else:
            why = "it would change what the Markdown renders to"
            broke.append((edit.start, Unfixed(edit.rule, 0, 0, edit.before, edit.after, why)))
    return kept, broke


def _fits(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _within(edit: Edit, at: int) -> int:
    """The offset before ``edit`` of the character ``at`` of its replacement: the
    same character where the replacement keeps the start or the end of what it
    replaced (" ." -> "." keeps the full stop), else where the edit began."""
    kept = _shared(edit.before, edit.after)
    if at < kept:
        return edit.start + at
    tail = _shared(edit.before[::-1], edit.after[::-1])
    if at >= len(edit.after) - tail:
        return edit.end - (len(edit.after) - at)
    return edit.start


def _shared(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share from their start."""
    pairs = zip(a, b, strict=False)  # up to the shorter
    return next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))


def _to_original(offset: int, history: Sequence[Sequence[Edit]]) -> int:
    """An offset of the text after the passes of ``history`` as one of the text
    before them: a place inside a replacement is where the replaced span began."""
    for edits in reversed(history):
        shift = 0  # how much longer the text has grown before the place
        inside = None
        for edit in edits:
            begins = edit.start + shift
            if offset < begins:
                break
            if offset < begins + len(edit.after):
                inside = _within(edit, offset - begins)
                break
            shift += len(edit.after) - (edit.end - edit.start)
        offset = inside if inside is not None else offset - shift
    return offset


# How each format writes a replacement of the span [start, end) of the file, in a
# segment whose first character is at ``cell``: None when it cannot (the finding is
# left for a reader, with `_REFUSED`'s reason). The span it replaces is verbatim in
# the file (`_edit`).
Escaper = Callable[[str, str, int, int, int], "str | None"]


def _verbatim(after: str, _file: str, _cell: int, _start: int, _end: int) -> str:
    return after


def _markdown(after: str, _file: str, _cell: int, _start: int, _end: int) -> str | None:
    # a backslash, "&" or "<" written into Markdown may make an escape, an entity or
    # a tag of what follows ("＼＊" made "\*" renders as "*"): a reader's to judge
    return None if any(c in after for c in "\\&<`") else after


def _webvtt(after: str, _file: str, _cell: int, _start: int, _end: int) -> str | None:
    # "&" and "<" written into a WebVTT cue may make a character reference or a tag
    # of what follows: a reader's to judge
    return None if "&" in after or "<" in after else after


def _json_string(after: str, _file: str, _cell: int, _start: int, _end: int) -> str:
    return json.dumps(after, ensure_ascii=False)[1:-1]


def _xml_text(after: str, file: str, _cell: int, start: int, end: int) -> str | None:
    # inside a CDATA section characters are written as they are (an entity would be
    # read as its letters), and "]]>" would end it
    opened = file.rfind("<![CDATA[", 0, start)
    if opened != -1 and file.find("]]>", opened, start) == -1:
        around = file[max(opened + 9, start - 2) : start] + after + file[end : end + 2]
        return None if "]]>" in around else after
    return xml_escape(after)


def _po_string(after: str, _file: str, _cell: int, _start: int, _end: int) -> str:
    return after.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def _table_cell(delimiter: str) -> Escaper:
    def escape(after: str, file: str, cell: int, start: int, end: int) -> str | None:
        # a cell in quotes opens with one, and doubles the quotes inside: the place
        # is inside them when an odd number of quotes lie between (text after the
        # closing quote, as some writers leave it, is not); a cell whose text starts
        # after spaces is taken as unquoted (the careful guess)
        if cell > 0 and file[cell - 1] == '"' and file.count('"', cell - 1, start) % 2 == 1:
            return after.replace('"', '""')
        if any(c in after for c in (delimiter, '"', "\n", "\r")):
            return None
        if start == cell and (after or file[end : end + 1]).startswith('"'):
            return None  # the cell would open with a quote: a quoted cell to a reader
        return after

    return escape


_ESCAPERS: dict[str, Escaper] = {
    "txt": _verbatim,
    "md": _markdown,
    "jsonl": _json_string,
    "xliff": _xml_text,
    "tmx": _xml_text,
    "po": _po_string,
    "csv": _table_cell(","),
    "tsv": _table_cell("\t"),
    "srt": _verbatim,
    "vtt": _webvtt,
}
_CDATA_END = "the replacement would end the CDATA section it is in"
_REFUSED = {
    "md": "the replacement would be read as Markdown (an escape, an entity, a tag or code)",
    "vtt": "the replacement would be read as WebVTT markup (a tag or a character reference)",
    "xliff": _CDATA_END,
    "tmx": _CDATA_END,
    "csv": "the replacement cannot be written in a CSV cell without quotes",
    "tsv": "the replacement cannot be written in a TSV cell without quotes",
}
