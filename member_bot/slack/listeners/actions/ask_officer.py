"""**Ask an officer** under an answer: store the follow-up, then post it to officers."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from member_bot.followups import FollowupError
from member_bot.slack import questions
from member_bot.slack.followup_flow import confirmation, raise_followup


def ask_officer_button(ack: Ack, body: dict, respond: Respond, context: BoltContext) -> None:
    ack()
    bot = context["bot"]
    ref = body["actions"][0].get("value") or ""
    asked = questions.get(bot.conn(), int(ref)) if ref.isdigit() else None
    if asked is None:
        respond(
            response_type="ephemeral",
            replace_original=False,
            text="Sorry, I've lost track of that question; please use /ask-officer QUESTION.",
        )
        return
    where = "in this thread" if asked.channel_id else "to you as a direct message"

    def tell(followup, created: bool) -> None:
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=confirmation(followup, created, where=where),
        )

    try:
        raise_followup(
            bot,
            question=asked.question,
            member_id=body["user"]["id"],
            channel_id=asked.channel_id,
            thread_ts=asked.thread_ts if asked.channel_id else None,
            offered=asked.offered,
            # one follow-up per question, however many times (or by whom) it is pressed
            request_key=f"question:{asked.id}",
            then_tell=tell,
        )
    except FollowupError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))
