"""A fake Slack Web API on an ephemeral loopback port, for driving the real Bolt app.

The bolt-python tests' idea (a stdlib HTTP server standing in for slack.com),
improved: each test gets its own server and state, every call is recorded with
its parsed body, and a method can be told to answer 429 (with Retry-After) or
500 a number of times, so retries and "nothing lost" can be shown end to end.
It also serves `response_url` posts, private file downloads and a Socket Mode
WebSocket (see `fake_socket_mode.py`).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-test-token"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0001"


def signed_mention_request(
    url: str, secret: str, *, event_id: str, user: str, text: str, ts: str, channel: str
) -> urllib.request.Request:
    """An app_mention event signed as Slack signs it, ready to POST to the app's Events URL
    (for tests and benchmarks that drive a real `member-bot serve`)."""
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": TEAM,
            "event_id": event_id,
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            "event": {
                "type": "app_mention",
                "user": user,
                "text": f"<@{BOT_USER}> {text}",
                "ts": ts,
                "channel": channel,
            },
        }
    )
    stamp = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return urllib.request.Request(
        url,
        data=body.encode(),
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
        },
    )


class _Server(ThreadingHTTPServer):
    """Slack's API takes bursts; the stdlib's listen backlog of 5 does not. A burst of 50
    bot replies overflowed it and a dropped SYN came back after TCP's 1 s retransmit,
    which the Slack benchmark then counted as the bot's latency."""

    request_queue_size = 256


@dataclass
class Call:
    """One request the fake received: the Web API method (or path) and its parsed body."""

    method: str
    body: dict
    headers: dict
    at: float

    @property
    def blocks(self) -> list[dict]:
        blocks = self.body.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks

    @property
    def view(self) -> dict:
        view = self.body.get("view") or {}
        return json.loads(view) if isinstance(view, str) else view

    def text(self) -> str:
        """Everything a person would read in the message: text plus every block's text."""
        parts = [str(self.body.get("text") or "")]
        blocks = self.blocks or self.view.get("blocks") or []
        parts.extend(_texts(blocks))
        return "\n".join(parts)


def _texts(node) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_texts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_texts(item))
    return found


@dataclass
class Failure:
    status: int
    times: int
    retry_after: str | None = None


