"""Repetition of any shape, glued words and sentences, capitals mid-sentence.

Every sentence here is made up for the test. Each finding is checked by its
exact span and suggestion; each near-miss is a text English allows.
"""

from __future__ import annotations

import pytest

import mtqa
from mtqa import Config

RULES = ("MT201", "MT202", "MT203", "MT204", "MT205", "MT207", "MT208")


def found(text: str, *rules: str) -> list[tuple[str, str, int, str | None]]:
    """(rule, flagged text, start column (0-based, first line), suggestion) on a plain text."""
    report = mtqa.check_text(text, config=Config(select=rules or RULES))
    return [(f.rule, f.text, f.column - 1, f.suggestion) for f in report.documents[0].findings]


# --- loops: one finding a run, the suggestion keeps one copy -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "She kept saying I'm sorry I'm sorry I'm sorry to him.",
            ("MT204", "I'm sorry I'm sorry I'm sorry", 16, "I'm sorry"),
        ),
        (
            "The 5G network 5G network reaches the town.",
            ("MT204", "5G network 5G network", 4, "5G network"),
        ),
        (
            "It was the plan, the plan, the plan for years.",
            ("MT204", "the plan, the plan, the plan", 7, "the plan"),
        ),
        (
            "Rain fell on the the the fields.",
            ("MT205", "the the the", 13, "the"),
        ),
        (
            "He wrote to the well-off well-off families.",
            ("MT205", "well-off well-off", 16, "well-off"),
        ),
    ],
)
def test_a_loop_is_one_finding_that_keeps_one_copy(text, expected):
    assert found(text, "MT204", "MT205") == [expected]


def test_a_loop_of_a_phrase_is_not_also_reported_as_shorter_loops():
    text = "They met on behalf of on behalf of on behalf of the firm."
    assert found(text, "MT204", "MT205") == [
        ("MT204", "on behalf of on behalf of on behalf of", 9, "on behalf of")
    ]


# --- copies joined by a conjunction --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police fought theft and theft at the docks.", ("theft and theft", 14, "theft")),
        ("The pupils were keen on reading and reading.", ("reading and reading", 24, "reading")),
        ("They chased both thieves and thieves.", ("thieves and thieves", 17, "thieves")),
        (
            "Crews continued to work hard and worked hard for weeks.",
            ("work hard and worked hard", 19, "work hard"),
        ),
        (
            "They gave food to the poor, and food to the poor.",
            ("food to the poor, and food to the poor", 10, "food to the poor"),
        ),
        ("It grew from a small and small firm.", ("small and small", 15, "small")),
    ],
)
def test_copies_joined_by_and_are_reported(text, expected):
    assert found(text, "MT204") == [("MT204", *expected)]


def test_a_list_item_written_twice_keeps_the_list():
    assert found("The courts weigh evidence, evidence and law.", "MT204") == [
        ("MT204", "evidence, evidence and law", 17, "evidence and law")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Again and again, more and more people came, on and on.",
        "The cars went round and round, over and over, through and through.",
        "Prices got bigger and bigger and better and better.",
        "He waited and waited and talked and talked.",
        "He has done this time and time again.",
        "There were piles and piles of paper.",
        "She worked there for years and years.",
        "The row was over what was and what was not allowed.",
        "We support head teachers and teachers in class.",
        "She kept running and running and running.",
        "He kept walking and walking.",
        "The deal covers Robocop and Robocop 2.",
        "The two sides met face to face and you have to have a plan.",
        "Come back sooner or later.",
    ],
)
def test_binomials_english_allows(text):
    assert found(text, "MT204", "MT205") == []


# --- doubles English allows ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"No, no, no," he said.',
        "It was very, very hard and really, really cold.",
        "Bye bye, she said, and what he had had was gone.",
        "He said that that was fine.",
        "Federer won 6-4 6-4 in the final.",
        '"Come on, come on," the fans shouted.',
        "They played New York, New York at the end.",
        "The role of the council, the council said, is to plan.",
        "We live up to the hills, and the hills live up to us.",
        "They flew to Walla Walla on Monday.",
        "He went to Koh Phi Phi last year.",
        "The best of the best came, as did a friend of a friend.",
        "He sat in the Court of Session and sheriff courts.",
        "What makes a house a home is its people.",
    ],
)
def test_repetitions_english_allows(text):
    assert found(text, "MT204", "MT205") == []


