"""Follow-ups between Slack and the store: stored first, then posted, updated and delivered.

Every function here may meet a Slack failure; none loses a follow-up. A failure is
written to the follow-up's history (once per distinct error) and the outbox worker
tries again later, backing off, because `unposted()` and `undelivered_answers()` still
return what is left to send. An error that no retry can fix (the bot was removed from
the channel, the channel archived) settles that place, and the member's DM is tried.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta

from slack_sdk.errors import SlackApiError, SlackClientError

from member_bot.followups import (
    Followup,
    FollowupError,
    OfferedPassage,
    long_date,
    retry_delay_seconds,
)
from member_bot.followups_store import offered_still_shareable
from member_bot.slack import blocks
from member_bot.slack.services import BotServices

SENT = "sent"  # history action for each place an answer was delivered
GAVE_UP = "gave_up"  # history action for a place that will never take the answer

# Slack errors that mean this place will never take the message, however often we try.
PERMANENT_ERRORS = frozenset(
    {
        "not_in_channel",
        "is_archived",
        "channel_not_found",
        "channel_is_archived",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "cannot_dm_bot",
        "user_not_found",
        "user_not_visible",
        "user_disabled",
        "account_inactive",
        "method_not_supported_for_channel_type",
        "team_access_not_granted",
        "ekm_access_denied",
    }
)


def error_code(error: Exception) -> str | None:
    """Slack's error code ("not_in_channel"), or None for a network or HTTP failure."""
    if isinstance(error, SlackApiError):
        return error.response.get("error")
    return None


