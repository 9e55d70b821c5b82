"""Rule packs: a team's own (TOML only, no Python), entry context conditions, and the
built-in entries' own examples: each pinned (exact span, count, suggestion, and no
finding left once the suggestions are applied), each entry with one at least, and
each entry found by the anchor prefilter on its own examples."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from mtqa import Config, check_text
from mtqa.anchors import AnchorIndex
from mtqa.errors import ConfigError
from mtqa.packs import Entry, builtin_packs, parse_pack
from mtqa.readers import parse
from mtqa.rulebase import DocContext

from .pinning import check_example, fix_consistency

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
flags = [{ text = "We take the subway.", flagged = "subway", suggestion = "metro" }]

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
        out = run("check", "a.txt", "--rules", "p.toml", "--format", "json", "--exit-zero", *args)
        out = out.stdout
        return [f["rule"] for f in json.loads(out)["documents"][0]["findings"]]

    assert rules_found() == []
    assert rules_found("--select", "Style") == []  # a category does not switch advisory rules on
    assert rules_found("--select", "ACME001") == ["ACME001"]
    assert rules_found("--select", "house-style") == ["ACME001"]
    assert rules_found("--select", "ALL") == ["ACME001"]


# Each pack entry's own examples, run against that entry and against its whole rule.
BUILTIN = builtin_packs()
ENTRY_FLAGS = [
    pytest.param(code, entry, ex, id=f"{code}-entry{n}-flag{i}")
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


def _rule_run(code: str, text: str):
    """The whole rule on a plain-text example, through the checker: the document
    read and the rule's findings."""
    result = check_text(text, config=Config(select=(code,))).documents[0]
    return result.document, [f for f in result.findings if f.rule == code]


def _rule_spans(code: str, text: str) -> list[str]:
    """What the whole rule flags in a plain-text example, through the checker."""
    return [f.text for f in _rule_run(code, text)[1]]


def test_every_calque_entry_has_examples_both_ways():
    entries = next(p.entries["MT501"] for p in BUILTIN if "MT501" in p.entries)
    for n, entry in enumerate(entries, 1):
        assert entry.flags, f"MT501 entry {n} ({entry.regex.pattern}) has no example to flag"
        assert entry.passes, f"MT501 entry {n} ({entry.regex.pattern}) has no example to pass"


def test_every_pack_entry_has_an_example_to_flag():
    for pack in BUILTIN:
        for code, entries in pack.entries.items():
            for n, entry in enumerate(entries, 1):
                assert entry.flags, f"{code} entry {n} ({entry.regex.pattern}) has no example"


@pytest.mark.parametrize(("code", "entry", "example"), ENTRY_FLAGS)
def test_entry_flag_examples(code, entry, example):
    assert example.flagged in _entry_spans(entry, example.text)
    # the whole rule: the span exactly, its count and suggestion, and fixed for good
    check_example(code, example, lambda text: _rule_run(code, text))


@pytest.mark.parametrize(("code", "entry", "example"), ENTRY_FLAGS)
def test_the_anchor_prefilter_keeps_each_entry_on_its_examples(code, entry, example):
    # the pack rule runs only the entries whose literals a segment holds
    # (mtqa.packs._matcher): an entry must be a candidate wherever it matches, and
    # from an offset no later than its match (block entries run on every segment)
    pack = next(p for p in BUILTIN if code in p.entries)
    check = next(r.check for r in pack.rules if r.code == code)
    nonlocals = inspect.getclosurevars(check).nonlocals
    index = nonlocals["scan"].index  # the prefilter of the built-in packs, numbering their entries
    assert isinstance(index, AnchorIndex)
    order = nonlocals["first"] + pack.entries[code].index(entry)
    matched = False
    for seg in parse(example.text, "-", "txt").segments:
        starts = [m.start() for m in entry.regex.finditer(seg.text)]
        if not starts:
            continue
        matched = True
        chosen = dict(index.candidates(seg.text.lower()))
        assert order in chosen, f"{code}: the prefilter drops {entry.regex.pattern!r}"
        assert chosen[order] <= starts[0], f"{code}: the prefilter starts past the match"
    assert matched or entry.block


@pytest.mark.parametrize(
    "code", [code for pack in BUILTIN for code in pack.entries], ids=lambda code: code
)
def test_pack_rule_fix_availability_agrees_with_entries_and_examples(code):
    pack = next(p for p in BUILTIN if code in p.entries)
    rule = next(r for r in pack.rules if r.code == code)
    entries = pack.entries[code]
    examples = [*rule.flags, *(ex for e in entries for ex in e.flags)]
    fix_consistency(code, rule.fix, examples)
    with_fix = [e.suggestion is not None for e in entries]
    assert rule.fix == ("always" if all(with_fix) else "sometimes" if any(with_fix) else "never")


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
flags = [{ text = "Our homeland grows rice.", flagged = "Our homeland", fix = false }]

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
        (
            'flags = [{ text = "A plan.", flagged = "scheme", fix = false }]',
            "'flags' example 'scheme' is not a part of its text",
        ),
        ('flags = ["A plan."]', "'flags' must be a list of { text, flagged, suggestion } tables"),
        (
            'flags = [{ text = "A plan.", flagged = "plan" }]',
            "needs a 'suggestion' or 'fix = false'",
        ),
        (
            'flags = [{ text = "A plan.", flagged = "plan", suggestion = "", fix = false }]',
            "needs a 'suggestion' or 'fix = false' (not both)",
        ),
        ('flags = [{ text = "A plan.", flagged = "plan", fix = true }]', "'fix = false'"),
        (
            'flags = [{ text = "A plan.", flagged = "plan", suggestion = 1 }]',
            "'suggestion' must be text",
        ),
        (
            'flags = [{ text = "A plan.", flagged = "plan", fix = false, count = 0 }]',
            "'count' must be 1 or more",
        ),
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


