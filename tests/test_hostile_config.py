"""Hostile settings, rule packs and names (issue 14): every bad value is one line
naming the file (or option), the rule and entry, and the key, with exit code 2,
found when the file loads; odd but harmless input is read, not refused."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
import regex

from mtqa import packs
from mtqa.cli import main
from mtqa.config import (
    COLUMN_ROLES,
    LANGUAGETOOL_ISSUE_TYPES,
    LANGUAGETOOL_RULES,
    SCHEMA,
    Config,
    load_config,
)
from mtqa.errors import ConfigError
from mtqa.language.numbers import source_numbers, target_numbers
from mtqa.readers import parse
from mtqa.readers.table import ROLES
from mtqa.rulebase import DocContext

FLAWED = "Prices rose on on Monday.\n"
# a user's pack rule, before its message and entries
RULE_HEAD = '[[rules]]\ncode = "X1"\nname = "x"\ncategory = "Style"\nseverity = "minor"\n'
ENTRY = '[[rules.entries]]\nphrase = "on"\n'


def _error(result, tmp_path: Path) -> tuple[int, str]:
    """The exit code and the one line on stderr, with the test's folder left out."""
    return result.exit_code, result.stderr.replace(f"{tmp_path}/", "").strip()


def _main(args: list[str], capsys) -> tuple[int, str]:
    """The exit code and stderr of ``mtqa ARGS`` as the command runs it, click's
    usage errors included (the ``run`` fixture leaves those in click's words);
    the SIGTERM handler `main` sets is put back."""
    handler = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as done:
            main(args)
    finally:
        signal.signal(signal.SIGTERM, handler)
    return done.value.code, capsys.readouterr().err.strip()


# --- config files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ('fail-under = "abc"', "fail-under must be a finite number, not 'abc'"),
        ("fail-under = nan", "fail-under must be a finite number, not nan"),
        ("fail-under = 100.5", "fail-under must be from 0 to 100, not 100.5"),
        ("weights = { major = -1 }", "weights.major must be at least 0, not -1"),
        ("weights = { minor = nan }", "weights.minor must be a finite number, not nan"),
        ("weights = { huge = 1 }", "weights: unknown key 'huge' (known: neutral, minor, major, "
         "critical)"),
        ('include = "*.txt"', "include must be a list of strings, not '*.txt'"),
        ("select = [5]", "select must be a list of strings, not [5]"),
        ('target-lang = "<script>"',
         "target-lang must be a language code (like zh, en, zh-CN), not '<script>'"),
        ('severity = "major"', "severity must be a table such as { MT205 = \"major\" }, not "
         "'major'"),
        ('severity = { MT205 = "huge" }',
         "severity.MT205 must be one of neutral, minor, major, critical, not 'huge'"),
        ('columns = "mt"', "columns must be a table such as { target = \"mt\" }, not 'mt'"),
        ('columns = { translation = "mt" }',
         "columns: unknown key 'translation' (known: target, source, reference, id, document)"),
        ("columns = { target = 3 }", "columns.target must be a non-empty string, not 3"),
        ('columns = { target = "mt", id = "MT" }',
         "columns: target and id both name the column 'MT'"),
        ("encoding = 5", "encoding must be a non-empty string, not 5"),
        ('encoding = "klingon"', "encoding: unknown encoding 'klingon'"),
        ("glossary = 5", "glossary must be a non-empty string, not 5"),
        ("languagetool-url = 5", "languagetool-url must be a non-empty string, not 5"),
        ('languagetool-url = "ftp://x"', "languagetool-url: 'ftp://x' is not a LanguageTool URL "
         "(the scheme must be http or https; give one like http://localhost:8081)"),
        ('languagetool-types = "off"',
         "languagetool-types must be a table such as { style = \"off\" }, not 'off'"),
        ('languagetool-types = { style = "sideways" }',
         "languagetool-types.style must be one of off, MT801, MT802, MT803, MT804, lt-spelling, "
         "lt-grammar, lt-typography, lt-style, not 'sideways'"),
        ('languagetool-types = { style = "MT85" }',
         "languagetool-types.style must be one of off, MT801, MT802, MT803, MT804, lt-spelling, "
         "lt-grammar, lt-typography, lt-style, not 'MT85' (did you mean 'MT804'?)"),
        ('languagetool-types = { bogus = "off" }', "languagetool-types: 'bogus' is not a "
         "LanguageTool issue type (LanguageTool's are misspelling, grammar, style, whitespace "
         "and others)"),
        ('languagetool-types = { stlye = "off" }',
         "languagetool-types: 'stlye' is not a LanguageTool issue type (did you mean 'style'?)"),
        ("weights = { minor = 0, major = 0, critical = 0 }", "weights: minor, major and critical "
         "all weigh 0, so no finding could lower a score; give at least one a weight above 0"),
        ("languagetool-max-chars = 0",
         "languagetool-max-chars must be a positive whole number of characters, not 0"),
        ("languagetool-timeout = -1", "languagetool-timeout must be from 0.1 to 3600, not -1"),
        ('per-file-ignores = ["x"]', "per-file-ignores must be a table such as "
         "{ \"drafts/*\" = [\"MT2\"] }, not ['x']"),
        ('per-file-ignores = { "drafts/*" = "MT2" }',
         'per-file-ignores."drafts/*" must be a list of strings, not \'MT2\''),
        ("rwc = 1e400", "rwc must be a positive whole word count, not inf"),
        ("fail_under = 50", "unknown setting 'fail_under' (did you mean 'fail-under'?)"),
    ],
)  # fmt: skip
def test_a_bad_setting_is_one_line_naming_file_and_key(run, tmp_path, setting, says):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(setting + "\n", encoding="utf-8")
    result = run("check", "a.txt")
    assert _error(result, tmp_path) == (2, f"mtqa: error: mtqa.toml: {says}")


