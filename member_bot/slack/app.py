"""Build the Bolt app: one place that wires settings, the Web API client and the listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient

from member_bot.followups import utc_now
from member_bot.settings import Settings
from member_bot.slack.listeners import register_listeners
from member_bot.slack.middleware import answer_each_event_once, provide_services
from member_bot.slack.outbox import Outbox
from member_bot.slack.services import BotServices, make_client

_SERVICES = "_member_bot_services"


def build_app(
    settings: Settings,
    *,
    client: WebClient | None = None,
    start_outbox: bool = False,
    logger: logging.Logger | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> App:
    """The Bolt app for `settings`; `start_outbox` also starts the retry/reminder worker.

    Acks go back to Slack as soon as a listener calls `ack()` (events are acked by
    Bolt before the listener runs); the answering happens after, on a thread pool
    sized by `settings.workers`.
    """
    client = client or make_client(settings)
    bot = BotServices(settings, client, clock)
    app = App(
        client=client,
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=bool(settings.signing_secret),
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(
            max_workers=settings.workers, thread_name_prefix="member-bot"
        ),
        logger=logger,
    )
    app.use(provide_services(bot))
    app.use(answer_each_event_once)
    register_listeners(app)
    bot.outbox = Outbox(bot, settings.outbox_seconds)
    if start_outbox:
        bot.outbox.start()
    setattr(app, _SERVICES, bot)
    return app


def services_of(app: App) -> BotServices:
    """The services behind an app built by `build_app` (for the serve command and tests)."""
    return getattr(app, _SERVICES)
