"""Numbers in Chinese source text and in English target text, as values to compare.

Chinese: Arabic digits with 万/亿/千/百 scales (2万 = 20,000, 1.5亿 = 150 million),
Chinese numerals (三千五百, 两万, 二十五, read by the cn2an library, so that the
abbreviated 三万五 is 35,000 and 一千二 is 1,200), approximate pairs (五六个 is five
or six, 七八十 seventy or eighty: either number, or both, is right), decades
(20世纪80年代 and 上世纪80年代 are the 1980s), approximate quantities that need no
digits (几十, 数百, 上千: dozens, hundreds, thousands), percentages (百分之五,
5%), dates (2021年6月25日 gives 2021, 6 and 25) and quarters (一季度 is the first
quarter).
English: digits with separators and scale words (150 million), number words
(twenty-five), percentages, ordinals (first quarter, 25th) and month names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import regexcache
from .lexicon import HAN

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}  # fmt: skip
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
UNITS = {**SMALL_UNITS, **BIG_UNITS}
SCALES = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}
# characters after a Chinese numeral that make it a quantity, not a word part (一些, 一直)
CLASSIFIERS = set(
    "个年月日号名人元岁次家项位天倍米吨亩斤只条座所台件篇户村镇县省市国分秒周期届辆架"
)
# Words holding a numeral that are no number (千万: by all means, 十分: very)
IDIOMS = ("千万", "万一", "一一", "十分", "百姓", "万物", "千方百计")
# Ordinals English may say without their number: 第一时间 (at once), 第一线 (the front
# line), 第二天 and 第二年 (the next day, the following year). They are numbers a
# target may give (the 2nd day), never missed when it does not (`Number.words`);
# a longer word they begin (第二天然气厂, plant no. 2) is read the same way
ORDINAL_IDIOMS = ("第一时间", "第一线", "第二天", "第二年")
# The longest number (digits and separators, or Chinese numerals) read as a value.
# A float keeps 15 to 17 digits, so a longer run compares as nothing real: it is an
# identifier, a hash or a test string. Converting it could overflow (a float past
# 1e308), or be refused outright (Python reads at most 4,300 digits into an int).
MAX_NUMBER_CHARS = 24


def _quantity(text: str) -> bool:
    """Whether a number written as ``text`` is short enough to read as a value."""
    return len(text) <= MAX_NUMBER_CHARS


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in text: its value, where it is, and how it was written."""

    value: float
    start: int
    end: int
    text: str
    # written in words (one, first), or an ordinal English may leave out (第二天: the
    # next day): it matches, but is never flagged alone
    words: bool = False
    alternatives: tuple[float, ...] = ()  # other values that are right too: 五六 is 5 or 6
    kind: str = "number"  # number | percent | year | decade

    @property
    def values(self) -> tuple[float, ...]:
        """Every value a counterpart may have."""
        return (self.value, *self.alternatives)


def chinese_numeral(text: str) -> float | None:
    """The value of a Chinese numeral (三千五百, 两万, 一点五, 二〇二一, 三万五), or None
    (also for one longer than `MAX_NUMBER_CHARS`).

    Read by cn2an (which knows the abbreviated 三万五 = 35,000); what it refuses
    goes to `_numeral`, with the same abbreviation rule (一亿二 = 120 million).
    """
    if not _quantity(text):
        return None
    import cn2an  # 0.3 s to import: only source-aware rules need it

    try:
        return float(cn2an.cn2an(text, "strict" if "点" in text else "smart"))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return _numeral(text)


