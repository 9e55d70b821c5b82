"""One name, spelling or quoted term written two ways in one document."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator

from mtqa.lexicon import is_english_word
from mtqa.rulebase import DocContext, Hit, rule

Occurrence = tuple[int, int, int]  # segment index, start, end

# Chinese geographic generics that MT keeps in pinyin *and* translates: Huaihe River.
PINYIN_GENERICS = {
    "River": ("he", "jiang"),
    "Mountain": ("shan",),
    "Mountains": ("shan",),
    "Lake": ("hu",),
    "Village": ("cun",),
    "Town": ("zhen",),
    "Township": ("xiang",),
    "County": ("xian",),
    "Street": ("jie",),
    "Road": ("lu",),
    "Bridge": ("qiao",),
    "Temple": ("si",),
    "Island": ("dao",),
    "Bay": ("wan",),
}
_NAME_RUN_RE = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
MAX_NAME_WORDS = 3


def _name_key(surface: str) -> str:
    words = re.split(r"[ -]", surface)
    if len(words) >= 2 and words[-1] in PINYIN_GENERICS:
        stem = words[-2].lower()
        for generic in PINYIN_GENERICS[words[-1]]:
            if stem.endswith(generic) and len(stem) > len(generic) + 1:
                words[-2] = words[-2][: -len(generic)]
                break
    return "".join(words).lower()


def _report_minority(
    forms: dict[str, dict[str, list[Occurrence]]], describe: Callable[[str, str], str]
) -> Iterator[Hit]:
    """For every key written more than one way, flag the less common forms.

    On a tie the form that appears first in the document wins.
    """
    for surfaces in forms.values():
        if len(surfaces) < 2:
            continue
        ranked = sorted(surfaces.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))
        main = ranked[0][0]
        for surface, places in ranked[1:]:
            for seg, start, end in places:
                yield Hit(start, end, describe(surface, main), main, segment=seg)


@rule(
    code="MT401",
    name="name-variant",
    category="Fluency/Inconsistency",
    severity="minor",
    rationale="""A name romanised two ways in one document (Taoranju / Tao Ranju,
    Huai River / Huaihe River) confuses readers and search. The less frequent
    form is flagged, with the main form as the suggestion.""",
    flags=[
        ("Yunhai Foods grew fast. Later Yun Hai opened a shop.", "Yun Hai"),
        ("The Huai River floods. Dams on the Huaihe River help.", "Huaihe River"),
    ],
    passes=["Tao Ran met Tao Ranju staff.", "Lake Tai is near Taihu Road."],
    scope="document",
)
def name_variant(ctx: DocContext) -> Iterator[Hit]:
    forms: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    for seg in ctx.segments:
        for m in _NAME_RUN_RE.finditer(seg.text):
            run = m.group()
            words = re.split(r"([ -])", run)
            # every sub-run of capitalised words, so "In Taoranju" still yields "Taoranju"
            tokens = words[::2]
            offsets = []
            pos = m.start()
            for i, w in enumerate(tokens):
                offsets.append(pos)
                pos += len(w) + (1 if i < len(tokens) - 1 else 0)
            for i in range(len(tokens)):
                for j in range(i + 1, min(len(tokens), i + MAX_NAME_WORDS) + 1):
                    start, end = offsets[i], offsets[j - 1] + len(tokens[j - 1])
                    surface = seg.text[start:end]
                    if j - i == 1 and is_english_word(surface):
                        continue
                    forms[_name_key(surface)][surface].append((seg.index, start, end))
    hits = list(
        _report_minority(
            forms, lambda form, main: f"'{form}' is written '{main}' elsewhere in this document"
        )
    )
    # a longer variant ("Yun Hai Foods") already says what its parts ("Yun Hai") would
    yield from (
        h
        for h in hits
        if not any(
            o is not h
            and o.segment == h.segment
            and o.start <= h.start
            and h.end <= o.end
            and o.end - o.start > h.end - h.start
            for o in hits
        )
    )


_COMPOUND_RE = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b|\b[a-z]{4,}\b", re.IGNORECASE)


# Words that can have another spelling: hyphenated compounds and British endings.
_MARKED_RE = re.compile(
    r"\b[a-z]+(?:-[a-z]+)+\b|\b[a-z]{3,}(?:is(?:e|es|ed|ing|ation|ations)|our)\b"
)
_BRITISH_RE = re.compile(r"(?<=[a-z]{3})(is(?:e|es|ed|ing|ation|ations)|our)$")


def _spelling_key(word: str) -> str:
    key = word.replace("-", "")
    if len(key) >= 6:
        alt = _BRITISH_RE.sub(lambda m: m.group(1).replace("is", "iz").replace("our", "or"), key)
        if alt != key and is_english_word(alt):
            return alt
    return key


@rule(
    code="MT402",
    name="spelling-variant",
    category="Fluency/Inconsistency",
    severity="minor",
    rationale="""One word spelled two ways in one document: hyphenated and closed
    compounds (grass-roots / grassroots), British and American endings
    (organise / organize, labour / labor). Pick one; the less frequent form is
    flagged. A form capitalised inside a sentence (Honor Blackman) is a name and
    is not compared. Quotations count: in a translation the engine wrote them too.""",
    flags=[
        ("Grassroots groups met. The grass-roots groups voted.", "grass-roots"),
        ("The honour was great. She spoke of the honor later.", "honor"),
    ],
    passes=[
        "Grassroots groups met. The grassroots groups voted.",
        "It was an honour to meet Honor Smith.",
    ],
    scope="document",
)
def spelling_variant(ctx: DocContext) -> Iterator[Hit]:
    marked = {m.group(): "" for s in ctx.segments for m in _MARKED_RE.finditer(s.text.lower())}
    if not marked:
        return
    for word in marked:
        marked[word] = _spelling_key(word)
    keys = set(marked.values())
    forms: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    for seg in ctx.segments:
        starts = ctx.sentence_starts(seg)
        # matched on the original text: lowercasing may change its length (İ -> i̇)
        for m in _COMPOUND_RE.finditer(seg.text):
            word = m.group().lower()
            key = marked.get(word, word)
            if key not in keys:
                continue
            if m.group()[0].isupper() and m.start() not in starts:
                continue  # capitalised inside a sentence: a name (Honor Blackman)
            forms[key][word].append((seg.index, m.start(), m.end()))
    variants = {k: v for k, v in forms.items() if len(v) > 1}
    yield from _report_minority(
        variants, lambda form, main: f"'{form}' is spelled '{main}' elsewhere in this document"
    )


_QUOTED_RE = re.compile(r"“([^“”]{3,80})”|\"([^\"]{3,80})\"")
_QWORD_RE = re.compile(r"[\w’']+")


def _one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when ``b`` is ``a`` with one word inserted, or one word inflected (help/helping)."""
    if len(b) == len(a) + 1:
        return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))
    if len(a) != len(b) or a == b:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = sorted(diff[0], key=len)
    return len(x) >= 3 and y.startswith(x) and len(y) - len(x) <= 3


