"""``--report-dir``: the folder's files, what a later run removes and keeps, and
the mark that keeps the folder out of later runs' inputs. (The pages' behaviour
in a browser: tests/browser.)"""

from __future__ import annotations

import re

import pytest

FLAWED = "Prices rose on on Monday. . Then they fell.\n"
CLEAN = "A fine sentence stands here, and it says what it means.\n"


def _write(folder, names):
    for name, text in names.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_one_page_per_document_linked_to_its_neighbours(run, tmp_path):
    _write(tmp_path, {"a.txt": FLAWED, "b.txt": CLEAN, "c.txt": FLAWED})
    result = run("check", "a.txt", "b.txt", "c.txt", "--report-dir", "r", "--languagetool", "off")
    assert result.exit_code == 1
    pages = tmp_path / "r" / "documents"
    assert sorted(p.name for p in pages.iterdir()) == [
        "0001-a-txt.html",
        "0002-b-txt.html",
        "0003-c-txt.html",
    ]
    middle = (pages / "0002-b-txt.html").read_text(encoding="utf-8")
    assert '<a id="previous-document" href="0001-a-txt.html" rel="prev">' in middle
    assert '<a id="next-document" href="0003-c-txt.html" rel="next">' in middle
    assert '<a id="to-index" href="../index.html">' in middle
    first = (pages / "0001-a-txt.html").read_text(encoding="utf-8")
    assert "previous-document" not in first and 'href="0002-b-txt.html"' in first
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="documents/([^"]+)"', index) == [
        "0001-a-txt.html",
        "0002-b-txt.html",
        "0003-c-txt.html",
    ]
    assert re.findall(r'data-verdict="(\w+)"', index) == ["fail", "pass", "fail"]
    marker = (tmp_path / "r" / ".mtqa-report").read_text(encoding="utf-8")
    assert marker.startswith("An HTML report mtqa ") and "skips this folder" in marker


def test_a_later_run_removes_the_pages_it_does_not_write_again(run, tmp_path):
    _write(tmp_path, {"a.txt": FLAWED, "b.txt": FLAWED})
    run("check", "a.txt", "b.txt", "--report-dir", "r", "--languagetool", "off")
    (tmp_path / "r" / "documents" / "notes.txt").write_text("mine", encoding="utf-8")
    # named as mtqa names its pages, but not one of them
    mine = "<p>Chapter 7, my own page.</p>"
    (tmp_path / "r" / "documents" / "0007-chapter.html").write_text(mine, encoding="utf-8")
    (tmp_path / "r" / "report.html").write_text(
        '<!DOCTYPE html><meta name="generator" content="mtqa 0.1.0">', encoding="utf-8"
    )
    run("check", "b.txt", "--report-dir", "r", "--languagetool", "off")
    assert sorted(p.name for p in (tmp_path / "r" / "documents").iterdir()) == [
        "0001-b-txt.html",
        "0007-chapter.html",  # not a page mtqa wrote: kept
        "notes.txt",  # not a page mtqa names: kept
    ]
    assert (tmp_path / "r" / "documents" / "0007-chapter.html").read_text("utf-8") == mine
    assert not (tmp_path / "r" / "report.html").exists()  # the old one-page report
    (tmp_path / "r" / "report.html").write_text("<p>my own page</p>", encoding="utf-8")
    run("check", "b.txt", "--report-dir", "r", "--languagetool", "off")
    assert (tmp_path / "r" / "report.html").read_text(encoding="utf-8") == "<p>my own page</p>"


def test_a_run_that_fails_leaves_the_old_folder_as_it_was(run, tmp_path):
    _write(tmp_path, {"a.txt": FLAWED})
    run("check", "a.txt", "--report-dir", "r", "--languagetool", "off")
    before = {p: p.read_bytes() for p in (tmp_path / "r").rglob("*") if p.is_file()}
    result = run("check", "a.txt", "missing.txt", "--report-dir", "r", "--languagetool", "off")
    assert result.exit_code == 2
    assert {p: p.read_bytes() for p in (tmp_path / "r").rglob("*") if p.is_file()} == before
    fresh = run("check", "a.txt", "missing.txt", "--report-dir", "new", "--languagetool", "off")
    assert fresh.exit_code == 2 and not (tmp_path / "new").exists()


def test_bilingual_units_show_their_ids_and_sides(run, tmp_path):
    (tmp_path / "u.tsv").write_text(
        "id\tsource\ttarget\nu-7\t价格上涨。\tPrices rose on on Monday.\n", encoding="utf-8"
    )
    assert run("check", "u.tsv", "--report-dir", "r", "--languagetool", "off").exit_code == 1
    page = (tmp_path / "r" / "documents" / "0001-u-tsv.html").read_text(encoding="utf-8")
    assert '<span class="unit-id" title="unit id">u-7</span>' in page
    assert (
        '<div class="side source"><div class="label">source</div>'
        '<div class="text" dir="auto">价格上涨。</div></div>'
    ) in page
    assert '<div class="side target"><div class="label">target</div>' in page
    assert '<mark class="hl minor" data-f="f1" tabindex="0">on on</mark>' in page


@pytest.mark.parametrize(
    ("args", "held"),
    [
        ((".", "--report-dir", "."), "a.txt"),  # the checked folder itself
        (("book", "--report-dir", "book"), "book/ch1.txt"),
        (("book/ch1.txt", "--report-dir", "book"), "book/ch1.txt"),
    ],
)
def test_a_report_folder_may_not_hold_an_input(run, tmp_path, args, held):
    """Its mark would leave the input out of every later run."""
    _write(tmp_path, {"a.txt": FLAWED})
    (tmp_path / "book").mkdir()
    _write(tmp_path / "book", {"ch1.txt": FLAWED})
    result = run("check", *args, "--languagetool", "off")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mtqa: error: --report-dir {args[-1]}: holds {held}, an input")
    assert not list(tmp_path.rglob(".mtqa-report")) and not list(tmp_path.rglob("documents"))
    # a report folder inside the checked folder is the usual case, and fine
    inside = run("check", "book", "--report-dir", "book/report", "--languagetool", "off")
    assert inside.exit_code == 1
