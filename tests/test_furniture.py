"""Page furniture: link-list blocks, bylines and fields, consent notices, portal
suffixes, repeated titles, header lines; and the refusal of user packs whose
entries are empty or broken. Every text here is written for the test."""

from __future__ import annotations

import time

import pytest

from mtqa import Config, check_text
from mtqa.registry import load_rules

BODY = (
    "The county paved 300 kilometres of village roads last year, "
    "a month ahead of plan, officials said on Monday."
)


def found(text: str, code: str) -> list[tuple[str, str | None, str]]:
    """(flagged text, suggestion, message) of one rule's findings, in order."""
    report = check_text(text, config=Config(select=(code,)))
    return [(f.text, f.suggestion, f.message) for f in report.documents[0].findings]


def texts(text: str, code: str) -> list[str]:
    return [t for t, _, _ in found(text, code)]


# --- link lists: the label and every headline under it -------------------------------


def test_label_line_and_each_headline_under_it_until_the_prose():
    text = (
        f"{BODY}\n\nMOST READ:\n\nTen tips to grow tomatoes on a balcony\n"
        "\nCity opens a new tram line\n\nWho will win the cup?\n\n" + BODY
    )
    assert found(text, "MT605") == [
        ("MOST READ:", "", "Link-list label or headline, not article text"),
        (
            "Ten tips to grow tomatoes on a balcony",
            "",
            "Link-list label or headline, not article text",
        ),
        ("City opens a new tram line", "", "Link-list label or headline, not article text"),
        ("Who will win the cup?", "", "Link-list label or headline, not article text"),
    ]


@pytest.mark.parametrize(
    "line",
    ["You may also like", "you may also like:", "Top Stories", "Recommended", "Editor's picks"],
)
def test_label_alone_in_any_case_with_or_without_colon(line):
    assert texts(f"{BODY}\n\n{line}\n\n{BODY}", "MT605") == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Related: Ten tips to grow tomatoes on a balcony",
        "Latest news | City opens a new tram line",
        "Most read - City opens a new tram line",
    ],
)
def test_label_before_a_headline_on_the_same_line(line):
    assert texts(f"{BODY}\n\n{line}\n\n{BODY}", "MT605") == [line]


@pytest.mark.parametrize(
    "text",
    [
        f"Related work is described in the next chapter.\n\n{BODY}",
        f"Top stories of the year were about the floods.\n\n{BODY}",
        # headline-shaped lines with no label above them
        f"{BODY}\n\nTen tips to grow tomatoes on a balcony\n\nCity opens a new tram line",
        # a label word opening a sentence is no label line
        f"Recommended doses are lower for children.\n\n{BODY}",
    ],
)
def test_label_words_in_prose_and_unlabelled_headlines_pass(text):
    assert texts(text, "MT605") == []


def test_the_block_ends_at_the_first_sentence():
    text = f"Related\n\nCity opens a new tram line\n\n{BODY}\n\nTea prices rise again"
    assert texts(text, "MT605") == ["Related", "City opens a new tram line"]


def test_see_also_keeps_its_position_severity_and_related_is_a_label():
    text = f"{BODY}\n\nSee also  Ten cheap flights\n\nRelated: Ten cheap flights\n\n{BODY}"
    report = check_text(text, config=Config(select=("MT601", "MT605")))
    got = [(f.rule, f.text, f.severity) for f in report.documents[0].findings]
    assert got == [
        ("MT601", "See also  Ten cheap flights", "critical"),
        ("MT605", "Related: Ten cheap flights", "major"),
    ]


def test_see_also_says_where_it_stands_only_where_there_is_an_article():
    config = Config(select=("MT601",))
    messages = [
        [f.message for f in check_text(text, config=config).documents[0].findings]
        for text in (
            f"{BODY}\n\nSee also  Ten cheap flights\n\n{BODY}",
            f"{BODY}\n\nSee also  Ten cheap flights",
            "See also  Ten cheap flights\n\nShort line.",
        )
    ]
    assert messages == [
        ["Injected 'See also' link line inside the article body"],
        ["Injected 'See also' link line after the article"],
        ["Injected 'See also' link line"],  # no article prose before or after it
    ]


