"""/ask-officer QUESTION: straight to the officers, with what the papers have nearby."""

from __future__ import annotations

import hashlib

from slack_bolt import Ack, BoltContext, Respond

from member_bot.followups import FollowupError
from member_bot.slack.answering import (
    answer_for_slack,
    clean_question,
    is_direct_message,
    offered_passages,
)
from member_bot.slack.followup_flow import confirmation, raise_followup


def ask_officer(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    question = clean_question(command.get("text") or "")
    if not question:
        ack(text="Type the question after /ask-officer, e.g. `/ask-officer when is the LGR vote?`")
        return
    ack(response_type="ephemeral", text="Passing your question to the officers…")
    bot = context["bot"]
    user = command["user_id"]
    channel = command.get("channel_id")
    in_dm = is_direct_message(channel)
    reply = answer_for_slack(
        bot,
        question=question,
        user_id=user,
        channel_id=channel if in_dm else None,
        thread_ts=None,
        message_ts=None,
        in_dm=False,  # officers see what the bot found: never exempt papers
        via="/ask-officer",
    )
    # The same member asking the same thing the same day is one follow-up, not two; but an
    # exempt reader's DM ask is never merged into an ordinary one (or the reverse).
    exempt = in_dm and bot.settings.may_read_exempt(user)
    digest = hashlib.sha256(" ".join(question.lower().split()).encode()).hexdigest()[:16]
    key = f"ask-officer:{user}:{bot.today().isoformat()}:{digest}" + (":exempt" if exempt else "")

    def tell(followup, created: bool) -> None:
        respond(
            response_type="ephemeral",
            replace_original=True,
            text=confirmation(followup, created, where="to you here as a direct message"),
        )

    try:
        raise_followup(
            bot,
            question=question,
            member_id=user,
            channel_id=channel if in_dm else None,
            thread_ts=None,
            offered=offered_passages(reply.answer),
            request_key=key,
            # an exempt reader asking in a DM may be asking about an exempt matter
            exempt=exempt,
            then_tell=tell,
        )
    except FollowupError as error:
        respond(response_type="ephemeral", text=str(error))
