"""Admins add papers from Slack: /reindex and PDF/DOCX files uploaded to the bot's DM.

Both run the same indexer as `member-bot index`, in a background thread so Slack
gets its ack at once, and report the indexer's own summary with each failure's reason.
An upload is kept under its file name, so a corrected `budget.pdf` replaces the earlier
one in the index instead of standing beside it, still quotable; but only when it is the
same paper (same bytes, or the same title, committee and meeting date). Another
committee's `Agenda.pdf` is a different paper: it is kept beside it as `Agenda-2.pdf`.
"""

from __future__ import annotations

import re
import tempfile
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from indexer import store
from indexer.model import DocumentMeta, ExtractionError
from indexer.run import IndexSummary, build_paper, index_paths, indexed_from, source_key
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


def outermost(folders: set[Path]) -> list[Path]:
    """The folders not inside another of them (each file is then walked once), sorted."""
    ordered = sorted(folders, key=lambda f: len(f.parts))
    kept: list[Path] = []
    for folder in ordered:
        if not any(folder.is_relative_to(k) for k in kept):
            kept.append(folder)
    return sorted(kept)


def reindex_paths(bot: BotServices) -> list[Path]:
    """MEMBER_BOT_PAPERS if set, otherwise the folders the indexed papers were indexed from;
    plus the uploads folder. Walking folders (not only known files) finds new papers, in
    new committee or meeting folders too."""
    if bot.settings.papers:
        paths = [Path(p) for p in bot.settings.papers]
    else:
        folders = {
            indexed_from(d.meta)
            for d in store.all_documents(bot.conn())
            if d.meta.source and Path(d.meta.source).is_absolute()
        }
        paths = outermost({f for f in folders if f.is_dir()})
    uploads = bot.settings.uploads_path
    if uploads.is_dir() and not any(uploads.resolve().is_relative_to(p.resolve()) for p in paths):
        paths.append(uploads)
    return paths


def in_background(
    bot: BotServices, work: Callable[[], str], tell: Callable[[str], None], name: str
) -> bool:
    """Run `work` in its own thread unless a re-index is already running (False then), and
    `tell` the admin what it returned only once the lock is free: an admin who sends the
    next paper on reading "done" must not be told a re-index is still running."""
    if not bot.reindex_lock.acquire(blocking=False):
        return False

    def run() -> None:
        text = None
        try:
            text = work()
        except Exception:
            bot.logger.exception("%s failed", name)
        finally:
            bot.reindex_lock.release()
        if text is not None:
            tell(text)

    threading.Thread(target=run, name=name, daemon=True).start()
    return True


def reindex(bot: BotServices) -> IndexSummary:
    """Re-read the papers, pick up new files, and drop papers whose files are gone."""
    paths = reindex_paths(bot)
    if not paths:
        return IndexSummary()
    return index_paths(bot.conn(), paths, prune=True)


def safe_name(name: str) -> str:
    """The upload's own file name, made safe to write (no folders, no odd characters)."""
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", Path(name).name).strip(" .") or "paper"


# Uploads were once saved as "<Slack file id>-<name>"; such a copy is the same paper.
_OLD_UPLOAD = re.compile(r"^F[A-Z0-9]{6,}-(?P<name>.+)$")


def superseded(folder: Path, name: str) -> list[Path]:
    """Earlier uploads of the paper called `name` saved under the old id-prefixed names."""
    if not folder.is_dir():
        return []
    return sorted(
        f
        for f in folder.iterdir()
        if (m := _OLD_UPLOAD.match(f.name)) and m.group("name") == name and f.is_file()
    )


def _trusted(bot: BotServices, url: str) -> bool:
    """The bot token is only ever sent to Slack (or the Web API root we were configured with)."""
    host = urlparse(url).hostname or ""
    api_host = urlparse(bot.settings.api_base_url).hostname or ""
    return host == api_host or host == "slack.com" or host.endswith(".slack.com")


def same_paper(earlier: DocumentMeta | None, new: DocumentMeta | None, name: str) -> bool:
    """Whether an upload called `name` is a corrected version of the earlier paper of that
    name (pure): the same title, committee and meeting date, where the title or the
    committee is the paper's own. A title that is only the file name says nothing (both
    `Agenda.pdf`s have it), nor does a date alone (many committees meet on one day)."""
    if earlier is None or new is None:
        return False
    stem = Path(name).stem.strip().lower()

    def own(meta: DocumentMeta) -> tuple:
        title = meta.title if (meta.title or "").strip().lower() != stem else None
        return (title, meta.committee, meta.date)

    first, second = own(earlier), own(new)
    return first == second and bool(first[0] or first[1])