RULE_HEAD = (
    '[[rules]]\ncode = "X1"\nname = "x"\ncategory = "Style"\nseverity = "minor"\nmessage = "m"\n'
)
ENTRY = '[[rules.entries]]\nphrase = "plan"\n'


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        ('fix = "always"\n', "'fix' is 'always', but 0 of its 1 entries have a suggestion"),
        ('fix = "perhaps"\n', "'fix' must be one of always, sometimes, never"),
        ("fix_safe = 1\n", "'fix_safe' is true or false"),
        ('kinds = ["footnote"]\n', "unknown segment kind 'footnote'"),
        ('exceptions = "quotes"\n', "'exceptions' must be a list of texts"),
        ('flags = [{ text = "A plan.", flagged = "plan" }]\n', "needs a 'suggestion'"),
    ],
)
def test_bad_rule_metadata_names_pack_and_rule(lines, says):
    with pytest.raises(ConfigError) as err:
        parse_pack(RULE_HEAD + lines + ENTRY, "qa/bad.toml")
    assert str(err.value).startswith("qa/bad.toml X1: ")
    assert says in str(err.value)


def test_pack_rule_metadata_is_read_and_fix_follows_the_entries():
    text = (
        RULE_HEAD
        + 'exceptions = ["quoted speech"]\nkinds = ["paragraph", "heading"]\n'
        + 'flags = [{ text = "A plan and a plan.", flagged = "plan", fix = false, count = 2 }]\n'
        + ENTRY
    )
    rule = parse_pack(text, "qa/ok.toml").rules[0]
    assert (rule.fix, rule.fix_safe, rule.exceptions) == ("never", False, ("quoted speech",))
    assert rule.kinds == ("paragraph", "heading")
    assert [(e.flagged, e.suggestion, e.count) for e in rule.flags] == [("plan", None, 2)]
    both = text + '[[rules.entries]]\nphrase = "scheme"\nsuggestion = "plan"\n'
    assert parse_pack(both, "qa/ok.toml").rules[0].fix == "sometimes"
    safe = both.replace("message", 'fix = "sometimes"\nfix_safe = true\nmessage')
    assert parse_pack(safe, "qa/ok.toml").rules[0].fix_safe


@pytest.mark.parametrize(
    ("head", "says"),
    [
        ('code = ""', "rule code '' is not letters then digits"),
        ('code = "ALL"', "rule code 'ALL' is not letters then digits"),
        ('code = "X1"\ndefault = "false"', "X1: 'default' is true or false"),
        ('code = "X1"\nlanguages = []', "'languages' must be a list of language codes"),
        ('code = "X1"\nlanguages = ["klingon"]', "'languages' must be a list of language codes"),
    ],
)
def test_bad_rule_fields_are_refused_when_the_pack_loads(head, says):
    pack = (
        f'[[rules]]\n{head}\nname = "x"\ncategory = "Style"\nseverity = "minor"\n'
        'message = "m"\n[[rules.entries]]\nphrase = "plan"\n'
    )
    with pytest.raises(ConfigError) as err:
        parse_pack(pack, "qa/bad.toml")
    assert says in str(err.value)


def test_the_list_of_shipped_packs_is_the_packs_folder():
    """`BUILTIN_PACKS` names every pack file in mtqa/rules/packs and no other: a pack
    added to the folder but not to the list would never load, silently."""
    from importlib import resources

    from mtqa.packs import BUILTIN_PACKS

    folder = resources.files("mtqa.rules") / "packs"
    on_disk = sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
    assert sorted(BUILTIN_PACKS) == on_disk
    assert len(builtin_packs()) == len(on_disk)


def test_only_the_shipped_packs_are_trusted(tmp_path, monkeypatch):
    """A user's pack runs on the regex module with a time limit, and its patterns are
    not kept between runs, even in a file called like the built-in packs' origin."""
    from mtqa.packs import load_pack_dir

    monkeypatch.chdir(tmp_path)
    (tmp_path / "built-in").write_text(PACK, encoding="utf-8")
    [user] = load_pack_dir(Path("built-in"))
    assert user.rules[0].origin == "built-in"  # its name, as the listing shows it
    assert not any(e.trusted for e in user.entries["ACME001"])
    assert all(e.trusted for pack in builtin_packs() for es in pack.entries.values() for e in es)
