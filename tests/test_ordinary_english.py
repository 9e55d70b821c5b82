"""Ordinary English from registers beyond news that the widened rules must pass:
software docs, reviews, lists, code names, units, law, lyrics-like repetition,
glossed Chinese terms, plain-text tables, subtitles. And hostile inputs that once
took quadratic time or memory."""

from __future__ import annotations

import pytest

import mtqa
from mtqa.readers import parse

CLEAN = [
    "Open Settings → Privacy → Location Services to turn it off.",
    "Rating: ★★★★☆ (4 out of 5). Press ↑ or ↓ to scroll.",
    "Fit the valve as follows:\na. check the seals on both sides;\n"
    "b. replace the washer with the new one;\nc. turn the water back on slowly.",
    "The file main.py imports utils.helpers.Formatter and calls System.Console.WriteLine.",
    "A 64bit build, a 13amp fuse, a 12volt battery at 12noon and a 10fold rise.",
    "Use N,N-dimethylformamide at the point (x,y) for every i,j pair.",
    "Declare xmlns:xsi in the root and cite urn:isbn numbers.",
    "He will re-sign for a year although others would resign; "
    "they re-cover the sofa to recover costs.",
    "The rain fell and fell. She ran and ran until dawn.",
    'The word "neijuan", or involution, spread online, as did "tangping".',
    "| Name  | Age |\n| Li    | 34  |",
    "Build for x86_64-unknown-linux-gnu first.",
    "Compile with gcc -Wall and run java -Xmx2g.",
    "[DOOR SLAMS]\n\nShe left the room without a word.",
    "The insurer said it would eat the loss.",
    "The economy showed a stable and improving trend and a steady, positive momentum.",
    "Member states must implement the spirit of the Directive.",
    "The house is Victorian style construction, sold as one of many second-hand houses.",
    "Group worship gatherings were banned in the lockdown in townships and towns across Ohio.",
    "They signed a compact of shared responsibility to fight for every minute and every second.",
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_english_is_not_flagged(text):
    result = mtqa.Checker().check(parse(text, "t.txt", "txt"))
    assert [(f.rule, f.text) for f in result.findings] == []


@pytest.mark.parametrize(
    "text",
    [
        "Wait" + "." * 100_000 + "what",  # the sentence splitter once rescanned the run
        "ha" * 50_000,  # pinyin splitting once cached every near miss of the run
        " ".join(["red house", "big people", "house red"] * 30_000),  # MT405 once rescanned
    ],
)
def test_hostile_runs_finish(text):
    result = mtqa.Checker().check(parse(text, "t.txt", "txt"))
    assert result.score.words > 0
