"""Hostile text in the report pages, in Chromium: markup, script, template syntax,
bidirectional overrides, invisible characters, an endless word and a file name with a
tag in it are shown as the characters they are, run nothing, load nothing and break no
layout. (The escaping itself is also tested without a browser in tests/test_html.py;
here the browser, the pages' script and their tooltips take part.)"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import READY, MakeReport, Run, goto, into_view

pytestmark = pytest.mark.browser

LITERALS = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    '" onmouseover="alert(4)"',
    "[click here](javascript:alert(5))",
    "javascript:alert(5) directly",
    "<style>body{display:none}</style>",
    "{{7*7}} and ${7*7}",
]
LONG_WORD = "x" * 20000
PARAGRAPHS = [
    f"The the page printed {LITERALS[0]} as plain text.",
    f"A closing tag {LITERALS[1]} came next . . in the feed.",
    f"An image tag {LITERALS[2]} sat in the caption , too.",
    f"A quote breaker {LITERALS[3]} hid in the title.",
    f"Readers could {LITERALS[4]} or visit {LITERALS[5]}.",
    f"A style block {LITERALS[6]} must not hide the page.",
    f"Template markers {LITERALS[7]} stay as they were typed.",
    # a right-to-left override (closed by U+202C) and Arabic words
    "The price was \u202eolleh\u202c and the sign read مرحبا بكم في القرية in the square.",
    "Zero\u200bwidth\u200cjoiners\u200dand\ufeffmarks sat inside these words.",
    LONG_WORD + " and the the end.",
    "The last paragraph ends the the file.",
]
HOSTILE = "\n\n".join(PARAGRAPHS) + "\n"
MARKDOWN = (
    "# Links\n\nReaders could [click here](javascript:alert(5)) or visit "
    "<javascript:alert(5)> or javascript:alert(5) on their own.\n\n"
    "<script>alert(1)</script>\n\nThe the end.\n"
)
BOLD_NAME = "<b>bold.txt"


@pytest.fixture(scope="module")
def hostile(make_report: MakeReport) -> Run:
    bold = "The the bold name came from a scraper.\n"
    return make_report({"hostile.txt": HOSTILE, BOLD_NAME: bold, "links.md": MARKDOWN})


def injected(page: Any) -> dict[str, int]:
    """Elements the text must not have become: scripts carrying alert(), images,
    event-handler attributes, javascript: links, style sheets hiding the body."""
    return page.evaluate(
        """() => ({
            scripts: [...document.scripts].filter(s => s.text.includes('alert(')).length,
            images: document.images.length,
            handlers: document.querySelectorAll('[onmouseover], [onerror], [onclick]').length,
            jslinks: [...document.links]
                .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
            styles: [...document.querySelectorAll('style')]
                .filter(s => s.textContent.includes('display:none')).length,
            bodyShown: getComputedStyle(document.body).display !== 'none',
        })"""
    )


CLEAN = {"scripts": 0, "images": 0, "handlers": 0, "jslinks": 0, "styles": 0, "bodyShown": True}


def layout_intact(page: Any) -> None:
    """No horizontal scrolling, and the findings column still on screen beside or
    below the text."""
    sizes = page.evaluate(
        """() => {
            const rect = s => document.querySelector(s).getBoundingClientRect().toJSON();
            return {scroll: document.documentElement.scrollWidth, inner: innerWidth,
                    aside: rect('aside#findings'), text: rect('section#text')};
        }"""
    )
    assert sizes["scroll"] <= sizes["inner"], sizes
    aside = sizes["aside"]
    assert page.locator("aside#findings").is_visible()
    assert aside["width"] >= min(200, sizes["inner"] / 2) and aside["height"] > 50, sizes
    assert aside["left"] >= 0 and aside["right"] <= sizes["inner"], sizes
    assert sizes["text"]["right"] <= sizes["inner"], sizes


@pytest.mark.parametrize("width", [1280, 400])
def test_hostile_text_is_shown_literally_and_runs_nothing(contexts, hostile, width):
    page, watch = contexts.new_page(viewport={"width": width, "height": 800})
    goto(page, hostile.page_of(1))
    # the first paragraph as rendered; all of them as text (off-screen paragraphs are
    # rendered lazily, and innerText leaves out what is not rendered)
    assert LITERALS[0] in page.inner_text("#p1")
    text = page.text_content("section#text")
    for literal in LITERALS:
        assert literal in text, literal
    assert "مرحبا بكم في القرية" in text
    # (the reader cuts a line this long into paragraphs of 10,000 characters)
    assert sum(len(run) for run in re.findall(r"x{1000,}", text)) == len(LONG_WORD)
    assert injected(page) == CLEAN
    layout_intact(page)
    # every mark's tooltip (flagged text included) is text too; hovering runs nothing
    marks = page.locator("mark.hl")
    assert marks.count() == len(hostile.document(1)["findings"])
    for index in range(marks.count()):
        # scrolled to first: a focus that scrolls may close the tip, which
        # test_document_page.py tests on its own
        into_view(marks.nth(index))
        marks.nth(index).focus()
        page.locator("#tip").wait_for(state="visible", timeout=2000)
        page.keyboard.press("Escape")
    page.hover("text=onmouseover")
    page.click("text=javascript:alert(5) directly")
    assert injected(page) == CLEAN
    layout_intact(page)
    assert watch.dialogs == [] and watch.console_errors == [] and watch.requests == []


def test_search_for_markup_is_text_too(page, hostile):
    goto(page, hostile.page_of(1))
    page.fill("#search", "<img src=x onerror=alert(3)>")
    shown = page.eval_on_selector_all(
        "li.finding", "els => els.filter(e => !e.hidden).map(e => e.dataset.para)"
    )
    assert shown == ["3"]  # the paragraph holding it has one finding
    assert injected(page) == CLEAN


def test_markdown_javascript_links_are_not_links(page, hostile):
    goto(page, hostile.page_of(3))
    text = page.inner_text("section#text")
    assert "javascript:alert(5)" in text
    assert injected(page) == CLEAN
    for index in range(page.locator("section#text a").count()):
        page.locator("section#text a").nth(index).click()
    assert injected(page) == CLEAN


def test_file_name_with_a_tag_is_text_on_both_pages(page, hostile):
    goto(page, hostile.index)
    row = page.locator("tr.doc").nth(1)
    assert row.get_attribute("data-path") == BOLD_NAME
    assert BOLD_NAME in row.locator("td").nth(1).inner_text() or BOLD_NAME in row.inner_text()
    assert row.locator("b").count() == 0
    assert injected(page) == CLEAN
    page.fill("#doc-search", "<b>")
    assert page.eval_on_selector_all(
        "tr.doc", "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.path)"
    ) == [BOLD_NAME]
    page.fill("#doc-search", "")
    row.locator("a.doc-link").click()
    page.wait_for_function(READY)
    assert page.url == hostile.page_of(2).as_uri()
    assert BOLD_NAME in page.title()
    assert BOLD_NAME in page.inner_text("#summary")
    assert page.locator("#summary b").count() == 0
    assert hostile.page_of(2).name.isascii()
    layout_intact(page)


def test_the_harness_notices_dialogs_console_errors_and_requests(contexts, tmp_path):
    """What every test above relies on: the watch sees a dialog, a console error and a
    network request (and would fail the test for them; this one allows and clears them)."""
    planted = tmp_path / "planted.html"
    planted.write_text(
        "<!DOCTYPE html><title>t</title><script>alert('hi'); console.error('oops');"
        " fetch('http://127.0.0.1:9/x').catch(() => {});</script>",
        encoding="utf-8",
    )
    page, watch = contexts.new_page()
    page.goto(planted.as_uri())
    page.wait_for_timeout(200)
    assert watch.dialogs == ["alert: hi"]
    assert any(e.startswith("oops") for e in watch.console_errors)
    assert watch.requests == ["http://127.0.0.1:9/x"]
    assert len(watch.problems()) >= 3
    watch.dialogs.clear()
    watch.console_errors.clear()
    watch.requests.clear()
