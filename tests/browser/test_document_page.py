"""A document page of the report folder, driven in Chromium: summary, findings list,
jumping between findings and their text, filters, sorting, keys, the tooltip, triage
marks (stored, exported, imported, fed back to ``mtqa check --triage``), themes, print,
and bilingual units."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mtqa import __version__

from .conftest import (
    ARTICLE,
    ARTICLE_ARGS,
    ARTICLE_FINDINGS,
    MakeReport,
    Run,
    goto,
    into_view,
    invoke,
    settle,
)

pytestmark = pytest.mark.browser

ALL = list(ARTICLE_FINDINGS)  # f1..f8, document order


# -- helpers -----------------------------------------------------------------------


def shown(page: Any) -> list[str]:
    """Ids of the findings the list shows (not ``hidden``), in list order."""
    return page.eval_on_selector_all(
        "#finding-list > li.finding", "els => els.filter(e => !e.hidden).map(e => e.id)"
    )


def listed(page: Any) -> list[str]:
    """Ids of every finding in the list, shown or not, in list order."""
    return page.eval_on_selector_all("#finding-list > li.finding", "els => els.map(e => e.id)")


def shown_count(page: Any) -> str:
    return " ".join(page.inner_text("#shown-count").split())


def with_class(page: Any, selector: str, name: str) -> list[str]:
    """``id`` (or ``data-f`` for marks) of the elements ``selector`` that have class
    ``name``."""
    return page.eval_on_selector_all(
        selector,
        "(els, name) => els.filter(e => e.classList.contains(name)).map(e => e.id || e.dataset.f)",
        name,
    )


def active(page: Any) -> dict[str, Any]:
    """What has the keyboard focus: tag, id, classes, ``data-f``, the finding it is in."""
    return page.evaluate(
        """() => { const e = document.activeElement;
            const li = e && e.closest ? e.closest('li.finding') : null;
            return {tag: e.tagName.toLowerCase(), id: e.id, cls: [...e.classList],
                    f: e.dataset ? (e.dataset.f || null) : null, finding: li ? li.id : null}; }"""
    )


def status(page: Any, finding: str) -> str:
    return page.get_attribute(f"#{finding}", "data-status")


def pressed(page: Any, finding: str) -> list[str]:
    """The statuses whose button is ``aria-pressed="true"`` on ``finding``."""
    return page.eval_on_selector_all(
        f"#{finding} button.mark[aria-pressed=true]", "els => els.map(e => e.dataset.status)"
    )


def stored(page: Any) -> dict[str, Any]:
    """The page's triage marks in localStorage (``{}`` when none)."""
    raw = page.evaluate(
        "() => localStorage.getItem('mtqa-triage:' + document.documentElement.dataset.signature)"
    )
    return json.loads(raw) if raw else {}


def box(page: Any, selector: str) -> dict[str, float]:
    """The element's client rectangle and the window's inner size."""
    return page.eval_on_selector(
        selector,
        """e => { const r = e.getBoundingClientRect();
            return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                    width: innerWidth, height: innerHeight}; }""",
    )


def assert_inside_viewport(page: Any, selector: str) -> None:
    r = box(page, selector)
    assert r["left"] >= 0 and r["top"] >= 0, r
    assert r["right"] <= r["width"] and r["bottom"] <= r["height"], r


def no_horizontal_scroll(page: Any) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def fp(article: Run, finding: str) -> str:
    """The baseline fingerprint of an `ARTICLE_FINDINGS` entry."""
    rule, *_, text, line = ARTICLE_FINDINGS[finding]
    if text is None:  # the run-on sentence: its text is in the JSON report
        text = next(f["text"] for f in article.document(1)["findings"] if f["rule"] == rule)
    return article.fingerprint("article.txt", rule, text, line)


def open_article(page: Any, article: Run) -> Any:
    return goto(page, article.page_of(1))


# -- what the page shows -----------------------------------------------------------


def test_summary_header_shows_the_documents_verdict_score_band_and_charts(page, article):
    doc = article.document(1)
    open_article(page, article)
    assert page.inner_text("#summary .verdict").strip() == "FAIL"
    assert abs(float(page.inner_text("#score")) - doc["score"]) <= 0.05 + 1e-9
    assert page.inner_text("#band").strip() == doc["band"] == "critical"
    for chart in ("#chart-severity", "#chart-category"):
        assert page.locator(f"svg.chart{chart}").is_visible()
        assert page.eval_on_selector(f"{chart} > title", "e => e.textContent.trim()") != ""
    assert page.get_attribute("a#to-index", "href") == "../index.html"
    assert page.get_attribute("meta[name=generator]", "content") == f"mtqa {__version__}"
    assert page.get_attribute("html", "data-signature") == article.data["tool"]["signature"]


