"""mtqa compare: several systems against one reference."""

from __future__ import annotations

import json

import pytest

from .conftest import assert_only_own_style_and_script


def rounds(lines: list[str]) -> list[str]:
    """Six rounds of the lines (30 segments: enough for a paired test), numbered so
    that no paragraph repeats."""
    return [f"{line} #{n}" for n in range(1, 7) for line in lines]


REF = rounds(
    [
        "The village has 20,000 people.",
        "Revenue reached 150 million yuan.",
        "It rained.",
        "The road was opened in May.",
        "Farmers sell tea online.",
    ]
)
GOOD = REF
BAD = rounds(
    [
        "The village has 2,000 people.",
        "Revenue reached 1.5 billion yuan. .",
        "Rain fell.",
        "Road open May.",
        "Farmers sale tea.",
    ]
)
SRC = rounds(
    ["全村共有2万人。", "营收达到1.5亿元。", "下雨了。", "道路五月通车。", "农民网上卖茶。"]
)


def write(tmp_path, name, lines):
    (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_compare_scores_tests_and_differences(run, tmp_path):
    for name, lines in (("ref.txt", REF), ("good.txt", GOOD), ("bad.txt", BAD), ("src.txt", SRC)):
        write(tmp_path, name, lines)
    result = run(
        "compare",
        "good.txt",
        "bad.txt",
        "good.txt",
        "--reference",
        "ref.txt",
        "--source",
        "src.txt",
        "--samples",
        "300",
        "--format",
        "json",
        "--html",
        "c.html",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tool"]["signature"].startswith("mtqa:")
    assert data["tool"]["signature"] in (tmp_path / "c.html").read_text(encoding="utf-8")
    good, bad, same = data["systems"]
    assert good["name"] == "good.txt (1)"
    assert good["bleu"] == 100.0 and good["chrf"] == 100.0 and good["ter"] == 0.0
    assert bad["bleu"] < 50 and bad["findings"] > 0
    assert bad["categories"]["Accuracy/Mistranslation"] == 12  # 2万 and 1.5亿, six times
    # the gate of `mtqa check`, under the same options
    assert (good["passed"], good["verdict"]) == (True, "no penalty")
    assert (bad["passed"], bad["verdict"]) == (False, "under the threshold")
    # mtqa's score of each system is `mtqa check`'s of the same file and source
    assert (good["mtqa_score"], good["mtqa_band"]) == (100.0, "clean")
    checked = json.loads(run("check", "bad.txt", "--source", "src.txt", "--format", "json").stdout)
    score = checked["documents"][0]["score"]
    assert bad["mtqa_score"] == score < 100
    assert bad["mtqa_raw_score"] == checked["documents"][0]["raw_score"]
    assert bad["mtqa_band"] == checked["documents"][0]["band"] != "clean"
    assert good["p_values"] == {t: {"bleu": None, "chrf": None, "ter": None} for t in ("bs", "ar")}
    assert bad["p_values"]["ar"]["chrf"] < 0.05 and bad["p_values"]["bs"]["chrf"] < 0.05
    assert (same["name"], same["chrf"]) == ("good.txt (3)", 100.0)  # names kept apart
    # a system identical to the baseline differs in nothing: no significance (sacrebleu
    # alone gives it the smallest p-value its samples allow)
    assert same["p_values"] == {t: {"bleu": 1.0, "chrf": 1.0, "ter": 1.0} for t in ("bs", "ar")}
    # the bootstrap's 95% interval: a system that matches the reference everywhere
    # scores 100 in every resample; the other varies
    assert same["bootstrap_ci95"]["chrf"] == {"mean": 100.0, "plus_minus": 0.0}
    assert bad["bootstrap_ci95"]["chrf"]["plus_minus"] > 0
    assert data["differences"][0]["spread"] > 0
    assert set(data["signatures"]) == {"bs", "ar"} and "bs:300" in data["signatures"]["bs"]["bleu"]
    html = (tmp_path / "c.html").read_text("utf-8")
    assert "Comparing 3 systems" in html and "good.txt" in html
    assert "not corrected for the 2 systems tested" in html and "±" in html
    assert_only_own_style_and_script(html)
    assert data["paired_segments"] >= 30 and not data["too_few_segments"]
    assert 'class="sig"' in html and "say little" not in html


def test_compare_warns_when_the_tests_rest_on_too_few_segments(run, tmp_path):
    write(tmp_path, "ref.txt", REF[:5])
    write(tmp_path, "good.txt", GOOD[:5])
    write(tmp_path, "bad.txt", BAD[:5])
    args = ("compare", "good.txt", "bad.txt", "--reference", "ref.txt", "--samples", "100")
    table = run(*args).stdout
    assert "warning: the tests rest on 5 paired segments, fewer than 30" in table
    assert "p=" in table and "?" in table.split("p=")[1].split()[0]
    data = json.loads(run(*args, "--format", "json", "--html", "c.html").stdout)
    assert (data["paired_segments"], data["too_few_segments"]) == (5, True)
    html = (tmp_path / "c.html").read_text("utf-8")
    assert "fewer than 30" in html and 'class="sig"' not in html


def test_compare_table_and_misaligned_systems(run, tmp_path):
    write(tmp_path, "ref.txt", REF)
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", BAD[:-1])
    table = run("compare", "a.txt", "a.txt", "--reference", "ref.txt", "--samples", "100")
    header = table.stdout.splitlines()[0].split()
    assert header[:6] == ["system", "BLEU↑", "chrF++↑", "±95%", "TER↓", "mtqa↑"]
    assert "not corrected" not in table.stdout  # one system tested: nothing to correct for
    bad = run("compare", "a.txt", "b.txt", "--reference", "ref.txt")
    assert bad.exit_code == 2 and "misaligned parallel files" in bad.stderr


def test_compare_table_escapes_control_characters_in_names(run, tmp_path):
    write(tmp_path, "ref.txt", REF)
    write(tmp_path, "a\n\x07.txt", GOOD)
    write(tmp_path, "b.txt", BAD)
    table = run("compare", "a\n\x07.txt", "b.txt", "--reference", "ref.txt", "--samples", "100")
    assert table.exit_code == 0
    rows = [line for line in table.stdout.splitlines() if line.startswith("a\\n\\x07.txt ")]
    assert len(rows) == 1 and "\x07" not in table.stdout
    assert "  a\\n\\x07.txt: " in table.stdout  # among the segments that differ most


def test_one_changed_sentence_is_no_significant_difference(run, tmp_path):
    """Approximate randomization with one segment that differs: every shuffle gives
    the real difference again, so p is 1.0 (sacrebleu, counting only the shuffles
    strictly above it, gave 1/10,001)."""
    write(tmp_path, "ref.txt", REF)
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", [*GOOD[:6], "Farmers sale tea online today. #2", *GOOD[7:]])
    args = ("compare", "a.txt", "b.txt", "--reference", "ref.txt", "--format", "json")
    [_, changed] = json.loads(run(*args, "--samples", "200").stdout)["systems"]
    assert changed["chrf"] < 100
    assert changed["p_values"]["ar"] == {"bleu": 1.0, "chrf": 1.0, "ter": 1.0}


def test_line_aligned_files_of_short_lines_stay_one_segment_a_line(run, tmp_path):
    """Subtitle-like lines (short, a lowercase line after one without a full stop)
    that "auto" would read as wrapped paragraphs: parallel files are line-aligned,
    so each line is a segment, as sacrebleu scores them."""
    lines = [f"and then the {w} said" for w in ("farmer", "teacher", "driver")] * 12
    write(tmp_path, "ref.txt", lines)
    write(tmp_path, "a.txt", lines)
    write(tmp_path, "b.txt", [line.replace("said", "says") for line in lines])
    args = ("compare", "a.txt", "b.txt", "--reference", "ref.txt", "--format", "json")
    data = json.loads(run(*args, "--samples", "100").stdout)
    assert data["paired_segments"] == 36


def test_ter_of_a_chinese_target_counts_characters(run, tmp_path):
    """TER splits unspaced Chinese into characters (asian_support works only with
    normalized), in the table's score and in the paired tests alike."""
    write(tmp_path, "ref.txt", ["我们今天去北京开会。"] * 30)
    write(tmp_path, "a.txt", ["我们今天去北京开会。"] * 30)
    write(tmp_path, "b.txt", ["我们明天去北京开会。"] * 30)
    args = ("compare", "a.txt", "b.txt", "--reference", "ref.txt", "--format", "json")
    data = json.loads(run(*args, "--target-lang", "zh", "--samples", "100").stdout)
    assert data["systems"][1]["ter"] == 10.0  # one character of ten, not one sentence of one
    ter = data["signatures"]["ar"]["ter"]
    assert "norm:yes" in ter and "asian:yes" in ter
    assert data["systems"][1]["signatures"]["ter"] == ter.replace("ar:100|seed:12345|", "")


def test_an_empty_translation_keeps_its_line(run, tmp_path):
    """A system whose output has a blank line (an empty translation) is scored with
    it in its place, as sacrebleu scores it, not refused as misaligned."""
    write(tmp_path, "ref.txt", REF)
    write(tmp_path, "a.txt", GOOD)
    write(tmp_path, "b.txt", [*GOOD[:4], "", *GOOD[5:]])
    args = ("compare", "a.txt", "b.txt", "--reference", "ref.txt", "--format", "json")
    result = run(*args, "--samples", "100")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["paired_segments"] == 30
    assert 0 < data["systems"][1]["chrf"] < 100
    [row] = [r for r in data["differences"] if r["segment"] == 5]
    assert row["systems"][1]["text"] == "" and row["reference"] == REF[4]


def test_a_system_output_that_is_no_plain_text_is_refused(run, tmp_path):
    write(tmp_path, "ref.txt", ["Title", "A sentence."])
    (tmp_path / "a.md").write_text("# Title\n\nA sentence.\n", encoding="utf-8")
    result = run("compare", "a.md", "a.md", "--reference", "ref.txt")
    assert result.exit_code == 2
    assert result.stderr == (
        "mtqa: error: a.md: the system output must be plain text (a segment a line or a "
        "paragraph) to be aligned; it is read as md\n"
    )
    piped = run("compare", "ref.txt", "-", "--reference", "ref.txt", "--stdin-format", "md",
                input="# Title\n\nA sentence.\n")  # fmt: skip
    assert piped.exit_code == 2 and "<stdin>: the system output must be plain text" in piped.stderr
    as_reference = run("compare", "ref.txt", "ref.txt", "--reference", "-", "--stdin-format",
                       "tsv", input="a\tb\n")  # fmt: skip
    assert "<stdin>: the --reference must be plain text" in as_reference.stderr
    twice = run("compare", "-", "-", "--reference", "ref.txt", input="A sentence.\n")
    assert twice.exit_code == 2
    assert twice.stderr == "mtqa: error: - (stdin) is given 2 times: stdin can be read once\n"


@pytest.mark.parametrize("where", ["__init__", "__call__"])  # the baseline's bootstrap, the rest
def test_too_many_samples_are_refused_and_memory_running_out_is_said(
    run, tmp_path, monkeypatch, where
):
    """--samples is bounded (sacrebleu holds every resample's indexes at once); a
    run the machine has no memory for says so in one line, exit code 2."""
    write(tmp_path, "ref.txt", REF)
    write(tmp_path, "bad.txt", BAD)
    args = ("compare", "ref.txt", "bad.txt", "--reference", "ref.txt")
    over = run(*args, "--samples", "100001")
    assert over.exit_code == 2 and "100001 is not in the range 0<=x<=100000" in over.stderr

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(f"sacrebleu.significance.PairedTest.{where}", no_memory)
    result = run(*args, "--samples", "50000")
    assert result.exit_code == 2
    assert result.stderr == (
        "mtqa: error: not enough memory for 50,000 resamples of 30 segments: give fewer --samples\n"
    )
