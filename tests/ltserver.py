"""A small local server speaking LanguageTool's HTTP API (``/v2/languages``, ``/v2/check``).

It finds a handful of errors the way LanguageTool reports them (rule id,
category, issue type, replacements, context) with offsets and lengths counted
in UTF-16 code units, as LanguageTool (a Java program) counts them. Switches
make it fail: an error status (always, or every other request), malformed JSON,
a reply of the wrong shape (also raw text, and a list of languages of the wrong
shape), slowness, a reply trickled a byte at a time, a text-size limit, or
dying after some requests.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]
MISSPELLED = {
    "recieved": "received",
    "teh": "the",
    "Xiaoming": "Xiaomi",
    "Zhangjiajie": "Zhang",
    "definately": "definitely",
}
CHECKS = [  # pattern, group, rule id, category, issue type, message, replacement
    (r"\b(" + "|".join(MISSPELLED) + r")\b", 1, "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
     "Possible spelling mistake found.", lambda m: MISSPELLED[m.group(1)]),
    (r"\b(a) (?=[aeiou])", 1, "EN_A_VS_AN", "GRAMMAR", "grammar",
     "Use “an” instead of “a” if the following word starts with a vowel sound.", lambda m: "an"),
    (r"\b(\w+) \1\b", 0, "ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication",
     "Possible typo: you repeated a word.", lambda m: m.group(1)),
    (r"( ,)", 1, "COMMA_PARENTHESIS_WHITESPACE", "TYPOGRAPHY", "whitespace",
     "Don’t put a space before the comma.", lambda m: ","),
    (r"\b(very unique)\b", 1, "VERY_UNIQUE", "STYLE", "style",
     "“Unique” cannot be graded.", lambda m: "unique"),
]  # fmt: skip


def utf16(text: str, index: int) -> int:
    """A Python index as LanguageTool counts it: in UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


def find(text: str, disabled: set[str]) -> list[dict]:
    matches = []
    for pattern, group, rule_id, category, issue, message, fix in CHECKS:
        if rule_id in disabled or category in disabled:
            continue
        for m in re.finditer(pattern, text):
            start, end = m.span(group)
            offset, length = utf16(text, start), utf16(text, end) - utf16(text, start)
            matches.append({
                "message": message, "shortMessage": "", "replacements": [{"value": fix(m)}],
                "offset": offset, "length": length,
                "context": {"text": text[max(0, start - 20): end + 20],
                            "offset": min(start, 20), "length": length},
                "sentence": text, "type": {"typeName": "Other"},
                "rule": {"id": rule_id, "description": message, "issueType": issue,
                         "category": {"id": category, "name": category.title()}},
                "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
            })  # fmt: skip
    return sorted(matches, key=lambda x: x["offset"])


class LTServer:
    """Run with ``with LTServer() as server: ... server.url``."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.status = 200
        self.flaky = False  # every other request (the 1st, 3rd, ...) fails with status 500
        self.malformed = False
        self.delay = 0.0
        self.max_chars: int | None = None
        self.die_after: int | None = None
        self.reply: object = None  # JSON sent instead of the matches, when set
        self.raw: str | None = None  # text sent instead of the matches, when set
        self.languages: object = LANGUAGES  # what /v2/languages sends (JSON, or a text as is)
        # seconds between the bytes of a /v2/check reply (status line and headers
        # too, unless trickle_body_only): a server that keeps the socket alive
        self.trickle = 0.0
        self.trickle_body_only = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: str, kind: str = "application/json") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                if outer.trickle and self.command == "POST":
                    self._trickle(data)
                    return
                self.end_headers()
                self.wfile.write(data)

            def _trickle(self, data: bytes) -> None:
                """The response a byte every ``trickle`` seconds, until the client leaves."""
                self._headers_buffer.append(b"\r\n")
                head = b"".join(self._headers_buffer)
                self._headers_buffer = []
                if outer.trickle_body_only:
                    self.wfile.write(head)
                    self.wfile.flush()
                    head = b""
                out = head + data
                for i in range(len(out)):
                    time.sleep(outer.trickle)
                    self.wfile.write(out[i : i + 1])
                    self.wfile.flush()

            def do_GET(self) -> None:
                if self.path.startswith("/v2/languages"):
                    body = outer.languages
                    self._send(200, body if isinstance(body, str) else json.dumps(body))
                else:
                    self._send(404, "not found", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8")))
                outer.requests.append(form)
                if outer.die_after is not None and len(outer.requests) > outer.die_after:
                    self.close_connection = True
                    threading.Thread(target=outer.die).start()
                    self.connection.close()
                    return
                if outer.delay:
                    time.sleep(outer.delay)
                text = form.get("text", "")
                if outer.max_chars is not None and len(text) > outer.max_chars:
                    self._send(413, "Error: Your text exceeds the limit", "text/plain")
                elif outer.status != 200 or (outer.flaky and len(outer.requests) % 2):
                    status = outer.status if outer.status != 200 else 500
                    self._send(status, "Error: internal server error", "text/plain")
                elif outer.malformed:
                    self._send(200, "{not json", "application/json")
                elif outer.reply is not None:
                    self._send(200, json.dumps(outer.reply))
                elif outer.raw is not None:
                    self._send(200, outer.raw)
                else:
                    disabled = set(filter(None, form.get("disabledRules", "").split(",")))
                    disabled |= set(filter(None, form.get("disabledCategories", "").split(",")))
                    self._send(200, json.dumps({
                        "software": {"name": "LanguageTool", "version": "6.8-test"},
                        "language": {"name": "English (US)", "code": form.get("language")},
                        "matches": find(text, disabled),
                    }))  # fmt: skip

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a dying server's broken connections are the point, not news

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> LTServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def die(self) -> None:
        """Stop answering and close the port, as a crashed server would."""
        self.httpd.shutdown()
        self.httpd.server_close()

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
