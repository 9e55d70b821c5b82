"""The HTML report: self-contained, escaped, findings highlighted in place."""

from __future__ import annotations

import re

from mtqa import __version__, check_text
from mtqa.writers.html import to_html

HOSTILE = 'Tags <script>alert("x")</script> & "quotes". . The the end <img src=x onerror=y>.'


def test_every_byte_of_input_is_escaped():
    html = to_html(check_text(HOSTILE), __version__)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;" in html


def test_self_contained_no_network():
    html = to_html(check_text(HOSTILE), __version__)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link" not in html and "@import" not in html


def test_findings_are_marked_in_place_with_message_and_suggestion():
    html = to_html(check_text("It rose. . The the end came."), __version__)
    assert (
        '<mark class="minor" tabindex="0">. .<span class="tip" role="tooltip">'
        "<b>MT101 stray-punctuation</b> [minor] Stray punctuation &#39;. .&#39;"
        " — suggestion: “.”</span></mark>"
    ) in html
    assert '<mark class="minor" tabindex="0">The the' in html
    assert "mark:hover .tip, mark:focus .tip" in html


def test_document_summary_and_counts():
    html = to_html(check_text("It rose. . Then it fell."), __version__)
    assert "Fluency/Punctuation</td><td>1</td>" in html
    assert 'class="verdict fail">FAIL' in html


def test_worst_first_order_on_request():
    report = check_text("Fine text here.\n\nThe the end. . Came.")
    html = to_html(report, __version__, worst_first=True)
    assert 'data-order="worst"' in html and 'id="worst" checked' in html


def test_the_page_says_what_was_left_out_and_how_files_were_read(tmp_path):
    from mtqa import Config, check_paths

    page = tmp_path / "a.md"
    page.write_bytes(
        "<!-- mtqa: disable MT205 -->\n\nIt rose. . The the end came.\n".encode("utf-16")
    )
    report = check_paths([str(page)], config=Config(languagetool="off"))
    html = to_html(report, __version__)
    assert "Left out: 1 finding suppressed by comments or per-file ignores" in html
    assert "read as utf-16 (1)" in html
    assert 'class="verdict' in html and "too short to judge" not in html