def test_findings_list_holds_every_finding_with_its_attributes(page, article):
    open_article(page, article)
    assert listed(page) == ALL and shown(page) == ALL
    assert shown_count(page) == "8 of 8 findings"
    for fid, (rule, severity, category, para, _, _) in ARTICLE_FINDINGS.items():
        attrs = page.eval_on_selector(f"#{fid}", "e => ({...e.dataset})")
        assert (attrs["rule"], attrs["severity"], attrs["category"], attrs["para"]) == (
            rule, severity, category, str(para),
        ), fid  # fmt: skip
        assert attrs["status"] == ""
        # the fingerprint `mtqa baseline` records, so that triage feeds back into runs
        assert attrs["fp"] == fp(article, fid), fid


def test_paragraphs_carry_their_scores_and_marks_cover_the_flagged_text(page, article):
    doc = article.document(1)
    open_article(page, article)
    paras = page.eval_on_selector_all(
        "section#text article.para", "els => els.map(e => [e.id, {...e.dataset}])"
    )
    assert [p[0] for p in paras] == [f"p{s['index']}" for s in doc["segments"]]
    for (_, data), segment in zip(paras, doc["segments"], strict=True):
        assert int(data["index"]) == segment["index"]
        assert float(data["score"]) == pytest.approx(segment["score"], abs=0.005)
        assert float(data["penalty"]) == pytest.approx(segment["penalty"], abs=0.005)
    marks = page.eval_on_selector_all(
        "mark.hl",
        "els => els.map(e => [e.dataset.f, e.textContent, e.getAttribute('tabindex'),"
        " ['critical', 'major', 'minor', 'neutral'].filter(c => e.classList.contains(c))])",
    )
    by_findings = {tuple(m[0].split()): m for m in marks}
    assert by_findings[("f1",)][1] == "The the"
    assert by_findings[("f2",)][1] == ". ."
    assert by_findings[("f4",)][1:] == ["Portugal Sugar daddy", "0", ["critical"]]
    assert by_findings[("f5",)][3] == ["major"] and by_findings[("f6",)][3] == ["neutral"]
    # ¶5: the run-on sentence in three pieces, the middle one also the doubled word
    p5 = page.eval_on_selector_all("#p5 mark.hl", "els => els.map(e => e.dataset.f)")
    assert [set(f.split()) for f in p5] == [{"f7"}, {"f7", "f8"}, {"f7"}]
    assert page.inner_text('#p5 mark.hl[data-f~="f8"]') == "the the"
    assert all(m[2] == "0" for m in marks)


# -- between findings and text -------------------------------------------------------


def test_go_link_scrolls_to_and_focuses_the_findings_first_mark(contexts, article):
    page, _ = contexts.new_page(viewport={"width": 1280, "height": 420})
    open_article(page, article)
    page.click("#f8 a.go")
    assert with_class(page, "mark.hl", "current") == ["f7 f8"]
    focus = active(page)
    assert focus["tag"] == "mark" and focus["f"] == "f7 f8"
    assert page.locator('mark.hl[data-f="f7 f8"]').evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }"
    ), "the mark is scrolled into view"
    # a finding in three pieces: all of them current, the first focused
    page.click("#f7 a.go")
    assert with_class(page, "mark.hl", "current") == ["f7", "f7 f8", "f7"]
    assert active(page)["f"] == "f7"
    assert page.evaluate("() => document.activeElement.textContent").startswith("The county")
    page.click("#f4 a.go")
    assert with_class(page, "mark.hl", "current") == ["f4"]
    assert active(page)["f"] == "f4"


def test_clicking_a_span_selects_its_first_finding_and_relates_the_others(contexts, article):
    page, _ = contexts.new_page(viewport={"width": 1280, "height": 420})
    open_article(page, article)
    page.click('mark.hl[data-f="f7 f8"]')
    assert with_class(page, "li.finding", "current") == ["f7"]
    assert with_class(page, "li.finding", "related") == ["f8"]
    assert page.locator("#f7").evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }"
    ), "the selected finding is scrolled into view"
    page.click('mark.hl[data-f="f4"]')
    assert with_class(page, "li.finding", "current") == ["f4"]
    assert with_class(page, "li.finding", "related") == []


