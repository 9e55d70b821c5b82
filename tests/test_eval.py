"""mtqa eval on hand-made annotated files whose figures are known exactly."""

from __future__ import annotations

import json
import math

import pytest

from mtqa import Config
from mtqa.evaluation.annotations import Annotated, load
from mtqa.evaluation.evaluate import binomial_tail, evaluate, holm, system_agreement
from mtqa.evaluation.metrics import (
    chance_overlap,
    decided_pairs,
    kendall_tau_b,
    pairwise_accuracy,
    pearson,
)

from .conftest import assert_only_own_style_and_script

A1 = "The the plan worked."
B1 = "The plan worked."
A2 = "It rose. . Then fell."
B2 = "Prices went up, then fell again."

LINES = [
    {
        "system": "A",
        "doc": "d",
        "seg_id": 1,
        "target": A1,
        "errors": [
            {
                "category": "Fluency/Grammar",
                "severity": "Major",
                "side": "target",
                "start": 0,
                "end": 7,
                "text": "The the",
            }
        ],
    },
    {"system": "B", "doc": "d", "seg_id": 1, "target": B1, "errors": []},
    {
        "system": "A",
        "doc": "d",
        "seg_id": 2,
        "target": A2,
        "errors": [
            {"category": "Fluency/Punctuation", "severity": "Minor", "start": 11, "end": 15}
        ],
    },
    {
        "system": "B",
        "doc": "d",
        "seg_id": 2,
        "target": B2,
        "errors": [
            {"category": "Accuracy/Mistranslation", "severity": "Major", "start": 0, "end": 6},
            {
                "category": "Accuracy/Omission",
                "severity": "Minor",
                "side": "source",
                "start": None,
                "end": None,
            },
        ],
    },
]


# the doubled word weighs as much as a major error here: the agreement figures below
# need its penalty (5) apart from the stray full stop's (1)
MAJOR_DOUBLES = Config(severity={"MT205": "major"})


def write(tmp_path, lines, extra: str = ""):
    path = tmp_path / "mqm.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n" + extra, encoding="utf-8")
    return path


def test_precision_recall_and_agreement_are_exact(tmp_path):
    ev = evaluate(load(str(write(tmp_path, LINES))), MAJOR_DOUBLES)
    s = ev.summary
    assert (s["translations"], s["systems"], s["source_segments"]) == (4, 2, 2)
    assert (s["base_rate_error"], s["base_rate_major"]) == (0.75, 0.5)
    rules = ev.rules.set_index("rule")
    doubled = rules.loc["MT205"]
    assert (doubled.findings, doubled.segments) == (1, 1)
    assert (doubled.segment_precision, doubled.segment_precision_major) == (1.0, 1.0)
    assert doubled.span_precision == 1.0
    assert doubled.span_chance == pytest.approx(7 / 14)  # starts 0..6 of 0..13 overlap 0..7
    assert doubled.segment_lift == pytest.approx(1 / 0.75)
    assert (doubled.overlapped_major, doubled.human_severity) == (1, "major")
    stray = rules.loc["MT101"]
    assert (stray.findings, stray.segment_precision, stray.segment_precision_major) == (1, 1.0, 0.0)
    assert stray.span_precision == 0.0
    assert stray.span_chance == pytest.approx(6 / (len(A2) - 2))  # starts 9..14 hit 11..15
    assert set(ev.rules.loc[ev.rules.findings > 0, "rule"]) == {"MT101", "MT205"}
    assert all(v == "too rare to tell" for v in ev.rules.verdict)
    recall = ev.categories.set_index("category")
    assert recall.loc["Fluency/Grammar", "recall"] == 1.0
    assert recall.loc["Fluency/Punctuation", "recall"] == 0.0
    assert recall.loc["Accuracy/Mistranslation", "found"] == 0
    assert "Accuracy/Omission" not in recall.index  # marked in the source: no span to overlap
    # seg 1: mtqa ranks A worse, as humans do; seg 2: mtqa ranks A worse, humans B
    assert (s["pairwise_accuracy"], s["pairs"]) == (0.5, 2)
    assert s["pairwise_accuracy_length"] == 1.0
    # mtqa penalties [5, 0, 1, 0] vs human MQM [5, 0, 0.1, 5 + 1]: of the 6 pairs,
    # 3 concordant, 2 discordant, 1 tied in mtqa only: (3 - 2) / sqrt((6 - 1) * 6)
    assert s["kendall_tau_b"] == pytest.approx(1 / 30**0.5)
    # the calibrated score orders the segments as the penalty does; the linear score
    # is 0 for both flawed short segments (5 and 1 points over a few words): a tie
    assert s["segment_tau_b_score"] == pytest.approx(s["kendall_tau_b"])
    assert s["segment_tau_b_linear_score"] == 0.0
    assert (s["segment_pairwise_accuracy_score"], s["segment_pairs"]) == (0.5, 2)
    # documents: A (penalty 6, human 5.1) against B (0, human 11): ranked the other way
    assert (s["document_pairwise_accuracy_score"], s["document_pairs"]) == (0.0, 1)
    assert s["human_mqm"].startswith("computed from the annotated errors")


