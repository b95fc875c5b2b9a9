"""Part 2 papers never leak into a Slack channel, however the paper is marked.

The real Bolt app over HTTP, signed requests, the real index and the fake Slack Web
API: every paper of tests/exempt_papers.py is asked about in a channel, by a member
and by an authorised exempt reader, and no post carries its words. The same reader
gets it in a DM, so the question does reach the paper.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer import store
from indexer.run import index_paths
from tests.exempt_papers import EXEMPT_PAPERS, Paper, question, text_with, write_papers
from tests.slack.conftest import CHANNEL, MEMBER, READER


@pytest.fixture
def papers(papers: Path) -> Path:
    """The Slack tests' papers plus every exempt marking, in a folder of their own."""
    write_papers(papers / "marked", EXEMPT_PAPERS)
    return papers


def _leaks(text: str, *papers: Paper) -> bool:
    """Whether a post quotes any of `papers` (each names a buyer of its own)."""
    return any(paper.buyer in text for paper in papers or EXEMPT_PAPERS)


@pytest.mark.parametrize("user", [MEMBER, READER])
def test_no_exempt_marking_is_quoted_in_a_channel(bot, fake_slack, user: str) -> None:
    for number, paper in enumerate(EXEMPT_PAPERS, start=1):
        bot.mention(question(paper), user=user, channel=CHANNEL)
        posts = fake_slack.wait_for("chat.postMessage", count=number, timeout=10)
        reply = posts[-1].text()
        assert not _leaks(reply), f"{paper.marking} ({paper.name}) leaked: {reply}"
    for post in fake_slack.calls_to("chat.postMessage"):
        assert post.body["channel"] == CHANNEL
        assert "EXEMPT — not for publication" not in post.text()


def test_an_authorised_reader_gets_each_in_a_dm_marked_exempt(bot, fake_slack) -> None:
    """The control: each question does reach its paper, where exempt papers may be shown."""
    for number, paper in enumerate(EXEMPT_PAPERS, start=1):
        bot.dm(question(paper), user=READER)
        reply = fake_slack.wait_for("chat.postMessage", count=number, timeout=10)[-1].text()
        assert paper.buyer in reply, f"{paper.marking} ({paper.name}): {reply}"
        assert "EXEMPT — not for publication" in reply


SECRET = Paper("westbury-depot.txt", "none", "Westbury", text_with(before_cover=False))


def test_a_sidecar_that_breaks_withdraws_the_paper_from_the_channel(bot, fake_slack, papers):
    write_papers(papers, [SECRET])
    index_paths(bot.bot.conn(), [papers])
    bot.mention(question(SECRET))
    [public] = fake_slack.wait_for("chat.postMessage")
    assert SECRET.buyer in public.text()  # public until its sidecar says otherwise
    (papers / "westbury-depot.txt.json").write_text(json.dumps({"clasification": "exempt"}))
    summary = index_paths(bot.bot.conn(), [papers])
    assert [failure.path for failure in summary.failed] == [str(papers / SECRET.name)]
    assert summary.withdrawn == [str(papers / SECRET.name)]
    assert store.get_document(bot.bot.conn(), SECRET.name) is None
    bot.mention(question(SECRET))
    posts = fake_slack.wait_for("chat.postMessage", count=2)
    assert not _leaks(posts[-1].text(), SECRET), posts[-1].text()
