"""Settings of a run: from ``[tool.mtqa]`` in pyproject.toml or ``mtqa.toml``, then the CLI.

The nearest ``mtqa.toml`` or ``pyproject.toml`` with a ``[tool.mtqa]`` table,
searching from the current directory upwards, is used unless ``--config`` names
one or ``--isolated`` asks for none. Keys are the long CLI option names.

Every value is checked against `SCHEMA` as the file is read, and again for the
values the command line gives: a value of the wrong type, out of range or not one
of its choices, and a key mtqa does not know, stop the run with one line naming
the file (or the option) and the key (`ConfigError`), before any input is read.
"""

from __future__ import annotations

import codecs
import ipaddress
import math
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import regexcache
from .errors import ConfigError
from .model import AUTO_ENCODING, LANGUAGE_TAG_RE, SEVERITIES
from .scoring import DEFAULT_TOLERANCE, MIN_TOLERANCE, PASS_SCORE

PARAGRAPH_MODES = ("auto", "blank", "line")
PRESETS = ("default", "wmt")
LANGUAGETOOL_MODES = ("auto", "required", "off")
# why the LanguageTool rules skip a run with ``languagetool = "off"``
LANGUAGETOOL_OFF = "LanguageTool is off"
# the roles a table's columns can play: the keys of `mtqa.readers.table.ROLES`
# (this module may not import the readers, which need pandas)
COLUMN_ROLES = ("target", "source", "reference", "id", "document")
# LanguageTool's issue types (ITS 2.0, as LanguageTool's ITSIssueType names them):
# the keys of languagetool-types
LANGUAGETOOL_ISSUE_TYPES = (
    "terminology", "mistranslation", "omission", "untranslated", "addition",
    "duplication", "inconsistency", "grammar", "legal", "register",
    "locale-specific-content", "locale-violation", "style", "characters", "misspelling",
    "typographical", "formatting", "inconsistent-entities", "numbers", "markup",
    "pattern-problem", "whitespace", "internationalization", "length", "non-conformance",
    "uncategorized", "other",
)  # fmt: skip
# the rules LanguageTool's matches become (rules/languagetool.py), code -> name: the
# values of languagetool-types, with "off" (this module may not import the rules)
LANGUAGETOOL_RULES = {
    "MT801": "lt-spelling", "MT802": "lt-grammar", "MT803": "lt-typography", "MT804": "lt-style",
}  # fmt: skip
URL_EXAMPLE = "http://localhost:8081"


@dataclass(frozen=True)
class Config:
    """Every setting of a check run, with mtqa's defaults."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_under: float = PASS_SCORE
    fail_on: str = "critical"  # a critical finding always fails; a lower one may too
    max_penalty_per_kw: float | None = None
    tolerance: float = DEFAULT_TOLERANCE
    preset: str = "default"
    weights: dict[str, float] = field(default_factory=dict)
    rwc: int = 1000
    allow: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    paragraphs: str = "auto"
    include: tuple[str, ...] = ()  # empty: the readers' default, `readers.files.include_globs`
    exclude: tuple[str, ...] = ()
    encoding: str = AUTO_ENCODING  # or a codec Python knows
    columns: dict[str, str] = field(default_factory=dict)  # role -> column (TSV/CSV/JSONL)
    source_lang: str = "zh"
    target_lang: str = "en"
    glossary: str | None = None  # CSV or TBX file
    languagetool: str = "auto"  # auto | required | off
    languagetool_url: str | None = None
    languagetool_types: dict[str, str] = field(default_factory=dict)  # issue type -> code/off
    languagetool_max_chars: int = 20_000
    languagetool_timeout: float = 30.0
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: str | None = None  # the config file these settings came from
    # the languages ("source", "target") named on the command line: they win over a
    # language a file's header declares; from a config file they are only defaults
    languages_given: frozenset[str] = frozenset()

    def merged(self, **overrides: Any) -> Config:
        """A copy with every override that is not None (CLI options over the file).

        Raises ConfigError naming the option (``--severity``) of a value `SCHEMA`
        refuses: the file's own values were checked when it was read."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **_checked(given, lambda key: f"--{key}"))