def test_one_sentence_of_news_after_a_link_line_is_the_article_going_on():
    """The rule's own example: a one-sentence paragraph of 13 words after the line
    is article prose (critical, inside the body); a copyright line is not."""
    [example] = next(r for r in load_rules().rules if r.code == "MT601").flags
    config = Config(select=("MT601",))
    found = check_text(example.text, config=config).documents[0].findings
    assert [(f.text, f.severity) for f in found] == [
        ("See also  Ten tips to grow tomatoes on a balcony", "critical")
    ]
    closing = f"{BODY}\n\nSee also  Ten cheap flights\n\nAll rights reserved."
    for footer in (
        "Copyright © 2023 China Daily Information Co. All rights reserved.",
        "This article was originally published by the China Daily website.",
    ):  # sentences, of page furniture
        text = f"{BODY}\n\nSee also  Ten cheap flights\n\n{footer}"
        [link] = check_text(text, config=config).documents[0].findings
        assert link.severity == "major", footer
    [after] = check_text(closing, config=config).documents[0].findings
    assert (after.severity, after.message) == (
        "major",
        "Injected 'See also' link line after the article",
    )


# --- bylines and page fields ---------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "By Anna Lee in Kunming",
        "By Anna Lee | Updated 10:32",
        "By Anna Lee and Tom Wu",
        "Posted by admin on June 25, 2021",
        "County Daily - 3 hours 5 min ago",
        "2 days ago",
        "Author: Anna Lee",
        "Editor: Tom Wu",
        "Source: County Daily",
        "[author] Anna Lee",
        "[content]",
        "【Editor】Tom Wu",
    ],
)
def test_byline_and_field_lines_are_flagged_whole(line):
    assert found(f"Tea farmers grow rich\n\n{line}\n\n{BODY}", "MT604") == [
        (line, "", "Byline or page field, not article text")
    ]


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("[Village notes] Tea farmers grow rich on terraced hills", "[Village notes] "),
        ("(Original title: Tea farmers grow rich)", "Original title:"),
        ("Original topicTea farmers grow rich", "Original topic"),
    ],
)
def test_field_labels_before_a_title_lose_only_the_label(line, flagged):
    assert texts(line, "MT604") == [flagged]


@pytest.mark.parametrize(
    "line",
    [
        "By Monday the road was open again.",
        "By then, the rain had stopped",
        "The report was written by two farmers who moved to the city in 1990.",
        "The bridge opened 3 hours ago.",
        "[He] said the plan would work.",
        "[1] County yearbook, 2020.",
        "The original title of the film was longer.",
        "The source of the river is in the mountains.",
    ],
)
def test_byline_near_misses_pass(line):
    assert texts(f"Tea farmers grow rich\n\n{line}\n\n{BODY}", "MT604") == []


# --- consent notices -----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to give you the best experience.",
        "Our website uses cookies",
        "This site uses cookies to improve your experience.",
        "By using this site you agree to our terms.",
        "By continuing to browse our website, you accept our cookie policy.",
        "Accept all cookies",
        "Accept all",
    ],
)
def test_cookie_and_consent_notices(line):
    assert texts(f"{BODY}\n\n{line}", "MT605") == [line]


@pytest.mark.parametrize(
    "line",
    [
        "“We use cookies only for logins,” the company said.",
        "Many shops said they use cookies to track buyers.",
        "By using this bridge, farmers save an hour.",
        "Accept all cookies, the bank told its customers.",
    ],
)
def test_cookie_near_misses_pass(line):
    assert texts(f"{BODY}\n\n{line}", "MT605") == []


# --- portal suffixes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "flagged"),
    [
        ("Tea farmers grow rich_County Government Network", "_County Government Network"),
        ("Why do tea farmers grow rich? _Example.com", " _Example.com"),
        ("Tea farmers grow rich | County Daily", " | County Daily"),
        ("Tea farmers grow rich | Tea Portal", " | Tea Portal"),
        ("Tea farmers grow rich - example.com", " - example.com"),
        ("Tea farmers grow rich – Hill County News", " – Hill County News"),
        ("Tea - and rice - farmers grow rich - County Daily", " - County Daily"),
    ],
)
def test_portal_suffix_on_the_title(title, flagged):
    assert found(f"{title}\n\n{BODY}", "MT606") == [
        (flagged, "", "Website name glued to the title")
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"Taxes must be fair - Minister\n\n{BODY}",  # a speaker, not a site
        f"Tea farmers grow rich\n\n{BODY}\n\nTea sold well | County Daily",  # not the title
        "The file name is report_final.txt in the folder.",
        f"Tea farmers grow rich - and so do their neighbours\n\n{BODY}",
    ],
)
def test_portal_suffix_near_misses_pass(text):
    assert texts(text, "MT606") == []


# --- repeated titles -----------------------------------------------------------------


