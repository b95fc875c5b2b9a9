"""Admins add papers from Slack: /reindex and PDF/DOCX files uploaded to the bot's DM.

Both run the same indexer as `member-bot index`, in a background thread so Slack
gets its ack at once, and report the indexer's own summary with each failure's reason.
"""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from indexer import store
from indexer.run import IndexSummary, index_paths
from member_bot.slack.services import BotServices

UPLOAD_SUFFIXES = (".pdf", ".docx")
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


def summary_text(summary: IndexSummary, *, what: str) -> str:
    """The indexer's summary as a Slack message (pure)."""
    c = summary.counts()
    lines = [
        f"{what}: {c['indexed']} indexed, {c['unchanged']} unchanged, "
        f"{c['removed']} removed, {c['failed']} failed."
    ]
    for failure in summary.failed[:20]:
        lines.append(f"• failed: `{Path(failure.path).name}`: {failure.reason}")
    if len(summary.failed) > 20:
        lines.append(f"…and {len(summary.failed) - 20} more (see `member-bot stats`).")
    return "\n".join(lines)


def reindex_paths(bot: BotServices) -> list[Path]:
    """MEMBER_BOT_PAPERS if set; otherwise every paper file already indexed, plus uploads."""
    if bot.settings.papers:
        return list(bot.settings.papers)
    files = [
        Path(d.meta.source)
        for d in store.all_documents(bot.conn())
        if d.meta.source and Path(d.meta.source).is_absolute()
    ]
    return sorted({f for f in files if f.exists()})


def in_background(bot: BotServices, work: Callable[[], None], name: str) -> bool:
    """Run `work` in its own thread unless a re-index is already running (False then)."""
    if not bot.reindex_lock.acquire(blocking=False):
        return False

    def run() -> None:
        try:
            work()
        except Exception:
            bot.logger.exception("%s failed", name)
        finally:
            bot.reindex_lock.release()

    threading.Thread(target=run, name=name, daemon=True).start()
    return True


def reindex(bot: BotServices) -> IndexSummary:
    paths = reindex_paths(bot)
    if not paths:
        return IndexSummary()
    return index_paths(bot.conn(), paths)


def _safe_name(file_id: str, name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", Path(name).name).strip(" .") or "paper"
    return f"{file_id}-{stem}"


def _trusted(bot: BotServices, url: str) -> bool:
    """The bot token is only ever sent to Slack (or the Web API root we were configured with)."""
    host = urlparse(url).hostname or ""
    api_host = urlparse(bot.settings.api_base_url).hostname or ""
    return host == api_host or host == "slack.com" or host.endswith(".slack.com")


def download(bot: BotServices, file: dict, folder: Path) -> Path:
    url = file.get("url_private_download") or file.get("url_private") or ""
    if not _trusted(bot, url):
        raise ValueError(f"not a Slack file address: {url or '(none)'}")
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {bot.settings.bot_token}"}
    )
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _safe_name(str(file.get("id") or "file"), file.get("name") or "paper")
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - checked above
        data = response.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError("larger than 100 MB")
    if data[:15].lower().startswith(b"<!doctype html") or data[:5].lower() == b"<html":
        raise ValueError("Slack sent a web page, not the file (is the files:read scope granted?)")
    target.write_bytes(data)
    return target


def handle_upload(bot: BotServices, event: dict) -> None:
    """An admin's PDF/DOCX in the bot's DM: download with the bot token, index, report back."""
    channel = event["channel"]
    user = event.get("user")
    files = event.get("files") or []
    if not bot.settings.is_admin(user):
        bot.client.chat_postMessage(
            channel=channel,
            text="Thanks, but only admins can add papers to the index, so I haven't kept "
            "that file. Please send it to an admin.",
        )
        return
    wanted = [f for f in files if str(f.get("name", "")).lower().endswith(UPLOAD_SUFFIXES)]
    skipped = [f.get("name", "?") for f in files if f not in wanted]
    if not wanted:
        bot.client.chat_postMessage(
            channel=channel,
            text=f"I can index PDF and Word (.docx) papers; skipped {', '.join(skipped)}.",
        )
        return

    def work() -> None:
        saved: list[Path] = []
        problems: list[str] = [f"• skipped `{name}`: not a PDF or .docx" for name in skipped]
        for file in wanted:
            try:
                saved.append(download(bot, file, bot.settings.uploads_path))
            except (OSError, ValueError) as error:
                problems.append(f"• `{file.get('name')}`: couldn't download it ({error})")
        text = "\n".join(problems)
        if saved:
            summary = index_paths(bot.conn(), saved)
            text = summary_text(summary, what="Uploaded papers") + ("\n" + text if text else "")
        bot.client.chat_postMessage(channel=channel, text=text or "Nothing to index.")

    bot.client.chat_postMessage(
        channel=channel, text=f"Indexing {len(wanted)} paper(s); I'll tell you when it's done."
    )
    if not in_background(bot, work, "member-bot-upload"):
        bot.client.chat_postMessage(
            channel=channel, text="A re-index is running; send the file again when it's done."
        )