# -- filters and sorting -------------------------------------------------------------


def test_severity_checkboxes_filter_the_findings(page, article):
    open_article(page, article)
    page.uncheck("input[name=severity][value=minor]")
    assert shown(page) == ["f4", "f5", "f6"]
    assert shown_count(page) == "3 of 8 findings"
    assert page.eval_on_selector_all("li.finding[hidden]", "els => els.map(e => e.id)") == [
        "f1",
        "f2",
        "f3",
        "f7",
        "f8",
    ]
    page.uncheck("input[name=severity][value=neutral]")
    page.uncheck("input[name=severity][value=critical]")
    assert shown(page) == ["f5"] and shown_count(page) == "1 of 8 findings"
    page.uncheck("input[name=severity][value=major]")
    assert shown(page) == [] and shown_count(page) == "0 of 8 findings"
    for severity in ("critical", "major", "minor", "neutral"):
        page.check(f"input[name=severity][value={severity}]")
    assert shown(page) == ALL and shown_count(page) == "8 of 8 findings"


def test_category_filter(page, article):
    open_article(page, article)
    options = page.eval_on_selector_all("#filter-category option", "els => els.map(e => e.value)")
    assert options[0] == "" and sorted(options[1:]) == [
        "Accuracy/Addition", "Fluency/Grammar", "Fluency/Punctuation",
    ]  # fmt: skip
    page.select_option("#filter-category", "Fluency/Punctuation")
    assert shown(page) == ["f2", "f3", "f6"] and shown_count(page) == "3 of 8 findings"
    page.select_option("#filter-category", "Accuracy/Addition")
    assert shown(page) == ["f4"] and shown_count(page) == "1 of 8 findings"
    # filters combine: grammar findings that are not minor
    page.select_option("#filter-category", "Fluency/Grammar")
    page.uncheck("input[name=severity][value=minor]")
    assert shown(page) == ["f5"]
    page.select_option("#filter-category", "")
    assert shown(page) == ["f4", "f5", "f6"]


def test_rule_filter(page, article):
    open_article(page, article)
    options = page.eval_on_selector_all("#filter-rule option", "els => els.map(e => e.value)")
    assert options[0] == "" and sorted(options[1:]) == [
        "MT101", "MT102", "MT103", "MT203", "MT205", "MT206", "MT607",
    ]  # fmt: skip
    page.select_option("#filter-rule", "MT205")
    assert shown(page) == ["f1", "f8"] and shown_count(page) == "2 of 8 findings"
    page.select_option("#filter-rule", "MT206")
    assert shown(page) == ["f7"]
    page.select_option("#filter-rule", "")
    assert shown(page) == ALL


def test_fixable_filter_shows_what_mtqa_fix_repairs(page, article):
    open_article(page, article)
    # the spam (MT607: its fix is unsafe) and the run-on sentence (no fix) stay out
    page.check("#only-fixable")
    assert shown(page) == ["f1", "f2", "f3", "f5", "f6", "f8"]
    assert shown_count(page) == "6 of 8 findings"
    page.select_option("#filter-rule", "MT205")  # filters combine
    assert shown(page) == ["f1", "f8"]
    page.select_option("#filter-rule", "")
    page.uncheck("#only-fixable")
    assert shown(page) == ALL