def numbered(name: str, n: int) -> str:
    """`Agenda.pdf`, `Agenda-2.pdf`, `Agenda-3.pdf` …"""
    stem, suffix = Path(name).stem, Path(name).suffix
    return name if n == 1 else f"{stem}-{n}{suffix}"


def _meta_of(data: bytes, name: str) -> DocumentMeta | None:
    """The paper's own metadata, read from a copy under its real name (a paper with no
    title on its cover is titled after its file name)."""
    try:
        with tempfile.TemporaryDirectory(prefix="member-bot-upload-") as scratch:
            path = Path(scratch) / name
            path.write_bytes(data)
            return build_paper(path, "").meta
    except (ExtractionError, OSError, ValueError):
        return None


NEW, UNCHANGED, REPLACED, BESIDE = "new", "unchanged", "replaced", "beside"


def place_upload(bot: BotServices, folder: Path, data: bytes, name: str) -> tuple[Path, str]:
    """Where an upload called `name` goes, and how: over the earlier upload of that name
    when it is the same paper (REPLACED, or UNCHANGED for the same bytes), else under the
    first free numbered name (BESIDE another paper of that name, or NEW)."""
    new_meta: DocumentMeta | None = None
    n = 1
    while (candidate := folder / numbered(name, n)).exists():
        if candidate.read_bytes() == data:
            return candidate, UNCHANGED
        earlier = store.get_document(bot.conn(), source_key(candidate))
        if earlier is None:  # never indexed (it failed): nothing quotable to keep apart
            return candidate, REPLACED
        if new_meta is None:
            new_meta = _meta_of(data, name) or DocumentMeta()
        if same_paper(earlier.meta, new_meta, name):
            return candidate, REPLACED
        n += 1
    return candidate, NEW if n == 1 else BESIDE


def download(bot: BotServices, file: dict, folder: Path) -> tuple[Path, str]:
    """Fetch an upload with the bot token; returns where it was saved and how (see
    `place_upload`)."""
    url = file.get("url_private_download") or file.get("url_private") or ""
    if not _trusted(bot, url):
        raise ValueError(f"not a Slack file address: {url or '(none)'}")
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {bot.settings.bot_token}"}
    )
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_name(file.get("name") or "paper")
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - checked above
        data = response.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError("larger than 100 MB")
    if data[:15].lower().startswith(b"<!doctype html") or data[:5].lower() == b"<html":
        raise ValueError("Slack sent a web page, not the file (is the files:read scope granted?)")
    target, how = place_upload(bot, folder, data, name)
    partial = target.with_name(f".{target.name}.part")  # hidden: never indexed half-written
    partial.write_bytes(data)
    partial.replace(target)
    return target, how


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

    def work() -> str:
        saved: list[Path] = []
        problems: list[str] = [f"• skipped `{name}`: not a PDF or .docx" for name in skipped]
        notes: list[str] = []
        for file in wanted:
            try:
                path, how = download(bot, file, bot.settings.uploads_path)
            except (OSError, ValueError) as error:
                problems.append(f"• `{file.get('name')}`: couldn't download it ({error})")
                continue
            saved.append(path)
            if how == REPLACED:
                notes.append(f"• replaced earlier `{path.name}`")
            elif how == BESIDE:
                notes.append(
                    f"• `{file.get('name')}` is a different paper from the earlier one of that "
                    f"name, so both are kept (this one as `{path.name}`)"
                )
        text = "\n".join(notes + problems)
        if saved:
            old = [f for path in saved for f in superseded(path.parent, path.name)]
            for f in old:
                f.unlink(missing_ok=True)
            store.remove_documents(bot.conn(), [source_key(f) for f in old])
            summary = index_paths(bot.conn(), saved)
            summary.removed.extend(source_key(f) for f in old)
            text = summary_text(summary, what="Uploaded papers") + ("\n" + text if text else "")
        return text or "Nothing to index."

    def tell(text: str) -> None:
        bot.client.chat_postMessage(channel=channel, text=text)

    bot.client.chat_postMessage(
        channel=channel, text=f"Indexing {len(wanted)} paper(s); I'll tell you when it's done."
    )
    if not in_background(bot, work, tell, "member-bot-upload"):
        bot.client.chat_postMessage(
            channel=channel, text="A re-index is running; send the file again when it's done."
        )
