"""Numbers in Chinese source text and in English target text, as values to compare.

Chinese: Arabic digits with 万/亿/千/百 scales (2万 = 20,000, 1.5亿 = 150 million),
Chinese numerals (三千五百, 两万, 二十五), percentages (百分之五, 5%), dates
(2021年6月25日 gives 2021, 6 and 25) and quarters (一季度 is the first quarter).
English: digits with separators and scale words (150 million), number words
(twenty-five), percentages, ordinals (first quarter, 25th) and month names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}  # fmt: skip
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
SCALES = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}
# characters after a Chinese numeral that make it a quantity, not a word part (一些, 一直)
CLASSIFIERS = set(
    "个年月日号名人元岁次家项位天倍米吨亩斤只条座所台件篇户村镇县省市国分秒周期届辆架"
)
IDIOMS = ("千万", "万一", "一一", "十分", "百姓", "万物", "千方百计")


@dataclass(frozen=True, slots=True)
class Number:
    """A number found in text: its value, where it is, and how it was written."""

    value: float
    start: int
    end: int
    text: str
    words: bool = False  # written in words (one, first): matches, but never flagged alone


def chinese_numeral(text: str) -> float | None:
    """The value of a Chinese numeral (三千五百, 两万, 一点五, 二〇二一), or None."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = chinese_numeral(whole) if whole else 0
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
    return float(total + section + (digit or 0))


_ARABIC_ZH_RE = re.compile(
    r"(?<![\d.])(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|百)?\s*(%|％)?(?![\d.]*[A-Za-z])"
)
_NUMERAL_RE = re.compile(r"(第)?([零〇一二两三四五六七八九十百千万亿点]+)(季度)?")
_PERCENT_ZH_RE = re.compile(r"百分之([零〇一二两三四五六七八九十百点]+)")


def source_numbers(text: str) -> list[Number]:
    """Numbers in Chinese text; numerals that are parts of words (一些, 千万) are not."""
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _PERCENT_ZH_RE.finditer(text):
        value = chinese_numeral(m.group(1))
        if value is not None:
            found.append(Number(value, m.start(), m.end(), m.group()))
            taken.append(m.span())
    for m in _ARABIC_ZH_RE.finditer(text):
        value = float(re.sub("[,，]", "", m.group(1))) * SCALES.get(m.group(2) or "", 1)
        found.append(Number(value, m.start(), m.end(), m.group()))
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
            found.append(Number(value, m.start(), m.end(), m.group()))
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
_DIGITS_EN_RE = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(?:st|nd|rd|th)?"
    r"(?:\s*(hundred|thousand|million|billion|trillion)\b)?(?:\s*(%|percent|per cent))?"
)
_UNIT_WORDS = "|".join(sorted([*WORDS, *TENS], key=len, reverse=True))
_ANY_WORDS = "|".join(sorted([*WORDS, *TENS, *SCALE_WORDS], key=len, reverse=True))
# a number in words starts with a unit or a ten ("million and five" is no number)
_WORD_NUMBER_RE = re.compile(
    rf"\b(?:(?:{_UNIT_WORDS})|a(?=\s+(?:hundred|thousand|million|billion)\b))"
    rf"(?:[\s-]+(?:and\s+)?(?:{_ANY_WORDS}))*\b",
    re.IGNORECASE,
)
MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "thrice": 3, "triple": 3, "tripled": 3,
             "half": 0.5, "dozen": 12, "dozens": 12}  # fmt: skip
_ORDINAL_RE = re.compile(
    r"(?i:\b(" + "|".join([*ORDINALS, *MULTIPLES]) + r")\b)|\bQ([1-4])\b"
    r"|\b(" + MONTH_NAMES + r")\b"  # May, not may
)


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


def target_numbers(text: str) -> list[Number]:
    """Numbers in English text, written in digits or in words."""
    found = []
    for m in _DIGITS_EN_RE.finditer(text):
        value = float(m.group(1).replace(",", "")) * SCALE_WORDS.get((m.group(2) or "").lower(), 1)
        found.append(Number(value, m.start(), m.end(), m.group()))
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
        )
        if value:
            found.append(Number(float(value), m.start(), m.end(), m.group(), words=True))
    return sorted(found, key=lambda n: n.start)


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