def test_every_setting_has_a_schema_entry():
    assert set(SCHEMA) == {f.name for f in fields(Config)} - {"path", "languages_given"}
    assert tuple(ROLES) == COLUMN_ROLES  # the readers' roles, which config may not import


def test_languagetool_types_know_the_languagetool_rules_and_issue_types():
    """The config's lists, which it may not import from the rules, are the rules'."""
    import importlib

    from mtqa.registry import load_rules

    rules = load_rules().rules  # mtqa.rules is importable from here on, from a checkout too
    issue_types = importlib.import_module("mtqa.rules.languagetool").ISSUE_TYPES
    assert set(issue_types) <= set(LANGUAGETOOL_ISSUE_TYPES)
    family = {r.code: r.name for r in rules if "languagetool" in r.needs}
    assert family == LANGUAGETOOL_RULES


def test_languagetool_types_take_a_rule_name_as_its_code(tmp_path):
    (tmp_path / "mtqa.toml").write_text(
        'languagetool-types = { style = "lt-grammar", locale-violation = "off", '
        'misspelling = "MT803" }\n',
        encoding="utf-8",
    )
    config = load_config(start=tmp_path)
    assert config.languagetool_types == {
        "style": "MT802",
        "locale-violation": "off",
        "misspelling": "MT803",
    }


def test_weights_may_zero_some_severities():
    """Only all of minor, major and critical at 0 is refused: the gate could only pass."""
    config = Config().merged(weights={"minor": 0, "major": 0})
    assert config.weights == {"minor": 0, "major": 0}


BAD_URLS = [
    ("ftp://x", "the scheme must be http or https"),
    ("http://", "no host"),
    ("http://[::1", "not a valid URL"),
    ("file:///etc/passwd", "the scheme must be http or https"),
    ("http://localhost:99999", "the port must be a number from 1 to 65535"),
    ("http://localhost:0", "the port must be a number from 1 to 65535"),
    ("http://local host", "it holds a space or a control character"),
    ("localhost:8081", "the scheme must be http or https"),
]


@pytest.mark.parametrize(("url", "why"), BAD_URLS)
def test_a_bad_languagetool_url_is_a_usage_error_naming_where_it_came_from(
    run, tmp_path, monkeypatch, url, why
):
    """ftp://x was tried as the host 'ftp', port 80, and every bad URL was only a
    note (exit 0): the option, the config key and the variable are each refused."""
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    says = f"{url!r} is not a LanguageTool URL ({why}; give one like http://localhost:8081)"
    option = run("check", "a.txt", "--languagetool-url", url)
    assert _error(option, tmp_path) == (2, f"mtqa: error: --languagetool-url: {says}")
    (tmp_path / "mtqa.toml").write_text(f"languagetool-url = {json.dumps(url)}\n", encoding="utf-8")
    key = run("check", "a.txt")
    assert _error(key, tmp_path) == (2, f"mtqa: error: mtqa.toml: languagetool-url: {says}")
    (tmp_path / "mtqa.toml").unlink()
    monkeypatch.setenv("MTQA_LANGUAGETOOL_URL", url)
    variable = run("check", "a.txt")
    assert _error(variable, tmp_path) == (2, f"mtqa: error: MTQA_LANGUAGETOOL_URL: {says}")
    assert run("check", "a.txt", "--languagetool", "off").exit_code == 1  # not used: not read


