"""What every listener needs: settings, the Web API client, and per-thread database handles.

Listeners run on Bolt's thread pool; SQLite connections must not be shared between
threads mid-transaction, so each thread opens its own connection to the one file.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from indexer import store
from member_bot.followups import utc_now
from member_bot.followups_store import FollowupStore
from member_bot.settings import Settings
from member_bot.slack import events_seen, leases, questions

OFFICER_CACHE_SECONDS = 60  # someone removed from the officers' group loses it within a minute
QUICK_TIMEOUT_SECONDS = 2  # the officer check runs before Slack's 3-second ack deadline


def make_client(settings: Settings) -> WebClient:
    """A WebClient that waits out rate limits (Retry-After) and retries Slack's 5xx."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_base_url,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class BotServices:
    """Shared by all listeners and the outbox worker of one running bot."""

    def __init__(
        self, settings: Settings, client: WebClient, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.client = client
        # Without the retry handlers: a slow lookup must not outlast the ack deadline.
        self._quick_client = WebClient(
            token=client.token, base_url=client.base_url, timeout=QUICK_TIMEOUT_SECONDS
        )
        self.logger = logging.getLogger("member_bot.slack")
        self._local = threading.local()
        self.reindex_lock = threading.Lock()
        self._officers_cache: tuple[float, frozenset[str]] | None = None
        self._names: dict[str, str | None] = {}
        self.outbox = None  # set by build_app when a worker runs
        # Reactions and other niceties that must not delay an answer.
        self.courtesy = ThreadPoolExecutor(max_workers=2, thread_name_prefix="member-bot-courtesy")
        conn = self.conn()  # create every table up front, in this thread
        self.followups()
        events_seen.ensure_tables(conn)
        questions.ensure_tables(conn)
        leases.ensure_tables(conn)

    def conn(self):
        """This thread's connection to the bot's database."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = store.connect(self.settings.db_path, check_same_thread=False)
            self._local.conn = conn
        return conn

    def followups(self) -> FollowupStore:
        followup_store = getattr(self._local, "followups", None)
        if followup_store is None:
            followup_store = FollowupStore(
                self.conn(),
                sla_working_days=self.settings.sla_working_days,
                extra_holidays=self.settings.extra_holidays,
                clock=self.clock,
            )
            self._local.followups = followup_store
        return followup_store

    def today(self) -> date:
        return self.followups().today()

    def poke_outbox(self) -> None:
        if self.outbox is not None:
            self.outbox.poke()

    def display_name(self, user_id: str) -> str | None:
        """The person's name as colleagues know it (users.info real_name), cached; None
        when Slack can't say (then nobody is named rather than a raw user ID)."""
        if user_id in self._names:
            return self._names[user_id]
        name = None
        try:
            user = self.client.users_info(user=user_id).get("user") or {}
            profile = user.get("profile") or {}
            name = (
                user.get("real_name")
                or profile.get("real_name")
                or profile.get("display_name")
                or None
            )
        except (SlackApiError, SlackClientError, OSError) as error:
            self.logger.info("users.info %s failed: %s", user_id, error)
            return None  # not cached: Slack may answer next time
        self._names[user_id] = name
        return name

    def is_officer(self, user_id: str | None) -> bool:
        """MEMBER_BOT_OFFICERS and members of MEMBER_BOT_OFFICER_GROUP; nobody else.

        Being in the officers' channel is not enough: whoever can join it could otherwise
        publish an "Officer answer" that the bot quotes to members as fact.
        """
        if not user_id:
            return False
        return user_id in self.settings.officers or user_id in self._officer_group_members()

    def _officer_group_members(self) -> frozenset[str]:
        """The officers' user group, cached briefly; empty when Slack can't say (fail closed)."""
        group = self.settings.officer_group
        if not group:
            return frozenset()
        cached = self._officers_cache
        if cached and time.monotonic() - cached[0] < OFFICER_CACHE_SECONDS:
            return cached[1]
        try:
            response = self._quick_client.usergroups_users_list(usergroup=group)
        except (SlackApiError, SlackClientError, OSError) as error:
            reason = error.response.get("error") if isinstance(error, SlackApiError) else error
            self.logger.warning(
                "can't list the officers' user group %s (%s); only MEMBER_BOT_OFFICERS "
                "count as officers until Slack answers",
                group,
                reason,
            )
            return frozenset()  # not cached: the next click asks again
        found = frozenset(response.get("users") or [])
        self._officers_cache = (time.monotonic(), found)
        return found
