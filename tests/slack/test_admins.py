"""Admins: /reindex, papers uploaded to the bot's DM, /memberbot stats."""

from __future__ import annotations

import time
from pathlib import Path

from docx import Document

from tests.slack.conftest import ADMIN, CHANNEL, MEMBER
from tests.slack.fake_slack import BOT_TOKEN


def test_reindex_is_for_admins_only(bot, fake_slack):
    refused = bot.command("/reindex", "", user=MEMBER)
    assert refused.status == 200 and "only admins" in refused.body
    assert fake_slack.calls_to("response_url") == []


def test_reindex_summary_survives_a_rate_limit_and_falls_back_to_a_dm(bot, fake_slack):
    fake_slack.fail("chat.postEphemeral", 429, times=1, retry_after="1")
    bot.command("/reindex", "", user=ADMIN)
    [summary] = fake_slack.wait_for("chat.postEphemeral", count=2, timeout=20)[-1:]
    assert "Re-index finished" in summary.text()
    # Where the bot can't post (not in that channel), the admin gets it by DM.
    fake_slack.reply("chat.postEphemeral", lambda body: {"ok": False, "error": "not_in_channel"})
    # The first run posts its summary just before it lets go of the re-index lock.
    deadline = time.monotonic() + 10
    while "already running" in bot.command("/reindex", "", user=ADMIN, channel="CPRIVATE").body:
        assert time.monotonic() < deadline, "the first re-index never finished"
        time.sleep(0.05)
    [dm] = fake_slack.wait_for(
        "chat.postMessage", lambda c: "Re-index finished" in c.text(), timeout=20
    )
    assert dm.body["channel"] == ADMIN
    assert fake_slack.calls_to("response_url") == []


def test_reindex_runs_in_the_background_and_reports_failures(bot, fake_slack, papers: Path):
    (papers / "broken.pdf").write_bytes(b"this is not a pdf at all")
    (papers / "new-note.txt").write_text(
        "Highways Committee\n\n1. The Committee noted 4,210 potholes repaired in Q3.\n",
        encoding="utf-8",
    )
    reply = bot.command("/reindex", "", user=ADMIN)
    assert reply.status == 200 and "Re-indexing" in reply.body
    [summary] = fake_slack.wait_for("chat.postEphemeral", timeout=20)
    assert (summary.body["channel"], summary.body["user"]) == (CHANNEL, ADMIN)
    text = summary.text()
    assert "Re-index finished: 1 indexed" in text and "1 failed" in text
    assert "broken.pdf" in text
    bot.mention("how many potholes were repaired in Q3?")
    [answer] = fake_slack.wait_for("chat.postMessage")
    assert "4,210" in answer.text()


def test_a_docx_uploaded_by_an_admin_is_downloaded_with_the_bot_token_and_indexed(
    bot, fake_slack, tmp_path: Path
):
    paper = tmp_path / "made.docx"
    doc = Document()
    doc.add_paragraph("Planning Committee")
    doc.add_paragraph("Minutes of the meeting held on 12 March 2025")
    doc.add_paragraph("5. The Committee approved 312 new affordable homes at Conningbrook Lakes.")
    doc.save(paper)
    url = fake_slack.add_file("F123", paper.read_bytes())
    files = [{"id": "F123", "name": "planning-minutes.docx", "url_private_download": url}]
    bot.dm("", user=ADMIN, subtype="file_share", files=files)
    done = fake_slack.wait_for("chat.postMessage", lambda c: "Uploaded papers" in c.text())
    assert "1 indexed" in done[0].text() and "0 failed" in done[0].text()
    [download] = fake_slack.calls_to("file_download")
    assert download.headers.get("Authorization") == f"Bearer {BOT_TOKEN}"
    bot.mention("how many affordable homes at Conningbrook Lakes?")
    answer = fake_slack.wait_for("chat.postMessage", lambda c: "312" in c.text())
    assert answer


def test_a_members_upload_is_refused_politely(bot, fake_slack):
    url = fake_slack.add_file("F9", b"%PDF-1.4")
    bot.dm(
        "",
        user=MEMBER,
        subtype="file_share",
        files=[{"id": "F9", "name": "x.pdf", "url_private_download": url}],
    )
    [reply] = fake_slack.wait_for("chat.postMessage")
    assert "only admins can add papers" in reply.text()
    assert fake_slack.calls_to("file_download") == []


def test_memberbot_stats(bot, fake_slack):
    bot.mention("what did MacNeil say about finding school places for kids placed in Kent?")
    fake_slack.wait_for("chat.postMessage")
    reply = bot.command("/memberbot", "stats")
    assert reply.status == 200 and "Counting" in reply.body  # acked before any counting
    [stats] = fake_slack.wait_for("response_url")
    assert "3 papers" in stats.text() and "1 exempt" in stats.text()
    assert "1 asked, 1 answered" in stats.text()
    assert "0 open, 0 claimed, 0 overdue, 0 answered, 0 closed" in stats.text()
    assert "/memberbot stats" in bot.command("/memberbot", "").body
