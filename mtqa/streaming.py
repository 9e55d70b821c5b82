"""``mtqa check --stream``: large row files checked chunk by chunk in bounded memory.

Findings are written as each chunk is checked (formats ``jsonl``, ``concise``
and ``text``); only each file's running totals are kept, so memory does not
grow with the input. Document-wide rules (name and spelling variants) see one
chunk of rows at a time.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .engine import Checker
from .errors import MtqaError
from .model import Finding, Tally
from .readers import format_for
from .readers.stream import stream_rows
from .run import read_options
from .textutil import counted
from .writers.atomic import AtomicStream
from .writers.formats import Output
from .writers.text import _Style, judged

STREAM_FORMATS = ("jsonl", "concise", "text")


@dataclass
class Totals:
    """A file's running totals."""

    words: int = 0
    tally: Tally = field(default_factory=Tally)
    findings: int = 0


def _line(fmt: str, path: str, f: Finding, style: _Style, stamp: dict[str, str]) -> str:
    if fmt == "jsonl":
        return json.dumps({"path": path, **f.as_dict(), **stamp}, ensure_ascii=False) + "\n"
    if fmt == "concise":
        return f"{path}:{f.line}:{f.column}: {f.rule} {f.message}\n"
    return f"{path}:{f.line}:{f.column}: {style.finding(f)}\n"


def run_stream(
    checker: Checker,
    names: list[str],
    outputs: list[Output],
    stdin_format: str,
    version: str,
    colour: bool,
    stdout: Callable[[str], object],
) -> bool:
    """Check every row file chunk by chunk; return whether every file passed the gate.

    The outputs without a file of their own are written with ``stdout``, as the
    text comes."""
    for o in outputs:
        if o.fmt not in STREAM_FORMATS:
            raise MtqaError(f"--stream writes {', '.join(STREAM_FORMATS)}, not {o.fmt}")
    sinks: list[tuple[Output, Callable[[str], object]]] = []
    files: list[AtomicStream] = []
    for o in outputs:
        if o.path:
            stream = AtomicStream(Path(o.path))
            files.append(stream)
            sinks.append((o, stream.write))
        else:
            sinks.append((o, stdout))
    stamp = {
        "mtqa_version": version,
        "rule_set": checker.fingerprint,
        "run_signature": checker.signature,
    }
    style = _Style(colour)
    totals: dict[str, Totals] = {}
    try:
        options = read_options(checker.config)
        for name in names:
            fmt = stdin_format if name == "-" else format_for(name)
            total = totals.setdefault(name, Totals())
            for chunk in stream_rows(name, fmt, options, checker.config.encoding):
                result = checker.check(chunk.document)
                total.words += result.score.words
                total.tally += result.tally
                total.findings += len(result.findings)
                for f in result.findings:
                    f = replace(f, segment=f.segment + chunk.first_row - 1)
                    for o, write in sinks:
                        write(_line(o.fmt, name, f, style, stamp))
        passed = True
        for name, total in totals.items():
            score = checker.scoring.score(total.words, total.tally)
            ok = checker.scoring.passed(score, total.tally)
            passed &= ok
            summary = (
                f"{name}: {'PASS' if ok else 'FAIL'} score {score.score:.1f}"
                f"{judged(score, ok, checker.scoring.threshold)} "
                f"(raw {score.raw_score:.1f}; {counted(total.findings, 'finding')}, penalty "
                f"{score.penalty:g} over {counted(score.words, 'word')})\n"
            )
            for o, write in sinks:
                if o.fmt != "jsonl":
                    write(summary)
    except BaseException:
        for stream in files:
            stream.discard()
        raise
    for stream in files:
        stream.commit()
    sys.stdout.flush()
    return passed
