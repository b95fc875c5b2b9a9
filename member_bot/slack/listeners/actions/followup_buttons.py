"""**Claim**, **Answer**, **Close** and **Withdraw answer** on the officers' message."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from member_bot.followups import FollowupError
from member_bot.slack import blocks
from member_bot.slack.followup_flow import act


def _followup_id(body: dict) -> int:
    return int(body["actions"][0]["value"])


def _refuse(respond: Respond, error: FollowupError) -> None:
    respond(response_type="ephemeral", replace_original=False, text=f"Sorry: {error}")


def claim_button(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    try:
        act(context["bot"], "claim", _followup_id(body), body["user"]["id"])
    except FollowupError as error:
        _refuse(respond, error)


def close_button(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    try:
        act(context["bot"], "close", _followup_id(body), body["user"]["id"])
    except FollowupError as error:
        _refuse(respond, error)


def withdraw_button(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    """Take a wrong answer out of search, so it stops being quoted to members."""
    ack()
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