def test_the_sign_of_a_given_mqm_score_is_detected(tmp_path):
    # mt-metrics-eval style: 0 is best, -5 a major error; the file says so by its errors
    lines = [{**x, "mqm": -sum(5 if e["severity"] == "Major" else 1 for e in x["errors"])}
             for x in LINES]  # fmt: skip
    negated = evaluate(load(str(write(tmp_path, lines))), MAJOR_DOUBLES).summary
    positive = [{**x, "mqm": -x["mqm"]} for x in lines]
    given = evaluate(load(str(write(tmp_path, positive))), MAJOR_DOUBLES).summary
    assert negated["human_mqm"] == "given in the file as a score (higher is better): negated"
    assert given["human_mqm"] == "given in the file as a penalty: higher is worse"
    assert negated["kendall_tau_b"] == pytest.approx(given["kendall_tau_b"])
    assert given["kendall_tau_b"] > 0


def test_verdicts_need_enough_findings_and_a_clear_margin(tmp_path):
    doubled = {
        "target": "The the plan worked.",
        "errors": [{"category": "Fluency/Grammar", "severity": "Major", "start": 0, "end": 7}],
    }
    stray = {"target": "It rose. . Then fell.", "errors": []}
    clean = {
        "target": "Prices went up, then fell again.",
        "errors": [
            {"category": "Accuracy/Mistranslation", "severity": "Minor", "start": 0, "end": 6}
        ],
    }
    lines = [
        {**x, "doc": f"talk{i}", "seg_id": i, "system": name}
        for i in range(10)
        for name, x in (("a", doubled), ("b", stray), ("c", clean))
    ]
    ev = evaluate(load(str(write(tmp_path, lines))), Config(), min_findings=10)
    verdicts = ev.rules.set_index("rule").verdict
    # base rate 2/3; MT205: 10 of 10 on error segments (p = (2/3)^10 = 0.017), spans hit
    assert verdicts["MT205"] == "precise"
    assert verdicts["MT101"] == "not better than chance"  # 0 of 10
    assert (
        evaluate(load(str(write(tmp_path, lines[:9]))), Config())
        .rules.set_index("rule")
        .verdict["MT205"]
        == "too rare to tell"
    )


