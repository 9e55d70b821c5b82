"""Settings of a run: from ``[tool.mtqa]`` in pyproject.toml or ``mtqa.toml``, then the CLI.

The nearest ``mtqa.toml`` or ``pyproject.toml`` with a ``[tool.mtqa]`` table,
searching from the current directory upwards, is used unless ``--config`` names
one or ``--isolated`` asks for none. Keys are the long CLI option names.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .model import LANGUAGE_TAG_RE, SEVERITIES
from .scoring import DEFAULT_TOLERANCE, MIN_TOLERANCE, PASS_SCORE

PARAGRAPH_MODES = ("auto", "blank", "line")
PRESETS = ("default", "wmt")


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
    encoding: str = "utf-8"
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

    def merged(self, **overrides: Any) -> Config:
        """A copy with every override that is not None (CLI options over the file)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return validate(replace(self, **given))


def validate(config: Config) -> Config:
    """Raise ConfigError for values no run can use."""
    where = config.path or "settings"
    for key, sev in config.severity.items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{where}: severity of {key} must be one of {', '.join(SEVERITIES)}")
    if not isinstance(config.weights, dict):
        raise ConfigError(f"{where}: weights must be a table such as {{ minor = 1, major = 5 }}")
    for sev, weight in config.weights.items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{where}: weights: unknown severity '{sev}'")
        _number(weight, f"{where}: weights.{sev}", 0, None)
    if config.fail_on not in SEVERITIES:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(SEVERITIES)}")
    _number(config.fail_under, f"{where}: fail-under", 0, 100)
    _number(config.tolerance, f"{where}: tolerance", MIN_TOLERANCE, None)
    if config.max_penalty_per_kw is not None:
        _number(config.max_penalty_per_kw, f"{where}: max-penalty-per-kw", 0, None)
    if config.paragraphs not in PARAGRAPH_MODES:
        raise ConfigError(f"{where}: paragraphs must be one of {', '.join(PARAGRAPH_MODES)}")
    if config.preset not in PRESETS:
        raise ConfigError(f"{where}: preset must be one of {', '.join(PRESETS)}")
    if config.languagetool not in ("auto", "required", "off"):
        raise ConfigError(f"{where}: languagetool must be auto, required or off")
    if isinstance(config.rwc, bool) or not isinstance(config.rwc, int) or config.rwc <= 0:
        raise ConfigError(f"{where}: rwc must be a positive whole word count, not {config.rwc!r}")
    for key in ("select", "ignore", "allow", "rules", "include", "exclude"):
        value = getattr(config, key)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key} must be a list of strings, not {value!r}")
    for key in ("source_lang", "target_lang"):
        if not LANGUAGE_TAG_RE.match(str(getattr(config, key))):
            name = key.replace("_", "-")
            raise ConfigError(
                f"{where}: {name} must be a language code (like zh, en, zh-CN), "
                f"not {getattr(config, key)!r}"
            )
    for glob, selectors in config.per_file_ignores.items():
        if not isinstance(selectors, list | tuple) or not all(
            isinstance(s, str) for s in selectors
        ):
            raise ConfigError(f"{where}: per-file-ignores '{glob}' must be a list of rule codes")
    return config


def _number(value: Any, what: str, low: float, high: float | None) -> None:
    """Raise ConfigError unless ``value`` is a finite number from ``low`` to ``high``
    (None: no upper bound)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{what} must be a finite number, not {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
        raise ConfigError(f"{what} must be {bound}, not {value:g}")


_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config) if f.name != "path"}


def _from_table(table: dict[str, Any], path: Path) -> Config:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown setting '{key}' in [tool.mtqa]")
        name = _KEYS[key]
        if isinstance(value, list):
            value = tuple(str(v) for v in value)
        values[name] = value
    if "rules" in values:  # pack folders and the glossary are relative to the config file
        values["rules"] = tuple(str((path.parent / p).resolve()) for p in values["rules"])
    if isinstance(values.get("glossary"), str):
        values["glossary"] = str((path.parent / values["glossary"]).resolve())
    try:
        return validate(Config(path=str(path), **values))
    except TypeError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("mtqa")
    return data.get("tool", {}).get("mtqa", data)


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    """The settings from ``explicit``, or from the nearest config file, or defaults."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file does not exist")
        return _from_table(_table(path) or {}, path)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("mtqa.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return _from_table(table, candidate)
    return Config()