# --- capitalised doubles -------------------------------------------------------------------


def test_a_capitalised_double_the_document_also_writes_alone_is_a_slip():
    text = "Flights to Lisbon Lisbon resumed. Lisbon is busy."
    assert found(text, "MT205") == [("MT205", "Lisbon Lisbon", 11, "Lisbon")]


def test_a_capitalised_common_noun_doubled_is_a_slip():
    assert found("The Province Province has many lakes.", "MT205") == [
        ("MT205", "Province Province", 4, "Province")
    ]


def test_a_capitalised_double_written_only_so_is_a_name():
    assert found("They flew to Walla Walla. Walla Walla is small.", "MT205") == []


# --- a head noun said twice around "of"; a verb said twice around a word ------------------


def test_a_head_noun_around_of_is_reported_without_a_suggestion():
    assert found("He wrote to the offices of the Central Office at once.", "MT204") == [
        ("MT204", "offices of the Central Office", 16, None)
    ]
    assert found("The team visited workers visited the farm.", "MT204") == [
        ("MT204", "visited workers visited", 9, None)
    ]


def test_a_participle_echoed_as_the_passive_verb_of_its_clause():
    text = "At most, 60 registered farms in the village were registered."
    assert found(text, "MT204") == [
        ("MT204", "registered farms in the village were registered", 12, None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "They are worried about this, they are worried rightly.",
        "Some can be deported. However those detained cannot be deported.",
        "They were concerned about it and what parents are concerned about.",
        "The new network of networks opened, a network of small networks.",
    ],
)
def test_participles_and_heads_english_repeats(text):
    assert found(text, "MT204") == []


# --- repeated sentences ------------------------------------------------------------------


def test_a_repeated_sentence_is_reported_where_it_repeats():
    text = (
        "The county built roads to every village last year.\n\n"
        "Trade grew. The county built roads to every village last year. Prices fell.\n"
    )
    report = mtqa.check_text(text, config=Config(select=("MT207",)))
    (finding,) = report.documents[0].findings
    assert (finding.text, finding.line, finding.column, finding.suggestion) == (
        "The county built roads to every village last year.",
        3,
        13,
        "",
    )


def test_repeated_sentences_in_a_row_are_one_finding():
    sentence = "The county built roads to every village last year. "
    other = "Trade grew along the river in the spring. "
    text = sentence + other + "Prices fell. " + sentence + other + "\n"
    assert [f[1] for f in found(text, "MT207")] == [(sentence + other).strip()]


@pytest.mark.parametrize(
    "text",
    [
        "Trade grew. Trade grew.\n",
        "A long caption about the farms in spring. Photo: staff\n\n"
        "A long caption about the farms in spring. Photo: staff\n",
    ],
)
def test_short_sentences_and_repeated_paragraphs_are_left_alone(text):
    assert found(text, "MT207") == []


# --- capitals after semicolons ---------------------------------------------------------


def test_capitals_after_semicolons_are_reported_unless_names():
    text = (
        "The park opened; In 2021 the farm followed; People are glad; "
        "Others are not; Emma Stone came; Stone said she was glad; I was too.\n"
    )
    assert found(text, "MT201", "MT202") == [
        ("MT202", "In", 17, "in"),
        ("MT202", "People", 44, "people"),
        ("MT202", "Others", 61, "others"),
    ]


def test_a_word_the_headline_capitalises_still_counts_after_a_semicolon():
    text = (
        "Notes on the Training of Township Staff\n\n"
        "Keywords: rural reform; Township staff; skills.\n"
    )
    assert found(text, "MT202") == [("MT202", "Township", 24, "township")]


# --- glued sentences after quotes and names --------------------------------------------


def test_an_opener_glued_after_a_closing_quote_or_a_name():
    assert found('They praised the "clean rivers" The work began in May.', "MT201") == [
        ("MT201", "The", 32, None)
    ]
    assert found("Evening Star News In the spring the fields turn green.", "MT201") == [
        ("MT201", "In", 18, None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"Stop!" The crowd stopped.',
        'He read "Dune." The book stayed with him.',
        "They saw Gone With The Wind in Paris.",
        "She was in The Guardian on Monday.",
        "The cast of Lost In Space met.",
        "Meanwhile The Times went to print.",
    ],
)
def test_titles_and_sentence_ends_are_no_glued_openers(text):
    assert found(text, "MT201") == []


