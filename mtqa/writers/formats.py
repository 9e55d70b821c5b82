"""Every output format by name, and where each of a run's outputs goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import MtqaError
from ..model import Report
from ..rulebase import Rule
from .github import to_github
from .gitlab import to_gitlab
from .jsonout import to_json, to_jsonl
from .junit import to_junit
from .sarif import to_sarif
from .tabular import findings_frame, stamped, to_csv
from .text import to_concise, to_grouped, to_text


@dataclass(frozen=True)
class RunInfo:
    """What writers need beyond the report: the tool version and the run's rules."""

    version: str
    rules: tuple[Rule, ...]
    colour: bool = False


RENDERERS: dict[str, Callable[[Report, RunInfo], str]] = {
    "text": lambda r, i: to_text(r, i.colour),
    "concise": lambda r, i: to_concise(r, i.colour),
    "grouped": lambda r, i: to_grouped(r, i.colour),
    "json": lambda r, i: to_json(r, i.version),
    "jsonl": lambda r, i: to_jsonl(r, i.version),
    "csv": lambda r, i: to_csv(stamped(findings_frame(r), i.version, r.rule_set, r.signature)),
    "sarif": lambda r, i: to_sarif(r, i.version, list(i.rules)),
    "junit": lambda r, i: to_junit(r, i.version),
    "github": lambda r, i: to_github(r, i.version),
    "gitlab": lambda r, i: to_gitlab(r, i.version),
}
FORMAT_NAMES = tuple(RENDERERS)


@dataclass(frozen=True)
class Output:
    """One requested output: a format, and a file (None: standard output)."""

    fmt: str
    path: str | None


def parse_outputs(formats: tuple[str, ...], output_file: str | None) -> list[Output]:
    """``--format NAME[:PATH]`` (repeatable) and ``--output-file`` into outputs.

    ``--output-file`` goes with the one format that names no file of its own.
    """
    outputs = []
    for spec in formats or ("text",):
        name, sep, path = spec.partition(":")
        if name not in RENDERERS:
            raise MtqaError(f"unknown format '{name}' (choose from {', '.join(FORMAT_NAMES)})")
        if sep and not path:
            raise MtqaError(f"--format {spec}: no file name after ':'")
        outputs.append(Output(name, path or None))
    if output_file:
        to_stdout = [o for o in outputs if o.path is None]
        if len(to_stdout) != 1:
            raise MtqaError("--output-file needs exactly one --format without its own ':FILE'")
        outputs[outputs.index(to_stdout[0])] = Output(to_stdout[0].fmt, output_file)
    return outputs
