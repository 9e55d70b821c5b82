"""Repetition inside a sentence: doubled words, phrase loops, linked copies.

MT engines that hesitate between renderings of one source phrase emit both
("on behalf of on behalf of"), loop ("I'm sorry I'm sorry I'm sorry") or join
two copies with a conjunction ("bribery and bribery"); `repeats` finds every
such shape. English repeats words too (had had, very, very, more and more, on
and on, "No, no, no"), so each shape has the exceptions English grammar gives
it. Whole sentences said twice are `repeated_sentences`' job.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from mtqa import regexcache
from mtqa.language.lexicon import top_english_words, zipf
from mtqa.language.names import (
    TITLE_INTRODUCERS,
    TITLE_MINOR_WORDS,
    always_capitalised,
    known_in_lowercase,
)
from mtqa.language.pinyin import is_pinyin_syllable
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule

from .repeats import TOKEN_RE, Repeat, find_repeats
from .structure import DETERMINERS_PREPOSITIONS, SENTENCE_OPENERS, is_pinyin_reduplication

# English binomials repeat a word around these: more and more, on and on and on,
# time and time again, step by step, day after day. (to, in and for are left out:
# "to promote to promote" is MT; face to face never repeats as a pair.)
BINOMIAL_LINKS = frozenset({"and", "or", "by", "after", "upon"})
# Adverbs and particles English doubles around "and" for duration or degree
# (on and on, over and over, round and round, again and again, more and more).
_DURATION_PARTICLES = frozenset(
    "again more less on over round around by through out up down in off away back forth far".split()
)
# Doubles English allows side by side: had had, that that, very very, bye bye.
_LEGIT_DOUBLES = frozenset({"that", "had", "is", "do", "bye", "no", "so", "ha", "very", "knock"})
# "what makes a home a home": object and its complement after these verbs.
_COMPLEMENT_VERB_RE = regexcache.compile(
    r"\b(?:make|makes|made|making|call|calls|called|consider|considers|considered)\s+"
    r"(?:(?:a|an|the)\s+)?$",
    re.IGNORECASE,
)
_NAME_AFTER_RE = regexcache.compile(r"\s+[A-Z]")
_PREVIOUS_CAPITAL_RE = regexcache.compile(r"([A-Z][\w’'-]*)\s+$")
_CAPITAL_DOUBLE_RE = regexcache.compile(r"\b([A-Z][^\W\d_]+)\s+\1\b")


def _repeats(seg: Segment, ctx: DocContext) -> list[Repeat]:
    return ctx.memo("repeats", seg, find_repeats)


def _token_after(text: str, end: int) -> re.Match[str] | None:
    """The token after ``end`` when only spaces separate it."""
    m = TOKEN_RE.search(text, end, min(len(text), end + 40))
    return m if m and not text[end : m.start()].strip() else None


def _token_before(text: str, start: int) -> str | None:
    """The token before ``start`` when only spaces separate it, lowercased."""
    m = _TOKEN_BEFORE_RE.search(text, max(0, start - 40), start)
    return m.group(1).lower() if m else None


_TOKEN_BEFORE_RE = regexcache.compile(r"(?<![^\W_])([^\W_]+(?:['’-][^\W_]+)*)\s+$")


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


def _english_loop(r: Repeat, text: str, ctx: DocContext, seg: Segment) -> bool:
    """Whether a loop of a phrase (two words or more) is English: a binomial or title
    (on and on), an object and its complement (makes a home a home), numbers only
    (6-4 6-4), or, with commas, speech or a name ("Come on, come on", New York, New York)."""
    if not any(c.isalpha() for c in r.first):
        return True
    if _binomial_or_title(r.first):
        return True
    if r.first.split()[0].lower() in ("a", "an", "the") and _COMPLEMENT_VERB_RE.search(
        text, max(0, r.start - 12), r.start
    ):
        return True
    if r.sep == ",":
        words = TOKEN_RE.findall(r.first)
        if all(w[0].isupper() for w in words) or ctx.quotes(seg).inside(r.start):
            return True
        return r.copies == 2 and _starts_clause(text, r.end)
    return False


def _starts_clause(text: str, end: int) -> bool:
    """Whether a word follows ``end``: the second of two copies after a comma is then
    the subject of a new clause ("the role of the town, the town has ...";
    "we live up to the hills, and the hills live up to us"), not a stutter."""
    return _token_after(text, end) is not None


# The past tense of English's common irregular verbs (a closed class): "it fell and
# fell", "she ran and ran" repeat an action, as "waited and waited" does.
_IRREGULAR_PASTS = frozenset(
    "ate bit blew broke brought built burnt bought came caught chose clung crept dealt dug "
    "drank drew drove fell felt fled flew fought forgot froze gave grew hid held hung kept "
    "knew lay led left lent lost made meant met paid ran rang rode rose sang sank sat saw "
    "shook shone shot slept slid sold sought spoke spun stole stood struck stuck stung "
    "swam swept swung taught thought threw told took tore understood went "
    "wept woke won wore wound wrote".split()
)


_ENGLISH_DOUBLES = _DURATION_PARTICLES | _LEGIT_DOUBLES


def _english_linked(r: Repeat, text: str, ctx: DocContext, seg: Segment) -> bool:
    """Whether "X and X" is English: a binomial of degree or duration (more and more,
    on and on, bigger and bigger, waited and waited, time and time again, piles and
    piles of, for years and years), a chain (X and X and X), a contrast (what was
    and what was not), speech, a name, or a compound (head teachers and teachers)."""
    link = text[r.start + len(r.first) : r.end].split()[0].lower()
    word = r.first.lower()
    after = _token_after(text, r.end)
    nxt = after.group().lower() if after else None
    if nxt in ("again", "of", "not", link) or (nxt or "").endswith("n't"):
        return True
    if not any(c.isalpha() for c in word) or ctx.quotes(seg).inside(r.start):
        return True
    if r.words > 1:
        return r.sep == "," and _starts_clause(text, r.end)
    if link != "and" or r.first[0].isupper() or word in _ENGLISH_DOUBLES:
        return True  # face to face, sooner or later; Robocop and Robocop 2
    if (
        word.endswith(("er", "ed"))
        or word in _IRREGULAR_PASTS
        or word in ("worse", "less", "fewer")
    ):
        return True  # bigger and bigger, waited and waited, ran and ran
    before = _token_before(text, r.start)
    if before == "for":
        return True  # for years and years
    if word.endswith("ing"):
        return before not in DETERMINERS_PREPOSITIONS  # kept walking and walking
    # a plural after a content word may be a compound (head teachers and teachers:
    # two groups); after a function word (both, all, the) it is one group twice
    return (
        word.endswith("s")
        and before is not None
        and before not in top_english_words(200)
        and not before.endswith(("ing", "ed"))
    )


def _english_double(r: Repeat, text: str, ctx: DocContext) -> bool:
    """Whether a word written twice side by side is English or a name (see MT205)."""
    first = r.first
    second = text[r.end - len(first) : r.end]
    word = first.lower()
    if word in _LEGIT_DOUBLES or not any(c.isalpha() for c in word):
        return True
    if first[0].isupper() and second[0].isupper():
        return not _doubled_capital_is_slip(first, text, r.start, ctx)
    if second[0].isupper() and word not in SENTENCE_OPENERS and _NAME_AFTER_RE.match(text, r.end):
        return True  # a title before a name: the senior law lord Lord Smith
    # a rare word said twice is a name or term (ylang ylang), not a slip
    return _frequency(word) < 3 or is_pinyin_reduplication(word)


def _frequency(token: str) -> float:
    """Zipf frequency of a token; of its rarest part for a hyphenated one (well-off)."""
    return min(zipf(part) for part in token.replace("’", "'").split("-"))


def _doubled_capital_is_slip(word: str, text: str, start: int, ctx: DocContext) -> bool:
    """Whether a capitalised word written twice (Beijing Beijing) is a slip, not a name
    (Walla Walla, Sirhan Sirhan): the document also writes the word alone, or it is
    a common noun (Province Province); not a pinyin syllable (MT301's), not a title
    (the film Bora Bora)."""
    if is_pinyin_syllable(word):  # a doubled syllable is MT301's (Yin Yin)
        return False
    if _token_before(text, start) in TITLE_INTRODUCERS:
        return False
    doubled = ctx.once("capital-doubles", lambda: _capital_doubles(ctx))
    alone = ctx.word_counts[word] - 2 * doubled[word]
    before = _PREVIOUS_CAPITAL_RE.search(text, max(0, start - 40), start)
    in_name = before is not None and before.group(1).lower() not in SENTENCE_OPENERS
    common = (
        known_in_lowercase(word)
        and zipf(word.lower()) >= 4
        and not always_capitalised(word)
        and not in_name  # Koh Phi Phi: the end of a longer name
    )
    return alone > 0 or common


def _capital_doubles(ctx: DocContext) -> Counter[str]:
    """How often each capitalised word is written twice in a row in the document."""
    return Counter(
        m.group(1) for seg in ctx.segments for m in _CAPITAL_DOUBLE_RE.finditer(seg.text)
    )


def _listed_slip(r: Repeat, text: str, ctx: DocContext, seg: Segment) -> bool:
    """Whether "A, A and B" lists one item twice: a lowercase word, not an intensifier
    or interjection (very, very; no, no), followed by and/or and a different word."""
    after = _token_after(text, r.end)
    if not after or after.group().lower() not in ("and", "or"):
        return False
    third = _token_after(text, after.end())
    word = r.first.lower()
    return (
        r.copies == 2
        and third is not None
        and third.group().lower() != word
        and r.first.islower()
        and word not in _LEGIT_DOUBLES
        and _frequency(word) >= 3
        and not ctx.quotes(seg).inside(r.start)
    )


def _listed_end(text: str, end: int) -> int:
    """The end of "and B" after a listed double (A, A and B)."""
    link = _token_after(text, end)
    third = _token_after(text, link.end()) if link else None
    return third.end() if third else end


@rule(
    code="MT204",
    name="garbled-duplication",
    category="Fluency/Grammar",
    severity="major",
    rationale="""A phrase said twice or more in a row ("on behalf of on behalf of",
    "I'm sorry I'm sorry I'm sorry", "the plan, the plan"), two copies joined by a
    conjunction ("bribery and bribery", "work hard and worked hard"), a list item
    written twice ("reason, reason and law"), a word repeated around an article
    ("write new A new chapter"), a participle around one word ("team visited staff
    visited") or used before a noun and again as its passive verb ("registered
    households were registered"), or a head noun around "of" ("offices of the
    General Office") is the engine emitting alternative renderings of one source
    phrase. English repeats for degree or duration (more and more, on
    and on, bigger and bigger, waited and waited, time and time again), for
    contrast (what was and what was not), in speech ("Come on, come on") and in
    names (New York, New York); those are left alone. One finding a run; the
    suggestion keeps one copy.""",
    flags=[
        (
            "He spoke on behalf of on behalf of the group.",
            "on behalf of on behalf of",
            "on behalf of",
        ),
        ("They set out to write new A new page in history.", "new A new", "a new"),
        ("The club has backed him since him since he joined.", "him since him since", "him since"),
        (
            "We will continue to promote to promote rural reform.",
            "to promote to promote",
            "to promote",
        ),
        (
            "It made great progress great progress this year.",
            "great progress great progress",
            "great progress",
        ),
        (
            "Author: the Research Team Research team of the paper",
            "Research Team Research team",
            "Research Team",
        ),
        (
            "He kept saying I'm sorry I'm sorry I'm sorry to her.",
            "I'm sorry I'm sorry I'm sorry",
            "I'm sorry",
        ),
        ("The 4G network 4G network covers the town.", "4G network 4G network", "4G network"),
        ("They sold the house the house quickly.", "the house the house", "the house"),
        (
            "It was the plan, the plan, the plan all year.",
            "the plan, the plan, the plan",
            "the plan",
        ),
        ("They fought fraud and fraud in the ports.", "fraud and fraud", "fraud"),
        (
            "The farmers toiled hard and toiled hard for years.",
            "toiled hard and toiled hard",
            "toiled hard",
        ),
        (
            "Teams kept to work hard and worked hard all winter.",
            "work hard and worked hard",
            "work hard",
        ),
        ("It rests on reason, reason and law.", "reason, reason and law", "reason and law"),
        ("The team visited staff visited the farm.", "visited staff visited", None),
        (
            "Some listed firms in the city were listed.",
            "listed firms in the city were listed",
            None,
        ),
        ("He wrote to the offices of the Central Office.", "offices of the Central Office", None),
    ],
    passes=[
        "Step by step, day by day, more and more people came.",
        "It was a new start.",
        "The talks went on and on and on.",
        "He has done this time and time and time again.",
        "Prices fall and more and more people buy.",
        "They staged Measure for Measure in May.",
        "What makes a home a home is its people.",
        "She won 6-4 6-4 in the final.",
        "Prices got bigger and bigger, and he waited and waited.",
        "We need rules on what was and what was not allowed.",
        '"Come on, come on," he shouted.',
        "They sang New York, New York at the end.",
        "We back head teachers and teachers in class.",
        "There were piles and piles of paper, for years and years.",
        "It was very, very hard, and she said no, no and no.",
        "They met face to face and you have to have a plan.",
        "The best of the best came, with a friend of a friend.",
        "It is a network of small networks.",
        "Parents are worried about this, and they are worried rightly.",
    ],
    fix="sometimes",
    exceptions=[
        "repeats for degree or duration (more and more, on and on)",
        "contrast (what was and what was not)",
        'speech ("Come on, come on")',
        "names (New York, New York)",
    ],
)
def garbled_duplication(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    repeats = _repeats(seg, ctx)
    copies = list(_copy_hits(seg, repeats, ctx))
    yield from copies
    for hit in _word_hits(text, repeats):
        if not any(c.start < hit.end and hit.start < c.end for c in copies):
            yield hit  # "behalf of on behalf" inside a loop is the loop's


def _copy_hits(seg: Segment, repeats: list[Repeat], ctx: DocContext) -> Iterator[Hit]:
    """Hits for loops of phrases, linked copies and listed doubles, none overlapping."""
    text = seg.text
    taken = -1
    for r in repeats:
        if r.start < taken:
            continue
        end, suggestion = r.end, r.first
        if r.shape == "loop" and r.words > 1:
            slip = not _english_loop(r, text, ctx, seg)
            message = f"Phrase repeated: '{r.first}'"
        elif r.shape == "linked":
            slip = not _english_linked(r, text, ctx, seg)
            message = f"Phrase written twice: '{text[r.start : r.end]}'"
        elif r.shape == "listed":
            slip = _listed_slip(r, text, ctx, seg)
            message = f"List item written twice: '{r.first}'"
            end = _listed_end(text, r.end)
            suggestion = r.first + text[r.end : end]
        else:
            continue
        if slip:
            taken = end
            yield Hit(r.start, end, message, suggestion)


def _word_hits(text: str, repeats: list[Repeat]) -> Iterator[Hit]:
    """Hits for a word said around an article (new A new; not "makes a gadget a
    gadget", an object and its complement), a participle around a word, and a head
    noun around "of" (no mechanical fix for the last two)."""
    for r in repeats:
        flagged = text[r.start : r.end]
        if r.shape == "article":
            article = flagged[len(r.first) :].split()[0]
            if article.islower() and _COMPLEMENT_VERB_RE.search(
                text, max(0, r.start - 14), r.start
            ):
                continue
            yield Hit(
                r.start, r.end, f"Garbled repetition '{flagged}'", f"{article.lower()} {r.first}"
            )
        elif r.shape == "participle":
            yield Hit(r.start, r.end, f"'{r.first}' said twice: '{flagged}'", None)
        elif r.shape == "head":
            yield Hit(r.start, r.end, f"'{r.first}' said twice around 'of'", None)


# copies of a word in a row from which a doubled word is the engine looping (major):
# English writes a word three times for emphasis at most, but in chants and sounds
WORD_LOOP_COPIES = 4
_CHANTS = frozenset("oh ah ha haha he hee ho la na bla blah tick tock ding dong bang boom".split())
# copies from which a loop that is half its segment's words or more makes it
# unusable (critical): a row of 200,000 looped words passed at 99.4 as one minor
CRITICAL_LOOP_COPIES = 10


@rule(
    code="MT205",
    name="doubled-word",
    category="Fluency/Grammar",
    severity="minor",
    rationale="""A word written twice or more ("the the", "Province Province") is an MT
    or editing slip. Doubles that English allows ("had had", "that that"), rare
    words (ylang ylang, a plant), numbers (6-4 6-4), a title before a name (law
    lord Lord Hope) and capitalised doubles that are names (Walla Walla) are left
    alone: a capitalised double is reported when the document also writes the
    word alone (Beijing Beijing ... Beijing) or it is a common noun; pinyin
    reduplications are the untranslated-pinyin rule's. A word written four times
    or more in a row is the engine looping, major (but in chants and sounds: la
    la la la), and critical when it is half its segment's words or more and ten
    copies or more; the fix keeps one copy.""",
    flags=[
        ("The the committee met on Monday.", "The the", "The"),
        ("It is led by the The Party Committee of the county.", "the The", "the"),
        ("Flights to Beijing Beijing resumed. Beijing is busy.", "Beijing Beijing", "Beijing"),
        ("The Province Province has many lakes.", "Province Province", "Province"),
        ("It was the the the best year.", "the the the", "the"),
        ("The people said said said said that.", "said said said said", "said"),
    ],
    passes=[
        "What he had had was enough.",
        "They flew to Walla Walla.",
        "The oil of ylang ylang is used in perfume.",
        "The senior law lord Lord Hope gave the ruling.",
        "She won 6 6 games.",
        '"No, no, no," he said, very, very slowly.',
    ],
    fix="always",
    fix_safe=True,
    exceptions=[
        "doubles English allows (had had, that that)",
        "rare words (ylang ylang)",
        "numbers",
        "a title before a name (law lord Lord Hope)",
        "capitalised doubles that are names (Walla Walla)",
        "pinyin reduplications (MT301's)",
    ],
)
def doubled_word(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    for r in _repeats(seg, ctx):
        if r.shape != "loop" or r.words != 1 or _english_double(r, text, ctx):
            continue
        if r.copies < WORD_LOOP_COPIES or r.first.lower() in _CHANTS:
            yield Hit(r.start, r.end, f"Word doubled: '{text[r.start : r.end]}'", r.first)
            continue
        # the engine looping: major, and critical when the loop is most of the text
        fills = r.copies >= CRITICAL_LOOP_COPIES and 2 * r.copies >= ctx.word_count(seg)
        message = f"Word repeated {r.copies} times: '{r.first}'"
        yield Hit(r.start, r.end, message, r.first, "critical" if fills else "major")
