"""``mtqa fix``: repair what the rules can fix with certainty, byte for byte."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import chain

import click

from ..errors import MtqaError
from ..fixfiles import FileFix, write_fixed
from ..fixing import FIXABLE_FORMATS, Fixer, fixer
from ..fixpool import FixTask, fix_files, remember
from ..pool import LocalPool, batched, jobs_for
from ..readers import format_for
from ..run import input_sizes, inputs, read_options
from ..writers.base import shown
from . import error_line
from .options import GivenPath, capped_jobs, config_options, input_options, settings


@click.command("fix")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--diff",
    is_flag=True,
    help="Print a unified diff of the fixes and change nothing; exit 1 when "
    "there is something to fix.",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=GivenPath(dir_okay=False),
    help="Write the fixed file here instead of over the input (one input; - for stdout).",
)
@click.option(
    "--backup",
    metavar="SUFFIX",
    help="Keep each changed file's original as its name plus SUFFIX, for example "
    ".orig (never overwriting one there).",
)
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Also apply fixes that need a reader's eye: calques, a name unified to its "
    "majority form, scraper text removed, glued words split.",
)
@click.option(
    "--select",
    multiple=True,
    help="Rules whose fixes to apply (as for check). Default: the default rules.",
)
@click.option("--ignore", multiple=True, help="Rules whose fixes not to apply.")
@click.option("--allow", multiple=True, help="A name or term no rule should flag. Repeatable.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="The summary: lines, or JSON listing every edit.",
)
@click.option("-q", "--quiet", is_flag=True, help="Say nothing but errors.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Fix in N worker processes (default: one a core; 1: in this process; at most "
    "one a core). Inputs under 1 MiB together, and stdin, are fixed in this process.",
)
@config_options
@input_options
def fix(paths, diff, output, backup, unsafe_fixes, output_format, quiet, jobs, **opts) -> None:  # type: ignore[no-untyped-def]
    """Fix the findings whose fixes are safe in PATHS (files, folders, or - for
    stdin, written fixed to stdout): stray and doubled punctuation, spacing,
    doubled words and other mechanical artifacts. Only the flagged spans change;
    each file keeps its encoding, byte-order mark, line ends and permissions,
    and is replaced atomically. Text, Markdown (never code, front matter or link
    targets), subtitles (SubRip, WebVTT), and the target side of TSV, CSV, JSONL,
    XLIFF, TMX and PO files.

    Exit codes: 0 done (or, with --diff, nothing to fix), 1 with --diff when
    there is something to fix, 2 usage or input error."""
    if backup is not None and not backup.strip():
        raise click.BadParameter("the suffix is empty", param_hint="--backup")
    if backup is not None and any(c in backup for c in ("/", os.sep, "\0")):
        # a path would put the copy elsewhere, over a file the check did not see
        raise click.BadParameter(f"{backup!r} is a path, not a suffix", param_hint="--backup")
    if diff and (output or backup):
        raise click.UsageError("--diff changes nothing: it goes without --output and --backup")
    if output and backup:
        raise click.UsageError("--backup keeps originals of files fixed in place, not --output")
    config = settings(opts)
    fixing = fixer(config, unsafe_fixes)
    named = set(paths)
    # each file once (named twice, or inside a folder named too); a file in a
    # folder that mtqa checks but does not write (an HTML page) is left alone
    once = {_same_file(name): name for name in reversed(inputs(fixing.checker, paths, None))}
    names = [
        name
        for name in reversed(once.values())
        if name in named or format_for(name) in FIXABLE_FORMATS
    ]
    if output and len(names) != 1:
        raise click.UsageError("--output goes with exactly one input file")
    to_stdout = output == "-" or ("-" in names and output is None and not diff)
    if to_stdout and output_format == "json":
        raise click.UsageError(
            "the fixed text goes to stdout, where --format json would go too: "
            "give --output FILE for the fixed text"
        )
    options = read_options(config)
    tasks = [
        FixTask(config, unsafe_fixes, name, options, _stdin_format(name, opts)) for name in names
    ]
    done: list[FileFix] = []
    errors: list[str] = []
    with _fixed(tasks, fixing, jobs) as outcomes:
        for outcome in outcomes:
            try:
                if isinstance(outcome, str):
                    raise MtqaError(outcome)
                if not diff:
                    _write(outcome, output, backup)
            except MtqaError as exc:
                errors.append(str(exc))
                click.echo(error_line(str(exc)), err=True)
                continue
            done.append(outcome)
            if diff and output_format == "text":
                click.echo(outcome.diff(), nl=False)
    _summarize(done, errors, diff, output_format, quiet, to_stderr=diff or to_stdout)
    if errors:
        sys.exit(2)
    sys.exit(1 if diff and any(f.changed for f in done) else 0)


@contextmanager
def _fixed(
    tasks: list[FixTask], fixing: Fixer, jobs: int | None
) -> Iterator[Iterator[FileFix | str]]:
    """Each task's file fixed in memory (or why not), in order: in worker processes
    when the inputs are large enough (`mtqa.pool.jobs_for`) and none is stdin,
    which a worker cannot read; else in this process. The workers stop at the
    block's end."""
    names = [t.name for t in tasks]
    sizes = input_sizes(names)
    workers = 1 if "-" in names else jobs_for(capped_jobs(jobs), fixing.checker, sizes)
    if workers <= 1:
        yield (task.fix(fixing) for task in tasks)
        return
    remember(fixing, tasks[0].config, tasks[0].unsafe)  # the forked workers' own
    pool = LocalPool(workers)
    try:
        yield chain.from_iterable(pool.imap(fix_files, batched(tasks, sizes)))
    finally:
        pool.close()


