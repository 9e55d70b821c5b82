"""``mtqa eval``: measure the rules against MQM-annotated translations."""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..evaluation.annotations import load
from ..evaluation.evaluate import MIN_FINDINGS, evaluate
from ..evaluation.output import to_html, to_json, to_rules_csv, to_table
from ..writers.atomic import write_atomic
from .options import config_options, settings


@click.command("eval")
@click.argument("annotations", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output on stdout (or --output-file); csv is the rules table.",
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False))
@click.option(
    "--html", "html_file", type=click.Path(dir_okay=False), help="Also write an HTML page."
)
@click.option("--strict", is_flag=True, help="Stop at the first broken line (default: skip it).")
@click.option(
    "--min-findings",
    type=int,
    default=MIN_FINDINGS,
    show_default=True,
    help="Fewer findings than this: too rare to judge a rule.",
)
@click.option("--select", multiple=True, help="The scoring rules (default: the default rules).")
@click.option("--ignore", multiple=True, help="Rules to leave out.")
@config_options
def evaluate_command(annotations, fmt, output_file, html_file, strict, min_findings, **opts):
    """Measure every rule against MQM-annotated translations (JSONL)."""
    ev = evaluate(load(annotations, strict), settings(opts), min_findings)
    if fmt == "json":
        out = to_json(ev, __version__)
    elif fmt == "csv":
        out = to_rules_csv(ev, __version__)
    else:
        out = to_table(ev)
    if output_file:
        write_atomic(Path(output_file), out)
    else:
        click.echo(out, nl=False)
    if html_file:
        write_atomic(Path(html_file), to_html(ev, __version__, Path(annotations).name))
    for problem in ev.problems:
        click.echo(f"mtqa: skipped {problem}", err=True)
