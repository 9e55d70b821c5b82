"""Collects rules (built-in Python modules, built-in and user packs) and selects them."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from .errors import ConfigError, UnknownSelectorError
from .gcpause import collector_paused
from .packs import Pack, builtin_packs, load_pack_dir
from .rulebase import Rule


def _rules_package() -> ModuleType:
    """The built-in rules package, ``mtqa.rules``.

    Installed, setuptools maps the top-level ``rules/`` folder to it. Run from a
    source checkout (``python -m mtqa`` in the repository), the folder is loaded
    under the same name, so the checkout behaves like the installed package.
    """
    try:
        return importlib.import_module("mtqa.rules")
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parents[1] / "rules"
        spec = importlib.util.spec_from_file_location(
            "mtqa.rules", folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        if spec is None or spec.loader is None or not folder.is_dir():
            raise
        module = importlib.util.module_from_spec(spec)
        sys.modules["mtqa.rules"] = module
        spec.loader.exec_module(module)
        return module


@cache
def _builtin() -> tuple[tuple[Rule, ...], tuple[str, ...]]:
    package = _rules_package()
    rules: list[Rule] = []
    with collector_paused():  # the rules live as long as the process
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"mtqa.rules.{info.name}")
            rules.extend(v for v in vars(module).values() if isinstance(v, Rule))
        packs = builtin_packs()
    rules.extend(r for p in packs for r in p.rules)
    rules.sort(key=lambda r: r.code)
    return tuple(rules), tuple(a for p in packs for a in p.allow)


@dataclass(frozen=True)
class RuleSet:
    """Every known rule, and the allowlist their packs contribute."""

    rules: tuple[Rule, ...]
    allow: tuple[str, ...]
    packs: tuple[str, ...] = ()  # digests of the user's pack files, in the order read

    def get(self, key: str, setting: str | None = None) -> Rule:
        """A rule by code or name (case-insensitive for codes); raises ConfigError
        when no rule has it: an UnknownSelectorError naming ``setting`` (where the
        key was given) when there is one."""
        for r in self.rules:
            if r.code.upper() == key.upper() or r.name == key:
                return r
        if setting is None:
            raise ConfigError(f"unknown rule '{key}' (see 'mtqa rules')")
        raise UnknownSelectorError(setting, key, "rule code or name")

    def select(self, select: Sequence[str] | None, ignore: Sequence[str]) -> list[Rule]:
        """Rules enabled by ``select`` (default: the default rules) minus ``ignore``.

        A selector is a code (MT101), a code prefix (MT1), a name (stray-punctuation),
        a category or category prefix (Fluency, Fluency/Punctuation), or ALL.
        Advisory rules (not default) run only when named by code or name, or by ALL.
        """
        chosen = [r for r in self.rules if r.default] if not select else []
        for selector in select or ():
            chosen.extend(r for r in self.named(selector, "select") if r not in chosen)
        dropped = {r.code for s in ignore for r in self.named(s, "ignore")}
        return [r for r in chosen if r.code not in dropped]

    def named(self, selector: str, setting: str) -> list[Rule]:
        """The rules ``selector`` names; raises ConfigError naming ``setting`` (the
        option or config key it was given in) when it names none."""
        key = selector.strip()
        if key.upper().startswith(LT_PREFIX):
            return []  # a LanguageTool rule or category, passed on to the server
        if key.upper() == "ALL":
            return list(self.rules)
        exact = [r for r in self.rules if r.code.upper() == key.upper() or r.name == key]
        if exact:
            return exact
        found = [r for r in self.rules if matches(r, key)]
        if not found:
            raise UnknownSelectorError(setting, selector)
        return [r for r in found if r.default]


LT_PREFIX = "LT:"


def lt_selectors(selectors: Sequence[str]) -> list[str]:
    """The LanguageTool rule ids and categories among selectors (``LT:EN_A_VS_AN``)."""
    return [
        s.strip()[len(LT_PREFIX) :] for s in selectors if s.strip().upper().startswith(LT_PREFIX)
    ]


def matches(rule: Rule, selector: str) -> bool:
    """Whether a selector names ``rule``: ALL, its code or a code prefix, its name, or its
    category or a category prefix (case-insensitive)."""
    key = selector.strip()
    return (
        key.upper() == "ALL"
        or rule.code.upper().startswith(key.upper())
        or rule.name == key
        or rule.category.lower().startswith(key.lower())
    )


def fingerprint(rules: Iterable[Rule], severities: dict[str, str]) -> str:
    """A short hash that names the exact rule set of a run, for comparing runs: each
    rule's code, name, severity as configured, and whether it is built in or from a
    pack (not the pack's path: one pack gives one rule set on every machine; what
    the pack holds is the run signature's ``packs`` field)."""
    digest = hashlib.sha256()
    for r in sorted(rules, key=lambda r: r.code):
        origin = r.origin if r.origin == "built-in" else "pack"
        digest.update(f"{r.code}:{r.name}:{severities.get(r.code, r.severity)}:{origin};".encode())
    return digest.hexdigest()[:12]


def load_rules(pack_paths: Sequence[Path] = ()) -> RuleSet:
    """Built-in rules plus the user's packs; a user code may not shadow another rule."""
    builtin_rules, builtin_allow = _builtin()
    rules = list(builtin_rules)
    allow = list(builtin_allow)
    user: list[Pack] = [p for path in pack_paths for p in load_pack_dir(Path(path))]
    seen = {r.code.upper(): r for r in rules} | {r.name: r for r in rules}
    for pack in user:
        for r in pack.rules:
            if r.code.upper() in seen or r.name in seen:
                raise ConfigError(
                    f"{r.origin}: rule {r.code} ({r.name}) clashes with an existing rule"
                )
            seen[r.code.upper()] = seen[r.name] = r
            rules.append(r)
        allow.extend(pack.allow)
    return RuleSet(tuple(rules), tuple(allow), tuple(p.digest for p in user))
