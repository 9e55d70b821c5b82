"""Benchmark corpora built from the project's own texts, mutated, deterministic.

The only inputs are ``examples/sample-article.txt`` (a machine-translated page
full of artifacts), ``bench/clean-paragraphs.txt`` (clean news prose) and the
Chinese sources of ``tests/fixtures/units.tsv``. Nothing is copied from
elsewhere, and never from the evaluation data in ``shared/``.

A corpus is a stream of documents. Each document takes a random subset of the
clean sentences, each sentence once (a sentence said twice in a document is a
finding of its own), mutated: numbers redrawn digit by digit, names and common
words swapped within classes, sentences shuffled and grouped into paragraphs of
two to four. With probability ``artifact_share`` a paragraph instead carries one
of the artifacts mtqa looks for (a doubled word, stray or missing punctuation, a
glued sentence, a capital mid-sentence or a small letter opening a sentence,
untranslated Chinese, mojibake), or is one of the sample article's own
artifact-laden paragraphs with its names and numbers swapped. The corpus is cut
to exactly the words asked for (whitespace-separated tokens, the unit every
tool's words-per-second figure in the suite is divided by).

Written forms, all of the same text, cached under ``bench/out/corpus/`` and
rebuilt when the sizes, the seed, the inputs or this file change:

- ``docs/``: one ``.txt`` per document (mtqa and proselint);
- ``segments.jsonl``: a ``{"id", "target"}`` row per paragraph (mtqa ``--stream``);
- ``corpus.po``: a unit per paragraph, the paragraph as ``msgstr`` (pofilter).

A JSONL of a given size in bytes (1 GB for the streaming memory figure) is
written row by row without holding the corpus in memory::

    python bench/corpus.py --words 1000000            # docs/, segments.jsonl, corpus.po
    python bench/corpus.py --jsonl-bytes 1000000000   # one large JSONL only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-article.txt"
CLEAN = ROOT / "bench" / "clean-paragraphs.txt"
PAIRS = ROOT / "tests" / "fixtures" / "units.tsv"
CACHE = ROOT / "bench" / "out" / "corpus"

# Swap classes: a word of a class is replaced by another of the same class, so a
# sentence keeps its grammar (every number word here takes a plural noun).
SWAPS = [
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    ["January", "March", "May", "July", "September", "November"],
    ["two", "three", "four", "five", "six", "seven", "eight", "nine"],
    ["twenty", "thirty", "forty", "fifty", "sixty"],
    ["rice", "tea", "wheat", "maize"],
    ["pigs", "chickens", "ducks", "goats"],
    ["village", "town", "township"],
    ["valley", "hills", "plain"],
    ["teacher", "nurse", "driver", "clerk"],
    ["Wu Meiling", "Zhou Ping", "Li Hua", "Chen Jing"],
    ["Longtan Village", "Shuikou Village", "Dashan Village"],
    ["Baiyun Town", "Qingshi Town", "Hekou Town"],
]
_SWAP_OF = {word: group for group in SWAPS for word in group}
_SWAP_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _SWAP_OF), key=len)[::-1]) + r")\b")
_DIGITS = re.compile(r"\d+")
# Sentence ends inside a paragraph: a full stop, ! or ? and a space before a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def read_paragraphs(path: Path) -> list[str]:
    """The blank-line-separated paragraphs of ``path`` as they are (an indented
    paragraph is one of the sample article's artifacts)."""
    return [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _chinese_sources() -> list[str]:
    """The Chinese source sentences of the fixture units (a stand-in for text the
    engine left untranslated)."""
    rows = PAIRS.read_text(encoding="utf-8").splitlines()[1:]
    sources = [row.split("\t")[1] for row in rows if "\t" in row]
    return [s for s in sources if re.search(r"[\u4e00-\u9fff]", s)]


def fingerprint() -> str:
    """A digest of everything a corpus depends on: this file and its input texts."""
    digest = hashlib.sha256()
    for path in (Path(__file__), SAMPLE, CLEAN, PAIRS):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Mutator:
    """Random, seeded rewrites of the project's sentences: realistic variety from a
    small pool, and the artifacts mtqa detects at a chosen share."""

    def __init__(self, seed: int, artifact_share: float) -> None:
        self.rng = random.Random(seed)
        self.share = artifact_share
        self.clean = [s for p in read_paragraphs(CLEAN) for s in _SENTENCE_END.split(p)]
        self.flawed = [p.rstrip() for p in read_paragraphs(SAMPLE)]
        self.chinese = _chinese_sources()
        self.artifacts = [
            self._doubled_word,
            self._stray_stop,
            self._space_before_comma,
            self._glued_sentence,
            self._mid_capital,
            self._untranslated,
            self._lowercase_start,
            self._mojibake,
            self._flawed_paragraph,
        ]

    def _number(self, match: re.Match[str]) -> str:
        digits = match.group()
        # keep the length, and a leading digit that is not 0 (no "07 people")
        first = str(self.rng.randint(1, 9)) if len(digits) > 1 or digits != "0" else "0"
        rest = "".join(str(self.rng.randint(0, 9)) for _ in digits[1:])
        # the groups after a thousands comma or a decimal point may start with 0
        if match.start() > 0 and match.string[match.start() - 1] in ",.":
            first = str(self.rng.randint(0, 9))
        return first + rest

    def _swap(self, match: re.Match[str]) -> str:
        return self.rng.choice(_SWAP_OF[match.group()])

    def mutate(self, text: str) -> str:
        """``text`` with its numbers redrawn and its swap-class words exchanged."""
        return _DIGITS.sub(self._number, _SWAP_RE.sub(self._swap, text))

    def document(self) -> list[str]:
        """One document: its paragraphs, each clean sentence at most once."""
        sentences = self.rng.sample(self.clean, self.rng.randint(6, len(self.clean)))
        paragraphs = []
        while sentences:
            take = self.rng.randint(2, 4)
            text = " ".join(self.mutate(s) for s in sentences[:take])
            del sentences[:take]
            if self.rng.random() < self.share:
                text = self.rng.choice(self.artifacts)(text)
            paragraphs.append(text)
        return paragraphs

    # The artifacts, one per kind of rule family; each returns the paragraph changed.

    def _words(self, text: str) -> tuple[list[str], int]:
        words = text.split(" ")
        return words, self.rng.randrange(1, len(words) - 1)

    def _doubled_word(self, text: str) -> str:
        words, i = self._words(text)
        return " ".join([*words[:i], words[i].rstrip(",."), *words[i:]])

    def _stray_stop(self, text: str) -> str:
        return (
            _SENTENCE_END.sub(" . ", text, count=1) if _SENTENCE_END.search(text) else text + " ."
        )

    def _space_before_comma(self, text: str) -> str:
        return text.replace(", ", " , ", 1) if ", " in text else self._doubled_word(text)

    def _glued_sentence(self, text: str) -> str:
        return _SENTENCE_END.sub("", text, count=1) if _SENTENCE_END.search(text) else text

    def _mid_capital(self, text: str) -> str:
        words, i = self._words(text)
        words[i] = words[i][:1].upper() + words[i][1:]
        return " ".join(words)

    def _untranslated(self, text: str) -> str:
        return f"{text} {self.rng.choice(self.chinese)}"

    def _lowercase_start(self, text: str) -> str:
        if not (match := _SENTENCE_END.search(text)):
            return self._doubled_word(text)
        at = match.end()
        return text[:at] + text[at].lower() + text[at + 1 :]

    def _mojibake(self, text: str) -> str:
        # a phrase in curly quotes, its UTF-8 read as Windows-1252 ("â€œ"), as a
        # page served with the wrong charset shows it
        words, i = self._words(text)
        quoted = f"“{words[i]}”".encode().decode("cp1252", errors="replace")
        return " ".join([*words[:i], quoted, *words[i + 1 :]])

    def _flawed_paragraph(self, text: str) -> str:
        return self.mutate(self.rng.choice(self.flawed))


def paragraphs(words: int | None, seed: int, artifact_share: float) -> Iterator[tuple[int, str]]:
    """``(document number, paragraph)`` pairs of exactly ``words`` words in all (the
    last paragraph cut to fit and closed with a full stop), or endless with None."""
    mutator = Mutator(seed, artifact_share)
    left = words
    doc = 0
    while left is None or left > 0:
        for text in mutator.document():
            if left is not None:
                tokens = text.split()
                if len(tokens) >= left:
                    text = " ".join(tokens[:left]).rstrip(",.;") + "."
                    left = 0
                    yield doc, text
                    return
                left -= len(tokens)
            yield doc, text
        doc += 1


def _po_string(text: str) -> str:
    """``text`` as a PO string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\n", "\\n") + '"'


def po_unit(key: str, text: str) -> str:
    """A PO unit whose ``msgstr`` is ``text`` and whose ``msgid`` is its key.

    The project has no source for most of its English, and the text itself as the
    ``msgid`` would fail pofilter's ``unchanged`` check on every unit, which as a
    precondition switches off checks of the target (``doublewords``): with the key,
    every default check runs on every target. Its checks that compare numbers,
    capitals and length with the source then fail on most units, and pofilter
    writes those units out; that is part of the work timed, as mtqa's findings are.
    """
    return f"#: {key}\nmsgid {_po_string(key)}\nmsgstr {_po_string(text)}\n\n"


PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
)


@dataclass
class Corpus:
    """A built corpus: its folder and what it holds."""

    folder: Path
    manifest: dict

    @property
    def docs(self) -> Path:
        return self.folder / "docs"

    @property
    def jsonl(self) -> Path:
        return self.folder / "segments.jsonl"

    @property
    def po(self) -> Path:
        return self.folder / "corpus.po"

    @property
    def words(self) -> int:
        return self.manifest["words"]


def _cached(folder: Path, manifest: dict) -> dict | None:
    """The manifest in ``folder`` when it was built with these settings and inputs."""
    path = folder / "manifest.json"
    if not path.is_file():
        return None
    found = json.loads(path.read_text(encoding="utf-8"))
    return found if all(found.get(k) == v for k, v in manifest.items()) else None


def _reused(folder: Path, settings: dict) -> Corpus | None:
    """The corpus in ``folder`` when it was built with ``settings``; else None, with
    the folder removed for a new build."""
    if found := _cached(folder, settings):
        return Corpus(folder, found)
    shutil.rmtree(folder, ignore_errors=True)
    return None


def build(words: int, seed: int = 7, artifact_share: float = 0.2, cache: Path = CACHE) -> Corpus:
    """Documents, JSONL and PO of exactly ``words`` words, from the cache when built."""
    settings = {"words": words, "seed": seed, "artifact_share": artifact_share}
    settings["fingerprint"] = fingerprint()
    folder = cache / f"w{words}-s{seed}-a{artifact_share}"
    if built := _reused(folder, settings):
        return built
    (folder / "docs").mkdir(parents=True)
    counts = {"documents": 0, "paragraphs": 0}
    with (
        (folder / "segments.jsonl").open("w", encoding="utf-8") as jsonl,
        (folder / "corpus.po").open("w", encoding="utf-8") as po,
    ):
        po.write(PO_HEADER)
        current, lines = 0, []

        def flush() -> None:
            (folder / "docs" / f"doc{current:06d}.txt").write_text(
                "\n\n".join(lines) + "\n", encoding="utf-8"
            )
            counts["documents"] += 1

        for doc, text in paragraphs(words, seed, artifact_share):
            if doc != current:
                flush()
                current, lines = doc, []
            key = f"d{doc}p{len(lines)}"
            lines.append(text)
            jsonl.write(json.dumps({"id": key, "target": text}, ensure_ascii=False) + "\n")
            po.write(po_unit(key, text))
            counts["paragraphs"] += 1
        flush()
    manifest = {**settings, **counts}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Corpus(folder, manifest)


def build_jsonl(
    size: int, seed: int = 7, artifact_share: float = 0.2, cache: Path = CACHE
) -> Corpus:
    """One JSONL of at least ``size`` bytes (whole rows), written a row at a time,
    from the cache when built. Its ``jsonl`` is the file; it has no docs or PO."""
    settings = {"bytes_asked": size, "seed": seed, "artifact_share": artifact_share}
    settings["fingerprint"] = fingerprint()
    folder = cache / f"b{size}-s{seed}-a{artifact_share}"
    if built := _reused(folder, settings):
        return built
    folder.mkdir(parents=True)
    written = words = rows = 0
    with (folder / "segments.jsonl").open("wb") as out:
        for doc, text in paragraphs(None, seed, artifact_share):
            line = json.dumps({"id": f"d{doc}r{rows}", "target": text}, ensure_ascii=False)
            data = (line + "\n").encode("utf-8")
            out.write(data)
            written += len(data)
            words += len(text.split())
            rows += 1
            if written >= size:
                break
    manifest = {**settings, "bytes": written, "words": words, "paragraphs": rows}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Corpus(folder, manifest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, help="build docs/, JSONL and PO of N words")
    parser.add_argument("--jsonl-bytes", type=int, help="build one JSONL of N bytes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--artifact-share", type=float, default=0.2)
    args = parser.parse_args()
    if args.words is None and args.jsonl_bytes is None:
        parser.error("give --words or --jsonl-bytes")
    if args.words is not None:
        print(json.dumps(build(args.words, args.seed, args.artifact_share).manifest))
    if args.jsonl_bytes is not None:
        print(json.dumps(build_jsonl(args.jsonl_bytes, args.seed, args.artifact_share).manifest))


if __name__ == "__main__":
    main()
