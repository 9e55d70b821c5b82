"""``mtqa triage stats``: how often reviewers confirmed each rule's findings."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..triage import STATS_COLUMNS, load_triage, stats
from ..writers.atomic import write_atomic
from ..writers.base import shown
from ..writers.formats import names_stdout, refuse_input
from ..writers.jsonout import json_text
from ..writers.tabular import to_csv
from .options import GivenPath

if TYPE_CHECKING:
    import pandas as pd

# the columns of the text and Markdown tables whose figures are right-aligned
_NUMBERS = frozenset(STATS_COLUMNS[2:])


@click.group("triage")
def triage() -> None:
    """Read the triage files reviewers export from the HTML report."""


@triage.command("stats")
@click.argument("files", nargs=-1, required=True, type=GivenPath(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json", "markdown"]),
    default="text",
    show_default=True,
    help="How to write the table.",
)
@click.option(
    "-o",
    "--output-file",
    type=GivenPath(dir_okay=False),
    help="Write the table here (atomically); - for stdout (the default).",
)
def triage_stats(files: tuple[str, ...], fmt: str, output_file: str | None) -> None:
    """Per rule: the findings reviewers confirmed and rejected in FILES, and precision.

    Confirmed is accepted or fixed, rejected is false positive, and precision
    confirmed / (confirmed + rejected); several files are summed."""
    # None, "-" or /dev/stdout: stdout
    target = None if names_stdout(output_file) else Path(output_file)  # type: ignore[arg-type]
    if target is not None:
        refuse_input(target, files)
    table = stats(load_triage(files))
    if fmt == "json":
        text = to_json(table, files)
    elif fmt == "csv":
        text = to_csv(table)  # the total last; precision a fraction, empty for none
    elif fmt == "markdown":
        text = to_markdown(table)
    else:
        text = to_text(table)
    if target is None:
        # csv and json are data: click would strip escape sequences from the cells
        # when stdout is no terminal (text and markdown cells are already `shown`)
        click.echo(text, nl=False, color=fmt in ("csv", "json") or None)
    else:
        write_atomic(target, text)


def _shown(column: str, value: Any) -> str:
    """A cell as the text and Markdown tables show it: precision as a percentage
    ("-" for none), text safe for a terminal (`shown`)."""
    if column == "precision":
        return "-" if math.isnan(value) else f"{value:.0%}"
    return shown(str(value))


def _cells(table: pd.DataFrame) -> list[list[str]]:
    return [[_shown(c, v) for c, v in row.items()] for row in table.to_dict("records")]


def to_text(table: pd.DataFrame) -> str:
    """An aligned table: text columns to the left, figures to the right."""
    rows = [list(STATS_COLUMNS), *_cells(table)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(STATS_COLUMNS))]
    return "".join(
        "  ".join(
            cell.rjust(width) if column in _NUMBERS else cell.ljust(width)
            for cell, width, column in zip(row, widths, STATS_COLUMNS, strict=True)
        ).rstrip()
        + "\n"
        for row in rows
    )


def to_markdown(table: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (a ``|`` in a cell escaped), figures
    aligned right."""
    align = ["---:" if c in _NUMBERS else "---" for c in STATS_COLUMNS]
    rows = [list(STATS_COLUMNS), align]
    rows += [[cell.replace("|", "\\|") for cell in row] for row in _cells(table)]
    return "".join(f"| {' | '.join(row)} |\n" for row in rows)


def to_json(table: pd.DataFrame, files: Sequence[str]) -> str:
    """``{"mtqa_version", "files": [...], "rules": [row, ...], "total": row}``, a row
    an object of `STATS_COLUMNS` (the total's without rule and name); precision a
    fraction, or null."""
    records = [
        {c: None if c == "precision" and math.isnan(v) else v for c, v in row.items()}
        for row in table.to_dict("records")
    ]
    *rules, total = records
    data = {
        "mtqa_version": __version__,
        "files": list(files),
        "rules": rules,
        "total": {k: v for k, v in total.items() if k not in ("rule", "name")},
    }
    return json_text(data, indent=2) + "\n"
