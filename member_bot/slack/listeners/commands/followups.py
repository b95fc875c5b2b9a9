"""/followups: the officers' queue (open, claimed, overdue), for officers only."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from member_bot.slack import blocks


def list_followups(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    bot = context["bot"]
    if not bot.is_officer(command["user_id"]):
        respond(
            response_type="ephemeral",
            text="Sorry, the follow-up queue is for officers. Your own follow-ups are in "
            "my App Home tab.",
        )
        return
    followups = bot.followups()
    today = bot.today()
    active = followups.list(statuses=["open", "claimed"])
    overdue = sum(f.is_overdue(today) for f in active)
    respond(
        response_type="ephemeral",
        text=f"{len(active)} follow-up(s) waiting, {overdue} overdue.",
        blocks=blocks.followup_list_blocks(
            active, today, title=f"Follow-ups waiting: {len(active)} ({overdue} overdue)"
        ),
    )
