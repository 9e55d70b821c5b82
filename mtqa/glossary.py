"""Glossaries: the target term a source term must become, and target terms to avoid.

Read from CSV (columns ``source``, ``target`` and optional ``forbidden`` and
``note``; several terms in one cell separated by ``|``) or TBX (a ``termEntry``'s
terms by language; a term marked deprecated or superseded is forbidden).
Target terms match case-insensitively, and tolerate English inflection on each
word (term, terms, termed, terming, term's).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .datafile import read_data_file
from .errors import ConfigError
from .model import primary_language
from .readers import quoted_names

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORBIDDEN_STATUS = ("deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "deprecated",
                    "superseded", "forbidden")  # fmt: skip


def term_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive pattern for a term, each word allowed an English inflection."""
    words = term.split()
    body = r"\s+".join(re.escape(w) + r"(?:s|es|ed|d|ing|['’]s)?" for w in words)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    source: str
    targets: tuple[str, ...]
    forbidden: tuple[str, ...]
    note: str = ""

    def in_source(self, text: str) -> bool:
        if self.source.isascii():
            return term_pattern(self.source).search(text) is not None
        return self.source in text


class Glossary:
    """The terms of one glossary file, with their patterns compiled once."""

    def __init__(self, terms: list[Term], path: str, digest: str = "") -> None:
        self.terms = terms
        self.path = path
        self.digest = digest  # sha256 of the file's text: what the run signature names
        self._patterns = {
            t: term_pattern(t) for term in terms for t in (*term.targets, *term.forbidden)
        }

    def find(self, term: str, text: str) -> list[re.Match[str]]:
        return list(self._patterns[term].finditer(text))

    @classmethod
    def load(cls, path: str, source_lang: str = "zh", target_lang: str = "en") -> Glossary:
        try:
            text = read_data_file(path, "glossary")
        except FileNotFoundError:
            raise ConfigError(f"{path}: the glossary does not exist") from None
        if Path(path).suffix.lower() in (".tbx", ".xml"):
            terms = _tbx_terms(text, path, source_lang, target_lang)
        else:
            terms = _csv_terms(text, path)
        if not terms:
            raise ConfigError(f"{path}: the glossary has no terms")
        return cls(_merged(terms), path, hashlib.sha256(text.encode()).hexdigest())


def _merged(terms: list[Term]) -> list[Term]:
    """One term per source: rows (or TBX entries) that give one source term several
    renderings are alternatives, any of which satisfies it, exactly as
    ``medical care|health care`` in one cell."""
    by_source: dict[str, Term] = {}
    for term in terms:
        key = term.source.casefold() if term.source else f"\0{len(by_source)}"
        seen = by_source.get(key)
        if seen is None:
            by_source[key] = term
            continue
        by_source[key] = Term(
            seen.source,
            tuple(dict.fromkeys((*seen.targets, *term.targets))),
            tuple(dict.fromkeys((*seen.forbidden, *term.forbidden))),
            "; ".join(n for n in (seen.note, term.note) if n),
        )
    return list(by_source.values())


def _shown(term: str) -> str:
    """A term as an error message quotes it: on one line, cut to `NAME_CHARS`."""
    return repr(quoted_names([term]))


def _split(cell: object) -> tuple[str, ...]:
    return tuple(x.strip() for x in str(cell or "").split("|") if x.strip())


def _csv_terms(text: str, path: str) -> list[Term]:
    import pandas as pd  # only here: a run without a CSV glossary does not pay its import

    sep = "\t" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise ConfigError(f"{path}: malformed glossary: {exc}") from None
    columns = {c.lower(): c for c in frame.columns}
    if "source" not in columns or ("target" not in columns and "forbidden" not in columns):
        raise ConfigError(
            f"{path}: a glossary needs 'source' and 'target' (or 'forbidden') "
            f"columns, not {quoted_names(list(frame.columns))}"
        )
    terms = []
    for line, row in enumerate(frame.to_dict("records"), 2):  # line 1 is the header
        source = str(row[columns["source"]]).strip()
        targets = _split(row.get(columns.get("target", ""), ""))
        forbidden = _split(row.get(columns.get("forbidden", ""), ""))
        if not (source or targets or forbidden):
            continue  # a blank row
        if targets and not source:
            raise ConfigError(
                f"{path}:{line}: the source term is empty (target {_shown(targets[0])})"
            )
        if source and not (targets or forbidden):
            raise ConfigError(
                f"{path}:{line}: the term {_shown(source)} has no target and no forbidden"
            )
        terms.append(Term(source, targets, forbidden, str(row.get(columns.get("note", ""), ""))))
    return terms


def _tbx_terms(text: str, path: str, source_lang: str, target_lang: str) -> list[Term]:
    import xml.etree.ElementTree as ET

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(text)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise ConfigError(f"{path}: malformed or unsafe TBX: {exc}") from None
    src, trg = primary_language(source_lang), primary_language(target_lang)
    terms = []
    for number, entry in enumerate(
        (e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("termEntry", "conceptEntry")), 1
    ):
        by_lang: dict[str, list[tuple[str, bool]]] = {}
        for lang_set in (e for e in entry.iter() if e.tag.rsplit("}", 1)[-1] == "langSet"):
            lang = primary_language(lang_set.get(XML_LANG) or lang_set.get("lang") or "")
            if not lang:
                where = entry.get("id") or f"number {number}"
                raise ConfigError(f"{path}: term entry {where} has a langSet without xml:lang")
            for holder in lang_set.iter():
                name = holder.tag.rsplit("}", 1)[-1]
                if name not in ("tig", "ntig", "termSec"):
                    continue
                term = next(
                    (t.text for t in holder.iter() if t.tag.rsplit("}", 1)[-1] == "term"), None
                )
                status = " ".join(
                    (n.text or "")
                    for n in holder.iter()
                    if n.tag.rsplit("}", 1)[-1] in ("termNote", "descrip")
                )
                if term:
                    by_lang.setdefault(lang, []).append(
                        (term.strip(), any(s in status for s in FORBIDDEN_STATUS))
                    )
        sources = [t for t, bad in by_lang.get(src, []) if not bad]
        targets = tuple(t for t, bad in by_lang.get(trg, []) if not bad)
        forbidden = tuple(t for t, bad in by_lang.get(trg, []) if bad)
        for source in sources or [""]:
            if source or forbidden:
                terms.append(Term(source, targets, forbidden))
    if not terms:
        raise ConfigError(
            f"{path}: no term entry has a '{src}' term with a '{trg}' rendering "
            "(the xml:lang of its langSets)"
        )
    return terms
