"""The answer modal submitted: store the answer, then deliver it and update the officers."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext

from member_bot.followups import FollowupError
from member_bot.slack import blocks
from member_bot.slack.followup_flow import deliver_answer


def answer_submitted(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    bot = context["bot"]
    value = (
        view["state"]["values"]
        .get(blocks.ANSWER_INPUT_BLOCK, {})
        .get(blocks.ANSWER_INPUT, {})
        .get("value")
        or ""
    )
    try:
        # Stored before the ack, so a refusal is shown in the modal where it can be fixed.
        followup = bot.followups().answer(int(view["private_metadata"]), body["user"]["id"], value)
    except FollowupError as error:
        ack(response_action="errors", errors={blocks.ANSWER_INPUT_BLOCK: str(error)[:150]})
        return
    ack()
    if not deliver_answer(bot, followup.id):
        bot.poke_outbox()  # Slack refused: the outbox tries again shortly
