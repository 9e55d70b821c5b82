"""The options the subcommands share, and how they become a `Config`."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import click

from ..config import PARAGRAPH_MODES, PRESETS, Config, load_config
from ..model import LANGUAGE_TAG_RE, SEVERITIES
from ..readers import FORMAT_NAMES, SUFFIXES


def split_values(values: Sequence[str]) -> tuple[str, ...]:
    """Options given several times or comma-separated: ``--select MT1,MT2 --select MT3``."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _pairs(values: Sequence[str], option: str) -> dict[str, str]:
    """``KEY=VALUE`` options, comma-separated or repeated; a key given two values
    (other than in case) is refused (which one was meant is anyone's guess)."""
    out: dict[str, str] = {}
    for value in split_values(values):
        key, _, val = value.partition("=")
        if not key.strip() or not val.strip():
            raise click.BadParameter(f"'{value}' is not KEY=VALUE", param_hint=option)
        key, val = key.strip(), val.strip()
        if out.get(key, val).lower() != val.lower():  # columns match ignoring case
            raise click.BadParameter(
                f"{key} is given twice: {key}={out[key]} and {key}={val}", param_hint=option
            )
        out[key] = val
    return out


def _columns(file: dict[str, str], given: dict[str, str]) -> dict[str, str]:
    """The config file's columns under ``--columns``: a column the command line gives
    a role is no longer the file's for another role (``--columns target=text`` over
    a file's ``source = "text"``), as any single value the command line gives
    replaces the file's."""
    claimed = {column.lower() for column in given.values()}
    kept = {r: c for r, c in file.items() if r in given or c.lower() not in claimed}
    return {**kept, **given}


def capped_jobs(jobs: int | None) -> int | None:
    """``--jobs`` at most one a core of this machine, saying so when it asked more:
    the rules hold a core each, and more workers only share them (64 workers on 2
    cores took 1.8 times as long as 2)."""
    from ..pool import cpu_count  # the pool's module: only for a command with --jobs
    from . import say

    cores = cpu_count()
    if jobs is not None and jobs > cores:
        say(
            "warning", f"--jobs {jobs} is more than the {cores} cores mtqa may use: {cores} workers"
        )
        return cores
    return jobs


def _language(code: str | None, option: str) -> str | None:
    """A BCP 47 language code such as zh, en, zh-CN, or None when not given."""
    if code is None:
        return None
    if not LANGUAGE_TAG_RE.match(code):
        raise click.BadParameter(
            f"{code!r} is not a language code (like zh, en, zh-CN)", param_hint=option
        )
    return code.replace("_", "-")


# what --stdin-format takes: each format's name, and each file suffix a file of it
# has (markdown, xlf, htm, pot), as the name of the format read
STDIN_FORMATS = {
    **{name: name for name in FORMAT_NAMES},
    **{suffix.lstrip("."): fmt for suffix, fmt in SUFFIXES.items()},
}


def settings(opts: dict) -> Config:
    """The config file's settings (unless ``--isolated``) under the command line's:
    lists add to the file's, single values replace them."""
    base = Config() if opts.get("isolated") else load_config(opts.get("config_file"))
    given = frozenset(role for role in ("source", "target") if opts.get(f"{role}_lang"))
    return replace(base, languages_given=given).merged(
        select=split_values(opts.get("select", ())) or None,
        ignore=base.ignore + split_values(opts.get("ignore", ())),
        severity={**base.severity, **_pairs(opts.get("severity", ()), "--severity")},
        allow=base.allow + split_values(opts.get("allow", ())),
        rules=base.rules + tuple(opts.get("rule_dirs", ())),
        include=split_values(opts.get("include", ())) or None,
        exclude=split_values(opts.get("exclude", ())) or None,
        fail_under=opts.get("fail_under"),
        fail_on=opts.get("fail_on"),
        max_penalty_per_kw=opts.get("max_penalty_per_kw"),
        preset=opts.get("preset"),
        paragraphs=opts.get("paragraphs"),
        encoding=opts.get("encoding"),
        columns=_columns(base.columns, _pairs(opts.get("columns", ()), "--columns")),
        glossary=opts.get("glossary"),
        languagetool=opts.get("languagetool"),
        languagetool_url=opts.get("languagetool_url"),
        source_lang=_language(opts.get("source_lang"), "--source-lang"),
        target_lang=_language(opts.get("target_lang"), "--target-lang"),
    )


class GivenPath(click.Path):
    """A click.Path that refuses an empty name: the value of an unset variable
    (``--baseline "$BASELINE"``), which taken as not given would drop the option
    without a word."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if value == "":
            self.fail("the name is empty (an unset variable?)", param, ctx)
        return super().convert(value, param, ctx)


def options(*decorators: Callable) -> Callable:
    """Apply a list of click option decorators, first listed first shown."""

    def apply(func: Callable) -> Callable:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


# the outputs of the commands that write one report and a page (eval, compare)
report_outputs = options(
    click.option("-o", "--output-file", type=GivenPath(dir_okay=False),
                 help="Write the output here; - for stdout."),
    click.option("--html", "html_file", type=GivenPath(dir_okay=False),
                 help="Also write an HTML page here."),
)  # fmt: skip
config_options = options(
    click.option("--config", "config_file", type=GivenPath(dir_okay=False),
                 help="Read settings from this TOML file instead of the nearest one."),
    click.option("--isolated", is_flag=True, help="Ignore every config file."),
    click.option("--rules", "rule_dirs", multiple=True, type=GivenPath(),
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
    click.option("--glossary", type=GivenPath(dir_okay=False),
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
    click.option(
        "--encoding",
        help="Encoding of the input files (default auto: UTF-8, else detected among "
        "GB18030, Big5, Shift-JIS, EUC-KR, EUC-JP, Windows-1252 and Latin-1).",
    ),
    click.option("--stdin-format", type=click.Choice(list(STDIN_FORMATS)), default="txt",
                 show_default=True, callback=lambda _c, _p, value: STDIN_FORMATS[value],
                 help="How to read '-' (stdin): a format or a file suffix (md, markdown, xlf)."),
    click.option("--columns", multiple=True, metavar="ROLE=NAME",
                 help="TSV/CSV columns or JSONL fields: target=, source=, reference=, id=, "
                 "document= (the rows of one value are one document, scored on its own)."),
    click.option("--source-lang", help="Source language (default zh, or the file's header)."),
    click.option("--target-lang", help="Target language (default en, or the file's header)."),
)  # fmt: skip


class FiniteRange(click.FloatRange):
    """A float range that also refuses nan and infinities (FloatRange lets nan by)."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


def gate_options(command: Callable) -> Callable:
    """--fail-under, --fail-on and --max-penalty-per-kw: the gate (`mtqa.gate`)."""
    for option in reversed(_GATE_OPTIONS):
        command = option(command)
    return command


_GATE_OPTIONS = [
    click.option(
        "--fail-under",
        type=FiniteRange(0, 100),
        help="Pass threshold on the calibrated score, 0-100 (default 90: a text at its "
        "tolerance; see docs/scoring.md). A short text under it passes unless its "
        "findings are significant.",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES),
        help="Fail a document with any finding this severe or worse (default critical: "
        "a critical finding always fails).",
    ),
    click.option(
        "--max-penalty-per-kw",
        type=FiniteRange(min=0),
        help="Also fail a document over N penalty points per 1,000 words (the raw MQM rate).",
    ),
]