def test_status_filter_follows_the_triage_marks(page, article):
    open_article(page, article)
    page.click("#f2 button.mark[data-status=accepted]")
    page.click("#f4 button.mark[data-status=false-positive]")
    page.click("#f6 button.mark[data-status=fixed]")
    expected = {
        "accepted": ["f2"],
        "false-positive": ["f4"],
        "fixed": ["f6"],
        "untriaged": ["f1", "f3", "f5", "f7", "f8"],
        "": ALL,
    }
    for value, ids in expected.items():
        page.select_option("#filter-status", value)
        assert shown(page) == ids, value
        assert shown_count(page) == f"{len(ids)} of 8 findings", value
    # a mark changed while filtered takes the finding out of the filter's view
    page.select_option("#filter-status", "accepted")
    page.click("#f2 button.mark[data-status=accepted]")  # pressed again: cleared
    assert shown(page) == [] and shown_count(page) == "0 of 8 findings"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("goats", ["f1", "f2", "f3"]),  # the paragraph's text
        ("WORD DOUBLED", ["f1", "f8"]),  # the message, any case
        ("mt206", ["f7"]),  # the rule code
        ("stray-punctuation", ["f2"]),  # the rule name
        ("Sugar daddy", ["f4"]),  # the flagged text
        ("school gate", ["f5"]),
        ("no such words anywhere", []),
    ],
)
def test_search_matches_code_name_message_text_and_paragraph(page, article, query, expected):
    open_article(page, article)
    page.fill("#search", query)
    assert shown(page) == expected
    assert shown_count(page) == f"{len(expected)} of 8 findings"
    page.fill("#search", "")
    assert shown(page) == ALL


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("severity", ["f4", "f5", "f1", "f2", "f3", "f7", "f8", "f6"]),
        # worst paragraph score first: ¶2 7.38, ¶1 38.78, ¶3 48.2, ¶5 64.77, ¶4 100
        # (by penalty ¶3 would come before ¶1)
        ("paragraph", ["f4", "f1", "f2", "f3", "f5", "f7", "f8", "f6"]),
        ("position", ALL),
    ],
)
def test_sort_orders(page, article, order, expected):
    open_article(page, article)
    page.select_option("#sort", order)
    assert listed(page) == expected
    page.select_option("#sort", "position")
    assert listed(page) == ALL


# -- keys ----------------------------------------------------------------------------


def test_j_and_k_move_through_the_shown_findings(page, article):
    open_article(page, article)
    page.keyboard.press("j")
    assert with_class(page, "li.finding", "current") == ["f1"]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert with_class(page, "li.finding", "current") == ["f3"]
    page.keyboard.press("k")
    assert with_class(page, "li.finding", "current") == ["f2"]


def test_j_skips_hidden_findings_and_follows_the_sort_order(page, article):
    open_article(page, article)
    page.uncheck("input[name=severity][value=minor]")
    page.select_option("#sort", "severity")
    page.evaluate("() => document.activeElement.blur()")  # keys go to the page again
    seen = []
    for _ in range(3):
        page.keyboard.press("j")
        seen += with_class(page, "li.finding", "current")
    assert seen == ["f4", "f5", "f6"]
    page.keyboard.press("k")
    assert with_class(page, "li.finding", "current") == ["f5"]


def test_a_f_x_u_mark_the_current_finding(page, article):
    open_article(page, article)
    page.keyboard.press("j")
    page.keyboard.press("j")  # f2
    for key, expected in (("a", "accepted"), ("f", "false-positive"), ("x", "fixed")):
        page.keyboard.press(key)
        assert status(page, "f2") == expected, key
        assert pressed(page, "f2") == [expected], key
        assert stored(page)[fp(article, "f2")]["status"] == expected
    page.keyboard.press("u")
    assert status(page, "f2") == "" and pressed(page, "f2") == []
    assert stored(page).get(fp(article, "f2"), {}).get("status", "") == ""
    assert [status(page, f) for f in ALL if f != "f2"] == [""] * 7


def test_enter_and_o_open_the_current_finding_and_escape_closes_the_tip(page, article):
    open_article(page, article)
    page.keyboard.press("j")  # f1
    page.keyboard.press("Enter")
    assert active(page)["f"] == "f1"
    assert page.locator("#tip").is_visible()
    assert "MT205" in page.inner_text("#tip")
    page.keyboard.press("Escape")
    assert page.locator("#tip").is_hidden()
    page.keyboard.press("j")  # f2, with the focus on f1's mark
    page.keyboard.press("o")
    assert active(page)["f"] == "f2"
    assert page.locator("#tip").is_visible() and "MT101" in page.inner_text("#tip")


def test_n_focuses_the_note_where_keys_are_text_until_escape(page, article):
    open_article(page, article)
    page.keyboard.press("j")
    page.keyboard.press("n")
    focus = active(page)
    assert focus["tag"] == "input" and "note" in focus["cls"] and focus["finding"] == "f1"
    page.keyboard.type("ajxk")  # typed into the note: none of them is a key here
    assert page.input_value("#f1 input.note") == "ajxk"
    assert status(page, "f1") == "" and with_class(page, "li.finding", "current") == ["f1"]
    page.keyboard.press("Escape")
    assert active(page)["tag"] != "input"
    assert stored(page)[fp(article, "f1")]["note"] == "ajxk"  # saved when the note was left
    page.keyboard.press("j")
    assert with_class(page, "li.finding", "current") == ["f2"]


