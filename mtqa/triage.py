"""Triage files: reviewers' decisions on the findings of a report.

In the HTML report a reviewer marks each finding ``accepted`` (a real error),
``false-positive`` or ``fixed``, with an optional note, and exports the
decisions as a triage file::

    {"format": "mtqa-triage", "version": 1, "mtqa_version": "0.1.0",
     "signature": "<run signature of the report>", "exported": "<ISO 8601 time>",
     "decisions": [{"fingerprint": "<32 hex>", "path": "docs/a.txt", "rule": "MT101",
                    "name": "stray-period", "text": ". .", "line": 3,
                    "status": "false-positive", "note": "", "time": "<ISO 8601 time>"}]}

one decision per finding occurrence (two findings with one fingerprint are two
decisions). ``mtqa check --triage`` leaves out the findings marked false
positive exactly as a baseline leaves out the findings it records
(`false_positives` makes a `mtqa.baseline.Baseline` of them); ``mtqa triage
stats`` counts the decisions per rule (`stats`): how often reviewers confirm a
rule's findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import regexcache
from .baseline import Baseline
from .datafile import load_json_file
from .errors import InputError
from .fingerprints import path_key
from .model import BaselineEntry

if TYPE_CHECKING:
    import pandas as pd

TRIAGE_FORMAT = "mtqa-triage"
TRIAGE_VERSION = 1
ACCEPTED, FALSE_POSITIVE, FIXED = "accepted", "false-positive", "fixed"
STATUSES = (ACCEPTED, FALSE_POSITIVE, FIXED)
# what a decision must hold, as text
REQUIRED_FIELDS = ("fingerprint", "path", "rule", "text", "status")
# what it may hold, and of which type (null, or no such key: not given)
OPTIONAL_FIELDS: dict[str, type] = {"name": str, "line": int, "note": str, "time": str}
# the columns of `stats`, in order
STATS_COLUMNS = ("rule", "name", "accepted", "fixed", "confirmed", "rejected", "precision")
TOTAL = "total"  # the `rule` of the last row of `stats`
_FINGERPRINT_RE = regexcache.compile(r"\A[0-9a-fA-F]{32}\Z")
# JSON's names of the types a value can have, for the messages
_JSON_TYPES = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's decision on one finding occurrence, as a triage file holds it.

    ``status`` is one of `STATUSES`; ``fingerprint`` is 32 lowercase hex digits
    (`mtqa.fingerprints.fingerprint`); ``line`` is 0 and ``name``, ``note`` and
    ``time`` are "" when the file does not give them."""

    fingerprint: str
    path: str
    rule: str
    text: str
    status: str
    name: str = ""
    line: int = 0
    note: str = ""
    time: str = ""

    def entry(self) -> BaselineEntry:
        """The finding as a baseline records it: its path in `path_key` spelling,
        as the baseline compares it with the files a run checks."""
        return BaselineEntry(self.fingerprint, path_key(self.path), self.rule, self.text)


def load_file(path: str) -> list[Decision]:
    """The decisions of one triage file, in its order.

    Raises InputError, one line naming the file (and the decision, counted from
    1, and its key) for a file that is missing, unreadable, not JSON, not a
    triage file or of another version, and for a decision that is not an object,
    lacks a required field, has a field of the wrong type, an unknown status or a
    fingerprint that is not 32 hex digits."""
    data = load_json_file(path, "triage file")
    if not isinstance(data, dict) or data.get("format") != TRIAGE_FORMAT:
        raise InputError(f'{path}: not an mtqa triage file (no "format": "{TRIAGE_FORMAT}")')
    version = data.get("version")
    # exactly the number 1: JSON's true and 1.0 are equal to it in Python, not in the file
    if type(version) is not int or version != TRIAGE_VERSION:
        raise InputError(
            f"{path}: triage format version {data.get('version')!r} is not supported "
            f"(this mtqa reads version {TRIAGE_VERSION})"
        )
    decisions = data.get("decisions")
    if not isinstance(decisions, list):
        raise InputError(f"{path}: malformed triage file (no 'decisions' list)")
    return [_decision(path, number, d) for number, d in enumerate(decisions, 1)]