def test_mqm_from_errors_is_averaged_over_the_raters(tmp_path):
    """Without an "mqm" field, a translation's penalty is every rater's errors
    weighed (WMT) and averaged over its raters, those who found nothing counted
    (n_raters, else the raters list, else the raters its errors name)."""

    def error(rater, severity, category="Accuracy/Mistranslation"):
        return {"rater": rater, "category": category, "severity": severity, "start": 0, "end": 4}

    lines = [
        {"target": "This one.", "errors": [error("r1", "Major"), error("r2", "Major")],
         "n_raters": 3},  # the third rater found nothing: (5 + 5) / 3
        {"target": "This two.", "errors": [error("r1", "Major"), error("r2", "Minor")]},
        {"target": "This too.", "errors": [error("r1", "minor", "fluency/punctuation")],
         "raters": ["r1", "r2"]},  # a minor punctuation error weighs 0.1, in any case
    ]  # fmt: skip
    path = tmp_path / "raters.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    assert [i.mqm for i in load(str(path)).items] == pytest.approx([10 / 3, 3.0, 0.05])
    # without a count, the raters the file names rated each line: one major error
    # of three raters' ratings is 5 / 3, not 5; n_raters 3.0 is three
    alone = {"target": "This one.", "errors": [error("r3", "Major")], "system": 0}
    counted = {**lines[0], "n_raters": 3.0, "system": None}
    path.write_text("".join(json.dumps(x) + "\n" for x in [*lines, alone, counted]))
    items = load(str(path)).items
    assert [i.mqm for i in items] == pytest.approx([10 / 3, 2.0, 0.05, 5 / 3, 10 / 3])
    assert [i.system for i in items[-2:]] == ["0", "system"]
    for bad, why in (
        ({"mqm": "3"}, "field 'mqm' is not a finite number"),
        ({"n_raters": 0}, "field 'n_raters' is 0, not a count of raters"),
    ):
        path.write_text(f"{json.dumps(lines[1])}\n{json.dumps({**lines[0], **bad})}\n")
        assert why in load(str(path)).problems[0]


def test_segments_are_a_set_s_own_and_a_system_translates_one_once(tmp_path):
    """Two test sets may both number a segment 1: they are two source segments.
    A second line by one system for one segment is named and left out."""
    lines = [
        {"set": s, "system": m, "seg_id": 1, "target": f"Text {s} {m}.", "errors": []}
        for s in ("news", "ted")
        for m in ("a", "b")
    ]
    lines.append({**lines[0], "target": "Again."})
    path = tmp_path / "sets.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    loaded = load(str(path))
    assert sorted({i.seg_id for i in loaded.items}) == ["news/1", "ted/1"]
    assert len(loaded.items) == 4
    assert loaded.problems == [
        f"{path}:5: system 'a' translated segment 'news/1' on line 1 already; "
        "one translation a system and segment"
    ]


def test_segment_ids_are_a_documents_own_and_lines_end_at_line_feeds(tmp_path, run):
    """Ids that start again in each document name two segments (the document is part
    of a segment's identity); 1.0 and 1 are one id; a U+2028 or U+0085 that a JSON
    writer leaves raw inside a string ends no line; stdin is read for ``-``."""
    lines = [
        {"doc": d, "system": m, "seg_id": 1, "target": f"Text{sep}{d} {m}.", "errors": []}
        for d, sep in (("d1", "\u2028"), ("d2", "\u0085"))
        for m in ("a", "b")
    ]
    lines.append({**lines[0], "seg_id": 1.0, "target": "Again."})
    text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    path = tmp_path / "docs.jsonl"
    path.write_text(text, encoding="utf-8")
    loaded = load(str(path))
    assert [(i.doc, i.seg_id, i.target[:5]) for i in loaded.items] == [
        ("d1", "1", "Text\u2028"), ("d1", "1", "Text\u2028"),
        ("d2", "1", "Text\u0085"), ("d2", "1", "Text\u0085"),
    ]  # fmt: skip
    assert loaded.problems == [
        f"{path}:5: system 'a' translated segment '1' of document 'd1' on line 1 already; "
        "one translation a system and segment"
    ]
    piped = json.loads(run("eval", "-", "--format", "json", input=text).stdout)
    assert piped["summary"]["source_segments"] == 2


def test_holm_corrects_for_the_rules_tested_together():
    # three tests: 0.01 < 0.05/3 passes; 0.03 is not under 0.05/2, and stops the rest
    assert holm({"a": 0.01, "b": 0.04, "c": 0.03}) == {"a"}
    assert holm({"a": 0.01, "b": 0.02}) == {"a", "b"}  # 0.01 < 0.025, 0.02 < 0.05
    assert holm({"a": 0.04, "b": 0.04}) == set()  # each would pass alone
    assert holm({}) == set()


