"""Fixtures for the Slack tests: a fake Slack, a real index, and the real Bolt app over HTTP.

`bot` serves the app's WSGI handler (the same one gunicorn serves) on an ephemeral
loopback port and signs every request the way Slack does, so each test goes through
signature checks, Bolt's routing, our listeners, SQLite and the Web API client.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_sdk.signature import SignatureVerifier

from indexer import store
from indexer.run import index_paths
from member_bot.settings import Settings
from member_bot.slack.app import build_app, services_of
from member_bot.slack.http_server import EVENTS_PATH
from tests.slack.fake_slack import BOT_TOKEN, BOT_USER, TEAM, FakeSlack

SECRET = "test-signing-secret"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
OFFICERS = "COFFICERS"
ADMIN = "UADMIN"
READER = "UREADER"
OFFICER = "UOFFICER"
MEMBER = "UMEMBER"
CHANNEL = "CGENERAL"

EXEMPT_TEXT = (
    "The Council will sell the Dunmore Road depot to Harbourside Estates Ltd for "
    "£2.4 million, subject to contract."
)


@pytest.fixture
def fake_slack():
    fake = FakeSlack()
    yield fake
    fake.close()


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    """The bundled corpus plus one exempt paper (marked exempt by its sidecar)."""
    folder = tmp_path / "papers"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("README.md"))
    exempt = folder / "property-disposal-exempt.txt"
    exempt.write_text(
        "Property Committee\n\nDisposal of the Dunmore Road depot\n\n"
        f"1. {EXEMPT_TEXT}\n\n2. Harbourside Estates Ltd offered the highest bid for the depot.\n",
        encoding="utf-8",
    )
    (folder / "property-disposal-exempt.txt.json").write_text(
        json.dumps({"classification": "exempt", "title": "Disposal of the Dunmore Road depot"}),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def index_db(tmp_path: Path, papers: Path) -> Path:
    db = tmp_path / "bot.db"
    conn = store.connect(db)
    summary = index_paths(conn, [papers])
    assert not summary.failed, summary.failed
    conn.close()
    return db


@pytest.fixture
def settings(fake_slack: FakeSlack, index_db: Path, papers: Path, tmp_path: Path) -> Settings:
    return Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SECRET,
        api_base_url=fake_slack.base_url,
        db_path=index_db,
        officer_channel=OFFICERS,
        admins=frozenset({ADMIN}),
        officers=frozenset({OFFICER}),
        exempt_readers=frozenset({READER}),
        papers=(papers,),
        uploads_dir=tmp_path / "uploads",
        outbox_seconds=60,
        workers=4,
    )


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@dataclass
class Reply:
    status: int
    body: str
    headers: dict = field(default_factory=dict)

    def json(self):
        return json.loads(self.body) if self.body else None


class SlackDriver:
    """Plays Slack's side: signed events, commands and interactions sent to the app."""

    def __init__(self, url: str, fake: FakeSlack, app) -> None:
        self.url = url
        self.fake = fake
        self.app = app
        self.bot = services_of(app)
        self._ids = itertools.count(1)

    # --- raw HTTP -------------------------------------------------------------------

    def post(
        self,
        body: str,
        content_type: str,
        *,
        secret: str = SECRET,
        timestamp: int | None = None,
        headers: dict | None = None,
    ) -> Reply:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(
            self.url,
            data=body.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": signature,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(), dict(error.headers))

    # --- what Slack sends -----------------------------------------------------------

    def event(self, event: dict, *, event_id: str | None = None, headers=None) -> Reply:
        payload = self.event_body(event, event_id=event_id)
        return self.post(json.dumps(payload), "application/json", headers=headers)

    def event_body(self, event: dict, *, event_id: str | None = None) -> dict:
        return {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):06d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
            "event": event,
        }

    def mention(
        self, text: str, *, user: str = MEMBER, channel: str = CHANNEL, thread_ts=None, **kw
    ) -> tuple[Reply, str]:
        ts = self.fake.next_ts()
        event = {
            "type": "app_mention",
            "user": user,
            "text": f"<@{BOT_USER}> {text}",
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.event(event, **kw), ts

    def dm(self, text: str, *, user: str = MEMBER, **extra) -> tuple[Reply, str]:
        ts = self.fake.next_ts()
        event = {
            "type": "message",
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
            "channel": f"D{user}",
            "event_ts": ts,
            **extra,
        }
        return self.event(event), ts

    def command(self, name: str, text: str, *, user: str = MEMBER, channel=CHANNEL) -> Reply:
        n = next(self._ids)
        form = {
            "token": "legacy",
            "team_id": TEAM,
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else "general",
            "user_id": user,
            "command": name,
            "text": text,
            "api_app_id": "A0001",
            "response_url": f"{self.fake.url}/response/cmd{n}",
            "trigger_id": f"trigger.{n}",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(
        self,
        action_id: str,
        value: str,
        *,
        user: str = MEMBER,
        channel: str = CHANNEL,
        message_ts: str = "1700000000.000001",
    ) -> Reply:
        n = next(self._ids)
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM},
            "user": {"id": user},
            "api_app_id": "A0001",
            "trigger_id": f"trigger.{n}",
            "channel": {"id": channel},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
            "message": {"ts": message_ts, "text": ""},
            "response_url": f"{self.fake.url}/response/act{n}",
            "actions": [
                {"action_id": action_id, "block_id": "b", "value": value, "type": "button"}
            ],
        }
        return self.interaction(payload)

    def submit_answer(
        self, followup_id: int, text: str, *, user: str = OFFICER, searchable: bool | None = None
    ) -> Reply:
        """Submit the answer modal; `searchable` ticks (True) or clears (False) its box."""
        values: dict = {"answer_block": {"answer_text": {"value": text}}}
        if searchable is not None:
            chosen = [{"value": "yes"}] if searchable else []
            values["searchable_block"] = {
                "searchable": {"type": "checkboxes", "selected_options": chosen}
            }
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM},
            "user": {"id": user},
            "api_app_id": "A0001",
            "view": {
                "id": "V1",
                "type": "modal",
                "callback_id": "followup_answer_modal",
                "private_metadata": str(followup_id),
                "state": {"values": values},
            },
        }
        return self.interaction(payload)

    def interaction(self, payload: dict) -> Reply:
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )


@pytest.fixture
def make_bot(settings: Settings, fake_slack: FakeSlack):
    """Start the app over HTTP (call again to 'restart' it on the same database)."""
    servers = []

    def start(settings: Settings = settings, **kwargs) -> SlackDriver:
        app = build_app(settings, **kwargs)
        from slack_bolt.adapter.wsgi import SlackRequestHandler

        server = make_server(
            "127.0.0.1",
            0,
            SlackRequestHandler(app, path=EVENTS_PATH),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        servers.append((server, app))
        host, port = server.server_address[:2]
        return SlackDriver(f"http://{host}:{port}{EVENTS_PATH}", fake_slack, app)

    yield start
    for server, app in servers:
        services_of(app).outbox.stop()
        server.shutdown()
        server.server_close()


@pytest.fixture
def bot(make_bot) -> SlackDriver:
    return make_bot()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def eventually(check, timeout: float = 5.0, interval: float = 0.01):
    """Wait for `check()` to return something truthy (work continues after Slack's ack)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)
