"""Bilingual formats and the rules that read the source: exact places, safe parsing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from mtqa import Config, __version__, check_paths
from mtqa.language.numbers import source_numbers, target_numbers
from mtqa.model import TAG, RunInfo
from mtqa.writers.html import document_page

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
ESCAPE_STARTS = {"&", "\\", '"'}  # an entity, a JSON or PO escape, a doubled CSV quote

EXPECTED = {
    "units.tsv": [("MT701", "2,000"), ("MT702", "每天锻炼身体。"), ("MT101", ". .")],
    "units.csv": [("MT101", ". ."), ("MT701", "second")],
    "units.jsonl": [("MT701", "2,000"), ("MT101", ". .")],
    "units.xlf": [("MT701", "2,000"), ("MT101", ". ."),
                  ("MT705", "Click to save <now>. . Thanks."), ("MT705", "<now>"),
                  ("MT101", ". ."), ("MT307", "")],  # unit 3 has no <target>
    "units2.xlf": [("MT705", "Revenue reached 1.5 billion yuan. . \ufffcUp \"again\"."),
                   ("MT701", "1.5 billion"), ("MT101", ". .")],
    "units.tmx": [("MT701", "first"), ("MT101", ". .")],
    "units.po": [("MT705", "%s"), ("MT101", ". ."), ("MT205", "the the")],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_formats_find_the_right_spans_at_the_right_places(name):
    report = check_paths([str(FIXTURES / name)], config=Config(select=("ALL",)))
    (doc,) = report.documents
    assert [(f.rule, f.text) for f in doc.findings] == EXPECTED[name]
    lines = doc.document.file_text.split("\n")
    for f in doc.findings:
        seg = doc.document.segments[f.segment - 1]
        assert seg.text[f.start : f.end] == f.text
        if not f.text:  # an untranslated unit (MT307): no text, at its source
            assert seg.untranslated and f.start == f.end == 0
            continue
        raw = doc.document.file_text[seg.file_offset(f.start) :]
        assert raw[0] == f.text[0] or raw[0] in ESCAPE_STARTS or f.text[0] == TAG, (f, raw[:10])
        assert lines[f.line - 1][f.column - 1] == raw[0]
        for i, ch in enumerate(f.text):  # every character maps to itself or its escape,
            at = doc.document.file_text[seg.file_offset(f.start + i)]  # an inline code
            assert at == ch or at in ESCAPE_STARTS or (ch == TAG and at == "<"), (f, i)


def test_units_carry_source_ids_and_languages():
    (doc,) = check_paths([str(FIXTURES / "units.xlf")]).documents
    seg = doc.document.segments[0]
    assert (seg.id, seg.source) == ("1", "全村共有2万人。")
    assert seg.text == "The village has 2,000 residents & guests. . Done."
    assert (seg.tags, seg.source_tags) == (("g#b",), ("g#b",))
    assert (doc.document.source_lang, doc.document.target_lang) == ("zh-CN", "en-US")
    (po,) = check_paths([str(FIXTURES / "units.po")]).documents
    assert [s.id for s in po.document.segments] == ["共有%d个文件", "一个苹果", "一个苹果[1]"]
    assert po.document.segments[0].text == 'There are %s files. . In total "many".'


def test_english_rules_do_not_run_on_other_targets(tmp_path):
    xlf = (FIXTURES / "units2.xlf").read_text("utf-8").replace('trgLang="en"', 'trgLang="de"')
    (tmp_path / "de.xlf").write_text(xlf, encoding="utf-8")
    report = check_paths([str(tmp_path / "de.xlf")], config=Config(select=("ALL",)))
    rules = {f.rule for f in report.documents[0].findings}
    # the added <ph/>, the doubled full stop and "1.5", which German reads as 1 and 5:
    # rules that need no English run; the English ones (MT102-MT6xx) stay quiet
    assert rules == {"MT705", "MT101", "MT701"}
    assert report.skipped["MT102"] == "not for target language 'de'"


@pytest.mark.parametrize(
    ("source", "value"),
    [("2万", 20000), ("1.5亿", 150_000_000), ("3千", 3000), ("百分之五", 5), ("一季度", 1),
     ("三千五百人", 3500), ("两万元", 20000), ("一千万元", 10_000_000), ("二〇二一年", 2021),
     ("12.5%", 12.5), ("第二", 2), ("一点五倍", 1.5)],
)  # fmt: skip
def test_chinese_numbers(source, value):
    assert [n.value for n in source_numbers(source)] == [value]


def test_dates_and_words_that_are_not_numbers():
    assert [n.value for n in source_numbers("2021年6月25日")] == [2021, 6, 25]
    for word in ("一些人", "一直", "千万不要", "十几个", "万一下雨"):
        assert source_numbers(word) == []
    values = [n.value for n in target_numbers("On June 25, 2021, 150 million and twenty-five")]
    assert values == [6, 25, 2021, 150_000_000, 25]
    assert [n.value for n in target_numbers("a hundred thousand years, twice")] == [100_000, 2]
    assert target_numbers("It may rain as the troops march.") == []  # a modal, a verb


def test_parallel_plain_text(run, tmp_path):
    (tmp_path / "t.txt").write_text("The village has 2,000 people.\nIt rained.\n", "utf-8")
    (tmp_path / "s.txt").write_text("全村共有2万人。\n下雨了。\n", "utf-8")
    (tmp_path / "r.txt").write_text("The village has 20,000 people.\nIt rained.\n", "utf-8")
    out = run("check", "t.txt", "--source", "s.txt", "--reference", "r.txt", "--format", "json")
    (f,) = json.loads(out.stdout)["documents"][0]["findings"]
    assert (f["rule"], f["text"], f["line"], f["column"]) == ("MT701", "2,000", 1, 17)


WRAPPED = (
    'The mayor said the plan was "a great step for the whole\n'
    'county and its people" and promised more schools soon.\n\n'
    "Officials said the work (which began in May) would cost\n"
    "a lot of money and would be finished by the end of the year.\n"
)


def test_wrapped_prose_aligns_by_paragraph_even_where_the_lines_would(run, tmp_path):
    """Two hard-wrapped paragraphs with a reference wrapped to as many lines: read
    by paragraph, as without the reference (a line a segment would cut the quote
    in two, two MT105 findings), and scored so."""
    (tmp_path / "t.txt").write_text(WRAPPED, "utf-8")
    (tmp_path / "r.txt").write_text(WRAPPED.replace("mayor", "county head"), "utf-8")
    alone = json.loads(run("check", "t.txt", "--format", "json").stdout)["documents"][0]
    out = run("check", "t.txt", "--reference", "r.txt", "--format", "json")
    [doc] = json.loads(out.stdout)["documents"]
    assert doc["findings"] == alone["findings"] == []
    assert doc["metrics"]["segments"] == 2


def test_a_blank_line_is_an_empty_translation_only_among_lines(run, tmp_path):
    """Line-aligned files whose target has a blank line: an empty segment in its
    place, reported as untranslated against its source (MT307). Wrapped prose
    whose blank line happens to make the line counts equal is misaligned."""
    (tmp_path / "t.txt").write_text("The county opened two schools.\n\nPrices rose.\n", "utf-8")
    (tmp_path / "s.txt").write_text("县里开了两所学校。\n官员说了很多话。\n物价上涨了。\n", "utf-8")
    out = run("check", "t.txt", "--source", "s.txt", "--format", "json")
    [doc] = json.loads(out.stdout)["documents"]
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("MT307", 2)]
    wrapped = "In 2023 the county opened 2 new schools and the\nteachers moved in.\n\n"
    (tmp_path / "w.txt").write_text(wrapped + "Officials said the work would cost\na lot.\n")
    (tmp_path / "s5.txt").write_text("一。\n二。\n三。\n四。\n五。\n", "utf-8")
    refused = run("check", "w.txt", "--source", "s5.txt")
    assert refused.exit_code == 2 and "misaligned parallel files" in refused.stderr


def test_blank_lines_at_a_files_end_and_lone_carriage_returns_align(run, tmp_path):
    """A source with a blank line after its last (an editor's) beside a target with an
    empty output inside it, and a source whose lines end in CR alone (old Mac
    files), align as the target does: line by line."""
    (tmp_path / "t.txt").write_text("The county opened two schools.\n\nPrices rose.\n", "utf-8")
    source = "县里开了两所学校。\n官员说了很多话。\n物价上涨了。\n\n"
    (tmp_path / "s.txt").write_text(source, "utf-8")
    out = run("check", "t.txt", "--source", "s.txt", "--format", "json")
    [doc] = json.loads(out.stdout)["documents"]
    assert [(f["rule"], f["line"]) for f in doc["findings"]] == [("MT307", 2)]
    (tmp_path / "full.txt").write_text("Prices rose.\nThe county opened 3 schools.\n", "utf-8")
    (tmp_path / "cr.txt").write_bytes("物价上涨了。\r县里开了4所学校。\r".encode())
    out = run("check", "full.txt", "--source", "cr.txt", "--format", "json")
    [doc] = json.loads(out.stdout)["documents"]
    assert [(f["rule"], f["line"], f["text"]) for f in doc["findings"]] == [("MT701", 2, "3")]


def test_a_target_from_stdin_read_as_a_table_is_not_aligned(run, tmp_path):
    """A TSV on stdin is no plain text to align with --reference: refused, not its
    raw rows (a header, a source column) scored as the target's lines."""
    (tmp_path / "r.txt").write_text("The cat sat.\n", "utf-8")
    table = "target\tsource\nThe cat sat.\t猫坐着。\n"
    result = run("check", "-", "--stdin-format", "tsv", "--reference", "r.txt", input=table)
    assert result.exit_code == 2
    assert result.stderr == (
        "mtqa: error: <stdin>: the target must be plain text (a segment a line or a "
        "paragraph) to be aligned; it is read as tsv\n"
    )
    # a source from stdin is read as --stdin-format says, too
    source = run("check", "r.txt", "--source", "-", "--stdin-format", "tsv", input=table)
    assert source.exit_code == 2
    assert "<stdin>: the --source must be plain text" in source.stderr


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({"t.txt": "One.\nTwo.\n", "s.txt": "一。\n"}, ["t.txt", "--source", "s.txt"],
         "t.txt: misaligned parallel files: the target has 2 lines of text, s.txt has 1"),
        ({"t.txt": "One.\n", "s.tsv": "一。\n"}, ["t.txt", "--source", "s.tsv"],
         "s.tsv: the --source must be plain text (a segment a line or a paragraph) to be "
         "aligned; it is read as tsv"),
        ({"t.md": "# One\n", "r.txt": "One\n"}, ["t.md", "--reference", "r.txt"],
         "t.md: the target must be plain text (a segment a line or a paragraph) to be "
         "aligned; it is read as md"),
        ({"a.tsv": "id\tsrc\tmt\n1\t你好\tHello\n"}, ["a.tsv", "--columns", "target=hyp"],
         "a.tsv: no column 'hyp' for the target (columns: id, src, mt)"),
        ({"a.tsv": "id\tsrc\n1\t你好\n"}, ["a.tsv"], "a.tsv: no target column"),
        ({"a.xlf": "<xliff><file><body><trans-unit id='1'><target>Hi</trans-unit>"}, ["a.xlf"],
         "a.xlf: line 1, column 51: malformed XML (mismatched tag"),
        ({"a.xlf": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><xliff>&e;</xliff>'},
         ["a.xlf"], "a.xlf: unsafe XML refused (EntitiesForbidden)"),
        ({"a.po": 'msgid ""\nmsgstr "Plural-Forms: nplurals=3; plural=n;\\n"\n\n'
                  'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'},
         ["a.po"], "a.po: line 4: 2 plural forms, but the header's Plural-Forms says nplurals=3"),
        ({"a.jsonl": '{"target": "ok"}\n{"target": \n'}, ["a.jsonl"],
         "a.jsonl: line 2, column 12: not valid JSON (Expecting value)"),
        ({"t.txt": "Hi.\n"}, ["t.txt", "--target-lang", "english!"], "is not a language code"),
    ],
)  # fmt: skip
def test_bad_bilingual_input(run, tmp_path, files, args, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", *args, "--format", "json:out.json")
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert not (tmp_path / "out.json").exists()


def test_jsonl_from_stdin_streams_back_as_jsonl(run):
    lines = '{"src": "全村共有2万人。", "mt": "It has 2,000 people."}\n'
    result = run(
        "check",
        "-",
        "--stdin-format",
        "jsonl",
        "--columns",
        "target=mt",
        "--format",
        "jsonl",
        input=lines,
    )
    (row,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert (row["rule"], row["text"], row["column"]) == ("MT701", "2,000", 35)


def test_fixture_copies_are_checked_in_folders(tmp_path):
    shutil.copy(FIXTURES / "units.xlf", tmp_path)
    shutil.copy(FIXTURES / "units.tsv", tmp_path)  # TSV is data: only when named
    report = check_paths([str(tmp_path)])
    assert [d.path.rsplit("/", 1)[-1] for d in report.documents] == ["units.xlf"]


def test_metrics_equal_sacrebleus_own_cli(run, tmp_path):
    hyps = [
        "The village has 2,000 residents.",
        "Revenue reached 150 million yuan.",
        "Exercise daily.",
        'He said "fine". Then he left.',
    ]
    refs = [
        "The village has 20,000 residents.",
        "Revenue reached 150 million yuan.",
        "Exercise every day.",
        'He said "fine".',
    ]
    (tmp_path / "hyp.txt").write_text("\n".join(hyps) + "\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("\n".join(refs) + "\n", encoding="utf-8")
    ours = json.loads(
        run(
            "check", "hyp.txt", "--reference", "ref.txt", "--paragraphs", "line", "--format", "json"
        ).stdout
    )["summary"]["metrics"]
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "sacrebleu",
            "ref.txt",
            "-i",
            "hyp.txt",
            "-m",
            "bleu",
            "chrf",
            "ter",
            "--chrf-word-order",
            "2",
            "-w",
            "2",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = {m["name"]: m for m in json.loads(cli.stdout)}
    assert ours["bleu"] == theirs["BLEU"]["score"]
    assert ours["chrf"] == theirs["chrF2++"]["score"]
    assert ours["ter"] == theirs["TER"]["score"]
    assert ours["signatures"]["bleu"] == theirs["BLEU"]["signature"]
    assert ours["signatures"]["chrf"] == theirs["chrF2++"]["signature"]
    assert ours["signatures"]["ter"] == theirs["TER"]["signature"]
    segments = json.loads(
        run(
            "check", "hyp.txt", "--reference", "ref.txt", "--paragraphs", "line", "--format", "json"
        ).stdout
    )["documents"][0]["segments"]
    assert segments[1]["chrf"] == 100.0


@pytest.mark.parametrize("glossary", ["glossary.csv", "glossary.tbx"])
def test_glossary_terms_required_and_forbidden(run, tmp_path, glossary):
    (tmp_path / "t.tsv").write_text(
        "source\ttarget\n"
        "推进乡村振兴。\tPromote village revitalization.\n"
        "推进乡村振兴。\tPromoting rural revitalizations.\n"
        "没有术语。\tThe village revitalization plan.\n",
        encoding="utf-8",
    )
    shutil.copy(FIXTURES / glossary, tmp_path)
    out = run("check", "t.tsv", "--glossary", glossary, "--format", "json")
    found = [
        (f["rule"], f["line"], f["text"], f["suggestion"])
        for f in json.loads(out.stdout)["documents"][0]["findings"]
    ]
    assert found == [  # line 2's wrong term is one finding, not a glossary and a forbidden one
        ("MT707", 2, "village revitalization", "rural revitalization"),
        ("MT707", 4, "village revitalization", "rural revitalization"),
    ]


@pytest.mark.parametrize(
    ("name", "glossary"),
    [
        ("g.csv", "source,target\n医疗服务,medical care\n医疗服务,health care\n"),
        ("g.csv", "source,target\n医疗服务,medical care|health care\n"),
        (
            "g.tbx",
            '<martif><text><body><termEntry id="c1">'
            '<langSet xml:lang="zh"><tig><term>医疗服务</term></tig></langSet>'
            '<langSet xml:lang="en"><tig><term>medical care</term>'
            "<termNote>preferredTerm-admn-sts</termNote></tig>"
            "<tig><term>health care</term><termNote>admittedTerm-admn-sts</termNote></tig>"
            "<tig><term>medical service</term><termNote>deprecatedTerm-admn-sts</termNote></tig>"
            "</langSet></termEntry></body></text></martif>",
        ),
    ],
)
def test_glossary_alternatives_each_satisfy_the_term(run, tmp_path, name, glossary):
    (tmp_path / name).write_text(glossary, encoding="utf-8")
    (tmp_path / "t.tsv").write_text(
        "source\ttarget\n"
        "改善医疗服务。\tImprove medical care.\n"
        "改善医疗服务。\tImprove health care.\n"
        "改善医疗服务。\tImprove the clinics.\n",
        encoding="utf-8",
    )
    out = run("check", "t.tsv", "--glossary", name, "--select", "MT706,MT707", "--format", "json")
    found = [(f["line"], f["message"]) for f in json.loads(out.stdout)["documents"][0]["findings"]]
    assert found == [(4, "'医疗服务' should be translated 'medical care' or 'health care'")]
    if name.endswith(".tbx"):  # a deprecated rendering is forbidden
        (tmp_path / "t.tsv").write_text(
            "source\ttarget\n改善医疗服务。\tImprove the medical service.\n", encoding="utf-8"
        )
        out = run("check", "t.tsv", "--glossary", name, "--format", "json")
        (f,) = json.loads(out.stdout)["documents"][0]["findings"]
        assert (f["rule"], f["text"]) == ("MT707", "medical service")


@pytest.mark.parametrize(
    ("name", "glossary", "message"),
    [
        ("g.csv", "source,target\n,medical care\n", "g.csv:2: the source term is empty"),
        ("g.csv", "source,target\n医疗服务,\n", "g.csv:2: the term '医疗服务' has no target"),
        (
            "g.tbx",
            '<martif><text><body><termEntry id="c7"><langSet><tig><term>医疗服务</term></tig>'
            "</langSet></termEntry></body></text></martif>",
            "g.tbx: term entry c7 has a langSet without xml:lang",
        ),
        (
            "g.tbx",
            '<martif><text><body><termEntry><langSet xml:lang="fr"><tig><term>soins</term>'
            "</tig></langSet></termEntry></body></text></martif>",
            "g.tbx: no term entry has a 'zh' term with a 'en' rendering",
        ),
    ],
)
def test_glossary_entries_that_cannot_be_used_are_refused(run, tmp_path, name, glossary, message):
    (tmp_path / name).write_text(glossary, encoding="utf-8")
    (tmp_path / "t.txt").write_text("Hello there.\n", encoding="utf-8")
    result = run("check", "t.txt", "--glossary", name)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert message in line


def test_bad_glossary(run, tmp_path):
    (tmp_path / "t.txt").write_text("Hello there.\n", encoding="utf-8")
    (tmp_path / "g.csv").write_text("zh,en\n你好,hello\n", encoding="utf-8")
    result = run("check", "t.txt", "--glossary", "g.csv")
    assert result.exit_code == 2
    assert "g.csv: a glossary needs 'source' and 'target'" in result.stderr


def test_html_page_segments_kinds_and_places():
    report = check_paths([str(FIXTURES / "page.html")], config=Config(select=("ALL",)))
    (doc,) = report.documents
    assert [(s.kind, s.text) for s in doc.document.segments] == [
        ("navigation", "Home » News"),
        ("heading", "Tea county grows rich"),
        ("paragraph", "Farmers in the hills sold tea worth 2 million yuan this year. . Prices "
                      "rose again, and the the cooperative grew."),
        ("caption", "Pickers on the terraces.Photo by Li Na"),
        ("paragraph", "“We will keep growing,” said Wu Lan & her team. Code is fine."),
        ("related", "Ten cheap flights to Bali"),
        ("comments", "Leave a Comment"),
    ]  # fmt: skip
    assert [(f.rule, f.line, f.column) for f in doc.findings] == [
        ("MT608", 6, 41), ("MT101", 9, 73), ("MT205", 10, 17), ("MT103", 11, 72),
        ("MT608", 14, 51), ("MT608", 15, 23),
    ]  # fmt: skip
    assert doc.document.target_lang == "en"
    for seg in doc.document.segments:  # every character maps to itself or its entity
        for i, ch in enumerate(seg.text):
            at = doc.document.file_text[seg.file_offset(i)]
            assert at == ch or at == "&" or (ch == " " and (at.isspace() or at == "<"))


def test_html_without_article_text(run, tmp_path):
    (tmp_path / "p.html").write_text("<html><nav>Home</nav><script>x</script></html>", "utf-8")
    result = run("check", "p.html")
    assert result.exit_code == 2 and "p.html: no article text in this HTML page" in result.stderr


def test_stream_checks_large_row_files_in_chunks(run, tmp_path):
    rows = ["id\tsource\ttarget"]
    for i in range(12_000):  # three chunks of 5,000 rows
        rows.append(
            f"{i}\t下雨了。\tIt rained."
            if i not in (4_999, 5_000, 11_999)
            else f"{i}\t全村共有2万人。\tThe village has 2,000 people."
        )
    (tmp_path / "big.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run(
        "check", "big.tsv", "--stream", "--format", "jsonl:out.jsonl", "--format", "concise"
    )
    assert result.exit_code == 0  # 3 major findings over 24,000 words still pass
    found = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [(f["rule"], f["line"], f["segment"], f["text"]) for f in found] == [
        ("MT701", 5_001, 5_000, "2,000"),
        ("MT701", 5_002, 5_001, "2,000"),
        ("MT701", 12_001, 12_000, "2,000"),
    ]
    assert result.stdout.splitlines()[-1] == "Found 3 findings in 1 document (0 failed)."
    sarif = run("check", "big.tsv", "--stream", "--format", "sarif")  # every format streams
    assert sarif.exit_code == 0
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [
        5_001,
        5_002,
        12_001,
    ]


def test_other_target_languages_run_the_rules_that_do_not_need_english(run, tmp_path):
    (tmp_path / "t.tsv").write_text(
        "source\ttarget\n"
        "全村有2万人。\tDas Dorf hat 2.000 Einwohner.\n"
        "营收15亿元。\tDer Umsatz lag bei 1,5 Milliarden Yuan.\n"
        "价格在2024年上涨。\tDie Preise stiegen. . Stark 2024 年.\n"
        "按{0}开始。\tDrücken Sie, um zu beginnen.\n",
        encoding="utf-8",
    )
    result = run("check", "t.tsv", "--target-lang", "de", "--format", "json")
    data = json.loads(result.stdout)
    found = [(f["rule"], f["line"], f["text"], f["suggestion"])
             for f in data["documents"][0]["findings"]]  # fmt: skip
    assert found == [
        ("MT701", 2, "2.000", "20.000"),  # 2万, with German digit grouping
        ("MT101", 4, ". .", "."),
        ("MT303", 4, "年", None),
        ("MT705", 5, "Drücken Sie, um zu beginnen.", None),
    ]
    skipped = data["summary"]["skipped_rules"]
    assert skipped["MT102"] == "not for target language 'de'"
    assert "MT701" not in skipped and "MT101" not in skipped
    # the terminal says which rules did not run, without being asked
    note = run("check", "t.tsv", "--target-lang", "de").stderr
    assert "did not run: not for target language 'de'" in note and "MT102" in note


def test_no_rule_for_the_language_is_an_error_not_a_pass(run, tmp_path):
    (tmp_path / "a.txt").write_text("Das Dorf ist schön.\n", encoding="utf-8")
    result = run("check", "a.txt", "--target-lang", "de", "--select", "MT2")
    assert result.exit_code == 2
    assert "no selected rule could run on these inputs (not for target language 'de')" in (
        result.stderr
    )


XLIFF_TAGS = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="zh" target-language="en" datatype="plaintext" original="a"><body>
<trans-unit id="1"><source>按<x id="1"/>继续。</source>
<target>Press <x id="1"/> to continue.</target></trans-unit>
<trans-unit id="2"><source>点击<ph id="1">{0}</ph>。</source>
<target>Click <ph id="1">{0}</ph>.</target></trans-unit>
<trans-unit id="3"><source><bpt id="1">&lt;b&gt;</bpt>粗体<ept id="1">&lt;/b&gt;</ept>字。</source>
<target><bpt id="1">&lt;b&gt;</bpt>Bold<ept id="1">&lt;/b&gt;</ept> text .</target></trans-unit>
<trans-unit id="4"><source>见<mrk mtype="term">术语</mrk>。</source>
<target>See the <mrk mtype="term">term</mrk> . .</target></trans-unit>
</body></file></xliff>
"""


def test_inline_tags_stand_as_opaque_tokens_and_leave_no_trace(tmp_path):
    (tmp_path / "t.xlf").write_text(XLIFF_TAGS, encoding="utf-8")
    report = check_paths([str(tmp_path / "t.xlf")], config=Config(select=("ALL",)))
    (doc,) = report.documents
    texts = [s.text for s in doc.document.segments]
    assert texts == [
        f"Press {TAG} to continue.",
        f"Click {TAG}.",
        f"{TAG}Bold{TAG} text .",
        "See the term . .",
    ]
    # no double space, no space before a full stop where a tag stood; the real
    # space before "." (unit 3) and the stray full stops (unit 4) are still found
    found = [(f.rule, f.segment, f.text) for f in doc.findings]
    assert found == [("MT102", 3, " ."), ("MT101", 4, " . .")]
    file_text = doc.document.file_text
    first = doc.document.segments[0]
    assert file_text[first.file_offset(6) :].startswith('<x id="1"/>')  # the tag's place
    page = document_page(doc, 1, RunInfo(__version__))[0]
    assert '<span class="tag" title="inline tag">x 1</span>' in page
    assert '<span class="tag" title="inline tag">bpt 1</span>Bold' in page
    assert TAG not in page


def test_tmx_unit_without_the_target_language_is_untranslated(run, tmp_path):
    (tmp_path / "m.tmx").write_text(
        '<tmx version="1.4"><header srclang="zh"/><body>'
        '<tu tuid="a1"><tuv xml:lang="zh"><seg>你好</seg></tuv>'
        '<tuv xml:lang="en"><seg>Hello</seg></tuv></tu>'
        '<tu tuid="a2"><tuv xml:lang="zh"><seg>再见</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Au revoir</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    # English is the target (unit a1 has it): a2 has none, a missing translation
    result = run("check", "m.tmx", "--languagetool", "off", "--format", "jsonl")
    assert (result.exit_code, result.stderr) == (1, "")
    found = [
        (f["rule"], f["line"], f["column"], f["message"])
        for f in map(json.loads, result.stdout.splitlines())
    ]
    assert found == [("MT307", 1, 184, "unit a2 has no translation (source: '再见')")]  # at 再见


def test_a_rule_that_ran_on_some_documents_is_said_not_to_have_run_on_some(run, tmp_path):
    """A source rule checks the bilingual file and cannot check the plain one: the
    note says it did not run on some documents, not that it did not run."""
    (tmp_path / "pairs.tsv").write_text(
        "source\ttarget\n他有2万元。\tHe had 2,000 yuan.\n", encoding="utf-8"
    )
    (tmp_path / "plain.txt").write_text("He had 2,000 yuan.\n", encoding="utf-8")
    result = run("check", "pairs.tsv", "plain.txt", "--select", "MT701", "--format", "concise")
    assert "MT701" in result.stdout  # it ran on the bilingual file
    assert "mtqa: note: MT701 did not run on some documents: no source text" in result.stderr
    alone = run("check", "plain.txt", "--select", "MT701").stderr
    assert "mtqa: note: MT701 did not run: no source text" in alone
