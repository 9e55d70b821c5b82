"""Broken sentence structure: glued and split sentences, duplications, run-ons."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from operator import eq

from mtqa.lexicon import pinyin_split, top_english_words, zipf
from mtqa.model import Segment
from mtqa.names import (
    TITLE_INTRODUCERS,
    TITLE_MINOR_WORDS,
    always_capitalised,
    before_appositive_name,
    calendar_names,
    in_title_run,
    known_in_lowercase,
    numbered_name,
    plural_name_before_noun,
    singular_forms,
)
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import LIST_NUMBER_MARKER, WORD_RE, count_words, is_title_case

# Closed-class words: capitalised inside a sentence they can only start a new one.
FUNCTION_WORDS = frozenset(
    "the an it this that these those we they he she its their our his her in on at for "
    "to with from by and but or if when while after before because since is are was were "
    "has have had would can could should must also there then however".split()
)
NAME_CONNECTORS = frozenset({"and", "of", "for", "to", "&"})
CONJUNCTIONS = frozenset(
    "and but or nor yet so because since as although though while whereas if unless when".split()
)
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


def _named_by_context(c: CapitalAfterLower, text: str, ctx: DocContext) -> bool:
    """Whether the capitalised word is a name or title by its neighbours or the document.

    A month or weekday, a word after a title-introducing word (the film Her, a
    blog called X), a word in a title-case run (On the Waterfront), or, for a
    word that is no closed-class word (It, In, After are never names this way),
    one this document capitalises in running text after different words.
    """
    if c.word in calendar_names() or c.prev in TITLE_INTRODUCERS:
        return True
    if c.gap in (" ", ", ") and in_title_run(text, c.start, c.end):
        return True
    return c.word.lower() not in FUNCTION_WORDS and ctx.capitalised_inside[c.word] > 1


@rule(
    code="MT201",
    name="glued-sentence",
    category="Fluency/Grammar",
    severity="major",
    rationale="""A word that can only start a sentence (It, The, Take) capitalised in the
    middle of one shows two pieces of MT output glued together, usually with
    words lost at the seam. Names and titles (the Party, Long Fan, On the
    Waterfront, May) are left alone: the word must be a common word, followed by
    a lowercase word, not a month or day, not part of a title-case run or after a
    word that introduces a title, and not a word this document capitalises
    elsewhere.""",
    flags=[
        ("The county greatly improved the It has built new roads.", "It"),
        ("Officials must go to the villages and actively Take the lead.", "Take"),
        ("Work began on the bridge; In the spring it opened.", "In"),
        ("The leading group It has held three meetings.", "It"),
        ("He visited Wuhan and the It has built a new plant.", "It"),
        ("Cadres must go down and actively Take the Party's mass line.", "Take"),
    ],
    passes=[
        "The county built new roads. It has improved transport.",
        "Reporter Long Fan filed the story for Visual News.",
        "He met officials of the State Council in Beijing.",
        "I think the plan will work.",
        "The prize went to the director of On the Beach in 1960.",
        "Their new album How to Build a Boat sold well.",
        "Voters expect an early May election.",
        "Fans of the film Her will like the novel It too.",
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
        ):
            continue
        if _named_by_context(c, seg.text, ctx):
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
    must be a lowercase dictionary word that this document also writes in
    lowercase (or the plural of a common noun, capitalised only here); it must not
    be a word English always capitalises (Mexicans, Oscars), a month, part of a
    run of capitalised words or a title (Dogs without Borders), after a word that
    introduces a title, an office before a name (the President, Viktor ...), a
    name with a number (Windows 95; not a range: gusts of Grades 9 to 11), a
    plural name used before a noun (the Lions tour), or a word the document
    capitalises in running text after different words (Apple).""",
    flags=[
        ("The towns have modern clinics and the villages have basic Clinics too.", "Clinics"),
        ("All the villages have standard Surgeries, the report said.", "Surgeries"),
        ("Winds will bring local gusts Levels 9 to 11; sea levels rose.", "Levels"),
        ("The villages have basic Clinics serving farmers.", "Clinics"),
        ("The county renovated old Schools across the region.", "Schools"),
        ("In the county poor Households also received aid.", "Households"),
        ("The county built new Roads linking the villages, and the roads are good.", "Roads"),
    ],
    passes=[
        "Every village has a clinic and the towns have modern clinics too.",
        "The clinic met the standards of the Health Commission.",
        "Many Italians live in the city.",
        "He writes a blog called Cats without Homes about strays.",
        "The new President, Ann Lee, said the president's office would move.",
        "He may join the Lions tour, said the lion keeper.",
        "She won the race, but Carters had already left.",
        "It ran on old software such as Windows 95, and new windows opened.",
        "He joined Acme in 1978 and left Acme in 1982, at the acme of his career.",
    ],
)
def mid_sentence_capital(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    counts = ctx.word_counts
    text = seg.text
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
        # a plural capitalised only here: MT's "basic Clinics", unless it is a bare
        # subject after a conjunction, where a surname stands (but Ovens had left)
        common_plural = (
            counts[word] == 1 and _singular_zipf(lower) >= 4 and prev not in CONJUNCTIONS
        )
        if not (lowercase_elsewhere or common_plural) or not known_in_lowercase(word):
            continue
        if (
            always_capitalised(word)
            or _named_by_context(c, text, ctx)
            or before_appositive_name(text, c.end)
            or numbered_name(text, c.end)
            or (not lowercase_elsewhere and plural_name_before_noun(word, nxt))
        ):
            continue
        yield Hit(c.start, c.end, f"Common noun '{word}' capitalised mid-sentence", lower)


def _singular_zipf(plural: str) -> float:
    """Frequency of the singular of an English plural (clinics, surgeries, boxes); 0 if none."""
    return max((zipf(form) for form in singular_forms(plural)), default=0.0)


_LOWER_START_RE = re.compile(r"[a-z][a-z’']*\b")
_LIST_MARKER_RE = re.compile(LIST_NUMBER_MARKER)


def _opens_list_item(text: str, sentence: str) -> bool:
    """Whether ``sentence`` ends in a list marker that opens an item: alone, after a
    colon or semicolon, or the next number of a list already begun (1. ... 2.).
    A number or numeral ending a sentence of words ("won 52 to 48.") is none."""
    head, _, marker = sentence.rstrip().rpartition(" ")
    if not _LIST_MARKER_RE.fullmatch(marker):
        return False
    head = head.rstrip()
    if not head or head.endswith((":", ";")):
        return True
    number = marker.strip("().")
    return number.isdigit() and int(number) > 1 and f"{int(number) - 1}." in text


@rule(
    code="MT203",
    name="lowercase-sentence-start",
    category="Fluency/Grammar",
    severity="major",
    rationale="""A sentence that starts in lowercase after a full stop is almost always a
    fragment the engine split off the previous sentence ("poverty. problem
    ability."). Only a full stop ends a sentence here: a title that ends in a
    question or exclamation mark runs on (the play Who Is It? opened). Abbreviations
    (e.g., etc., Inc.), ellipses (.. and ...), list markers (1., a.), brand names
    (iPhone), and a sentence that opens with a quotation or a bracket ("bling" is
    slang; (btw ...)) are not fragments.""",
    flags=[
        ("We must keep improving and solve relative poverty. problem ability.", "problem"),
        ("The county built 120 schools and 15. clinics have also opened.", "clinics"),
        ("Study the speech of General Secretary Xi. deeply understand it.", "deeply"),
        ("The interview was drafted by Li Man. village cadres then read it.", "village"),
    ],
    passes=[
        "Bring fruit, e.g. apples, to the fair.",
        "The phone is new. iPhone sales rose.",
        "He paused... and then went on.",
        "He paused.. and then went on.",
        "Their hit Who Am I? sold well, and What Now! did too.",
        "Pack these: 1. a tent 2. a stove.",
        "The shop sells tools, paint, etc. and much more.",
        "He was tired. (his words.) Then he left.",
        'He was tired. "cool" was all he said.',
    ],
)
def lowercase_sentence_start(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    spans = ctx.sentences[seg.index]
    for (prev_start, prev_end), (start, _end) in itertools.pairwise(spans):
        m = _LOWER_START_RE.match(text, start)
        if not m:
            continue
        before = text[prev_start:prev_end]
        if not before.endswith(".") or before.endswith(".."):
            continue  # ? and ! end titles too; .. and ... are ellipses
        if _opens_list_item(text, before):
            continue  # "1. the first item"
        word = m.group()
        yield Hit(
            m.start(),
            m.end(),
            f"Sentence starts in lowercase ('{word}'): a fragment?",
            word[0].upper() + word[1:],
        )


_REPEATED_PHRASE_RE = re.compile(r"\b((?:[^\W\d_]+\s+){1,4}[^\W\d_]+)\s+\1\b", re.IGNORECASE)
_SANDWICH_RE = re.compile(r"\b([^\W\d_]{3,})\s+(a|an|the)\s+\1\b", re.IGNORECASE)
# English binomials repeat a word around these: more and more, on and on and on,
# time and time again, step by step, day after day. (to, in and for are left out:
# "to promote to promote" is MT; face to face never repeats as a pair.)
BINOMIAL_LINKS = frozenset({"and", "or", "by", "after", "upon"})
# "what makes a gadget a gadget": object and its complement after these verbs.
_COMPLEMENT_VERB_RE = re.compile(
    r"\b(?:make|makes|made|making|call|calls|called|consider|considers|considered)\s+$",
    re.IGNORECASE,
)


def _binomial_or_title(phrase: str) -> bool:
    """Whether a repeated two-word phrase is a binomial (on and / and more) or part
    of a title (for Measure for Measure): a link word, or a lowercase minor word
    beside a capitalised one ("Research Team Research Team" is no title)."""
    words = phrase.split()
    if len(words) != 2:
        return False
    if any(w.lower() in BINOMIAL_LINKS for w in words):
        return True
    minor = [w for w in words if w in TITLE_MINOR_WORDS]
    return bool(minor) and all(w[0].isupper() for w in words if w not in minor)


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
        ("The club has backed him since him since he joined.", "him since him since"),
        ("We will continue to promote to promote rural reform.", "to promote to promote"),
        ("It made great progress great progress this year.", "great progress great progress"),
        ("Author: the Research Team Research team of the paper", "Research Team Research team"),
    ],
    passes=[
        "Step by step, day by day, more and more people came.",
        "It was a new start.",
        "The talks went on and on and on.",
        "He has done this time and time and time again.",
        "Prices fall and more and more people buy.",
        "They staged Measure for Measure in May.",
        "What makes a home a home is its people.",
    ],
)
def garbled_duplication(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if not _may_repeat(ctx.memo("lower-words", seg, _lower_words)):
        return
    for m in _REPEATED_PHRASE_RE.finditer(text):
        phrase = m.group(1)
        if _binomial_or_title(phrase):
            continue
        if phrase.split()[0].lower() in ("a", "an", "the") and _COMPLEMENT_VERB_RE.search(
            text, max(0, m.start() - 12), m.start()
        ):
            continue  # what makes a home a home
        yield Hit(m.start(), m.end(), f"Phrase repeated: '{phrase}'", phrase)
    for m in _SANDWICH_RE.finditer(text):
        if m.group(2).islower() and _COMPLEMENT_VERB_RE.search(
            text, max(0, m.start() - 14), m.start() - 2
        ):
            continue  # makes a gadget a gadget
        yield Hit(
            m.start(),
            m.end(),
            f"Garbled repetition '{m.group()}'",
            f"{m.group(2).lower()} {m.group(1)}",
        )


_DOUBLED_RE = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)
_NAME_AFTER_RE = re.compile(r"\s+[A-Z]")
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
    flags=[
        ("The the committee met on Monday.", "The the"),
        ("It is led by the The Party Committee of the county.", "the The"),
    ],
    passes=[
        "What he had had was enough.",
        "They flew to Walla Walla.",
        "The oil of ylang ylang is used in perfume.",
        "The senior law lord Lord Hope gave the ruling.",
    ],
)
def doubled_word(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for m in _DOUBLED_RE.finditer(seg.text):
        first, second = m.group(1), seg.text[m.end() - len(m.group(1)) : m.end()]
        word = first.lower()
        if word in _LEGIT_DOUBLES or (first[0].isupper() and second[0].isupper()):
            continue
        if (
            second[0].isupper()
            and word not in FUNCTION_WORDS
            and _NAME_AFTER_RE.match(seg.text, m.end())
        ):
            continue  # a title before a name: the senior law lord Lord Smith
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
