"""``mtqa eval``: measure the rules against MQM-annotated translations."""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..evaluation.annotations import load
from ..evaluation.evaluate import MIN_FINDINGS, evaluate
from ..evaluation.output import to_html, to_json, to_rules_csv, to_table
from ..writers.base import shown
from ..writers.formats import Outputs
from .check import settings_files
from .options import config_options, report_outputs, settings


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
@report_outputs
@click.option("--strict", is_flag=True, help="Stop at the first broken line (default: skip it).")
@click.option(
    "--min-findings",
    type=click.IntRange(min=1),
    default=MIN_FINDINGS,
    show_default=True,
    help="Fewer findings than this: too rare to judge a rule.",
)
@click.option(
    "--encoding",
    help="Encoding of the file (default auto: UTF-8, else detected), as for check.",
)
@click.option("--select", multiple=True, help="The scoring rules (default: the default rules).")
@click.option("--ignore", multiple=True, help="Rules to leave out.")
@config_options
def evaluate_command(annotations, fmt, output_file, html_file, strict, min_findings, **opts):
    """Measure every rule against MQM-annotated translations (JSONL)."""
    config = settings(opts)
    # every output claimed before the run: none may be the annotations, a settings
    # file, or another output's file, and one at most goes to standard output
    sinks = Outputs([], _echo, inputs=[annotations, *settings_files(config)])
    try:
        report = sinks.open(output_file)
        page = sinks.open(html_file) if html_file else None
        ev = evaluate(load(annotations, strict, config.encoding), config, min_findings)
        if fmt == "json":
            report(to_json(ev, __version__))
        elif fmt == "csv":
            report(to_rules_csv(ev, __version__))
        else:
            report(to_table(ev))
        if page:
            page(to_html(ev, __version__, Path(annotations).name))
    except BaseException:
        sinks.discard()
        raise
    sinks.commit()
    for problem in ev.problems:
        click.echo(f"mtqa: skipped {shown(problem)}", err=True)


def _echo(text: str) -> None:
    click.echo(text, nl=False)