# A check takes a value and what to call it in an error ("mtqa.toml: fail-under"),
# and returns the value as `Config` holds it (a list as a tuple) or raises ConfigError.
Check = Callable[[Any, str], Any]


def brief_repr(value: Any) -> str:
    """A value as an error message quotes it: its repr, cut short (one line)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(low: float, high: float | None = None, cap: float | None = None) -> Check:
    """A finite number from ``low`` to ``high`` (None: no upper bound), and at most
    ``cap``: a bound that keeps scoring finite, said on its own ("at most 1000")
    so that a value under ``low`` is still told "at least"; TOML's nan and inf are
    refused, which no comparison with a bound would catch."""

    def check(value: Any, what: str) -> float:
        finite = isinstance(value, int | float) and not isinstance(value, bool)
        if not finite or not math.isfinite(value):
            raise ConfigError(f"{what} must be a finite number, not {brief_repr(value)}")
        if value < low or (high is not None and value > high):
            bound = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise ConfigError(f"{what} must be {bound}, not {value:g}")
        if cap is not None and value > cap:
            raise ConfigError(f"{what} must be at most {cap:g}, not {value:g}")
        return value

    return check


def _whole(noun: str, high: int | None = None) -> Check:
    """A positive whole number: a count of ``noun`` (words, characters), at most
    ``high`` (None: no upper bound)."""

    def check(value: Any, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"{what} must be a positive whole {noun}, not {brief_repr(value)}")
        if high is not None and value > high:
            raise ConfigError(f"{what} must be at most {high:,} ({noun}), not {brief_repr(value)}")
        return value

    return check


def _choice(options: tuple[str, ...]) -> Check:
    """One of ``options``."""

    def check(value: Any, what: str) -> str:
        if not isinstance(value, str) or value not in options:
            raise ConfigError(
                f"{what} must be one of {', '.join(options)}, not {brief_repr(value)}"
            )
        return value

    return check


def _strings(value: Any, what: str) -> tuple[str, ...]:
    """A list of strings (a single string is refused: ``include = "*.txt"`` is not
    a list of eight one-character globs)."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{what} must be a list of strings, not {brief_repr(value)}")
    return tuple(value)