def test_binomial_tail():
    assert binomial_tail(0, 5, 0.3) == pytest.approx(1.0)
    assert binomial_tail(10, 10, 0.5) == pytest.approx(0.5**10)
    assert binomial_tail(6, 10, 0.455) == pytest.approx(0.2723, abs=1e-3)
    # a rule that flags a thousand segments: the coefficients are past a float's range
    assert binomial_tail(1100, 1100, 0.45) == pytest.approx(0.45**1100, abs=1e-300)
    assert binomial_tail(400, 1100, 0.45) == pytest.approx(1.0, abs=1e-8)
    assert binomial_tail(550, 1100, 0.45) == pytest.approx(
        4.911572381e-4, rel=1e-6
    )  # exact, in fractions


def test_metrics_by_hand():
    assert chance_overlap(10, 2, [(4, 5)]) == pytest.approx(2 / 9)
    assert chance_overlap(10, 20, [(0, 1)]) == 1.0
    assert chance_overlap(10, 2, []) == 0.0
    assert chance_overlap(10, 1, [(3, 3)]) == pytest.approx(1 / 10)  # an insertion point
    assert kendall_tau_b([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pairwise_accuracy([[(1, 0), (0, 0)]]) == (0.5, 1)  # a predicted tie counts half
    # of the pairs humans rank apart, those the prediction orders: (right, ordered)
    group = [(3, 2), (0, 0), (1, 0), (1, 5)]  # 5 pairs ranked apart, 1 tied by mtqa
    assert decided_pairs([group]) == (3, 4)  # only the first and the last misordered
    assert pairwise_accuracy([group]) == (pytest.approx((3 + 0.5) / 5), 5)  # a tie: half


def test_system_level_agreement_over_the_segments_all_systems_translated():
    """Each system's mean penalty a segment against its mean human MQM, over the
    source segments every system has (s3 lacks segment 2, so segment 2 is left
    out for all)."""

    def item(line, system, seg, mqm, target="Some words here."):
        return Annotated(line, system, "d", seg, 0.0, "", target, (), mqm)

    items = [
        item(1, "s1", "1", 0.0), item(2, "s1", "2", 9.0),
        item(3, "s2", "1", 5.0), item(4, "s2", "2", 0.0),
        item(5, "s3", "1", 10.0, "Many more words in this one."),
    ]  # fmt: skip
    penalty = {1: 0.0, 2: 50.0, 3: 1.0, 4: 0.0, 5: 25.0}
    s = system_agreement(items, penalty)
    assert (s["system_count"], s["system_segments"], s["system_pairs"]) == (3, 1, 3)
    assert s["system_pearson"] == pytest.approx(pearson([0, 1, 25], [0, 5, 10]))
    assert s["system_tau_b"] == pytest.approx(1.0) and s["system_pairwise_accuracy"] == 1.0
    assert s["system_tau_b_length"] == pytest.approx(kendall_tau_b([16, 16, 28], [0, 5, 10]))
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert math.isnan(pearson([1, 1, 1], [1, 2, 3])) and math.isnan(pearson([1], [2]))


def test_broken_lines_are_reported_with_line_numbers(tmp_path, run):
    bad = [
        "{not json",
        json.dumps(
            {
                "target": "Hi there.",
                "errors": [
                    {"category": "X", "severity": "Major", "start": 0, "end": 2, "text": "Yo"}
                ],
            }
        ),
        json.dumps({"errors": []}),
        json.dumps({"target": "Hi.", "errors": [{"category": "X", "severity": "Huge"}]}),
    ]
    path = write(tmp_path, LINES, "\n".join(bad) + "\n")
    loaded = load(str(path))
    assert len(loaded.items) == 4
    assert [p.split(": ", 1)[1] for p in loaded.problems] == [
        "not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "span 0..2 is 'Hi', not 'Yo'",
        "missing field 'target' (a string)",
        "unknown severity 'Huge'",
    ]
    assert [p.split(":")[1] for p in loaded.problems] == ["5", "6", "7", "8"]
    result = run("eval", str(path))
    assert result.exit_code == 0
    assert "4 broken lines skipped" in result.stdout
    assert "mtqa: skipped " in result.stderr and ":5: not valid JSON" in result.stderr
    strict = run("eval", str(path), "--strict")
    assert strict.exit_code == 2
    assert strict.stderr.strip().endswith(
        ":5: not valid JSON (Expecting property name enclosed in double quotes at column 2)"
    )


def test_eval_outputs(tmp_path, run):
    path = write(tmp_path, LINES)
    table = run("eval", str(path)).stdout
    assert table.splitlines()[0].split()[:4] == ["rule", "name", "status", "find"]
    data = json.loads(run("eval", str(path), "--format", "json").stdout)
    assert data["summary"]["pairs"] == 2 and data["tool"]["name"] == "mtqa"
    assert data["tool"]["signature"].startswith("mtqa:")
    assert data["tool"]["signature"] == data["summary"]["signature"]
    mt205 = next(r for r in data["rules"] if r["rule"] == "MT205")
    assert mt205["span_chance"] == 0.5
    csv = run("eval", str(path), "--format", "csv", "--html", "e.html").stdout
    assert csv.splitlines()[0].startswith("rule,name,status,origin,severity,findings")
    # a rule that overlapped no human error has an empty human severity, not a "-"
    # that the spreadsheet guard would write as "'-"
    assert "'-" not in csv
    assert {r["human_severity"] for r in data["rules"] if not r["findings"]} == {""}
    html = (tmp_path / "e.html").read_text(encoding="utf-8")
    assert '<section id="mtqa-eval">' in html and "<td>MT205</td>" in html
    assert_only_own_style_and_script(html)


def test_eval_measures_a_user_pack(tmp_path, run):
    (tmp_path / "p.toml").write_text(
        '[[rules]]\ncode = "X001"\nname = "plan-word"\ncategory = "Style"\nseverity = "minor"\n'
        'message = "m"\n[[rules.entries]]\nphrase = "plan"\n',
        encoding="utf-8",
    )
    data = json.loads(
        run("eval", str(write(tmp_path, LINES)), "--rules", "p.toml", "--format", "json").stdout
    )
    row = next(r for r in data["rules"] if r["rule"] == "X001")
    # "plan" in A1 (an error elsewhere in the segment) and B1 (no error)
    assert (row["findings"], row["segment_precision"], row["span_precision"]) == (2, 0.5, 0.0)
    assert row["origin"].endswith("p.toml")


def test_missing_annotation_file(run):
    result = run("eval", "nope.jsonl")
    assert result.exit_code == 2 and "nope.jsonl: no such file" in result.stderr


def test_dev_data_defaults_earn_their_place(shared):
    ev = evaluate(load(str(shared / "data" / "mqm" / "zhen_ted_dev.jsonl")), Config())
    defaults = ev.rules[ev.rules.status == "default"]
    assert not (defaults.verdict == "not better than chance").any(), defaults


def test_eval_and_check_find_the_same_on_the_same_text(tmp_path, run):
    lines = [
        {"system": "A", "doc": "d", "seg_id": 1, "source": "全村共有2万人。",
         "target": "The village has 2,000 residents. . It grew.", "errors": []},
        {"system": "A", "doc": "d", "seg_id": 2, "source": "道路通车。",
         "target": "The the road opened to traffic in May.", "errors": []},
    ]  # fmt: skip
    path = write(tmp_path, lines)
    ev = evaluate(load(str(path)), Config())
    by_rule = dict(ev.rules.loc[ev.rules.findings > 0, ["rule", "findings"]].values)
    out = run("check", str(path), "--select", "ALL", "--format", "json", "--languagetool", "off")
    found = [f["rule"] for f in json.loads(out.stdout)["documents"][0]["findings"]]
    assert by_rule == {rule: found.count(rule) for rule in found}
    assert by_rule == {"MT101": 1, "MT205": 1, "MT701": 1}


def test_an_undefined_correlation_reads_n_a(tmp_path):
    """A tau-b over pairs that all tie on one side (one pair of documents of one
    length) is NaN: the summary says n/a, not nan."""
    from types import SimpleNamespace

    from mtqa.evaluation.output import summary_lines

    ev = evaluate(load(str(write(tmp_path, LINES))), MAJOR_DOUBLES)
    summary = {**ev.summary, "document_tau_b_linear_score": float("nan")}
    lines = "\n".join(summary_lines(SimpleNamespace(summary=summary)))
    assert "nan" not in lines and "(n/a)" in lines