def test_title_repeat_and_line_repeat_are_told_apart():
    line = "Tea farmers sold their whole crop to buyers from the city within a week."
    text = f"Tea farmers grow rich\n\nTea farmers grow rich\n\n{BODY}\n\n{line}\n\n{line}"
    assert found(text, "MT602") == [
        ("Tea farmers grow rich", "", "Title repeated word for word, not article text"),
        (line, "", "Line repeated word for word, not article text"),
    ]


def test_title_repeat_with_other_separators_is_the_same_title():
    text = f"Anna Lee | Why tea farmers grow rich\n\n{BODY}\n\nAnna Lee: Why tea farmers grow rich"
    assert texts(text, "MT602") == ["Anna Lee: Why tea farmers grow rich"]


def test_reworded_and_truncated_title_repeats_in_the_header():
    text = (
        "Party members of the county greening centre visit the memorial hall\n\n"
        "Party members of the greening centre\n\n"
        "Visit to the memorial hall of the county\n\n"
        "Party members of the county greening cen…\n\n" + BODY
    )
    assert found(text, "MT602") == [
        (
            "Party members of the greening centre",
            "",
            "Title repeated in other words, not article text",
        ),
        (
            "Visit to the memorial hall of the county",
            "",
            "Title repeated in other words, not article text",
        ),
        (
            "Party members of the county greening cen…",
            "",
            "Title repeated, cut short, not article text",
        ),
    ]


def test_a_speaker_named_after_the_title_is_no_title_repeat():
    text = (
        "Water Resources Department of Hill County holds press conference on floods\n"
        "Anna Lee, spokesperson of the Water Resources Department of Hill County\n\n" + BODY
    )
    assert texts(text, "MT602") == []


def test_a_tag_ending_a_reworded_title_is_left_to_mt609():
    text = (
        "Young people lead the village to rebuild its road\n\n"
        "Hill County: young people lead the village to repair the road (theme)\n\n" + BODY
    )
    report = check_text(text, config=Config(select=("MT602", "MT609")))
    got = [(f.rule, f.text) for f in report.documents[0].findings]
    assert got == [
        ("MT602", "Hill County: young people lead the village to repair the road"),
        ("MT609", " (theme)"),
    ]


def test_title_words_in_the_lead_paragraph_or_below_it_pass():
    text = (
        "County greening centre visits memorial hall\n\n"
        "The county greening centre sent its staff to visit the memorial hall on Monday.\n\n"
        "Greening centre staff at the memorial hall"  # below the first paragraph
    )
    assert texts(text, "MT602") == []


# --- header lines --------------------------------------------------------------------


def test_date_stamp_and_the_pen_name_beside_it():
    text = f"Spring tea comes to market\nThe old tea picker\n2023-04-02 09:15:22\n\n{BODY}"
    assert found(text, "MT609") == [
        ("The old tea picker", "", "Byline or pen name beside the date stamp, not article text"),
        ("2023-04-02 09:15:22", "", "Date stamp line, not article text"),
    ]


@pytest.mark.parametrize(
    "line",
    ["2023-04-02", "2023-04-02 0 By", "April 2, 2023 09:15", "2 April 2023", "2023年4月2日 9:15"],
)
def test_date_stamp_shapes(line):
    assert texts(f"Spring tea comes to market\n\n{line}\n\n{BODY}", "MT609") == [line]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (f"teanews\n\nSpring tea comes to market\n\n{BODY}", "teanews"),
        (f"-Commentary\n\n{BODY}", "-Commentary"),
        (f"Spring tea comes to market (topic)\n\n{BODY}", " (topic)"),
        (f"{BODY}\n\nThe front page of the 312th issue of County Weekly\n\n{BODY}",
         "The front page of the 312th issue of County Weekly"),
    ],
)  # fmt: skip
def test_site_name_column_label_title_tag_and_issue_line(text, flagged):
    assert texts(text, "MT609") == [flagged]


@pytest.mark.parametrize(
    "text",
    [
        f"Saturday, 26 February\n\n{BODY}",  # no year: a match day, not a stamp
        f"Spring tea comes to market\n\nThe market opened on 2 April 2023, a week early.\n\n{BODY}",
        "- Tea prices rose by a third\n- Coffee prices fell",
        f"Spring tea comes to market\n\n{BODY} It sold well (again).",
        # a short line beside no stamp is no byline
        f"Spring tea comes to market\n\nThe old tea picker\n\n{BODY}",
        f"2021\n\n{BODY}",  # a number opening the page is no site name
        f"Spring tea comes to market\n\n{BODY}\n\nThe 312th issue of the magazine came out today.",
    ],
)
def test_header_line_near_misses_pass(text):
    assert texts(text, "MT609") == []


