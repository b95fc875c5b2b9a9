"""Follow-ups between Slack and the store: stored first, then posted, updated and delivered.

Every function here may meet a Slack failure; none loses a follow-up. A failure is
written to the follow-up's history and the outbox worker tries again later, because
`unposted()` and `undelivered_answers()` still return what is left to send.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.errors import SlackApiError, SlackClientError

from member_bot.followups import Followup, FollowupError, OfferedPassage, long_date
from member_bot.slack import blocks
from member_bot.slack.services import BotServices

SENT = "sent"  # history action for each place an answer was delivered


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
    )
    if then_tell is not None:
        then_tell(followup, created)
    if followup.officer_ts is None:
        followup = post_followup(bot, followup.id) or followup
    return followup, created


def confirmation(followup: Followup, created: bool, *, where: str) -> str:
    """What the member is told after pressing **Ask an officer**."""
    from datetime import date

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


def post_followup(bot: BotServices, followup_id: int) -> Followup | None:
    """Post a stored follow-up to the officers' channel once; on failure leave it unposted."""
    followups = bot.followups()
    channel = bot.settings.officer_channel
    with bot.post_lock:
        followup = followups.get(followup_id)
        if followup.officer_ts is not None or followup.status not in ("open", "claimed"):
            return followup
        if not channel:
            bot.logger.warning(
                "follow-up #%s stored but not posted: set MEMBER_BOT_OFFICER_CHANNEL", followup.id
            )
            return followup
        try:
            response = bot.client.chat_postMessage(
                channel=channel,
                text=blocks.followup_text(followup),
                blocks=blocks.followup_blocks(followup, bot.today()),
                unfurl_links=False,
            )
        except (SlackApiError, SlackClientError, OSError) as error:
            followups.record(followup.id, None, "post_failed", slack_error(error))
            bot.logger.warning("follow-up #%s not posted yet: %s", followup.id, error)
            return followup
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
            blocks=blocks.followup_blocks(followup, bot.today()),
        )
    except (SlackApiError, SlackClientError, OSError) as error:
        bot.followups().record(followup.id, None, "update_failed", slack_error(error))


def _targets(followup: Followup) -> list[tuple[str, str | None]]:
    """Where the answer goes: the member's thread, and their DM unless the thread is one."""
    targets: list[tuple[str, str | None]] = []
    if followup.channel_id:
        targets.append((followup.channel_id, followup.thread_ts))
    if not (followup.channel_id or "").startswith("D"):
        targets.append(("dm", None))
    return targets


def deliver_answer(bot: BotServices, followup_id: int) -> bool:
    """Send the officer's answer to the member; True when every place got it.

    Each place sent is recorded, so a retry after a partial failure doesn't repeat it.
    """
    followups = bot.followups()
    with bot.post_lock:
        followup = followups.get(followup_id)
        if followup.answer is None or followup.delivered_at is not None:
            return followup.delivered_at is not None
        done = {e.detail for e in followup.history if e.action == SENT}
        for channel, thread_ts in _targets(followup):
            label = f"{channel} {thread_ts or ''}".strip()
            if label in done:
                continue
            try:
                target = channel
                if channel == "dm":
                    opened = bot.client.conversations_open(users=followup.member_id)
                    target = opened["channel"]["id"]
                bot.client.chat_postMessage(
                    channel=target,
                    thread_ts=thread_ts,
                    text=f"An officer answered your question (follow-up #{followup.id}).",
                    blocks=blocks.officer_answer_blocks(followup),
                    unfurl_links=False,
                )
            except (SlackApiError, SlackClientError, OSError) as error:
                followups.record(followup.id, None, "delivery_failed", slack_error(error))
                return False
            followups.record(followup.id, None, SENT, label)
        followups.mark_delivered(followup.id)
    refresh_officer_message(bot, followups.get(followup_id))
    return True


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
    text = f":warning: {len(due)} follow-up(s) are overdue:\n" + "\n".join(lines)
    try:
        bot.client.chat_postMessage(channel=channel, text=blocks.shorten(text, 3000))
    except (SlackApiError, SlackClientError, OSError) as error:
        bot.logger.warning("overdue reminder not sent yet: %s", slack_error(error))
        return 0
    for f in due:
        followups.mark_reminded(f.id, today)
    return len(due)


def act(bot: BotServices, action: str, followup_id: int, officer_id: str) -> Followup:
    """Claim or close from a button; raises FollowupError with a message for the officer."""
    followups = bot.followups()
    if action == "claim":
        followup = followups.claim(followup_id, officer_id)
    elif action == "close":
        followup = followups.close(followup_id, officer_id, "closed in Slack")
    else:  # pragma: no cover - the listeners only pass these two
        raise FollowupError(f"unknown action {action!r}")
    refresh_officer_message(bot, followup)
    return followup