@pytest.mark.parametrize(
    "url", ["http://localhost:8081", "https://api.languagetool.org/v2/", "http://[::1]:8010"]
)
def test_a_languagetool_url_of_http_or_https_with_a_host_is_taken(url):
    assert Config().merged(languagetool_url=url).languagetool_url == url


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[tool]\nmtqa = "strict"\n', "pyproject.toml: [tool.mtqa] must be a table, not 'strict'"),
        ("[tool.mtqa\nfail-under = 1\n", "pyproject.toml: not valid TOML: Expected ']' at the "
         "end of a table declaration (at line 1, column 11)"),
        ("[tool.mtqa]\nallow = " + "[" * 100_000, "pyproject.toml: not valid TOML: nested too "
         "deeply"),
    ],
)  # fmt: skip
def test_a_malformed_pyproject_is_one_line(run, tmp_path, text, says):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert _error(run("check", "a.txt"), tmp_path) == (2, f"mtqa: error: {says}")


def test_a_pyproject_without_an_mtqa_table_is_not_a_config(run, tmp_path):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    assert run("check", "a.txt").exit_code == 1  # defaults: the doubled word fails it


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--config", "folder"], "Invalid value for '--config': File 'folder' is a directory."),
        (["--config", "missing.toml"], "missing.toml: config file does not exist"),
        (["--config", "/dev/zero"], "/dev/zero: config is not a regular file"),
        (["--config", "binary.toml"], "binary.toml: cannot read config: 'utf-8' codec can't "
         "decode byte 0xff in position 1: invalid start byte"),
        (["--fail-under", "nan"], "Invalid value for '--fail-under': 'nan' is not a finite "
         "number."),
        (["--fail-under", "-1"], "Invalid value for '--fail-under': -1.0 is not in the range "
         "0<=x<=100."),
        (["--max-penalty-per-kw", "-5"], "Invalid value for '--max-penalty-per-kw': -5.0 is not "
         "in the range x>=0."),
        (["--severity", "MT205=huge"],
         "--severity MT205 must be one of neutral, minor, major, critical, not 'huge'"),
        (["--columns", "=mt"], "Invalid value for --columns: '=mt' is not KEY=VALUE"),
        (["--columns", "translation=mt"],
         "--columns: unknown key 'translation' (known: target, source, reference, id, document)"),
        (["--columns", "source=mt,target=mt"], "--columns: source and target both name the "
         "column 'mt'"),
        (["--columns", "target=mt", "--columns", "target=src"],
         "Invalid value for --columns: target is given twice: target=mt and target=src"),
        (["--encoding", "klingon"], "--encoding: unknown encoding 'klingon'"),
        (["--baseline", ""], "Invalid value for '--baseline': the name is empty (an unset "
         "variable?)"),
        (["--report-dir", ""], "Invalid value for '--report-dir': the name is empty (an unset "
         "variable?)"),
    ],
)  # fmt: skip
def test_bad_options_and_config_paths_are_one_line(tmp_path, monkeypatch, capsys, args, says):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "binary.toml").write_bytes(b"\x00\xff\x01")
    # a valid config is there too: a bad option must be blamed on the option, not the file
    (tmp_path / "mtqa.toml").write_text("fail-under = 50\n", encoding="utf-8")
    assert _main(["check", "a.txt", *args], capsys) == (2, f"mtqa: error: {says}")


def test_an_empty_config_file_means_the_defaults(run, tmp_path):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text("", encoding="utf-8")
    data = json.loads(run("check", "a.txt", "--format", "json").stdout)
    assert data["summary"]["threshold"] == Config().fail_under


def test_a_config_folder_given_to_the_api_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="config is not a regular file"):
        load_config(str(tmp_path))


def test_a_config_file_with_a_byte_order_mark_is_read(run, tmp_path):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text("fail-under = 12\n", encoding="utf-8-sig")
    data = json.loads(run("check", "a.txt", "--format", "json").stdout)
    assert data["summary"]["threshold"] == 12


