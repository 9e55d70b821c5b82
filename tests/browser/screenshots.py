"""Screenshots of a report folder, for the README and for reviewing the pages' look.

    .venv/bin/python -m tests.browser.screenshots [REPORT_DIR]   (default: reports)

Opens ``REPORT_DIR/index.html`` and the first document's page in the system Chromium
(never a downloaded one) and writes ``REPORT_DIR/screenshots/``: ``document-light.png``,
``document-dark.png``, ``document-narrow.png`` (400 px wide) and ``index-light.png``.
``make reports`` regenerates the sample report folder and then these.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, READY, READY_MS

# (file name, page, context options): the first screen of each, as a reader sees it
SHOTS: list[tuple[str, str, dict[str, Any]]] = [
    ("document-light.png", "document", {"viewport": {"width": 1280, "height": 900}}),
    (
        "document-dark.png",
        "document",
        {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    ),
    ("document-narrow.png", "document", {"viewport": {"width": 400, "height": 900}}),
    ("index-light.png", "index", {"viewport": {"width": 1280, "height": 900}}),
]


def take(folder: Path) -> list[Path]:
    """Write the screenshots of report folder ``folder``; return their paths."""
    from playwright.sync_api import sync_playwright

    pages = {
        "index": folder / "index.html",
        "document": min((folder / "documents").glob("*.html"), default=None),
    }
    if not pages["index"].is_file() or pages["document"] is None:
        raise SystemExit(f"{folder}: no index.html or documents/*.html (run `make reports`)")
    out = folder / "screenshots"
    out.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as api:
        browser = api.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for name, which, options in SHOTS:
                context = browser.new_context(
                    color_scheme=options.get("color_scheme", "light"),
                    viewport=options["viewport"],
                )
                page = context.new_page()
                page.goto(pages[which].as_uri())
                page.wait_for_function(READY, timeout=READY_MS)
                page.screenshot(path=out / name, animations="disabled")
                context.close()
                written.append(out / name)
        finally:
            browser.close()
    return written


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "reports").resolve()
    if not CHROMIUM.exists():
        print(f"no Chromium at {CHROMIUM} (set MTQA_CHROMIUM)", file=sys.stderr)
        return 2
    for path in take(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
