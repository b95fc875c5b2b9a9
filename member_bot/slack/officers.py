"""Officer-only actions: who may take them, and what anyone else is told.

Checked on every button press and form submission, not only when the buttons are
drawn: a message in a channel can be clicked by whoever can see it.
"""

from __future__ import annotations

from slack_bolt import Respond

from member_bot.slack.services import BotServices

NOT_AN_OFFICER = (
    "Sorry, only the council's officers can claim, answer, close or withdraw members' "
    "follow-ups, so nothing has changed. If you are an officer, please ask an admin to "
    "add you to the officers' list."
)
# Shown under the answer box of the modal (Slack cuts such errors at about 150 characters).
NOT_AN_OFFICER_FORM = (
    "Sorry, only the council's officers can answer members' follow-ups; nothing was sent."
)


def officer_or_refuse(bot: BotServices, user_id: str | None, respond: Respond) -> bool:
    """True for an officer; anyone else gets a polite refusal only they can see."""
    if bot.is_officer(user_id):
        return True
    bot.logger.info("refused an officer action by %s: not an officer", user_id)
    respond(response_type="ephemeral", replace_original=False, text=NOT_AN_OFFICER)
    return False
