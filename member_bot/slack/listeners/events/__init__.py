from __future__ import annotations

from slack_bolt import App

from member_bot.slack.listeners.events.app_home_opened import app_home_opened
from member_bot.slack.listeners.events.app_mention import app_mention
from member_bot.slack.listeners.events.direct_message import direct_message
from member_bot.slack.middleware import marks_event_done


def register(app: App) -> None:
    # Each marks its event done when it returns (see middleware.answer_each_event_once).
    app.event("app_mention")(marks_event_done(app_mention))
    app.event("message")(marks_event_done(direct_message))
    app.event("app_home_opened")(marks_event_done(app_home_opened))
