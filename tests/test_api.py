"""The Python API returns the same Report the CLI writes from."""

from __future__ import annotations

import json

import pandas as pd

import mtqa
from mtqa.writers.jsonout import report_dict

from .conftest import SAMPLE


def test_check_text_and_check_paths_agree(run):
    text = SAMPLE.read_text(encoding="utf-8")
    from_text = mtqa.check_text(text, path=str(SAMPLE))
    from_paths = mtqa.check_paths([str(SAMPLE)])
    # only the file was decoded (from UTF-8); the text came decoded
    assert from_paths.documents[0].document.encoding == "utf-8"
    assert from_text.documents[0].document.encoding == ""
    assert from_paths.encodings == {"utf-8": 1} and from_text.encodings == {}
    text_dict, paths_dict = report_dict(from_text, "x"), report_dict(from_paths, "x")
    for data in (text_dict, paths_dict):
        del data["documents"][0]["encoding"], data["summary"]["encodings"]
    assert text_dict == paths_dict
    cli = json.loads(run("check", str(SAMPLE), "--format", "json").stdout)
    api = report_dict(from_paths, mtqa.__version__)
    assert cli == api


def test_check_frame_groups_rows_into_documents():
    frame = pd.DataFrame(
        {
            "doc": ["a", "a", "b"],
            "target": ["Clean sentence here.", "The the end.", "Fine. . Done."],
        }
    )
    report = mtqa.check_frame(frame, "target", document="doc")
    assert [d.path for d in report.documents] == ["a", "b"]
    assert [(f.rule, f.segment, f.line) for f in report.documents[0].findings] == [("MT205", 2, 2)]
    assert report.documents[1].findings[0].rule == "MT101"


def test_check_frame_with_source_and_reference():
    frame = pd.DataFrame(
        {
            "src": ["全村共有2万人。", "下雨了。"],
            "mt": ["The village has 2,000 people.", "It rained."],
            "ref": ["The village has 20,000 people.", "It rained."],
        }
    )
    report = mtqa.check_frame(frame, "mt", source="src", reference="ref")
    (doc,) = report.documents
    assert [(f.rule, f.text) for f in doc.findings] == [("MT701", "2,000")]
    assert doc.segment_chrf[1] == 100.0 and report.metrics is not None
