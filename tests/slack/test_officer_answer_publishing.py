"""Officers' answers in search: exempt matters stay exempt, officers choose, and can withdraw."""

from __future__ import annotations

from indexer import store
from member_bot.followups_store import FollowupStore
from tests.slack.conftest import MEMBER, OFFICER, OFFICERS, READER, eventually
from tests.slack.test_followups import ask_and_get_ref, wait_posted

DEPOT_ANSWER = "Completion of the depot sale is expected on 30 June 2025, with a deposit of 10%."
POOL_ANSWER = "The pool is due to open in September 2026; the contract was let in May."


def modal_box(fake_slack) -> dict:
    [opened] = fake_slack.wait_for("views.open")
    [box] = [b for b in opened.view["blocks"] if b.get("block_id") == "searchable_block"]
    return box


def test_an_answer_to_an_exempt_readers_dm_is_published_as_exempt_only(bot, fake_slack):
    bot.command(
        "/ask-officer",
        "When will the Dunmore Road depot sale complete?",
        user=READER,
        channel=f"D{READER}",
    )
    wait_posted(bot, fake_slack)
    followups = FollowupStore(bot.bot.conn())
    assert followups.get(1).exempt is True

    bot.click("followup_answer", "1", user=OFFICER, channel=OFFICERS)
    box = modal_box(fake_slack)
    assert "exempt readers only" in box["element"]["options"][0]["text"]["text"]
    assert not box["element"].get("initial_options")  # off unless the officer ticks it

    assert bot.submit_answer(1, DEPOT_ANSWER, searchable=True).status == 200
    [delivered] = fake_slack.wait_for("chat.postMessage", lambda c: DEPOT_ANSWER in c.text())
    assert delivered.body["channel"] == f"D{READER}"  # an exempt matter: by DM only
    doc = store.get_document(bot.bot.conn(), "followup:1")
    assert doc is not None and doc.meta.classification == "exempt"

    # A member in a channel is never given it; the exempt reader in a DM is, marked.
    bot.mention("When will the depot sale complete?", user=MEMBER)
    bot.dm("When will the depot sale complete?", user=READER)
    answers = fake_slack.wait_for("chat.postMessage", count=4)[2:]
    in_channel = [c for c in answers if c.body["channel"] == "CGENERAL"]
    in_dm = [c for c in answers if c.body["channel"] == f"D{READER}"]
    assert in_channel and all("30 June 2025" not in c.text() for c in in_channel)
    assert any("30 June 2025" in c.text() and "EXEMPT" in c.text() for c in in_dm)


def test_an_exempt_answer_is_not_searchable_unless_ticked(bot, fake_slack):
    bot.command(
        "/ask-officer",
        "When will the Dunmore Road depot sale complete?",
        user=READER,
        channel=f"D{READER}",
    )
    wait_posted(bot, fake_slack)
    bot.submit_answer(1, DEPOT_ANSWER)  # the box left as it was: unticked
    fake_slack.wait_for("chat.postMessage", lambda c: DEPOT_ANSWER in c.text())
    assert store.get_document(bot.bot.conn(), "followup:1") is None
    assert FollowupStore(bot.bot.conn()).get(1).published is False


def test_an_officer_can_keep_an_ordinary_answer_out_of_search(bot, fake_slack):
    ref, _ = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    bot.click("followup_answer", "1", user=OFFICER, channel=OFFICERS)
    box = modal_box(fake_slack)
    assert box["element"]["initial_options"][0]["value"] == "yes"  # on by default
    assert "other members" in box["element"]["options"][0]["text"]["text"]
    bot.submit_answer(1, POOL_ANSWER, searchable=False)
    fake_slack.wait_for("chat.postMessage", lambda c: POOL_ANSWER in c.text(), count=2)
    assert store.get_document(bot.bot.conn(), "followup:1") is None
    update = fake_slack.wait_for("chat.update", lambda c: "not searchable" in c.text())
    assert update


def test_the_published_answer_names_the_officer_and_can_be_withdrawn(bot, fake_slack):
    fake_slack.state.user_names[OFFICER] = "Sarah Hammond"
    ref, _ = ask_and_get_ref(bot, fake_slack)
    bot.click("ask_officer", ref)
    wait_posted(bot, fake_slack)
    bot.submit_answer(1, POOL_ANSWER, searchable=True)
    fake_slack.wait_for("chat.postMessage", lambda c: POOL_ANSWER in c.text(), count=2)
    # The name is looked up after the answer is stored and delivered, then re-published.
    doc = eventually(
        lambda: (d := store.get_document(bot.bot.conn(), "followup:1")) and d.meta.author and d
    )
    assert (doc.meta.author, doc.meta.contact) == ("Sarah Hammond", "Sarah Hammond")

    # The next follow-up that offers this answer names the officer, never a user ID.
    bot.mention("when does the Ashford swimming pool open?")
    [found] = fake_slack.wait_for("chat.postMessage", lambda c: "not a committee paper" in c.text())
    ask = [e for b in found.blocks if b["type"] == "actions" for e in b["elements"]][0]
    bot.click("ask_officer", ask["value"])
    [post] = fake_slack.wait_for(
        "chat.postMessage", lambda c: c.body["channel"] == OFFICERS and "#2" in c.text()
    )
    assert "Sarah Hammond" in post.text() and OFFICER not in post.text().replace(
        f"<@{OFFICER}>", ""
    )

    # A wrong answer is withdrawn: it stops being quoted.
    answered = fake_slack.wait_for("chat.update", lambda c: "Withdraw answer" in c.text())
    assert answered
    bot.click("followup_withdraw", "1", user=OFFICER, channel=OFFICERS)
    [told] = fake_slack.wait_for("response_url", lambda c: "no longer searchable" in c.text())
    assert told
    assert store.get_document(bot.bot.conn(), "followup:1") is None
    history = [e.action for e in FollowupStore(bot.bot.conn()).get(1).history]
    assert history[-1] == "withdrawn" or "withdrawn" in history
    before = len(fake_slack.calls_to("chat.postMessage"))
    bot.mention("when does the Ashford swimming pool open?")
    fake_slack.wait_for("chat.postMessage", count=before + 1)
    assert "September 2026" not in fake_slack.calls_to("chat.postMessage")[-1].text()


def test_an_exempt_readers_dm_ask_is_not_merged_with_their_channel_ask(bot, fake_slack):
    question = "When will the Dunmore Road depot sale complete?"
    bot.command("/ask-officer", question, user=READER)  # in a channel: an ordinary matter
    wait_posted(bot, fake_slack)
    bot.command("/ask-officer", question, user=READER, channel=f"D{READER}")
    followups = FollowupStore(bot.bot.conn())
    eventually(lambda: len(followups.list()) == 2)
    assert [f.exempt for f in followups.list()] == [False, True]
