"""Source text left in the English: pinyin, Chinese characters, non-words, mojibake."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ftfy
from ftfy.badness import is_bad

from mtqa.lexicon import english_frequencies, pinyin_split, source_chars_for
from mtqa.model import Segment
from mtqa.rulebase import DocContext, Hit, rule
from mtqa.spelling import judge_unknown
from mtqa.textutil import WORD_RE

from .structure import is_pinyin_reduplication


def unknown_words(seg: Segment) -> list[tuple[str, int, int]]:
    """Words of at least two letters that wordfreq's English list does not know."""
    known = english_frequencies()
    out = []
    for m in WORD_RE.finditer(seg.text):
        word = m.group()
        if len(word) < 2:
            continue
        lower = word.lower()
        if lower in known or ("’" in lower and lower.replace("’", "'") in known):
            continue
        out.append((word, m.start(), m.end()))
    return out


_REDUP_RE = re.compile(r"\b([A-Za-z]+) \1\b")


@rule(
    code="MT301",
    name="pinyin-reduplication",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""A doubled pinyin syllable ("Yin Yin", 殷殷 'earnest') is a Chinese
    reduplicated adjective or adverb the engine romanised instead of translating.
    Chinese given names are written as one word (Bingbing), so a spaced pair is
    not a name; add true exceptions to the allowlist.""",
    flags=[
        ("We bear in mind the hopes of the Premier Qie Qie, and act.", "Qie Qie"),
        ("Bearing in mind the hopes Yin Yin, we act.\t牢记殷殷嘱托，我们行动。", "Yin Yin"),
    ],
    passes=["She lives in Walla Walla.", "It was only so so."],
)
def pinyin_reduplication(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for m in _REDUP_RE.finditer(seg.text):
        word = m.group(1)
        second = m.group()[len(word) + 1 :]
        if word != second or ctx.allowed(m.group()) or not is_pinyin_reduplication(word):
            continue
        # traced or not, a spaced reduplication is no English and no romanised name;
        # the source only says where it came from
        traced = _traced(m.group(), seg)
        origin = f" (from {traced})" if traced else ""
        yield Hit(m.start(), m.end(), f"Untranslated Chinese reduplication '{m.group()}'{origin}")


def _traced(pinyin_text: str, seg: Segment) -> str | bool | None:
    """With a source: the characters the pinyin renders, or False when the source has
    none that read so. Without a source: None (no evidence either way)."""
    if seg.source is None:
        return None
    syllables = pinyin_split(pinyin_text.replace(" ", ""))
    chars = source_chars_for(syllables, seg.source) if syllables else None
    return chars or False


_JOINERS = frozenset("-’'")


@rule(
    code="MT302",
    name="untranslated-pinyin",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""A lowercase word made only of pinyin syllables that English does not
    know (established loanwords such as mu, yuan, hukou are in the English word
    list) is Chinese the engine left untranslated. Capitalised pinyin is treated as
    a name and not flagged. With the source at hand, the word must trace back to
    characters of the source that read so (xiaoqu from 小区), and the finding
    names them; a word that traces to nothing there is left alone.""",
    flags=[
        ("They cleaned the xiaoqu pond before the rains.", "xiaoqu"),
        ("They cleaned the xiaoqu pond.\t他们清理了小区的池塘。", "xiaoqu"),
    ],
    passes=[
        "The farm covers 200 mu and earns 9,000 yuan.",
        "Wang Xiaoqu runs the farm.",
        "They sang the dufa song.\t他们唱了一首歌。",  # no characters of the source read so
    ],
)
def untranslated_pinyin(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    for word, start, end in ctx.memo("unknown-words", seg, unknown_words):
        if not word.islower() or not word.isascii() or ctx.allowed(word):
            continue
        if text[start - 1 : start] in _JOINERS or text[end : end + 1] in _JOINERS:
            continue
        if pinyin_split(word):
            traced = _traced(word, seg)
            if traced is False:
                continue  # no characters of the source read so: a rare word, not pinyin
            origin = f" (from {traced})" if traced else ""
            yield Hit(start, end, f"Untranslated pinyin '{word}'{origin}")


_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
_CJK_RUN_RE = re.compile(
    f"[{_HAN}\u3040-\u30ff](?:[\\s\\d{_HAN}{_CJK_PUNCT}\u3040-\u30ff]*[{_HAN}\u3040-\u30ff{_CJK_PUNCT}])?"
)


@rule(
    code="MT303",
    name="chinese-characters",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""Chinese (or Japanese) characters inside English text are source text
    the engine did not translate: dates (2025 年 9 月), names, keywords. Each run
    is one finding.""",
    flags=[("The meeting was held on 2024 年 3 月 5 日 in the city.", "年 3 月 5 日")],
    passes=["The meeting was held on March 5, 2024 in the city."],
)
def chinese_characters(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    for m in _CJK_RUN_RE.finditer(seg.text):
        yield Hit(m.start(), m.end(), f"Chinese text left untranslated: '{m.group()}'")


@rule(
    code="MT304",
    name="non-word",
    category="Fluency/Spelling",
    severity="major",
    rationale="""A word that wordfreq's English list (321,000 forms) does not know, that
    is no pinyin name and no allowed term, and that English word formation does
    not explain (bisexually, mouthpart), is reported when there is evidence of an
    error: two common words glued together ('responsibleperson'), one edit from a
    common word ('growsed'), or an English suffix on a stem that is no word
    ('Liveliable'). Rare real words (helianthemum) are left alone. Capitalised
    words inside a sentence are names and are not judged.""",
    flags=[
        ("The village growsed more peppers this year.", "growsed"),
        ("Each responsibleperson signed the pledge.", "responsibleperson"),
        ("Liveliable towns attract young people.", "Liveliable"),
    ],
    passes=[
        "Mr Okonkwo visited Tianshanbao village.",
        "Akismet filters spam for the site.",
        "The e-commerce co-op grew.",
        "The fly has a long mouthpart and the plant spreads bisexually.",
        "We photographed helianthemum on the cliffs.",
    ],
)
def non_word(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text
    sentence_starts: set[int] | None = None
    for word, start, end in ctx.memo("unknown-words", seg, unknown_words):
        if len(word) < 4 or not word.isascii():
            continue
        if text[end : end + 1] in _ATTACHED or text[start - 1 : start] in _ATTACHED:
            continue  # part of a compound, domain, path or address
        if word[0].isupper():
            if not word[1:].islower():
                continue
            if sentence_starts is None:
                sentence_starts = {s for s, _ in ctx.sentences[seg.index]}
            if start not in sentence_starts:
                continue  # a capitalised word inside a sentence is a name
        elif not word.islower():
            continue  # camelCase brand names
        if pinyin_split(word) or ctx.allowed(word):
            continue
        verdict = judge_unknown(word.lower())
        if verdict is None:
            continue
        reason, suggestion = verdict
        if suggestion and word[0].isupper():
            suggestion = suggestion[0].upper() + suggestion[1:]
        yield Hit(start, end, f"'{word}' is not an English word: {reason}", suggestion)


_ATTACHED = frozenset("-./@")
_TOKEN_RE = re.compile(r"\S+")
# UTF-8 lead bytes read as Latin-1/cp1252 (Â, Ã, â, ð …): no mojibake without one of them.
_MOJIBAKE_LEAD_RE = re.compile("[\u00c2-\u00f4]")


@rule(
    code="MT305",
    name="mojibake",
    category="Fluency/Character encoding",
    severity="major",
    rationale="""Text decoded with the wrong encoding ('donâ€™t', 'Ã©') somewhere in the
    scrape-translate-publish chain. Detected and repaired with ftfy.""",
    flags=[("The mayorâ€™s plan was approved.", "mayorâ€™s")],
    languages=None,
    passes=["The mayor’s café plan was approved."],
)
def mojibake(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    if not _MOJIBAKE_LEAD_RE.search(seg.text) or not is_bad(seg.text):
        return
    for m in _TOKEN_RE.finditer(seg.text):
        token = m.group()
        if is_bad(token):
            yield Hit(
                m.start(),
                m.end(),
                "Mojibake (text decoded with the wrong encoding)",
                ftfy.fix_text(token, uncurl_quotes=False),
            )
