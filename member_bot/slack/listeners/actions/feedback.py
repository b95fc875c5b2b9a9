"""**Helpful** / **Not helpful**: one vote per person per answer, kept for /memberbot stats."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from member_bot.slack import blocks, questions


def feedback(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    action = body["actions"][0]
    ref = action.get("value") or ""
    if not ref.isdigit() or questions.get(context["bot"].conn(), int(ref)) is None:
        return
    helpful = action["action_id"] == blocks.HELPFUL
    questions.set_feedback(context["bot"].conn(), int(ref), body["user"]["id"], helpful)
    text = (
        "Thanks, glad it helped."
        if helpful
        else "Thanks for telling me. If you still need an answer, press *Ask an officer*."
    )
    respond(response_type="ephemeral", replace_original=False, text=text)