def _numeral(text: str) -> float | None:
    """`chinese_numeral` by hand."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = _numeral(whole) if whole else 0
        if w is None or not frac or any(c not in DIGITS for c in frac):
            return None
        return w + float("0." + "".join(str(DIGITS[c]) for c in frac))
    if all(c in DIGITS for c in text) and len(text) > 1:  # digit by digit: 二〇二一
        return float("".join(str(DIGITS[c]) for c in text))
    total, section, digit = 0, 0, None
    for c in text:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[c]
            digit = None
        elif c in BIG_UNITS:
            section += digit or 0
            total = (
                (total + section) * BIG_UNITS[c] if c == "亿" else total + section * BIG_UNITS[c]
            )
            section, digit = 0, None
        else:
            return None
    if digit is not None and len(text) > 1 and text[-2] in "百千万亿":
        # abbreviated: the last digit counts in the next unit down (一亿二 = 1.2亿)
        unit = UNITS[text[-2]]
        return float(total + section + digit * unit // 10)
    return float(total + section + (digit or 0))


_ARABIC_ZH_RE = regexcache.compile(
    r"(?<![\d.A-Za-z])(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|百)?\s*(%|％)?"
)
_NUMERAL_RE = regexcache.compile(r"(第)?([零〇一二两三四五六七八九十百千万亿点]+)(季度)?")
_PERCENT_ZH_RE = regexcache.compile(r"百分之([零〇一二两三四五六七八九十百点]+)")
_ZH_DIGIT = "一二两三四五六七八九"
# two neighbouring digits for "one or the other": 五六个, 七八十, 三四百, 十七八, 二十七八
_PAIR_RE = regexcache.compile(
    rf"(?<![零〇一二两三四五六七八九十百千万亿点\d])((?:[{_ZH_DIGIT}]?十)?)"
    rf"([{_ZH_DIGIT}])([{_ZH_DIGIT}])([十百千万亿]?)(?![零〇一二两三四五六七八九十百千点\d])"
)
# quantities Chinese gives without a number: 几十, 数百, 上千, 成千上万, 十几, 几百万
_VAGUE_RE = regexcache.compile(r"成千上万|成百上千|(?:几|数|上)[十百千万亿]+|[十百千万]几")


def vague_ranges(text: str) -> list[tuple[float, float]]:
    """The ranges of the approximate quantities of Chinese text: 几十 (dozens) is 10
    to 99, 数百 100 to 999, 上千 1,000 to 9,999, 十几 11 to 19, 成千上万 1,000 to
    a million; a translation may give one as an approximate number (about 40)."""
    out = []
    for m in _VAGUE_RE.finditer(text):
        token = m.group()
        if token in ("成千上万", "成百上千"):
            out.append((100.0 if token == "成百上千" else 1000.0, 1e6))
        elif token.endswith("几"):
            unit = UNITS[token[0]]
            out.append((unit + 1.0, 2.0 * unit - 1))
        else:
            scale = 1.0
            for c in token[1:]:
                scale *= UNITS[c]
            out.append((scale, 10 * scale - 1))
    return out


# decades: 20世纪80年代 / 上世纪80年代 / 80年代 / 二十世纪八十年代 are the 1980s
_DECADE_RE = regexcache.compile(r"(?:(\d{2}|二十一?)世纪|(上)世纪)?(\d0|[二三四五六七八九]十)年代")


def _decade(m: re.Match[str]) -> Number:
    century = m.group(1)
    base = 2000 if century in ("21", "二十一") else 1900  # 上世纪: written this century
    decade = m.group(3)
    tens = int(decade) if decade.isdigit() else int(_numeral(decade) or 0)
    return Number(
        float(base + tens), m.start(), m.end(), m.group(), False, (float(tens),), "decade"
    )


def _pair(m: re.Match[str]) -> Number | None:
    """五六 (5 or 6), 七八十 (70 or 80), 十七八 (17 or 18); None unless the digits are
    neighbours (三五 is no pair here: 三五年 can be 3-5 years but also '35')."""
    head, a, b, unit = m.groups()
    first, second = DIGITS[a], DIGITS[b]
    if second != first + 1 or (head and unit):
        return None
    scale = UNITS.get(unit, 1)
    tens = (_numeral(head) or 0) if head else 0
    low, high = tens + first * scale, tens + second * scale
    return Number(float(low), m.start(), m.end(), m.group(), False, (float(high),))


def source_numbers(text: str) -> list[Number]:
    """Numbers in Chinese text; numerals that are parts of words (一些, 千万) are not,
    nor quantities given without a number (几十, 数百)."""
    found: list[Number] = []
    taken: list[tuple[int, int]] = [m.span() for m in _VAGUE_RE.finditer(text)]
    for m in _DECADE_RE.finditer(text):
        found.append(_decade(m))
        taken.append(m.span())
    # a number too long to read as a value (`MAX_NUMBER_CHARS`) still takes its
    # place: its 百 or 亿 is no numeral of its own
    for m in _PERCENT_ZH_RE.finditer(text):
        value = chinese_numeral(m.group(1))
        if value is not None or not _quantity(m.group(1)):
            taken.append(m.span())
        if value is not None:
            found.append(Number(value, m.start(), m.end(), m.group(), kind="percent"))
    for m in _ARABIC_ZH_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        taken.append(m.span())
        if not _quantity(m.group(1)):
            continue
        value = float(re.sub("[,，]", "", m.group(1))) * SCALES.get(m.group(2) or "", 1)
        kind = "percent" if m.group(3) else "year" if text.startswith("年", m.end()) else "number"
        found.append(Number(value, m.start(), m.end(), m.group(), kind=kind))
    for m in _PAIR_RE.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in taken) and (pair := _pair(m)):
            found.append(pair)
            taken.append(m.span())
    for m in _NUMERAL_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        numeral, after = m.group(2), text[m.end() : m.end() + 1]
        before = text[m.start() - 1 : m.start()]
        in_idiom = any(text.startswith(i, m.start()) and i.startswith(numeral) for i in IDIOMS)
        if "几" in (before, after) or in_idiom:
            continue
        if len(numeral) < 2 and not (m.group(1) or m.group(3) or after in CLASSIFIERS):
            continue
        if numeral == "一" and not (m.group(1) or m.group(3) or after in "年月日号"):
            continue  # 一个, 一名, 一只: English says "a", not "one"
        value = chinese_numeral(numeral)
        if value is not None:
            written = (m.group(1) or "") + numeral  # 第一 of 第一时间
            optional = any(
                text.startswith(i, m.start()) and i.startswith(written) for i in ORDINAL_IDIOMS
            )
            kind = "year" if after == "年" and 1000 <= value < 3000 else "number"
            found.append(Number(value, m.start(), m.end(), m.group(), optional, kind=kind))
    return sorted(found, key=lambda n: n.start)


WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}  # fmt: skip
TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}  # fmt: skip
SCALE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
               "trillion": 10**12}  # fmt: skip
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    )
}
MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november "
    "december".split())}  # fmt: skip
MONTH_NAMES = "|".join(m.capitalize() for m in MONTHS)  # an alternation: January|February|…
_DIGITS_EN_RE = regexcache.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(?:st|nd|rd|th)?"
    r"(?:\s*(hundred|thousand|million|billion|trillion)\b)?(?:\s*(%|percent|per cent))?"
)
_UNIT_WORDS = "|".join(sorted([*WORDS, *TENS], key=len, reverse=True))
_ANY_WORDS = "|".join(sorted([*WORDS, *TENS, *SCALE_WORDS], key=len, reverse=True))
# a number in words starts with a unit or a ten ("million and five" is no number)
_WORD_NUMBER_RE = regexcache.compile(
    rf"\b(?:(?:{_UNIT_WORDS})|a(?=\s+(?:hundred|thousand|million|billion)\b))"
    rf"(?:[\s-]+(?:and\s+)?(?:{_ANY_WORDS}))*\b",
    re.IGNORECASE,
)
MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "thrice": 3, "triple": 3, "tripled": 3,
             "half": 0.5, "dozen": 12, "dozens": 12}  # fmt: skip
_ORDINAL_RE = regexcache.compile(
    r"(?i:\b(" + "|".join([*ORDINALS, *MULTIPLES]) + r")\b)|\bQ([1-4])\b"
    r"|\b(" + MONTH_NAMES + r")\b"  # May, not may
    # a Roman numeral of two letters or more after a capitalised word, as a name
    # carries it (World War II, Elizabeth II, Phase III): I, V and X alone are a
    # pronoun or letters, and after anything else it is a word (an IV drip, XX
    # chromosomes) or a name in capitals (XI); a lookbehind a length of that word
    r"|(?:" + "|".join(rf"(?<=\b[A-Z][a-z]{{{n}}} )" for n in range(1, 13)) + ")"
    r"(?=[IVX]{2})(X{0,3}(?:IX|IV|V?I{0,3}))\b"
)
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int:
    """The value of a Roman numeral of I, V and X (XIV: 14)."""
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def _words_value(phrase: str) -> float:
    total, current = 0, 0
    for w in re.split(r"[\s-]+", phrase.lower()):
        if w in ("and", "", "a"):
            continue
        if w in WORDS:
            current += WORDS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALE_WORDS:
            scale = SCALE_WORDS[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
    return float(total + current)


# Languages that write a decimal comma and group thousands with a full stop or a space
# (CLDR number symbols): 1.234,5 or 1 234,5.
DECIMAL_COMMA = frozenset(
    "de fr es it pt nl ru pl cs sk sl hr sr bs bg uk be ro hu sv da nb nn no fi is tr el "
    "lt lv et id ca gl eu vi az kk uz ka hy sq mk".split()
)
# Their words for thousand, million and billion (full and abbreviated), for 1,5 Mrd.
LOCAL_SCALES = {
    **dict.fromkeys("tausend mille mil mila тыс".split(), 1e3),
    **dict.fromkeys(
        "mio million millionen millions millón millones milione milioni milhão milhões "
        "miljoen miljoenen milion miliony milionów млн миллион миллиона миллионов".split(),
        1e6,
    ),
    **dict.fromkeys(
        "mrd milliarde milliarden milliard milliards miliardo miliardi miljard miljarden "
        "miliard miliardy млрд миллиард миллиарда миллиардов".split(),
        1e9,
    ),
}
_DIGITS_COMMA_RE = regexcache.compile(
    r"(?<![\w.,])(\d{1,3}(?:[.\u00a0\u202f '’]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?:(?!\w)|(?=(?:er|ern|s|es)\b))"  # a decade: die 1980er, les années 1980s
    r"(?:[\s\u00a0]*(" + "|".join(sorted(LOCAL_SCALES, key=len, reverse=True)) + r")\b\.?)?",
    re.IGNORECASE,
)


# a Chinese unit after the digits, then no more Chinese but a measure word (2 万,
# 3亿元): 万科 and 百度 are names, not units
_SCALE_LEFT_RE = regexcache.compile(
    rf"[ \u00a0]?(万亿|百万|千万|亿|万|千|百)(?!(?![{''.join(sorted(CLASSIFIERS))}])[{HAN}])"
)
_LEFT_SCALES = {**SCALES, "百万": 10**6, "千万": 10**7}


def target_numbers(text: str, lang: str = "en") -> list[Number]:
    """Numbers in target text: English in digits or in words (``lang`` "en"); other
    languages in digits only, with a decimal comma where the language writes one."""
    if lang != "en":
        return _digit_numbers(text, lang)
    found = []
    for m in _DIGITS_EN_RE.finditer(text):
        if not _quantity(m.group(1)):
            continue
        value = float(m.group(1).replace(",", "")) * SCALE_WORDS.get((m.group(2) or "").lower(), 1)
        end = m.end()
        # the Chinese unit MT left after the digits (2 万): the number says 20,000, and
        # a suggestion replaces the unit with the digits (MT303 flags the unit itself)
        if not (m.group(2) or m.group(3)) and (unit := _SCALE_LEFT_RE.match(text, end)):
            value, end = value * _LEFT_SCALES[unit.group(1)], unit.end()
        found.append(Number(value, m.start(), end, text[m.start() : end]))
    digits = [(n.start, n.end) for n in found]
    for m in _WORD_NUMBER_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in digits):
            continue  # the scale word of "150 million"
        phrase = m.group().strip(" -")
        if phrase:
            value = _words_value(phrase)
            found.append(Number(value, m.start(), m.start() + len(phrase), phrase, words=True))
    for m in _ORDINAL_RE.finditer(text):
        word = m.group().lower()
        value = (
            ORDINALS.get(word)
            or MULTIPLES.get(word)
            or MONTHS.get(word)
            or (int(m.group(2)) if m.group(2) else None)
            or (_roman(m.group(4)) if m.group(4) else None)
        )
        if value:
            found.append(Number(float(value), m.start(), m.end(), m.group(), words=True))
    return sorted(found, key=lambda n: n.start)


def _digit_numbers(text: str, lang: str) -> list[Number]:
    """Numbers written in digits in a language other than English."""
    if lang not in DECIMAL_COMMA:
        return [
            Number(float(m.group(1).replace(",", "")), m.start(), m.end(), m.group())
            for m in _DIGITS_EN_RE.finditer(text)
            if not m.group(2)  # an English scale word is no part of this language
            and _quantity(m.group(1))
        ]
    found = []
    for m in _DIGITS_COMMA_RE.finditer(text):
        if not _quantity(m.group(1)):
            continue
        digits = re.sub(r"[.\u00a0\u202f '’]", "", m.group(1)).replace(",", ".")
        scale = LOCAL_SCALES.get((m.group(2) or "").lower(), 1)
        found.append(Number(float(digits) * scale, m.start(), m.end(), m.group()))
    return found


def same(a: float, b: float) -> bool:
    """Equal values, allowing for rounding in the last shown digit."""
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


_ROMAN_DIGITS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(value: int) -> str:
    """``value`` (1-39) in upper-case Roman numerals: 4 -> IV, 39 -> XXXIX."""
    out = []
    for size, digits in _ROMAN_DIGITS:
        count, value = divmod(value, size)
        out.append(digits * count)
    return "".join(out)


def number_words(value: int) -> str:
    """``value`` (1-99) in English words, lower case: 7 -> seven, 42 -> forty-two."""
    if value < 20:
        return next(w for w, v in WORDS.items() if v == value)
    tens, units = divmod(value, 10)
    word = next(w for w, v in TENS.items() if v == tens * 10)
    return f"{word}-{number_words(units)}" if units else word


def chinese_ordinal(value: int) -> str:
    """``value`` (1-99) as a Chinese numeral, the way lists number items: 12 -> 十二."""
    digit = {v: c for c, v in DIGITS.items() if c not in "零两"}
    tens, units = divmod(value, 10)
    head = "" if tens == 0 else "十" if tens == 1 else digit[tens] + "十"
    return head + (digit[units] if units else "")