def _same_file(name: str) -> str:
    """What names one file whatever the path: ./d/a.txt and d/a.txt, or a link."""
    return name if name == "-" else os.path.realpath(name)


def _stdin_format(name: str, opts: dict) -> str | None:
    return opts.get("stdin_format", "txt") if name == "-" else None


def _write(fixed: FileFix, output: str | None, backup: str | None) -> None:
    """Write a file's fixes: to ``output`` (``-``: stdout), stdin's to stdout, a
    file's over itself when it changed."""
    if output == "-" or (fixed.path == "-" and output is None):
        sys.stdout.buffer.write(fixed.after)
        sys.stdout.buffer.flush()
    elif fixed.changed or output is not None:
        write_fixed(fixed, output, backup)


def _summarize(
    done: list[FileFix], errors: list[str], diff: bool, fmt: str, quiet: bool, to_stderr: bool
) -> None:
    """What was fixed per file and rule, and what was left for a reader."""
    if fmt == "json":
        from .. import __version__

        report = {
            "mtqa_version": __version__,
            "applied": not diff,
            "files": [_file_json(f, diff) for f in done],
            "errors": errors,
            "fixed": sum(len(f.result.edits) for f in done),
            "unfixed": sum(len(f.result.unfixed) for f in done),
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if quiet:
        return
    say = "would fix" if diff else "fixed"
    for f in done:
        name = shown(f.path)
        if f.result.edits:
            rules = Counter(e.rule for e in f.result.edits)
            each = ", ".join(f"{code} ×{n}" for code, n in sorted(rules.items()))
            passes = f", {f.result.passes} passes" if f.result.passes > 1 else ""
            click.echo(f"{name}: {say} {len(f.result.edits)} ({each}{passes})", err=to_stderr)
        if not f.result.converged:
            click.echo(f"{name}: still more to fix after the last pass", err=to_stderr)
        for u in f.result.unfixed:
            click.echo(
                f"{name}:{u.line}:{u.column}: {u.rule} not fixed ({u.reason}): {u.text!r}",
                err=to_stderr,
            )
    fixed = sum(len(f.result.edits) for f in done)
    files = sum(1 for f in done if f.changed)
    left = sum(len(f.result.unfixed) for f in done)
    tail = f"; {left} left for a reader" if left else ""
    if errors:
        tail += f"; {len(errors)} not read or not written (above)"
    noun = "file" if files == 1 else "files"
    total = len(done) + len(errors)
    click.echo(f"mtqa: {say} {fixed} in {files} {noun} of {total}{tail}", err=to_stderr)


def _file_json(f: FileFix, diff: bool) -> dict[str, object]:
    entry: dict[str, object] = {
        "path": f.path,
        "changed": f.changed,
        "passes": f.result.passes,
        "converged": f.result.converged,
        "edits": [e.as_dict(f.path) for e in f.result.edits],
        "unfixed": [u.as_dict(f.path) for u in f.result.unfixed],
    }
    if diff:
        entry["diff"] = f.diff()
    return entry
