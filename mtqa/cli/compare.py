"""``mtqa compare``: MT systems side by side, with paired significance tests."""

from __future__ import annotations

import json

import click

from .. import __version__
from ..compare import MAX_SAMPLES, MIN_PAIRED_SEGMENTS, compare, to_dict, to_table
from ..engine import Checker
from ..writers.formats import Outputs
from ..writers.html import template
from .check import settings_files
from .options import (
    config_options,
    gate_options,
    input_options,
    report_outputs,
    rule_options,
    settings,
)


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
@report_outputs
@click.option(
    "--samples",
    type=click.IntRange(min=0, max=MAX_SAMPLES),
    default=0,
    metavar="N",
    help="Bootstrap resamples and randomization trials (default, 0: sacrebleu's, 1000 and "
    f"10000; at most {MAX_SAMPLES:,}); no p-value falls below 1/(N+1).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
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
    config = settings(opts)
    read = [*systems, reference, *([source] if source else []), *settings_files(config)]
    # every output claimed before the run: none may be a system, the reference, the
    # source, a settings file or another output's file; one at most goes to stdout
    sinks = Outputs([], lambda text: click.echo(text, nl=False), inputs=read)
    try:
        report = sinks.open(output_file)
        page = sinks.open(html_file) if html_file else None
        checker = Checker(config)
        result = compare(list(systems), reference, source, checker, samples, top, stdin_format)
        data = to_dict(result, __version__, checker.fingerprint, checker.signature)
        report(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            if fmt == "json"
            else to_table(result)
        )
        if page:
            page(
                template("compare.html.j2").render(
                    c=data, version=__version__, min_segments=MIN_PAIRED_SEGMENTS
                )
            )
    except BaseException:
        sinks.discard()
        raise
    sinks.commit()
