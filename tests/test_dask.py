"""The Dask backend (`mtqa.dask`): the same findings and scores as the local engine,
row for row, on a local cluster of two worker processes; skipped without Dask."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import mtqa  # noqa: E402
import mtqa.dask as mtqa_dask  # noqa: E402
import mtqa.daskpool as daskpool  # noqa: E402
from mtqa.config import Config  # noqa: E402
from mtqa.dask import SEGMENT_DTYPES, check_frame  # noqa: E402
from mtqa.daskpool import DaskPool  # noqa: E402
from mtqa.engine import Checker  # noqa: E402
from mtqa.errors import InputError, MtqaError  # noqa: E402
from mtqa.pool import DocumentTask, find_document, worker_config  # noqa: E402
from mtqa.readers.rows import frame_documents  # noqa: E402
from mtqa.writers.tabular import findings_frame, segments_frame  # noqa: E402

LOCAL = Config(languagetool="off")  # what a worker checks with (`worker_config`)

# Rows of machine-translated news with the artifacts mtqa flags: a doubled word,
# a stray ". ,", romanised Chinese, a paragraph repeated, Chinese left in the text,
# a space before a full stop
ARTICLE = [
    "The the ministry said on Tuesday that exports rose by 4 percent.",
    "Officials met in Beijing . , and agreed on a new plan.",
    "Xi Jinping Yin Yin said the policy would continue next year.",
    "Analysts expect growth to slow in the second half.",
    "The ministry said on Tuesday that exports rose by 4 percent.",
    "The report was published 经济 on the ministry's website.",
    "Trade with Europe grew faster than trade with the United States .",
]
SOURCES = ["部长说出口增长了3%。", "官员们在北京会面。", "习近平说。", "分析师预计增长放缓。"]


def _frame(documents: int = 6, rows: int = 7) -> pd.DataFrame:
    """``documents`` documents of ``rows`` rows, their rows interleaved (document 0's
    first row, document 1's first row, ...), so that each document spans every
    partition of a frame cut in order and `check_frame` must gather it."""
    records = [
        {
            "doc": f"article-{d}",
            "target": ARTICLE[(d + r) % len(ARTICLE)].replace("ministry", f"ministry {d}"),
            "src": SOURCES[(d + r) % len(SOURCES)],
            "ref": ARTICLE[(d + r + 1) % len(ARTICLE)],
        }
        for r in range(rows)
        for d in range(documents)
    ]
    return pd.DataFrame(records)


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    """One local cluster of two single-threaded worker processes for the module."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _by_document(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows document by document (a stable sort: a document's rows keep their
    order), as the local engine gives them: a shuffle puts documents in any order."""
    return frame.sort_values("path", kind="stable").reset_index(drop=True)


def _local(
    pdf: pd.DataFrame, name: str | None = None, **columns: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The local engine's findings and segments tables of a pandas frame
    (`mtqa.check_frame`; its one document named ``name`` when given), with the Dask
    frames' dtypes."""
    report = mtqa.check_frame(pdf, config=LOCAL, **columns)
    findings, segments = findings_frame(report), segments_frame(report)
    if name is not None:
        findings, segments = findings.assign(path=name), segments.assign(path=name)
    return (
        _by_document(findings.astype(mtqa_dask.FINDING_DTYPES)),
        _by_document(segments.astype(SEGMENT_DTYPES)),
    )


def _computed(ddf, **columns) -> tuple[pd.DataFrame, pd.DataFrame]:
    findings, segments = dask.compute(*check_frame(ddf, **columns))
    return _by_document(findings), _by_document(segments)


def test_documents_split_across_partitions_match_the_local_engine(client):
    pdf = _frame()
    ddf = dd.from_pandas(pdf, npartitions=3, sort=False)
    # every document is cut across the three partitions
    assert all(ddf.get_partition(n).compute()["doc"].nunique() == 6 for n in range(3))
    findings, segments = _computed(ddf, target="target", document="doc")
    want_findings, want_segments = _local(pdf, target="target", document="doc")
    pd.testing.assert_frame_equal(findings, want_findings)
    pd.testing.assert_frame_equal(segments, want_segments)
    assert len(segments) == len(pdf)
    # the artifacts are found, and the repeated paragraph is found as the
    # whole-document rules find it: only with the document whole
    assert {"MT205", "MT101", "MT301"} <= set(findings["rule"])
    assert findings["rule"].nunique() >= 5


