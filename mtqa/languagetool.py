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
segments. Every request has a hard deadline (`DEFAULT_TIMEOUT`: connecting,
sending and reading the whole reply, however slowly the server trickles it) and a
bounded size (`MAX_REPLY_BYTES`); a batch is tried up to three times, and a run
gives a server at most `MAX_FAILED_REQUESTS` failed requests: a server that stops
answering fails the document being checked with one clear error, and is given
up for the rest of the run (`LanguageToolService.start_run`).
"""

from __future__ import annotations

# (http.client, socket and ssl are imported where a server is asked: every run
# imports this module, and most never start one; they cost a tenth of mtqa's start-up)
import atexit
import bisect
import contextlib
import functools
import json
import os
import shutil
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from . import regexcache
from .config import (
    LANGUAGETOOL_OFF,
    URL_EXAMPLE,
    brief_repr,
    normal_url,
    shown_url,
    url_problem,
)
from .datafile import JSONProblem, parse_json
from .errors import ConfigError, MtqaError

if TYPE_CHECKING:
    import socket

SEPARATOR = "\n\n"
DEFAULT_MAX_CHARS = 20_000  # the public API's limit; a self-hosted server may allow more
# The most one request may take, from connecting to the last byte of the reply
# (``languagetool-timeout``). LanguageTool checks a full batch of 20,000 characters
# in a few seconds, and the public API answers well within it; a reply not complete
# in 30 s comes from a server that is stuck or trickles bytes to keep the socket
# alive (a per-read timeout never fires then), and waiting longer only delays the run.
DEFAULT_TIMEOUT = 30.0
# The longest deadline taken: a longer one is no deadline a user waits out, and one
# of 1e300 s overflows the platform's timers (the config refuses more; the Python
# API's Config is not validated, hence the cap here too).
MAX_TIMEOUT = 3600.0
DEFAULT_RETRIES = 2  # a batch is tried up to three times
# Failed requests a run allows before the server is given up: a dead server costs a
# run at most this many deadlines, however many batches and documents are left.
MAX_FAILED_REQUESTS = 5
# A reply of LanguageTool to a full batch is well under a megabyte; a server that
# sends more is not LanguageTool, and mtqa must not hold all of it in memory.
MAX_REPLY_BYTES = 32 * 2**20
ENV_URL = "MTQA_LANGUAGETOOL_URL"


class LanguageToolUnavailable(MtqaError):
    """No LanguageTool server could be reached or started."""


class WrongReply(Exception):
    """JSON from the server that is not LanguageTool's reply: asking again would get
    the same."""


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
    """language-tool-python's client, its requests made by `fetch_json` with
    ``timeout`` as their deadline, once each (the service retries), and the
    server's list of languages checked for its shape."""
    from language_tool_python import LanguageTool
    from language_tool_python.exceptions import LanguageToolError
    from language_tool_python.match import Match

    class Client(LanguageTool):
        def check(self, text):  # type: ignore[no-untyped-def]
            url = urllib.parse.urljoin(self._url, "check")
            reply = self._query_server(url, self._create_params(text), method="post")
            return [Match(m, text) for m in _matches(reply)]

        def _query_server(self, url, params=None, num_tries=2, method="get"):  # type: ignore[no-untyped-def]
            try:
                return fetch_json(url, params, method, timeout)
            except LanguageToolError:
                if not self._remote:  # a local server that crashed: start it again
                    self._terminate_server()
                    self._start_local_server()
                raise

        def _get_languages(self) -> set[str]:
            self._start_server_if_needed()
            reply = self._query_server(urllib.parse.urljoin(self._url, "languages"))
            if not isinstance(reply, list) or not all(
                isinstance(e, dict) and isinstance(e.get("code"), str) for e in reply
            ):
                raise WrongReply("a list of languages (/v2/languages) that is not LanguageTool's")
            return {
                code
                for e in reply
                for key in ("code", "longCode")
                if isinstance(code := e.get(key), str)
            } | {"auto"}

    return Client


