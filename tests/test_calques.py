"""The calque pack (MT501): its size and shape, and calques found end to end with
exact spans and suggestions, on texts of our own."""

from __future__ import annotations

import json
import re

import pytest

import mtqa
from mtqa import Config
from mtqa.packs import builtin_packs

HAN_RE = re.compile(r"[\u3400-\u9fff]")
ENTRIES = next(p.entries["MT501"] for p in builtin_packs() if "MT501" in p.entries)


def calques(text: str) -> list[tuple[str, str | None, str]]:
    """(flagged text, suggestion, severity) of every MT501 finding in a plain text."""
    report = mtqa.check_text(text, config=Config(select=("MT501",)))
    return [(f.text, f.suggestion, f.severity) for f in report.documents[0].findings]


def test_pack_has_at_least_200_entries():
    assert len(ENTRIES) >= 200


@pytest.mark.parametrize("n", range(len(ENTRIES)))
def test_every_entry_names_its_chinese_and_meaning_and_has_examples(n):
    entry = ENTRIES[n]
    where = f"entry {n + 1} ({entry.regex.pattern[:60]})"
    assert HAN_RE.search(entry.note), f"{where}: no source Chinese in its note"
    # the meaning, as a drop-in suggestion or, where it depends on the sentence, in
    # the entry's own message
    assert entry.suggestion or "means" in (entry.message or ""), f"{where}: no meaning"
    assert entry.flags, f"{where}: no example it must flag"
    assert entry.passes, f"{where}: no example it must not flag"


def test_entries_do_not_repeat_a_pattern():
    patterns = [e.regex.pattern for e in ENTRIES]
    assert len(set(patterns)) == len(patterns)


def test_official_article_calques_with_spans_and_suggestions():
    text = (
        "In 2023, my province built 40 wisdom parking lots and finished its toilet "
        "transformation. The village two committees held a seat talk on the short board "
        "of rural clinics, and relevant personnel were asked to compact the main "
        "responsibility.\n"
    )
    assert calques(text) == [
        ("my province", None, "minor"),
        ("wisdom parking", "smart", "minor"),
        ("toilet transformation", None, "minor"),
        ("village two committees", "the village Party branch and village committee", "minor"),
        ("held a seat talk", "discussion meeting", "minor"),
        ("short board", None, "minor"),
        ("relevant personnel", None, "minor"),
        ("compact the main responsibility", "enforce responsibilities", "minor"),
    ]


def test_news_register_calques():
    text = (
        "According to China News Agency, the new crown vaccine reached the township. "
        "The reporter learned from the county that a net celebrity had made the glass "
        "bridge a check-in spot.\n"
    )
    assert calques(text) == [
        ("China News Agency", "China News Service", "minor"),
        ("new crown vaccine", None, "major"),
        ("The reporter learned from", None, "minor"),
        ("net celebrity", None, "minor"),
        ("check-in spot", None, "minor"),
    ]


def test_finding_offsets_point_at_the_calque(tmp_path):
    path = tmp_path / "a.txt"
    text = "Prices rose.\n\nOn the holiday the lake was people mountain people sea.\n"
    path.write_text(text, encoding="utf-8")
    report = mtqa.check_paths([str(path)], config=Config(select=("MT501",)))
    [found] = report.documents[0].findings
    assert (found.line, found.column, found.text) == (3, 29, "people mountain people sea")
    assert found.suggestion == "huge crowds"
    assert found.message == "Literal translation of 人山人海: means “huge crowds”"


def test_cli_reports_calques_as_json(run, tmp_path):
    (tmp_path / "a.txt").write_text(
        "Cadres must earnestly strengthen the gold content of the policies.\n", encoding="utf-8"
    )
    out = run("check", "a.txt", "--select", "MT501", "--format", "json", "--exit-zero")
    found = json.loads(out.stdout)["documents"][0]["findings"]
    assert [(f["text"], f["suggestion"]) for f in found] == [
        ("earnestly strengthen", None),
        ("gold content", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # ordinary English that shares words with the calques
        "“Belfast is my city,” she said, before the two committees published their report.",
        "Road construction closed the bridge; the short board surfers waited for the waves.",
        "The jockey fell from his horse, and Hamilton overtook on the corner to win the race.",
        "Heat the pan and add oil! Then stir-fry the onions and season with vinegar.",
        "Bonds with a high face value rose; the bank's gold content analysis of the ore was"
        " published.",
        "Military personnel guarded the airport while passengers queued at check-in spots.",
        "The pastor preached the gospel, and the choir had a good voice.",
        "Metformin is a first-line treatment; she gave a first-hand account of the trial.",
    ],
)
def test_native_english_near_misses_stay_quiet(text):
    assert calques(text + "\n") == []


def test_quoted_and_first_person_uses_stay_quiet():
    assert calques("“My city will recover,” the mayor said.\n") == []
    assert calques("I moved back to my city after university.\n") == []
    assert calques("The new rules helped my city recover.\n") == [("my city", None, "minor")]
