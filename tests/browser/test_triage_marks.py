"""Triage marks across reports and storage: a cleared mark stays cleared, full storage
says so and keeps the marks on the page, the index counts exactly the findings of its
documents (carried-over marks too) and exports every mark, imports are checked as
``mtqa check --triage`` checks them, and keys act on the finding that has the focus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTICLE, ARTICLE_ARGS, MakeReport, Run, goto, invoke

pytestmark = pytest.mark.browser

NOT_KEPT = "could not keep the marks"


def status(page: Any, finding: str) -> str:
    return page.get_attribute(f"#{finding}", "data-status")


def rebuilt(make_report: MakeReport, *check_args: str) -> Run:
    """The article's report made again with other settings: another run signature."""
    return make_report({"article.txt": ARTICLE}, *ARTICLE_ARGS, check_args=check_args)


def test_a_cleared_mark_is_not_carried_over_again(contexts, article, make_report):
    page, _ = contexts.new_page()
    goto(page, article.page_of(1))
    page.click("#f2 button.mark[data-status=accepted]")
    second = rebuilt(make_report, "--fail-under", "50")
    goto(page, second.page_of(1))
    assert status(page, "f2") == "accepted"  # carried over
    page.click("#f2 button.mark[data-status=accepted]")  # pressed again: cleared
    assert status(page, "f2") == ""
    page.reload()
    goto(page, second.page_of(1))
    assert status(page, "f2") == ""  # the earlier report's mark does not come back
    third = rebuilt(make_report, "--fail-under", "40")
    goto(page, third.page_of(1))
    assert status(page, "f2") == ""  # the latest word on it is the clearing


# fill localStorage to the last byte: big items first, then ever smaller ones
FILL_STORAGE = """() => {
    let n = 0;
    for (const size of [262144, 16384, 1024, 64, 1]) {
        const chunk = "x".repeat(size);
        for (;;) {
            try { localStorage.setItem("filler-" + n, chunk); n += 1; } catch (e) { break; }
        }
    }
    return n;
}"""


def test_full_storage_says_so_and_keeps_the_marks_on_the_page(contexts, article, tmp_path):
    page, _ = contexts.new_page()
    goto(page, article.page_of(1))
    assert page.evaluate(FILL_STORAGE) > 0
    page.click("#f1 button.mark[data-status=false-positive]")
    assert status(page, "f1") == "false-positive"
    assert NOT_KEPT in page.inner_text("#import-status")
    page.click("#f3 button.mark[data-status=fixed]")  # the page's own copy goes on
    assert (status(page, "f1"), status(page, "f3")) == ("false-positive", "fixed")
    with page.expect_download() as info:
        page.click("button#export")
    info.value.save_as(tmp_path / "t.json")
    saved = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert [(d["rule"], d["status"]) for d in saved["decisions"]] == [
        ("MT205", "false-positive"),
        ("MT102", "fixed"),
    ]
    # an import into full storage is shown, and said not to be kept
    second, _ = contexts.new_page()
    goto(second, article.page_of(1))
    second.evaluate(FILL_STORAGE)
    second.set_input_files("#import-file", str(tmp_path / "t.json"))
    second.wait_for_function("() => document.querySelector('#import-status').textContent !== ''")
    assert NOT_KEPT in second.inner_text("#import-status")
    assert (status(second, "f1"), status(second, "f3")) == ("false-positive", "fixed")


def test_search_does_not_match_the_pages_own_labels(page, article):
    goto(page, article.page_of(1))
    page.click("#f1 button.mark[data-status=accepted]")
    for label in ("accept", "false positive", "fixed", "note"):
        page.fill("#search", label)
        assert page.inner_text("#shown-count") == "0 of 8 findings", label


def test_a_key_marks_the_finding_whose_control_has_the_focus(page, article):
    goto(page, article.page_of(1))
    page.keyboard.press("j")  # f1 is current
    page.focus("#f5 button.mark[data-status=fixed]")
    page.keyboard.press("f")
    assert (status(page, "f5"), status(page, "f1")) == ("false-positive", "")
    assert page.get_attribute("#f5", "class").split().count("current") == 1