def test_slash_focuses_the_search(page, article):
    open_article(page, article)
    page.keyboard.press("/")
    assert active(page)["id"] == "search"
    assert page.input_value("#search") == ""  # the "/" is not typed into it
    page.keyboard.type("goats")
    assert shown(page) == ["f1", "f2", "f3"]
    page.keyboard.press("Escape")
    assert active(page)["id"] != "search"
    # Escape may clear the field too (Chromium does, for type=search): the list follows it
    value = page.input_value("#search")
    assert value in ("", "goats")
    assert shown(page) == (ALL if value == "" else ["f1", "f2", "f3"])
    assert shown_count(page) == f"{len(shown(page))} of 8 findings"


def test_question_mark_shows_and_hides_the_keys_help(page, article):
    open_article(page, article)
    assert page.locator("#keys").is_visible() and page.locator("#keys kbd").count() > 0
    visible_keys = (
        "() => [...document.querySelectorAll('kbd')].filter(k => k.checkVisibility()).length"
    )
    before = page.evaluate(visible_keys)
    page.keyboard.press("?")
    after = page.evaluate(visible_keys)
    assert after != before
    page.keyboard.press("?")
    assert page.evaluate(visible_keys) == before


# -- triage marks --------------------------------------------------------------------


def mark_two(page: Any) -> None:
    """Mark f2 accepted with a note and f4 a false positive with a note (by mouse)."""
    page.click("#f2 button.mark[data-status=accepted]")
    page.fill("#f2 input.note", "real")
    page.click("#f4 button.mark[data-status=false-positive]")  # leaving the note saves it
    page.fill("#f4 input.note", "spam line, not ours")
    page.locator("#f4 input.note").blur()


def test_marks_and_notes_survive_a_reload(page, article):
    open_article(page, article)
    mark_two(page)
    page.click("#f6 button.mark[data-status=fixed]")
    assert pressed(page, "f6") == ["fixed"]
    page.click("#f6 button.mark[data-status=fixed]")  # the pressed one again: cleared
    assert status(page, "f6") == "" and pressed(page, "f6") == []
    page.reload()
    goto(page, article.page_of(1))
    assert (status(page, "f2"), status(page, "f4"), status(page, "f6")) == (
        "accepted", "false-positive", "",
    )  # fmt: skip
    assert pressed(page, "f2") == ["accepted"] and pressed(page, "f4") == ["false-positive"]
    assert page.input_value("#f4 input.note") == "spam line, not ours"
    marks = {k: v for k, v in stored(page).items() if v.get("status") or v.get("note")}
    assert set(marks) == {fp(article, "f2"), fp(article, "f4")}
    assert marks[fp(article, "f2")]["status"] == "accepted"
    assert marks[fp(article, "f2")]["note"] == "real"
    assert marks[fp(article, "f4")]["path"] == "article.txt"
    datetime.fromisoformat(marks[fp(article, "f4")]["time"])


def export(page: Any, folder: Path) -> tuple[str, Path, dict[str, Any]]:
    """Click Export; the download's suggested name, saved path and parsed content."""
    with page.expect_download() as info:
        page.click("button#export")
    download = info.value
    saved = folder / download.suggested_filename
    download.save_as(saved)
    return download.suggested_filename, saved, json.loads(saved.read_text(encoding="utf-8"))


def test_export_writes_one_decision_per_marked_finding(page, article, tmp_path):
    open_article(page, article)
    mark_two(page)
    name, _, data = export(page, tmp_path)
    assert name == "mtqa-triage-0001.json"
    assert (data["format"], data["version"], data["mtqa_version"]) == (
        "mtqa-triage", 1, __version__,
    )  # fmt: skip
    assert data["signature"] == article.data["tool"]["signature"]
    datetime.fromisoformat(data["exported"])
    decisions = sorted(data["decisions"], key=lambda d: d["line"])
    for decision in decisions:
        datetime.fromisoformat(decision.pop("time"))
    assert decisions == [
        {"fingerprint": fp(article, "f2"), "path": "article.txt", "rule": "MT101",
         "name": "stray-punctuation", "text": ". .", "line": 1, "status": "accepted",
         "note": "real"},
        {"fingerprint": fp(article, "f4"), "path": "article.txt", "rule": "MT607",
         "name": "seo-spam", "text": "Portugal Sugar daddy", "line": 3,
         "status": "false-positive", "note": "spam line, not ours"},
    ]  # fmt: skip


