"""The ``mtqa`` command: check, rules, explain.

Exit codes follow ruff: 0 the gate passed, 1 it failed, 2 usage or input error.
Errors are one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from . import __version__
from .config import PARAGRAPH_MODES, PRESETS, Config, load_config
from .engine import Checker
from .errors import MtqaError
from .evaluation.annotations import load
from .evaluation.evaluate import MIN_FINDINGS, evaluate
from .evaluation.output import to_html as eval_html
from .evaluation.output import to_json as eval_json
from .evaluation.output import to_rules_csv, to_table
from .model import SEVERITIES, DocumentResult, Report
from .readers import format_for, parse
from .readers.files import discover, read_input
from .registry import load_rules
from .writers.atomic import write_atomic
from .writers.html import to_html
from .writers.jsonout import to_json
from .writers.tabular import findings_frame, segments_frame, to_csv
from .writers.text import to_text

FORMATS = ("text", "json", "csv")


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """Options given several times or comma-separated: ``--select MT1,MT2 --select MT3``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _severity_overrides(values: Sequence[str]) -> dict[str, str]:
    out = {}
    for value in _split(values):
        key, _, sev = value.partition("=")
        if not sev:
            raise click.BadParameter(f"'{value}' is not CODE=SEVERITY", param_hint="--severity")
        out[key.strip()] = sev.strip()
    return out


def _settings(config_file: str | None, isolated: bool) -> Config:
    return Config() if isolated else load_config(config_file)


config_options = [
    click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="Read settings from this TOML file instead of the nearest one.",
    ),
    click.option("--isolated", is_flag=True, help="Ignore every config file."),
    click.option(
        "--rules",
        "rule_dirs",
        multiple=True,
        type=click.Path(),
        help="Add the rule packs (*.toml) in this folder. Repeatable.",
    ),
]


def with_config_options(func):
    for option in reversed(config_options):
        func = option(func)
    return func