@rule(
    code="MT403",
    name="quoted-term-variant",
    category="Terminology/Inconsistent",
    severity="minor",
    rationale="""A quoted term or slogan is a fixed expression: rendering it once as
    “two checks and one review” and once as “two strict checks and one review”
    means the engine translated the same source term twice, differently.""",
    flags=[
        (
            "It follows the “three rights and two duties” rule. "
            "The “three rights and two duties” rule works. "
            "Later the “three new rights and two duties” rule changed.",
            "three new rights and two duties",
        )
    ],
    passes=["It follows the “three rights” rule and the “two duties” rule."],
    scope="document",
)
def quoted_term_variant(ctx: DocContext) -> Iterator[Hit]:
    quotes: dict[tuple[str, ...], list[Occurrence]] = defaultdict(list)
    for seg in ctx.segments:
        for m in _QUOTED_RE.finditer(seg.text):
            group = 1 if m.group(1) is not None else 2
            words = tuple(w.lower() for w in _QWORD_RE.findall(m.group(group)))
            if 2 <= len(words) <= 10:
                quotes[words].append((seg.index, m.start(group), m.end(group)))
    # most frequent first, then first seen: the earlier of a pair is the main rendering
    terms = sorted(quotes, key=lambda t: (-len(quotes[t]), quotes[t][0]))[:300]
    for i, main in enumerate(terms):
        for other in terms[i + 1 :]:
            if min(len(main), len(other)) < 3:
                continue
            if not (_one_word_apart(main, other) or _one_word_apart(other, main)):
                continue
            for seg, start, end in quotes[other]:
                yield Hit(
                    start,
                    end,
                    f"Quoted term also rendered “{' '.join(main)}” in this document",
                    segment=seg,
                )
