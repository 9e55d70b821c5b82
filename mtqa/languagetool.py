"""LanguageTool through language-tool-python: one server a process, batched requests.

Which server, in this order: a URL (``--languagetool-url``, the config's
``languagetool-url``, or ``MTQA_LANGUAGETOOL_URL``); else a LanguageTool already
installed on this machine (``LTP_JAR_DIR_PATH`` or language-tool-python's cache)
when Java is present; else none, and the LanguageTool rules are skipped with one
notice. Nothing is ever downloaded, and the public LanguageTool API is used only
when its URL is given.

Segments are sent in batches up to ``max_chars`` characters, split only between
segments; matches come back with offsets (language-tool-python turns
LanguageTool's UTF-16 offsets into code points) and are mapped to their
segments. Every request has a timeout and a bounded number of retries; a server
that stops answering fails the document being checked with one clear error,
and is given up for the rest of the run (`LanguageToolService.start_run`).
"""

from __future__ import annotations

import atexit
import bisect
import contextlib
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from .errors import MtqaError

SEPARATOR = "\n\n"
DEFAULT_MAX_CHARS = 20_000  # the public API's limit; a self-hosted server may allow more
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 2
ENV_URL = "MTQA_LANGUAGETOOL_URL"


class LanguageToolUnavailable(MtqaError):
    """No LanguageTool server could be reached or started."""


@dataclass(frozen=True)
class LTMatch:
    """A LanguageTool match, in code points of one segment."""

    segment: int  # 0-based, in the list the caller sent
    start: int
    end: int
    message: str
    replacements: tuple[str, ...]
    rule_id: str
    category: str
    issue_type: str


def _client_class(timeout: float):
    """language-tool-python's client with mtqa's request timeout."""
    from language_tool_python import LanguageTool

    class Client(LanguageTool):
        _TIMEOUT = timeout  # type: ignore[assignment]

    return Client


def local_install() -> Path | None:
    """A LanguageTool already on this machine that language-tool-python can start."""
    if not shutil.which("java"):
        return None
    jar_dir = os.environ.get("LTP_JAR_DIR_PATH")
    if jar_dir and Path(jar_dir).is_dir():
        return Path(jar_dir)
    cache = Path(os.environ.get("LTP_PATH", Path.home() / ".cache" / "language_tool_python"))
    found = sorted(cache.glob("LanguageTool*")) if cache.is_dir() else []
    return next((p for p in found if p.is_dir()), None)


