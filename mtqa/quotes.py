"""Quotation marks of a paragraph paired the way English uses them.

Straight double quotes (") do not say whether they open or close, so each is
read from its neighbours, as typographers' "smart quote" converters do: a mark
after a space or an opening bracket and before a word opens; a mark after a
word and before a space or punctuation closes.

Two English conventions are not errors and are recognised here:

- a quotation that runs over several paragraphs opens every paragraph with a
  quote mark and closes only the last one. In text whose paragraph breaks were
  lost (``...to work. "We want more ...``) the next paragraph's opening mark
  follows a sentence end inside the same line;
- so a quotation still open when a sentence ends and a new quotation opens,
  or when the paragraph ends and the next paragraph opens with a quote mark,
  was continued, not left unclosed. A colon (``Wang added: "``) ends no
  sentence: a quotation it introduces leaves the open one unclosed.

Only double quotes are paired: a single quote is also an apostrophe (the
players' union), so it says too little on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import regexcache

_MARK_RE = regexcache.compile(r"[\"“”]")
_SENTENCE_END = frozenset(".!?…")
_AFTER_SENTENCE_END = frozenset(")]’'")  # a bracket or single quote closed before the space
_OPENING_CONTEXT = frozenset("([{<—–-/")
_INCHES_RE = regexcache.compile(r"(?<!\d)\d{1,3}$")  # 12" or 5'11"; a year (2035") is no size


@dataclass(frozen=True, slots=True)
class QuoteReport:
    """What pairing found in one paragraph's text.

    ``pairs`` are (opening, closing) offsets of matched marks; ``spans`` the
    quoted stretches (start inclusive, end exclusive, marks included), a
    quotation re-opened after a sentence end being one stretch from its first
    mark, and one still open running to the paragraph's end; ``unclosed`` the
    offsets of the first marks of quotations never closed and not continued
    into the next paragraph, ``unopened`` closing marks with nothing open, and
    ``doubled`` the second mark of two identical marks side by side (``""``).
    """

    pairs: tuple[tuple[int, int], ...]
    spans: tuple[tuple[int, int], ...]
    unclosed: tuple[int, ...]
    unopened: tuple[int, ...]
    doubled: tuple[int, ...]
    open_at_end: int | None  # the first mark of a quotation still open when the paragraph ends
    closing: frozenset[int]  # the offsets of the closing marks of ``pairs``

    def inside(self, pos: int) -> bool:
        """Whether character offset ``pos`` lies inside a quotation."""
        return any(a <= pos < b for a, b in self.spans)

    def closes(self, pos: int) -> bool:
        """Whether the mark at offset ``pos`` closes a quotation."""
        return pos in self.closing


@dataclass
class _State:
    pairs: list[tuple[int, int]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    unclosed: list[int] = field(default_factory=list)
    unopened: list[int] = field(default_factory=list)
    doubled: list[int] = field(default_factory=list)
    open: int | None = None
    run_start: int = 0  # while a quotation is open: its first mark, before any re-opening


def _direction(text: str, pos: int, is_open: bool) -> str:
    """'open', 'close' or 'inch' for the mark at ``pos``, read from its neighbours.

    A straight mark after a number of one to three digits (55" screen, 5'11") is
    an inch mark when no quotation is open; after a year (2035") it is a quote.
    """
    ch = text[pos]
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    space_before = before.isspace() or before in _OPENING_CONTEXT
    space_after = after.isspace() or (not after.isalnum() and after not in "“‘'(")
    if (
        not is_open
        and _INCHES_RE.search(text, max(0, pos - 5), pos)
        and (after.isspace() or after in ",.;")
    ):
        return "inch"  # 12" vinyl, 5'11"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "close" if is_open else "open"  # both or neither side spaced: as the state says


def _previous_char(text: str, pos: int) -> tuple[str, int]:
    """The last non-space character before ``pos`` and its offset ("" and -1 if none)."""
    i = pos - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return (text[i], i) if i >= 0 else ("", -1)


def _after_sentence_end(text: str, pos: int) -> bool:
    """Whether the mark at ``pos`` starts the paragraph or follows a sentence end
    (``. "``, ``?) "``); a colon introduces a new quotation, it ends no sentence."""
    ch, i = _previous_char(text, pos)
    if ch in _AFTER_SENTENCE_END:
        ch, i = _previous_char(text, i)
    return ch == "" or ch in _SENTENCE_END


def _close_run(st: _State, end: int) -> int:
    """Record the open quotation, re-openings included, as one span ending at ``end``;
    returns the offset of its first mark."""
    st.spans.append((st.run_start, end))
    return st.run_start


def pair_quotes(text: str, continued_by_next: bool = False) -> QuoteReport:
    """Pair the double quotation marks of one paragraph.

    ``text`` is the paragraph; ``continued_by_next`` says whether the next
    paragraph opens with a quote mark (then a quotation still open at the end
    is a run-on quotation, not an unclosed one). Offsets are indexes into
    ``text``. Linear in the length of the text: each mark looks back only over
    the spaces before it.
    """
    if not has_quote_marks(text):
        return NO_QUOTES  # most paragraphs
    st = _State()
    last_mark: tuple[int, str] | None = None
    run = 0  # marks in the current run of one mark repeated, after its first
    for m in _MARK_RE.finditer(text):
        pos, ch = m.start(), m.group()
        if last_mark and last_mark[0] == pos - 1 and last_mark[1] == ch:
            if not run:
                st.doubled.append(pos)  # "" : one mark typed twice; a longer run, once
            run += 1
            last_mark = (pos, ch)
            continue
        run = 0
        last_mark = (pos, ch)
        kind = _direction(text, pos, st.open is not None)
        if kind == "inch":
            continue
        if kind == "open":
            if st.open is None:
                st.run_start = pos
            elif not _after_sentence_end(text, pos):
                # a new quotation opens mid-sentence: the open one never closed. Its
                # first mark is the one without a partner; re-openings after a
                # sentence end only continued it
                st.unclosed.append(_close_run(st, pos))
                st.run_start = pos
            st.open = pos
        elif st.open is None:
            st.unopened.append(pos)
        else:
            st.pairs.append((st.open, pos))
            _close_run(st, pos + 1)
            st.open = None
    open_at_end = None
    if st.open is not None:
        open_at_end = _close_run(st, len(text))
        if not continued_by_next:
            st.unclosed.append(open_at_end)
    return QuoteReport(
        tuple(st.pairs),
        tuple(sorted(st.spans)),
        tuple(sorted(st.unclosed)),
        tuple(st.unopened),
        tuple(st.doubled),
        open_at_end,
        frozenset(close for _, close in st.pairs),
    )


NO_QUOTES = QuoteReport((), (), (), (), (), None, frozenset())
"""What pairing finds in a paragraph without double quotation marks."""


def has_quote_marks(text: str) -> bool:
    """Whether ``text`` holds a double quotation mark (" “ ”), without which pairing
    finds nothing: three searches for a character, in C."""
    return '"' in text or "“" in text or "”" in text


def opens_with_quote(text: str) -> bool:
    """Whether a paragraph opens with a quotation mark (a run-on quotation's next part)."""
    return text.lstrip()[:1] in ('"', "“")
