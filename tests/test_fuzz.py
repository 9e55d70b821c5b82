"""The fuzz targets of fuzz/ (issue 14, "How it is tested"), run briefly.

Every target replays its seed corpus in-process (no atheris needed), and with
atheris installed fuzzes for ``MTQA_FUZZ_SECONDS`` (default 2) seconds each,
about a minute for all of them with their start-up; a crash fails the test and
shows the input and the traceback. ``make fuzz`` runs them for longer.

Each crash the fuzzers found is a regression test here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from mtqa import Checker, Config
from mtqa.config import load_config
from mtqa.errors import ConfigError, MtqaError
from mtqa.readers import parse
from mtqa.registry import load_rules

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
if str(FUZZ) not in sys.path:
    sys.path.insert(0, str(FUZZ))  # the targets import _harness as a top-level module

import _harness  # noqa: E402  (found through the path above: fuzz/ is no package)

SECONDS = float(os.environ.get("MTQA_FUZZ_SECONDS", "2"))
# the formats each reader target reads its seeds as (their seeds must be read, not
# refused: a seed that is refused at once exercises nothing past the refusal)
SEED_FORMATS = {
    "txt": ("txt",), "md": ("md",), "html": ("html",), "xliff": ("xliff",), "tmx": ("tmx",),
    "po": ("po",), "jsonl": ("jsonl",), "table": ("tsv", "csv"),
}  # fmt: skip


def load_module(path: Path) -> ModuleType:
    """A script of fuzz/ imported (not run: its main guard holds), registered under a
    name of its own (its dataclasses look their module up in sys.modules)."""
    name = f"mtqa_fuzz_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def no_cache(monkeypatch):
    """What `_harness.quiet_environment` sets for the packs target, for this test
    only: no table cached for each pack a test writes, no LanguageTool server."""
    monkeypatch.setenv("MTQA_CACHE_DIR", "off")
    monkeypatch.delenv("MTQA_LANGUAGETOOL_URL", raising=False)


def test_every_target_has_a_script_and_seeds():
    scripts = {p.stem.removeprefix("fuzz_") for p in FUZZ.glob("fuzz_*.py")}
    assert scripts == set(_harness.TARGETS)
    for target in _harness.TARGETS:
        assert any((FUZZ / "corpus" / target).iterdir()), f"no seeds for {target}"


@pytest.mark.parametrize("target", _harness.TARGETS)
def test_the_seed_corpus_replays_without_a_crash(target, monkeypatch):
    monkeypatch.delenv("MTQA_LANGUAGETOOL_URL", raising=False)
    if target == "packs":
        monkeypatch.setenv("MTQA_CACHE_DIR", "off")
    module = load_module(FUZZ / f"fuzz_{target}.py")
    count = _harness.replay(module.test_one_input, [str(FUZZ / "corpus" / target)])
    assert count == len(list(_harness.corpus_files([str(FUZZ / "corpus" / target)])))


@pytest.mark.parametrize("target", sorted(SEED_FORMATS))
def test_reader_seeds_are_read_not_refused(target):
    for path in _harness.corpus_files([str(FUZZ / "corpus" / target)]):
        if path.name.startswith("regress-"):
            continue  # inputs that once crashed: refusing them is fine
        formats = [f for f in SEED_FORMATS[target] if target != "table" or path.suffix == f".{f}"]
        for fmt in formats:
            assert _harness.read_as_cli(path.read_bytes(), fmt) is not None, f"{path} as {fmt}"


def test_config_and_pack_seeds_are_accepted(no_cache):
    for path in _harness.corpus_files([str(FUZZ / "corpus" / "config")]):
        if not path.name.startswith("regress-"):
            load_config(str(path))
    for path in _harness.corpus_files([str(FUZZ / "corpus" / "packs")]):
        if not path.name.startswith("regress-"):
            assert any(r.origin != "built-in" for r in load_rules([path]).rules), path


# --- fuzzing (atheris) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    """fuzz/run.py, when atheris can run it."""
    pytest.importorskip("atheris", reason="atheris is not installed (Linux x86-64 wheels)")
    return load_module(FUZZ / "run.py")


@pytest.mark.parametrize("target", _harness.TARGETS)
def test_fuzzing_finds_no_crash(target, runner, tmp_path):
    outcome = runner.run_target(target, SECONDS, tmp_path)
    assert not outcome.failed, outcome.describe()


def test_a_crash_fails_the_run_and_shows_its_input(runner, tmp_path):
    """The runner itself: a target that crashes on some input is reported, input
    and traceback, whatever the fuzzer mutated it into."""
    script = tmp_path / "fuzz_boom.py"
    script.write_text(
        textwrap.dedent(
            """
            import _harness

            def test_one_input(data: bytes) -> None:
                if data.startswith(b"BO"):
                    raise RuntimeError("boom")

            if __name__ == "__main__":
                _harness.main(test_one_input)
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "corpus" / "boom").mkdir(parents=True)
    (tmp_path / "corpus" / "boom" / "seed").write_bytes(b"BOOM")
    outcome = runner.run_target("boom", 5, tmp_path / "work", script=script)
    assert outcome.failed and outcome.crashes
    report = outcome.describe()
    assert "RuntimeError: boom" in report
    assert "b'BO" in report