def test_without_a_document_column_each_partition_is_a_document(client):
    pdf = _frame(documents=3)
    ddf = dd.from_pandas(pdf, npartitions=3, sort=False)
    findings, segments = _computed(ddf, target="target")
    parts = []
    for n in range(3):
        piece = ddf.get_partition(n).compute()
        parts.append(_local(piece, f"<partition {n}>", target="target"))
    pd.testing.assert_frame_equal(
        findings, _by_document(pd.concat([f for f, _ in parts], ignore_index=True))
    )
    pd.testing.assert_frame_equal(
        segments, _by_document(pd.concat([s for _, s in parts], ignore_index=True))
    )
    assert set(segments["path"]) == {"<partition 0>", "<partition 1>", "<partition 2>"}


def test_source_and_reference_columns(client):
    pdf = _frame(documents=4)
    ddf = dd.from_pandas(pdf, npartitions=3, sort=False)
    columns = {"target": "target", "source": "src", "reference": "ref", "document": "doc"}
    findings, segments = _computed(ddf, **columns)
    want_findings, want_segments = _local(pdf, **columns)
    pd.testing.assert_frame_equal(findings, want_findings)
    pd.testing.assert_frame_equal(segments, want_segments)
    assert segments["source"].notna().all() and segments["chrf"].notna().all()
    # rules that read the source ran: 3% in the source, 4 percent in the target
    assert any(rule.startswith("MT7") for rule in findings["rule"])


def test_parquet_round_trip(client, tmp_path: Path):
    pdf = _frame(documents=4)
    dd.from_pandas(pdf, npartitions=3, sort=False).to_parquet(tmp_path / "in")
    ddf = dd.read_parquet(tmp_path / "in")
    findings, segments = check_frame(ddf, "target", document="doc")
    # written together: each partition is checked once for both
    dask.compute(
        findings.to_parquet(tmp_path / "findings", compute=False),
        segments.to_parquet(tmp_path / "segments", compute=False),
    )
    want_findings, want_segments = _local(pdf, target="target", document="doc")
    got = _by_document(pd.read_parquet(tmp_path / "findings"))
    pd.testing.assert_frame_equal(got, want_findings, check_dtype=False)
    got = _by_document(pd.read_parquet(tmp_path / "segments"))
    pd.testing.assert_frame_equal(got, want_segments, check_dtype=False)


def test_a_missing_column_is_named_at_once():
    ddf = dd.from_pandas(_frame(documents=1), npartitions=2)
    with pytest.raises(InputError, match="no column 'tgt' in the frame"):
        check_frame(ddf, "tgt")
    with pytest.raises(InputError, match="no column 'article' in the frame"):
        check_frame(ddf, "target", source="src", document="article")


def test_pool_gives_results_in_order(client):
    """`DaskPool` on a running scheduler: `find_document` results in the tasks'
    order, as the local Checker finds them."""
    pdf = _frame(documents=5, rows=3)
    documents = list(frame_documents(pdf, "target", document="doc"))
    config = worker_config(LOCAL)
    pool = DaskPool(client.scheduler.address, workers=1)
    try:
        assert pool.workers == 2  # the cluster's threads, not the number asked for
        found = list(pool.imap(find_document, [DocumentTask(config, d) for d in documents]))
    finally:
        pool.close()
    checker = Checker(config)
    assert [r.path for r in found] == [d.path for d in documents]
    assert [r.findings for r in found] == [checker.find(d).findings for d in documents]


def test_pool_batches_keep_order_and_raise_in_place(client):
    """Items go in batches sized from the time they take (`mtqa.daskpool._Batches`):
    quick ones many a task, in order all the same; an item's exception comes
    after the results of the items before it, in its batch too (`_each`)."""
    pool = DaskPool(client.scheduler.address, workers=2)
    try:
        assert list(pool.imap(abs, range(-2000, 0))) == list(range(2000, 0, -1))
        found = pool.imap(int, ["1", "2", "three", "4"])
        assert [next(found), next(found)] == [1, 2]
        with pytest.raises(ValueError, match="three"):
            next(found)
    finally:
        pool.close()
    results, seconds, error = daskpool._each(int, ["1", "2", "three", "4"])
    assert results == [1, 2] and seconds >= 0 and isinstance(error, ValueError)
    batches = daskpool._Batches()
    batches.took(10, 0.001)  # 0.1 ms an item: as many as half a second holds, at most
    assert batches.size == daskpool.MAX_BATCH
    batches.took(1, 3.0)  # a file that takes seconds goes alone
    assert [len(b) for b in batches.of(range(3))] == [1, 1, 1]


