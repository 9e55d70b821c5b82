"""Imported by the fork server of `mtqa.pool.LocalPool` before it forks any worker:
the built-in rules and rule packs are loaded here once (`mtqa.registry.load_rules`,
about half a second: every rule module imported, the packs parsed and their
patterns compiled), and every worker forked from the server starts with them,
instead of each loading them again on its first document."""

from __future__ import annotations

from .registry import load_rules

load_rules()
