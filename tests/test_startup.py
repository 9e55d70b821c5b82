"""What importing mtqa loads: the heavy libraries wait until a run needs them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "sacrebleu", "jinja2", "language_tool_python", "mtqa.engine")


def _loaded_after(code: str) -> list[str]:
    probe = f"{code}; import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_import_mtqa_loads_no_heavy_library():
    assert _loaded_after("import mtqa") == []


def test_public_names_load_on_first_use():
    assert "mtqa.engine" in _loaded_after("import mtqa; mtqa.Checker")