# --- rule packs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pack", "says"),
    [
        (RULE_HEAD.replace('"X1"', "5") + 'message = "m"\n' + ENTRY,
         "p.toml rule 1: rule code 5 is not letters then digits (ACME001)"),
        (RULE_HEAD + 'message = "m"\n' + ENTRY + '[[rules]]\nname = "y"\n',
         "p.toml rule 2: missing 'code'"),
        ('[[rules]]\ncode = "X1"\nmessage = "m"\n' + ENTRY, "p.toml X1: missing 'name'"),
        (RULE_HEAD + 'message = "{foo}"\n' + ENTRY,
         "p.toml X1: message placeholder {foo} is not one of {match}, {note}, {suggestion}"),
        (RULE_HEAD + 'mesage = "m"\nmessage = "m"\n' + ENTRY,
         "p.toml X1: unknown key 'mesage' (did you mean 'message'?)"),
        ('rulez = []\nallow = ["x"]\n', "p.toml: unknown key 'rulez' (did you mean 'rules'?)"),
        ("", "p.toml: no [[rules]] and no 'allow' list: not a rule pack"),
        ('rules = "X1"\n', "p.toml: 'rules' must be a list of [[rules]] tables"),
        ('allow = "Lang Lang"\n',
         "p.toml: 'allow' must be a list of names and terms, not 'Lang Lang'"),
        (RULE_HEAD + 'message = "m"\nentries = ["on"]\n',
         "p.toml X1: 'entries' item 1 must be a [[rules.entries]] table, not 'on'"),
        (RULE_HEAD.replace('"x"', "5") + 'message = "m"\n' + ENTRY,
         "p.toml X1: 'name' must be a non-empty string"),
        (RULE_HEAD.replace('"minor"', '"huge"') + 'message = "m"\n' + ENTRY,
         "p.toml X1: 'severity' must be one of neutral, minor, major, critical, not 'huge'"),
        (RULE_HEAD + 'rationale = ["why"]\nmessage = "m"\n' + ENTRY,
         "p.toml X1: 'rationale' must be text, not ['why']"),
        (RULE_HEAD + 'passes = "on and on"\nmessage = "m"\n' + ENTRY,
         "p.toml X1: 'passes' must be a list of texts"),
        (RULE_HEAD + 'message = "m"\n' + ENTRY + "suggestion = 5\n",
         "p.toml X1 entry 1: 'suggestion' must be text, not 5"),
        (RULE_HEAD + 'message = "m"\n' + ENTRY + "note = [1]\n",
         "p.toml X1 entry 1: 'note' must be text, not [1]"),
        (RULE_HEAD + 'message = "m"\n' + ENTRY + "severity = 3\n",
         "p.toml X1 entry 1: 'severity' must be one of neutral, minor, major, critical, not 3"),
        (RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "on(?s) x"\n',
         "p.toml X1 entry 1: bad pattern 'on(?s) x': global flags not at the start of the "
         "expression at position 2"),
        (RULE_HEAD + 'message = "m"\n' + ENTRY + 'context = "a(?s)b"\n',
         "p.toml X1 entry 1: bad 'context' regex 'a(?s)b': global flags not at the start of "
         "the expression at position 1"),
        (RULE_HEAD + 'message = "m"\n' + ENTRY + 'unless_context = "\\\\p{L}"\n',
         "p.toml X1 entry 1: bad 'unless_context' regex '\\\\p{L}': bad escape \\p at "
         "position 0"),
        # patterns re takes and the regex module chokes on, or reads otherwise
        (RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "x{4294967296}"\n',
         "p.toml X1 entry 1: bad pattern 'x{4294967296}': the repetition number is too large"),
        (RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "(a{1000}){1000}"\n',
         "p.toml X1 entry 1: bad pattern '(a{1000}){1000}': its counted repeats unroll into "
         "1,002,001 nodes (more than 100,000); use smaller counts, or + and * for long runs"),
        (RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "a{2147483648}"\n',
         "p.toml X1 entry 1: bad pattern 'a{2147483648}': its counted repeats unroll into "
         "2,147,483,649 nodes (more than 100,000); use smaller counts, or + and * for long runs"),
        (RULE_HEAD + 'message = "m"\n' + ENTRY + 'context = "((x{100}){100}){100}"\n',
         "p.toml X1 entry 1: bad 'context' regex '((x{100}){100}){100}': its counted repeats "
         "unroll into 1,030,301 nodes (more than 100,000); use smaller counts, or + and * for "
         "long runs"),
        (RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "[[:alpha:]]+"\n',
         "p.toml X1 entry 1: bad pattern '[[:alpha:]]+': Possible nested set at position 1"),
        (RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "' + "(" * 3000 + "a"
         + ")" * 3000 + '"\n',
         "p.toml X1 entry 1: bad pattern '" + "(" * 56 + "...: nested too deeply"),
        ("allow = " + "[" * 100_000, "p.toml: not valid TOML: nested too deeply"),
    ],
)  # fmt: skip
def test_a_bad_pack_is_one_line_naming_pack_rule_entry_and_key(run, tmp_path, pack, says):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "p.toml").write_text(pack, encoding="utf-8")
    result = run("check", "a.txt", "--rules", "p.toml")
    assert _error(result, tmp_path) == (2, f"mtqa: error: {says}")


