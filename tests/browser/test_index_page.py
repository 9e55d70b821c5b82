"""The report folder's index page in Chromium: the documents table, its sorting and
filters, the triage count per document, links, ``--html-order worst``, and what every
page of the folder must hold (CSP, generator, no network)."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest

from mtqa import __version__

from .conftest import ARTICLE, READY, MakeReport, Run, goto, invoke

pytestmark = pytest.mark.browser

# four documents, all scores, bands and word counts different
DOCS = {
    "alpha.txt": (
        "Visitors walked along the terraces and bought fresh tea from the growers at the gate."
        "\n\nThe museum opened in May and drew crowds from the nearby towns and villages.\n"
    ),
    "beta.txt": (
        "The river rose early in spring , and farmers moved their goats to the upper fields "
        "before dawn. The school reopened in autumn after the repairs were finished, and the "
        "teachers welcomed the children back to their classrooms with songs and games.\n\n"
        "The county library opened a new reading room for the students of the valley, with "
        "long tables and bright lamps for the winter evenings.\n"
    ),
    "gamma.txt": (
        "He stayed in Portugal Sugar daddy for ten years before he came home.\n\n"
        "The the harvest was good. . Everyone celebrated.\n"
    ),
    "delta.txt": (
        "the council met on Monday and agreed a budget for the new school in the valley. The "
        "teachers asked for more books and a bigger library, and the parents asked for a safer "
        "road to the school gate.\n\nThe head of the council promised to visit every classroom "
        "before the summer holidays begin, and to report back in the autumn.\n"
    ),
}
RUN_ORDER = list(DOCS)
BY_SCORE = ["gamma.txt", "delta.txt", "beta.txt", "alpha.txt"]  # 12.03, 49.61, 71.96, 100
BANDS = ["clean", "minor issues", "major issues", "critical"]
SORT_KEYS = [
    "path", "verdict", "score", "band", "words", "findings",
    "critical", "major", "minor", "neutral", "reviewed",
]  # fmt: skip


@pytest.fixture(scope="module")
def four(make_report: MakeReport) -> Run:
    run = make_report(DOCS)
    assert [d["path"] for d in run.data["documents"]] == RUN_ORDER
    assert sorted(RUN_ORDER, key=lambda p: run.document(RUN_ORDER.index(p) + 1)["score"]) == (
        BY_SCORE
    )
    return run


def rows(page: Any, visible_only: bool = True) -> list[str]:
    """``data-path`` of the table's document rows, in order (shown ones only)."""
    return page.eval_on_selector_all(
        "table#documents tbody tr.doc",
        "(els, only) => els.filter(e => !only || e.checkVisibility()).map(e => e.dataset.path)",
        visible_only,
    )


def doc_count(page: Any) -> str:
    return " ".join(page.inner_text("#doc-count").split())


def expected_values(run: Run, key: str, reviewed: dict[str, int]) -> dict[str, Any]:
    """Each document's value in column ``key``, from the JSON report (not the page)."""
    values: dict[str, Any] = {}
    for doc in run.data["documents"]:
        severities = [f["severity"] for f in doc["findings"]]
        values[doc["path"]] = {
            "path": doc["path"],
            "verdict": "pass" if doc["passed"] else "fail",
            "score": doc["score"],
            "band": BANDS.index(doc["band"]),
            "words": doc["words"],
            "findings": len(doc["findings"]),
            "reviewed": reviewed.get(doc["path"], 0),
        }.get(key, severities.count(key))
    return values


def monotonic(values: list[Any]) -> str | None:
    """Whether ``values`` are "ascending", "descending", "constant" or None (unsorted)."""
    if all(a == b for a, b in itertools.pairwise(values)):
        return "constant"
    if all(a <= b for a, b in itertools.pairwise(values)):
        return "ascending"
    if all(a >= b for a, b in itertools.pairwise(values)):
        return "descending"
    return None


def test_index_lists_every_document_in_run_order(page, four):
    goto(page, four.index)
    assert rows(page) == RUN_ORDER
    assert doc_count(page) == "4 of 4 documents"
    assert page.inner_text("#summary .verdict").strip() == "FAIL"
    assert abs(float(page.inner_text("#run-score")) - four.data["summary"]["score"]) <= 0.051
    for number, path in enumerate(RUN_ORDER, 1):
        doc = four.document(number)
        data = page.eval_on_selector(f'tr.doc[data-path="{path}"]', "e => ({...e.dataset})")
        assert float(data["score"]) == pytest.approx(doc["score"], abs=0.005)
        assert data["verdict"] == ("pass" if doc["passed"] else "fail")
        assert data["band"] == doc["band"]
        assert int(data["findings"]) == len(doc["findings"])
        link = page.get_attribute(f'tr.doc[data-path="{path}"] a.doc-link', "href")
        assert link == f"documents/{number:04d}-{path.replace('.', '-')}.html"
        assert (four.folder / link).is_file()