# --- regression tests: crashes the fuzzers found ------------------------------------------


@pytest.mark.parametrize("page", ["<p>x</p><![ ", "<p>x<![-]", "<p>x</p><![C; y"])
def test_a_malformed_marked_section_is_read_or_refused(page):
    """html.parser (CPython 3.11) raises AssertionError on "<![" not followed by a
    known keyword ("expected name token", "unknown status keyword"): it escaped
    mtqa/readers/htmlpage.py as an internal error."""
    with contextlib.suppress(MtqaError):  # refused in one line: fine
        parse(page, "x.html", "html")


PACK_HEAD = '[[rules]]\ncode = "ACME001"\nname = "acme"\ncategory = "Style"\nseverity = "minor"\n'


def _check_with_pack(tmp_path: Path, message: str) -> list[str]:
    """The messages of a pack rule whose ``message`` is given, on a text it flags."""
    pack = tmp_path / "pack.toml"
    pack.write_text(
        f'{PACK_HEAD}message = {message!r}\n[[rules.entries]]\nphrase = "plan"\n',
        encoding="utf-8",
    )
    ruleset = load_rules([pack])
    checker = Checker(Config(select=("ACME001",), languagetool="off"), ruleset=ruleset)
    result = checker.check(parse("The plan.", "x.txt", "txt"))
    return [f.message for f in result.findings]


@pytest.mark.parametrize(
    "message", ["{match!z}", "{match:d}", "{match!s:x}", "{match:>99999999999999999999}"]
)
def test_a_pack_message_that_cannot_be_filled_is_refused_on_load(tmp_path, no_cache, message):
    """A conversion or format spec in a message raised ValueError at the first match."""
    with pytest.raises(ConfigError, match="message"):
        _check_with_pack(tmp_path, message)


def test_a_pack_message_cannot_grow_without_bound(tmp_path, no_cache):
    """``{match:>2000000000}`` makes every finding's message two gigabytes; here ten
    megabytes stand for it. Either the pack is refused or the message stays short."""
    try:
        messages = _check_with_pack(tmp_path, "{match:>10000000}")
    except ConfigError:
        return
    assert all(len(m) < 100_000 for m in messages)


def test_a_processing_instruction_around_markup_in_a_target_is_read():
    """A processing instruction whose content holds "<![CDATA[" with no end
    (``<?pi ... <![CDATA[ ... ?>``) was taken for a CDATA section by the target's
    tokenizer: None joined into the text, a TypeError as an internal error."""
    text = (
        '<xliff version="1.2"><file><body><trans-unit id="1"><target>Tea '
        '<?pi t id="1"><![CDATA[5;&<pc id<body>="1">x?>grows.</target></trans-unit>'
        "</body></file></xliff>"
    )
    assert [s.text for s in parse(text, "x.xlf", "xliff").segments] == ["Tea grows."]
