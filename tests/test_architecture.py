"""The import graph of mtqa's own modules (read from the source, module-level
imports only; imports for type checking and inside functions aside): no cycles,
and the lower layers do not reach up."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> dict[str, Path]:
    """Module name -> file, for mtqa/ and the top-level rules/ (installed as mtqa.rules)."""
    found = {}
    for folder, prefix in ((ROOT / "mtqa", ["mtqa"]), (ROOT / "rules", ["mtqa", "rules"])):
        for path in folder.rglob("*.py"):
            parts = prefix + list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _import_nodes(tree: ast.Module):
    """The module-level import statements, inside ``try`` too, not under TYPE_CHECKING."""
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.Try):
            yield from (n for n in node.body if isinstance(n, (ast.Import, ast.ImportFrom)))


def imports(name: str) -> set[str]:
    """The mtqa modules that module ``name`` imports when it is imported."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        out.update(t for t in targets if t in MODULES and t != name)
    return out


GRAPH = {name: imports(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while (w := stack.pop()) != v:
                group.append(w)
            if group:
                groups.append(sorted([v, *group]))

    for v in graph:
        if v not in index:
            visit(v)
    return groups


def test_the_import_graph_is_read():
    assert "mtqa.engine" in GRAPH["mtqa.cli.check"]
    assert "mtqa.rulebase" in GRAPH["mtqa.rules.punctuation"]


def test_a_cycle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert cycles(GRAPH) == []


def test_configuration_does_not_import_readers():
    assert not any(m.startswith("mtqa.readers") for m in GRAPH["mtqa.config"])


def test_language_resources_are_a_leaf():
    """mtqa.language (word lists, pinyin, numerals, names, spelling) depends on no
    part of the pipeline: only on itself, errors and the caches (tables, patterns)."""
    language = [m for m in GRAPH if m == "mtqa.language" or m.startswith("mtqa.language.")]
    assert {"mtqa.language.lexicon", "mtqa.language.pinyin", "mtqa.language.numbers"} <= set(
        language
    )
    for module in language:
        outside = {
            m for m in GRAPH[module] if m != "mtqa.language" and not m.startswith("mtqa.language.")
        }
        assert outside <= {"mtqa.errors", "mtqa.cache", "mtqa.regexcache"}, module


def test_the_rule_contract_imports_no_service_client():
    assert not {"mtqa.languagetool", "mtqa.glossary"} & GRAPH["mtqa.rulebase"]


def _imports_click(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(a.name == "click" for a in node.names)
    return isinstance(node, ast.ImportFrom) and node.module == "click"


def test_click_is_used_only_by_the_cli():
    users = {
        name
        for name, path in MODULES.items()
        if any(map(_imports_click, ast.walk(ast.parse(path.read_text(encoding="utf-8")))))
    }
    assert users and all(name.startswith("mtqa.cli") for name in users)


def test_every_package_is_installed():
    # pyproject lists the packages a (non-editable) install copies: a new folder
    # left out works from a checkout and breaks every installed copy
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "mtqa").rglob("__init__.py")
    }
    assert folders | {"mtqa.rules"} == listed
