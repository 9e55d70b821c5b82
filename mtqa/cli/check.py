"""``mtqa check`` and ``mtqa baseline``."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..config import Config
from ..engine import Checker
from ..errors import MtqaError
from ..pool import LocalPool, Pool, cpu_count, jobs_for
from ..progress import Progress
from ..readers import format_for
from ..run import input_sizes, inputs, run_check
from ..textutil import counted
from ..writers.atomic import write_atomic
from ..writers.base import shown
from ..writers.formats import (
    FORMAT_NAMES,
    Outputs,
    names_stdout,
    parse_outputs,
    refuse_input,
)
from . import error_line, say
from .options import (
    GivenPath,
    capped_jobs,
    config_options,
    gate_options,
    input_options,
    rule_options,
    settings,
)


@click.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="NAME[:FILE]",
    help=f"Output format ({', '.join(FORMAT_NAMES)}); repeat for several, "
    "':FILE' sends one to a file. Default: text.",
)
@click.option(
    "-o",
    "--output-file",
    type=GivenPath(dir_okay=False),
    help="Write the one --format that names no file here (atomically).",
)
@click.option(
    "--indent",
    type=click.IntRange(min=0),
    metavar="N",
    help="Indent JSON output (json, sarif, gitlab) by N spaces a level. Default: compact.",
)
@click.option(
    "--report-dir",
    type=GivenPath(file_okay=False),
    help="Also write an HTML report here: index.html, a page per document, "
    "findings.csv and segments.csv.",
)
@click.option(
    "--html-order",
    type=click.Choice(["document", "worst"]),
    default="document",
    show_default=True,
    help="Order of the HTML report: worst documents first in index.html, worst "
    "paragraphs first on each page.",
)
@rule_options
@gate_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the gate fails.")
@click.option(
    "--baseline",
    "baseline_file",
    type=GivenPath(dir_okay=False),
    help="Report and gate only on findings this baseline file does not hold.",
)
@click.option(
    "--triage",
    "triage_files",
    multiple=True,
    type=GivenPath(dir_okay=False),
    metavar="FILE",
    help="Leave out the findings this triage file (exported from the HTML report) marks "
    "false positive, as --baseline does. Repeatable.",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="Check only the files git says were added or modified since REF.",
)
@click.option(
    "--source",
    "source_file",
    type=GivenPath(dir_okay=False),
    help="The source text of a plain-text target, aligned by paragraph or line.",
)
@click.option(
    "--reference",
    "reference_file",
    type=GivenPath(dir_okay=False),
    help="A reference translation, aligned like --source.",
)
@click.option(
    "--stream/--no-stream",
    default=None,
    help="Check text, TSV/CSV/JSONL inputs chunk by chunk in bounded memory, in any "
    "--format (not --report-dir); files over 1 MiB are, unless --no-stream reads "
    "them whole.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Check in N worker processes (default: one a core; 1: in this process; at most "
    "one a core, but on a --scheduler's cluster). Inputs under 1 MiB together are "
    "checked in this process.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where workers run: this machine, or a Dask cluster (pip install 'mtqa[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="The Dask scheduler of --engine dask (tcp://host:8786); default: a local "
    "cluster of --jobs workers. Workers must be able to read the inputs' paths.",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress line (shown on long runs when stderr is a terminal) and no notes "
    "(what did not run, files left out); errors, warnings and the note that a report "
    "was not written are still printed.",
)
@input_options
@click.option("--color/--no-color", default=None, help="Colour terminal output.")
@config_options
def check(
    paths,
    formats,
    output_file,
    indent,
    report_dir,
    html_order,
    exit_zero,
    baseline_file,
    triage_files,
    changed_since,
    source_file,
    reference_file,
    stream,
    jobs,
    engine,
    scheduler,
    quiet,
    stdin_format,
    color,
    **opts,
) -> None:
    """Check PATHS (files, folders, or - for stdin) and gate on the MQM score."""
    if not paths and changed_since is None:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler goes with --engine dask.")
    outputs = parse_outputs(formats, output_file)
    config = settings(opts)
    filters = _filters(baseline_file, triage_files)
    checker = Checker(config, **filters)
    colour = sys.stdout.isatty() if color is None else color
    if stream:
        if report_dir:
            raise MtqaError("--stream writes no --report-dir (it keeps no segments)")
        if source_file or reference_file:
            raise MtqaError(
                "--source and --reference align a whole file: they cannot go with --stream "
                "(--no-stream reads the file whole)"
            )
    own: list[str] = []
    names = inputs(checker, paths, changed_since, own)
    if not quiet:
        _say_own_reports(own, names)
    if report_dir:
        _refuse_inputs_inside(Path(report_dir), names)
    # a baseline is recorded, and triage decided, on whole files: their document-wide
    # findings would not match those of chunks
    sizes = input_sizes(names)
    if stream is None:  # neither --stream nor --no-stream: large files are streamed
        streamable = not (
            report_dir or source_file or reference_file or baseline_file or triage_files
        )
        stream = streamable and _stream_large(names, sizes, "document" in config.columns)
    echo = _echo_coloured if color else _echo_as_it_comes  # --color: even into a pipe
    read = [*names, *(f for f in (source_file, reference_file, baseline_file) if f)]
    read += triage_files
    read += settings_files(config)
    # the workers start first, forked while this process runs one thread (pandas starts
    # more) and holds no output open
    pool = _pool(checker, engine, scheduler, jobs, sizes, stream, stream or "-" not in names)
    try:
        if report_dir:
            # pandas and jinja2: only when asked, and before any output is opened (a
            # SIGTERM during the slow import must find every temporary file discarded)
            from ..writers.reportdir import ReportDirWriter
        sinks = Outputs(outputs, echo, colour, os.environ.get("GITHUB_STEP_SUMMARY"), read, indent)
    except BaseException:
        if pool is not None:
            pool.close()
        raise
    progress = Progress(sum(s or 0 for s in sizes) or None, enabled=not quiet)
    try:
        if report_dir:
            sinks.add(
                lambda outputs: ReportDirWriter(
                    outputs, Path(report_dir), html_order == "worst", config.rwc
                )
            )
        with progress:
            if stream:
                from ..streaming import run_stream

                summary, input_errors = run_stream(
                    checker, names, sinks.writers, stdin_format, _say_error, pool, progress
                )
            else:
                run = run_check(
                    checker,
                    paths,
                    stdin_format,
                    changed_since,
                    source_file,
                    reference_file,
                    _say_error,
                    sinks.writers,
                    names,
                    pool,
                    progress,
                    sizes,
                )
                summary, input_errors = run.report, run.input_errors
    except BaseException:
        sinks.discard()
        raise
    finally:
        if pool is not None:
            pool.close()
    # when an input could not be read, or no rule could run, the run failed: the
    # terminal still shows what was checked, but no report is written that would
    # look complete
    ungated = _ungated(checker, bool(summary.totals), exit_zero)
    if input_errors or ungated:
        unwritten = sinks.unwritten()
        sinks.discard()
        # some inputs were checked: their report is what is lost (none checked: the
        # errors say all there is)
        if input_errors and unwritten and summary.totals:
            shown = ", ".join(unwritten[:3]) + (
                f" and {len(unwritten) - 3} more" if unwritten[3:] else ""
            )
            say(
                "note",
                f"no report written ({shown}): {counted(len(input_errors), 'input')} could "
                "not be read, and a report holds every input or none",
            )
    else:
        sinks.commit()
    if not quiet:
        _say_unused(checker, config.select, bool(summary.totals), baseline_file)
    if input_errors:
        sys.exit(2)
    if ungated:
        click.echo(error_line(f"{ungated}; select rules that apply, or pass --exit-zero"), err=True)
        sys.exit(2)
    sys.exit(1 if not summary.passed and not exit_zero else 0)


def _say_unused(
    checker: Checker, selected: tuple[str, ...], checked: bool, baseline_file: str | None
) -> None:
    """The run's notes: rules that did not run (`_say_what_did_not_run`), and a
    baseline or triage file that matched none of the files checked."""
    _say_what_did_not_run(checker, selected, checked)
    baseline = checker.baseline
    if baseline is not None and baseline.unmatched():
        say(
            "note",
            f"the baseline {baseline_file} records none of the files checked: "
            "it left out no finding",
        )
    for false_positives in checker.triage:
        if false_positives.unmatched():
            say(
                "note",
                f"the triage file {false_positives.path} records no false positive "
                "in the files checked: it left out no finding",
            )


def _pool(
    checker: Checker,
    engine: str,
    scheduler: str | None,
    jobs: int | None,
    sizes: list[int | None],
    streamed: bool,
    workers_can_read: bool,
) -> Pool | None:
    """The worker processes of this run, or None to check in this process: a
    small run (`jobs_for`), ``--jobs 1``, or stdin checked whole (a worker
    cannot read this process's stdin). ``--engine dask`` always uses its
    cluster, but not with LanguageTool, which it refuses (MtqaError). Processes
    of this machine are at most one a core: the rules hold a core each, and more
    only share them (`capped_jobs`)."""
    if not (engine == "dask" and scheduler):
        jobs = capped_jobs(jobs)
    if engine == "dask":
        if checker.languagetool is not None:
            raise MtqaError("--engine dask checks without LanguageTool: add --languagetool off")
        from ..daskpool import DaskPool  # the optional extra, imported only when asked for

        return DaskPool(scheduler, jobs or cpu_count())
    workers = jobs_for(jobs, checker, sizes, streamed)
    return LocalPool(workers) if workers > 1 and workers_can_read else None


def _echo_as_it_comes(text: str) -> None:
    click.echo(text, nl=False)


def _echo_coloured(text: str) -> None:
    click.echo(text, nl=False, color=True)


def settings_files(config: Config) -> list[str]:
    """The files a run reads besides its inputs (config, glossary, rule packs),
    which no output may overwrite either."""
    files = [p for p in (config.path, config.glossary) if p]
    for pack in config.rules:
        folder = Path(pack)
        files += [str(f) for f in folder.glob("*.toml")] if folder.is_dir() else [pack]
    return files


def _say_error(message: str) -> None:
    click.echo(error_line(message), err=True)


# A file this large (bytes) is checked a chunk at a time when the run allows it:
# whole, the checker holds a few kilobytes a segment (1,000,000 short paragraphs
# took 2.7 GB), and a chunk of a file this size is the file itself
STREAM_ABOVE = 1 << 20


def _filters(baseline_file: str | None, triage_files: Sequence[str]) -> dict[str, Any]:
    """The `Checker`'s ``baseline`` and ``triage`` arguments for these options (their
    modules are loaded only for a run that gives one)."""
    filters: dict[str, Any] = {}
    if baseline_file:
        from ..baseline import Baseline

        filters["baseline"] = Baseline.load(baseline_file)
    if triage_files:
        from ..triage import triage_filters

        filters["triage"] = triage_filters(triage_files)
    return filters


def _stream_large(names: list[str], sizes: Sequence[int | None], grouped: bool = False) -> bool:
    """Whether to check as ``--stream`` does, unasked: some input is a file over
    `STREAM_ABOVE` bytes (``sizes``: the inputs' `input_sizes`) that can be read in
    chunks. Says so on stderr; the run is
    then the same as one with ``--stream``, but for document-wide rules, which see
    one chunk at a time (``grouped``: a table's documents, a chunk each, whose rows
    must then stand together)."""
    large = [
        (name, size)
        for name, size in zip(names, sizes, strict=True)
        if size is not None and size > STREAM_ABOVE and os.path.isfile(name)
    ]
    if large:
        from ..streaming import STREAMED_FORMATS

        large = [(name, size) for name, size in large if format_for(name) in STREAMED_FORMATS]
    if not large:
        return False
    named = [f"{name} ({size / (1 << 20):.1f} MiB)" for name, size in large[:3]]
    more = f" and {counted(len(large) - 3, 'other')}" if len(large) > 3 else ""
    why = (
        "a document at a time, whose rows must stand together"
        if grouped
        else "document-wide rules see one chunk at a time"
    )
    say(
        "note",
        f"{', '.join(named)}{more}: checked a chunk at a time as with --stream "
        f"({why}; --no-stream reads them whole)",
    )
    return True


def _refuse_inputs_inside(folder: Path, names: list[str]) -> None:
    """Raise MtqaError when an input lies inside the report folder: the folder's mark
    would keep it out of every later run, and its pages would sit among the texts."""
    root = folder.resolve()
    for name in names:
        if name != "-" and Path(name).resolve().is_relative_to(root):
            raise MtqaError(
                f"--report-dir {folder}: holds {name}, an input of this run; a report "
                "folder is left out of later runs, so give the report a folder of its own"
            )


def _say_own_reports(own: list[str], names: list[str]) -> None:
    """One note for the reports mtqa wrote that were found among the inputs and
    left out (a --report-dir inside the checked folder, a saved report.html).
    Raises MtqaError when they were all there was to check."""
    if own and not names:
        raise MtqaError(f"{own[0]}: a report mtqa wrote, not a text to check")
    if own:
        more = f" and {len(own) - 3} more" if len(own) > 3 else ""
        say("note", f"not checked, written by mtqa: {', '.join(own[:3])}{more}")


def _ungated(checker: Checker, checked: bool, exit_zero: bool) -> str | None:
    """Why the run cannot be gated, when documents were checked but no selected rule
    could run on any of them: the gate could never have failed. With --exit-zero
    (no gate asked for) that is only a warning, said here, and None."""
    if not checked or checker.ran:
        return None
    if checker.rules:
        reasons = "; ".join(sorted(set(checker.skipped.values())))
        message = f"no selected rule could run on these inputs ({reasons}), so the gate cannot fail"
    else:
        message = "no rule is selected (--select/--ignore leave none), so the gate cannot fail"
    if exit_zero:
        say("warning", message)
        return None
    return message


def say_languagetool(checker: Checker) -> None:
    """One notice when the LanguageTool rules could not run or a request failed
    (`Checker.languagetool_status`, which the report carries too)."""
    status = checker.languagetool_status()
    if status is None:
        return
    codes = [r.code for r in checker.rules if "languagetool" in r.needs]
    if status["status"] == "skipped":
        say("note", f"LanguageTool rules ({codes[0]}-{codes[-1]}) skipped: {status['reason']}")
    elif status["failures"]:
        failures = status["failures"]
        say(
            "note",
            f"LanguageTool failed for {counted(len(failures), 'document')}, which got "
            f"no LanguageTool findings: {failures[0]}",
        )


def _say_what_did_not_run(checker: Checker, selected: tuple[str, ...], checked: bool) -> None:
    """Notes on stderr: every rule the user named that could not run; rules left out
    for the documents' target language, always (a check in another language must
    not look complete); LanguageTool's state."""
    if checker.skipped and selected:
        _say_skipped(checker.skipped, checker.ran)
        return
    other_language = {
        code: why for code, why in checker.skipped.items() if why.startswith("not for target")
    }
    if other_language:
        _say_skipped(other_language, checker.ran)
    if checked:
        say_languagetool(checker)


