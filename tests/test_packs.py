"""Rule packs: a team's own (TOML only, no Python), entry context conditions, and the
built-in entries' own examples."""

from __future__ import annotations

import json

import pytest

from mtqa import Config, check_text
from mtqa.errors import ConfigError
from mtqa.packs import Entry, builtin_packs, parse_pack
from mtqa.readers import parse
from mtqa.rulebase import DocContext

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


# Each pack entry's own examples, run against that entry and against its whole rule.
BUILTIN = builtin_packs()
ENTRY_FLAGS = [
    pytest.param(code, entry, ex.text, ex.flagged, id=f"{code}-entry{n}-flag{i}")
    for pack in BUILTIN
    for code, entries in pack.entries.items()
    for n, entry in enumerate(entries, 1)
    for i, ex in enumerate(entry.flags, 1)
]
ENTRY_PASSES = [
    pytest.param(code, entry, text, id=f"{code}-entry{n}-pass{i}")
    for pack in BUILTIN
    for code, entries in pack.entries.items()
    for n, entry in enumerate(entries, 1)
    for i, text in enumerate(entry.passes, 1)
]


def _entry_spans(entry: Entry, text: str) -> list[str]:
    """What one entry alone flags in a plain-text example."""
    doc = parse(text, "-", "txt")
    ctx = DocContext(doc)
    return [seg.text[s:e] for seg in doc.segments for s, e, _ in entry.matches(seg, ctx)]


def _rule_spans(code: str, text: str) -> list[str]:
    """What the whole rule flags in a plain-text example, through the checker."""
    report = check_text(text, config=Config(select=(code,)))
    return [f.text for d in report.documents for f in d.findings if f.rule == code]


def test_every_calque_entry_has_examples_both_ways():
    entries = next(p.entries["MT501"] for p in BUILTIN if "MT501" in p.entries)
    for n, entry in enumerate(entries, 1):
        assert entry.flags, f"MT501 entry {n} ({entry.regex.pattern}) has no example to flag"
        assert entry.passes, f"MT501 entry {n} ({entry.regex.pattern}) has no example to pass"


@pytest.mark.parametrize(("code", "entry", "text", "flagged"), ENTRY_FLAGS)
def test_entry_flag_examples(code, entry, text, flagged):
    assert flagged in _entry_spans(entry, text)
    assert flagged in _rule_spans(code, text), "another entry of the rule took the span"


@pytest.mark.parametrize(("code", "entry", "text"), ENTRY_PASSES)
def test_entry_pass_examples(code, entry, text):
    assert _entry_spans(entry, text) == []
    assert _rule_spans(code, text) == []


CONDITIONAL = """
[[rules]]
code = "ACME002"
name = "conditional"
category = "Style"
severity = "minor"
message = "{note}"
rationale = "Context conditions."
passes = ["We flew home."]
flags = [{ text = "Our homeland grows rice.", flagged = "Our homeland" }]

[[rules.entries]]
phrase = "our homeland"
note = "narrative only"
unless = ["quoted", "first-person"]

[[rules.entries]]
phrase = "big harvest"
note = "farm news only"
context = "\\\\b(?:rice|wheat)\\\\b"
unless_context = "\\\\bfilm\\\\b"
"""


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Our homeland grows rice.", ["Our homeland"]),
        ("“Our homeland grows rice,” she said.", []),
        ("Our homeland is where I grew up.", []),
        ("He said our homeland had a Level I alert.", ["our homeland"]),  # a numeral, no speaker
        ("Rice farmers expect a big harvest.", ["big harvest"]),
        ("Miners expect a big harvest.", []),  # context not met
        ("The film about rice is a big harvest of awards.", []),  # unless_context met
    ],
)
def test_user_pack_context_conditions(text, flagged):
    entries = parse_pack(CONDITIONAL, "acme.toml").entries["ACME002"]
    assert [s for e in entries for s in _entry_spans(e, text)] == flagged


ENTRY_HEAD = (
    '[[rules]]\ncode = "X1"\nname = "x"\ncategory = "Style"\nseverity = "minor"\n'
    'message = "m"\n[[rules.entries]]\nphrase = "plan"\n'
)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('unless = ["quoted", "indirect"]', "'unless' has unknown condition 'indirect'"),
        ('unless = "quoted"', "'unless' must be a list"),
        ('context = "(unclosed"', "bad 'context' regex '(unclosed'"),
        ("unless_context = 3", "'unless_context' must be a non-empty regular expression"),
        ('flags = [{ text = "A plan.", flagged = "scheme" }]', "'flags' example 'scheme'"),
        ('flags = ["A plan."]', "'flags' must be a list of { text, flagged } tables"),
        ("passes = [1]", "'passes' must be a list of texts"),
        ('unles = ["quoted"]', "unknown key 'unles'"),
    ],
)
def test_bad_entry_keys_name_pack_rule_entry_and_key(line, says):
    with pytest.raises(ConfigError) as err:
        parse_pack(ENTRY_HEAD + line + "\n", "qa/bad.toml")
    assert str(err.value).startswith("qa/bad.toml X1 entry 1: ")
    assert says in str(err.value)


def test_bad_entry_condition_is_one_line_and_exit_2(run, tmp_path):
    (tmp_path / "bad.toml").write_text(ENTRY_HEAD + 'unless = ["indirect"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text here.\n")
    result = run("check", "a.txt", "--rules", "bad.toml")
    assert result.exit_code == 2
    assert "bad.toml X1 entry 1: 'unless' has unknown condition 'indirect'" in result.output
