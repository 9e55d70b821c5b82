"""axe-core on the report pages: no violation of impact serious or critical, on the
document page in both colour schemes (with marks, a selection and an open tooltip) and
on the index. axe-core comes from the npm registry (.ci/run fetches it)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import ARTICLE, ARTICLE_ARGS, Contexts, MakeReport, Run, axe_violations, goto

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in BLOCKING]


def explain(violations: list[dict[str, Any]]) -> str:
    """The violations, readable in a failed assertion."""
    return json.dumps(violations, indent=1, ensure_ascii=False)


@pytest.fixture(scope="module")
def bilingual(make_report: MakeReport) -> Run:
    """A two-document run: an article and a TSV with source, target and reference."""
    from .test_document_page import TSV

    return make_report({"article.txt": ARTICLE, "units.tsv": TSV}, *ARTICLE_ARGS)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("number", [1, 2], ids=["article", "bilingual"])
def test_document_page_has_no_serious_violations(axe, bilingual, scheme, number):
    found = blocking(axe(bilingual.page_of(number), color_scheme=scheme))
    assert found == [], explain(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_index_page_has_no_serious_violations(axe, bilingual, scheme):
    found = blocking(axe(bilingual.index, color_scheme=scheme))
    assert found == [], explain(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_document_page_in_use_has_no_serious_violations(
    contexts: Contexts, axe_source: str, bilingual: Run, scheme: str
) -> None:
    """The states a reviewer leaves the page in: findings marked, one selected and
    filtered, a tooltip open, the keys help shown."""
    page, _ = contexts.new_page(bypass_csp=True, color_scheme=scheme)
    goto(page, bilingual.page_of(1))
    page.click("#f2 button.mark[data-status=accepted]")
    page.click("#f4 button.mark[data-status=false-positive]")
    page.click("#f6 button.mark[data-status=fixed]")
    page.uncheck("input[name=severity][value=neutral]")
    page.click('mark.hl[data-f="f7 f8"]')
    page.focus('mark.hl[data-f="f1"]')
    page.keyboard.press("?")
    found = blocking(axe_violations(page, axe_source))
    assert found == [], explain(found)


def test_axe_finds_what_it_should(contexts: Contexts, axe_source: str, tmp_path) -> None:
    """The harness itself: axe runs and reports a planted violation (a button without
    a name), so that an empty list above means something."""
    planted = tmp_path / "planted.html"
    planted.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><main>"
        "<button></button></main></body></html>",
        encoding="utf-8",
    )
    page, _ = contexts.new_page(bypass_csp=True)
    page.goto(planted.as_uri())
    page.add_script_tag(content=axe_source)
    found = page.evaluate("async () => (await axe.run()).violations.map(v => [v.id, v.impact])")
    assert ["button-name", "critical"] in found
