"""Shared helpers: running the CLI in-process and locating optional evaluation data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "examples" / "sample-article.txt"


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run ``mtqa ARGS`` in an empty folder (no config found, no LanguageTool server in
    the environment) and return the result."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MTQA_LANGUAGETOOL_URL", raising=False)

    def invoke(*args: str, input: str | bytes | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def shared() -> Path:
    """The evaluation data beside the checkout; tests using it skip in a user's clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared (evaluation data) is not present in this checkout")
    return SHARED