def test_a_pack_with_a_byte_order_mark_is_read(run, tmp_path):
    (tmp_path / "a.txt").write_text("The plan is on.\n", encoding="utf-8")
    pack = RULE_HEAD + 'message = "m"\n[[rules.entries]]\nphrase = "plan"\n'
    (tmp_path / "p.toml").write_text(pack, encoding="utf-8-sig")
    result = run("check", "a.txt", "--rules", "p.toml", "--select", "X1", "--format", "json")
    assert [f["text"] for f in json.loads(result.stdout)["documents"][0]["findings"]] == ["plan"]


def _mtqa(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``mtqa ARGS`` in a process of its own, stopped after a minute: a run that
    would hang fails the test instead of stopping the suite."""
    command = [sys.executable, "-m", "mtqa", *args, "--languagetool", "off"]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_a_named_pipe_among_the_packs_is_not_read(tmp_path):
    """Reading a pipe named x.toml would wait for ever."""
    (tmp_path / "a.txt").write_text("The plan is on.\n", encoding="utf-8")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "ok.toml").write_text('allow = ["Lang Lang"]\n', encoding="utf-8")
    os.mkfifo(tmp_path / "p" / "pipe.toml")
    assert _mtqa(["check", "a.txt", "--rules", "p"], tmp_path).returncode == 0
    done = _mtqa(["check", "a.txt", "--rules", "p/pipe.toml"], tmp_path)
    assert (done.returncode, done.stderr.strip()) == (
        2,
        "mtqa: error: p/pipe.toml: not a rule pack file or folder",
    )


CONTEXT_PACK = RULE_HEAD + 'message = "m"\n[[rules.entries]]\nphrase = "xyz"\ncontext = "{}"\n'


def _entry(context: str, origin: str, built_in: bool = False) -> packs.Entry:
    parsed = packs.parse_pack(CONTEXT_PACK.format(context), origin, built_in=built_in)
    [entry] = parsed.entries["X1"]
    return entry


def test_a_users_context_regex_runs_on_the_regex_module_and_a_builtin_on_re():
    assert isinstance(_entry("x", "p.toml").contexts["context"], regex.Pattern)
    assert isinstance(_entry("x", "built-in").contexts["context"], regex.Pattern)  # by name
    assert isinstance(_entry("x", "built-in", built_in=True).contexts["context"], re.Pattern)


def test_a_users_context_regex_over_its_time_stops_the_run_naming_it(monkeypatch):
    """(?:x|xy|y)+\\d backtracks exponentially on a run of x and y, in the regex
    module too: the entry's phrase is found at once, its context regex is stopped."""
    entry = _entry("(?:x|xy|y)+\\\\d", "p/slow.toml")
    monkeypatch.setattr(packs, "MATCH_SECONDS", 0.05)
    doc = parse("The xyz is " + "xy" * 40 + " here.\n", "-", "txt")
    with pytest.raises(ConfigError) as err:
        list(entry.matches(doc.segments[0], DocContext(doc)))
    assert str(err.value) == (
        "p/slow.toml X1 entry 1: context '(?:x|xy|y)+\\\\d' took over 0.05 s on a text of "
        "97 characters (catastrophic backtracking?); rewrite it"
    )


def test_a_users_pattern_over_its_run_budget_stops_the_run_naming_it(monkeypatch):
    """Each text's time limit alone let a pattern just under it take every text's
    time: a run of a thousand texts took half an hour."""
    pack = RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "(?:x|xy|y)+\\\\d"\n'
    [entry] = packs.parse_pack(pack, "p.toml").entries["X1"]
    monkeypatch.setattr(packs, "RUN_GRACE_SECONDS", 0.05)
    monkeypatch.setattr(packs, "RUN_SECONDS_A_TEXT", 0.0)
    doc = parse("The " + "xy" * 14 + " here.\n", "-", "txt")
    with pytest.raises(ConfigError) as err:
        for _ in range(1000):
            list(entry.matches(doc.segments[0], DocContext(doc)))
    assert re.fullmatch(
        r"p\.toml X1 entry 1: pattern '\(\?:x\|xy\|y\)\+\\\\d' used up its entry's time: "
        r"0\.\d\d s on \d+ texts \(an entry may take 0\.05 s and 0 ms a text in a run\); "
        r"rewrite it",
        str(err.value),
    ), str(err.value)
    assert entry.budget.seconds < 0.05 + packs.MATCH_SECONDS  # the last text cut short too


def test_a_users_pattern_over_its_run_budget_is_one_line_and_exit_2(run, tmp_path, monkeypatch):
    pack = RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = "(?:x|xy|y)+\\\\d"\n'
    (tmp_path / "p.toml").write_text(pack, encoding="utf-8")
    (tmp_path / "a.txt").write_text(("The " + "xy" * 14 + " here.\n\n") * 200, encoding="utf-8")
    monkeypatch.setattr(packs, "RUN_GRACE_SECONDS", 0.05)
    monkeypatch.setattr(packs, "RUN_SECONDS_A_TEXT", 0.0)
    code, line = _error(run("check", "a.txt", "--rules", "p.toml", "--select", "X1"), tmp_path)
    assert code == 2 and line.startswith("mtqa: error: p.toml X1 entry 1: pattern ")
    assert "used up its entry's time" in line and "\n" not in line


FUZZ_PATTERNS = [  # each compiles and runs in bounded time, or is one line naming it
    "x{4294967296}", "(a{1000}){1000}", "((a{100}){100}){100}", "(?:x{1000}|y){1000}",
    "(a+)+$", "(a|a)+b", "(a*)*b", "(?:a|aa)+$", "(.*a){20}", "\\d{99999999999999999999}",
    "a{2147483648}", "a{,5}", "[a-\\uffff]+q", "(?i)ǅ+", "(?P<flag>)a", "(?<=a{0,10})b",
    "\\1(a)", "(?P<x>a)(?P=x){1000}", "[[:alpha:]]", "\\N{LATIN SMALL LETTER A}",
    "(?:a{65535}){65535}", "a{65535}b{65535}c{65535}", "(?:.{0,1000}){0,1000}Z",
    "(?:\\w+\\s?)+$", "(?=(a+))+b", "((((((((((a))))))))))\\10", "(?:a{0,4294967295})b",
    "\\p{L}+", "(?(1)a{1000}|b{1000}){1000}", "(?:quick|fox){1,100000}",
]  # fmt: skip


def test_nasty_patterns_are_fine_or_one_line(tmp_path):
    """Each pattern in one pack run of its own, under a time limit (`_mtqa`)."""
    (tmp_path / "a.txt").write_text(
        ("The aaaa quick fox on on Monday. " * 40 + "\n\n") * 5 + "a" * 3000 + "\n",
        encoding="utf-8",
    )
    for n, pattern in enumerate(FUZZ_PATTERNS):
        pack = RULE_HEAD + 'message = "m"\n[[rules.entries]]\npattern = ' + json.dumps(pattern)
        (tmp_path / f"p{n}.toml").write_text(pack + "\n", encoding="utf-8")
        done = _mtqa(["check", "a.txt", "--rules", f"p{n}.toml", "--select", "X1"], tmp_path)
        lines = done.stderr.splitlines()
        assert (done.returncode in (0, 1) and not lines) or (
            done.returncode == 2
            and len(lines) == 1
            and lines[0].startswith(f"mtqa: error: p{n}.toml X1 entry 1: ")
        ), (pattern, done.returncode, done.stderr)


def test_a_users_context_regex_that_backtracks_for_ever_does_not_hang(tmp_path):
    """(\\w+\\s?)+$ on a 40-word sentence that ends in a mark takes re longer than a
    lifetime; a user's context regex runs on the regex module, which settles it."""
    context = "(\\\\w+\\\\s?)+$"
    (tmp_path / "p.toml").write_text(CONTEXT_PACK.format(context), encoding="utf-8")
    (tmp_path / "a.txt").write_text("xyz " + "word " * 40 + "!\n", encoding="utf-8")
    done = _mtqa(["check", "a.txt", "--rules", "p.toml", "--select", "X1"], tmp_path)
    assert done.returncode == 0, done.stderr


# --- numbers too long to be quantities -----------------------------------------------


def test_a_5000_digit_number_is_no_quantity():
    digits = "9" * 5000
    assert source_numbers(f"总数是{digits}元。") == []
    assert source_numbers(f"总数是1{digits}亿元。") == []  # its 亿 is no numeral of its own
    assert source_numbers(f"比例是百分之{'九' * 5000}。") == []
    assert target_numbers(f"The total was {digits} yuan.") == []
    assert target_numbers(f"Die Summe ist {digits},5 Mrd.", "de") == []
    assert [n.value for n in source_numbers("总数是3000元。")] == [3000.0]


def test_5000_digit_numbers_in_source_and_target_are_checked(run, tmp_path):
    digits = "9" * 5000
    rows = f"source\ttarget\n总数是{digits}元，{'九' * 5000}人。\tThe total was {digits} yuan.\n"
    (tmp_path / "a.tsv").write_text(rows, encoding="utf-8")
    result = run("check", "a.tsv", "--select", "MT701")
    assert (result.exit_code, result.stderr) == (0, "")


# --- file names that are not UTF-8 ---------------------------------------------------

NAME = os.fsdecode(b"caf\xe9.txt")  # café in Latin-1: Python holds the byte as \udce9
SHOWN = "d/caf\\xe9.txt"  # what every report writes: the byte kept, as \xNN


@pytest.fixture
def latin1_named(tmp_path) -> Path:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / NAME).write_text(FLAWED, encoding="utf-8")
    return tmp_path


