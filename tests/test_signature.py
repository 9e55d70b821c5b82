"""The run signature: every setting that can change a score changes it, and every
machine-readable output carries it. Every text here is written for the test."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from mtqa import Checker, Config

TEXT = "The county opened two schools . , and a clinic.\n\nThe the roads were paved.\n"
PACK = """
[[rules]]
code = "XX901"
name = "house-term"
category = "Terminology/Inconsistent"
severity = "minor"
message = "House term"
[[rules.entries]]
phrase = "clinic"
flags = [{ text = "a clinic opened", flagged = "clinic", fix = false }]
passes = ["a hospital opened"]
"""


def _fields(signature: str) -> dict[str, str]:
    return dict(part.split(":", 1) for part in signature.split("|"))


def test_the_default_signature_reads_as_its_settings():
    fields = _fields(Checker(Config(languagetool="off")).signature)
    assert list(fields) == [
        "mtqa", "rules", "preset", "weights", "rwc", "tol", "pass", "failon", "maxpen",
        "allow", "gloss", "packs", "base", "pfi", "lt", "read", "lang",
    ]  # fmt: skip
    assert fields["preset"] == "default" and fields["weights"] == "0,1,5,25"
    assert (fields["rwc"], fields["tol"], fields["pass"]) == ("1000", "0.8", "90")
    assert (fields["allow"], fields["gloss"], fields["packs"], fields["lt"]) == (
        "none", "none", "none", "off",
    )  # fmt: skip
    assert fields["lang"] == "zh-en"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"preset": "wmt"}, "preset"),
        ({"weights": {"major": 4.0}}, "weights"),
        ({"rwc": 500}, "rwc"),
        ({"tolerance": 1.5}, "tol"),
        ({"fail_under": 80.0}, "pass"),
        ({"fail_on": "major"}, "failon"),
        ({"max_penalty_per_kw": 30.0}, "maxpen"),
        ({"allow": ("Qie Qie",)}, "allow"),
        ({"per_file_ignores": {"*.md": ("MT101",)}}, "pfi"),
        ({"paragraphs": "line"}, "read"),
        ({"target_lang": "en-GB"}, "lang"),
        ({"ignore": ("MT205",)}, "rules"),
        ({"severity": {"MT205": "major"}}, "rules"),
    ],
)
def test_each_setting_changes_its_field_only(change, field):
    base = Config(languagetool="off")
    before = _fields(Checker(base).signature)
    after = _fields(Checker(base.merged(**change)).signature)
    assert {k for k in before if before[k] != after[k]} == {field}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"encoding": "utf8"}, {"encoding": "UTF-8"}),
        ({"encoding": "latin1"}, {"encoding": "ISO-8859-1"}),
        ({"target_lang": "EN-gb"}, {"target_lang": "en-GB"}),
        ({"languagetool_types": {"grammar": "off"}}, {}),  # LanguageTool is off
        ({"ignore": ("LT:EN_A_VS_AN",)}, {}),
    ],
)
def test_settings_that_mean_the_same_give_one_signature(one, other):
    base = Config(languagetool="off")
    assert Checker(base.merged(**one)).signature == Checker(base.merged(**other)).signature


def test_a_pack_gives_one_signature_wherever_it_sits(tmp_path):
    for folder in ("a", "b/deep"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "house.toml").write_text(PACK, encoding="utf-8")
    first, second = (
        Checker(Config(languagetool="off", rules=(str(tmp_path / f / "house.toml"),))).signature
        for f in ("a", "b/deep")
    )
    assert first == second


def test_glossary_and_pack_contents_change_the_signature(tmp_path):
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target\n诊所,clinic\n", encoding="utf-8")
    first = _fields(Checker(Config(languagetool="off", glossary=str(glossary))).signature)
    glossary.write_text("source,target\n诊所,health centre\n", encoding="utf-8")
    second = _fields(Checker(Config(languagetool="off", glossary=str(glossary))).signature)
    assert first["gloss"] != "none" and first["gloss"] != second["gloss"]
    pack = tmp_path / "house.toml"
    pack.write_text(PACK, encoding="utf-8")
    with_pack = _fields(Checker(Config(languagetool="off", rules=(str(pack),))).signature)
    assert with_pack["packs"] != "none"


def test_every_machine_readable_output_carries_it(run, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    run(
        "check", "a.txt", "--exit-zero", "--languagetool", "off",
        "--format", "json:r.json", "--format", "jsonl:r.jsonl", "--format", "csv:r.csv",
        "--format", "sarif:r.sarif", "--format", "junit:r.xml", "--report-dir", "dir",
    )  # fmt: skip
    signature = json.loads((tmp_path / "r.json").read_text())["tool"]["signature"]
    assert signature.startswith("mtqa:") and "|rules:" in signature
    lines = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert lines and {x["run_signature"] for x in lines} == {signature}
    assert set(pd.read_csv(tmp_path / "r.csv")["run_signature"]) == {signature}
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    assert sarif["runs"][0]["properties"]["runSignature"] == signature
    props = {p.get("name"): p.get("value") for p in ET.parse(tmp_path / "r.xml").iter("property")}
    assert props["mtqa.run_signature"] == signature
    assert f'data-signature="{signature}"' in (tmp_path / "dir" / "index.html").read_text("utf-8")
    assert set(pd.read_csv(tmp_path / "dir" / "segments.csv")["run_signature"]) == {signature}


def test_streamed_lines_carry_it(run, tmp_path):
    (tmp_path / "a.tsv").write_text("target\nThe the plan.\nIt rained , then.\n", encoding="utf-8")
    result = run("check", "a.tsv", "--stream", "--format", "jsonl", "--exit-zero")
    lines = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert lines and all(x["run_signature"].startswith("mtqa:") for x in lines)