class _Group(click.Group):
    """Turns mtqa's own errors (bad input, config, packs) into one line and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MtqaError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"mtqa: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtqa")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def cli(debug: bool) -> None:
    """Find machine-translation artifacts, score text the MQM way, gate pipelines on it."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format on stdout (or --output-file).",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    help="Write the output here (atomically) instead of stdout.",
)
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False),
    help="Also write findings.csv, segments.csv and report.html here.",
)
@click.option(
    "--html-order",
    type=click.Choice(["document", "worst"]),
    default="document",
    show_default=True,
    help="Paragraph order in report.html.",
)
@click.option(
    "--select",
    multiple=True,
    help="Rules to run: codes, code prefixes, names, "
    "categories, or ALL. Default: the default rules.",
)
@click.option("--ignore", multiple=True, help="Rules not to run (same selectors as --select).")
@click.option(
    "--severity",
    "severity",
    multiple=True,
    metavar="RULE=SEVERITY",
    help="Override a rule's severity, e.g. MT205=minor.",
)
@click.option("--allow", multiple=True, help="A name or term no rule should flag. Repeatable.")
@click.option(
    "--fail-under",
    type=float,
    help="Pass threshold: a document passes at this score or above (default 95).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    help="Also fail when any finding is this severe or worse.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the gate fails.")
@click.option("--preset", type=click.Choice(PRESETS), help="MQM weights: default or wmt.")
@click.option(
    "--paragraphs",
    type=click.Choice(PARAGRAPH_MODES),
    help="Plain-text paragraphs: auto, blank-line separated, or one per line.",
)
@click.option("--include", multiple=True, help="Globs of files to check inside directories.")
@click.option("--exclude", multiple=True, help="Globs of files to skip inside directories.")
@click.option("--encoding", help="Encoding of the input files (default utf-8).")
@click.option(
    "--stdin-format",
    type=click.Choice(["txt", "md"]),
    default="txt",
    show_default=True,
    help="How to read '-' (stdin).",
)
@click.option("--color/--no-color", default=None, help="Colour terminal output.")
@with_config_options
def check(
    paths,
    fmt,
    output_file,
    report_dir,
    html_order,
    select,
    ignore,
    severity,
    allow,
    fail_under,
    fail_on,
    exit_zero,
    preset,
    paragraphs,
    include,
    exclude,
    encoding,
    stdin_format,
    color,
    config_file,
    isolated,
    rule_dirs,
) -> None:
    """Check PATHS (files, folders, or - for stdin) and gate on the MQM score."""
    base = _settings(config_file, isolated)
    config = base.merged(  # lists add to the config file's, single values replace them
        select=_split(select) or None,
        ignore=base.ignore + _split(ignore),
        severity={**base.severity, **_severity_overrides(severity)},
        allow=base.allow + tuple(allow),
        rules=base.rules + tuple(rule_dirs),
        include=_split(include) or None,
        exclude=_split(exclude) or None,
        fail_under=fail_under,
        fail_on=fail_on,
        preset=preset,
        paragraphs=paragraphs,
        encoding=encoding,
    )
    checker = Checker(config)
    results: list[DocumentResult] = []
    errors = 0
    for name in _discover(paths, config):
        try:
            fmt_in = stdin_format if name == "-" else format_for(name)
            doc = parse(read_input(name, config.encoding), name, fmt_in, config.paragraphs)
        except MtqaError as exc:
            click.echo(f"mtqa: error: {exc}", err=True)
            errors += 1
            continue
        results.append(checker.check(doc))
    report = checker.report(results)
    _write_outputs(report, fmt, output_file, report_dir, html_order == "worst", color, config.rwc)
    if errors:
        sys.exit(2)
    failed = not report.passed or (
        config.fail_on is not None
        and any(
            SEVERITIES.index(f.severity) >= SEVERITIES.index(config.fail_on)
            for d in report.documents
            for f in d.findings
        )
    )
    sys.exit(1 if failed and not exit_zero else 0)


def _discover(paths: Sequence[str], config: Config) -> list[str]:
    """All files to check, found before any is read, so a typo fails fast."""
    return list(discover(paths, config.include, config.exclude))


def _write_outputs(
    report: Report,
    fmt: str,
    output_file: str | None,
    report_dir: str | None,
    worst_first: bool,
    color: bool | None,
    rwc: int,
) -> None:
    if fmt == "json":
        out = to_json(report, __version__)
    elif fmt == "csv":
        out = to_csv(findings_frame(report))
    else:
        tty = output_file is None and sys.stdout.isatty()
        out = to_text(report, colour=tty if color is None else color)
    if output_file:
        write_atomic(Path(output_file), out)
    else:
        click.echo(out, nl=False)
    if report_dir:
        folder = Path(report_dir)
        write_atomic(folder / "findings.csv", to_csv(findings_frame(report)))
        write_atomic(folder / "segments.csv", to_csv(segments_frame(report)))
        write_atomic(folder / "report.html", to_html(report, __version__, worst_first, rwc))


@cli.command("eval")
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
@with_config_options
def evaluate_command(
    annotations,
    fmt,
    output_file,
    html_file,
    strict,
    min_findings,
    select,
    ignore,
    config_file,
    isolated,
    rule_dirs,
) -> None:
    """Measure every rule against MQM-annotated translations (JSONL)."""
    base = _settings(config_file, isolated)
    config = base.merged(
        select=_split(select) or None,
        ignore=base.ignore + _split(ignore),
        rules=base.rules + tuple(rule_dirs),
    )
    ev = evaluate(load(annotations, strict), config, min_findings)
    if fmt == "json":
        out = eval_json(ev, __version__)
    elif fmt == "csv":
        out = to_rules_csv(ev)
    else:
        out = to_table(ev)
    if output_file:
        write_atomic(Path(output_file), out)
    else:
        click.echo(out, nl=False)
    if html_file:
        write_atomic(Path(html_file), eval_html(ev, __version__, Path(annotations).name))
    for problem in ev.problems:
        click.echo(f"mtqa: skipped {problem}", err=True)


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@with_config_options
def list_rules(fmt: str, config_file: str | None, isolated: bool, rule_dirs) -> None:
    """List every rule: code, name, MQM category, default severity, default or advisory."""
    config = _settings(config_file, isolated)
    ruleset = load_rules([Path(p) for p in (*config.rules, *rule_dirs)])
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "category": r.category,
                "severity": r.severity,
                "default": r.default,
                "scope": r.scope,
                "origin": r.origin,
                "rationale": r.rationale,
            }
            for r in ruleset.rules
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in ruleset.rules)
    cat_width = max(len(r.category) for r in ruleset.rules)
    click.echo(f"{'code':<7} {'name':<{width}} {'category':<{cat_width}} {'severity':<8} status")
    for r in ruleset.rules:
        status = "default" if r.default else "advisory"
        click.echo(
            f"{r.code:<7} {r.name:<{width}} {r.category:<{cat_width}} {r.severity:<8} "
            f"{status}" + ("" if r.origin == "built-in" else f" ({r.origin})")
        )


@cli.command()
@click.argument("code")
@with_config_options
def explain(code: str, config_file: str | None, isolated: bool, rule_dirs) -> None:
    """Show one rule (by code or name): what it finds, why, and its examples."""
    config = _settings(config_file, isolated)
    r = load_rules([Path(p) for p in (*config.rules, *rule_dirs)]).get(code)
    click.echo(f"{r.code} {r.name}")
    click.echo(
        f"category: {r.category}\nseverity: {r.severity}\n"
        f"status: {'default' if r.default else 'advisory'}\nscope: {r.scope}\n"
        f"origin: {r.origin}\n"
    )
    click.echo(r.rationale + "\n")
    click.echo("Flags:")
    for ex in r.flags:
        click.echo(f"  {ex.text!r}\n    -> {ex.flagged!r}")
    click.echo("Does not flag:")
    for text in r.passes:
        click.echo(f"  {text!r}")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI, turning every user error into one line and exit code 2."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="mtqa", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        click.echo(f"mtqa: error: {exc.format_message()}", err=True)
        sys.exit(2)
    except click.Abort:
        click.echo("mtqa: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("mtqa: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"mtqa: internal error: {type(exc).__name__}: {exc} (rerun with --debug)", err=True
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
