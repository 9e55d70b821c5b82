"""The cache of derived tables: same results cold, warm, corrupt or off."""

from __future__ import annotations

import json
import pickle

from mtqa import cache, registry

TEXT = "The the village held its first meeting , and elected a new head.\n"


def test_cached_builds_once_and_reads_back(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"a": 1.5}

    assert cache.cached("t", ["x"], build, dict) == {"a": 1.5}
    assert cache.cached("t", ["x"], build, dict) == {"a": 1.5}
    assert len(calls) == 1  # the second came from the file
    assert cache.cached("t", ["y"], build, dict) == {"a": 1.5} and len(calls) == 2  # new inputs


def test_corrupt_or_unwritable_cache_is_rebuilt_silently(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    cache.cached("t", ["x"], lambda: [1], list)
    [stored] = tmp_path.glob("t-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert cache.cached("t", ["x"], lambda: [2], list) == [2]
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("MTQA_CACHE_DIR", str(blocked / "sub"))
    assert cache.cached("t", ["x"], lambda: [3], list) == [3]


def test_a_cache_file_holding_another_type_is_built_again(tmp_path, monkeypatch):
    """A file that unpickles to something else than the table's type (written by
    another version, or by hand) is not handed to the rules: it is built again."""
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    cache.cached("t", ["x"], lambda: frozenset({"yin"}), frozenset)
    [stored] = tmp_path.glob("t-*.pickle")
    stored.write_bytes(pickle.dumps(["yin"]))
    assert cache.cached("t", ["x"], lambda: frozenset({"qie"}), frozenset) == {"qie"}
    assert pickle.loads(stored.read_bytes()) == frozenset({"qie"})


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.cached("t", ["x"], lambda: 7, int) == 7


def test_cold_warm_and_no_cache_runs_find_the_same(run, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    found = []
    for setting in (str(tmp_path / "c"), str(tmp_path / "c"), "off"):
        monkeypatch.setenv("MTQA_CACHE_DIR", setting)
        registry._builtin.cache_clear()  # as in a new process: the packs are read again
        result = run("check", "a.txt", "--format", "json", "--languagetool", "off")
        found.append(json.loads(result.stdout)["documents"][0]["findings"])
    assert found[0] == found[1] == found[2] and found[0]
    assert list((tmp_path / "c").glob("anchors-*.pickle"))


def test_word_table_reads_words_one_at_a_time_then_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "READ_COST", 10)
    monkeypatch.setattr(cache, "LOAD_AFTER", 25)
    first = cache.WordTable("w", ["1"], lambda: {"tea": 0.5, "rice": 0.25})
    assert first._whole is not None and not list(tmp_path.glob("*.sqlite"))  # first run
    table = cache.WordTable("w", ["1"], lambda: {"tea": 0.5, "rice": 0.25})
    # a lookup costs 1, and 10 more when the word is read from SQLite: 11 + 1 + 11
    assert table.get("tea") == 0.5 and table.get("tea") == 0.5 and "rice" in table
    assert table._whole is None and table._spent == 23
    assert "wheat" not in table and table._whole is None  # 23 spent, under 25: read
    assert table["rice"] == 0.25 and table._whole is not None  # 34: read whole
    assert dict(table.items()) == {"tea": 0.5, "rice": 0.25} and len(table) == 2
    cache.WordTable("s", ["1"], lambda: {"Briton", "wash"})
    words = cache.WordTable("s", ["1"], lambda: {"Briton", "wash"}).keys()
    assert "Briton" in words and "briton" not in words and sorted(words) == ["Briton", "wash"]


def test_word_table_answers_many_words_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "READ_COST", 10)
    monkeypatch.setattr(cache, "LOAD_AFTER", 40)
    for _ in range(2):  # the second run writes the file
        cache.WordTable("w", ["1"], lambda: {"tea": 0.5, "rice": 0.25})
    table = cache.WordTable("w", ["1"], lambda: {"tea": 0.5, "rice": 0.25})
    asked = ["tea", "wheat", "tea", "rice", "wheat"]
    # each word read once (3 x 11 spent), the repeats answered with them
    assert table.holding(asked) == [True, False, True, True, False]
    assert table._whole is None and table._spent == 33
    assert table.holding(iter(asked)) == [True, False, True, True, False]
    assert table._spent == 33  # words read before cost nothing more
    assert table.holding(["oats"]) == [False] and table._whole is None  # 44 spent
    assert table.holding(["barley", "rice"]) == [False, True] and table._whole is not None


def test_word_table_answers_what_is_no_word_as_a_dict_does(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    words = {"apple": 1.0, "1": 2.0}
    for _ in range(2):  # the second run writes the file
        cache.WordTable("w", ["1"], lambda: words)
    [stored] = tmp_path.glob("w-*.sqlite")
    table = cache.WordTable("w", ["1"], lambda: words)
    asked = [1, ("a",), "\udc80", "1", "apple"]
    assert table.holding(asked) == [False, False, False, True, True]
    assert table.get(1) is None and 1 not in table and table.get("\udc80", 0) == 0
    assert table._whole is None and stored.exists()  # no damaged file: nothing rebuilt


def test_damaged_word_table_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    cache.WordTable("w", ["1"], lambda: {"tea": 0.5})
    cache.WordTable("w", ["1"], lambda: {"tea": 0.5})
    [stored] = tmp_path.glob("w-*.sqlite")
    stored.write_bytes(b"garbage" * 100)
    assert cache.WordTable("w", ["1"], lambda: {"tea": 0.5}).get("tea") == 0.5
    assert stored.read_bytes().startswith(b"SQLite format 3")
    monkeypatch.setenv("MTQA_CACHE_DIR", "off")
    assert cache.WordTable("w", ["1"], lambda: {"tea": 0.5}).get("tea") == 0.5


def test_table_damaged_inside_is_read_from_its_source(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", "OFF")  # any case
    assert cache.cache_dir() is None
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    words = {f"word{i}": float(i) for i in range(20000)}
    for _ in range(2):  # the second run writes the file
        cache.WordTable("big", ["1"], lambda: words)
    [stored] = tmp_path.glob("big-*.sqlite")
    data = bytearray(stored.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8192] = bytes(8192)  # the header still reads
    stored.write_bytes(bytes(data))
    table = cache.WordTable("big", ["1"], lambda: words)
    assert [table.get(f"word{i}") for i in (5, 19999)] == [5.0, 19999.0]
    assert dict(table.items()) == words


def test_a_folder_where_the_table_should_be_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    cache.WordTable("w", ["1"], lambda: {"tea": 0.5})
    folder = tmp_path / f"w-{cache.key('1')}.sqlite"
    folder.mkdir()
    assert cache.WordTable("w", ["1"], lambda: {"tea": 0.5}).get("tea") == 0.5
    assert folder.is_dir()


def test_a_table_read_whole_is_kept_as_a_pickle_that_later_runs_read(tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "LOAD_AFTER", 0)  # every run reads the table whole
    words = {"tea": 0.5, "rice": 0.25}
    for _ in range(2):  # the second run writes the SQLite file
        cache.WordTable("w", ["1"], lambda: words)
    assert not list(tmp_path.glob("w-*.pickle"))
    assert cache.WordTable("w", ["1"], lambda: words).get("tea") == 0.5  # read from SQLite
    [kept] = tmp_path.glob("w-*.pickle")
    assert pickle.loads(kept.read_bytes()) == words
    # a later run reads the pickle, not SQLite: what it holds is what the run sees
    kept.write_bytes(pickle.dumps({"tea": 0.75}))
    assert cache.WordTable("w", ["1"], lambda: words).get("tea") == 0.75
    # a damaged one is read from SQLite again, and written anew
    kept.write_bytes(b"not a pickle")
    assert dict(cache.WordTable("w", ["1"], lambda: words).items()) == words
    assert pickle.loads(kept.read_bytes()) == words


def test_word_table_in_a_folder_whose_name_a_uri_would_misread(tmp_path, monkeypatch):
    """The table is opened by URI (read-only, immutable): a ?, # or % in the cache
    folder's name is escaped, so the stored table is read, not built in memory."""
    folder = tmp_path / "a ?b#c%d"
    monkeypatch.setenv("MTQA_CACHE_DIR", str(folder))
    for _ in range(2):  # the second run writes the file
        cache.WordTable("w", ["1"], lambda: {"tea": 0.5, "rice": 0.25})
    [stored] = folder.glob("w-*.sqlite")
    table = cache.WordTable("w", ["1"], lambda: {})  # a build would find nothing
    assert table.get("tea") == 0.5 and table._whole is None and stored.exists()


def test_a_cache_folder_this_user_may_not_look_into_is_no_cache(tmp_path, monkeypatch):
    """A cache folder under another user's home (``sudo -u`` keeping HOME) raises
    PermissionError at the first look (Python 3.11's ``Path.exists``): the table
    is built in memory, as with no cache, not reported as a broken install."""
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "theirs"))
    real_exists = cache.Path.exists

    def exists(path):
        if "theirs" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_exists(path)

    monkeypatch.setattr(cache.Path, "exists", exists)
    table = cache.WordTable("w", ["1"], lambda: {"tea": 0.5})
    assert table.get("tea") == 0.5 and "rice" not in table
