"""**Claim**, **Answer**, **Close** and **Withdraw answer** on the officers' message.

Each is acked at once, then refused unless the presser is an officer.
"""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from member_bot.followups import FollowupError
from member_bot.slack import blocks
from member_bot.slack.followup_flow import act
from member_bot.slack.officers import officer_or_refuse


def _followup_id(body: dict) -> int:
    return int(body["actions"][0]["value"])


def _refuse(respond: Respond, error: FollowupError) -> None:
    respond(response_type="ephemeral", replace_original=False, text=f"Sorry: {error}")


def claim_button(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    if not officer_or_refuse(context["bot"], body["user"]["id"], respond):
        return
    try:
        act(context["bot"], "claim", _followup_id(body), body["user"]["id"])
    except FollowupError as error:
        _refuse(respond, error)


def close_button(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    if not officer_or_refuse(context["bot"], body["user"]["id"], respond):
        return
    try:
        act(context["bot"], "close", _followup_id(body), body["user"]["id"])
    except FollowupError as error:
        _refuse(respond, error)


def withdraw_button(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    """Take a wrong answer out of search, so it stops being quoted to members."""
    ack()
    if not officer_or_refuse(context["bot"], body["user"]["id"], respond):
        return
    try:
        followup = act(context["bot"], "withdraw", _followup_id(body), body["user"]["id"])
    except FollowupError as error:
        _refuse(respond, error)
        return
    respond(
        response_type="ephemeral",
        replace_original=False,
        text=f"The answer to follow-up #{followup.id} is no longer searchable; members who "
        "already received it still have it.",
    )


def answer_button(
    ack: Ack, body: dict, respond: Respond, client: WebClient, context: BoltContext
) -> None:
    """Open the answer modal at once: Slack's trigger_id is only good for 3 seconds."""
    ack()
    if not officer_or_refuse(context["bot"], body["user"]["id"], respond):
        return
    try:
        followup = context["bot"].followups().get(_followup_id(body))
    except FollowupError as error:
        _refuse(respond, error)
        return
    if followup.status not in ("open", "claimed"):
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=f"Follow-up #{followup.id} is already {followup.status}.",
        )
        return
    client.views_open(trigger_id=body["trigger_id"], view=blocks.answer_modal(followup))