@dataclass
class FakeSlackState:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    replies: dict[str, Callable[[dict], dict]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    public_channels: set[str] = field(default_factory=set)  # conversations.info is_private false
    user_groups: dict[str, list[str]] = field(default_factory=dict)  # usergroups.users.list
    user_names: dict[str, str] = field(default_factory=dict)  # users.info real_name
    valid_tokens: set[str] = field(default_factory=lambda: {BOT_TOKEN})
    socket_url: str | None = None


class FakeSlack:
    """Start with `FakeSlack()`; `base_url` is what `WebClient(base_url=...)` needs."""

    def __init__(self) -> None:
        self.state = FakeSlackState()
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self.server = _Server(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/api/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what tests tell it --------------------------------------------------------

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: str | None = None):
        """Answer the next `times` calls of `method` with HTTP `status`."""
        with self._lock:
            self.state.failures.setdefault(method, []).append(Failure(status, times, retry_after))

    def reply(self, method: str, make: Callable[[dict], dict]) -> None:
        """Answer `method` with `make(body)` instead of the default."""
        self.state.replies[method] = make

    def default_answer(self, method: str, body: dict) -> dict:
        """What the fake answers when no `reply` is set (for replies that vary by body)."""
        return self.answer(method, body, BOT_TOKEN, use_replies=False)

    def add_file(self, name: str, content: bytes) -> str:
        """Serve `content` as a private file; returns its url_private."""
        self.state.files[name] = content
        return f"{self.url}/files/{name}"

    # --- what tests read -----------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.state.calls if c.method == method]

    def wait_for(
        self,
        method: str,
        where: Callable[[Call], bool] = lambda call: True,
        *,
        timeout: float = 5.0,
        count: int = 1,
    ) -> list[Call]:
        """Block until `count` calls of `method` matching `where` arrived; fail after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.state.calls if c.method == method and where(c)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.state.calls]
                    raise AssertionError(
                        f"expected {count} call(s) to {method}, got {len(found)}; calls: {seen}"
                    )
                self._lock.wait(remaining)

    # --- serving -------------------------------------------------------------------

    def _record(self, method: str, body: dict, headers: dict) -> Failure | None:
        with self._lock:
            self.state.calls.append(Call(method, body, headers, time.monotonic()))
            self._lock.notify_all()
            queue = self.state.failures.get(method) or []
            if queue:
                failure = queue[0]
                failure.times -= 1
                if failure.times <= 0:
                    queue.pop(0)
                return failure
        return None

    def next_ts(self) -> str:
        return f"{1700000000 + next(self._ts)}.000100"

    def answer(
        self, method: str, body: dict, token: str | None, *, use_replies: bool = True
    ) -> dict:
        if use_replies and method in self.state.replies:
            return self.state.replies[method](body)
        if token not in self.state.valid_tokens and method != "apps.connections.open":
            return {"ok": False, "error": "invalid_auth"}
        channel = body.get("channel") or body.get("channel_id")
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://kent.slack.com/",
                "team": "Kent",
                "user": "memberbot",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
            }
        if method in ("chat.postMessage", "chat.update"):
            ts = body.get("ts") or self.next_ts()
            return {"ok": True, "channel": channel, "ts": ts, "message": {"text": body.get("text")}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method in ("views.publish", "views.open", "views.update"):
            return {"ok": True, "view": {"id": "V" + self.next_ts().replace(".", "")}}
        if method == "conversations.open":
            users = str(body.get("users") or "")
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0]}}
        if method == "conversations.info":
            is_private = channel not in self.state.public_channels
            return {"ok": True, "channel": {"id": channel, "is_private": is_private}}
        if method == "usergroups.users.list":
            group = str(body.get("usergroup"))
            if group not in self.state.user_groups:
                return {"ok": False, "error": "no_such_subteam"}
            return {"ok": True, "users": self.state.user_groups[group]}
        if method == "users.info":
            user = str(body.get("user"))
            if user not in self.state.user_names:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": user, "real_name": self.state.user_names[user]}}
        if method == "files.info":
            name = str(body.get("file"))
            return {"ok": True, "file": {"id": name, "name": name}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.state.socket_url}
        return {"ok": True}


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
            pass

        def _send(self, status: int, payload: bytes, headers: dict | None = None) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):  # noqa: N802 - http.server's naming
            path = urlparse(self.path).path
            if path.startswith("/files/"):
                name = path.removeprefix("/files/")
                fake._record("file_download", {"name": name}, dict(self.headers))
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if token not in fake.state.valid_tokens or name not in fake.state.files:
                    self._send(404, b"not found")
                    return
                self._send(200, fake.state.files[name], {"Content-Type": "application/pdf"})
                return
            self._send(404, b"not found")

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8") if length else ""
            path = urlparse(self.path).path
            body = _parse(raw, self.headers.get("Content-Type") or "")
            if path.startswith("/response/"):
                method = "response_url"
                body["_path"] = path
            else:
                method = path.removeprefix("/api/")
            failure = fake._record(method, body, dict(self.headers))
            if failure is not None:
                headers = {"Content-Type": "application/json"}
                if failure.retry_after is not None:
                    headers["Retry-After"] = failure.retry_after
                error = "ratelimited" if failure.status == 429 else "internal_error"
                self._send(
                    failure.status, json.dumps({"ok": False, "error": error}).encode(), headers
                )
                return
            if method == "response_url":
                self._send(200, b"ok", {"Content-Type": "text/plain"})
                return
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or body.get(
                "token"
            )
            reply = fake.answer(method, body, token)
            self._send(200, json.dumps(reply).encode(), {"Content-Type": "application/json"})

    return Handler


def _parse(raw: str, content_type: str) -> dict:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    return {key: values[-1] for key, values in parse_qs(raw, keep_blank_values=True).items()}
