"""/memberbot stats | help: figures on the index, the questions and the follow-up queue."""

from __future__ import annotations

from slack_bolt import Ack, BoltContext, Respond

from indexer import store
from member_bot.slack import questions

USAGE = (
    "`/memberbot stats` — papers, questions and follow-ups\n"
    "`/ask QUESTION` — a private answer from the papers\n"
    "`/ask-officer QUESTION` — send a question to the officers\n"
    "`/followups` — the officers' queue (officers)\n"
    "`/reindex` — re-index the papers (admins)\n"
    "Or mention me in a channel, or send me a direct message."
)


def stats_text(index: dict, asked: dict, queue: dict[str, int]) -> str:
    """The figures as one message (pure)."""
    committees = ", ".join(
        f"{row['name'] or 'unknown'} ({row['papers']})" for row in index["by_committee"][:5]
    )
    run = index.get("last_run") or {}
    lines = [
        f"*Index:* {index['papers']} papers, {index['passages']} passages "
        f"({index['exempt_papers']} exempt papers).",
        f"*Committees:* {committees or 'none yet'}.",
        f"*Last indexed:* {run.get('finished_at') or 'never'}; "
        f"{len(index['failures'])} file(s) failing.",
        f"*Questions:* {asked['asked']} asked, {asked['answered']} answered from the papers; "
        f"{asked['helpful']} helpful, {asked['not_helpful']} not helpful.",
        f"*Follow-ups:* {queue['open']} open, {queue['claimed']} claimed, "
        f"{queue['overdue']} overdue, {queue['answered']} answered, {queue['closed']} closed.",
    ]
    return "\n".join(lines)


def memberbot(ack: Ack, command: dict, respond: Respond, context: BoltContext) -> None:
    """Ack at once, then count: the figures take a few queries over the whole index."""
    words = (command.get("text") or "").split()
    if not words or words[0].lower() != "stats":
        ack(response_type="ephemeral", text=USAGE)
        return
    ack(response_type="ephemeral", text="Counting…")
    bot = context["bot"]
    queue = bot.followups().status_counts(bot.today())
    respond(
        response_type="ephemeral",
        replace_original=True,
        text=stats_text(store.index_stats(bot.conn()), questions.figures(bot.conn()), queue),
    )
