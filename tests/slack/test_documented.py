"""Every slash command, event and setting the bot uses is in the manifest and the guide."""

from __future__ import annotations

from pathlib import Path

import yaml

from member_bot import settings as settings_module
from member_bot.slack.app import build_app

REPO = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((REPO / "slack" / "manifest.yml").read_text(encoding="utf-8"))
GUIDE = (REPO / "docs" / "slack-setup.md").read_text(encoding="utf-8")


def registered(app, kind: str) -> set[str]:
    """The names Bolt's listeners match on, read from their matchers' source."""
    names = set()
    for listener in app._listeners:
        for matcher in listener.matchers:
            closure = getattr(matcher.func, "__closure__", None) or ()
            for cell in closure:
                value = cell.cell_contents
                if isinstance(value, str) and value.startswith("/") and kind == "command":
                    names.add(value)
    return names


def test_every_slash_command_is_in_the_manifest_and_the_guide(settings):
    app = build_app(settings)
    commands = registered(app, "command")
    assert commands == {"/ask", "/ask-officer", "/followups", "/reindex", "/memberbot"}
    in_manifest = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert in_manifest == commands
    for command in commands:
        assert f"`{command}" in GUIDE


def test_manifest_subscribes_to_the_events_and_scopes_the_bot_needs():
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.im", "app_home_opened"}
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    for needed in (
        "app_mentions:read",
        "chat:write",
        "commands",
        "im:history",
        "im:write",
        "reactions:write",
        "files:read",
    ):
        assert needed in scopes
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True


def test_every_setting_is_documented():
    for name in settings_module._FIELDS:
        assert f"`{name}`" in GUIDE, name
