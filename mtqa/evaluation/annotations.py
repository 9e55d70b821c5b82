"""Reading MQM-annotated translations (JSONL), refusing or skipping broken lines loudly.

One JSON object a line, as in the WMT MQM releases converted to JSONL:
``target`` (the translation) and ``errors`` (each with ``category``,
``severity`` and, for errors marked in the target, character offsets
``start``/``end``) are required; ``system``, ``doc``, ``seg_id``,
``doc_seg_id``, ``source`` and ``mqm`` are used when present.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

from ..config import brief_repr
from ..datafile import json_message, parse_json, read_data_file
from ..errors import InputError
from ..model import AUTO_ENCODING
from ..readers.files import read_input

SEVERITIES = frozenset({"neutral", "minor", "major", "critical"})
# The largest MQM figure a line may give, either sign: a segment's penalty is tens
# of points (25 a critical error), a document's some thousands. A larger one is no
# MQM figure, and differences of two near 1e308 overflowed (numpy's RuntimeWarning).
MAX_MQM = 1_000_000.0
# The fields that hold numbers (or ids): JSON's true and false are neither, though
# Python counts a bool as an int
_NO_BOOL_FIELDS = ("mqm", "seg_id", "doc_seg_id")
NO_DOC = "doc"  # the document of a line that names none
# MQM weights of the WMT releases (Freitag et al. 2021), for lines without an "mqm" field.
WMT_WEIGHTS = {"neutral": 0.0, "minor": 1.0, "major": 5.0, "critical": 25.0}


@dataclass(frozen=True, slots=True)
class HumanError:
    """One annotated error; ``start``/``end`` are None for errors marked in the source."""

    category: str
    severity: str
    start: int | None
    end: int | None
    rater: str | None = None  # who marked it, when the file says

    @property
    def counts(self) -> bool:
        """An error of the translation (not neutral, not a source error)."""
        return self.severity != "neutral" and not self.category.lower().startswith("source")


@dataclass(frozen=True, slots=True)
class Annotated:
    """One annotated translation."""

    line: int
    system: str
    doc: str
    seg_id: str
    order: float
    source: str
    target: str
    errors: tuple[HumanError, ...]
    mqm: float  # the human MQM penalty: higher is worse
    mqm_given: bool = False  # the line had an "mqm" field (else: from its errors)
    raters_given: bool = False  # the line said how many rated it (n_raters, raters)

    @property
    def segment(self) -> tuple[str, str]:
        """Which source segment this translates, ``(doc, seg_id)``: the same in every
        system's line; the document too, as ids may start again in each one."""
        return self.doc, self.seg_id

    @property
    def has_error(self) -> bool:
        return any(e.counts for e in self.errors)

    @property
    def has_major(self) -> bool:
        return any(e.counts and e.severity in ("major", "critical") for e in self.errors)


@dataclass
class Loaded:
    """The usable lines, and what was wrong with the others."""

    items: list[Annotated] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    mqm_scale: str = "computed from the annotated errors (WMT weights): higher is worse"


def _wmt_mqm(errors: tuple[HumanError, ...], raters: int = 1) -> float:
    """The MQM penalty of a translation's errors by the WMT weights (Freitag et al.
    2021: a major non-translation 25, a minor punctuation error 0.1), the sum of
    every rater's errors averaged over the ``raters`` who rated it."""
    total = 0.0
    for e in errors:
        category = e.category.lower()
        if category.startswith("non-translation") and e.severity == "major":
            total += 25.0
        elif category == "fluency/punctuation" and e.severity == "minor":
            total += 0.1
        else:
            total += WMT_WEIGHTS[e.severity]
    return total / raters


def _raters(data: dict[str, Any]) -> int | None:
    """How many raters rated a translation, as its line says: its ``n_raters`` (a
    whole number, 3.0 as pandas writes it too), else its ``raters`` list; None when
    it says neither (`load` then counts the raters the file's errors name: a rater
    who found nothing in a translation rated it all the same)."""
    given = data.get("n_raters")
    if given is not None:
        whole = isinstance(given, int) or (isinstance(given, float) and given.is_integer())
        if isinstance(given, bool) or not whole or given < 1:
            raise ValueError(f"field 'n_raters' is {brief_repr(given)}, not a count of raters")
        return int(given)
    if isinstance(data.get("raters"), list) and data["raters"]:
        return len(data["raters"])
    return None


def _error(raw: Any, target: str) -> HumanError:
    if not isinstance(raw, dict):
        raise ValueError("an error is not an object")
    category, severity = raw.get("category"), str(raw.get("severity", "")).lower()
    if not isinstance(category, str) or not category:
        raise ValueError("an error has no category")
    if severity == "no-error":
        severity = "neutral"
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {brief_repr(raw.get('severity'))}")
    start, end = raw.get("start"), raw.get("end")
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool):
            raise ValueError(f"field {name!r} of an error is {json.dumps(value)}, not a number")
    rater = raw.get("rater") if isinstance(raw.get("rater"), str) else None
    if raw.get("side", "target") == "source" or start is None:
        return HumanError(category, severity, None, None, rater)
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(target)):
        raise ValueError(f"span {start}..{end} is outside the target ({len(target)} characters)")
    text = raw.get("text")
    if text is not None and target[start:end] != text:
        raise ValueError(
            f"span {start}..{end} is {brief_repr(target[start:end])}, not {brief_repr(text)}"
        )
    return HumanError(category, severity, start, end, rater)


