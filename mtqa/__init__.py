"""mtqa: find machine-translation artifacts, score text the MQM way, gate pipelines on it.

The Python API returns the same :class:`~mtqa.model.Report` the CLI writes from::

    import mtqa
    report = mtqa.check_text("The the plan. problem solved.")
    report.documents[0].findings
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version

from .config import Config, load_config
from .engine import Checker
from .errors import ConfigError, InputError, MtqaError
from .model import Document, DocumentResult, Finding, Report, Score, Segment
from .readers import format_for, parse
from .readers.files import discover, read_input
from .readers.rows import document_from_rows
from .run import read_options

try:
    __version__ = version("mtqa")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Checker",
    "Config",
    "ConfigError",
    "Document",
    "DocumentResult",
    "Finding",
    "InputError",
    "MtqaError",
    "Report",
    "Score",
    "Segment",
    "check_frame",
    "check_paths",
    "check_text",
    "load_config",
]


def check_text(
    text: str, *, path: str = "-", fmt: str = "txt", config: Config | None = None
) -> Report:
    """Check one text (plain text, or Markdown with ``fmt="md"``)."""
    checker = Checker(config)
    doc = parse(text, path, fmt, read_options(checker.config))
    return checker.report([checker.check(doc)])


def check_paths(paths: Sequence[str], *, config: Config | None = None) -> Report:
    """Check files and directories (recursively) as ``mtqa check`` does."""
    checker = Checker(config)
    cfg = checker.config
    results = []
    for name in discover(paths, cfg.include, cfg.exclude):
        doc = parse(read_input(name, cfg.encoding), name, format_for(name), read_options(cfg))
        results.append(checker.check(doc))
    return checker.report(results)


def check_frame(
    frame,
    target: str = "target",
    *,
    source: str | None = None,
    reference: str | None = None,
    document: str | None = None,
    config: Config | None = None,
) -> Report:
    """Check a pandas DataFrame: one segment a row of column ``target``, with its
    ``source`` and ``reference`` columns when named.

    Rows are grouped into documents by column ``document`` when given (one
    document ``<frame>`` otherwise); line numbers are row numbers (1-based).
    """
    checker = Checker(config)
    for column in (target, source, reference, document):
        if column is not None and column not in frame.columns:
            raise InputError(f"no column '{column}' in the frame")
    groups: Iterable = frame.groupby(document, sort=False) if document else [("<frame>", frame)]
    results = []
    for name, rows in groups:
        doc = document_from_rows(
            str(name),
            rows[target].tolist(),
            sources=rows[source].tolist() if source else None,
            references=rows[reference].tolist() if reference else None,
        )
        doc.source_lang, doc.target_lang = checker.config.source_lang, checker.config.target_lang
        results.append(checker.check(doc))
    return checker.report(results)
