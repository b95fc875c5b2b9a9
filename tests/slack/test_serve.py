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
        try:
            fake_slack.wait_for("auth.test", count=3, timeout=20)
        except AssertionError as slow:  # seen once in many runs: say what the server said
            proc.terminate()
            output = proc.communicate(timeout=15)[0]
            raise AssertionError(f"{slow}\nserver output:\n{output}") from None
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


PUBLIC_CHANNEL_LINE = (
    f"Error: the officers' channel {OFFICERS} is public: anyone who joins it sees members' "
    "questions; make it private, or set MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL=true "
    "(see docs/slack-setup.md)"
)


@pytest.mark.parametrize("args", [["serve", "--http", "--port", "0"], ["serve"]])
def test_a_public_officers_channel_stops_serve_with_one_line(fake_slack, index_db, tmp_path, args):
    fake_slack.state.public_channels.add(OFFICERS)
    env = env_for(fake_slack, index_db, SLACK_APP_TOKEN="xapp-test", MEMBER_BOT_OFFICERS="U1")
    result = run_cli(args, env, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [PUBLIC_CHANNEL_LINE]
    [info] = fake_slack.calls_to("conversations.info")
    assert info.body["channel"] == OFFICERS


@pytest.mark.parametrize(
    "reply, env, expected",
    [
        (
            ("conversations.info", {"ok": False, "error": "channel_not_found"}),
            {},
            f"Error: can't check the officers' channel {OFFICERS} (channel_not_found): check "
            "MEMBER_BOT_OFFICER_CHANNEL and /invite @Member Bot into that channel",
        ),
        (
            ("usergroups.users.list", {"ok": False, "error": "missing_scope"}),
            {"MEMBER_BOT_OFFICER_GROUP": "SOFFICERS"},
            "Error: Slack won't list MEMBER_BOT_OFFICER_GROUP SOFFICERS (missing_scope): give "
            "the user group's ID (S…) and add the usergroups:read scope to the app",
        ),
        (
            None,
            {"MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL": "perhaps"},
            "Error: MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL in the environment: 'perhaps' is "
            "not true or false",
        ),
    ],
)
def test_officers_slack_cannot_vouch_for_stop_serve_with_one_line(
    fake_slack, index_db, tmp_path, reply, env, expected
):
    if reply:
        method, answer = reply
        fake_slack.reply(method, lambda body: answer)
    result = run_cli(
        ["serve", "--http", "--port", "0"], env_for(fake_slack, index_db, **env), tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [expected]


def test_a_public_officers_channel_is_served_only_when_the_admin_opts_in(
    fake_slack, index_db, tmp_path
):
    fake_slack.state.public_channels.add(OFFICERS)
    env = env_for(fake_slack, index_db, MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL="true")
    proc = subprocess.Popen(
        [*MEMBER_BOT, "serve", "--http", "--port", str(free_port()), "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fake_slack.wait_for("auth.test", count=2, timeout=20)  # checked, then a worker started
        assert proc.poll() is None
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=15)
    assert f"warning: the officers' channel {OFFICERS} is public" in stderr
    assert "warning: no officers configured" in stderr  # and nobody is an officer yet


def test_a_refused_app_token_is_one_clear_line(fake_slack, index_db, tmp_path):
    fake_slack.reply("apps.connections.open", lambda body: {"ok": False, "error": "invalid_auth"})
    result = run_cli(
        ["serve"], env_for(fake_slack, index_db, SLACK_APP_TOKEN="xapp-revoked"), tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: Slack refused SLACK_APP_TOKEN (invalid_auth): create an app-level token with "
        "the connections:write scope and turn Socket Mode on"
    ]
    [opened] = fake_slack.calls_to("apps.connections.open")
    assert opened.headers["Authorization"] == "Bearer xapp-revoked"


def test_a_councils_scorer_file_that_cannot_be_read_stops_serve_with_one_line(
    fake_slack, index_db, tmp_path
):
    missing = tmp_path / "our-scorer.json"
    result = run_cli(
        ["serve", "--http", "--port", "0"],
        env_for(fake_slack, index_db, MEMBER_BOT_SCORER=str(missing)),
        tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: can't use the answer scorer: MEMBER_BOT_SCORER={missing}: "
        "No such file or directory"
    )
    assert "Traceback" not in result.stdout + result.stderr
