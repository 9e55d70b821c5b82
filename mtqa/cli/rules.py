"""``mtqa rules`` and ``mtqa explain``: the rules, listed and explained."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..registry import load_rules
from .options import config_options, settings


@click.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@config_options
def list_rules(fmt: str, **opts) -> None:
    """List every rule: code, name, MQM category, default severity, default or advisory."""
    ruleset = load_rules([Path(p) for p in settings(opts).rules])
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "category": r.category,
                "severity": r.severity,
                "default": r.default,
                "scope": r.scope,
                "origin": r.origin,
                "rationale": r.rationale,
            }
            for r in ruleset.rules
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in ruleset.rules)
    cat_width = max(len(r.category) for r in ruleset.rules)
    click.echo(f"{'code':<7} {'name':<{width}} {'category':<{cat_width}} {'severity':<8} status")
    for r in ruleset.rules:
        status = "default" if r.default else "advisory"
        click.echo(
            f"{r.code:<7} {r.name:<{width}} {r.category:<{cat_width}} {r.severity:<8} "
            f"{status}" + ("" if r.origin == "built-in" else f" ({r.origin})")
        )


@click.command()
@click.argument("code")
@config_options
def explain(code: str, **opts) -> None:
    """Show one rule (by code or name): what it finds, why, and its examples."""
    r = load_rules([Path(p) for p in settings(opts).rules]).get(code)
    click.echo(f"{r.code} {r.name}")
    click.echo(
        f"category: {r.category}\nseverity: {r.severity}\n"
        f"status: {'default' if r.default else 'advisory'}\nscope: {r.scope}\n"
        f"origin: {r.origin}\n"
    )
    click.echo(r.rationale + "\n")
    click.echo("Flags:")
    for ex in r.flags:
        _example(ex.text)
        click.echo(f"    -> {ex.flagged!r}")
    click.echo("Does not flag:")
    for text in r.passes:
        _example(text)


def _example(text: str) -> None:
    """An example as ``mtqa explain`` shows it: the target, and its source if it has one."""
    target, _, source = text.partition("\t")
    click.echo(f"  {target!r}" + (f"\n    source: {source!r}" if source else ""))