def slack_error(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return f"Slack said {error.response.get('error') or error.response.status_code}"
    return f"{type(error).__name__}: {error}"


def raise_followup(
    bot: BotServices,
    *,
    question: str,
    member_id: str,
    channel_id: str | None,
    thread_ts: str | None,
    offered: list[OfferedPassage],
    request_key: str,
    exempt: bool = False,
    then_tell: Callable[[Followup, bool], None] | None = None,
) -> tuple[Followup, bool]:
    """Store the follow-up (idempotent by `request_key`), tell the member, then post it.

    The member is told as soon as it is stored, so a slow or failing Slack never
    keeps them waiting; posting to officers comes after (or from the outbox).
    """
    followup, created = bot.followups().create(
        question=question,
        member_id=member_id,
        channel_id=channel_id,
        thread_ts=thread_ts,
        offered=offered,
        request_key=request_key,
        exempt=exempt,
    )
    if then_tell is not None:
        then_tell(followup, created)
    if followup.officer_ts is None:
        followup = post_followup(bot, followup.id) or followup
    return followup, created


def confirmation(followup: Followup, created: bool, *, where: str) -> str:
    """What the member is told after pressing **Ask an officer**."""
    due = long_date(date.fromisoformat(followup.due_date))
    if not created:
        return (
            f"This question is already with the officers as follow-up #{followup.id} "
            f"({followup.status}); they aim to answer by {due}."
        )
    return (
        f"Thanks: I've passed your question to the officers as follow-up #{followup.id}. "
        f"They aim to answer by {due}, and the answer will come {where}."
    )


def for_officers(bot: BotServices, followup: Followup) -> Followup:
    """The follow-up as the officers' channel may see it: offered quotes re-checked now,
    dropping any whose paper was since marked exempt or removed."""
    return dataclasses.replace(
        followup, offered=offered_still_shareable(bot.conn(), followup.offered)
    )


def officers_blocks(bot: BotServices, followup: Followup) -> list[dict]:
    return blocks.followup_blocks(for_officers(bot, followup), bot.today())


def post_followup(bot: BotServices, followup_id: int) -> Followup | None:
    """Post a stored follow-up to the officers' channel once; on failure leave it unposted.

    The post is claimed in SQLite first, so a double click handled by two worker
    processes (or the outbox and a listener) posts one message.
    """
    followups = bot.followups()
    channel = bot.settings.officer_channel
    followup = followups.get(followup_id)
    if followup.officer_ts is not None or followup.status not in ("open", "claimed"):
        return followup
    if not channel:
        bot.logger.warning(
            "follow-up #%s stored but not posted: set MEMBER_BOT_OFFICER_CHANNEL", followup.id
        )
        return followup
    claim = followups.claim_post(followup_id)
    if claim is None:  # posted, or being posted by another worker right now
        return followups.get(followup_id)
    try:
        response = _post_with_fallback(
            bot,
            channel=channel,
            thread_ts=None,
            text=blocks.followup_text(followup),
            blocks=officers_blocks(bot, followup),
            text_only=lambda: blocks.followup_fallback_text(
                for_officers(bot, followup), bot.today()
            ),
        )
    except (SlackApiError, SlackClientError, OSError) as error:
        followups.release_post(followup.id, claim)
        followups.record_once(followup.id, "post_failed", slack_error(error))
        bot.logger.warning("follow-up #%s not posted yet: %s", followup.id, error)
        return followups.get(followup_id)
    followups.mark_posted(followup.id, response["channel"], response["ts"])
    return followups.get(followup.id)


def refresh_officer_message(bot: BotServices, followup: Followup) -> None:
    """Redraw the officers' message with the status and who acted (best effort)."""
    if not (followup.officer_channel and followup.officer_ts):
        return
    try:
        bot.client.chat_update(
            channel=followup.officer_channel,
            ts=followup.officer_ts,
            text=blocks.followup_text(followup),
            blocks=officers_blocks(bot, followup),
        )
    except (SlackApiError, SlackClientError, OSError) as error:
        bot.followups().record_once(followup.id, "update_failed", slack_error(error))


DM = "dm"  # a target meaning "the member's DM with the bot", opened when needed


def _targets(followup: Followup) -> list[tuple[str, str | None]]:
    """Where the answer goes: the member's thread, and their DM unless the thread is one.

    An exempt matter's answer goes only to a DM, never to a channel.
    """
    channel = followup.channel_id or ""
    in_dm = channel.startswith("D")
    if followup.exempt:
        return [(channel, followup.thread_ts)] if in_dm else [(DM, None)]
    targets: list[tuple[str, str | None]] = []
    if channel:
        targets.append((channel, followup.thread_ts))
    if not in_dm:
        targets.append((DM, None))
    return targets


def _label(channel: str, thread_ts: str | None) -> str:
    return f"{channel} {thread_ts or ''}".strip()


def _send_answer(bot: BotServices, followup: Followup, channel: str, thread_ts: str | None):
    target = channel
    if channel == DM:
        opened = bot.client.conversations_open(users=followup.member_id)
        target = opened["channel"]["id"]
    _post_with_fallback(
        bot,
        channel=target,
        thread_ts=thread_ts,
        text=f"An officer answered your question (follow-up #{followup.id}).",
        blocks=blocks.officer_answer_blocks(followup),
        text_only=lambda: blocks.officer_answer_text(followup),
    )


def _post_with_fallback(
    bot: BotServices,
    *,
    channel: str,
    thread_ts: str | None,
    text: str,
    blocks: list[dict],
    text_only: Callable[[], str],
):
    """chat.postMessage with blocks; if Slack refuses them (invalid_blocks), the same
    message as plain text, so a Block Kit mistake never keeps it from its reader."""
    try:
        return bot.client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=text, blocks=blocks, unfurl_links=False
        )
    except SlackApiError as error:
        if error_code(error) not in ("invalid_blocks", "invalid_blocks_format"):
            raise
        bot.logger.warning("Slack refused the blocks (%s); sending text only", error_code(error))
    return bot.client.chat_postMessage(
        channel=channel, thread_ts=thread_ts, text=text_only(), unfurl_links=False
    )


