"""The ``mtqa`` command group, its shared options, and the small commands.

Exit codes follow ruff: 0 the gate passed, 1 it failed, 2 usage or input error.
Errors are one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from . import __version__
from .config import PARAGRAPH_MODES, PRESETS, Config, load_config
from .errors import MtqaError
from .readers import FORMAT_NAMES
from .registry import load_rules


def split_values(values: Sequence[str]) -> tuple[str, ...]:
    """Options given several times or comma-separated: ``--select MT1,MT2 --select MT3``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _pairs(values: Sequence[str], option: str) -> dict[str, str]:
    """``KEY=VALUE`` options, comma-separated or repeated."""
    out = {}
    for value in split_values(values):
        key, _, val = value.partition("=")
        if not val:
            raise click.BadParameter(f"'{value}' is not KEY=VALUE", param_hint=option)
        out[key.strip()] = val.strip()
    return out


_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _language(code: str | None, option: str) -> str | None:
    """A BCP 47 language code such as zh, en, zh-CN, or None when not given."""
    if code is None:
        return None
    if not _LANGUAGE_RE.match(code):
        raise click.BadParameter(
            f"'{code}' is not a language code (like zh, en, zh-CN)", param_hint=option
        )
    return code.replace("_", "-")


def settings(opts: dict) -> Config:
    """The config file's settings (unless ``--isolated``) under the command line's:
    lists add to the file's, single values replace them."""
    base = Config() if opts.get("isolated") else load_config(opts.get("config_file"))
    return base.merged(
        select=split_values(opts.get("select", ())) or None,
        ignore=base.ignore + split_values(opts.get("ignore", ())),
        severity={**base.severity, **_pairs(opts.get("severity", ()), "--severity")},
        allow=base.allow + tuple(opts.get("allow", ())),
        rules=base.rules + tuple(opts.get("rule_dirs", ())),
        include=split_values(opts.get("include", ())) or None,
        exclude=split_values(opts.get("exclude", ())) or None,
        fail_under=opts.get("fail_under"),
        fail_on=opts.get("fail_on"),
        max_penalty_per_kw=opts.get("max_penalty_per_kw"),
        preset=opts.get("preset"),
        paragraphs=opts.get("paragraphs"),
        encoding=opts.get("encoding"),
        columns={**base.columns, **_pairs(opts.get("columns", ()), "--columns")},
        glossary=opts.get("glossary"),
        languagetool=opts.get("languagetool"),
        languagetool_url=opts.get("languagetool_url"),
        source_lang=_language(opts.get("source_lang"), "--source-lang"),
        target_lang=_language(opts.get("target_lang"), "--target-lang"),
    )


def options(*decorators: Callable) -> Callable:
    """Apply a list of click option decorators, first listed first shown."""

    def apply(func: Callable) -> Callable:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


config_options = options(
    click.option("--config", "config_file", type=click.Path(dir_okay=False),
                 help="Read settings from this TOML file instead of the nearest one."),
    click.option("--isolated", is_flag=True, help="Ignore every config file."),
    click.option("--rules", "rule_dirs", multiple=True, type=click.Path(),
                 help="Add the rule packs (*.toml) in this folder or file. Repeatable."),
)  # fmt: skip
rule_options = options(
    click.option("--select", multiple=True, help="Rules to run: codes, code prefixes, names, "
                 "categories, or ALL. Default: the default rules."),
    click.option("--ignore", multiple=True, help="Rules not to run (same selectors as --select)."),
    click.option("--severity", multiple=True, metavar="RULE=SEVERITY",
                 help="Override a rule's severity, e.g. MT205=minor."),
    click.option("--allow", multiple=True, help="A name or term no rule should flag. Repeatable."),
    click.option("--preset", type=click.Choice(PRESETS), help="MQM weights: default or wmt."),
    click.option("--glossary", type=click.Path(dir_okay=False),
                 help="A glossary (CSV or TBX) for the terminology rules."),
    click.option("--languagetool", type=click.Choice(["auto", "required", "off"]),
                 help="Grammar and spelling through LanguageTool: auto (when a server is "
                 "there), required (exit 2 without one), off."),
    click.option("--languagetool-url", metavar="URL",
                 help="A LanguageTool server (else MTQA_LANGUAGETOOL_URL, else a local "
                 "install)."),
)  # fmt: skip
input_options = options(
    click.option("--paragraphs", type=click.Choice(PARAGRAPH_MODES),
                 help="Plain-text paragraphs: auto, blank-line separated, or one per line."),
    click.option("--include", multiple=True, help="Globs of files to check inside folders."),
    click.option("--exclude", multiple=True, help="Globs of files to skip inside folders."),
    click.option("--encoding", help="Encoding of the input files (default utf-8)."),
    click.option("--stdin-format", type=click.Choice(FORMAT_NAMES), default="txt",
                 show_default=True, help="How to read '-' (stdin)."),
    click.option("--columns", multiple=True, metavar="ROLE=NAME",
                 help="TSV/CSV columns or JSONL fields: target=, source=, reference=, id=."),
    click.option("--source-lang", help="Source language (default zh, or the file's header)."),
    click.option("--target-lang", help="Target language (default en, or the file's header)."),
)  # fmt: skip


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


@cli.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@config_options
def list_rules(fmt: str, **opts) -> None:
    """List every rule: code, name, MQM category, default severity, default or advisory."""
    ruleset = load_rules([Path(p) for p in settings(opts).rules])
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
@config_options
def explain(code: str, **opts) -> None:
    """Show one rule (by code or name): what it finds, why, and its examples."""
    r = load_rules([Path(p) for p in settings(opts).rules]).get(code)
    click.echo(f"{r.code} {r.name}")
    click.echo(
        f"category: {r.category}\nseverity: {r.severity}\n"
        f"status: {'default' if r.default else 'advisory'}\nscope: {r.scope}\n"
        f"origin: {r.origin}\n"
    )
    click.echo(r.rationale + "\n")
    click.echo("Flags:")
    for ex in r.flags:
        _example(ex.text)
        click.echo(f"    -> {ex.flagged!r}")
    click.echo("Does not flag:")
    for text in r.passes:
        _example(text)


def _example(text: str) -> None:
    """An example as ``mtqa explain`` shows it: the target, and its source if it has one."""
    target, _, source = text.partition("\t")
    click.echo(f"  {target!r}" + (f"\n    source: {source!r}" if source else ""))


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


from . import cli_check, cli_compare, cli_eval  # noqa: E402  (they register on `cli`)

__all__ = ["cli", "cli_check", "cli_compare", "cli_eval", "main"]
