"""Socket Mode: the same app over slack_sdk's WebSocket client, driven by real envelopes."""

from __future__ import annotations

import threading

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from member_bot.slack.app import build_app
from tests.slack.conftest import CHANNEL, MEMBER
from tests.slack.fake_slack import BOT_USER, TEAM
from tests.slack.fake_socket_mode import FakeSocketMode

APP_TOKEN = "xapp-1-test"


@pytest.fixture
def socket_server(fake_slack):
    server = FakeSocketMode()
    fake_slack.state.socket_url = server.url
    yield server
    server.close()


def test_mention_and_command_envelopes_are_acked_and_answered(settings, fake_slack, socket_server):
    app = build_app(settings.with_overrides(signing_secret=None, app_token=APP_TOKEN))
    handler = SocketModeHandler(app, APP_TOKEN)
    handler.connect()
    try:
        socket_server.send({"type": "hello", "num_connections": 1})
        event = {
            "type": "app_mention",
            "user": MEMBER,
            "text": f"<@{BOT_USER}> How many children are in care in Kent?",
            "ts": "1700000500.000100",
            "channel": CHANNEL,
        }
        socket_server.send(
            {
                "envelope_id": "env-1",
                "type": "events_api",
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "payload": {
                    "type": "event_callback",
                    "team_id": TEAM,
                    "event_id": "EvSOCKET1",
                    "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
                    "event": event,
                },
            }
        )
        assert socket_server.wait_for_ack("env-1")["envelope_id"] == "env-1"
        [answer] = fake_slack.wait_for("chat.postMessage")
        assert answer.body["thread_ts"] == "1700000500.000100"
        assert "just over 1,600" in answer.text()

        socket_server.send(
            {
                "envelope_id": "env-2",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": TEAM,
                    "channel_id": CHANNEL,
                    "user_id": MEMBER,
                    "command": "/memberbot",
                    "text": "stats",
                    "response_url": f"{fake_slack.url}/response/sock",
                    "trigger_id": "t.1",
                },
            }
        )
        ack = socket_server.wait_for_ack("env-2")
        assert "Counting" in ack["payload"]["text"]  # acked first, figures follow
        [stats] = fake_slack.wait_for("response_url")
        assert "papers" in stats.text()
    finally:
        # slack_sdk's close() joins its threads for ~3 s; nothing waits on it here.
        threading.Thread(target=handler.close, daemon=True).start()