def _number(value: Any) -> float | None:
    """A JSON number as a float; None for anything else, and for a number no float
    holds (an int of 400 digits, 1e400)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _parse(line_no: int, line: str) -> Annotated:
    try:
        data = parse_json(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({json_message(exc)} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    target, errors = data.get("target"), data.get("errors")
    if not isinstance(target, str):
        raise ValueError("missing field 'target' (a string)")
    if not isinstance(errors, list):
        raise ValueError("missing field 'errors' (a list)")
    for name in _NO_BOOL_FIELDS:
        if isinstance(data.get(name), bool):
            raise ValueError(f"field {name!r} is {json.dumps(data[name])}, not a number")
    parsed = tuple(_error(e, target) for e in errors)
    mqm, given = _number(data.get("mqm")), data.get("mqm")
    if mqm is None and given is not None:
        raise ValueError(f"field 'mqm' is not a finite number ({brief_repr(given)})")
    if mqm is not None and abs(mqm) > MAX_MQM:
        raise ValueError(
            f"field 'mqm' is {mqm:g}, beyond any MQM figure (at most {MAX_MQM:,.0f} either way)"
        )
    order = _number(data.get("doc_seg_id", data.get("seg_id", line_no)))
    given_id = data.get("seg_id", line_no)
    # 1.0 and 1 are one segment (a JSON writer may give a number either way)
    seg_id = (
        str(int(given_id))
        if isinstance(given_id, float) and given_id.is_integer()
        else str(given_id)
    )
    if data.get("set") is not None:
        # ids are a test set's own: two sets may both have a segment 1
        seg_id = f"{data['set']}/{seg_id}"
    raters = _raters(data)
    system = data.get("system")
    return Annotated(
        line=line_no,
        system="system" if system is None else str(system),
        doc=str(data.get("doc", NO_DOC)),
        seg_id=seg_id,
        order=float(line_no) if order is None else order,
        source=str(data.get("source") or ""),
        target=target,
        errors=parsed,
        mqm=_wmt_mqm(parsed, raters or 1) if mqm is None else mqm,
        mqm_given=mqm is not None,
        raters_given=raters is not None,
    )


def load(path: str, strict: bool = False, encoding: str = AUTO_ENCODING) -> Loaded:
    """Every usable line of ``path`` (``-``: stdin) in ``encoding`` (by default UTF-8,
    else detected); a broken one stops the run when ``strict``, else it is skipped
    and named in ``problems`` (which every report shows)."""
    try:
        if path == "-":
            text = read_input("-", encoding)
        else:
            text = read_data_file(path, "file of annotations", encoding)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    name = "<stdin>" if path == "-" else path
    loaded = Loaded()
    first: dict[tuple[str, str], int] = {}  # (system, segment) -> its first line
    # lines end at LF alone (JSON Lines): str.splitlines would also end one at a U+2028,
    # U+0085 or form feed that a JSON writer leaves raw inside a string
    for line_no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = _parse(line_no, line)
            if (seen := first.setdefault((item.system, *item.segment), line_no)) != line_no:
                where = f" of document {brief_repr(item.doc)}" if item.doc != NO_DOC else ""
                raise ValueError(
                    f"system {brief_repr(item.system)} translated segment "
                    f"{brief_repr(item.seg_id)}{where} on line {seen} already; one "
                    "translation a system and segment"
                )
            loaded.items.append(item)
        except (ValueError, RecursionError) as exc:
            why = "a value nested too deeply" if isinstance(exc, RecursionError) else exc
            message = f"{name}:{line_no}: {why}"
            if strict:
                raise InputError(message) from None
            loaded.problems.append(message)
    if not loaded.items:
        first = f" (the first broken line: {loaded.problems[0]})" if loaded.problems else ""
        raise InputError(
            f"{name}: no usable annotated translations (JSON Lines: a JSON object a line){first}"
        )
    _averaged_over_raters(loaded)
    _orient(loaded)
    return loaded


def _averaged_over_raters(loaded: Loaded) -> None:
    """The MQM from errors of the lines that say neither ``mqm`` nor how many rated
    them, averaged over the raters the whole file's errors name: a translation in
    which one of three raters found an error is rated by three all the same (a
    line's own errors would name one)."""
    raters = len({e.rater for i in loaded.items for e in i.errors if e.rater}) or 1
    if raters > 1:
        loaded.items = [
            i if i.mqm_given or i.raters_given else replace(i, mqm=_wmt_mqm(i.errors, raters))
            for i in loaded.items
        ]


def _orient(loaded: Loaded) -> None:
    """Make every ``mqm`` a penalty (higher is worse). Releases differ: Freitag et
    al.'s files give the penalty, mt-metrics-eval gives its negative (0 best,
    -25 worst). The sign is read from the lines whose errors carry a penalty: a
    file where most of them have a negative ``mqm`` is negated (and says so)."""
    given = [i for i in loaded.items if i.mqm_given]
    if not given:
        return
    judged = [i for i in given if _wmt_mqm(i.errors) > 0] or given
    if sum(i.mqm < 0 for i in judged) > sum(i.mqm > 0 for i in judged):
        loaded.items = [replace(i, mqm=-i.mqm) if i.mqm_given else i for i in loaded.items]
        loaded.mqm_scale = "given in the file as a score (higher is better): negated"
    else:
        loaded.mqm_scale = "given in the file as a penalty: higher is worse"