def _text(value: Any, what: str) -> str:
    """A string with something in it."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{what} must be a non-empty string, not {brief_repr(value)}")
    return value


def _codec(value: Any, what: str) -> str:
    """The name of a text encoding Python knows (utf-8, gb18030, latin-1), or
    `AUTO_ENCODING`."""
    if value == AUTO_ENCODING:
        return value
    try:
        info = codecs.lookup(_text(value, what))
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise ConfigError(f"{what}: unknown encoding {value!r}") from None
    if not info._is_text_encoding:  # base64, rot13, zlib: bytes to bytes
        raise ConfigError(f"{what}: {value!r} is not a text encoding")
    return value


def _language(value: Any, what: str) -> str:
    """A BCP 47 language code: zh, en, zh-CN."""
    if not isinstance(value, str) or not LANGUAGE_TAG_RE.match(value):
        raise ConfigError(
            f"{what} must be a language code (like zh, en, zh-CN), not {brief_repr(value)}"
        )
    return value.replace("_", "-")


def _optional(check: Check) -> Check:
    """``check``, or None (the setting's default: not given)."""
    return lambda value, what: None if value is None else check(value, what)


def _table(values: Check, example: str, keys: tuple[str, ...] | None = None) -> Check:
    """A table whose every value passes ``values`` and, when ``keys`` are given,
    whose keys are among them; ``example`` shows its shape in errors."""

    def check(value: Any, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ConfigError(f"{what} must be a table such as {example}, not {brief_repr(value)}")
        unknown = [k for k in value if keys is not None and k not in keys]
        if unknown:
            known = ", ".join(keys or ())
            raise ConfigError(f"{what}: unknown key {unknown[0]!r} (known: {known})")
        return {k: values(v, _entry(what, k)) for k, v in value.items()}

    return check


def _columns(value: Any, what: str) -> dict[str, str]:
    """The ``columns`` table (`COLUMN_ROLES` to column names), refusing one column
    named for two roles (compared as the readers find columns, ignoring case): the
    target read as its own source would be reported untranslated, a target column
    read as the document column would cut each row into a document of its own."""
    columns: dict[str, str] = _table(_text, '{ target = "mt" }', COLUMN_ROLES)(value, what)
    first: dict[str, str] = {}  # column, lower case -> the first role naming it
    for role, column in columns.items():
        other = first.setdefault(column.lower(), role)
        if other != role:
            raise ConfigError(f"{what}: {other} and {role} both name the column {column!r}")
    return columns


# Upper bounds of the scoring settings. MQM weighs a finding 0, 1, 5 or 25 points
# (WMT: 0.1 to 25); MAX_WEIGHT is 40 times a critical error, far above any scheme,
# and keeps a sum of penalty points finite: without it, 1e308 passed as "finite"
# and the sum overflowed (OverflowError, or Infinity written into the JSON report).
# A weight above 0 is at least MIN_WEIGHT, so that penalty points counted in units
# of the minor weight (`mtqa.scoring.Scoring._confidence`) stay finite too.
MIN_WEIGHT = 0.001
MAX_WEIGHT = 1000.0
# Tolerance is penalty points per RWC words: 1000 at the default RWC is a minor
# error on every word, beyond which no text fails for its findings
MAX_TOLERANCE = 1000.0
# RWC is a reference word count (MQM's is 1000); 10^9 is more words than any run
# checks, and a larger one (a command line's int has no limit) no float can hold
MAX_RWC = 1_000_000_000
# A cap on penalty points per 1,000 words above 10^6 (1000 points a finding, one
# finding a word) caps nothing: leave the setting out instead
MAX_PENALTY_PER_KW = 1_000_000.0


def _weight(value: Any, what: str) -> float:
    """One MQM weight: 0, or from `MIN_WEIGHT` to `MAX_WEIGHT`."""
    weight = _number(0, cap=MAX_WEIGHT)(value, what)
    if 0 < weight < MIN_WEIGHT:
        raise ConfigError(
            f"{what} must be 0 or from {MIN_WEIGHT:g} to {MAX_WEIGHT:g}, not {weight:g}"
        )
    return weight


def _weights(value: Any, what: str) -> dict[str, float]:
    """MQM weights by severity (`_weight`); not all of minor, major and critical 0,
    which no finding could lower a score with (the gate could only pass)."""
    weights = _table(_weight, "{ minor = 1, major = 5 }", SEVERITIES)(value, what)
    if all(weights.get(s) == 0 for s in SEVERITIES if s != "neutral"):
        raise ConfigError(
            f"{what}: minor, major and critical all weigh 0, so no finding could lower a "
            "score; give at least one a weight above 0"
        )
    return weights


def _languagetool_types(value: Any, what: str) -> dict[str, str]:
    """LanguageTool issue type -> the code (or name) of the rule its matches become,
    or "off"; names are kept as codes."""
    table = _table(_text, '{ style = "off" }')(value, what)
    by_name = {name: code for code, name in LANGUAGETOOL_RULES.items()}
    choices = ("off", *LANGUAGETOOL_RULES, *by_name)
    out = {}
    for issue, target in table.items():
        if issue not in LANGUAGETOOL_ISSUE_TYPES:
            hint = did_you_mean(issue, LANGUAGETOOL_ISSUE_TYPES) or (
                " (LanguageTool's are misspelling, grammar, style, whitespace and others)"
            )
            raise ConfigError(f"{what}: {issue!r} is not a LanguageTool issue type{hint}")
        if target not in choices:
            raise ConfigError(
                f"{_entry(what, issue)} must be one of {', '.join(choices)}, not "
                f"{brief_repr(target)}{did_you_mean(target, choices)}"
            )
        out[issue] = by_name.get(target, target)
    return out


# The user name and password of a URL (http://user:secret@host): everything of
# the authority up to its last "@"
_USERINFO_RE = regexcache.compile(r"\A([^:/?#]*:)?//[^/?#]*@")
# One label of a host name (RFC 1123; "_" too, as container names have them)
_HOST_LABEL_RE = regexcache.compile(r"\A(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\Z")


def shown_url(url: str) -> str:
    """``url`` as messages and reports show it: without a user name and password
    (http://user:secret@host:8081 -> http://host:8081), which are sent to the
    server and never written out."""
    return _USERINFO_RE.sub(lambda m: f"{m.group(1) or ''}//", url, count=1)


def normal_url(url: str) -> str:
    """``url`` with its scheme in lower case (HTTP://host -> http://host), as
    language-tool-python recognises it; otherwise as given. For a URL
    `url_problem` accepts."""
    scheme, sep, rest = url.partition(":")
    return f"{scheme.lower()}{sep}{rest}"


def _host_problem(host: str) -> str | None:
    """What keeps ``host`` (a URL's, lower-cased, without brackets) from being a
    host name or IP address, or None."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        ascii_host = ""
    labels = ascii_host.removesuffix(".").split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL_RE.match(label) for label in labels):
        return f"the host {host!r} is no host name or IP address"
    return None


def url_problem(url: str) -> str | None:
    """What keeps ``url`` from being a LanguageTool server's address, or None: an
    http or https URL (the scheme in any case) with a host that is a host name or
    IP address and, if one is given, a port from 1 to 65535."""
    if any(c.isspace() or not c.isprintable() for c in url):
        return "it holds a space or a control character"
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # "http://[::1": a bracket not closed
        return "not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "the scheme must be http or https"
    if not parts.hostname:
        return "no host"
    if problem := _host_problem(parts.hostname):
        return problem
    try:
        port = parts.port
    except ValueError:  # not a number, or over 65535
        port = 0
    if port == 0:
        return "the port must be a number from 1 to 65535"
    return None


def _url(value: Any, what: str) -> str:
    """A LanguageTool server's URL (`url_problem`)."""
    problem = url_problem(_text(value, what))
    if problem:
        raise ConfigError(
            f"{what}: {brief_repr(shown_url(value))} is not a LanguageTool URL ({problem}; "
            f"give one like {URL_EXAMPLE})"
        )
    return normal_url(value)


def _entry(what: str, key: str) -> str:
    """What to call a table's entry: a dotted key as TOML writes it (``weights.minor``,
    ``per-file-ignores."drafts/*"``), or, given on the command line as KEY=VALUE,
    the option and the key (``--severity MT205``)."""
    if what.startswith("--"):
        return f"{what} {key}"
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return f"{what}.{key}" if bare else f'{what}."{key}"'


# What every setting must be, by Config field. A new field needs an entry here.
SCHEMA: dict[str, Check] = {
    "select": _strings,
    "ignore": _strings,
    "severity": _table(_choice(SEVERITIES), '{ MT205 = "major" }'),
    "fail_under": _number(0, 100),
    "fail_on": _choice(SEVERITIES),
    "max_penalty_per_kw": _optional(_number(0, cap=MAX_PENALTY_PER_KW)),
    "tolerance": _number(MIN_TOLERANCE, cap=MAX_TOLERANCE),
    "preset": _choice(PRESETS),
    "weights": _weights,
    "rwc": _whole("word count", MAX_RWC),
    "allow": _strings,
    "rules": _strings,
    "paragraphs": _choice(PARAGRAPH_MODES),
    "include": _strings,
    "exclude": _strings,
    "encoding": _codec,
    "columns": _columns,
    "source_lang": _language,
    "target_lang": _language,
    "glossary": _optional(_text),
    "languagetool": _choice(LANGUAGETOOL_MODES),
    "languagetool_url": _optional(_url),
    "languagetool_types": _languagetool_types,
    "languagetool_max_chars": _whole("number of characters"),
    "languagetool_timeout": _number(0.1, 3600),  # an hour: mtqa.languagetool.MAX_TIMEOUT
    "per_file_ignores": _table(_strings, '{ "drafts/*" = ["MT2"] }'),
}
_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config) if f.name != "path"}


