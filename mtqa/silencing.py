"""What the user chose not to hear: per-file ignores and inline suppressions."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath

from .model import Finding, Suppression
from .registry import LT_PREFIX, matches
from .rulebase import Rule


def per_file_selectors(path: str, per_file_ignores: Mapping[str, Sequence[str]]) -> list[str]:
    """The rule selectors that ``[tool.mtqa.per-file-ignores]`` ignores for ``path``
    (globs match the path as given, relative to the current folder, or the file name)."""
    posix = PurePath(path).as_posix().removeprefix("./")
    name = PurePath(path).name
    return [
        selector
        for glob, selectors in per_file_ignores.items()
        if fnmatch.fnmatch(posix, glob) or fnmatch.fnmatch(name, glob)
        for selector in selectors
    ]


def is_heard(
    rule: Rule,
    ignored: Sequence[str],
    suppressions: Sequence[Suppression],
    segments: Iterable[int],
) -> bool:
    """Whether ``rule`` is heard on any of ``segments`` (1-based indexes): it is not
    ignored for the file and some of the segments is outside every suppression naming
    it. A rule silenced wherever it looks has checked nothing the gate can count."""
    if any(matches(rule, s) for s in ignored):
        return False
    covered: set[int] = set()
    for s in suppressions:
        if not s.selectors or any(matches(rule, x) for x in s.selectors):
            covered.update(s.segments)
    if not covered:
        return any(True for _ in segments)
    return any(i not in covered for i in segments)


def silence(
    findings: list[Finding],
    rules: Mapping[str, Rule],
    ignored: Sequence[str],
    suppressions: Sequence[Suppression],
    known: Sequence[Rule] = (),
) -> tuple[list[Finding], list[Suppression]]:
    """The findings left after per-file ignores and inline suppressions, and the
    suppressions that silenced nothing although a rule they name ran, or that name
    a rule ``known`` (every rule of the run's rule set) does not have: a mistyped
    code silences nothing and must not look as if it did."""
    used: set[int] = set()
    kept = []
    for f in findings:
        rule = rules[f.rule]
        if any(matches(rule, s) for s in ignored):
            continue
        covering = [
            i
            for i, s in enumerate(suppressions)
            if f.segment in s.segments
            and (not s.selectors or any(matches(rule, x) for x in s.selectors))
        ]
        if covering:
            used.update(covering)
            continue
        kept.append(f)
    unused = [
        s
        for i, s in enumerate(suppressions)
        if i not in used
        and (
            not s.selectors
            or any(matches(r, x) for r in rules.values() for x in s.selectors)
            or any(_names_nothing(x, known) for x in s.selectors)
        )
    ]
    return kept, unused


def _names_nothing(selector: str, known: Sequence[Rule]) -> bool:
    """Whether ``selector`` names no rule at all (a LanguageTool rule, LT:…, is the
    server's to know)."""
    if selector.strip().upper().startswith(LT_PREFIX):
        return False
    return bool(known) and not any(matches(r, selector) for r in known)