class LanguageToolService:
    """One LanguageTool client, reused for every document of the process."""

    _open: ClassVar[dict[tuple, LanguageToolService]] = {}

    def __init__(
        self,
        url: str | None,
        language: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        max_chars: int = DEFAULT_MAX_CHARS,
        spellings: Sequence[str] = (),
        disabled: Sequence[str] = (),
        enabled: Sequence[str] = (),
    ) -> None:
        from language_tool_python.exceptions import LanguageToolError

        self.url = url or "local"
        self.required = False  # set by start_run(): a failed request is then an error
        self.failures: list[str] = []  # what failed, said once at the end of a run
        self.dead: str | None = None  # once a request fails for good, later ones are not tried
        self.retries = retries
        self.max_chars = max_chars
        self.requests = 0
        self._errors = (LanguageToolError, OSError, ValueError)
        try:
            client = _client_class(timeout)
            if url:
                self.tool = client(language, remote_server=url)
            else:
                self.tool = client(
                    language, new_spellings=list(spellings) or None, new_spellings_persist=False
                )
        except self._errors as exc:
            raise LanguageToolUnavailable(f"LanguageTool at {self.url}: {_reason(exc)}") from None
        # selectors "LT:NAME" name a LanguageTool rule id or category
        self.tool.disabled_rules = set(disabled)
        self.tool.disabled_categories = set(disabled)
        if enabled:
            self.tool.enabled_rules = set(enabled)
            self.tool.enabled_categories = set(enabled)

    @classmethod
    def shared(cls, url: str | None, language: str, **options) -> LanguageToolService:
        """The process's service for this server and language (started once, closed at exit)."""
        key = (
            url,
            language,
            tuple(
                sorted(
                    (k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in options.items()
                )
            ),
        )
        if key not in cls._open:
            cls._open[key] = cls(url, language, **options)
            atexit.register(cls._open[key].close)
        return cls._open[key]

    def start_run(self, required: bool) -> None:
        """Begin a run (a `mtqa.engine.Checker`) on this process-wide service: its
        failures, and a server given up, belong to the run before."""
        self.required = required
        self.failures = []
        self.dead = None

    def batches(self, texts: Sequence[str]) -> list[list[int]]:
        """Segment indices grouped into requests of at most ``max_chars`` characters."""
        groups: list[list[int]] = []
        size = 0
        for i, text in enumerate(texts):
            if not text.strip():
                continue
            cost = len(text) + len(SEPARATOR)
            if not groups or size + cost > self.max_chars:
                groups.append([])
                size = 0
            groups[-1].append(i)
            size += cost
        return groups

    def check(self, texts: Sequence[str]) -> list[LTMatch]:
        """Every match in ``texts``, mapped back to its segment."""
        found: list[LTMatch] = []
        for group in self.batches(texts):
            starts, pos = [], 0
            for i in group:
                starts.append(pos)
                pos += len(texts[i]) + len(SEPARATOR)
            body = SEPARATOR.join(texts[i] for i in group)
            for m in self._request(body):
                if not (isinstance(m.offset, int) and isinstance(m.error_length, int)):
                    continue  # a reply of the wrong shape points nowhere
                if m.offset < 0 or m.error_length < 0:
                    continue
                k = bisect.bisect_right(starts, m.offset) - 1
                start = m.offset - starts[k]
                end = start + m.error_length
                if end > len(texts[group[k]]):
                    continue  # across the separator or past the end: no segment's
                found.append(
                    LTMatch(
                        group[k],
                        start,
                        end,
                        m.message,
                        tuple(m.replacements),
                        m.rule_id,
                        m.category,
                        m.rule_issue_type,
                    )
                )
        return found

    def check_or_note(self, texts: Sequence[str]) -> list[LTMatch]:
        """``check``; when LanguageTool fails and is not required, the failure is noted
        (and said once) and the document gets no LanguageTool findings."""
        try:
            return self.check(texts)
        except MtqaError as exc:
            if self.required:
                raise
            self.failures.append(str(exc))
            return []

    def _request(self, body: str) -> list:
        """language-tool-python's matches for ``body``, retried up to ``retries``
        times. A server that fails every try, or sends a reply that is not
        LanguageTool's, is given up for the rest of the run: a server that never
        answers would otherwise cost every document the whole timeout again."""
        if self.dead:
            raise MtqaError(
                f"LanguageTool at {self.url} stopped answering earlier in this run: {self.dead}"
            )
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                return self.tool.check(body)
            except self._errors as exc:
                if attempt == self.retries:
                    self.dead = _reason(exc)
                    raise MtqaError(
                        f"LanguageTool at {self.url} failed after "
                        f"{self.retries + 1} tries: {self.dead}"
                    ) from None
                time.sleep(0.2 * (attempt + 1))
            except (KeyError, TypeError, AttributeError) as exc:
                # JSON, but not a LanguageTool reply (no "matches", a match of the
                # wrong shape): asking again would get the same
                self.dead = f"a reply that is not LanguageTool's ({_reason(exc)} missing or wrong)"
                raise MtqaError(f"LanguageTool at {self.url} sent {self.dead}") from None
        return []

    def close(self) -> None:
        """Stop a local server; forget a remote one."""
        with contextlib.suppress(*self._errors):
            self.tool.close()
        for key, service in list(self._open.items()):
            if service is self:
                del self._open[key]


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


def connect(
    url: str | None, mode: str, language: str, **options
) -> tuple[LanguageToolService | None, str]:
    """The service to use, or None and why not (the rules are then skipped). ``mode``
    is ``auto``, ``required`` or ``off``; with ``required`` an unavailable server is
    an error."""
    if mode == "off":
        return None, "LanguageTool is off"
    url = url or os.environ.get(ENV_URL) or None
    try:
        if url is None and local_install() is None:
            raise LanguageToolUnavailable(
                "no LanguageTool server (give --languagetool-url or MTQA_LANGUAGETOOL_URL, "
                "or install LanguageTool and Java)"
            )
        service = LanguageToolService.shared(url, language, **options)
        service.start_run(required=mode == "required")
        return service, ""
    except LanguageToolUnavailable as exc:
        if mode == "required":
            raise
        return None, str(exc)