def _checked(values: dict[str, Any], name: Callable[[str], str]) -> dict[str, Any]:
    """``values`` (Config field -> value) as Config holds them, each passed through
    its `SCHEMA` check; ``name(key)`` says where a key's value came from."""
    return {f: SCHEMA[f](v, name(f.replace("_", "-"))) for f, v in values.items()}


def did_you_mean(key: str, known: Iterable[str]) -> str:
    """A hint naming the known key nearest to a misspelt ``key``, or "" if none is
    near: `` (did you mean 'fail-under'?)``."""
    from difflib import get_close_matches  # only on this error path

    near = get_close_matches(key, list(known), n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _from_table(table: dict[str, Any], path: Path) -> Config:
    """The settings of a config file's table, checked; pack folders and the
    glossary resolved against the file's folder. Raises ConfigError."""
    unknown = next((key for key in table if key not in _KEYS), None)
    if unknown is not None:
        hint = did_you_mean(unknown.replace("_", "-"), _KEYS)
        raise ConfigError(f"{path}: unknown setting {unknown!r}{hint}")
    values = _checked({_KEYS[k]: v for k, v in table.items()}, lambda key: f"{path}: {key}")
    if "rules" in values:
        values["rules"] = tuple(str((path.parent / p).resolve()) for p in values["rules"])
    if "glossary" in values:
        values["glossary"] = str((path.parent / values["glossary"]).resolve())
    return Config(path=str(path), **values)


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """``text`` (a config file's or a rule pack's, named ``origin`` in errors) parsed
    as TOML. Raises ConfigError "ORIGIN: not valid TOML: ..." for a syntax error or
    nesting deeper than the parser's recursion allows.

    `tomllib` is imported here, on the first file to parse: a run without a config
    file, whose packs the cache holds already parsed, never needs it (its import is
    3 ms of a short check)."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise ConfigError(f"{origin}: not valid TOML: nested too deeply") from None


def _read_table(path: Path) -> dict[str, Any] | None:
    """The ``[tool.mtqa]`` table of a config file (an ``mtqa.toml`` without one is
    the table itself); None for a pyproject.toml without one. A UTF-8 byte-order
    mark, which some Windows editors write, is skipped. Raises ConfigError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    data = parse_toml(text, str(path))
    tool = data.get("tool")
    if isinstance(tool, dict) and "mtqa" in tool:
        if not isinstance(tool["mtqa"], dict):
            raise ConfigError(
                f"{path}: [tool.mtqa] must be a table, not {brief_repr(tool['mtqa'])}"
            )
        return tool["mtqa"]
    return None if path.name == "pyproject.toml" else data


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """The settings from ``explicit``, or from the nearest config file, or defaults.

    Raises ConfigError for a file that is missing, not a regular file, not TOML,
    or holds a setting `SCHEMA` refuses."""
    if explicit:
        path = Path(explicit)
        if not path.exists():
            raise ConfigError(f"{explicit}: config file does not exist")
        if not path.is_file():  # a folder, or a device or pipe that could never end
            raise ConfigError(f"{explicit}: config is not a regular file")
        return _from_table(_read_table(path) or {}, path)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("mtqa.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _read_table(candidate)
                if table is not None:
                    return _from_table(table, candidate)
    return Config()
