"""Word lists the rules judge against, all shipped inside installed packages.

English: wordfreq's ``large`` English list (321k forms with frequencies).
Dictionary headwords with their capitals: the ``english-words`` package.
Each loads once per process, on first use; a list that cannot be loaded stops
the run with a `WordListError` (one line, exit code 2) rather than letting a
rule run without it. The Han character range is here too (`HAN`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Collection
from typing import ParamSpec, TypeVar

from .. import regexcache
from ..cache import WordTable, cached, file_stamp, package_stamp
from ..errors import WordListError

T = TypeVar("T")
P = ParamSpec("P")

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""The Han characters, as the body of a regex class: CJK Unified Ideographs and
Extension A, the compatibility ideographs, Extensions B to H (Unicode 15 blocks)."""
_HAN_RE = regexcache.compile(f"[{HAN}]")


def is_han(char: str) -> bool:
    """Whether ``char`` (one character) is a Han character (`HAN`)."""
    return _HAN_RE.fullmatch(char) is not None


def word_list(description: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Decorator for a word-list loader: load once per arguments, and name the list if it fails.

    ``description`` names the list and the package that ships it; any error
    while importing or reading it becomes a `WordListError` with that name.
    """

    def wrap(load: Callable[P, T]) -> Callable[P, T]:
        @functools.cache
        @functools.wraps(load)
        def loaded(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                return load(*args, **kwargs)
            except Exception as exc:  # whatever a broken install raises, the cause is the list
                raise WordListError(
                    f"cannot load {description}: {type(exc).__name__}: {exc} "
                    "(reinstall mtqa and its dependencies)"
                ) from exc

        return loaded

    return wrap


@word_list("the English word frequencies (package wordfreq)")
def english_frequencies() -> WordTable:
    """Lowercase English word -> frequency (0..1), from wordfreq, kept in the cache
    (`mtqa.cache.WordTable`: a small check reads only the words it asks about).
    Every word is its own ``str.lower()`` (a test checks it): a word found as
    written is known in lowercase too."""

    def build() -> dict[str, float]:
        import wordfreq

        return wordfreq.get_frequency_dict("en", wordlist="large")

    return WordTable("wordfreq-en-large", [package_stamp("wordfreq"), file_stamp(__file__)], build)


@word_list("the common English words (package wordfreq)")
def common_english_words(zipf_floor: float) -> frozenset[str]:
    """The English words (letters only) at least ``zipf_floor`` frequent on the Zipf
    scale (`zipf`): 14,827 of them at 3.5. Kept in the cache apart from
    `english_frequencies`, which a run then need not read whole to know them."""

    def build() -> frozenset[str]:
        floor = 10 ** (zipf_floor - 9)
        frequencies = english_frequencies().items()
        return frozenset(w for w, f in frequencies if f >= floor and w.isalpha())

    parts = [package_stamp("wordfreq"), file_stamp(__file__), str(zipf_floor)]
    return cached("wordfreq-en-common", parts, build, frozenset)


def zipf(word: str) -> float:
    """Zipf frequency (log10 per billion words) of a lowercase word; 0 if unknown."""
    freq = english_frequencies().get(word)
    return round(math.log10(freq) + 9, 2) if freq else 0.0


def is_english_word(word: str) -> bool:
    """Whether wordfreq knows ``word`` (any case, apostrophes normalised)."""
    words = english_frequencies()
    lower = word.lower().replace("’", "'")
    return lower in words


@word_list("the English word ranking (package wordfreq)")
def top_english_words(n: int) -> frozenset[str]:
    """The ``n`` most frequent English words (mostly function words for small n)."""

    def build() -> frozenset[str]:
        import wordfreq  # a quarter second to import: only when the cache is cold

        return frozenset(wordfreq.top_n_list("en", n, wordlist="large"))

    return cached(
        "wordfreq-en-top",
        [package_stamp("wordfreq"), file_stamp(__file__), str(n)],
        build,
        frozenset,
    )


@word_list("the English dictionary headwords (package english-words)")
def dictionary_words() -> Collection[str]:
    """Headwords of Webster's Second International (1934), with their capitals.

    From the ``english-words`` package (its ``web2`` list, 236k words). A word
    listed only capitalised (Mexican, Christian, Briton) is a proper noun or
    adjective that English always capitalises; a lowercase entry (budget, is,
    wash) is an ordinary word. Kept in the cache (`mtqa.cache.WordTable`).
    """

    def build() -> set[str]:
        from english_words import get_english_words_set

        return get_english_words_set(["web2"], alpha=True)

    # the table itself, not its keys() view: a word's test is then one call less
    return WordTable(
        "english-words-web2", [package_stamp("english_words"), file_stamp(__file__)], build
    )


def is_dictionary_word(word: str) -> bool:
    """Whether ``word`` is a dictionary headword written exactly so (case kept)."""
    return word in dictionary_words()
