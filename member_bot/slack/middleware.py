"""Global middleware: hand listeners the bot's services, answer each event once, ignore bots.

Bolt runs these after it has verified the request's signature, so a forged request
never reaches the dedup table. The middleware claims an event before Bolt acks it; the
event's listener, wrapped in `marks_event_done`, marks it done once the work is over,
so an event whose worker died is answered when Slack re-sends it.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from slack_bolt import BoltContext, BoltResponse

from member_bot.slack import events_seen
from member_bot.slack.services import BotServices

# Message subtypes that are edits, joins and the like, not a member asking something.
ANSWERABLE_SUBTYPES = (None, "file_share", "thread_broadcast")


def provide_services(bot: BotServices) -> Callable:
    def middleware(context: BoltContext, next: Callable) -> None:  # noqa: A002 - Bolt's name
        context["bot"] = bot
        next()

    return middleware


def is_from_a_bot(event: dict) -> bool:
    """Our own messages and other bots' (integrations, workflows) are never questions."""
    return bool(event.get("bot_id") or event.get("bot_profile")) or event.get("subtype") in (
        "bot_message",
    )


def answer_each_event_once(
    body: dict,
    context: BoltContext,
    next: Callable,  # noqa: A002
) -> BoltResponse | None:
    """Drop events from bots and events Slack re-sent (same event_id), acking them with 200."""
    event = body.get("event") if body.get("type") == "event_callback" else None
    if event is None:
        next()
        return None
    if event.get("type") == "message" and (
        is_from_a_bot(event) or event.get("subtype") not in ANSWERABLE_SUBTYPES
    ):
        return BoltResponse(status=200, body="")
    if event.get("type") == "app_mention" and is_from_a_bot(event):
        return BoltResponse(status=200, body="")
    event_id = body.get("event_id")
    bot: BotServices = context["bot"]
    if event_id:
        try:
            claimed = events_seen.claim(bot.conn(), event_id)
        except sqlite3.OperationalError as error:  # locked too long: answer rather than drop
            bot.logger.warning("couldn't record event %s (%s); handling it", event_id, error)
            claimed = True
        if not claimed:
            bot.logger.info("event %s was already handled; Slack re-sent it", event_id)
            return BoltResponse(status=200, body="")
        context[CLAIMED_EVENT] = event_id
    next()
    return None


CLAIMED_EVENT = "member_bot_event_id"


def marks_event_done(listener: Callable) -> Callable:
    """Wrap an event listener (which must take `context`) so that, when it returns, its
    event is marked done; if it raises, the claim lapses and Slack's retry is answered."""

    @functools.wraps(listener)
    def wrapper(**kwargs):
        result = listener(**kwargs)
        context = kwargs["context"]
        event_id = context.get(CLAIMED_EVENT)
        if event_id:
            bot: BotServices = context["bot"]
            try:
                events_seen.mark_done(bot.conn(), event_id)
            except sqlite3.OperationalError as error:
                bot.logger.warning("couldn't mark event %s done: %s", event_id, error)
        return result

    return wrapper
