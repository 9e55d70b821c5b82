"""``mtqa compare``: MT systems side by side, with paired significance tests."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import __version__
from ..compare import MIN_PAIRED_SEGMENTS, compare, to_dict, to_table
from ..engine import Checker
from ..writers.atomic import write_atomic
from ..writers.html import template
from .options import config_options, gate_options, input_options, rule_options, settings


@click.command("compare")
@click.argument("systems", nargs=-1, required=True)
@click.option(
    "--reference",
    required=True,
    type=click.Path(dir_okay=False),
    help="The reference translation, aligned with every system's output.",
)
@click.option("--source", type=click.Path(dir_okay=False), help="The source text.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("-o", "--output-file", type=click.Path(dir_okay=False))
@click.option(
    "--html", "html_file", type=click.Path(dir_okay=False), help="Also write an HTML page."
)
@click.option(
    "--samples",
    type=int,
    default=0,
    help="Bootstrap resamples and randomization trials (default: sacrebleu's, 1000 and 10000).",
)
@click.option(
    "--top",
    type=int,
    default=10,
    show_default=True,
    help="How many most-different segments to show.",
)
@rule_options
@gate_options
@input_options
@config_options
def compare_command(
    systems, reference, source, fmt, output_file, html_file, samples, top, stdin_format, **opts
) -> None:
    """Compare SYSTEMS (outputs for one source): metrics, mtqa scores, significance."""
    checker = Checker(settings(opts))
    result = compare(list(systems), reference, source, checker, samples, top)
    data = to_dict(result, __version__, checker.fingerprint, checker.signature)
    out = (
        json.dumps(data, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else to_table(result)
    )
    if output_file:
        write_atomic(Path(output_file), out)
    else:
        click.echo(out, nl=False)
    if html_file:
        page = template("compare.html.j2").render(
            c=data, version=__version__, min_segments=MIN_PAIRED_SEGMENTS
        )
        write_atomic(Path(html_file), page)
