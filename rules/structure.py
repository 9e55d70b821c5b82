"""Broken sentence structure: glued and split sentences, duplications, run-ons."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from mtqa import regexcache
from mtqa.language.lexicon import top_english_words, zipf
from mtqa.language.names import (
    TITLE_INTRODUCERS,
    always_capitalised,
    before_appositive_name,
    calendar_names,
    in_title_run,
    known_in_lowercase,
    numbered_name,
    plural_name_before_noun,
    singular_forms,
)
from mtqa.language.numbers import number_words
from mtqa.language.pinyin import pinyin_split
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import LIST_NUMBER_MARKER, count_words, is_title_case

# Closed-class words: capitalised inside a sentence they can only start a new one.
SENTENCE_OPENERS = frozenset(
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
# A capitalised word after a lowercase letter and one space, comma or semicolon, or
# after two or more of them (a longer gap, read back at a match). The pattern opens
# with the capital, rarer than the gaps: a pattern that opens with a character class
# is scanned for it, one that opens with a look-behind is tried at every position.
_CAPITAL_RE = regexcache.compile(
    r"[A-Z](?:(?<=[a-z’'][ ;,][A-Z])|(?<=[ ;,][ ;,][A-Z]))[a-z]*(?=\s|[,;.:!?]|$)"
)
_GAP_CHARS = " ;,"
_LOWER_BEFORE_GAP = frozenset("abcdefghijklmnopqrstuvwxyz’'")
_PREV_WORD_RE = regexcache.compile(r"(?<![\w’'-])([a-z][a-z’']*)$")
_NEXT_WORD_RE = regexcache.compile(r"\s+([^\W_][\w’']*)")  # a word or a number (; In 2020 the)


@dataclass(frozen=True, slots=True)
class CapitalAfterLower:
    """A capitalised word right after a lowercase one: 'the It', 'actively Take'."""

    prev: str
    gap: str  # what separates them: a space, or "; " / ", "
    word: str
    start: int
    end: int
    next_word: str | None  # the word or number after it, if one follows


def is_headline(seg: Segment, ctx: DocContext) -> bool:
    """Whether the segment is a heading or written in title case: it capitalises its
    words (computed once a segment)."""
    return ctx.memo("headline", seg, lambda s: s.kind == "heading" or is_title_case(ctx.words(s)))


def capitals(seg: Segment, ctx: DocContext) -> list[CapitalAfterLower]:
    """Every capitalised word that follows a lowercase word (computed once a segment
    for the rules that share it). A headline capitalises its words: a rule asks
    `is_headline` only of a segment with a word that passes its cheaper tests."""
    return ctx.memo("capitals", seg, lambda s: capitals_after_lowercase(s, ctx.ascii_shape(s)))


def capitals_after_lowercase(seg: Segment, shape: bytes | None = None) -> list[CapitalAfterLower]:
    """Every capitalised word that follows a lowercase word (see `capitals`).
    ``shape`` is the text's `ascii_shape`, if known: a text whose shape has no
    lowercase letter or gap, then a gap, then a capital (most) has none."""
    if shape is not None and b"lgU" not in shape and b"ggU" not in shape:
        return []
    text = seg.text
    found = []
    for m in _CAPITAL_RE.finditer(text):
        gap = m.start() - 1
        if text[gap - 1] in _GAP_CHARS:  # a longer gap: where does it start?
            gap = _gap_start(text, gap)
            if gap == 0 or text[gap - 1] not in _LOWER_BEFORE_GAP:
                continue
        before = _PREV_WORD_RE.search(text, max(0, gap - 40), gap)
        if not before:
            continue
        after = _NEXT_WORD_RE.match(text, m.end())
        found.append(
            CapitalAfterLower(
                before.group(1),
                text[gap : m.start()],
                m.group(),
                m.start(),
                m.end(),
                after.group(1) if after else None,
            )
        )
    return found


def _gap_start(text: str, end: int) -> int:
    """Where the run of spaces, commas and semicolons that ends at ``end`` starts
    (read back over a bounded window, the whole text before only for a longer run)."""
    window = text[max(0, end - 64) : end].rstrip(_GAP_CHARS)
    if window or end <= 64:
        return max(0, end - 64) + len(window)
    return len(text[:end].rstrip(_GAP_CHARS))


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
    # capitalised after two words, the word is written twice: the document's word
    # counts (found for other rules too) rule out most words before the contexts
    return (
        c.word.lower() not in SENTENCE_OPENERS
        and ctx.word_counts[c.word] > 1
        and ctx.capitalised_inside[c.word] > 1
    )


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
    elsewhere. A sentence opener (The, In, It) before a lowercase word right
    after a closing quotation mark or a capitalised word ('"the plan" The work
    began', 'Daily News In the spring') starts a sentence whose full stop was
    lost.""",
    flags=[
        ("The county greatly improved the It has built new roads.", "It", None),
        ("Officials must go to the villages and actively Take the lead.", "Take", None),
        ("The leading group It has held three meetings.", "It", None),
        ("He visited Wuhan and the It has built a new plant.", "It", None),
        ("Cadres must go down and actively Take the Party's mass line.", "Take", None),
        ('They set out the "green plan" The work began in May.', "The", None),
        ("Morning Post News In the early spring the fields turn green.", "In", None),
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
        '"Go now!" The crowd ran.',
        "He starred in Gone With The Wind and read The Times.",
    ],
    fix="never",
    exceptions=[
        "names and titles (the Party, On the Waterfront)",
        "months and days",
        "title-case runs",
        "words the document capitalises elsewhere",
    ],
)
def glued_sentence(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for c in capitals(seg, ctx):
        prev, gap, word, nxt = c.prev, c.gap, c.word, c.next_word
        lower = word.lower()
        if not nxt or not nxt[0].islower() or word == "I" or ctx.allowed(word):
            continue
        if ";" in gap:
            continue  # a capital after a semicolon: MT202
        if lower not in SENTENCE_OPENERS and (
            gap.strip()  # after a comma only a closed-class word marks a new sentence
            or lower not in top_english_words(200)
            or prev in DETERMINERS_PREPOSITIONS
            or len(word) == 1
        ):
            continue
        if is_headline(seg, ctx):
            break  # a headline capitalises its words
        if _named_by_context(c, seg.text, ctx):
            continue
        yield Hit(
            c.start,
            c.end,
            f"'{word}' capitalised mid-sentence: two sentences glued together?",
            None,  # the fix is a full stop or a rewrite of the seam, not a lowercase word
        )
    yield from _glued_after_quote_or_name(seg, ctx)


# A sentence opener glued on after a closing quote or a capitalised word, with a
# lowercase word after it: '"the plan" The work began', 'Daily News In the spring'.
# (the look-ahead for the openers' first letters fails most spaces at once)
_GLUED_OPENER_RE = regexcache.compile(
    r" (?=[ABDHIOSTW])(?<=[\w”\"’] )((?:The|This|These|Those|It|Its|We|They|He|She|There|"
    r"In|On|At|After|Before|During|Since|When|While|However)) (?=[a-z])"
)
_CLOSING_MARKS = frozenset('”"’')


def _glued_after_quote_or_name(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    """Sentence openers (The, In, It) glued to the end of the sentence before, where
    that sentence ends in a closing quotation mark or a capitalised word.

    After a quote the mark must close a quotation with no full stop, question or
    exclamation mark inside ('"Go!" The crowd' is two sentences). After a word,
    the word must be capitalised and no closed-class word itself, and not the
    first word of its sentence.
    """
    shape = ctx.ascii_shape(seg)
    if shape is not None and not (
        b"lgU" in shape or b"UgU" in shape or b"dgU" in shape or b"qgU" in shape
    ):
        return  # most segments: no word or quote, then a space, then a capital
    text = seg.text
    for m in _GLUED_OPENER_RE.finditer(text):
        if is_headline(seg, ctx):
            return  # asked only where an opener follows a word: most segments have none
        before = m.start() - 1
        if text[before] in _CLOSING_MARKS:
            if not _closes_quotation(seg, before, ctx) or text[before - 1 : before] in ".!?,":
                continue
        else:
            prev = _PREV_CAPITAL_RE.search(text, max(0, m.start() - 40), m.start())
            if not prev or prev.group(1).lower() in SENTENCE_OPENERS:
                continue
            if prev.start(1) in ctx.sentence_starts(seg):
                continue  # "Meanwhile The ..." is one odd word, not two sentences
        word = m.group(1)
        if ctx.allowed(word):
            continue
        yield Hit(
            m.start(1), m.end(1), f"'{word}' starts a new sentence with no full stop before it"
        )


_PREV_CAPITAL_RE = regexcache.compile(r"(?<![\w’'-])([A-Z][\w’'-]*)$")


def _closes_quotation(seg: Segment, pos: int, ctx: DocContext) -> bool:
    """Whether the mark at ``pos`` closes a quotation (a ’ closes one that a ‘ opened
    shortly before it: an apostrophe otherwise)."""
    if seg.text[pos] == "’":
        return "‘" in seg.text[max(0, pos - 200) : pos]
    return ctx.quotes(seg).closes(pos)


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
    capitalises in running text after different words (Apple), or whose singular
    or plural it capitalises there (Test rugby, the best Tests), or a fixture
    English capitalises, counted or dated (two Tests, Tests on 25 June). After a
    semicolon, where MT keeps the capital of the sentence after Chinese '；'
    ("; Others said", "; In 2020 the"), any closed-class word before a lowercase
    word or a number is reported, and any common word before a lowercase word
    that the document does not use as a name (Gordon Brown ...; Brown said).""",
    flags=[
        (
            "The towns have modern clinics and the villages have basic Clinics too.",
            "Clinics",
            "clinics",
        ),
        ("All the villages have standard Surgeries, the report said.", "Surgeries", "surgeries"),
        ("Winds will bring local gusts Levels 9 to 11; sea levels rose.", "Levels", "levels"),
        ("The villages have basic Clinics serving farmers.", "Clinics", "clinics"),
        ("The county renovated old Schools across the region.", "Schools", "schools"),
        ("The county opened new Schools on 3 May.", "Schools", "schools"),
        (
            "The hospital ran blood tests and the clinic ran two free Tests too.",
            "Tests",
            "tests",
        ),
        ("In the county poor Households also received aid.", "Households", "households"),
        (
            "The county built new Roads linking the villages, and the roads are good.",
            "Roads",
            "roads",
        ),
        ("Work began on the bridge; In the spring it opened.", "In", "in"),
        ("Farms were built; In 2019 the park opened.", "In", "in"),
        ("Some blamed the rain; Others are sure it was the heat.", "Others", "others"),
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
        "Gordon Brown spoke first; Brown said the plan was sound.",
        "Best film: The Aviator; Best actor: Jamie Foxx.",
        "He stayed home; I left early.",
        "The squad tours in June, with Tests on 25 June and 2 July.",
        "The side lost two Tests by an innings.",
    ],
    fix="always",
    exceptions=[
        "names and words English always capitalises (Mexicans)",
        "months",
        "titles and title-case runs",
        "an office before a name (the President, Ann Lee)",
        "names with a number (Windows 95)",
        "words the document capitalises after different words (Apple)",
        "a fixture counted or dated (two Tests, Majors in May)",
    ],
)
def mid_sentence_capital(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    for c in capitals(seg, ctx):
        prev, gap, word, nxt = c.prev, c.gap, c.word, c.next_word
        lower = word.lower()
        if ";" in gap:
            if not is_headline(seg, ctx) and _capital_after_semicolon(c, text, ctx):
                yield Hit(c.start, c.end, f"'{word}' capitalised after a semicolon", lower)
            continue
        if gap != " " or (nxt and nxt[0].isupper()) or lower in SENTENCE_OPENERS:
            continue
        if prev in DETERMINERS_PREPOSITIONS or prev in NAME_CONNECTORS or len(word) < 4:
            continue
        if (nxt and nxt in NAME_CONNECTORS) or ctx.allowed(word):
            continue  # "Monument to the Martyrs", "Control and Prevention": a name
        if lower in top_english_words(200) and nxt and nxt[0].islower():
            continue  # MT201's territory
        if is_headline(seg, ctx):
            return  # a headline capitalises its words
        if pinyin_split(word) or zipf(lower) < 3:
            continue
        counts = ctx.word_counts
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
            or _other_number_capitalised(word, ctx)
            or before_appositive_name(text, c.end)
            or numbered_name(text, c.end)
            or (not lowercase_elsewhere and plural_name_before_noun(word, nxt))
            or (not lowercase_elsewhere and _counted_fixture(word, prev, text, c.end))
        ):
            continue
        yield Hit(c.start, c.end, f"Common noun '{word}' capitalised mid-sentence", lower)


# Fixtures English capitalises as names: the Test matches of cricket and rugby, the
# Majors of golf and tennis. Capitalised only here, such a word is a fixture when a
# number counts it (two Tests, both Majors) or the date it is held on follows
# (Tests on 25 June, Majors in May); MT's "nucleic acid Tests" is neither.
_FIXTURES = frozenset({"Tests", "Majors"})
_COUNTING = frozenset({"both", "several", "all", *(number_words(n) for n in range(2, 21))})
_DATE_AFTER_RE = regexcache.compile(
    r" (?:on (?:the )?\d{1,2}(?:st|nd|rd|th)?\b|(?:on|in|from) ([A-Z][a-z]+))"
)


def _counted_fixture(word: str, prev: str, text: str, end: int) -> bool:
    """Whether ``word`` (ending at ``end``, after the word ``prev``) is a fixture
    counted or dated (`_FIXTURES`)."""
    if word not in _FIXTURES:
        return False
    if prev.lower() in _COUNTING or prev.isdigit():
        return True
    m = _DATE_AFTER_RE.match(text, end)
    return m is not None and (m.group(1) is None or m.group(1) in calendar_names())


def _capital_after_semicolon(c: CapitalAfterLower, text: str, ctx: DocContext) -> bool:
    """Whether a capitalised word after a semicolon is no name: MT keeps the capital
    of the sentence after Chinese '；' ("; Others said", "; In 2020 the").

    A closed-class word (In, The, It) before a lowercase word or a number always
    is; another word must be a common word (zipf 3 or more) before a lowercase
    word, a lowercase dictionary word or one the document writes in lowercase,
    that English does not always capitalise, that is no pinyin (a Chinese
    name), and that the document's running text does not use as a name:
    capitalised after different lowercase words outside headlines, or after
    another capitalised word (Gordon Brown ... ; Brown said).
    """
    word, nxt, lower = c.word, c.next_word, c.word.lower()
    if not nxt or word == "I" or ctx.allowed(word):
        return False
    if word in calendar_names() or c.prev in TITLE_INTRODUCERS:
        return False
    if lower in SENTENCE_OPENERS:
        return nxt[0].islower() or nxt[0].isdigit()
    names = ctx.once("capitals-in-names", lambda: _capitals_in_names(ctx))
    return (
        nxt[0].islower()
        and zipf(lower) >= 3
        and (known_in_lowercase(word) or ctx.word_counts[lower] > 0)
        and not always_capitalised(word)
        and not pinyin_split(word)
        and names[word] < 2
    )


_NAME_PAIR_RE = regexcache.compile(r"\b([A-Z][\w’'-]*) +([A-Z][a-z]+)\b")


def _capitals_in_names(ctx: DocContext) -> Counter[str]:
    """Evidence that a capitalised word is a name in this document's running text
    (headlines left out): 2 for a word written after another capitalised word that
    is no closed-class word (Gordon Brown, Mr Brown), else the number of different
    lowercase words it follows capitalised (joined Apple, left Apple)."""
    contexts: set[tuple[str, str]] = set()
    names: Counter[str] = Counter()
    for seg in ctx.segments:
        if is_headline(seg, ctx):
            continue
        for m in _NAME_PAIR_RE.finditer(seg.text):
            if m.group(1).lower() not in SENTENCE_OPENERS:
                names[m.group(2)] = 2
        for c in capitals(seg, ctx):
            contexts.add((c.word, c.prev))
    names.update(w for w, _ in contexts if names[w] < 2)
    return names


def _other_number_capitalised(word: str, ctx: DocContext) -> bool:
    """Whether the document capitalises the word's singular or plural in running text
    (Test rugby ... the best Tests): the word is a name there, not an MT capital."""
    forms = (*singular_forms(word), word + "s", word + "es")
    # a form the document never writes is capitalised nowhere (the word counts are
    # found for other rules too; the contexts only for these)
    return any(ctx.word_counts[form] and ctx.capitalised_inside[form] for form in forms)


def _singular_zipf(plural: str) -> float:
    """Frequency of the singular of an English plural (clinics, surgeries, boxes); 0 if none."""
    return max((zipf(form) for form in singular_forms(plural)), default=0.0)


_LOWER_START_RE = regexcache.compile(r"[a-z][a-z’']*\b")
# What every sentence after the first that opens in lowercase after a full stop has
# (sentence_spans ends a sentence at a full stop run and spaces).
_LOWER_AFTER_STOP_RE = regexcache.compile(r"\.\s+[a-z]")
_LIST_MARKER_RE = regexcache.compile(LIST_NUMBER_MARKER)
_SENTENCE_ENDS = (".", "!", "?", '."', ".”", ".’", ".)")


def _opens_list_item(text: str, sentence: str) -> bool:
    """Whether ``sentence`` ends in a list marker that opens an item: alone, after a
    colon or semicolon, or the next number of a list already begun (1. ... 2.).
    A number or numeral ending a sentence of words ("won 52 to 48.") is none."""
    if not sentence.strip():
        return False
    *rest, marker = sentence.rsplit(None, 1)  # the marker may open a line: "…;\nb. next"
    if not _LIST_MARKER_RE.fullmatch(marker):
        return False
    head = rest[0].rstrip() if rest else ""
    if not head or head.endswith((":", ";")) or sentence.rstrip()[: -len(marker)].endswith("\n"):
        return True
    number = marker.strip("().")
    return number.isdigit() and int(number) > 1 and f"{int(number) - 1}." in text


# Words a sentence opens with that never continue one across a paragraph break:
# determiners, pronouns, prepositions (not "of"), subordinators, infinitive "to".
# A paragraph opening with a verb or "and" ("clocked a record", "and") is text
# cut from a lost line before it, another fault.
PARAGRAPH_OPENERS = frozenset(
    "the a an this that these those it its their our his her my we they he she there "
    "in on at for to with from by into after before during since because while when if "
    "as although though under over about through".split()
)
MIN_OPENING_WORDS = 6  # "in Paris." after a lost line is a remnant, not a sentence


def _lowercase_paragraph_start(
    seg: Segment, spans: list[tuple[int, int]], ctx: DocContext
) -> Iterator[Hit]:
    """A paragraph whose first sentence is whole but starts in lowercase with a word
    that opens sentences ("in order to ...", "to further ..."): the engine's
    sentence lost its capital. The paragraph before must have ended a sentence,
    and the line must not be a list item, quotation or table cell (nothing but
    spaces before it on its line)."""
    if seg.kind != "paragraph" or not spans:
        return
    text = seg.text
    start, end = spans[0]
    m = _LOWER_START_RE.match(text, start)
    if (
        not m
        or m.group() not in PARAGRAPH_OPENERS
        or count_words(text[start:end]) < MIN_OPENING_WORDS
    ):
        return
    previous = ctx.neighbour(seg, -1)
    if previous is not None and not previous.text.rstrip().endswith(_SENTENCE_ENDS):
        return  # a paragraph split inside a sentence continues it
    file_text = ctx.document.file_text
    at = seg.file_offset(start)
    if file_text and file_text[file_text.rfind("\n", 0, at) + 1 : at].strip():
        return  # "- a tent", "> in short", "| in stock": markup before it on its line
    word = m.group()
    yield Hit(m.start(), m.end(), f"Paragraph starts in lowercase ('{word}')", word.capitalize())


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
    slang; (btw ...)) are not fragments. A paragraph whose first sentence (six
    words or more) opens in lowercase with a word that opens sentences ("in order
    to ...", "to further ...") after a paragraph that ended a sentence is the
    same fault; one opening with a verb or "and" is a remnant of a lost line,
    and list items, quotations and table cells are left alone.""",
    flags=[
        (
            "We must keep improving and solve relative poverty. problem ability.",
            "problem",
            "Problem",
        ),
        ("The county built 120 schools and 15. clinics have also opened.", "clinics", "Clinics"),
        ("Study the speech of General Secretary Xi. deeply understand it.", "deeply", "Deeply"),
        ("The interview was drafted by Li Man. village cadres then read it.", "village", "Village"),
        (
            "The town held a meeting.\n\nin order to reach results, the town formed a team.",
            "in",
            "In",
        ),
    ],
    passes=[
        "Bring fruit, e.g. apples, to the fair.",
        "The phone is new. iPhone sales rose.",
        "He paused... and then went on.",
        "He paused.. and then went on.",
        "Prices rose . . . then fell.",
        "Their hit Who Am I? sold well, and What Now! did too.",
        "Pack these: 1. a tent 2. a stove.",
        "The shop sells tools, paint, etc. and much more.",
        "He was tired. (his words.) Then he left.",
        'He was tired. "cool" was all he said.',
        "The town held a meeting.\n\nclocked a new record in the final race of the day.",
        "The town held a meeting that\n\nin the end agreed to build three new roads.",
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "abbreviations (e.g., etc.)",
        "ellipses",
        "list markers (1., a.)",
        "brand names (iPhone)",
        "a sentence opening with a quotation or bracket",
        "list items, quotations and table cells",
    ],
)
def lowercase_sentence_start(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    if not _LOWER_START_RE.match(text) and not _LOWER_AFTER_STOP_RE.search(text):
        return  # most segments: no sentence, not even the first, opens in lowercase
    spans = ctx.sentences[seg.index]
    yield from _lowercase_paragraph_start(seg, spans, ctx)
    for (prev_start, prev_end), (start, _end) in itertools.pairwise(spans):
        m = _LOWER_START_RE.match(text, start)
        if not m:
            continue
        before = text[prev_start:prev_end]
        tail = text[max(0, prev_end - 3) : prev_end]  # the sentence splitter cuts ". . ."
        if not before.endswith(".") or tail.endswith(("..", ". .")):
            continue  # ? and ! end titles too; .., ... and . . . are ellipses
        if any(a < prev_end <= b for a, b in seg.skip):
            continue  # the full stop is code's (`x = y.` and more), not a sentence's
        if _opens_list_item(text, before):
            continue  # "1. the first item"
        word = m.group()
        yield Hit(
            m.start(),
            m.end(),
            f"Sentence starts in lowercase ('{word}'): a fragment?",
            word[0].upper() + word[1:],
        )


def is_pinyin_reduplication(word: str) -> bool:
    """A single pinyin syllable that is not a common English word (Yin Yin, not so so)."""
    split = pinyin_split(word)
    return bool(split) and len(split) == 1 and zipf(word.lower()) < 4.5