# --- paragraphs that open in lowercase --------------------------------------------------


def test_a_paragraph_opening_in_lowercase_with_a_sentence_opener():
    text = "The town met on Monday.\n\nto further improve the roads, the town formed a team.\n"
    report = mtqa.check_text(text, config=Config(select=("MT203",)))
    assert [(f.text, f.line, f.column, f.suggestion) for f in report.documents[0].findings] == [
        ("to", 3, 1, "To")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The town met on Monday.\n\nmade a new record in the last race of the day.\n",
        "The town met on Monday.\n\nin Paris. The next day they left for home.\n",
        "The town met on Monday and\n\nin the end agreed to build three new roads.\n",
        "The list:\n\n- in stock now for every shop in the town\n",
        "The phone is new.\n\niPhone sales rose sharply in the spring this year.\n",
    ],
)
def test_lowercase_paragraphs_that_are_no_sentence_start(text):
    fmt = "md" if "- in" in text else "txt"
    from mtqa.readers import parse

    report = mtqa.Checker(Config(select=("MT203",))).check(parse(text, "-", fmt))
    assert report.findings == []


# --- glued words ----------------------------------------------------------------------


def test_glued_words_are_split():
    text = "The new road helped the villagersThe county also built schools.\n"
    assert found(text, "MT208") == [("MT208", "villagersThe", 24, "villagers The")]


@pytest.mark.parametrize(
    "text",
    [
        "She bought an iPod and an iMac, and sold them on eBay.",
        "The app runs on macOS; the board uses phpBB.",
        "Follow @greenNews and #cleanRivers, or visit www.cleanRivers.org today.",
        "The device is called a solarBox. Each solarBox has a panel.",
        "They flew on easyJet.",
    ],
)
def test_brand_and_code_shapes_are_not_glued_words(text):
    assert found(text, "MT208") == []


# --- hostile input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "no " * 20000,
        "a b " * 20000,
        "the plan, " * 5000,
        "x" * 200000,
        "İİİ İİİ and İİİ; İ İ",
        "aA" * 50000,
        ("word and " * 3000) + "word",
    ],
)
def test_hostile_input_is_quick_and_safe(text):
    found(text)


# --- run-on sentences -----------------------------------------------------------------


def test_a_run_on_is_read_across_a_full_stop_with_no_space():
    clause = "the county opened schools for the villages"
    run_on = "The county " + ", ".join([clause] * 10) + "."
    text = "Roads were built." + run_on + "Trade grew.\n"
    assert [(f[1], f[2]) for f in found(text, "MT206")] == [(run_on, 17)]


@pytest.mark.parametrize(
    "text",
    [
        "The squad: "
        + ", ".join(["J Smith (Leeds)", "A Jones (Hull)", "B Brown (Bath)"] * 8)
        + ".",
        "The panel was made up of members of the Regional Transport Board, "
        + ", ".join(
            f"the {n} Office of the county council and its many regional partners"
            for n in ("Finance", "Planning", "Housing", "Roads", "Water", "Parks")
        )
        + ".",
    ],
)
def test_lists_are_no_run_ons(text):
    assert found(text + "\n", "MT206") == []


@pytest.mark.parametrize(
    ("text", "severity", "message"),
    [
        ("The the committee met on Monday.", "minor", "Word doubled: 'The the'"),
        ("The people said said said said that.", "major", "Word repeated 4 times: 'said'"),
        ("They sang la la la la all night.", "minor", "Word doubled: 'la la la la'"),
        # ten copies, most of the paragraph: unusable; the message names the word once
        ("Word " * 12 + "end.", "critical", "Word repeated 12 times: 'Word'"),
    ],
)
def test_a_word_looping_is_major_and_filling_its_paragraph_critical(text, severity, message):
    """Four copies of a word or more are the engine looping, not a slip of the
    keyboard (chants and sounds aside); the safe fix keeps one copy either way."""
    (finding,) = mtqa.check_text(text, config=Config(select=("MT205",))).documents[0].findings
    assert (finding.severity, finding.message) == (severity, message)
    assert mtqa.fix_text(text)[0].count(finding.suggestion) == 1