def test_a_name_that_is_not_utf8_shows_escaped_on_the_terminal(run, latin1_named):
    result = run("check", "d", "--format", "concise")
    assert result.stdout.splitlines()[0] == f"{SHOWN}:1:13: MT205 Word doubled: 'on on'"
    (latin1_named / "d" / NAME).write_bytes(b"\x00binary")
    result = run("check", "d")
    assert _error(result, latin1_named) == (
        2,
        f"mtqa: error: {SHOWN}: binary file (contains NUL bytes), not text",
    )


def _json_path(text: str) -> str:
    return json.loads(text)["documents"][0]["path"]


def _jsonl_path(text: str) -> str:
    return json.loads(text.splitlines()[0])["path"]


def _sarif_uri(text: str) -> str:
    location = json.loads(text)["runs"][0]["results"][0]["locations"][0]
    return location["physicalLocation"]["artifactLocation"]["uri"]


def _gitlab_path(text: str) -> str:
    return json.loads(text)[0]["location"]["path"]


def _csv_path(text: str) -> str:
    return text.splitlines()[1].split(",")[0]


def _junit_suite(text: str) -> str:
    import xml.etree.ElementTree as ET

    return ET.fromstring(text).find("testsuite").get("name")


def _github_file(text: str) -> str:
    return text.split("file=")[1].split(",")[0]


