"""Officers are who the council says: only they claim, answer, close and withdraw.

Every button press and answer-form submission is checked against MEMBER_BOT_OFFICERS
and the MEMBER_BOT_OFFICER_GROUP user group; anyone else is refused privately and
nothing changes — not the follow-up's row, not the officers' message, not search.
"""

from __future__ import annotations

import pytest

from indexer import store
from member_bot.followups_store import FollowupStore
from member_bot.slack.officers import NOT_AN_OFFICER, NOT_AN_OFFICER_FORM
from tests.slack.conftest import ADMIN, MEMBER, OFFICER, OFFICERS, READER, eventually
from tests.slack.test_followups import wait_posted

QUESTION = "Can we have the Q3 pothole figures by ward?"
ANSWER = "The Q3 pothole figures by ward are in the attached table, sent on 3 March 2025."
GROUP = "SOFFICERS"
GROUP_OFFICER = "UGROUPOFFICER"
BYSTANDER = "UBYSTANDER"  # joined the officers' channel, but is nobody's officer


def raise_followup(bot, fake_slack) -> FollowupStore:
    """A member's follow-up, posted to the officers' channel (#1)."""
    bot.command("/ask-officer", QUESTION)
    wait_posted(bot, fake_slack)
    return FollowupStore(bot.bot.conn())


def refusals(fake_slack) -> list:
    return [c for c in fake_slack.calls_to("response_url") if NOT_AN_OFFICER in c.text()]


def answer_as_officer(bot, fake_slack, followups: FollowupStore) -> None:
    assert bot.submit_answer(1, ANSWER).status == 200
    eventually(lambda: followups.get(1).delivered_at)
    fake_slack.wait_for("chat.update", lambda c: "Answered* by" in c.text())


@pytest.mark.parametrize("action", ["followup_claim", "followup_answer", "followup_close"])
@pytest.mark.parametrize("who", [MEMBER, BYSTANDER, ADMIN])
def test_a_non_officer_pressing_an_officer_button_is_refused_and_nothing_changes(
    bot, fake_slack, action, who
):
    followups = raise_followup(bot, fake_slack)
    before = followups.get(1)
    reply = bot.click(action, "1", user=who, channel=OFFICERS)
    assert reply.status == 200
    [refusal] = fake_slack.wait_for("response_url", lambda c: NOT_AN_OFFICER in c.text())
    assert refusal.body["response_type"] == "ephemeral"
    assert refusal.body["replace_original"] is False  # the officers' message stays as it was
    assert followups.get(1) == before
    assert fake_slack.calls_to("chat.update") == []
    assert fake_slack.calls_to("views.open") == []


def test_a_non_officer_pressing_withdraw_is_refused_and_the_answer_stays_searchable(
    bot, fake_slack
):
    followups = raise_followup(bot, fake_slack)
    answer_as_officer(bot, fake_slack, followups)
    before = followups.get(1)
    updates = len(fake_slack.calls_to("chat.update"))
    assert bot.click("followup_withdraw", "1", user=BYSTANDER, channel=OFFICERS).status == 200
    fake_slack.wait_for("response_url", lambda c: NOT_AN_OFFICER in c.text())
    assert followups.get(1) == before
    assert store.get_document(bot.bot.conn(), "followup:1") is not None
    assert len(fake_slack.calls_to("chat.update")) == updates

    # An officer can.
    bot.click("followup_withdraw", "1", user=OFFICER, channel=OFFICERS)
    fake_slack.wait_for("response_url", lambda c: "no longer searchable" in c.text())
    assert store.get_document(bot.bot.conn(), "followup:1") is None
    assert followups.get(1).history[-1].action == "withdrawn"


@pytest.mark.parametrize("who", [MEMBER, BYSTANDER, ADMIN])
def test_a_non_officer_submitting_the_answer_form_is_refused_and_nothing_is_sent(
    bot, fake_slack, who
):
    followups = raise_followup(bot, fake_slack)
    before = followups.get(1)
    posts = len(fake_slack.calls_to("chat.postMessage"))
    reply = bot.submit_answer(1, ANSWER, user=who, searchable=True)
    assert reply.status == 200
    assert reply.json() == {
        "response_action": "errors",
        "errors": {"answer_block": NOT_AN_OFFICER_FORM},
    }
    assert followups.get(1) == before
    assert store.get_document(bot.bot.conn(), "followup:1") is None
    assert len(fake_slack.calls_to("chat.postMessage")) == posts
    assert fake_slack.calls_to("chat.update") == []


