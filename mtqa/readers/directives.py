"""Inline suppression comments in Markdown (and HTML) files.

``<!-- mtqa: ignore MT201 -->`` silences the listed rules (codes, prefixes,
names or categories; none listed: every rule) in the next paragraph;
``<!-- mtqa: disable MT201 -->`` … ``<!-- mtqa: enable MT201 -->`` in every
paragraph between them (``enable`` with no codes ends every open range).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import regexcache
from ..model import Suppression

# in any case, as noqa comments are read: a silently ignored "MTQA: DISABLE ALL"
# would leave the reviewer believing the text was silenced
DIRECTIVE_RE = regexcache.compile(
    r"<!--\s*mtqa:\s*(ignore|disable|enable)\b([^>]*?)\s*-->", re.IGNORECASE
)


@dataclass
class _Open:
    line: int
    verb: str
    selectors: tuple[str, ...]
    segments: list[int] = field(default_factory=list)

    def done(self) -> Suppression:
        directive = " ".join((self.verb, ",".join(self.selectors))).strip()
        return Suppression(self.line, directive, self.selectors, tuple(self.segments))


class DirectiveTracker:
    """Collects directives as a reader walks the file, and which segments each covers."""

    def __init__(self) -> None:
        self._pending: list[_Open] = []  # ignore: waits for the next segment
        self._ranges: list[_Open] = []  # disable: open until enable
        self._done: list[Suppression] = []

    def comment(self, text: str, line: int) -> None:
        """Read every directive in an HTML comment block that starts at ``line``."""
        for m in DIRECTIVE_RE.finditer(text):
            verb = m.group(1).lower()
            selectors = tuple(s for s in re.split(r"[\s,]+", m.group(2)) if s)
            at = line + text.count("\n", 0, m.start())
            if verb == "ignore":
                self._pending.append(_Open(at, verb, selectors))
            elif verb == "disable":
                self._ranges.append(_Open(at, verb, selectors))
            else:
                closing = [
                    r for r in self._ranges if not selectors or set(selectors) & set(r.selectors)
                ]
                for r in closing:
                    self._ranges.remove(r)
                    self._done.append(r.done())

    def segment(self, index: int) -> None:
        """A segment was read: pending ignores and open ranges cover it."""
        for d in self._pending:
            d.segments.append(index)
            self._done.append(d.done())
        self._pending = []
        for r in self._ranges:
            r.segments.append(index)

    def result(self) -> list[Suppression]:
        """Every directive, in file order (an ignore with no paragraph after it covers none)."""
        leftovers = [d.done() for d in self._pending + self._ranges]
        return sorted(self._done + leftovers, key=lambda s: (s.line, s.directive))
