"""The browser harness: one Chromium per session, pages that fail a test on a console
error, a dialog or a network request, report folders written by ``mtqa check``, and
axe-core for accessibility checks.

Chromium is the system one (``/usr/bin/chromium``, or ``MTQA_CHROMIUM``): nothing here
ever downloads a browser. Without Chromium, Playwright or axe-core the tests skip with
the reason, unless ``MTQA_BROWSER_TESTS=required`` (CI), where they fail instead, so
that a CI image that lost its browser cannot pass by skipping everything.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner

from mtqa.cli import cli

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MTQA_CHROMIUM", "/usr/bin/chromium"))
# where .ci/run puts it (npm install --prefix build/npm axe-core@VERSION)
NPM_AXE_JS = ROOT / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
AXE_JS = Path(os.environ.get("MTQA_AXE_JS", NPM_AXE_JS))
REQUIRED = os.environ.get("MTQA_BROWSER_TESTS", "").lower() == "required"

# Chromium as root in a container: no sandbox (it needs user namespaces), no GPU, and
# none of the background traffic (updates, sync, QUIC probes) that would show up as
# network requests the pages did not make.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}
# how long a click or a selector may wait (Playwright's default is 30 s)
ACTION_MS = 5000
# how long the pages' script may take to set data-ready after "load" (a small report)
READY_MS = 5000
# the page's script has rendered. A function, not an expression: Playwright polls an
# expression with eval(), which the pages' CSP (no 'unsafe-eval') refuses.
READY = "() => document.documentElement.dataset.ready === '1'"
# URL schemes that are no network load: the page itself, and what a download makes
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def unavailable(reason: str) -> NoReturn:
    """Skip the test for a missing browser piece, or fail it when CI requires them."""
    if REQUIRED:
        pytest.fail(f"MTQA_BROWSER_TESTS=required, but {reason}", pytrace=False)
    pytest.skip(reason)


# -- the browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    """Playwright's sync API, started once."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install '.[test]')")
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set MTQA_CHROMIUM)")
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(playwright_api: Any) -> Iterator[Any]:
    """One headless Chromium for the whole session (launching costs about a second)."""
    instance = playwright_api.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    try:
        yield instance
    finally:
        instance.close()


@dataclass
class Watch:
    """What a page did that a report page must never do: console errors (CSP
    violations included), uncaught exceptions, dialogs, network requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    # a test that provokes one of these on purpose says so
    allow_console_errors: bool = False
    allow_dialogs: bool = False

    def attach(self, page: Any) -> None:
        """Record ``page``'s events (dialogs are dismissed, so nothing blocks)."""

        def on_console(message: Any) -> None:
            if message.type == "error":
                self.console_errors.append(f"{message.text} ({message.location})")

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_request(request: Any) -> None:
            if not request.url.startswith(LOCAL_SCHEMES):
                self.requests.append(request.url)

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("dialog", on_dialog)
        page.on("request", on_request)

    def problems(self) -> list[str]:
        """Everything recorded that the test did not allow."""
        found = [f"uncaught exception: {e}" for e in self.page_errors]
        found += [f"network request: {u}" for u in self.requests]
        if not self.allow_console_errors:
            found += [f"console error: {e}" for e in self.console_errors]
        if not self.allow_dialogs:
            found += [f"dialog: {d}" for d in self.dialogs]
        return found


class Contexts:
    """Browser contexts (each with empty storage) a test opens; all closed after it."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.opened: list[Any] = []
        self.watches: list[tuple[Watch, Any]] = []

    def new_page(self, watch: Watch | None = None, **options: Any) -> tuple[Any, Watch]:
        """A page in a fresh context (``options`` as ``browser.new_context`` takes
        them, default 1280×800), watched by ``watch`` or a new `Watch`."""
        options.setdefault("viewport", dict(VIEWPORT))
        options.setdefault("accept_downloads", True)
        context = self.browser.new_context(**options)
        # a small local page answers at once: fail in seconds, not Playwright's 30
        context.set_default_timeout(ACTION_MS)
        self.opened.append(context)
        page = context.new_page()
        watch = watch or Watch()
        watch.attach(page)
        self.watches.append((watch, page))
        return page, watch

    def close(self) -> None:
        for context in self.opened:
            with contextlib.suppress(Exception):
                context.close()


@pytest.fixture
def contexts(browser: Any, request: pytest.FixtureRequest) -> Iterator[Contexts]:
    """Fresh browser contexts on demand; their pages are checked like ``page``'s."""
    made = Contexts(browser)
    request.node.mtqa_contexts = made
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def watch(contexts: Contexts) -> Watch:
    """The `Watch` of the ``page`` fixture's page: set ``allow_console_errors`` or
    ``allow_dialogs`` on it when a test expects those."""
    return Watch()


