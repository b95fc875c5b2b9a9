"""`member-bot serve` as an admin runs it: a real gunicorn process, and clear token errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.slack.conftest import CHANNEL, MEMBER, OFFICERS, SECRET
from tests.slack.fake_slack import BOT_TOKEN, signed_mention_request

MEMBER_BOT = [sys.executable, "-c", "from member_bot.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(fake_slack, db: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MEMBER_BOT_"))}
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_BASE_URL=fake_slack.base_url,
        MEMBER_BOT_DB=str(db),
        MEMBER_BOT_OFFICER_CHANNEL=OFFICERS,
    )
    env.update(extra)
    return env


def run_cli(args, env, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MEMBER_BOT, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_serve_http_answers_a_signed_mention_within_a_second(fake_slack, index_db, tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [*MEMBER_BOT, "serve", "--http", "--port", str(port), "--host", "127.0.0.1"],
        env=env_for(fake_slack, index_db),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "the server never started"
                time.sleep(0.05)
        # Wait until both workers have built the app (each calls auth.test when it does).
        fake_slack.wait_for("auth.test", count=3, timeout=20)
        request = signed_mention_request(
            f"http://127.0.0.1:{port}/slack/events",
            SECRET,
            event_id="EvACCEPT1",
            user=MEMBER,
            text="How many children are in care in Kent?",
            ts="1700000900.000100",
            channel=CHANNEL,
        )
        sent = time.monotonic()
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
        [answer] = fake_slack.wait_for("chat.postMessage", timeout=5)
        elapsed = answer.at - sent
        assert answer.body["channel"] == CHANNEL
        assert answer.body["thread_ts"] == "1700000900.000100"
        text = answer.text()
        assert "just over 1,600" in text
        assert "2(g)" in text  # the citation: para of the minutes
        print(f"event -> chat.postMessage: {elapsed * 1000:.0f} ms")
        assert elapsed < 1.0, f"answered in {elapsed:.2f}s"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_a_wrong_token_is_one_clear_line(fake_slack, index_db, tmp_path):
    result = run_cli(
        ["serve", "--http", "--port", "0"],
        env_for(fake_slack, index_db, SLACK_BOT_TOKEN="xoxb-revoked"),
        tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: Slack refused SLACK_BOT_TOKEN (invalid_auth): check the token on your app's "
        "OAuth & Permissions page and that the app is installed in the workspace"
    ]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "unset, args, expected",
    [
        ("SLACK_BOT_TOKEN", ["serve", "--http"], "SLACK_BOT_TOKEN is not set"),
        ("SLACK_SIGNING_SECRET", ["serve", "--http"], "SLACK_SIGNING_SECRET is not set"),
        ("SLACK_APP_TOKEN", ["serve"], "SLACK_APP_TOKEN is not set"),
    ],
)
def test_a_missing_setting_is_one_clear_line(fake_slack, index_db, tmp_path, unset, args, expected):
    env = env_for(fake_slack, index_db)
    env.pop(unset, None)
    if unset == "SLACK_APP_TOKEN":  # and a bot token given where the app token belongs
        wrong = run_cli(args, {**env, "SLACK_APP_TOKEN": BOT_TOKEN}, tmp_path)
        assert wrong.returncode == 1
        assert wrong.stderr.strip().splitlines() == [
            "Error: SLACK_APP_TOKEN should be an app-level token starting with xapp- "
            "(Basic Information → App-Level Tokens), not a bot or user token"
        ]
    result = run_cli(args, env, tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]
