"""Shared helpers: running the CLI in-process and locating optional evaluation data."""

from __future__ import annotations

import base64
import hashlib
import html
import re
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


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def assert_only_own_style_and_script(page: str) -> None:
    """Assert that the HTML text ``page`` is self-contained: a Content-Security-Policy
    meta tag allows exactly its inline style and script (by their SHA-256 hashes,
    `mtqa.writers.html.csp`) and nothing from the network, and it links nothing."""
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy, "no Content-Security-Policy meta tag"
    content = html.unescape(policy.group(1))
    directives = dict(d.strip().split(" ", 1) for d in content.split(";"))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(styles) == 1 and len(scripts) <= 1
    assert directives["script-src"] == (_sha256_source(scripts[0]) if scripts else "'none'")
    assert directives["style-src"] == _sha256_source(styles[0])
    for fetch in ("default-src", "img-src", "connect-src", "base-uri", "form-action"):
        assert directives[fetch] == "'none'"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and " style=" not in page