def _say_skipped(skipped: dict[str, str], ran: set[str]) -> None:
    """One line per reason: which rules did not run, and why; a rule that checked
    other documents (``ran``) did not run on some."""
    by_reason: dict[tuple[str, bool], list[str]] = {}
    for code, reason in sorted(skipped.items()):
        by_reason.setdefault((reason, code in ran), []).append(code)
    for (reason, elsewhere), codes in by_reason.items():
        hint = " (give --source or a bilingual file)" if reason == "no source text" else ""
        what = ", ".join(codes) if len(codes) < 6 else f"{len(codes)} rules ({', '.join(codes)})"
        where = " on some documents" if elsewhere else ""
        say("note", f"{what} did not run{where}: {reason}{hint}")


@click.command("baseline")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output-file",
    type=GivenPath(dir_okay=False),
    default=".mtqa-baseline.json",
    show_default=True,
    help="Where to write the baseline (atomically); - for stdout.",
)
@rule_options
@input_options
@config_options
def record_baseline(paths, output_file, stdin_format, **opts) -> None:
    """Record today's findings in PATHS, so that 'check --baseline' reports only new ones."""
    checker = Checker(settings(opts))
    own: list[str] = []
    names = inputs(checker, paths, None, own)
    _say_own_reports(own, names)
    to_stdout = names_stdout(output_file)  # "-", /dev/stdout: as for check -o -
    if not to_stdout:
        refuse_input(Path(output_file), names)
    run = run_check(checker, paths, stdin_format, on_error=_say_error, names=names)
    if run.input_errors:
        raise MtqaError("baseline not written: some inputs could not be read")
    from ..baseline import to_baseline

    data = to_baseline(run.report, __version__)
    if to_stdout:  # a write error is one line (mtqa.cli.main: "cannot write to stdout")
        click.echo(data, nl=False)
    else:
        write_atomic(Path(output_file), data)
    click.echo(
        f"recorded {counted(run.report.findings, 'finding')} in "
        f"{counted(len(run.report.documents), 'document')} to "
        f"{'stdout' if to_stdout else shown(output_file)}",
        err=True,
    )
