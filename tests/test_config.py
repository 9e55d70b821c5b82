"""Settings from pyproject.toml / mtqa.toml, merged under the command line."""

from __future__ import annotations

import json

import pytest

from mtqa.config import load_config

FLAWED = "The county built new roads. . The the farmers sell tea.\n"


def test_pyproject_tool_mtqa_table(run, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mtqa]\nignore = ["MT205"]\nfail-under = 10\n'
        'severity = { MT101 = "major" }\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    data = json.loads(run("check", "a.txt", "--format", "json").stdout)
    (f,) = data["documents"][0]["findings"]
    assert (f["rule"], f["severity"]) == ("MT101", "major")
    assert data["summary"]["threshold"] == 10
    # the command line adds to the file's ignore list
    data = json.loads(run("check", "a.txt", "--ignore", "MT101", "--format", "json").stdout)
    assert data["documents"][0]["findings"] == []
    # --isolated ignores the file
    data = json.loads(run("check", "a.txt", "--isolated", "--format", "json").stdout)
    assert [f["rule"] for f in data["documents"][0]["findings"]] == ["MT101", "MT205"]


def test_allow_takes_comma_separated_terms_as_the_readme_says(run, tmp_path):
    (tmp_path / "a.txt").write_text(
        "The officials Qie Qie urged the farmers. The Premier Yin Yin, and work.\n",
        encoding="utf-8",
    )
    flagged = json.loads(run("check", "a.txt", "--format", "json", "--select", "MT301").stdout)
    assert len(flagged["documents"][0]["findings"]) == 2
    args = ("check", "a.txt", "--format", "json", "--select", "MT301")
    data = json.loads(run(*args, "--allow", "Qie Qie,Yin Yin").stdout)
    assert data["documents"][0]["findings"] == []


def test_mtqa_toml_found_from_a_subfolder_and_allowlist(tmp_path):
    (tmp_path / "mtqa.toml").write_text(
        'allow = ["Qie Qie"]\nparagraphs = "line"\n', encoding="utf-8"
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config = load_config(start=sub)
    assert config.allow == ("Qie Qie",)
    assert config.paragraphs == "line"
    assert config.path == str(tmp_path / "mtqa.toml")


def test_pack_folders_are_relative_to_the_config_file(tmp_path):
    (tmp_path / "mtqa.toml").write_text('rules = ["packs"]\n', encoding="utf-8")
    config = load_config(start=tmp_path)
    assert config.rules == (str((tmp_path / "packs").resolve()),)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("fail-under = 101", "mtqa.toml: fail-under must be from 0 to 100, not 101"),
        ("fail-under = -5", "mtqa.toml: fail-under must be from 0 to 100, not -5"),
        ('fail-under = "high"', "mtqa.toml: fail-under must be a finite number, not 'high'"),
        ("tolerance = 0", "mtqa.toml: tolerance must be at least 0.001, not 0"),
        ("tolerance = inf", "mtqa.toml: tolerance must be a finite number, not inf"),
        ("weights = { minor = 1e400 }", "mtqa.toml: weights.minor must be a finite number"),
        ('weights = "heavy"', "mtqa.toml: weights must be a table"),
        ("max-penalty-per-kw = -1", "mtqa.toml: max-penalty-per-kw must be at least 0, not -1"),
        ("weights = { major = -5 }", "mtqa.toml: weights.major must be at least 0, not -5"),
        ('weights = { minor = "one" }', "mtqa.toml: weights.minor must be a finite number"),
        ("rwc = 0", "mtqa.toml: rwc must be a positive whole word count, not 0"),
        ("rwc = 2.5", "mtqa.toml: rwc must be a positive whole word count, not 2.5"),
        ('fail-on = "severe"', "mtqa.toml: fail-on must be one of"),
    ],
)
def test_bad_scoring_values_are_refused_naming_the_key(run, tmp_path, setting, message):
    (tmp_path / "mtqa.toml").write_text(setting + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    result = run("check", "a.txt")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert message in line.replace(str(tmp_path) + "/", "")
