"""One name, spelling or quoted term written two ways in one document."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise

from mtqa import regexcache
from mtqa.language.lexicon import is_english_word, top_english_words
from mtqa.language.names import (
    TITLE_MINOR_WORDS,
    always_capitalised,
    known_in_lowercase,
    singular_forms,
)
from mtqa.language.pinyin import is_pinyin_syllable, pinyin_split
from mtqa.language.spelling import FUNCTION_WORDS
from mtqa.model import Segment
from mtqa.quotes import has_quote_marks
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.textutil import WORD_RE, word_pieces

from .structure import is_headline

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


def _latin_class(test: Callable[[str], bool]) -> str:
    """The letters of the Latin blocks (Basic Latin to Latin Extended-B, and Latin
    Extended Additional, where Vietnamese has its letters) that pass ``test``
    (str.isupper, str.islower), as the inside of a character class of ranges."""
    points = [
        c
        for block in (range(0x41, 0x250), range(0x1E00, 0x1F00))
        for c in block
        if test(chr(c)) and chr(c).isalpha()
    ]
    ranges: list[list[int]] = []
    for c in points:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


# a capital and a small letter of the Latin alphabets, of English and of the names it
# borrows (José Álvarez, Zürich, Dvořák, Łódź, Nguyễn); a small letter may carry a
# combining accent (a text in Unicode's decomposed form writes á as a and U+0301)
_UPPER = _latin_class(str.isupper)
_LOWER = _latin_class(str.islower) + "\u0300-\u036f"
_NAME_WORD = f"[{_UPPER}][\u0300-\u036f]*[{_LOWER}]+"
# capitalised words in a row
_NAME_RUN_RE = regexcache.compile(f"{_NAME_WORD}(?:[ -]{_NAME_WORD})*")
MAX_NAME_WORDS = 3


_NAME_SPLIT_RE = regexcache.compile(r"[ -]")
# word verdicts kept across documents: every document asks about its capitalised
# words (The, In, Beijing), most of which the previous documents asked about too
_english_word = lru_cache(maxsize=1 << 16)(is_english_word)
_known_in_lowercase = lru_cache(maxsize=1 << 16)(known_in_lowercase)


def _composed(surface: str) -> str:
    """``surface`` in Unicode's composed form (NFC): a name written with an accented
    letter and with a letter and a combining accent (É, E and U+0301) is one spelling."""
    return surface if surface.isascii() else unicodedata.normalize("NFC", surface)


# The Latin letters Unicode gives no decomposition into a base letter and an accent
# (a stroke or a ligature), as English writes them: Łódź is Lodz, Đồng is Dong.
_UNDECOMPOSED = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ø": "O", "ø": "o",
        "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "ı": "i", "ß": "ss", "Æ": "Ae",
        "æ": "ae", "Œ": "Oe", "œ": "oe", "Þ": "Th", "þ": "th",
    }
)  # fmt: skip


@lru_cache(maxsize=1 << 16)
def _name_key(surface: str) -> str:
    if not surface.isascii():  # José and Jose, Zürich and Zurich, Łódź and Lodz: one name
        decomposed = unicodedata.normalize("NFKD", surface.translate(_UNDECOMPOSED))
        surface = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NAME_SPLIT_RE.split(surface)
    if len(words) >= 2 and words[-1] in PINYIN_GENERICS:
        stem = words[-2].lower()
        for generic in PINYIN_GENERICS[words[-1]]:
            if stem.endswith(generic) and len(stem) > len(generic) + 1:
                words[-2] = words[-2][: -len(generic)]
                break
    return "".join(words).lower()


def _report_minority(
    forms: dict[str, dict[str, list[Occurrence]]],
    describe: Callable[[str, str], str],
    wrong: Callable[[str], bool] = lambda form: False,
) -> Iterator[Hit]:
    """For every key written more than one way, flag the less common forms.

    On a tie the form that appears first in the document wins; a form ``wrong``
    says is never the main one, however often it is written (a sign copied from
    the source: ℃ beside °C).
    """
    for surfaces in forms.values():
        if len(surfaces) < 2:
            continue
        ranked = sorted(surfaces.items(), key=lambda kv: (wrong(kv[0]), -len(kv[1]), kv[1][0]))
        main = ranked[0][0]
        for surface, places in ranked[1:]:
            for seg, start, end in places:
                yield Hit(start, end, describe(surface, main), main, segment=seg)


_RUN_SPLIT_RE = regexcache.compile(r"([ -])")  # a name run's words and what joins them


@rule(
    code="MT401",
    name="name-variant",
    category="Fluency/Inconsistency",
    severity="minor",
    rationale="""A name romanised two ways in one document (Taoranju / Tao Ranju,
    Huai River / Huaihe River), or written with its accents and without them (José
    Álvarez / Jose Alvarez, Zürich / Zurich), confuses readers and search. The
    less frequent form is flagged, with the main form as the suggestion. A word
    English knows (Zurich, Lopez) is compared only with its accented spelling, or
    for a Chinese name English knows (Zhengzhou) with its syllables written apart
    (Zheng Zhou), and only where it stands alone: inside a longer name (Jennifer Lopez, Zurich
    Insurance, the Café de Flore) it may name another person or body.""",
    flags=[
        ("Yunhai Foods grew fast. Later Yun Hai opened a shop.", "Yun Hai", "Yunhai"),
        ("The Huai River floods. Dams on the Huaihe River help.", "Huaihe River", "Huai River"),
        (
            "José Álvarez won. Álvarez thanked fans. Later Jose Alvarez left.",
            "Jose Alvarez",
            "José Álvarez",
        ),
        ("Zürich voted no. Later Zurich voted yes.", "Zurich", "Zürich"),
        ("Łódź is big. Lodz is a city.", "Lodz", "Łódź"),
        (
            "Trains reach Zhengzhou daily. Zhengzhou grew. Zheng Zhou is busy.",
            "Zheng Zhou",
            "Zhengzhou",
        ),
        (
            "Li Jianguo opened the road. Li Jianguo spoke. Later Li Jian-guo left.",
            "Li Jian-guo",
            "Li Jianguo",
        ),
        (
            "The Third Green Valley Survey Team met. Later the Third Summer Green Valley "
            "Survey Team left.",
            "Third Summer Green Valley Survey Team",
            "Third Green Valley Survey Team",
        ),
    ],
    passes=[
        "Gabriel García Márquez wrote it. García Márquez lived in Mexico City.",
        "Tao Ran met Tao Ranju staff.",
        "Zhang Wei met Zhang Wei-ming and Mary Smith-jones.",
        "Trần Phương and Trần Phượng are sisters; Trần Phương is a doctor.",
        "Strauß led Bavaria. Strauss sold jeans, and Strauss grew rich.",
        "Newcastle beat New Castle, a town in Delaware.",
        "Résumé tips came first. Resume the work after lunch.",  # a verb to start a sentence
        "Jennifer Lopez sang. The president, Andrés Manuel López Obrador, spoke.",
        "Cafe prices rose. The Café de Flore raised its prices too.",
        "Zurich Insurance reported a profit. The firm is based in Zürich.",
        "Lake Tai is near Taihu Road.",
        "Hechang Village honours its hero, the soldier Comrade He Chang.",
        "The Green Valley Survey Team met the Green Valley Survey Team Leaders.",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "a name and a longer name that contains it (Tao Ran, Tao Ranju)",
        "a place and a road named after it (Lake Tai, Taihu Road)",
        "an English word inside a longer name beside its accented spelling (Jennifer Lopez, López)",
        "two spellings with different accents (Vietnamese Thủy and Thúy: two names)",
    ],
)
def name_variant(ctx: DocContext) -> Iterator[Hit]:
    forms: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    runs: dict[tuple[str, ...], list[Occurrence]] = defaultdict(list)
    # single words English knows (Zurich, Munich, The): compared only with their
    # accented spellings (`_accent_variants`) and pinyin syllables (`_joined_syllables`)
    known = _KnownWords(ctx.segments)
    for seg in ctx.segments:
        starts = None
        for m in _NAME_RUN_RE.finditer(seg.text):
            run = m.group()
            if " " not in run and "-" not in run:
                # one capitalised word, most runs (a sentence's first word): a name
                # form unless it is an English word, never part of a longer name
                place = (seg.index, m.start(), m.end())
                composed = _composed(run)
                if _english_word(composed):
                    known.add(composed, place)
                else:
                    forms[_name_key(run)][composed].append(place)
                continue
            words = _RUN_SPLIT_RE.split(run)
            # every sub-run of capitalised words, so "In Taoranju" still yields "Taoranju"
            tokens = words[::2]
            lead = 0  # a sentence's first word before the name: "The Fifth Team met."
            while lead < len(tokens) - 1 and tokens[lead].lower() in _LEADING_WORDS:
                lead += 1
            if len(tokens) - lead >= MIN_LONG_NAME:  # the only runs `_inserted_word` compares
                start = m.start() + sum(len(t) + 1 for t in tokens[:lead])
                runs[tuple(tokens[lead:])].append((seg.index, start, m.end()))
            offsets = []
            pos = m.start()
            for i, w in enumerate(tokens):
                offsets.append(pos)
                pos += len(w) + (1 if i < len(tokens) - 1 else 0)
            if starts is None:
                starts = ctx.sentence_starts(seg)
            # "Later Zurich voted": the word after a sentence's opener stands alone;
            # other words English knows inside a run belong to a longer name
            # (Jennifer Lopez, Zurich Insurance, the Café de Flore), which may be
            # another person or body than the accented word's (López Obrador)
            alone_after_opener = (
                len(tokens) == 2 and offsets[0] in starts and _known_in_lowercase(tokens[0])
            )
            for i in range(len(tokens)):
                if i and offsets[i - 1] not in starts and _known_in_lowercase(tokens[i - 1]):
                    continue  # after a title inside a sentence (Comrade He Chang): a person
                for j in range(i + 1, min(len(tokens), i + MAX_NAME_WORDS) + 1):
                    start, end = offsets[i], offsets[j - 1] + len(tokens[j - 1])
                    surface = _composed(seg.text[start:end])
                    if j - i == 1 and _english_word(surface):
                        if alone_after_opener:
                            known.add(surface, (seg.index, start, end))
                        continue  # part of a name: Lopez in Jennifer Lopez is no Lopez
                    forms[_name_key(surface)][surface].append((seg.index, start, end))
        if "-" in seg.text:
            for surface, place in _hyphenated_given_names(seg):
                forms[_name_key(surface)][surface].append(place)
    for key, surface, places in chain(_accent_variants(known), _joined_syllables(known, forms)):
        forms[key][surface].extend(places)
    hits = list(
        _report_minority(
            {key: surfaces for key, surfaces in forms.items() if not _several_names(surfaces)},
            lambda form, main: f"'{form}' is written '{main}' elsewhere in this document",
        )
    )
    hits.extend(_inserted_word(runs))
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


def _several_names(surfaces: Mapping[str, object]) -> bool:
    """Whether the forms of one name key are the names of several people or places:
    two spellings with accents, and other accents or letters (Thủy and Thúy, Phương
    and Phượng: Vietnamese tells names apart by their tone marks). A name written
    with its accents and without them (José and Jose), or with other spaces or
    hyphens (Nguyễn Văn An, Nguyễn Văn-An), is one name."""
    if len(surfaces) < 2:
        return False
    accented = {_NAME_SPLIT_RE.sub("", s).lower() for s in surfaces if not s.isascii()}
    return len(accented) > 1


# a Chinese name whose two-syllable given name is hyphenated with its second syllable
# in lowercase, as Wade-Giles and Taiwan write it (Li Jian-guo): `_NAME_RUN_RE` ends
# the run at the lowercase syllable
_HYPHENATED_GIVEN_RE = regexcache.compile(r"\b([A-Z][a-z]{0,5}) ([A-Z][a-z]{0,5})-([a-z]{1,6})\b")
# the most frequent English words: none is a surname before a given name here
COMMON_ENGLISH = 1000


def _hyphenated_given_names(seg: Segment) -> Iterator[tuple[str, Occurrence]]:
    """The names of ``seg`` written with a hyphenated given name (Li Jian-guo), the
    surname and each given syllable one of Chinese words (`is_pinyin_syllable`),
    the surname no frequent English word (`COMMON_ENGLISH`), with their places:
    the same name key as Li Jianguo and Li Jian Guo (`_name_key`)."""
    common = top_english_words(COMMON_ENGLISH)
    for m in _HYPHENATED_GIVEN_RE.finditer(seg.text):
        surname = m.group(1)
        if surname.lower() in common or not is_pinyin_syllable(surname, words_only=True):
            continue  # an English word before a hyphenated one: "Then Re-run", "The Yin-yang"
        if all(is_pinyin_syllable(part, words_only=True) for part in m.groups()[1:]):
            yield m.group(), (seg.index, m.start(), m.end())


# a particle joining words to a longer name: the Café de Flore, Fête de la Musique,
# Autónoma de México, University of Zurich (a name of its own, not a spelling)
_PARTICLE = r"(?:de|del|della|di|da|do|dos|das|du|des|la|le|van|von|der|y|of)"
_PARTICLE_AFTER_RE = regexcache.compile(rf"(?: {_PARTICLE}){{1,2}} [{_UPPER}]")
_PARTICLE_BEFORE_RE = regexcache.compile(rf"{_NAME_WORD}(?: {_PARTICLE}){{1,2}} $")


def _joined_by_particle(text: str, start: int, end: int) -> bool:
    """Whether the word at ``text[start:end]`` is joined to a name by a particle."""
    return bool(
        _PARTICLE_AFTER_RE.match(text, end)
        or _PARTICLE_BEFORE_RE.search(text, max(0, start - 40), start)
    )


class _KnownWords:
    """The places of the capitalised single words English knows, by surface, each
    kept unless a particle joins it to a longer name (`_joined_by_particle`). That
    test is two pattern searches a place, and a document has hundreds of such words
    (every sentence's first word): it runs only for the few words the accent and
    syllable comparisons ask about."""

    def __init__(self, segments: list[Segment]) -> None:
        self._segments = segments
        self._found: dict[str, list[Occurrence]] = defaultdict(list)
        self._kept: dict[str, list[Occurrence]] = {}

    def add(self, surface: str, place: Occurrence) -> None:
        self._found[surface].append(place)

    def surfaces(self, wanted: Callable[[str], bool]) -> list[tuple[str, list[Occurrence]]]:
        """``(surface, places kept)`` of the surfaces ``wanted`` accepts that have a
        place kept, in the document's order of their first place kept."""
        found = [(s, kept) for s in self._found if wanted(s) and (kept := self._places(s))]
        found.sort(key=lambda item: item[1][0])
        return found

    def _places(self, surface: str) -> list[Occurrence]:
        kept = self._kept.get(surface)
        if kept is None:
            kept = self._kept[surface] = [
                (index, start, end)
                for index, start, end in self._found[surface]
                if not _joined_by_particle(self._segments[index - 1].text, start, end)
            ]
        return kept


def _accent_variants(known: _KnownWords) -> Iterator[tuple[str, str, list[Occurrence]]]:
    """``(name key, surface, places)`` of the capitalised words English knows that
    the document also writes with other accents (Zürich and Zurich, José and
    Jose), each a name form to compare; not a word the dictionary has in lowercase
    (Résumé beside Resume, Rosé beside Rose: a common word at a sentence's start).
    A name English does not know beside an English word is not compared: Strauß
    the politician and Strauss the jeans maker are two."""
    accented = {_name_key(w) for w, _ in known.surfaces(lambda w: not w.isascii())}
    if not accented:
        return  # most documents: no accented capitalised word
    wanted = known.surfaces(lambda w: _name_key(w) in accented and not _known_in_lowercase(w))
    for surface, places in wanted:
        yield _name_key(surface), surface, places


def _joined_syllables(
    known: _KnownWords, forms: Mapping[str, Mapping[str, object]]
) -> Iterator[tuple[str, str, list[Occurrence]]]:
    """``(name key, surface, places)`` of the capitalised words English knows as names
    only (Zhengzhou, Guangzhou: not in lowercase) that the document also writes
    one pinyin syllable a word (Zheng Zhou): a Chinese name romanised two ways.
    Not a name of English words (Newcastle and New Castle are two places)."""

    def wanted(surface: str) -> bool:
        key = _name_key(surface)
        if key not in forms or _known_in_lowercase(surface):
            return False
        split = (_NAME_SPLIT_RE.split(other) for other in forms[key])
        return any(len(words) > 1 and all(map(_one_syllable, words)) for words in split)

    for surface, places in known.surfaces(wanted):
        yield _name_key(surface), surface, places


def _one_syllable(word: str) -> bool:
    """Whether ``word`` is one pinyin syllable of Chinese words."""
    return is_pinyin_syllable(word, words_only=True)


_LEADING_WORDS = FUNCTION_WORDS | TITLE_MINOR_WORDS
MIN_LONG_NAME = 4  # capitalised words a name needs before one more inside it is a variant
MAX_LONG_NAME = 12  # a longer run of capitals is a headline or a list of names


def _inserted_word(runs: dict[tuple[str, ...], list[Occurrence]]) -> Iterator[Hit]:
    """Long names written once with one more word inside them (the Fifth Red Memory
    Team / the Fifth Phase Red Memory Team): the form the document uses first is
    the name, every occurrence of the other is flagged. A word added at either end
    makes another name (Bank of Scotland, Royal Bank of Scotland) and is not compared."""
    for longer in runs:
        if not MIN_LONG_NAME < len(longer) <= MAX_LONG_NAME:
            continue
        for i in range(1, len(longer) - 1):
            shorter = longer[:i] + longer[i + 1 :]
            if shorter not in runs:
                continue
            first, other = sorted((shorter, longer), key=lambda form: runs[form][0])
            for seg, start, end in runs[other]:
                message = f"'{' '.join(other)}' is written '{' '.join(first)}' elsewhere"
                yield Hit(start, end, message, " ".join(first), segment=seg)


_COMPOUND_RE = regexcache.compile(r"\b[a-z]+(?:-[a-z]+)+\b|\b[a-z]{4,}\b", re.IGNORECASE)


# Words that can have another spelling: hyphenated compounds (found in the lowercased
# text) and words with a British ending (matched whole against a lowercased word).
_HYPHENATED_RE = regexcache.compile(r"\b[a-z]+(?:-[a-z]+)+\b")
_BRITISH_WORD_RE = regexcache.compile(r"[a-z]{3,}(?:is(?:e|es|ed|ing|ation|ations)|our)")


def _british_forms(word: str) -> tuple[str, ...]:
    """The parts of a segment word (`DocContext.words`), lowercased and cut at
    apostrophes as `_lowercase_words` cuts them (labour's: labour), that have a
    British ending (organise, labour)."""
    return tuple(p for p in word_pieces([word.lower()], word) if _BRITISH_WORD_RE.fullmatch(p))


MAX_JUDGED = 1 << 16  # word forms a `_WordTest` keeps verdicts on, as the word caches do


class _WordTest:
    """A test of word forms whose verdicts are kept across documents, which share
    most of their words: a document's forms are judged by set operations in C, and
    only those no document showed before one by one."""

    def __init__(self, test: Callable[[str], object]) -> None:
        self._test = test  # a form passes when the result is true
        # the forms judged and those of them that passed, as one value: a thread
        # that reads it while another starts afresh keeps a pair that agrees
        self._verdicts: tuple[set[str], set[str]] = (set(), set())

    def passing(self, forms: Mapping[str, object]) -> set[str]:
        """The forms (the keys of ``forms``) that pass the test."""
        judged, passed = self._verdicts
        if not judged.issuperset(forms):
            if len(judged) >= MAX_JUDGED:  # start afresh: the memory stays bounded
                judged, passed = self._verdicts = (set(), set())
            new = forms.keys() - judged
            passed.update(filter(self._test, new))  # before the forms count as judged
            judged.update(new)
        return forms.keys() & passed


_HAS_BRITISH_FORMS = _WordTest(_british_forms)


def _lowercase_words(seg: Segment, ctx: DocContext) -> tuple[list[str], list[str]]:
    """Every word `_COMPOUND_RE` finds in a segment, lowercased, and a few more:
    its words and its hyphenated compounds.

    Read from the segment's words (`DocContext.words`), cut at apostrophes
    (labour's: labour): no scan of the text for most segments. The few extra words
    (labour in labour2, which `_COMPOUND_RE` does not take) only add keys that no
    other form in the text can meet.
    """
    words = word_pieces(list(map(str.lower, ctx.words(seg))), seg.text)
    return words, _hyphenated(ctx.lower(seg))


def _hyphenated(lower: str) -> list[str]:
    """`_HYPHENATED_RE`'s matches in a lowercased text, in order. A match holds no
    space, so only the runs of non-spaces with a hyphen are read: `re` tries a
    pattern opening with ``\\b`` at every character, a cost most of the text need
    not pay."""
    return [
        c
        for start, end in _runs_holding(lower, ("-",))
        for c in _HYPHENATED_RE.findall(lower, start, end)
    ]


def _runs_holding(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """The runs of ``text`` between spaces (start, end) that hold one of ``needles``
    (texts without a space), in order, each once."""
    runs = set()
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            end = text.find(" ", at + len(needle))
            end = len(text) if end < 0 else end
            runs.add((text.rfind(" ", 0, at) + 1, end))
            at = text.find(needle, end)
    return sorted(runs)


_BRITISH_RE = regexcache.compile(r"(?<=[a-z]{3})(is(?:e|es|ed|ing|ation|ations)|our)$")


# A hyphen after these prefixes makes another word, not another spelling: re-sign and
# resign, re-cover and recover, co-op and coop.
_MEANING_PREFIXES = ("re-", "co-", "pre-", "de-", "un-")


@lru_cache(maxsize=1 << 16)
def _spelling_key(word: str) -> str:
    if word.startswith(_MEANING_PREFIXES):
        return word
    key = word.replace("-", "")
    if len(key) >= 6:
        alt = _BRITISH_RE.sub(lambda m: m.group(1).replace("is", "iz").replace("our", "or"), key)
        if alt != key and is_english_word(alt):
            return alt
    return key


# A unit after a number: the CJK compatibility signs MT copies from the source (℃, ㎡,
# ㎞) fold to what they stand for (°C, m2, km) by NFKC; "per cent" and "percent" are
# one word spelled two ways. "%" is left alone: tables use it beside prose "per cent".
_UNIT_RE = regexcache.compile(r"\d\s?(℃|℉|°[CF]\b|[\u3380-\u33ff]|m²|km²|per cent\b|percent\b)")


def _unit_key(unit: str) -> str:
    return "unit:" + unicodedata.normalize("NFKC", unit).replace(" ", "").lower()


def _add_units(ctx: DocContext, forms: dict[str, dict[str, list[Occurrence]]]) -> None:
    """Add every unit written after a number to ``forms``, keyed by what it stands for."""
    for seg in ctx.segments:
        text = seg.text
        if text.isascii() and "percent" not in text and "per cent" not in text:
            continue  # most paragraphs: no sign (all are outside ASCII) and no per cent
        for m in _UNIT_RE.finditer(text):
            forms[_unit_key(m.group(1))][m.group(1)].append((seg.index, m.start(1), m.end(1)))


@rule(
    code="MT402",
    name="spelling-variant",
    category="Fluency/Inconsistency",
    severity="minor",
    rationale="""One word spelled two ways in one document: hyphenated and closed
    compounds (grass-roots / grassroots), British and American endings
    (organise / organize, labour / labor). Pick one; the less frequent form is
    flagged; a sign copied from Chinese text (℃, ㎡) is flagged beside the one
    English writes (°C, m²), however often it stands. A form capitalised inside a
    sentence (Honor Blackman) is a name and is not compared. Quotations count: in
    a translation the engine wrote them too.""",
    flags=[
        ("Grassroots groups met. The grass-roots groups voted.", "grass-roots", "grassroots"),
        ("The honour was great. She spoke of the honor later.", "honor", "honour"),
        ("It hit 38°C on Monday, 39°C on Tuesday and 41℃ on Friday.", "℃", "°C"),
        ("It fell to 25℃ at night, 24℃ at dawn, and rose to 30°C by noon.", "℃", "°C", 2),
        ("Sales rose 5 per cent, then 3 per cent, then 2 percent.", "percent", "per cent"),
    ],
    passes=[
        "Grassroots groups met. The grassroots groups voted.",
        "It was an honour to meet Honor Smith.",
        "Sales rose 5 per cent in May (table: 5%, 3%, 2%).",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "a form capitalised inside a sentence (Honor Smith)",
        "the % sign beside per cent",
    ],
)
def spelling_variant(ctx: DocContext) -> Iterator[Hit]:
    forms: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    _add_words(ctx, forms)
    _add_units(ctx, forms)
    variants = {k: v for k, v in forms.items() if len(v) > 1}
    yield from _report_minority(
        variants,
        lambda form, main: f"'{form}' is spelled '{main}' elsewhere in this document",
        _compatibility_sign,
    )


def _compatibility_sign(form: str) -> bool:
    """Whether ``form`` is a CJK compatibility sign (℃, ℉, and the squared units of
    U+3380-U+33FF: ㎡, ㎞), which an English text writes as what it stands for (°C,
    m², km) whatever the counts."""
    return form in ("℃", "℉") or "\u3380" <= form[:1] <= "\u33ff"


def _add_words(ctx: DocContext, forms: dict[str, dict[str, list[Occurrence]]]) -> None:
    """Add to ``forms`` every word that can be spelled another way (a compound, a
    British ending) and every word spelled as the other way of one, keyed by
    `_spelling_key`; a form capitalised inside a sentence is a name, and left out."""
    # the marked words: read from the document's word forms, each judged once, and
    # from the segments with a hyphen; most documents have none, and stop here
    british = _HAS_BRITISH_FORMS.passing(ctx.word_counts)
    marked = dict.fromkeys(chain.from_iterable(map(_british_forms, british)), "")
    for seg in ctx.segments:
        if "-" in seg.text:  # (lowercasing makes no hyphen)
            marked.update(dict.fromkeys(_hyphenated(ctx.lower(seg)), ""))
    if not marked:
        return
    for word in marked:
        marked[word] = _spelling_key(word)
    keys = set(marked.values())
    # the words that can be a form of some key: the marked ones and the keys
    # themselves; a segment with none of them is skipped after one set operation
    relevant = keys.union(marked)
    for seg in ctx.segments:
        words, compounds = _lowercase_words(seg, ctx)
        present = relevant.intersection(chain(words, compounds))
        if not present:
            continue
        text, lower = seg.text, ctx.lower(seg)
        # matched on the original text, only in the runs between spaces that hold a
        # relevant word of the segment (a match holds no space, and one that is such
        # a word is one of them), found in the lowercased text where that keeps every
        # character's place (it may not: İ -> i̇)
        runs = _runs_holding(lower, present) if len(lower) == len(text) else [(0, len(text))]
        starts = ctx.sentence_starts(seg)
        for m in chain.from_iterable(_COMPOUND_RE.finditer(text, *run) for run in runs):
            word = m.group().lower()
            key = marked.get(word, word)
            if key not in keys:
                continue
            if m.group()[0].isupper() and m.start() not in starts:
                continue  # capitalised inside a sentence: a name (Honor Blackman)
            forms[key][word].append((seg.index, m.start(), m.end()))


_SPEECH_END_RE = regexcache.compile(r"[,.!?;:…]\s*$")
MIN_QUOTED, MAX_QUOTED = 3, 80  # characters of a quoted term; longer is a quotation
_QWORD_RE = regexcache.compile(r"[\w’']+")


MAX_TERM_WORDS = 6  # a longer quotation is speech, which may differ in a word
MIN_SHARED_CONTENT = 2  # words of substance two renderings must share to be one term


def _one_word_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when ``b`` is ``a`` with one word inserted, one word inflected (help/helping),
    or one word replaced while at least two content words stay (“home health
    monitoring” / “family health monitoring”)."""
    if len(b) == len(a) + 1:
        return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))
    if len(a) != len(b) or a == b:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = sorted(diff[0], key=len)
    if len(x) >= 3 and y.startswith(x) and len(y) - len(x) <= 3:
        return True
    if not (x.isalpha() and y.isalpha()) or len(a) > MAX_TERM_WORDS:
        return False  # "7 days" / "14 days": another figure, not another rendering
    shared = [w for w in a if w not in diff[0] and w.isalpha() and w not in FUNCTION_WORDS]
    return len(shared) >= MIN_SHARED_CONTENT


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
            None,
        )
    ],
    passes=["It follows the “three rights” rule and the “two duties” rule."],
    scope="document",
    fix="never",
    exceptions=[
        "different quoted terms",
    ],
)
def quoted_term_variant(ctx: DocContext) -> Iterator[Hit]:
    quotes: dict[tuple[str, ...], list[Occurrence]] = defaultdict(list)
    for seg in ctx.segments:
        if not has_quote_marks(seg.text):
            continue  # most paragraphs: no quotation, and no memo to look up
        # quotation marks paired as English uses them: the text between a closing
        # and the next opening mark ("…," said Dr Lee. "…) is no quotation
        for opening, closing in ctx.quotes(seg).pairs:
            start, end = opening + 1, closing
            if not MIN_QUOTED <= end - start <= MAX_QUOTED:
                continue
            if _SPEECH_END_RE.search(seg.text, start, end):
                continue  # "It is great," said Dr Lee: speech, not a term
            words = tuple(w.lower() for w in _QWORD_RE.findall(seg.text, start, end))
            if 2 <= len(words) <= 10:
                quotes[words].append((seg.index, start, end))
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


# Institutions whose name a romanised word opens (Fudan University, Zhongshan
# Hospital). Places are not institutions: Chinese English news writes "Anhui
# province" and "Suixi county" in lowercase by house style, also beside the
# official "Anhui Province"; only a name itself in lowercase (suixi county) is wrong.
INSTITUTIONS = frozenset(
    "university hospital college institute academy school museum temple monastery "
    "stadium library".split()
)
PLACE_GENERICS = frozenset("province county city district town township village".split())


def _unknown_to_dictionary(word: str) -> bool:
    """A word Webster's lists neither in lowercase nor capitalised: a name (Fudan, Zhigang)."""
    return not known_in_lowercase(word) and not always_capitalised(word)


@lru_cache(maxsize=1 << 16)
def _romanised(word: str) -> bool:
    """A name in pinyin: no dictionary word, and made of syllables of Chinese words."""
    return _unknown_to_dictionary(word) and pinyin_split(word, words_only=True) is not None


_ROMANISED = _WordTest(_romanised)


@dataclass(frozen=True, slots=True)
class Pair:
    """Two words one space apart, where they stand, and whether a capitalised word
    follows them (then they may be only the start of a longer name)."""

    segment: int
    start: int
    end: int
    first: str
    second: str
    longer: bool


_WORD = WORD_RE.pattern
_WORD_BEFORE_RE = regexcache.compile(rf"(?<![^\W\d_'’])({_WORD}) $")
_WORD_AFTER_RE = regexcache.compile(rf" ({_WORD})")
LOOK_BACK = 60  # characters read back for the word before a romanised one
MAX_ROMANISED = 200  # romanised word forms looked for in one document


def _romanised_pairs(ctx: DocContext) -> list[Pair]:
    """Every two words of the document one space apart of which one is romanised:
    the only pairs a lowercase name part can be in, and the names it is compared with.

    Romanised words are few, so they are found first (among the document's word
    forms) and their neighbours read around each occurrence.
    """
    counts = ctx.word_counts
    found = _ROMANISED.passing(counts)
    if not found:
        return []
    romanised = sorted(filter(found.__contains__, counts), key=counts.__getitem__)
    # the most used forms only: a document with thousands is read for its commonest
    pairs: dict[tuple[int, int], Pair] = {}
    for seg, start, end in _occurrences(ctx, romanised[-MAX_ROMANISED:]):
        text, word = seg.text, seg.text[start:end]
        # the word before ends at the space before this one (or at a space and a line
        # break), so it starts after the space before that: the search starts there
        reach = max(0, start - LOOK_BACK)
        reach = max(reach, text.rfind(" ", reach, max(reach, start - 2)) + 1)
        before = _WORD_BEFORE_RE.search(text, reach, start)
        if before:
            pairs[seg.index, before.start(1)] = _pair(
                seg.index, text, before.start(1), before[1], word
            )
        after = _WORD_AFTER_RE.match(text, end)
        if after:
            pairs[seg.index, start] = _pair(seg.index, text, start, word, after[1])
    return list(pairs.values())


_FIRST_RUN_RE = regexcache.compile(r"[^'’]+")
FEW_FORMS = 8  # forms whose first runs are searched for in a segment's text one by one
_WORD_CHAR_RE = regexcache.compile(r"\w")


def _occurrences(ctx: DocContext, forms: list[str]) -> Iterator[tuple[Segment, int, int]]:
    """Where the document writes one of ``forms`` (`WORD_RE` words) as a whole word:
    (segment, start, end), as ``\\b(?:form|form…)\\b`` finds them (where several
    start at one place, the first form in the order given), without compiling
    an alternation of this document's forms.

    A form is runs of letters joined by apostrophes (Xi, Xi'an). It starts where
    its first run stands as a whole run of word characters: a run of letters
    between two non-word characters, so a piece of a segment word (`word_pieces`).
    """
    by_first: dict[str, list[str]] = {}  # forms by their first run, in the order given
    for form in forms:
        by_first.setdefault(_FIRST_RUN_RE.match(form)[0], []).append(form)
    for seg in ctx.segments:
        text = seg.text
        # most segments hold no form's first run: a few are each searched for in the
        # text (in C), many looked up among the segment's words (one set operation)
        if len(by_first) <= FEW_FORMS:
            firsts = [first for first in by_first if first in text]
        else:
            firsts = by_first.keys() & word_pieces(ctx.words(seg), text)
        if not firsts:
            continue
        places = sorted((at, first) for first in firsts for at in _whole_runs(text, first))
        end = 0
        for start, first in places:
            if start < end:
                continue  # inside the last occurrence: the an of Xi'an
            for form in by_first[first]:
                stop = start + len(form)
                if text.startswith(form, start) and not _WORD_CHAR_RE.match(text, stop):
                    end = stop
                    yield seg, start, stop
                    break


def _whole_runs(text: str, run: str) -> Iterator[int]:
    """Where ``text`` has ``run`` as a whole run of word characters."""
    at = text.find(run)
    while at >= 0:
        if not _WORD_CHAR_RE.match(text, at + len(run)) and not (
            at and _WORD_CHAR_RE.match(text, at - 1)
        ):
            yield at
        at = text.find(run, at + 1)


def _pair(segment: int, text: str, start: int, first: str, second: str) -> Pair:
    end = start + len(first) + 1 + len(second)
    following = _WORD_AFTER_RE.match(text, end)
    longer = following is not None and following[1][0].isupper()
    return Pair(segment, start, end, first, second, longer)


def _capitalised_names(ctx: DocContext, pairs: list[Pair]) -> dict[tuple[str, str], str]:
    """Two-word names the document writes with both capitals in running text, by lowercase
    key, as written. Headlines are left out (they capitalise every word), and so are
    two words only ever followed by a third capitalised one: "Hechang Martyrs
    Cemetery" does not make "the Hechang martyrs" a name."""
    names: dict[tuple[str, str], str] = {}
    for p in pairs:
        if p.longer or not (p.first[0].isupper() and p.second[0].isupper()):
            continue
        if not is_headline(ctx.segments[p.segment - 1], ctx):
            names.setdefault((p.first.lower(), p.second.lower()), f"{p.first} {p.second}")
    return names


def _lowercase_part(first: str, second: str, names: dict[tuple[str, str], str]) -> str | None:
    """The name's capitalised form if ``first second`` (one of them romanised) is that
    name with a part in lowercase; None when it is no such name."""
    if not second[0].islower() or (singular_forms(second) and _known_in_lowercase(second)):
        return None  # a plural common noun after a name describes: the Hechang martyrs
    written = names.get((first.lower(), second.lower()))
    if first[0].isupper():
        if written and second not in PLACE_GENERICS:
            return written  # Pan zhigang / Pan Zhigang, Fudan university / Fudan University
        if second in INSTITUTIONS and _romanised(first):
            return f"{first} {second.capitalize()}"  # Fudan university
        if len(pinyin_split(first) or ()) == 1 and _romanised(second):
            return f"{first} {second.capitalize()}"  # a pinyin given name after its surname
        return None
    return written if written and _romanised(first) else None  # suixi county / Suixi County


@rule(
    code="MT404",
    name="lowercase-name-part",
    category="Fluency/Grammar",
    severity="minor",
    rationale="""A part of a proper name left in lowercase, as MT writes names it does not
    recognise: a romanised name before a lowercase institution (Fudan university), a
    pinyin given name after its surname (Pan zhigang), or a name the document writes
    capitalised elsewhere (Zhongshan hospital beside Zhongshan Hospital, suixi county
    beside Suixi County). Names English knows (a London hospital, an Oxford college)
    are ordinary descriptions, and a place's generic in lowercase (Anhui province) is
    house style in Chinese English news.""",
    flags=[
        ("She studied at Xiamen university for a year.", "Xiamen university", "Xiamen University"),
        ("The surgeon Gao jianguo spoke first.", "Gao jianguo", "Gao Jianguo"),
        (
            "Staff at Ruijin Hospital met. The Ruijin hospital team agreed.",
            "Ruijin hospital",
            "Ruijin Hospital",
        ),
        (
            "Floods hit Yutian County. Roads in yutian county closed.",
            "yutian county",
            "Yutian County",
        ),
    ],
    passes=[
        "He was taken to a London hospital and later an Oxford college.",
        "Floods hit Yutian County. Roads in Yutian county closed.",
        "The Welsh Government met. The Welsh government agreed.",
        "Wang said the plan works.",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "names English knows as descriptions (a London hospital)",
        "a place's generic in lowercase (Anhui province)",
        "names on the allowlist",
    ],
)
def lowercase_name_part(ctx: DocContext) -> Iterator[Hit]:
    pairs = _romanised_pairs(ctx)
    names = _capitalised_names(ctx, pairs)
    for p in pairs:
        fixed = _lowercase_part(p.first, p.second, names)
        if fixed is not None and not (ctx.allowed(p.first) or ctx.allowed(p.second)):
            yield Hit(
                p.start,
                p.end,
                f"Part of the name '{fixed}' is in lowercase: '{p.first} {p.second}'",
                fixed,
                segment=p.segment,
            )


# three lowercase words one space apart, matched where a word starts (the runs overlap)
_TRIO_RE = regexcache.compile(r"(?<![\w’'-])(?=([a-z]{3,} [a-z]{3,} [a-z]{3,})(?![\w’'-]))")
MIN_ESTABLISHED = 2  # uses that make one word order the document's term


def _swapped(trio: str) -> str | None:
    """``trio`` with its first two words swapped, if all three are content words."""
    a, b, head = trio.split()
    if a == b or a in FUNCTION_WORDS or b in FUNCTION_WORDS or head in FUNCTION_WORDS:
        return None
    return f"{b} {a} {head}"


@rule(
    code="MT405",
    name="modifier-order-variant",
    category="Terminology/Inconsistent",
    severity="minor",
    rationale="""One term rendered with its two modifiers in the other order (revolutionary
    old areas beside old revolutionary areas), as MT renders each occurrence of a
    source term afresh. The document's term is the order it uses at least twice;
    the other order is flagged, with that term as the suggestion. Two orders used
    once each are left alone: English writers do that too.""",
    flags=[
        (
            "Aid reached the remote mountain villages first. "
            "Roads to the mountain remote villages followed. "
            "The remote mountain villages thanked them.",
            "mountain remote villages",
            "remote mountain villages",
        ),
    ],
    passes=[
        "Aid reached the remote mountain villages. Roads to the mountain remote villages followed.",
        "Aid reached the remote mountain villages. The remote mountain villages thanked them.",
    ],
    scope="document",
    fix="always",
    exceptions=[
        "two orders used once each",
    ],
)
def modifier_order_variant(ctx: DocContext) -> Iterator[Hit]:
    # the two orders need two content words written next to each other both ways
    # round (remote mountain, mountain remote): most documents have no such pair,
    # and sets of the words' neighbours in C say so without reading the text again
    words = list(chain.from_iterable(map(ctx.words, ctx.segments)))
    both_ways = set(pairwise(words))
    both_ways.intersection_update(zip(words[1:], words, strict=False))
    pairs = {
        (a, b)
        for a, b in both_ways
        if a.islower() and b.islower() and _swapped(f"{a} {b} head") is not None
    }
    if not pairs:
        return
    # only runs that open with such a pair can be a term or its other order: those
    # are counted, found where the pair stands (a substring search in C each)
    counts = Counter(trio for seg in ctx.segments for trio, _ in _trios(seg, ctx, pairs))
    variants: dict[str, str] = {}
    for main, uses in counts.items():
        other = _swapped(main) if uses >= MIN_ESTABLISHED else None
        if other is not None and 0 < counts.get(other, 0) < uses:
            variants[other] = main
    if not variants:
        return
    openings = {_opening(other) for other in variants}
    for seg in ctx.segments:
        for other, start in _trios(seg, ctx, openings):
            if other in variants:
                main = variants[other]
                message = f"'{other}' is written '{main}' elsewhere in this document"
                yield Hit(start, start + len(other), message, main, segment=seg.index)


def _opening(trio: str) -> tuple[str, str]:
    """The first two words of three."""
    a, b, _ = trio.split(" ")
    return a, b


def _trios(seg: Segment, ctx: DocContext, openings: set[tuple[str, str]]) -> list[tuple[str, int]]:
    """The runs `_TRIO_RE` finds in a segment that open with one of ``openings`` (two
    words), with where each starts, in the text's order. A run's words are words of
    the segment next to each other: the openings that stand in it are found first
    (one set operation), and only they are searched for."""
    text, words = seg.text, ctx.words(seg)
    found = []
    for a, b in openings.intersection(pairwise(words)):
        opening = f"{a} {b} "
        at = text.find(opening)
        while at >= 0:
            if m := _TRIO_RE.match(text, at):
                found.append((m[1], at))
            at = text.find(opening, at + 1)
    return sorted(found, key=lambda trio: trio[1])