def _decision(path: str, number: int, data: object) -> Decision:
    """Decision ``number`` of triage file ``path``. Raises InputError."""
    where = f"{path}: decision {number}"
    if not isinstance(data, dict):
        raise InputError(f"{where}: {_json_type(data)}, not an object")
    fields: dict[str, Any] = {}
    for key in REQUIRED_FIELDS:
        if key not in data:
            raise InputError(f"{where}: no '{key}'")
        fields[key] = _typed(where, key, data[key], str)
    for key, kind in OPTIONAL_FIELDS.items():
        if data.get(key) is not None:
            fields[key] = _typed(where, key, data[key], kind)
    if not _FINGERPRINT_RE.match(fields["fingerprint"]):
        raise InputError(
            f"{where}: fingerprint {_brief(fields['fingerprint'])} is not 32 hex digits"
        )
    if fields["status"] not in STATUSES:
        raise InputError(
            f"{where}: unknown status {_brief(fields['status'])} "
            f"({', '.join(STATUSES[:-1])} or {STATUSES[-1]})"
        )
    # mtqa writes fingerprints in lowercase; one retyped in capitals is the same
    fields["fingerprint"] = fields["fingerprint"].lower()
    return Decision(**fields)


def _typed(where: str, key: str, value: object, kind: type) -> Any:
    """``value`` when it is of ``kind`` (true and false are no number). Raises InputError."""
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InputError(f"{where}: '{key}' is {_json_type(value)}, not {_JSON_TYPES[kind]}")
    return value


def _json_type(value: object) -> str:
    """What JSON calls the type of a value parsed from JSON."""
    return _JSON_TYPES[type(value)]


def _brief(text: str, limit: int = 40) -> str:
    """``text`` quoted as Python does (control characters escaped), cut to ``limit``
    characters: a message stays one short line whatever a file holds."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def load_triage(paths: Iterable[str]) -> list[Decision]:
    """The decisions of every triage file in ``paths``, one file after another.
    Files combine by adding their decisions up (one review exported twice counts
    twice). Raises InputError as `load_file` does."""
    return [d for path in paths for d in load_file(path)]


def false_positives(path: str, decisions: Iterable[Decision]) -> Baseline:
    """A baseline named ``path`` of the decisions marked false positive: its
    `Baseline.filter` leaves out each such finding once per decision."""
    return Baseline(path, [d.entry() for d in decisions if d.status == FALSE_POSITIVE])


def triage_filters(paths: Sequence[str]) -> list[Baseline]:
    """`false_positives` of each triage file, one baseline a file (each says on its
    own whether it matched any file checked: `Baseline.unmatched`). Raises
    InputError as `load_file` does."""
    return [false_positives(path, load_file(path)) for path in paths]


def stats(decisions: Iterable[Decision]) -> pd.DataFrame:
    """Reviewers' decisions per rule, sorted by rule code, then a `TOTAL` row.

    Columns `STATS_COLUMNS`: ``name`` (the first name a decision gives the rule;
    "" for the total), ``accepted``, ``fixed``, ``confirmed`` (accepted + fixed:
    real errors), ``rejected`` (false positives), all ints, and ``precision``,
    confirmed / (confirmed + rejected) rounded to 4 places, a float (NaN for a
    total of no decision)."""
    import pandas as pd  # only for a table, not for every run that reads a triage file

    rows = pd.DataFrame(
        [(d.rule, d.name, d.status) for d in decisions], columns=["rule", "name", "status"]
    )
    # one row a rule (sorted by groupby), one column a status; a status no decision has: 0
    table = (
        rows.groupby(["rule", "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
        .rename(columns={FALSE_POSITIVE: "rejected"})
    )
    table = table.rename_axis(index="rule", columns=None).reset_index()
    named = rows[rows["name"] != ""].groupby("rule")["name"].first()
    table.insert(1, "name", table["rule"].map(named).fillna(""))
    # appended, not set by label: a file may name a rule "total" too
    total = {"rule": TOTAL, "name": "", **table[[ACCEPTED, FIXED, "rejected"]].sum()}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    table["confirmed"] = table[ACCEPTED] + table[FIXED]
    judged = table["confirmed"] + table["rejected"]
    table["precision"] = (table["confirmed"] / judged.where(judged > 0)).round(4)
    return table[list(STATS_COLUMNS)]
