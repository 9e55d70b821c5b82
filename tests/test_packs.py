"""A team's own rule pack: TOML only, no Python."""

from __future__ import annotations

import json

PACK = """
allow = ["Zhangjiajie Glass Bridge"]

[[rules]]
code = "ACME001"
name = "house-style"
category = "Style"
severity = "minor"
message = "House style: {note}"
rationale = "Our style guide."
passes = ["We use the metro."]
flags = [{ text = "We take the subway.", flagged = "subway" }]

[[rules.entries]]
phrase = "subway"
suggestion = "metro"
note = "say metro"

[[rules.entries]]
pattern = "\\\\b(?P<flag>utilise)s?\\\\b"
suggestion = "use"
note = "plain words"
severity = "major"
"""


def test_user_pack_rules_run_and_list(run, tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "acme.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "a.txt").write_text("We utilises the Subway daily.\n", encoding="utf-8")
    out = run("check", "a.txt", "--rules", "packs", "--select", "ACME001", "--format", "json")
    found = json.loads(out.stdout)["documents"][0]["findings"]
    assert [(f["text"], f["severity"], f["suggestion"], f["message"]) for f in found] == [
        ("utilise", "major", "use", "House style: plain words"),
        ("Subway", "minor", "metro", "House style: say metro"),
    ]
    listing = run("rules", "--rules", "packs").output
    assert "ACME001" in listing and "packs/acme.toml" in listing


def test_pack_allowlist_silences_builtin_rules(run, tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "acme.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "a.txt").write_text("They saw Qie Qie at the Zhangjiajie Glass Bridge.\n")
    out = run("check", "a.txt", "--select", "MT301", "--format", "json")
    assert len(json.loads(out.stdout)["documents"][0]["findings"]) == 1


def test_broken_pack_is_a_clear_error(run, tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "bad.toml").write_text(
        '[[rules]]\ncode = "X1"\nname = "x"\ncategory = "Style"\nseverity = "minor"\n'
        'message = "m"\n[[rules.entries]]\npattern = "(unclosed"\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("Text here.\n")
    result = run("check", "a.txt", "--rules", "packs")
    assert result.exit_code == 2
    assert "bad pattern '(unclosed'" in result.output


def test_pack_may_not_shadow_a_builtin_code(run, tmp_path):
    (tmp_path / "p.toml").write_text(PACK.replace("ACME001", "MT101"), encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text here.\n")
    result = run("check", "a.txt", "--rules", "p.toml")
    assert result.exit_code == 2
    assert "clashes with an existing rule" in result.output


def test_advisory_rules_run_only_when_named(run, tmp_path):
    (tmp_path / "p.toml").write_text(
        PACK.replace('severity = "minor"\nmessage', 'severity = "minor"\ndefault = false\nmessage'),
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("We take the subway.\n", encoding="utf-8")
    listing = [
        line
        for line in run("rules", "--rules", "p.toml").stdout.splitlines()
        if line.startswith("ACME001")
    ]
    assert "advisory" in listing[0]

    def rules_found(*args):
        out = run("check", "a.txt", "--rules", "p.toml", "--format", "json", *args).stdout
        return [f["rule"] for f in json.loads(out)["documents"][0]["findings"]]

    assert rules_found() == []
    assert rules_found("--select", "Style") == []  # a category does not switch advisory rules on
    assert rules_found("--select", "ACME001") == ["ACME001"]
    assert rules_found("--select", "house-style") == ["ACME001"]
    assert rules_found("--select", "ALL") == ["ACME001"]