def test_the_title_beside_a_stamp_is_no_pen_name():
    text = f"Tea News Net\n\nSpring tea comes to market\n\n2023-04-02\n\n{BODY}"
    assert texts(text, "MT609") == ["2023-04-02"]


def test_markdown_headings_and_table_rows_have_no_page_header():
    md = f"# introduction\n\n{BODY}\n"
    report = check_text(md, fmt="md", config=Config(select=("MT609",)))
    assert report.documents[0].findings == []
    rows = "\n".join(["target", "Spring tea comes to market", "Anna Lee", "2023-04-02"])
    report = check_text(rows, fmt="tsv", config=Config(select=("MT609",)))
    assert report.documents[0].findings == []


def test_lone_pipe_opening_a_line():
    assert found(f"| {BODY}", "MT603") == [
        ("| ", "", "Stray '|' from the page's navigation, not article text")
    ]
    assert texts("| County | Roads |\n\n| Hill | 300 |", "MT603") == []


# --- user packs: empty or broken entries are refused ---------------------------------

HEAD = (
    '[[rules]]\ncode = "ACME9"\nname = "acme"\ncategory = "Style"\nseverity = "minor"\n'
    'message = "m"\n[[rules.entries]]\nphrase = "subway"\n[[rules.entries]]\n'
)


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('pattern = "x*"', "pattern 'x*': it matches the empty string"),
        ('pattern = "\\\\b"', "it matches the empty string"),
        ('pattern = "a|"', "it matches the empty string"),
        ('pattern = "(?P<flag>a?)b"', "its 'flag' group matches the empty string"),
        ('pattern = "(unclosed"', "bad pattern '(unclosed'"),
        ('pattern = ""', "'pattern' must be a non-empty string"),
        ('phrase = "  "', "'phrase' must be a non-empty string"),
        ('labels = ["Most read", ""]', "label 2 ('') is empty or not a string"),
        ("labels = []", "'labels' must be a non-empty list of labels"),
        ('labels = ["Most read"]\nblock = "yes"', "'block' is true or false"),
        ('phrase = "plan"\nblock = true', "only for a 'labels' entry"),
        ('phrase = "plan"\npattern = "plan"', "exactly one of 'phrase', 'pattern' or 'labels'"),
    ],
)
def test_bad_user_pack_entry_is_one_line_naming_file_rule_and_entry(run, tmp_path, entry, says):
    (tmp_path / "acme.toml").write_text(HEAD + entry + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text here.\n", encoding="utf-8")
    result = run("check", "a.txt", "--rules", "acme.toml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert "acme.toml ACME9 entry 2: " in line and says in line


def test_user_pack_labels_flag_a_block(run, tmp_path):
    (tmp_path / "acme.toml").write_text(
        HEAD + 'labels = ["Hot picks"]\nblock = true\nsuggestion = ""\n', encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text(
        f"{BODY}\n\nHOT PICKS\n\nTen cheap flights\n\n{BODY}\n", encoding="utf-8"
    )
    result = run("check", "a.txt", "--rules", "acme.toml", "--select", "ACME9", "--exit-zero",
                 "--format", "concise")  # fmt: skip
    assert result.exit_code == 0
    assert (
        result.output.count("ACME9") == 2 and ":3:1:" in result.output and ":5:1:" in result.output
    )


# --- hostile input -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "By " + "A" * 50_000,
        "By " + "Aa " * 20_000 + "in",
        "[" + "a" * 50_000,
        "[a]" + " " * 50_000 + "x.",
        "|" * 50_000,
        "2023-04-02 " + "x " * 50_000 + ".",
        "Most read" + " " * 50_000 + "x.",
        "Tea farmers" + " |" * 30_000,
        "Tea_" + "A" * 50_000 + "_",
        "Original " * 20_000,
        "Posted by " + "a " * 50_000,
        "County - " + "3 hours " * 20_000 + "agx",
        "\n\n".join(["Most read"] + ["Ten cheap flights"] * 5_000),
        "\u0130" * 10_000 + "\n\n" + "\u0130" * 10_000,
    ],
)
def test_hostile_lines_are_fast_and_quiet(text):
    start = time.perf_counter()
    report = check_text(text, config=Config(select=("MT6",)))
    assert time.perf_counter() - start < 3
    assert report.documents
