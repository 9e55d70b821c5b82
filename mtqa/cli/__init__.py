"""The ``mtqa`` command group: each subcommand's module is imported only when that
subcommand runs (or ``--help`` lists them), so ``mtqa --version`` loads no rule.

Exit codes follow ruff: 0 the gate passed, 1 it failed, 2 usage or input error.
Errors are one line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import signal
import sys
import threading
from collections.abc import Sequence
from importlib import import_module

import click

from ..errors import MtqaError, UnknownSelectorError
from ..gcpause import collector_paused

# subcommand -> the module (in this package) and the function that define it
SUBCOMMANDS = {
    "baseline": ("check", "record_baseline"),
    "check": ("check", "check"),
    "compare": ("compare", "compare_command"),
    "eval": ("eval", "evaluate_command"),
    "explain": ("rules", "explain"),
    "fix": ("fix", "fix"),
    "rules": ("rules", "list_rules"),
    "triage": ("triage", "triage"),
}


class _Group(click.Group):
    """Turns mtqa's own errors (bad input, config, packs) into one line and exit code 2,
    and loads a subcommand's module when the subcommand is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in SUBCOMMANDS:
            return None
        module, name = SUBCOMMANDS[cmd_name]
        return getattr(import_module(f".{module}", __name__), name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MtqaError as exc:
            if ctx.params.get("debug"):
                raise
            message = str(exc)
            if isinstance(exc, UnknownSelectorError) and exc.setting in OPTION_SETTINGS:
                # not a config file's (`mtqa.engine` names the file then): the option's
                message = f"--{message}"
            click.echo(error_line(message), err=True)
            ctx.exit(2)


def error_line(message: str) -> str:
    """``mtqa: error: MESSAGE`` on one line: a file name's control characters (a
    newline, ESC) as Python escapes and its bytes that are not UTF-8 as ``\\xNN``,
    as the reports write them (`mtqa.writers.base.shown`)."""
    from ..writers.base import shown  # only when there is an error to say

    return f"mtqa: error: {shown(message)}"


def say(kind: str, message: str) -> None:
    """``mtqa: KIND: MESSAGE`` (a note or a warning) on one line of stderr, escaped
    as `error_line` escapes it."""
    from ..writers.base import shown

    click.echo(f"mtqa: {kind}: {shown(message)}", err=True)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``, as click prints it; the version is read only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    from .. import __version__

    click.echo(f"mtqa, version {__version__}")
    ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def cli(debug: bool) -> None:
    """Find machine-translation artifacts, score text the MQM way, gate pipelines on it."""


# the settings that are options too: an unknown rule in one not from a config file
# (`mtqa.engine` names the file then) is the option's
OPTION_SETTINGS = ("select", "ignore", "severity")


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like KeyboardInterrupt, so that every output not yet
    put in place is dropped (`mtqa.writers.formats.Outputs.discard`)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


class StdoutError(OSError):
    """stdout refused what was written to it (``>/dev/full``, ``>&-``)."""


class _Stdout(io.RawIOBase):
    """File descriptor 1, whose write errors say they are stdout's; a closed
    stdout (``>&-``: ``fd`` None) fails every write as a closed descriptor does.
    A command that writes nothing to stdout runs as usual either way."""

    def __init__(self, fd: int | None) -> None:
        super().__init__()
        self.fd = fd

    @property
    def fd(self) -> int | None:
        return self._fd

    @fd.setter
    def fd(self, fd: int | None) -> None:
        self._fd = fd
        # asked once a descriptor: click asks before every write (whether to strip
        # colours), a system call a document of a run over thousands
        self._tty = fd is not None and os.isatty(fd)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._tty

    def fileno(self) -> int:
        if self.fd is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return self.fd

    def write(self, data) -> int:  # type: ignore[no-untyped-def]
        try:
            return os.write(self.fileno(), data)
        except BrokenPipeError:
            raise  # the reader left (``| head``): click exits quietly
        except OSError as exc:
            raise StdoutError(exc.errno, exc.strerror) from None


def _guard_stdout() -> None:
    """Make stdout's write errors recognisable (`StdoutError`), when stdout is the
    process's own (not a test's capture): Python's stdout would raise a bare
    OSError, which main could not tell from any other."""
    stream = sys.stdout
    if stream is None:  # started with fd 1 closed; Python sets sys.stdout to None
        fd, encoding, errors, line_buffering = None, "utf-8", "strict", False
    elif stream is sys.__stdout__ and _fd(stream) == 1:
        fd, encoding, errors = 1, stream.encoding, stream.errors
        line_buffering = stream.line_buffering
    else:
        return
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(_Stdout(fd)),
        encoding=encoding,
        errors=errors,
        line_buffering=line_buffering,
    )


def _fd(stream: object) -> int | None:
    try:
        return stream.fileno()  # type: ignore[attr-defined,no-any-return]
    except (AttributeError, OSError, ValueError):
        return None


def _drop_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush of the
    bytes stdout refused does not add a second message at exit."""
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    if isinstance(raw, _Stdout):
        with contextlib.suppress(OSError):
            raw.fd = os.open(os.devnull, os.O_WRONLY)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI, turning every user error into one line and exit code 2."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)  # a CI cancel: clean up as for Ctrl-C
    _guard_stdout()
    try:
        _import_subcommand(args)
        code = cli.main(args=args, prog_name="mtqa", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        click.echo(error_line(exc.format_message()), err=True)
        sys.exit(2)
    except click.Abort:
        click.echo("mtqa: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("mtqa: interrupted", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("mtqa: terminated", err=True)
        sys.exit(143)
    except BrokenPipeError:
        sys.exit(1)  # the reader left (``| head``): nothing to say, as for cat
    except Exception as exc:
        if debug:
            raise
        if isinstance(exc, StdoutError):  # as "ls: write error: No space left on device"
            click.echo(f"mtqa: error: cannot write to stdout: {exc.strerror}", err=True)
            _drop_stdout()
            sys.exit(2)
        from ..writers.base import shown

        click.echo(
            f"mtqa: internal error: {type(exc).__name__}: {shown(str(exc))} (rerun with --debug)",
            err=True,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _import_subcommand(args: Sequence[str]) -> None:
    """Import the module of the subcommand ``args`` name (the first word that is one;
    none for ``--help``) with the cyclic garbage collector paused (`collector_paused`:
    a twentieth of a short check's time), then freeze every object alive (the
    modules, mostly): they live to the end, and frozen they are out of every later
    sweep, and out of the sweeps of the worker processes, whose pages they share
    (`gc.freeze`'s advice for a process that forks)."""
    name = next((a for a in args if a in SUBCOMMANDS), None)
    with collector_paused():
        if name is not None:
            import_module(f".{SUBCOMMANDS[name][0]}", __name__)
        gc.freeze()


__all__ = ["SUBCOMMANDS", "cli", "error_line", "main"]