def fetch_json(url: str, params: dict[str, str] | None, method: str, deadline: float) -> object:
    """The JSON a LanguageTool server replies to one request, all of it within
    ``deadline`` seconds and `MAX_REPLY_BYTES` bytes. Raises language-tool-python's
    LanguageToolError for a request that fails (no answer in time, a broken
    connection, an HTTP error, a reply that is not JSON: worth another try) and
    `WrongReply` for JSON no LanguageTool sends (nested too deeply, numbers too
    long). Every reason is said in words, never in Python's."""
    import http.client

    import requests
    from language_tool_python.exceptions import LanguageToolError, RateLimitError

    deadline = min(deadline, MAX_TIMEOUT)
    watch = _Watch(deadline)
    try:
        with watch, requests.Session() as session:
            adapter = _watched_adapter()(watch)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            data = {"data": params} if method == "post" else {"params": params}
            # a LanguageTool server answers /v2/check itself: a redirect is refused
            # (`_http_status`), never followed to a host the user did not name
            request = session.request(
                method,
                url,
                timeout=deadline,
                stream=True,
                allow_redirects=False,
                **data,  # type: ignore[arg-type]
            )
            with request as response:
                status, body = response.status_code, _bounded(response)
    except (requests.RequestException, OSError, http.client.HTTPException) as exc:
        if watch.expired:
            raise LanguageToolError(f"no complete reply within {deadline:g} s") from None
        raise LanguageToolError(_failure(exc)) from None
    if watch.expired:
        raise LanguageToolError(f"no complete reply within {deadline:g} s")
    if status == 426:
        raise RateLimitError("the LanguageTool API's rate limit was exceeded (HTTP 426)")
    if not 200 <= status < 300:
        raise LanguageToolError(_http_status(status))
    try:
        return parse_json(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise LanguageToolError("a reply that is not JSON") from None
    except JSONProblem as exc:  # a number of over 4,300 digits, nested too deeply
        raise WrongReply(str(exc)) from None


def _http_status(status: int) -> str:
    """An HTTP error in words: ``HTTP 500 Internal Server Error``; a text too long
    for the server says what to change."""
    from http import HTTPStatus

    try:
        text = f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:  # a status HTTP does not define
        text = f"HTTP {status}"
    if status == 413:
        text += " (lower languagetool-max-chars)"
    elif 300 <= status < 400:
        text += " (a redirect to another address, not followed: give the server's own URL)"
    return text


# What language-tool-python reads of every match (`language_tool_python.match.Match`):
# a match without one is not LanguageTool's.
MATCH_FIELDS = (
    "message", "offset", "length", "replacements",
    "context.text", "context.offset", "rule.id", "rule.issueType", "rule.category.id",
)  # fmt: skip


def _matches(reply: object) -> list[dict]:
    """The matches of a /v2/check reply that language-tool-python can read. Raises
    `WrongReply` for a reply that is not LanguageTool's: no list of matches, or a
    match without a field every match has. A match whose fields have odd types is
    dropped here when language-tool-python would fail on it, and by `_well_formed`
    otherwise."""
    matches = reply.get("matches") if isinstance(reply, dict) else None
    if not isinstance(matches, list):
        raise WrongReply("no 'matches' list")
    kept = []
    for match in matches:
        if not isinstance(match, dict):
            raise WrongReply("a match that is not an object")
        missing = next((f for f in MATCH_FIELDS if not _has(match, f.split("."))), None)
        if missing is not None:
            raise WrongReply(f"a match without {missing!r}")
        replacements = match["replacements"]
        if (
            isinstance(match["message"], str)
            and all(type(match[f]) is int for f in ("offset", "length"))
            and isinstance(replacements, list)
            and all(isinstance(r, dict) and "value" in r for r in replacements)
        ):
            kept.append(match)
    return kept


def _has(value: object, path: list[str]) -> bool:
    """Whether ``value`` holds the dotted ``path`` of keys, each but the last an object."""
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return False
        value = value[key]
    return True


def _bounded(response) -> bytes:  # type: ignore[no-untyped-def]
    """The body of a streamed reply, refused beyond `MAX_REPLY_BYTES`."""
    from language_tool_python.exceptions import LanguageToolError

    body = bytearray()
    for chunk in response.iter_content(65536):
        body += chunk
        if len(body) > MAX_REPLY_BYTES:
            raise LanguageToolError(f"a reply of over {MAX_REPLY_BYTES:,} bytes")
    return bytes(body)


class _Watch:
    """A request's deadline: when it passes, the request's sockets are shut, which
    ends a connect, send or read blocked in another thread at once (requests'
    timeout bounds each read, not the whole request)."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watch:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Shut a socket (a TLS one too: the plain socket under it) for both ways."""
    import socket

    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


@functools.cache
def _watched_adapter() -> type:
    """requests' adapter class whose connections hand their sockets to the
    adapter's `_Watch` (``Adapter(watch)``)."""
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPSConnectionPool

    def watched(base: type) -> type:
        class Watched(base):  # type: ignore[valid-type,misc]
            def __init__(self, *args: object, watch: _Watch, **kwargs: object) -> None:
                super().__init__(*args, **kwargs)
                self.watch = watch

            def connect(self) -> None:
                super().connect()
                self.watch.add(self.sock)

        return Watched

    plain, tls = watched(HTTPConnection), watched(HTTPSConnection)

    class Adapter(HTTPAdapter):
        def __init__(self, watch: _Watch) -> None:
            super().__init__()
            self.watch = watch

        def get_connection_with_tls_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            pool = super().get_connection_with_tls_context(*args, **kwargs)
            pool.ConnectionCls = tls if isinstance(pool, HTTPSConnectionPool) else plain
            pool.conn_kw["watch"] = self.watch
            return pool

    return Adapter


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

        self.url = shown_url(url) if url else "local"  # as messages say it: no password
        self.required = False  # set by start_run(): a failed request is then an error
        self.failures: list[str] = []  # what failed, said once at the end of a run
        self.dead: str | None = None  # once a request fails for good, later ones are not tried
        self.failed = 0  # failed requests in this run (`MAX_FAILED_REQUESTS`)
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
        except (*self._errors, WrongReply) as exc:
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
        self.failed = 0

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
                if not _well_formed(m) or m.offset < 0 or m.error_length < 0:
                    continue  # a match of the wrong shape points nowhere, or says nothing
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
        times. A server that fails every try, or `MAX_FAILED_REQUESTS` requests in
        the run, or sends a reply that is not LanguageTool's, is given up for the
        rest of the run: a server that never answers would otherwise cost every
        document its deadlines again."""
        if self.dead:
            raise MtqaError(
                f"LanguageTool at {self.url} stopped answering earlier in this run: {self.dead}"
            )
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                return self.tool.check(body)
            except self._errors as exc:
                self.failed += 1
                if attempt == self.retries or self.failed >= MAX_FAILED_REQUESTS:
                    self.dead = _reason(exc)
                    tries = (
                        f"{attempt + 1} tries"
                        if attempt == self.retries
                        else f"{self.failed} failed requests in this run"
                    )
                    raise MtqaError(
                        f"LanguageTool at {self.url} failed after {tries}: {self.dead}; "
                        "not asked again in this run"
                    ) from None
                time.sleep(0.2 * (attempt + 1))
            except (KeyError, TypeError, AttributeError, WrongReply) as exc:
                # JSON, but not a LanguageTool reply (no "matches", a match of the
                # wrong shape): asking again would get the same. `_matches` refuses
                # what it knows; anything else language-tool-python trips on is
                # still not said in Python's words.
                what = exc if isinstance(exc, WrongReply) else "a match of the wrong shape"
                self.dead = f"a reply that is not LanguageTool's ({what})"
                raise MtqaError(f"LanguageTool at {self.url} sent {self.dead}") from None
        return []

    def close(self) -> None:
        """Stop a local server; forget a remote one."""
        with contextlib.suppress(*self._errors):
            self.tool.close()
        for key, service in list(self._open.items()):
            if service is self:
                del self._open[key]


def _well_formed(match: object) -> bool:
    """Whether a match of language-tool-python has the types a finding needs: whole
    numbers for its place, text for its message, rule, category, issue type and
    each replacement."""
    fields = ("message", "rule_id", "category", "rule_issue_type")
    replacements = getattr(match, "replacements", None)
    return (
        all(isinstance(getattr(match, f, None), int) for f in ("offset", "error_length"))
        and all(isinstance(getattr(match, f, None), str) for f in fields)
        and isinstance(replacements, list)
        and all(isinstance(r, str) for r in replacements)
    )


def _reason(exc: BaseException) -> str:
    """Why a request or the server failed, in words: mtqa's and language-tool-python's
    own messages as they are, an error of the network as `_failure` says it."""
    import http.client

    import requests

    if isinstance(exc, requests.RequestException | http.client.HTTPException):
        return _failure(exc)
    if isinstance(exc, OSError):  # starting a local server: "No such file or directory"
        return exc.strerror or _failure(exc)
    text = _USERINFO_RE.sub("//", " ".join(str(exc).split()))  # a URL's password, if any
    return text[:200] or "the server failed"


# the user name and password of a URL quoted in a message (`mtqa.config.shown_url`)
_USERINFO_RE = regexcache.compile(r"//[^\s/?#@]*@")


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps: requests' and urllib3's errors hold the socket's
    error as their cause, their ``reason`` or one of their arguments."""
    found: list[BaseException] = []
    todo = [exc]
    while todo and len(found) < 20:
        e = todo.pop(0)
        if e in found:
            continue
        found.append(e)
        inner = [e.__cause__, e.__context__, getattr(e, "reason", None), *e.args]
        todo.extend(x for x in inner if isinstance(x, BaseException))
    return found


def _failure(exc: BaseException) -> str:
    """A failed connection in words (``cannot connect: Connection refused``), from
    the innermost error that says what happened."""
    import http.client
    import socket
    import ssl

    causes = _causes(exc)
    for e in causes:
        if isinstance(e, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted: {e.verify_message}"
    for e in causes:
        if isinstance(e, ssl.SSLError):
            return f"TLS failed: {e.reason or e.strerror or 'no secure connection'}"
        if isinstance(e, socket.gaierror):
            return f"cannot find the host: {e.strerror}"
        if isinstance(e, http.client.RemoteDisconnected | ConnectionResetError):
            return "the server closed the connection before replying"
    for e in causes:
        if isinstance(e, OSError) and e.strerror:
            return f"cannot connect: {e.strerror}"
    import requests

    if isinstance(exc, requests.TooManyRedirects):
        return "too many redirects"
    return "the connection failed"


def connect(
    url: str | None, mode: str, language: str, **options
) -> tuple[LanguageToolService | None, str]:
    """The service to use, or None and why not (the rules are then skipped). ``mode``
    is ``auto``, ``required`` or ``off``; with ``required`` an unavailable server is
    an error."""
    if mode == "off":
        return None, LANGUAGETOOL_OFF
    # the variable's URL is checked here, as the config checks languagetool-url (and
    # again here: the Python API's Config is not validated)
    source = "languagetool-url" if url else ENV_URL
    url = url or os.environ.get(ENV_URL) or None
    if url is not None and (problem := url_problem(url)):
        raise ConfigError(
            f"{source}: {brief_repr(shown_url(url))} is not a LanguageTool URL ({problem}; "
            f"give one like {URL_EXAMPLE})"
        )
    url = normal_url(url) if url is not None else None
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
