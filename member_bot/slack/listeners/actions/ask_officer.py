"""**Ask an officer** under an answer: store the follow-up, then post it to officers.

The follow-up is the asker's, whoever presses the button (a colleague in the thread
may press it): the answer goes back to the asker, and the presser is recorded.
"""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from member_bot.followups import FollowupError
from member_bot.followups_store import offered_still_shareable
from member_bot.slack import questions
from member_bot.slack.answering import is_direct_message
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
    presser = body["user"]["id"]
    asker = asked.member_id
    where = "in this thread" if asked.channel_id else "to you as a direct message"
    if presser != asker:
        where = f"to <@{asker}>, who asked it, " + (
            "in this thread" if asked.channel_id else "as a direct message"
        )
    # An exempt matter: the bot showed an exempt passage, or an exempt reader asked in a DM.
    exempt = asked.shown_exempt or (
        is_direct_message(asked.channel_id) and bot.settings.may_read_exempt(asker)
    )

    def tell(followup, created: bool) -> None:
        if presser != asker:  # recorded before the officers see it
            bot.followups().record_once(
                followup.id, "asked_for_by", f"pressed by {presser}", actor=presser
            )
        respond(
            response_type="ephemeral",
            replace_original=False,
            text=confirmation(followup, created, where=where),
        )

    try:
        raise_followup(
            bot,
            question=asked.question,
            member_id=asker,
            channel_id=asked.channel_id,
            thread_ts=asked.thread_ts if asked.channel_id else None,
            # re-checked: the paper may have been marked exempt since the answer was shown
            offered=offered_still_shareable(bot.conn(), asked.offered),
            # one follow-up per question, however many times (or by whom) it is pressed
            request_key=f"question:{asked.id}",
            exempt=exempt,
            then_tell=tell,
        )
    except FollowupError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))