def deliver_answer(bot: BotServices, followup_id: int) -> bool:
    """Send the officer's answer to the member; True when delivery is settled.

    Each place is tried on its own, and each place sent (or given up on) is recorded,
    so a retry after a partial failure doesn't repeat it. A permanent error settles
    its place and falls back to the member's DM; a passing one is retried later,
    backing off, with the error written to the history once.
    """
    followups = bot.followups()
    followup = followups.get(followup_id)
    if followup.answer is None or followup.delivered_at is not None:
        return followup.delivered_at is not None
    gave_up = {
        (e.detail or "").split(": ", 1)[0]: e.detail
        for e in followup.history
        if e.action == GAVE_UP
    }
    targets = _targets(followup)
    passing: list[str] = []
    busy = False  # another process is sending to a place right now
    i = 0
    while i < len(targets):
        channel, thread_ts = targets[i]
        i += 1
        label = _label(channel, thread_ts)
        if label in gave_up:
            continue
        # Claimed in SQLite (False when already sent), so two processes never both send.
        if not followups.claim_delivery(followup.id, label):
            busy = busy or not _was_sent(followups, followup.id, label)
            continue
        try:
            _send_answer(bot, followup, channel, thread_ts)
        except (SlackApiError, SlackClientError, OSError) as error:
            followups.release_delivery(followup.id, label)
            if error_code(error) in PERMANENT_ERRORS:
                detail = f"{label}: {slack_error(error)}"
                followups.record(followup.id, None, GAVE_UP, detail)
                gave_up[label] = detail
                if not any(c == DM for c, _ in targets):
                    targets.append((DM, None))  # the thread was a DM that failed
            else:
                passing.append(f"{label}: {slack_error(error)}")
            continue
        followups.record(followup.id, None, SENT, label)
        followups.release_delivery(followup.id, label)
    if busy:
        return False  # the other sender settles it
    if passing:
        attempts = followup.delivery_attempts + 1
        retry_at = bot.clock() + timedelta(seconds=retry_delay_seconds(attempts))
        followups.delivery_failed(followup.id, "; ".join(passing), retry_at)
        bot.logger.warning("answer to follow-up #%s not delivered yet: %s", followup.id, passing)
        return False
    reached = any(_was_sent(followups, followup.id, _label(c, t)) for c, t in targets)
    followups.mark_delivered(followup.id, failed=None if reached else "; ".join(gave_up.values()))
    refresh_officer_message(bot, followups.get(followup_id))
    return True


def _was_sent(followups, followup_id: int, label: str) -> bool:
    return any(e.action == SENT and e.detail == label for e in followups.get(followup_id).history)


def send_reminders(bot: BotServices) -> int:
    """Remind officers of overdue follow-ups, once a working day; returns how many."""
    followups = bot.followups()
    channel = bot.settings.officer_channel
    today = bot.today()
    due = followups.due_reminders(today)
    if not due or not channel:
        return 0
    lines = [
        f"• #{f.id} “{blocks.escape(blocks.shorten(f.question, 150))}” — due "
        f"{blocks.nice_date(f.due_date)}, {f.status}"
        + (f" by <@{f.claimed_by}>" if f.claimed_by else "")
        for f in due
    ]
    heading = f":warning: {len(due)} follow-up(s) are overdue:"
    sent = 0
    for chunk in reminder_chunks(heading, list(zip(due, lines, strict=True))):
        try:
            bot.client.chat_postMessage(channel=channel, text="\n".join(t for _, t in chunk))
        except (SlackApiError, SlackClientError, OSError) as error:
            bot.logger.warning("overdue reminder not sent yet: %s", slack_error(error))
            break
        for f, _ in chunk:  # only those actually named in a message count as reminded
            if f is not None:
                followups.mark_reminded(f.id, today)
                sent += 1
    return sent


def reminder_chunks(heading: str, named: list[tuple], limit: int = 3000) -> list[list[tuple]]:
    """Split the reminder over messages of at most `limit` characters, so every overdue
    follow-up is named (none cut off) and each message reads on its own (pure)."""
    chunks: list[list[tuple]] = [[(None, heading)]]
    size = len(heading)
    for item in named:
        if size + 1 + len(item[1]) > limit and len(chunks[-1]) > 1:
            chunks.append([(None, "(continued)")])
            size = len("(continued)")
        chunks[-1].append(item)
        size += 1 + len(item[1])
    return chunks


def act(bot: BotServices, action: str, followup_id: int, officer_id: str) -> Followup:
    """Claim, close or withdraw from a button; FollowupError carries a message for the officer."""
    followups = bot.followups()
    if action == "claim":
        followup = followups.claim(followup_id, officer_id)
    elif action == "close":
        followup = followups.close(followup_id, officer_id, "closed in Slack")
    elif action == "withdraw":
        followup = followups.withdraw(followup_id, officer_id, "withdrawn in Slack")
    else:  # pragma: no cover - the listeners only pass these two
        raise FollowupError(f"unknown action {action!r}")
    refresh_officer_message(bot, followup)
    return followup