@pytest.mark.parametrize(
    ("fmt", "read", "shown"),
    [
        ("json", _json_path, SHOWN),
        ("jsonl", _jsonl_path, SHOWN),
        ("csv", _csv_path, SHOWN),
        ("junit", _junit_suite, SHOWN),
        ("github", _github_file, SHOWN),
        ("sarif", _sarif_uri, "d/caf%E9.txt"),
        ("gitlab", _gitlab_path, SHOWN),
    ],
)
def test_every_report_of_a_name_that_is_not_utf8_is_written(run, latin1_named, fmt, read, shown):
    result = run("check", "d", "--format", fmt, "-o", f"out.{fmt}", "--languagetool", "off")
    assert (result.exit_code, result.stderr) == (1, "")
    assert read((latin1_named / f"out.{fmt}").read_text(encoding="utf-8")) == shown


def test_a_report_folder_of_a_name_that_is_not_utf8_is_written(run, latin1_named):
    result = run("check", "d", "--report-dir", "report", "--languagetool", "off")
    assert (result.exit_code, result.stderr) == (1, "")
    for name in ("findings.csv", "segments.csv", "index.html", "documents/0001-caf-txt.html"):
        assert SHOWN in (latin1_named / "report" / name).read_text(encoding="utf-8"), name


def test_a_baseline_of_a_name_that_is_not_utf8_reads_back(run, latin1_named):
    recorded = run("baseline", "d", "-o", "base.json", "--languagetool", "off")
    assert recorded.exit_code == 0, recorded.stderr
    assert "\\udce9" in (latin1_named / "base.json").read_text(encoding="utf-8")
    result = run("check", "d", "--baseline", "base.json", "--languagetool", "off")
    assert result.exit_code == 0, result.stdout
    assert "0 findings, 1 in baseline" in result.stdout


