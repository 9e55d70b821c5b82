"""mtqa: find machine-translation artifacts, score text the MQM way, gate pipelines on it.

The Python API returns the same :class:`~mtqa.model.Report` the CLI writes from::

    import mtqa
    report = mtqa.check_text("The the plan. problem solved.")
    report.documents[0].findings
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, InputError, MtqaError

if TYPE_CHECKING:
    from .config import Config, load_config
    from .engine import Checker
    from .fixing import Edit
    from .model import Document, DocumentResult, Finding, Report, Score, Segment

# The public names and the modules that define them, imported on first use
# (PEP 562): `import mtqa` and `mtqa --version` do not load the rules.
_LAZY = {
    "Checker": ".engine",
    "Config": ".config",
    "load_config": ".config",
    "Document": ".model",
    "DocumentResult": ".model",
    "Finding": ".model",
    "Report": ".model",
    "Score": ".model",
    "Segment": ".model",
}


__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it from here


def __getattr__(name: str) -> Any:
    """A public name of `_LAZY`, imported from its module on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'mtqa' has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


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
    "fix_text",
    "load_config",
]


def check_text(
    text: str, *, path: str = "-", fmt: str = "txt", config: Config | None = None
) -> Report:
    """Check one text (plain text, or Markdown with ``fmt="md"``)."""
    from .engine import Checker
    from .readers import parse
    from .run import read_options

    checker = Checker(config)
    doc = parse(text, path, fmt, read_options(checker.config))
    return checker.report([checker.check(doc)])


def fix_text(
    text: str,
    *,
    fmt: str = "txt",
    path: str = "-",
    config: Config | None = None,
    unsafe: bool = False,
) -> tuple[str, list[Edit]]:
    """Fix one text as ``mtqa fix`` fixes a file of format ``fmt``: the fixed text,
    and the edits made, in order (`mtqa.fixing.Edit`: rule, line and column in
    ``text``, before, after, pass). ``config`` chooses the rules (``select``,
    ``ignore``); ``unsafe`` adds fixes that need a reader's eye. Everything
    outside the edits is ``text``'s own; fixing the result again changes nothing.

    Raises ConfigError when no selected rule has a fix, InputError when ``text``
    cannot be read as ``fmt``."""
    from .config import Config
    from .fixing import fix_text_with, fixer
    from .run import read_options

    fixing = fixer(config or Config(), unsafe)
    result = fix_text_with(fixing, text, path, fmt, read_options(fixing.checker.config))
    return result.fixed, result.edits


def check_paths(paths: Sequence[str], *, config: Config | None = None) -> Report:
    """Check files and directories (recursively) as ``mtqa check`` does.

    Raises InputError naming every input that could not be read."""
    from .engine import Checker
    from .run import run_check

    run = run_check(Checker(config), paths)
    if run.input_errors:
        raise InputError("; ".join(run.input_errors))
    return run.report


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

    Rows are grouped into documents by column ``document`` when given (a missing
    value is a document too; one document ``<frame>`` otherwise); line numbers
    are row numbers (1-based). Raises InputError for a column the frame lacks.
    """
    from .engine import Checker
    from .readers.rows import frame_documents

    checker = Checker(config)
    cfg = checker.config
    results = []
    for doc in frame_documents(
        frame,
        target,
        source,
        reference,
        document,
        source_lang=cfg.source_lang,
        target_lang=cfg.target_lang,
    ):
        results.append(checker.check(doc))
    return checker.report(results)
