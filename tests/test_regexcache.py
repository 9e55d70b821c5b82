"""Compiled patterns kept between runs: the same `re.Pattern` as `re.compile`
gives, warm, cold, damaged or off."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import subprocess
import sys

import pytest

from mtqa import regexcache

SAMPLES = [
    "The the committee met on Monday , and 3.5 million people (about 40%) watched.",
    "习近平 visited Xi'an; 北京大学 hosted «Zhang Wei» — see https://example.com/a?b=1",
    "カタカナ and 한국어 text… “quoted” 1,234.56 km² on 2020-01-02.",
    "",
]


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store reading and writing ``tmp_path`` (the module's own holds this
    process's patterns)."""
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    fresh = regexcache._Store()
    monkeypatch.setattr(regexcache, "_STORE", fresh)
    return fresh


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )
    for text in SAMPLES:
        assert [m.span() + m.groups() for m in a.finditer(text)] == [
            m.span() + m.groups() for m in b.finditer(text)
        ]


PATTERNS = [
    (r"(?P<word>\w+)\s+(?P=word)", re.IGNORECASE),
    (r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]+", 0),
    (r"(?<=\d) ?%|\b(?:Monday|Tuesday)\b", 0),
    (r"^\s*$", re.MULTILINE),
    (r"(?x) [a-z]+ # a comment\n", 0),
    (r"(?i)km²|(\d+)(?:,\d{3})*(\.\d+)?", 0),
]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_cold_and_warm_give_the_pattern_re_gives(store, pattern, flags):
    cold = regexcache.compile(pattern, flags)
    _same(cold, re.compile(pattern, flags))
    assert store.dirty  # compiled here: the file is written at exit
    store.save()
    warm_store = regexcache._Store()
    regexcache._STORE = warm_store
    warm = regexcache.compile(pattern, flags)
    _same(warm, re.compile(pattern, flags))
    assert not warm_store.dirty  # read from the file, nothing compiled


def test_every_pattern_of_the_built_in_rules_is_the_one_re_gives():
    """The module's own store, after the rules are loaded: each entry handed back
    by _sre.compile behaves as re.compile's pattern."""
    from mtqa.registry import load_rules

    load_rules()
    entries = dict(regexcache._STORE.entries)
    assert len(entries) > 150
    for pattern, flags in entries:
        _same(regexcache.compile(pattern, flags), re.compile(pattern, flags))


def _write(path, entries) -> None:
    """``entries`` as mtqa writes them: the pickle's digest, then the pickle."""
    payload = pickle.dumps(entries)
    path.write_bytes(hashlib.blake2b(payload, digest_size=32).digest() + payload)


def test_a_damaged_file_or_entry_is_compiled_again(store, tmp_path):
    regexcache.compile(r"\d+", 0)
    store.save()
    [path] = tmp_path.glob("regex-*.pickle")
    good = path.read_bytes()
    for damaged in (b"not a pickle", good[:-1] + bytes([good[-1] ^ 1]), good[:40]):
        path.write_bytes(damaged)
        fresh = regexcache._STORE = regexcache._Store()
        _same(regexcache.compile(r"\d+", 0), re.compile(r"\d+"))
        assert fresh.dirty  # not read: compiled, and written again at exit
    entries = pickle.loads(good[32:])
    code = entries[(r"\d+", 0)][1]
    code[0] = 0xFFFF  # no opcode: _sre refuses it
    _write(path, entries)
    again = regexcache._STORE = regexcache._Store()
    _same(regexcache.compile(r"\d+", 0), re.compile(r"\d+"))
    assert again.dirty
    for shape in ((0, code), 7, "x"):  # an entry of another shape (another version's)
        _write(path, {(r"\d+", 0): shape})
        other = regexcache._STORE = regexcache._Store()
        _same(regexcache.compile(r"\d+", 0), re.compile(r"\d+"))
        assert other.dirty


def test_a_worker_saves_what_it_compiled(store, tmp_path):
    """A pool worker ends with os._exit (no exit handler): `save` writes at once."""
    regexcache.compile(r"(?<![\w-])my\s+country(?![\w-])", re.IGNORECASE)
    regexcache.save()
    assert not store.dirty
    later = regexcache._STORE = regexcache._Store()
    later.load()
    assert (r"(?<![\w-])my\s+country(?![\w-])", int(re.IGNORECASE)) in later.entries


def test_off_bytes_and_bad_patterns_go_to_re(store, monkeypatch, tmp_path):
    with pytest.raises(re.error):
        regexcache.compile(r"(unclosed")
    assert regexcache.compile(rb"\d+").pattern == rb"\d+"
    monkeypatch.setenv("MTQA_CACHE_DIR", "off")
    off = regexcache._STORE = regexcache._Store()
    _same(regexcache.compile(r"\w+"), re.compile(r"\w+"))
    assert off.path is None and not off.entries
    assert not list(tmp_path.glob("regex-*"))


def test_a_full_store_starts_again_from_this_runs_patterns(store, monkeypatch):
    monkeypatch.setattr(regexcache, "MAX_ENTRIES", 3)
    for pattern in ("a", "b", "c"):
        regexcache.compile(pattern)
    store.save()
    kept = regexcache._STORE = regexcache._Store()
    kept.load()
    assert set(kept.entries) == {("a", 0), ("b", 0), ("c", 0)}
    regexcache.compile("d")  # a fourth: past the cap, only this run's are written
    kept.save()
    last = regexcache._STORE = regexcache._Store()
    last.load()
    assert set(last.entries) == {("d", 0)}


def test_the_patterns_are_the_same_in_every_run(tmp_path):
    """A pattern built from a set in hash order would differ from run to run, and
    be compiled again every time: two runs with other hash seeds compile nothing
    the first did not store."""
    code = (
        "import mtqa.regexcache as r\nfrom mtqa.registry import load_rules\n"
        "load_rules()\nprint('compiled:', r._STORE.dirty)"
    )
    outs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "MTQA_CACHE_DIR": str(tmp_path), "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        outs.append(done.stdout.strip())
    assert outs == ["compiled: True", "compiled: False", "compiled: False"]