# --- breaker round: numbers that overflow scoring, URLs that mislead ---------------------


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ("weights = { minor = 1e308, major = 1e308, critical = 1e308 }",
         "weights.minor must be at most 1000, not 1e+308"),
        ("weights = { minor = 1e306 }", "weights.minor must be at most 1000, not 1e+306"),
        ("weights = { minor = 1e-300 }",
         "weights.minor must be 0 or from 0.001 to 1000, not 1e-300"),
        ("tolerance = 1e308", "tolerance must be at most 1000, not 1e+308"),
        ("rwc = 9000000000000000000",
         "rwc must be at most 1,000,000,000 (word count), not 9000000000000000000"),
        ("max-penalty-per-kw = 1e308", "max-penalty-per-kw must be at most 1e+06, not 1e+308"),
    ],
    ids=["weights-1e308", "weight-1e306", "weight-tiny", "tolerance", "rwc", "max-penalty"],
)  # fmt: skip
def test_a_scoring_number_that_would_overflow_is_refused(run, tmp_path, setting, why):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(setting + "\n", encoding="utf-8")
    result = run("check", "a.txt", "--languagetool", "off")
    assert _error(result, tmp_path) == (2, f"mtqa: error: mtqa.toml: {why}")


def test_the_largest_scoring_numbers_score_finitely(run, tmp_path):
    (tmp_path / "a.txt").write_text(FLAWED * 50, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(
        "weights = { minor = 1000, major = 1000, critical = 1000, neutral = 1000 }\n"
        "tolerance = 1000\nrwc = 1000000000\nmax-penalty-per-kw = 1000000\n",
        encoding="utf-8",
    )
    result = run("check", "a.txt", "--languagetool", "off", "--format", "json")
    assert result.exit_code == 1 and "Infinity" not in result.stdout
    assert "internal error" not in result.stderr


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://%zz", "the host '%zz' is no host name or IP address"),
        ("http://exa mple.com", "it holds a space or a control character"),
        ("http://-bad-.com:8081", "the host '-bad-.com' is no host name or IP address"),
        ("ftp://host", "the scheme must be http or https"),
    ],
)
def test_a_languagetool_url_without_a_valid_host_is_refused(run, tmp_path, url, why):
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(f'languagetool-url = "{url}"\n', encoding="utf-8")
    result = run("check", "a.txt")
    assert _error(result, tmp_path) == (
        2,
        f"mtqa: error: mtqa.toml: languagetool-url: {url!r} is not a LanguageTool URL "
        f"({why}; give one like http://localhost:8081)",
    )


@pytest.mark.parametrize(
    "url",
    ["http://localhost:8081", "https://lt.example.com/", "http://[::1]:8081",
     "http://10.0.0.1:8081", "http://languagetool_1:8010", "http://bücher.example"],
)  # fmt: skip
def test_a_languagetool_url_with_a_valid_host_is_accepted(url):
    from mtqa.config import url_problem

    assert url_problem(url) is None


def test_a_languagetool_url_is_shown_without_its_password(run, tmp_path):
    from mtqa.config import normal_url, shown_url

    assert shown_url("http://user:secret@host:8081/v2") == "http://host:8081/v2"
    assert shown_url("http://a@b:c@host") == "http://host"
    assert shown_url("http://host:8081") == "http://host:8081"
    assert normal_url("HTTP://127.0.0.1:8081") == "http://127.0.0.1:8081"
    (tmp_path / "a.txt").write_text(FLAWED, encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text(
        'languagetool-url = "ftp://user:secret@host:8081"\n', encoding="utf-8"
    )
    code, line = _error(run("check", "a.txt"), tmp_path)
    assert code == 2 and "secret" not in line and "'ftp://host:8081'" in line


def test_a_column_the_command_line_gives_a_role_is_no_longer_the_files(run, tmp_path):
    """A config file names the "text" column the source; ``--columns target=text``
    makes it the target, and the file's source role, whose column that was, goes
    (single values of the command line replace the file's)."""
    (tmp_path / "mtqa.toml").write_text('columns = { source = "text" }\n', encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text('{"text": "It rained in May ."}\n', encoding="utf-8")
    result = run("check", "rows.jsonl", "--columns", "target=text", "--format", "json")
    assert result.exit_code == 1, result.stderr
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    assert [f["rule"] for f in findings] == ["MT102"]  # not MT702: no source read
