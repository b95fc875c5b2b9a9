"""App Home: a member's questions and follow-ups; officers also see the queue."""

from __future__ import annotations

from slack_bolt import BoltContext
from slack_sdk import WebClient

from member_bot.slack import blocks, questions


def app_home_opened(event: dict, context: BoltContext, client: WebClient) -> None:
    if event.get("tab", "home") != "home":
        return
    bot = context["bot"]
    user = event["user"]
    followups = bot.followups()
    today = bot.today()
    asked = [(q.question, q.answered, q.asked_at) for q in questions.for_member(bot.conn(), user)]
    mine = list(reversed(followups.list(member_id=user)))
    queue = None
    if bot.is_officer(user):
        queue = {
            "Overdue": followups.list(overdue_on=today),
            "Open": followups.list(statuses=["open"]),
            "Claimed": followups.list(statuses=["claimed"]),
        }
    client.views_publish(
        user_id=user,
        view=blocks.home_view(questions=asked, followups=mine, officer_queue=queue, today=today),
    )