@pytest.mark.parametrize("key", SORT_KEYS)
def test_every_column_sorts_both_ways(contexts, four, key):
    page, _ = contexts.new_page()
    reviewed = {}
    if key == "reviewed":  # give two documents triage marks first
        goto(page, four.page_of(3))  # gamma: 3 findings
        page.click("#f1 button.mark[data-status=false-positive]")
        page.click("#f2 button.mark[data-status=accepted]")
        goto(page, four.page_of(2))  # beta: 1 finding
        page.click("#f1 button.mark[data-status=fixed]")
        reviewed = {"gamma.txt": 2, "beta.txt": 1}
    goto(page, four.index)
    values = expected_values(four, key, reviewed)
    button = f"thead th button[data-sort={key}]"
    header = f"thead th:has(button[data-sort={key}])"
    directions = []
    for _ in range(2):
        page.click(button)
        order = rows(page)
        assert sorted(order) == sorted(RUN_ORDER)
        direction = page.get_attribute(header, "aria-sort")
        assert direction in ("ascending", "descending"), direction
        directions.append(direction)
        shape = monotonic([values[p] for p in order])
        assert shape in ("constant", direction) or (
            key in ("verdict", "band") and shape is not None  # which end is "up" is a choice
        ), (key, direction, order)
        others = page.eval_on_selector_all(
            "thead th[aria-sort]", "els => els.map(e => e.getAttribute('aria-sort'))"
        )
        assert [s for s in others if s != "none"] == [direction], "one sorted column"
    assert directions[0] != directions[1], "a second click reverses"
    if key == "score":
        assert order == (BY_SCORE if directions[1] == "ascending" else BY_SCORE[::-1])
    if key == "path":
        alphabetical = sorted(RUN_ORDER)
        assert order == (alphabetical if directions[1] == "ascending" else alphabetical[::-1])


def test_reviewed_column_counts_the_triage_marks(contexts, four):
    page, _ = contexts.new_page()
    goto(page, four.page_of(3))
    page.click("#f1 button.mark[data-status=false-positive]")
    page.click("#f3 button.mark[data-status=accepted]")
    page.click("#f3 button.mark[data-status=accepted]")  # cleared again: not counted
    page.click("#f2 button.mark[data-status=fixed]")
    goto(page, four.index)
    # "2", or "2/3" (of its three findings)
    assert re.fullmatch(r"2(/3)?", page.inner_text('tr.doc[data-path="gamma.txt"] td.reviewed'))
    for path in ("alpha.txt", "beta.txt", "delta.txt"):
        shown = page.inner_text(f'tr.doc[data-path="{path}"] td.reviewed').strip()
        assert re.fullmatch(r"(0|–|)(/\d+)?", shown), (path, shown)


def test_export_all_gathers_the_marks_of_every_document(contexts, four, tmp_path):
    page, _ = contexts.new_page()
    goto(page, four.page_of(3))  # gamma
    page.click("#f1 button.mark[data-status=false-positive]")
    page.fill("#f1 input.note", "a real name")
    page.click("#f2 button.mark[data-status=accepted]")
    goto(page, four.page_of(2))  # beta
    page.click("#f1 button.mark[data-status=fixed]")
    goto(page, four.index)
    with page.expect_download() as info:
        page.click("button#export-all")
    download = info.value
    assert download.suggested_filename == "mtqa-triage.json"
    saved = tmp_path / "all.json"
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "mtqa-triage" and data["version"] == 1
    assert data["signature"] == four.data["tool"]["signature"]
    got = sorted((d["path"], d["rule"], d["status"], d["note"]) for d in data["decisions"])
    assert got == [
        ("beta.txt", "MT102", "fixed", ""),
        ("gamma.txt", "MT205", "accepted", ""),
        ("gamma.txt", "MT607", "false-positive", "a real name"),
    ]
    for decision in data["decisions"]:
        key = (decision["path"], decision["rule"], decision["text"], decision["line"])
        assert decision["fingerprint"] == four.fingerprints[key]
    assert "Exported 3 decisions" in page.inner_text("#export-status")


def test_escape_in_the_search_keeps_rows_and_field_in_step(page, four):
    goto(page, four.index)
    page.fill("#doc-search", "gamma")
    assert rows(page) == ["gamma.txt"]
    page.focus("#doc-search")
    page.keyboard.press("Escape")
    value = page.input_value("#doc-search")
    assert rows(page) == (RUN_ORDER if value == "" else ["gamma.txt"]), value
    assert doc_count(page) == f"{len(rows(page))} of 4 documents"