def test_import_restores_the_marks_in_a_fresh_browser(contexts, article, tmp_path):
    first, _ = contexts.new_page()
    open_article(first, article)
    mark_two(first)
    _, saved, _ = export(first, tmp_path)

    second, _ = contexts.new_page()  # another context: empty localStorage
    open_article(second, article)
    assert stored(second) == {}
    second.click("#f1 button.mark[data-status=fixed]")  # a mark of its own, kept
    assert second.get_attribute("input#import-file", "type") == "file"
    with second.expect_file_chooser() as chooser:
        second.click("button#import")
    chooser.value.set_files(saved)
    second.wait_for_function("() => document.querySelector('#f4').dataset.status !== ''")
    assert "Imported 2 decisions" in second.inner_text("#import-status")
    assert [status(second, f) for f in ALL] == [
        "fixed", "accepted", "", "false-positive", "", "", "", "",
    ]  # fmt: skip
    assert second.input_value("#f2 input.note") == "real"
    second.reload()
    goto(second, article.page_of(1))
    assert status(second, "f4") == "false-positive" and status(second, "f1") == "fixed"
    # the hidden file input takes a file directly too
    third, _ = contexts.new_page()
    open_article(third, article)
    third.set_input_files("#import-file", saved)
    third.wait_for_function("() => document.querySelector('#f2').dataset.status === 'accepted'")
    assert status(third, "f4") == "false-positive"


def test_marks_carry_over_from_an_earlier_report_of_the_same_text(contexts, article, make_report):
    """A report rebuilt with other settings (another run signature) shows the marks the
    reviewer gave the same findings (same fingerprints) in the earlier report."""
    page, _ = contexts.new_page()
    open_article(page, article)
    mark_two(page)
    rebuilt = make_report(
        {"article.txt": ARTICLE}, *ARTICLE_ARGS, check_args=("--fail-under", "50")
    )
    assert rebuilt.data["tool"]["signature"] != article.data["tool"]["signature"]
    goto(page, rebuilt.page_of(1))  # same browser storage, a new signature
    assert [status(page, f) for f in ALL] == ["", "accepted", "", "false-positive"] + [""] * 4
    assert page.input_value("#f4 input.note") == "spam line, not ours"
    assert "Carried over 2 marks from earlier reports" in page.inner_text("#import-status")
    assert {k for k, v in stored(page).items() if v.get("status")} == {
        fp(article, "f2"), fp(article, "f4"),
    }  # fmt: skip
    # a mark given in the new report wins over the earlier one
    page.click("#f2 button.mark[data-status=fixed]")
    goto(page, rebuilt.page_of(1))
    assert status(page, "f2") == "fixed"


