"""Every listener, registered in one place (the bolt-python starter template's layout)."""

from __future__ import annotations

from slack_bolt import App

from member_bot.slack.listeners import actions, commands, events, views


def register_listeners(app: App) -> None:
    events.register(app)
    commands.register(app)
    actions.register(app)
    views.register(app)