@pytest.fixture
def page(contexts: Contexts, watch: Watch) -> Any:
    """A 1280×800 page in a fresh context (empty localStorage). The test fails if the
    page logs a console error, throws, opens a dialog or makes a network request."""
    made, _ = contexts.new_page(watch)
    return made


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """After a browser test passed, fail it for what its pages did behind its back
    (errors arrive as events, so the check comes after the test's own asserts)."""
    result = yield
    made: Contexts | None = getattr(item, "mtqa_contexts", None)
    if made is not None:
        problems: list[str] = []
        for watch, page in made.watches:
            # one more round trip lets events still in flight arrive
            with contextlib.suppress(Exception):
                page.evaluate("0")
            problems += watch.problems()
        if problems:
            pytest.fail("the page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)
    return result


def settle(page: Any) -> None:
    """Wait two animation frames: the scroll events a scroll or a focus causes have
    been handled by then."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def into_view(locator: Any) -> None:
    """Scroll ``locator``'s element to the middle of the window until it stays there:
    the pages render off-screen paragraphs lazily (``content-visibility: auto``), so the
    first scroll, aimed with estimated sizes, may land beside it once they render."""
    for _ in range(5):
        locator.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
        settle(locator.page)
        if locator.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight; }"
        ):
            return
    raise AssertionError(f"{locator} does not stay in view")


def goto(page: Any, path: Path, ready: bool = True) -> Any:
    """Open report page ``path`` from its file URL and wait until its script has
    rendered (``<html data-ready="1">``) when ``ready``."""
    page.goto(path.as_uri())
    if ready:
        page.wait_for_function(READY, timeout=READY_MS)
    return page


# -- report folders ----------------------------------------------------------------


@dataclass
class Run:
    """A report folder ``mtqa check --report-dir`` wrote, with the run's JSON report
    and the baseline fingerprints of its findings (written beside it)."""

    folder: Path
    inputs: Path
    data: dict[str, Any]
    fingerprints: dict[tuple[str, str, str, int], str]
    stderr: str

    @property
    def index(self) -> Path:
        return self.folder / "index.html"

    def page_of(self, number: int) -> Path:
        """The page of the ``number``-th document of the run (1-based)."""
        pages = sorted((self.folder / "documents").glob(f"{number:04d}-*.html"))
        assert len(pages) == 1, f"document page {number:04d}-*.html: found {pages}"
        return pages[0]

    def document(self, number: int) -> dict[str, Any]:
        """The JSON report's entry of the ``number``-th document (1-based)."""
        return self.data["documents"][number - 1]

    def fingerprint(self, path: str, rule: str, text: str, line: int) -> str:
        """The fingerprint ``mtqa baseline`` records for that finding."""
        return self.fingerprints[(path, rule, text, line)]


def invoke(cwd: Path, *args: str) -> Any:
    """``mtqa ARGS`` in-process in folder ``cwd`` (as tests/conftest.py runs it), without
    a LanguageTool server or config files getting in."""
    old = Path.cwd()
    saved = os.environ.pop("MTQA_LANGUAGETOOL_URL", None)
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
        if saved is not None:
            os.environ["MTQA_LANGUAGETOOL_URL"] = saved


MakeReport = Callable[..., Run]


@pytest.fixture(scope="session")
def make_report(tmp_path_factory: pytest.TempPathFactory) -> MakeReport:
    """``make_report({"a.txt": TEXT, ...}, *EXTRA_ARGS, check_args=())``: write the files
    (str as UTF-8, or bytes) into a new folder, run ``mtqa check NAMES --report-dir report
    --exit-zero --languagetool off --isolated EXTRA_ARGS CHECK_ARGS`` there (and ``mtqa
    baseline`` with EXTRA_ARGS, for the fingerprints) and return the `Run`."""

    def make(files: dict[str, str | bytes], *extra: str, check_args: tuple[str, ...] = ()) -> Run:
        base = tmp_path_factory.mktemp("report")
        inputs = base / "in"
        inputs.mkdir()
        for name, content in files.items():
            target = inputs / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        common = ("--languagetool", "off", "--isolated", *extra)
        result = invoke(
            inputs, "check", *files, "--report-dir", str(base / "report"), "--exit-zero",
            "--format", f"json:{base / 'run.json'}", *common, *check_args,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        baseline = invoke(inputs, "baseline", *files, "-o", str(base / "baseline.json"), *common)
        assert baseline.exit_code == 0, baseline.output
        recorded = json.loads((base / "baseline.json").read_text(encoding="utf-8"))
        fingerprints = {
            (f["path"], f["rule"], f["text"], f["line"]): f["fingerprint"]
            for f in recorded["findings"]
        }
        return Run(
            folder=base / "report",
            inputs=inputs,
            data=json.loads((base / "run.json").read_text(encoding="utf-8")),
            fingerprints=fingerprints,
            stderr=result.stderr,
        )

    return make


# One article with findings of every severity in five paragraphs (MT103 made neutral on
# the command line), two of them overlapping in ¶5 (a run-on sentence holding a doubled
# word). Its findings, in document order, are `ARTICLE_FINDINGS`.
ARTICLE = """\
The the river rose early in spring. . Farmers moved their goats uphill , before dawn.

He stayed in Portugal Sugar daddy for ten years before he came home.

the council met on Monday and agreed a budget for the new school in the valley. \
The teachers asked for more books and a bigger library, and the parents asked for a \
safer road to the school gate. The head of the council promised to visit every \
classroom before the summer holidays begin.

Mr Zhou said the new road will open next year.Builders worked all night to finish it.

The county will train young tea masters, build a processing plant, open an online \
shop, invite buyers from the coast, repair the old roads, plant new tea gardens on the \
eastern slopes, set up a cooperative for the the pickers, link every household to the \
cooperative, share the profits at the end of the year, and keep the water of the \
reservoir clean, so that the villagers can stay at home and still earn a good living.

Visitors walked along the terraces and bought fresh tea from the growers at the gate.
"""
ARTICLE_ARGS = ("--severity", "MT103=neutral")
# id: (rule, severity, category, paragraph, flagged text, line)
ARTICLE_FINDINGS = {
    "f1": ("MT205", "minor", "Fluency/Grammar", 1, "The the", 1),
    "f2": ("MT101", "minor", "Fluency/Punctuation", 1, ". .", 1),
    "f3": ("MT102", "minor", "Fluency/Punctuation", 1, " ,", 1),
    "f4": ("MT607", "critical", "Accuracy/Addition", 2, "Portugal Sugar daddy", 3),
    "f5": ("MT203", "major", "Fluency/Grammar", 3, "the", 5),
    "f6": ("MT103", "neutral", "Fluency/Punctuation", 4, ".", 7),
    "f7": ("MT206", "minor", "Fluency/Grammar", 5, None, 9),  # the whole run-on sentence
    "f8": ("MT205", "minor", "Fluency/Grammar", 5, "the the", 9),
}


@pytest.fixture(scope="session")
def article(make_report: MakeReport) -> Run:
    """The report of `ARTICLE` (one document, eight findings)."""
    return make_report({"article.txt": ARTICLE}, *ARTICLE_ARGS)


# -- accessibility -----------------------------------------------------------------


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's ``axe.min.js`` (fetched by .ci/run from the npm registry, or
    ``MTQA_AXE_JS``)."""
    if not AXE_JS.is_file():
        unavailable(
            f"axe-core is not at {AXE_JS} (npm install --no-save --prefix build/npm "
            "axe-core@4.11.4, or set MTQA_AXE_JS)"
        )
    return AXE_JS.read_text(encoding="utf-8")


Axe = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def axe(contexts: Contexts, axe_source: str) -> Axe:
    """``axe(path, color_scheme="light")``: open the page in a context that bypasses
    its CSP (the only way to inject axe's script; the page's own CSP forbids inline
    script without a matching hash) and return axe-core's violations."""

    def run(path: Path, color_scheme: str = "light", **options: Any) -> list[dict[str, Any]]:
        page, _ = contexts.new_page(bypass_csp=True, color_scheme=color_scheme, **options)
        goto(page, path)
        return axe_violations(page, axe_source)

    return run


# axe-core's violations, with the nodes each was found on and why
AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
    }));
}"""


def axe_violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Inject axe-core into ``page`` (whose context must bypass CSP) and run it."""
    page.add_script_tag(content=axe_source)
    return page.evaluate(AXE_RUN)
