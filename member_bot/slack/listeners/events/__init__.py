from __future__ import annotations

from slack_bolt import App

from member_bot.slack.listeners.events.app_home_opened import app_home_opened
from member_bot.slack.listeners.events.app_mention import app_mention
from member_bot.slack.listeners.events.direct_message import direct_message


def register(app: App) -> None:
    app.event("app_mention")(app_mention)
    app.event("message")(direct_message)
    app.event("app_home_opened")(app_home_opened)