def test_exported_marks_feed_back_into_mtqa_check(page, article, tmp_path):
    help_text = invoke(article.inputs, "check", "--help").output
    if "--triage" not in help_text:
        pytest.skip("mtqa check has no --triage option yet")
    open_article(page, article)
    mark_two(page)
    _, saved, _ = export(page, tmp_path)
    out = tmp_path / "after.json"
    result = invoke(
        article.inputs, "check", "article.txt", "--triage", str(saved), "--exit-zero",
        "--languagetool", "off", "--isolated", "--format", "text", "--format", f"json:{out}",
        *ARTICLE_ARGS,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rules = [f["rule"] for f in json.loads(out.read_text())["documents"][0]["findings"]]
    # only the false positive goes; the accepted one stays
    assert "MT607" not in rules and "MT101" in rules and len(rules) == 7
    assert re.search(r"\b1 finding[^\n]*false positive", result.output), result.output
    stats = invoke(article.inputs, "triage", "stats", str(saved), "--format", "json")
    assert stats.exit_code == 0, stats.output
    rows = {r["rule"]: r for r in json.loads(stats.stdout)["rules"]}
    assert (rows["MT101"]["confirmed"], rows["MT101"]["rejected"]) == (1, 0)
    assert (rows["MT607"]["confirmed"], rows["MT607"]["rejected"]) == (0, 1)


# -- the tooltip ---------------------------------------------------------------------


def test_tooltip_shows_the_findings_on_hover_and_focus(page, article):
    open_article(page, article)
    assert page.locator("#tip").get_attribute("role") == "tooltip"
    assert page.locator("#tip").is_hidden()
    page.hover('mark.hl[data-f="f2"]')
    tip = page.inner_text("#tip")
    assert page.locator("#tip").is_visible()
    assert "MT101" in tip and "Stray punctuation '. .'" in tip
    page.mouse.move(0, 0)
    page.focus('mark.hl[data-f="f7 f8"]')
    assert page.locator("#tip").is_visible()
    tip = page.inner_text("#tip")
    assert "MT206" in tip and "MT205" in tip and "Word doubled: 'the the'" in tip
    page.keyboard.press("Escape")
    assert page.locator("#tip").is_hidden()


def test_tab_to_a_mark_below_the_fold_shows_its_tip(contexts, article):
    page, _ = contexts.new_page(viewport={"width": 1280, "height": 300})
    open_article(page, article)
    page.focus('mark.hl[data-f="f1"]')
    settle(page)
    start = page.evaluate("scrollY")
    seen = []
    for _ in range(5):  # f2, f3, f4, f5, f6: the later ones need scrolling
        page.keyboard.press("Tab")
        focus = active(page)
        assert focus["tag"] == "mark"
        seen.append((focus["f"], page.locator("#tip").is_visible()))
    assert page.evaluate("scrollY") > start, "the page scrolled to reach them"
    assert seen == [(f, True) for f in ("f2", "f3", "f4", "f5", "f6")]


WIDE = (
    " ".join(
        f"The {w} {w} came over the hills near the old mill at dawn."
        for w in (
            "rain wind snow mist frost hail sun cloud storm dew smoke fog dust ice thunder "
            "spray steam sleet drizzle haze"
        ).split()
    )
    + "\n\n"
    + "A"
    + " long line of ordinary words about the harvest season in the valley" * 6
    + " and in the end the the\n"
)


@pytest.fixture(scope="module")
def wide(make_report: MakeReport) -> Run:
    """A page with a score of doubled words spread over long wrapped lines."""
    return make_report({"wide.txt": WIDE})


@pytest.mark.parametrize(
    "options",
    [
        {"viewport": {"width": 1280, "height": 800}},
        {"viewport": {"width": 400, "height": 800}},
        # 200 % zoom of a 1280×800 window: half the CSS pixels, each drawn twice
        {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},
    ],
    ids=["1280px", "400px", "zoom200"],
)
def test_tooltip_stays_inside_the_viewport(contexts, wide, options):
    page, _ = contexts.new_page(**options)
    goto(page, wide.page_of(1))
    assert no_horizontal_scroll(page)
    marks = page.locator("mark.hl")
    assert marks.count() == len(wide.document(1)["findings"]) >= 15
    rights = []  # each measured on screen: off-screen sizes are estimates
    for index in range(marks.count()):
        into_view(marks.nth(index))
        rights.append(
            marks.nth(index).evaluate("e => Math.max(...[...e.getClientRects()].map(r => r.right))")
        )
    rightmost = max(range(len(rights)), key=rights.__getitem__)
    width = options["viewport"]["width"]
    assert rights[rightmost] > width / 2, "a mark near the right edge to test with"
    for index in (rightmost, len(rights) - 1, 0):
        hover_mark(page, index)
        page.locator("#tip").wait_for(state="visible", timeout=2000)
        assert_inside_viewport(page, "#tip")
        page.mouse.move(0, 0)
        page.keyboard.press("Escape")
        marks.nth(index).focus()
        page.locator("#tip").wait_for(state="visible", timeout=2000)
        assert_inside_viewport(page, "#tip")
        page.keyboard.press("Escape")
    assert no_horizontal_scroll(page)


def hover_mark(page: Any, index: int) -> None:
    """Put the mouse on the right end of the ``index``-th mark (its rightmost line box,
    the place a tooltip is likeliest to overflow), once scrolling has settled: a
    scroll may close the tooltip, and it comes a frame after Playwright's own."""
    mark = page.locator("mark.hl").nth(index)
    into_view(mark)
    x, y = mark.evaluate(
        """e => { const r = [...e.getClientRects()].reduce((a, b) => b.right > a.right ? b : a);
            return [r.right - 2, (r.top + r.bottom) / 2]; }"""
    )
    page.mouse.move(x, y)


# -- themes, print, bilingual ----------------------------------------------------------


def luminance(css_color: str) -> float:
    """Relative luminance (0 black .. 1 white) of an ``rgb()``/``rgba()`` colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def background(page: Any) -> str:
    """The colour behind the text: the body's, else the root's."""
    return page.evaluate(
        """() => { const b = getComputedStyle(document.body).backgroundColor;
            return b === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.documentElement)
                .backgroundColor : b; }"""
    )


@pytest.mark.parametrize("which", ["document", "index"])
@pytest.mark.parametrize(("scheme", "dark"), [("light", False), ("dark", True)])
def test_colour_scheme_follows_the_system(contexts, article, scheme, dark, which):
    page, _ = contexts.new_page(color_scheme=scheme)
    goto(page, article.page_of(1) if which == "document" else article.index)
    bg = luminance(background(page))
    fg = luminance(page.evaluate("() => getComputedStyle(document.body).color"))
    assert (bg < 0.2) if dark else (bg > 0.8), background(page)
    assert (fg > 0.6) if dark else (fg < 0.4)


def test_print_hides_the_toolbar_and_shows_every_paragraph(page, article):
    open_article(page, article)
    page.uncheck("input[name=severity][value=minor]")
    if page.locator("#only-flagged").count():  # the page's own paragraph filter, if any
        page.check("#only-flagged")
        assert page.locator("#p6").is_hidden()  # ¶6 has no finding
    page.emulate_media(media="print")
    assert page.locator("#toolbar").is_hidden()
    paras = page.locator("article.para")
    assert paras.count() == 6
    assert all(paras.nth(i).is_visible() for i in range(6))


TSV = (
    "id\tsource\ttarget\treference\n"
    "row-1\t河水在春天上涨。\tThe the river rose in spring.\tThe river rose in spring.\n"
    "row-2\t农民把山羊赶上山。\tFarmers moved the goats uphill.\t"
    "Farmers drove their goats uphill.\n"
)


def test_bilingual_rows_show_source_target_and_reference_side_by_side(page, make_report):
    run = make_report({"units.tsv": TSV})
    goto(page, run.page_of(1))
    assert page.inner_text("#p1 .unit-id").strip() == "row-1"
    assert page.inner_text("#p2 .unit-id").strip() == "row-2"
    sides = {
        side: page.inner_text(f"#p1 .side.{side}") for side in ("source", "target", "reference")
    }
    assert "河水在春天上涨。" in sides["source"]
    assert "The the river rose in spring." in sides["target"]
    assert "The river rose in spring." in sides["reference"]
    assert page.inner_text('#p1 .side.target mark.hl[data-f="f1"]') == "The the"
    # side by side: one row, left to right, not stacked
    boxes = [box(page, f"#p1 .side.{side}") for side in ("source", "target", "reference")]
    assert boxes[0]["right"] <= boxes[1]["left"] + 1 and boxes[1]["right"] <= boxes[2]["left"] + 1
    assert abs(boxes[0]["top"] - boxes[2]["top"]) < 2


XLIFF = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh" target-language="en" datatype="plaintext" original="t.txt">
    <body>
      <trans-unit id="save-1">
        <source>点击<x id="2"/>保存文件。</source>
        <target>Click <x id="2"/> to save the the file.</target>
      </trans-unit>
      <trans-unit id="harvest-2">
        <source>村庄庆祝了丰收。</source>
        <target></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff_units_show_ids_inline_tags_and_a_missing_translation(page, make_report):
    run = make_report({"units.xlf": XLIFF})
    goto(page, run.page_of(1))
    assert page.inner_text("#p1 .unit-id").strip() == "save-1"
    assert page.inner_text("#p2 .unit-id").strip() == "harvest-2"
    for side in ("source", "target"):
        tags = page.eval_on_selector_all(
            f"#p1 .side.{side} span.tag", "els => els.map(e => e.textContent.trim())"
        )
        assert len(tags) == 1 and re.fullmatch(r"x\s*#?\s*2", tags[0]), (side, tags)
    target = " ".join(page.inner_text("#p1 .side.target").split())
    assert re.search(r"Click x\W*2 to save the the file\.", target), target
    # the missing translation (MT307) is an empty mark in the target
    empty = page.locator("#p2 mark.hl.empty")
    assert empty.count() == 1
    fid = empty.get_attribute("data-f")
    assert page.get_attribute(f"#{fid}", "data-rule") == "MT307"
    page.click(f"#{fid} a.go")
    assert active(page)["f"] == fid


def test_page_is_self_contained_and_requests_nothing(contexts, article):
    page, watch = contexts.new_page()
    open_article(page, article)
    csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    page.click("#f4 a.go")
    page.hover('mark.hl[data-f="f1"]')
    page.click("a#to-index")
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")
    assert watch.requests == []
