"""Broken sentence structure: glued and split sentences, duplications, run-ons."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from operator import eq

from mtqa.lexicon import pinyin_split, top_english_words, zipf
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import WORD_RE, count_words, is_title_case

# Closed-class words: capitalised inside a sentence they can only start a new one.
FUNCTION_WORDS = frozenset(
    "the an it this that these those we they he she its their our his her in on at for "
    "to with from by and but or if when while after before because since is are was were "
    "has have had would can could should must also there then however".split()
)
NAME_CONNECTORS = frozenset({"and", "of", "for", "to", "&"})
DETERMINERS_PREPOSITIONS = frozenset(
    "the a an this that these those its their our his her my your of in on at for to "
    "with from by into onto under over about".split()
)
_CAPITAL_RE = re.compile(r"(?<=[a-z’'])([ ;,]+)([A-Z][a-z]*)(?=\s|[,;.:!?]|$)")
_PREV_WORD_RE = re.compile(r"(?<![\w’'-])([a-z][a-z’']*)$")
_NEXT_WORD_RE = re.compile(r"\s+([^\W\d_][\w’']*)")


@dataclass(frozen=True, slots=True)
class CapitalAfterLower:
    """A capitalised word right after a lowercase one: 'the It', 'actively Take'."""

    prev: str
    gap: str  # what separates them: a space, or "; " / ", "
    word: str
    start: int
    end: int
    next_word: str | None  # the word after it, if a word follows


def capitals_after_lowercase(seg: Segment) -> list[CapitalAfterLower]:
    """Every capitalised word that follows a lowercase word, outside headlines."""
    text = seg.text
    if seg.kind == "heading" or is_title_case(text):
        return []
    found = []
    for m in _CAPITAL_RE.finditer(text):
        before = _PREV_WORD_RE.search(text, max(0, m.start() - 40), m.start())
        if not before:
            continue
        after = _NEXT_WORD_RE.match(text, m.end())
        found.append(
            CapitalAfterLower(
                before.group(1),
                m.group(1),
                m.group(2),
                m.start(2),
                m.end(2),
                after.group(1) if after else None,
            )
        )
    return found


@rule(
    code="MT201",
    name="glued-sentence",
    category="Fluency/Grammar",
    severity="major",
    rationale="""A word that can only start a sentence (It, The, Take) capitalised in the
    middle of one shows two pieces of MT output glued together, usually with
    words lost at the seam. Names and titles (the Party, Long Fan) are left alone:
    the word must be a common word, followed by a lowercase word, and not a word
    this document capitalises elsewhere.""",
    flags=[
        ("The county greatly improved the It has built new roads.", "It"),
        ("Officials must go to the villages and actively Take the lead.", "Take"),
        ("Work began on the bridge; In the spring it opened.", "In"),
    ],
    passes=[
        "The county built new roads. It has improved transport.",
        "Reporter Long Fan filed the story for Visual News.",
        "He met officials of the State Council in Beijing.",
        "I think the plan will work.",
    ],
)
def glued_sentence(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    common = top_english_words(200)
    for c in ctx.memo("capitals", seg, capitals_after_lowercase):
        prev, gap, word, nxt = c.prev, c.gap, c.word, c.next_word
        lower = word.lower()
        if not nxt or not nxt[0].islower() or word == "I" or ctx.allowed(word):
            continue
        if lower not in FUNCTION_WORDS and (
            gap.strip()  # after ; or , only a closed-class word marks a new sentence
            or lower not in common
            or prev in DETERMINERS_PREPOSITIONS
            or len(word) == 1
            or ctx.capitalised_inside[word] > 1
        ):
            continue
        yield Hit(
            c.start,
            c.end,
            f"'{word}' capitalised mid-sentence: two sentences glued together?",
            lower,
        )


@rule(
    code="MT202",
    name="mid-sentence-capital",
    category="Fluency/Grammar",
    severity="minor",
    rationale="""A common noun capitalised in running text ("standardized Clinics") is a
    literal carry-over of a Chinese term boundary. To stay off names, the word
    must be a common English word that this document also writes in lowercase
    (or the plural of a common noun, capitalised only here), stand alone (not in a
    run of capitalised words) and not follow a determiner or a name connector.""",
    flags=[
        ("The towns have modern clinics and the villages have basic Clinics too.", "Clinics"),
        ("All the villages have standard Surgeries, the report said.", "Surgeries"),
    ],
    passes=[
        "Every village has a clinic and the towns have modern clinics too.",
        "The clinic met the standards of the Health Commission.",
    ],
)
def mid_sentence_capital(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    counts = ctx.word_counts
    for c in ctx.memo("capitals", seg, capitals_after_lowercase):
        prev, gap, word, nxt = c.prev, c.gap, c.word, c.next_word
        lower = word.lower()
        if gap != " " or (nxt and nxt[0].isupper()) or lower in FUNCTION_WORDS:
            continue
        if prev in DETERMINERS_PREPOSITIONS or prev in NAME_CONNECTORS or len(word) < 4:
            continue
        if (nxt and nxt in NAME_CONNECTORS) or ctx.allowed(word):
            continue  # "Monument to the Martyrs", "Control and Prevention": a name
        if lower in top_english_words(200) and nxt and nxt[0].islower():
            continue  # MT201's territory
        if pinyin_split(word) or zipf(lower) < 3:
            continue
        lowercase_elsewhere = counts[lower] > 0
        common_plural = counts[word] == 1 and _singular_zipf(lower) >= 4
        if not (lowercase_elsewhere or common_plural):
            continue
        yield Hit(c.start, c.end, f"Common noun '{word}' capitalised mid-sentence", lower)


def _singular_zipf(plural: str) -> float:
    """Frequency of the singular of an English plural (clinics, surgeries, boxes); 0 if none."""
    if not plural.endswith("s") or plural.endswith("ss"):
        return 0.0
    candidates = [plural[:-1]]
    if plural.endswith("ies"):
        candidates.append(plural[:-3] + "y")
    if plural.endswith("es"):
        candidates.append(plural[:-2])
    return max(zipf(c) for c in candidates)


_LOWER_START_RE = re.compile(r"[\"“‘(]?([a-z][a-z’']*)\b")


@rule(
    code="MT203",
    name="lowercase-sentence-start",
    category="Fluency/Grammar",
    severity="major",
    rationale="""A sentence that starts in lowercase after a full stop is almost always a
    fragment the engine split off the previous sentence ("poverty. problem
    ability."). Abbreviations (e.g., etc.), ellipses and brand names (iPhone)
    are not sentence ends.""",
    flags=[("We must keep improving and solve relative poverty. problem ability.", "problem")],
    passes=[
        "Bring fruit, e.g. apples, to the fair.",
        "The phone is new. iPhone sales rose.",
        "He paused... and then went on.",
    ],
)
def lowercase_sentence_start(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    for start, _end in ctx.sentences[seg.index][1:]:
        m = _LOWER_START_RE.match(text, start)
        if not m:
            continue
        before = text[max(0, start - 4) : start].rstrip()
        if before.endswith(("...", "…", "”", '"', "’")):
            continue  # an ellipsis, or a quotation followed by its attribution ("Why?" he asked)
        word = m.group(1)
        yield Hit(
            m.start(1),
            m.end(1),
            f"Sentence starts in lowercase ('{word}'): a fragment?",
            word[0].upper() + word[1:],
        )


_REPEATED_PHRASE_RE = re.compile(r"\b((?:[^\W\d_]+\s+){1,4}[^\W\d_]+)\s+\1\b", re.IGNORECASE)
_SANDWICH_RE = re.compile(r"\b([^\W\d_]{3,})\s+(a|an|the)\s+\1\b", re.IGNORECASE)


def _lower_words(seg: Segment) -> list[str]:
    return WORD_RE.findall(seg.text.lower())


def _may_repeat(words: list[str]) -> bool:
    """Whether two words repeat at a distance of 2 to 5 words, or one word is sandwiched
    (x a x): the only shapes the duplication regexes can match. Runs in C via map."""
    pairs = list(itertools.pairwise(words))
    if any(any(map(eq, pairs, pairs[n:])) for n in range(2, 6)):
        return True
    return any(map(eq, words, words[2:]))


@rule(
    code="MT204",
    name="garbled-duplication",
    category="Fluency/Grammar",
    severity="major",
    rationale="""A phrase said twice in a row ("on behalf of on behalf of"), or a word
    repeated around an article ("write new A new chapter"), is the engine
    emitting two alternative renderings of one source phrase.""",
    flags=[
        ("He spoke on behalf of on behalf of the group.", "on behalf of on behalf of"),
        ("They set out to write new A new page in history.", "new A new"),
    ],
    passes=["Step by step, day by day, more and more people came.", "It was a new start."],
)
def garbled_duplication(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if not _may_repeat(ctx.memo("lower-words", seg, _lower_words)):
        return
    for m in _REPEATED_PHRASE_RE.finditer(text):
        phrase = m.group(1)
        yield Hit(m.start(), m.end(), f"Phrase repeated: '{phrase}'", phrase)
    for m in _SANDWICH_RE.finditer(text):
        yield Hit(
            m.start(),
            m.end(),
            f"Garbled repetition '{m.group()}'",
            f"{m.group(2).lower()} {m.group(1)}",
        )


_DOUBLED_RE = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)
_LEGIT_DOUBLES = frozenset({"that", "had", "is", "do", "bye", "no", "so", "ha", "very", "knock"})


def is_pinyin_reduplication(word: str) -> bool:
    """A single pinyin syllable that is not a common English word (Yin Yin, not so so)."""
    split = pinyin_split(word)
    return bool(split) and len(split) == 1 and zipf(word.lower()) < 4.5


@rule(
    code="MT205",
    name="doubled-word",
    category="Fluency/Grammar",
    severity="major",
    rationale="""A word written twice ("the the") is an MT or editing slip. Doubles that
    English allows ("had had", "that that"), rare words (ylang ylang, a plant),
    and capitalised doubles (place names, and pinyin reduplications, which the
    untranslated-pinyin rule reports) are left alone.""",
    flags=[("The the committee met on Monday.", "The the")],
    passes=[
        "What he had had was enough.",
        "They flew to Walla Walla.",
        "The oil of ylang ylang is used in perfume.",
    ],
)
def doubled_word(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for m in _DOUBLED_RE.finditer(seg.text):
        first, second = m.group(1), seg.text[m.end() - len(m.group(1)) : m.end()]
        word = first.lower()
        if word in _LEGIT_DOUBLES or (first[0].isupper() and second[0].isupper()):
            continue
        if zipf(word) < 3:
            continue  # a rare word said twice is a name or term (ylang ylang), not a slip
        if is_pinyin_reduplication(word):
            continue
        yield Hit(m.start(), m.end(), f"Word doubled: '{m.group()}'", first)


RUN_ON_WORDS = 70
RUN_ON_CLAUSES = 5


@rule(
    code="MT206",
    name="run-on-sentence",
    category="Fluency/Grammar",
    severity="minor",
    rationale=f"""A sentence of more than {RUN_ON_WORDS} words strung together with
    {RUN_ON_CLAUSES} or more commas or semicolons is a Chinese paragraph rendered
    as one English sentence; readers lose track of who does what.""",
    flags=[
        (
            "The county " + ", ".join(["built roads and schools for the villages"] * 12) + ".",
            "The county " + ", ".join(["built roads and schools for the villages"] * 12) + ".",
        )
    ],
    passes=["The county built roads, schools, clinics and markets for its villages."],
)
def run_on_sentence(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if len(text) < RUN_ON_WORDS * 4:
        return
    for start, end in ctx.sentences[seg.index]:
        if end - start < RUN_ON_WORDS * 4:
            continue
        sentence = text[start:end]
        words = count_words(sentence)
        clauses = sentence.count(",") + sentence.count(";")
        if words > RUN_ON_WORDS and clauses >= RUN_ON_CLAUSES:
            yield Hit(start, end, f"Run-on sentence: {words} words, {clauses} commas/semicolons")