def _import(page: Any, folder: Path, decisions: list[dict[str, Any]]) -> str:
    path = folder / "import.json"
    path.write_text(
        json.dumps({"format": "mtqa-triage", "version": 1, "decisions": decisions}),
        encoding="utf-8",
    )
    page.set_input_files("#import-file", str(path))
    page.wait_for_function("() => document.querySelector('#import-status').textContent !== ''")
    return page.inner_text("#import-status")


def _decision(article: Run, **changes: Any) -> dict[str, Any]:
    fp = article.fingerprint("article.txt", "MT205", "the the", 9)  # f8
    base = {"fingerprint": fp, "path": "article.txt", "rule": "MT205", "text": "the the",
            "line": 9, "status": "accepted"}  # fmt: skip
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"line": 3.5}, "decision 1: 'line' is not a whole number"),
        ({"path": None}, "decision 1: no 'path' string"),
        ({"status": "maybe"}, "decision 1: unknown status"),
        ({"fingerprint": "abc"}, "decision 1: fingerprint is not 32 hex digits"),
        ({"note": 7}, "decision 1: 'note' is not a string"),
    ],
)
def test_an_import_is_checked_as_the_cli_checks_it(page, article, tmp_path, changes, message):
    goto(page, article.page_of(1))
    page.click("#f1 button.mark[data-status=fixed]")
    shown = _import(page, tmp_path, [_decision(article, **changes)])
    assert shown.startswith("Not imported: import.json: ") and shown.endswith(message)
    assert status(page, "f1") == "fixed"  # nothing of the bad file taken
    cli = invoke(article.inputs, "check", "article.txt", "--triage", str(tmp_path / "import.json"))
    assert cli.exit_code == 2 and "decision 1" in cli.stderr


def test_an_upper_case_fingerprint_is_the_same_finding(page, article, tmp_path):
    goto(page, article.page_of(1))
    decision = _decision(article)
    decision["fingerprint"] = decision["fingerprint"].upper()
    assert _import(page, tmp_path, [decision]).startswith("Imported 1 decision")
    assert status(page, "f8") == "accepted"


def test_the_index_counts_only_its_documents_findings(contexts, article, tmp_path):
    page, _ = contexts.new_page()
    goto(page, article.page_of(1))
    stray = {"fingerprint": "0123456789abcdef" * 2, "path": "article.txt", "rule": "MT101",
             "text": ". .", "line": 1, "status": "accepted"}  # fmt: skip
    assert _import(page, tmp_path, [stray] * 5).startswith(
        "Imported 5 decisions (0 of this page's findings marked)"
    )
    page.click("#f2 button.mark[data-status=accepted]")
    goto(page, article.index)
    assert page.inner_text("tr.doc td.reviewed") == "1/8"


def test_the_index_sees_carried_marks_and_exports_every_mark(contexts, make_report, tmp_path):
    page, _ = contexts.new_page()
    first = rebuilt(make_report)
    goto(page, first.page_of(1))
    page.click("#f2 button.mark[data-status=accepted]")
    page.click("#f4 button.mark[data-status=false-positive]")
    with page.expect_download() as info:
        page.click("button#export")
    info.value.save_as(tmp_path / "fp.json")
    # the gate run again with the false positive left out: another signature, and f4's
    # finding is no longer in the report
    triaged = rebuilt(make_report, "--triage", str(tmp_path / "fp.json"))
    assert triaged.data["summary"]["triage"]["suppressed"] == 1
    goto(page, triaged.index)  # before any of its pages was opened
    assert page.inner_text("tr.doc td.reviewed") == "1/7"
    with page.expect_download() as info:
        page.click("button#export-all")
    info.value.save_as(tmp_path / "all.json")
    exported = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert sorted((d["rule"], d["status"]) for d in exported["decisions"]) == [
        ("MT101", "accepted"),
        ("MT607", "false-positive"),  # still there: the next --triage run needs it
    ]


def test_documents_named_like_object_properties_count_right(contexts, make_report):
    page, _ = contexts.new_page()
    run = make_report({"constructor": "Prices rose on on Monday.\n", "__proto__": "Fine text.\n"})
    goto(page, run.index)
    assert page.locator("td.reviewed").all_inner_texts() == ["0/1", "\u2013"]
