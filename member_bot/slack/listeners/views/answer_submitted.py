"""The answer modal submitted: store the answer, then deliver it and update the officers."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext

from member_bot.followups import FollowupError, check_answer
from member_bot.slack import blocks
from member_bot.slack.followup_flow import deliver_answer, refresh_officer_message
from member_bot.slack.officers import NOT_AN_OFFICER_FORM


def _searchable(values: dict) -> bool | None:
    """The "searchable for other members" tick; None when the modal had no such box."""
    box = values.get(blocks.SEARCHABLE_BLOCK, {}).get(blocks.SEARCHABLE)
    if box is None:
        return None
    return any(o.get("value") == "yes" for o in box.get("selected_options") or [])


def answer_submitted(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    bot = context["bot"]
    values = view["state"]["values"]
    text = values.get(blocks.ANSWER_INPUT_BLOCK, {}).get(blocks.ANSWER_INPUT, {}).get("value") or ""
    officer = body["user"]["id"]
    followup_id = int(view["private_metadata"])
    followups = bot.followups()
    if not bot.is_officer(officer):  # checked again here: the form can outlive the button
        bot.logger.info(
            "refused an answer to follow-up #%s by %s: not an officer", followup_id, officer
        )
        ack(response_action="errors", errors={blocks.ANSWER_INPUT_BLOCK: NOT_AN_OFFICER_FORM})
        return
    try:
        # Checked before the ack, so a refusal is shown in the modal where it can be fixed;
        # the officer's name is looked up after the answer is stored and delivered.
        check_answer(followups.get(followup_id), officer, text)
    except FollowupError as error:
        ack(response_action="errors", errors={blocks.ANSWER_INPUT_BLOCK: str(error)[:150]})
        return
    ack()
    try:
        # Stored at once (no name yet): a restart or a slow users.info never loses it.
        followup = followups.answer(followup_id, officer, text, searchable=_searchable(values))
    except FollowupError as error:  # a colleague answered in the same moment
        bot.client.chat_postMessage(channel=officer, text=not_sent_text(error, text))
        return
    if not deliver_answer(bot, followup.id):
        refresh_officer_message(bot, followups.get(followup.id))
        bot.poke_outbox()  # Slack refused: the outbox tries again shortly
    # Then name the officer in the searchable answer, as colleagues know them.
    followups.name_author(followup.id, bot.display_name(officer))


def not_sent_text(error: FollowupError, typed: str) -> str:
    """The officer's DM when a colleague answered first, with what they typed, so it isn't
    lost (they may want to add it to the colleague's answer)."""
    return f"Your answer wasn't sent: {error}.\nWhat you wrote:\n{blocks.quote_mrkdwn(typed, 3500)}"