def test_an_officer_can_claim_answer_and_close(bot, fake_slack):
    followups = raise_followup(bot, fake_slack)
    bot.click("followup_claim", "1", user=OFFICER, channel=OFFICERS)
    fake_slack.wait_for("chat.update", lambda c: f"Claimed* by <@{OFFICER}>" in c.text())
    bot.click("followup_answer", "1", user=OFFICER, channel=OFFICERS)
    fake_slack.wait_for("views.open")
    answer_as_officer(bot, fake_slack, followups)
    bot.click("followup_close", "1", user=OFFICER, channel=OFFICERS)
    fake_slack.wait_for("chat.update", lambda c: "Closed* by" in c.text())
    assert followups.get(1).status == "closed"
    assert refusals(fake_slack) == []


def group_settings(settings, officers: frozenset[str] = frozenset()):
    """The officers are the user group's members (plus `officers`)."""
    return settings.with_overrides(officers=officers, officer_group=GROUP)


def test_members_of_the_officers_user_group_are_officers_looked_up_once(
    make_bot, settings, fake_slack
):
    fake_slack.state.user_groups[GROUP] = [GROUP_OFFICER]
    bot = make_bot(group_settings(settings))
    followups = raise_followup(bot, fake_slack)
    bot.click("followup_claim", "1", user=GROUP_OFFICER, channel=OFFICERS)
    fake_slack.wait_for("chat.update", lambda c: f"Claimed* by <@{GROUP_OFFICER}>" in c.text())
    bot.click("followup_answer", "1", user=GROUP_OFFICER, channel=OFFICERS)
    fake_slack.wait_for("views.open")
    bot.click("followup_claim", "1", user=OFFICER, channel=OFFICERS)  # not in the group
    fake_slack.wait_for("response_url", lambda c: NOT_AN_OFFICER in c.text())
    assert followups.get(1).claimed_by == GROUP_OFFICER
    [lookup] = fake_slack.calls_to("usergroups.users.list")  # cached between clicks
    assert lookup.body["usergroup"] == GROUP


def test_when_slack_cannot_list_the_group_nobody_in_it_is_an_officer(
    make_bot, settings, fake_slack
):
    fake_slack.state.user_groups[GROUP] = [GROUP_OFFICER]
    bot = make_bot(group_settings(settings, frozenset({OFFICER})))
    followups = raise_followup(bot, fake_slack)
    fake_slack.fail("usergroups.users.list", 500, times=2)
    bot.click("followup_claim", "1", user=GROUP_OFFICER, channel=OFFICERS)
    fake_slack.wait_for("response_url", lambda c: NOT_AN_OFFICER in c.text())
    assert bot.submit_answer(1, ANSWER, user=GROUP_OFFICER).json()["response_action"] == "errors"
    assert followups.get(1).status == "open" and followups.get(1).answer is None
    # MEMBER_BOT_OFFICERS still count; and once Slack answers again, so does the group.
    bot.click("followup_claim", "1", user=OFFICER, channel=OFFICERS)
    eventually(lambda: followups.get(1).claimed_by == OFFICER)
    bot.click("followup_close", "1", user=GROUP_OFFICER, channel=OFFICERS)
    eventually(lambda: followups.get(1).status == "closed")
    assert followups.get(1).closed_by == GROUP_OFFICER


def test_with_no_officers_configured_nobody_is_an_officer(make_bot, settings, fake_slack):
    bot = make_bot(settings.with_overrides(officers=frozenset()))
    followups = raise_followup(bot, fake_slack)
    bot.click("followup_claim", "1", user=OFFICER, channel=OFFICERS)
    fake_slack.wait_for("response_url", lambda c: NOT_AN_OFFICER in c.text())
    assert followups.get(1).status == "open"
    bot.command("/followups", "", user=OFFICER)
    fake_slack.wait_for("response_url", lambda c: "for officers" in c.text())
    assert fake_slack.calls_to("usergroups.users.list") == []


def test_an_exempt_readers_ask_officer_reaches_officers_without_exempt_quotes(bot, fake_slack):
    """/ask-officer in an exempt reader's DM: the officers' post (and its plain-text
    fallback, should Slack refuse the blocks) never quotes the exempt paper."""

    def refuse_officers_blocks(body: dict) -> dict:
        if body.get("channel") == OFFICERS and body.get("blocks"):
            return {"ok": False, "error": "invalid_blocks"}
        return fake_slack.default_answer("chat.postMessage", body)

    fake_slack.reply("chat.postMessage", refuse_officers_blocks)
    bot.command(
        "/ask-officer",
        "Who is buying the Dunmore Road depot and for how much?",
        user=READER,
        channel=f"D{READER}",
    )
    posts = fake_slack.wait_for(
        "chat.postMessage", lambda c: c.body["channel"] == OFFICERS, count=2
    )
    assert "Dunmore Road depot" in posts[-1].text()  # the question itself reaches officers
    for post in posts:
        assert "Harbourside" not in post.text() and "2.4 million" not in post.text()
    followup = FollowupStore(bot.bot.conn()).get(1)
    assert followup.exempt is True
    assert all("Harbourside" not in p.quote for p in followup.offered)