@pytest.mark.parametrize(
    ("action", "value", "expected"),
    [
        ("search", "ta", ["beta.txt", "delta.txt"]),
        ("search", "gamma", ["gamma.txt"]),
        ("search", "nothing-like-it", []),
        ("verdict", "pass", ["alpha.txt", "beta.txt"]),
        ("verdict", "fail", ["gamma.txt", "delta.txt"]),
        ("band", "critical", ["gamma.txt"]),
        ("band", "clean", ["alpha.txt"]),
        ("band", "major issues", ["delta.txt"]),
    ],
)
def test_filters_show_the_right_rows(page, four, action, value, expected):
    goto(page, four.index)
    if action == "search":
        page.fill("#doc-search", value)
    else:
        page.select_option(f"#doc-{action}", value)
    assert rows(page) == expected
    assert doc_count(page) == f"{len(expected)} of 4 documents"


def test_filters_combine_and_reset(page, four):
    goto(page, four.index)
    page.fill("#doc-search", "a")  # every name has an "a"
    page.select_option("#doc-verdict", "fail")
    page.select_option("#doc-band", "major issues")
    assert rows(page) == ["delta.txt"] and doc_count(page) == "1 of 4 documents"
    page.select_option("#doc-band", "")
    page.select_option("#doc-verdict", "")
    page.fill("#doc-search", "")
    assert rows(page) == RUN_ORDER and doc_count(page) == "4 of 4 documents"


def test_links_open_the_documents_page(page, four):
    for number, path in enumerate(RUN_ORDER, 1):
        goto(page, four.index)
        page.click(f'tr.doc[data-path="{path}"] a.doc-link')
        page.wait_for_function(READY)
        assert page.url == four.page_of(number).as_uri()
        assert path in page.title()
        score = float(page.inner_text("#score"))
        assert abs(score - four.document(number)["score"]) <= 0.051
        page.click("a#to-index")
        page.wait_for_load_state("load")
        assert page.url == four.index.as_uri()


def test_html_order_worst_puts_worst_documents_and_paragraphs_first(page, make_report):
    run = make_report({**DOCS, "article.txt": ARTICLE}, check_args=("--html-order", "worst"))
    goto(page, run.index)
    scores = {d["path"]: d["score"] for d in run.data["documents"]}
    assert rows(page) == sorted(scores, key=scores.__getitem__)
    article = run.page_of(len(DOCS) + 1)
    goto(page, article)
    paras = page.eval_on_selector_all(
        "article.para", "els => els.map(e => [e.id, parseFloat(e.dataset.score)])"
    )
    segments = run.document(len(DOCS) + 1)["segments"]
    worst_first = sorted(segments, key=lambda s: (s["score"], s["index"]))
    assert [p[0] for p in paras] == [f"p{s['index']}" for s in worst_first], paras
    assert [p[0] for p in paras][:3] == ["p2", "p1", "p3"]  # 7.38, 38.78, 48.2


def test_document_order_by_default(page, four):
    goto(page, four.page_of(3))
    assert page.eval_on_selector_all("article.para", "els => els.map(e => e.id)") == ["p1", "p2"]


def test_every_page_is_self_contained_and_requests_nothing(contexts, four):
    page, watch = contexts.new_page()
    pages = [four.index, *(four.page_of(n) for n in range(1, 5))]
    assert sorted(p.name for p in (four.folder / "documents").iterdir()) == [
        "0001-alpha-txt.html", "0002-beta-txt.html", "0003-gamma-txt.html", "0004-delta-txt.html",
    ]  # fmt: skip
    for path in pages:
        goto(page, path)
        csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert "default-src 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        # inline code only by hash: every script-src/style-src source is a sha256
        for directive in ("script-src", "style-src"):
            sources = re.search(rf"{directive}\s+([^;]*)", csp)
            if sources:
                assert all(s.startswith("'sha256-") for s in sources.group(1).split()), csp
        assert page.get_attribute("meta[name=generator]", "content") == f"mtqa {__version__}"
    assert watch.requests == []


def test_report_folder_files_and_a_later_run_skips_it(four):
    names = {p.name for p in four.folder.iterdir()}
    assert {"index.html", "documents", "findings.csv", "segments.csv", ".mtqa-report"} <= names
    result = invoke(four.folder.parent, "check", ".", "--exit-zero", "--languagetool", "off",
                    "--isolated")  # fmt: skip
    assert result.exit_code == 0
    assert "not checked, written by mtqa: report/" in result.stderr, result.stderr
    assert "index.html" not in result.stdout
