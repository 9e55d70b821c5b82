"""The HTML report's pages as text: self-contained, escaped, findings highlighted in
place, every script and style allowed by its hash and nothing else. (What the pages
do in a browser: tests/browser.)"""

from __future__ import annotations

import re

import pytest

from mtqa import Config, __version__, check_paths, check_text
from mtqa.model import Finding, RunInfo
from mtqa.writers.html import bars, document_page, index_page, page_name, pieces

from .conftest import assert_only_own_style_and_script

HOSTILE = 'Tags <script>alert("x")</script> & "quotes". . The the end <img src=x onerror=y>.'
RUN = RunInfo(__version__, rule_set="r1", signature="mtqa:test|rules:r1")


def _page(report, number: int = 1, **options) -> str:
    return document_page(report.documents[number - 1], number, RUN, **options)[0]


def _finding(start: int, end: int, rule: str = "MT101") -> Finding:
    return Finding(rule, "x", "Fluency/Punctuation", "minor", 1, start, end, 1, start + 1, "", "m")


def test_every_byte_of_input_is_escaped():
    html = _page(check_text(HOSTILE))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;" in html


@pytest.mark.parametrize("which", ["document", "index"])
def test_only_the_pages_own_script_and_style_may_run(which):
    report = check_text(HOSTILE)
    row = document_page(report.documents[0], 1, RUN)[1]
    page = _page(report) if which == "document" else index_page([row], report, RUN)
    assert_only_own_style_and_script(page)
    assert page.count("<script>") == 1


def test_findings_are_marked_in_place_and_listed_with_message_and_suggestion():
    html = _page(check_text("It rose. . The the end came."))
    assert '<mark class="hl minor" data-f="f1" tabindex="0">. .</mark>' in html
    assert '<mark class="hl minor" data-f="f2" tabindex="0">The the</mark>' in html
    item = re.search(r'<li class="finding minor" id="f1".*?</li>', html, re.S).group()
    assert 'data-rule="MT101" data-name="stray-punctuation"' in item
    assert 'data-category="Fluency/Punctuation" data-para="1" data-line="1" data-column="8"' in item
    assert "Stray punctuation &#39;. .&#39;" in item
    assert '<span class="flagged">. .</span>' in item
    assert '<span class="suggestion">.</span>' in item
    assert re.search(r'data-fp="[0-9a-f]{32}"', item)


def test_the_fingerprint_is_the_one_baselines_record(tmp_path, run):
    (tmp_path / "a.txt").write_text("It rose. . The the end came.\n", encoding="utf-8")
    assert run("baseline", "a.txt", "--languagetool", "off").exit_code == 0
    recorded = {e["fingerprint"] for e in _json(tmp_path / ".mtqa-baseline.json")["findings"]}
    run("check", "a.txt", "--report-dir", "r", "--languagetool", "off", "--exit-zero")
    page = (tmp_path / "r" / "documents" / "0001-a-txt.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-fp="([0-9a-f]{32})"', page)) == recorded


def _json(path):
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def test_header_figures_and_charts():
    html = _page(check_text("It rose. . Then it fell."))
    assert '<strong id="score">' in html and 'class="verdict fail">FAIL' in html
    severity = re.search(r'<svg class="chart" id="chart-severity".*?</svg>', html, re.S).group()
    assert (
        '<title id="chart-severity-title">Findings by severity: '
        "critical 0, major 0, minor 1, neutral 0</title>"
    ) in severity
    assert 'class="bar minor"' in severity and 'class="bar major"' not in severity
    category = re.search(r'<svg class="chart" id="chart-category".*?</svg>', html, re.S).group()
    assert "Fluency/Punctuation 1" in category


def test_worst_first_order_on_request():
    report = check_text("Fine text here.\n\nThe the end. . Came.")
    html = _page(report, worst_first=True)
    assert 'data-order="worst"' in html and 'id="worst" checked' in html
    assert '<option value="paragraph" selected>' in html


def test_the_page_says_what_was_left_out_and_how_files_were_read(tmp_path):
    page = tmp_path / "a.md"
    page.write_bytes(
        "<!-- mtqa: disable MT205 -->\n\nIt rose. . The the end came.\n".encode("utf-16")
    )
    report = check_paths([str(page)], config=Config(languagetool="off"))
    html = _page(report)
    assert "Left out: 1 finding suppressed by comments or per-file ignores" in html
    assert "read as utf-16" in html
    assert 'class="verdict' in html and "too short to judge" not in html


def test_pieces_cut_at_every_edge_and_keep_empty_spans():
    a, b, gap = _finding(0, 6), _finding(3, 9, "MT201"), _finding(9, 9, "MT307")
    cut = pieces("abcdefghij", [b, a, gap])
    assert [(p.text, [f.rule for f in p.findings]) for p in cut] == [
        ("abc", ["MT101"]),
        ("def", ["MT101", "MT201"]),
        ("ghi", ["MT201"]),
        ("", ["MT307"]),
        ("j", []),
    ]
    assert [(p.text, [f.rule for f in p.findings]) for p in pieces("", [_finding(0, 0)])] == [
        ("", ["MT101"])
    ]


@pytest.mark.parametrize(
    ("number", "path", "name"),
    [
        (1, "docs/Article One.txt", "0001-article-one-txt.html"),
        (12, "../<b>x</b>.md", "0012-b-md.html"),
        (3, "-", "0003-stdin.html"),
        (4, "新闻.txt", "0004-txt.html"),
        (5, "新闻", "0005-document.html"),
        (10000, "a.txt", "10000-a-txt.html"),
    ],
)
def test_page_names_are_plain_ascii(number, path, name):
    assert page_name(number, path) == name


def test_bars_scale_to_the_longest():
    assert bars([("a", 4), ("b", 1), ("c", 0)], width=100) == [
        {"label": "a", "n": 4, "length": 100.0},
        {"label": "b", "n": 1, "length": 25.0},
        {"label": "c", "n": 0, "length": 0},
    ]
    assert bars([("a", 0)]) == [{"label": "a", "n": 0, "length": 0}]


def test_the_index_lists_documents_worst_first_on_request(tmp_path):
    for name, text in (("good.txt", "A fine sentence stands here.\n"), ("bad.txt", HOSTILE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = check_paths([str(tmp_path)], config=Config(languagetool="off"))
    rows = [document_page(d, n, RUN)[1] for n, d in enumerate(report.documents, 1)]
    order = re.findall(r'data-path="[^"]*/(\w+)\.txt"', index_page(rows, report, RUN))
    assert order == ["bad", "good"]  # the order of the run (sorted paths)
    worst = index_page(rows, report, RUN, worst_first=True)
    assert re.findall(r'data-path="[^"]*/(\w+)\.txt"', worst) == ["bad", "good"]
    best_first = sorted(rows, key=lambda r: -r.score)
    assert re.findall(r'data-path="[^"]*/(\w+)\.txt"', index_page(best_first, report, RUN)) == [
        "good",
        "bad",
    ]
    assert re.findall(
        r'data-path="[^"]*/(\w+)\.txt"', index_page(best_first, report, RUN, worst_first=True)
    ) == ["bad", "good"]
    assert 'href="documents/0001-bad-txt.html"' in worst
