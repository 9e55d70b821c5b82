"""Rules that compare the target with its source: numbers, copies, length, placeholders.

They run only on segments that have a source (bilingual files, ``--source``),
and say once per run when none has.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from mtqa import regexcache
from mtqa.language.numbers import (
    DECIMAL_COMMA,
    Number,
    same,
    source_numbers,
    target_numbers,
    vague_ranges,
)
from mtqa.model import Segment, primary_language
from mtqa.rulebase import DocContext, Hit, rule

SOURCE = ("source",)


def _fmt(value: float, kind: str = "number", lang: str = "en") -> str:
    """A value as the target language writes it: 20,000 (English) or 20.000
    (German); a year 2021; a percentage 5%."""
    text = (
        f"{value:.0f}"
        if kind in ("year", "decade")
        else (f"{value:,.0f}" if value == int(value) else f"{value:,}")
    )
    if lang == "en" and kind == "number" and value >= 1e6:
        scale, word = (1e9, "billion") if value >= 1e9 else (1e6, "million")
        if round(value / scale, 3) * scale == value:
            text = f"{value / scale:g} {word}"  # 150 million, as 1.5亿 reads in English
    if lang in DECIMAL_COMMA:
        text = text.translate(str.maketrans(",.", ".,"))
    return text + ("s" if kind == "decade" and lang == "en" else "%" if kind == "percent" else "")


def _suggestion(n: Number, t: Number, lang: str) -> str | None:
    """The source value written for the target, in the target's own style (5
    percent where it writes "percent"); None for a pair, which has no one value."""
    if n.alternatives:
        return None
    if n.kind == "percent" and lang == "en" and "per" in t.text.lower():
        style = "per cent" if "per cent" in t.text.lower() else "percent"
        return f"{_fmt(n.value)} {style}"
    written = _fmt(n.value, n.kind, lang)
    if t.text[:1] == "0" and t.text.isdigit() and written.isdigit():
        return written.zfill(len(t.text))  # a date's or time's part: 2021-05-04 -> 03
    return written


def _said(n: Number) -> str:
    """A source number and its reading: 三万五 (35,000), 五六 (5 or 6)."""
    values = " or ".join(_fmt(v, n.kind) for v in n.values[:2] if n.kind != "decade" or v > 99)
    return f"{n.text} ({values})"


def _unmatched(source: list[Number], target: list[Number]) -> tuple[list[Number], list[Number]]:
    """Source numbers with no equal target number, and target numbers left over. A
    number with alternatives (五六: five or six) takes a target number of either
    value, and the other too when the target gives both ("five or six")."""
    left = list(target)
    missing = []
    for n in source:
        match = next((t for t in left if any(same(t.value, v) for v in n.values)), None)
        if match is None:
            missing.append(n)
            continue
        left.remove(match)
        if n.kind != "decade":
            for v in n.values:
                other = next((t for t in left if same(t.value, v)), None)
                if other is not None and not same(v, match.value):
                    left.remove(other)
    return missing, left


def _masked(text: str) -> str:
    """``text`` with its placeholders ({0}, %1$s, <b>) blanked out, offsets kept: the
    digits inside a placeholder are no number."""
    return PLACEHOLDER_RE.sub(lambda m: " " * len(m.group()), text)


@rule(
    code="MT701",
    name="number-mismatch",
    category="Accuracy/Mistranslation",
    severity="major",
    rationale="""A number, amount, percentage or date in the source that the target does
    not carry, read the way Chinese writes numbers: 2万 is 20,000, 1.5亿 is 150
    million (not 1.5 billion), 三万五 is 35,000 and 一千二 is 1,200 (abbreviated),
    五六个 is five or six and 七八十 seventy or eighty (either, or both, is right),
    20世纪80年代 is the 1980s, 百分之五 is 5%, 2021年6月25日 is June 25, 2021, 一季度 is
    the first quarter; 几十, 数百 and 上千 (dozens, hundreds, thousands) need no
    number. Digits inside placeholders ({0}, %1$s) and codes (iPhone15, H5N1, v2) are
    not numbers; a unit attached to a number (5G, 8GB, 10km) is. A target number
    with no source counterpart is flagged where it stands; a source number with no
    target number at all flags the whole segment (an omission). Any target
    language: other languages than English are read in digits, with a decimal
    comma where the language writes one (German 1,5 Millionen).""",
    flags=[
        ("Revenue reached 1.5 billion yuan.\t营收达到1.5亿元。", "1.5 billion", "150 million"),
        ("The village has 2,000 residents.\t全村共有2万人。", "2,000", "20,000"),
        ("Sales rose in the first quarter.\t二季度销售额增长。", "first", "2"),
        ("The town has 30,005 people.\t全镇有三万五人。", "30,005", "35,000"),
        ("56 people came.\t来了五六个人。", "56", None),
        ("Prices rose 50%.\t价格上涨百分之五。", "50%", "5%"),
        ("The meeting was held on 2021-05-03.\t会议于昨天举行。", "2021-05-03", None),
        ("The meeting was held on 2021-05-04.\t会议于2021年5月3日举行。", "04", "03"),
    ],
    passes=[
        "Revenue reached 150 million yuan.\t营收达到1.5亿元。",
        "The village has 20,000 residents.\t全村共有两万人。",
        "It opened on June 25, 2021, with 5% more seats.\t2021年6月25日开放，座位增加百分之五。",
        "Sales rose in the first quarter.\t一季度销售额增长。",
        "The town has 35,000 people.\t全镇有三万五人。",
        "Five or six people came for three or four days.\t来了五六个人，住了三四天。",
        "It was built in the 1980s.\t它建于上世纪80年代。",
        "Dozens came, then hundreds.\t来了几十人，后来数百人。",
        "Press {0} to start.\t按{0}开始。",
        "The meeting was held on 2021-05-03.\t会议于2021年5月3日举行。",
        "It supports 5G and has 8GB of memory; it weighs 10 kg.\t支持5G，内存8GB，重10kg。",
        "The iPhone 15 and the H5N1 virus.\tiPhone15和H5N1病毒。",
    ],
    needs=SOURCE,
    languages=None,
    fix="sometimes",
    exceptions=[
        "approximate numbers (几十, 数百: dozens, hundreds)",
        "digits inside placeholders ({0}, %1$s)",
        "digits of codes (iPhone15, H5N1, v2), on either side",
        "either reading of an approximation (五六个: five or six)",
        "ordinals English may say otherwise (第一时间: at once; 第二天: the next day)",
        "a Chinese unit left after the digits is read with them (2 万: 20,000)",
    ],
)
def number_mismatch(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    source = source_numbers(_masked(seg.source or ""))
    if not source and not any(c.isdigit() for c in seg.text):
        return
    lang = ctx.target_language
    target = target_numbers(_masked(seg.text), lang)
    missing, left = _unmatched(source, target)
    # an ordinal English may say otherwise (第二天: the next day) is no omission; the
    # digits of a code (iPhone15, H5N1, v2), no quantity, are not read on either
    # side, and a number written apart on one side (iPhone 15) is that code
    in_source, in_target = _code_digits(seg.source or ""), _code_digits(seg.text)
    missing = [n for n in missing if not n.words and n.text not in in_target]
    for low, high in vague_ranges(seg.source or ""):  # 几十 as "about 40"
        near = next((t for t in left if low <= t.value <= high), None)
        if near is not None:
            left.remove(near)
    extra = [t for t in left if not t.words and t.text not in in_source]
    worded = [t for t in left if t.words]  # "first", "one": a stand-in, never flagged alone
    for n in missing:
        if extra or worded:
            t = extra.pop(0) if extra else worded.pop(0)
            yield Hit(
                t.start,
                t.end,
                f"The source says {_said(n)}, the target {t.text}",
                _suggestion(n, t, lang),
            )
        else:
            yield Hit(0, len(seg.text), f"{_said(n)} in the source is missing from the target")
    for start, end in _joined(seg.text, extra):
        yield Hit(start, end, f"{seg.text[start:end]} is not in the source")


# the digits of a code: after a Latin letter (iPhone15, H5N1, MP3, v2)
_CODE_DIGITS_RE = regexcache.compile(r"(?<=[A-Za-z])\d+")


def _code_digits(text: str) -> set[str]:
    """The digit runs of ``text`` that belong to codes (`_CODE_DIGITS_RE`)."""
    return set(_CODE_DIGITS_RE.findall(text)) if text else set()


# what joins the numbers of one date, time or range written in digits (2021-05-03,
# 10:30, 2019–2021)
_JOINERS = frozenset("-/:.\u2013")


def _joined(text: str, numbers: list[Number]) -> list[tuple[int, int]]:
    """The spans of ``numbers`` (in ``text``), those joined by one `_JOINERS`
    character merged: a date the source lacks is one finding, not one a number."""
    spans: list[tuple[int, int]] = []
    for n in sorted(numbers, key=lambda n: n.start):
        if spans and n.start - spans[-1][1] == 1 and text[spans[-1][1]] in _JOINERS:
            spans[-1] = (spans[-1][0], n.end)
        else:
            spans.append((n.start, n.end))
    return spans


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@rule(
    code="MT702",
    name="target-copies-source",
    category="Accuracy/Untranslated",
    severity="major",
    rationale="""A target identical to its source was not translated at all (an MT
    fallback or a skipped row). Segments without letters (numbers, codes) may be
    copied and are not flagged.""",
    flags=[("每天锻炼身体。\t每天锻炼身体。", "每天锻炼身体。", None)],
    passes=["Exercise every day.\t每天锻炼身体。", "2024\t2024"],
    needs=SOURCE,
    languages=None,
    fix="never",
    exceptions=[
        "segments without letters (numbers, codes)",
    ],
)
def target_copies_source(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    text = seg.text.strip()
    if text and _normal(text) == _normal(seg.source or "") and any(c.isalpha() for c in text):
        start = seg.text.index(text)
        yield Hit(start, start + len(text), "The target is the source, untranslated")


# zh→en length: English characters (spaces included) per Chinese character (spaces not),
# over the error-free MT translations of the MQM development data (949 segments of
# at least 10 source characters): mean log-ratio 1.099 (3.0×), standard deviation 0.172.
# Three deviations either way: 1.79× to 5.02×. See docs/quality.md.
LENGTH_RATIO = {("zh", "en"): (1.099, 0.172)}
LENGTH_SIGMAS = 3.0
MIN_SOURCE_CHARS = 10


def _length_z(seg: Segment, ctx: DocContext) -> float | None:
    pair = (primary_language(ctx.document.source_lang), ctx.target_language)
    if pair not in LENGTH_RATIO:
        return None
    source = len(re.sub(r"\s", "", seg.source or ""))
    if source < MIN_SOURCE_CHARS or not seg.text.strip():
        return None
    mean, sd = LENGTH_RATIO[pair]
    return (math.log(len(seg.text.strip()) / source) - mean) / sd


@rule(
    code="MT703",
    name="target-too-short",
    category="Accuracy/Omission",
    severity="major",
    rationale="""A zh→en target far shorter than its source usually needs (under 1.79
    English characters per Chinese character, three standard deviations below the
    3.0 of professional-quality MT) has left part of the source out. Advisory: on
    the MQM development data only 2 of its 8 flagged segments had an annotated
    error (base rate 45%); select it where segments are reliably aligned.""",
    flags=[
        (
            "Prices rose.\t今年以来，全市农产品价格持续上涨，涨幅明显高于去年同期水平。",
            "Prices rose.",
            None,
        )
    ],
    passes=[
        "Prices of farm produce in the city have kept rising this year, clearly faster "
        "than in the same period last year."
        "\t今年以来，全市农产品价格持续上涨，涨幅明显高于去年同期水平。"
    ],
    needs=SOURCE,
    default=False,
    fix="never",
    exceptions=[
        "segments whose source is not Chinese",
    ],
)
def target_too_short(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    yield from _length_hit(seg, ctx, shorter=True)


def _length_hit(seg: Segment, ctx: DocContext, shorter: bool) -> Iterator[Hit]:
    """A whole-target finding when its length is beyond three deviations of the usual."""
    z = _length_z(seg, ctx)
    if z is None or (z > -LENGTH_SIGMAS if shorter else z < LENGTH_SIGMAS):
        return
    mean, sd = LENGTH_RATIO[("zh", "en")]
    ratio = math.exp(z * sd + mean)
    start = len(seg.text) - len(seg.text.lstrip())
    what = (
        "shorter than usual (3.0): an omission?"
        if shorter
        else ("longer than usual (3.0): an addition?")
    )
    yield Hit(
        start,
        len(seg.text.rstrip()),
        f"The target is {ratio:.1f} characters per source character, far {what}",
    )


@rule(
    code="MT704",
    name="target-too-long",
    category="Accuracy/Addition",
    severity="minor",
    rationale="""A zh→en target far longer than its source usually needs (over 5.02
    English characters per Chinese character) has added something the source
    does not say, or repeats itself. Advisory: on the MQM development data 6 of
    its 10 flagged segments had an annotated error, against a base rate of 45%,
    which is not clearly better than chance (binomial p = 0.27).""",
    flags=[
        (
            "Prices rose, and prices rose again, and everyone said that prices had risen "
            "and would keep rising for years and years to come.\t今年春天价格大幅上涨。",
            "Prices rose, and prices rose again, and everyone said that prices had risen "
            "and would keep rising for years and years to come.",
            None,
        )
    ],
    passes=["Prices rose sharply this spring.\t今年春天价格大幅上涨。"],
    needs=SOURCE,
    default=False,
    fix="never",
    exceptions=[
        "segments whose source is not Chinese",
    ],
)
def target_too_long(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    yield from _length_hit(seg, ctx, shorter=False)


PLACEHOLDER_RE = regexcache.compile(
    r"(?<![\d%])%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?[sdifuxXeEgGcp@]"  # printf: %s %1$d %.2f
    r"|\{\{[^{}]*\}\}|\{[A-Za-z0-9_.:]*\}"  # {{x}} {0} {name}
    r"|\$\{[^}]+\}"  # ${var}
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"  # <b> </b> <br/>
    r"|https?://[^\s<>\"'，。）)]+[^\s<>\"'，。）).,;:!?]"  # URLs
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # e-mail addresses
)


@rule(
    code="MT705",
    name="placeholder-mismatch",
    category="Design and markup/Markup tag",
    severity="major",
    rationale="""Placeholders ({0}, %s, ${name}), inline tags, URLs and e-mail addresses
    must come through translation unchanged: a lost or altered one breaks the
    software, the link or the layout. Each missing one is reported, and each one
    the target has that the source does not. Words in angle brackets are no tag
    (<use-by date icon> for <保质期图标>): a `<...>` is markup when it has
    attributes, closes or is empty, or carries a tag name markup uses or the other
    side uses as a tag.""",
    flags=[
        ("Hello {nmae}, you have %d messages.\t{name}，您有%d条消息。", "{nmae}", "{name}"),
        (
            "See http://example.org/new for details.\t详见http://example.org/news。",
            "http://example.org/new",
            "http://example.org/news",
        ),
    ],
    passes=[
        "Hello {name}, you have %d messages.\t{name}，您有%d条消息。",
        "Write to help@example.org.\t请写信给help@example.org。",
        "Tap <use-by date icon> to check.\t点击<保质期图标>查看。",
        "Enter <username> and <b>save</b>.\t输入‹用户名›并<b>保存</b>。",
    ],
    needs=SOURCE,
    languages=None,
    fix="sometimes",
    exceptions=[
        "words in angle brackets that are no markup (<use-by date icon>)",
    ],
)
def placeholder_mismatch(seg: Segment, ctx: DocContext) -> Iterator[Hit]:
    yield from _inline_tags(seg)
    source_text = seg.source or ""
    source = [m.group() for m in _placeholders(source_text, seg.text)]
    found = _placeholders(seg.text, source_text)
    if not source and not found:
        return
    left = Counter(source)
    extra = []
    for m in found:
        if left[m.group()]:
            left[m.group()] -= 1
        else:
            extra.append(m)
    for token in left.elements():
        if extra:  # an altered one: shown where the target has its stand-in
            m = extra.pop(0)
            yield Hit(m.start(), m.end(), f"'{m.group()}' where the source has '{token}'", token)
        else:
            yield Hit(0, len(seg.text), f"'{token}' from the source is missing")
    for m in extra:
        yield Hit(m.start(), m.end(), f"'{m.group()}' is not in the source")


# Tag names markup uses (HTML's, and XLIFF/TMX inline elements written as text).
_TAG_NAMES = frozenset(
    "a abbr b bdi bdo big blockquote br button caption cite code col dd del dfn div dl dt "
    "em font h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre q s samp "
    "small span strike strong sub sup table tbody td th thead tr tt u ul var wbr "
    "x g ph bpt ept it mrk pc sc ec bx ex".split()
)
_TAG_NAME_RE = regexcache.compile(r"</?([A-Za-z][\w:-]*)")
# Words in angle (or Chinese) brackets: <保质期图标>, ‹用户名›, 〈图标〉.
_BRACKETED_RE = regexcache.compile(r"[<‹〈][^<>‹›〈〉=/]*[^\x00-\x7f\s][^<>‹›〈〉]*[>›〉]")


def _placeholders(text: str, other: str) -> list[re.Match[str]]:
    """The placeholders of ``text``; of its ``<...>`` only those that are markup,
    judged from both sides: attributes, a closing or empty tag, a tag name markup
    uses or the other side uses as a tag make markup; words in brackets (``<use-by
    date icon>`` translating ``<保质期图标>``) are not, nor is an unknown ``<name>``
    where the other side has bracketed words instead of markup."""
    other_names = {m.group(1).lower() for m in _TAG_NAME_RE.finditer(other)}
    bracketed = _BRACKETED_RE.search(other) is not None
    out = []
    for m in PLACEHOLDER_RE.finditer(text):
        token = m.group()
        if token.startswith("<") and not (
            token.startswith("</") or token.endswith("/>") or "=" in token
        ):
            name = token[1:].split(None, 1)[0].rstrip(">").lower()
            spaced = any(c.isspace() for c in token)
            if spaced or (name not in _TAG_NAMES and name not in other_names and bracketed):
                continue  # words in brackets
        out.append(m)
    return out


def _inline_tags(seg: Segment) -> Iterator[Hit]:
    """XLIFF/TMX inline markup (kept out of the text) lost or added in the target."""
    if not seg.tags and not seg.source_tags:
        return
    missing = Counter(seg.source_tags) - Counter(seg.tags)
    added = Counter(seg.tags) - Counter(seg.source_tags)
    for tag in sorted(missing.elements()):
        yield Hit(
            0, len(seg.text), f"inline tag <{tag.replace('#', ' id=')}> from the source is missing"
        )
    for tag in sorted(added.elements()):
        yield Hit(0, len(seg.text), f"inline tag <{tag.replace('#', ' id=')}> is not in the source")
