"""``mtqa rules`` and ``mtqa explain``: the rules, listed and explained."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..registry import load_rules
from .options import config_options, settings


@click.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="markdown: the rules page (docs/rules.md is this output for the built-in rules)",
)
@config_options
def list_rules(fmt: str, **opts) -> None:
    """List every rule: code, name, MQM category, default severity, whether a fix is
    available (always, sometimes, never; safe or unsafe), default or advisory."""
    from ..rulesdoc import fix_label, markdown

    ruleset = load_rules([Path(p) for p in settings(opts).rules])
    if fmt == "markdown":
        click.echo(markdown(ruleset.rules), nl=False)
        return
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
                "fix": r.fix,
                "fix_safe": r.fix_safe,
                "exceptions": list(r.exceptions),
                "kinds": list(r.kinds),
                "languages": None if r.languages is None else list(r.languages),
                "needs": list(r.needs),
                "flags": [
                    {
                        "text": ex.text,
                        "flagged": ex.flagged,
                        "suggestion": ex.suggestion,
                        "count": ex.count,
                    }
                    for ex in r.flags
                ],
                "passes": list(r.passes),
            }
            for r in ruleset.rules
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in ruleset.rules)
    cat_width = max(len(r.category) for r in ruleset.rules)
    fix_width = max(len(fix_label(r)) for r in ruleset.rules)
    click.echo(
        f"{'code':<7} {'name':<{width}} {'category':<{cat_width}} {'severity':<8} "
        f"{'fix':<{fix_width}} status"
    )
    for r in ruleset.rules:
        status = "default" if r.default else "advisory"
        click.echo(
            f"{r.code:<7} {r.name:<{width}} {r.category:<{cat_width}} {r.severity:<8} "
            f"{fix_label(r):<{fix_width}} {status}"
            + ("" if r.origin == "built-in" else f" ({r.origin})")
        )


@click.command()
@click.argument("code")
@config_options
def explain(code: str, **opts) -> None:
    """Show one rule (by code or name): what it finds and why, whether a fix is
    available and safe, where it applies, what it needs, its known exceptions, and
    its examples with the span each flags and the suggestion it carries."""
    from ..rulesdoc import explain_lines

    r = load_rules([Path(p) for p in settings(opts).rules]).get(code)
    click.echo("\n".join(explain_lines(r)))
