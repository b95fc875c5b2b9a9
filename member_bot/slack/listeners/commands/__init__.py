from __future__ import annotations

from slack_bolt import App

from member_bot.slack.listeners.commands.ask import ask
from member_bot.slack.listeners.commands.ask_officer import ask_officer
from member_bot.slack.listeners.commands.followups import list_followups
from member_bot.slack.listeners.commands.memberbot import memberbot
from member_bot.slack.listeners.commands.reindex import reindex


def register(app: App) -> None:
    app.command("/ask")(ask)
    app.command("/ask-officer")(ask_officer)
    app.command("/followups")(list_followups)
    app.command("/reindex")(reindex)
    app.command("/memberbot")(memberbot)