def test_an_unreachable_scheduler_is_one_line(monkeypatch):
    monkeypatch.setattr(daskpool, "CONNECT_TIMEOUT", 1)
    for address in ("tcp://127.0.0.1:1", "no-port-here"):
        with pytest.raises(MtqaError, match=f"cannot reach the Dask scheduler at {address}: ") as e:
            DaskPool(address, 2)
        assert "\n" not in str(e.value)


def test_without_dask_the_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(MtqaError, match=r"pip install 'mtqa\[dask\]'"):
        DaskPool(None, 2)


def test_a_cluster_of_its_own_gathers_nothing_for_a_dashboard():
    """The cluster `DaskPool` starts serves no dashboard, so its workers run without
    the profiler and with the slow monitors of `daskpool.UNWATCHED`, but for a
    setting the user's configuration gives another value (kept); the settings of
    the process that started it are as they were. Its scheduler's HTTP server
    listens on this machine alone."""
    profile, monitor, tick = daskpool.UNWATCHED
    users = {profile: True, monitor: "500ms", tick: "50ms"}  # Dask's defaults, then not
    with dask.config.set(users):
        pool = DaskPool(None, 1)
        try:
            seen = pool._client.run(lambda: [dask.config.get(k) for k in daskpool.UNWATCHED])
            http = pool._cluster.scheduler.http_server
        finally:
            pool.close()
        assert [dask.config.get(k) for k in users] == list(users.values())
    assert list(seen.values()) == [[False, "5s", "50ms"]]
    assert http.address == "127.0.0.1"  # not 0.0.0.0, which dashboard_address=":0" gave


def test_cli_engine_dask_matches_jobs_1(run, tmp_path: Path):
    """``mtqa check --engine dask --jobs 2`` starts a local cluster and writes what
    a one-process run writes."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(4):
        (folder / f"article-{n}.txt").write_text("\n\n".join(ARTICLE[n:] + ARTICLE[:n]) + "\n")
    _frame(documents=1).to_csv(tmp_path / "rows.tsv", sep="\t", index=False)
    args = ["check", "articles", "rows.tsv", "--format", "json", "--languagetool", "off"]
    local = run(*args, "--jobs", "1")
    on_dask = run(*args, "--engine", "dask", "--jobs", "2")
    assert on_dask.exit_code == local.exit_code == 1, on_dask.output
    assert json.loads(on_dask.output) == json.loads(local.output)
    assert len(json.loads(local.output)["documents"]) == 5


def test_a_clusters_workers_are_given_absolute_paths(run, client, tmp_path: Path):
    """Workers started in another directory (the cluster's, not this run's) open
    the files by their absolute paths; the report names them as they were given."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("\n\n".join(ARTICLE) + "\n")
    # a relative glossary too, which the workers read
    (tmp_path / "g.csv").write_text("source,target\n县,county\n", encoding="utf-8")
    args = ["check", "articles", "--format", "json", "--languagetool", "off", "--glossary", "g.csv"]
    local = run(*args, "--jobs", "1")
    address = client.scheduler.address
    # the workers' own directory is not the run's: a relative path would not open there
    assert str(tmp_path) not in client.run(os.getcwd).values()
    on_dask = run(*args, "--engine", "dask", "--scheduler", address)
    assert on_dask.exit_code == local.exit_code == 1, on_dask.output
    assert json.loads(on_dask.output) == json.loads(local.output)
    assert json.loads(local.output)["documents"][0]["path"] == "articles/a.txt"
    (folder / "empty.txt").write_text("")
    empty = run("check", "articles/empty.txt", "--engine", "dask", "--scheduler", address)
    assert empty.exit_code == 2  # named as given, not by the absolute path the worker opened
    assert "mtqa: error: articles/empty.txt: empty file, nothing to check" in empty.output
