"""`member-bot index | show | stats`: the admin's view of the indexer (other tools rely on it)."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from indexer import store
from indexer.run import IndexSummary, index_paths
from member_bot.commands.common import db_option, open_index


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--prune", is_flag=True, help="Remove papers whose file is gone.")
@click.option("--full", is_flag=True, help="Re-index every file, even unchanged ones.")
@click.option("--quiet", is_flag=True, help="No progress bar and no summary (exit status only).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def index(
    paths: tuple[Path, ...], db_path: Path, prune: bool, full: bool, quiet: bool, as_json: bool
) -> None:
    """Index the papers in PATHS (files or folders, walked recursively).

    Exits non-zero when any file failed; the rest of the batch is indexed anyway.
    """
    conn = open_index(db_path, must_exist=False)
    summary = run_with_progress(conn, paths, prune=prune, full=full, show=not (quiet or as_json))
    if as_json:
        click.echo(json.dumps(summary.as_json(), indent=2))
    elif not quiet:
        print_summary(summary, db_path)
    if summary.failed:
        sys.exit(1)


def run_with_progress(conn, paths, *, prune: bool, full: bool, show: bool) -> IndexSummary:
    """Index with a progress bar on a terminal (stderr), silent otherwise."""
    console = Console(stderr=True)
    if not (show and console.is_terminal):
        return index_paths(conn, paths, prune=prune, full=full)
    progress = Progress(
        TextColumn("[bold]Indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    )
    task = progress.add_task("", total=None)
    with progress if show else nullcontext():
        return index_paths(
            conn,
            paths,
            prune=prune,
            full=full,
            on_start=lambda total: progress.update(task, total=total),
            on_file=lambda path: progress.update(task, advance=1, description=path.name[:40]),
        )


def print_summary(summary: IndexSummary, db_path: Path) -> None:
    counts = summary.counts()
    click.echo(
        f"{counts['indexed']} indexed, {counts['unchanged']} unchanged, "
        f"{counts['removed']} removed, {counts['failed']} failed  ({db_path})"
    )
    for failure in summary.failed:
        click.echo(f"  failed: {failure.path}: {failure.reason}", err=True)
    if summary.withdrawn:
        click.echo(
            f"{len(summary.withdrawn)} paper(s) withdrawn from search until their metadata "
            "sidecar is fixed (see above)",
            err=True,
        )


@click.command()
@click.argument("paper")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def show(paper: str, db_path: Path, as_json: bool) -> None:
    """Show how one PAPER (path, tail of its path, or id) was indexed."""
    conn = open_index(db_path)
    document = store.get_document(conn, paper)
    if document is None:
        raise click.ClickException(f"no indexed paper matches {paper!r} (try `member-bot stats`)")
    passages = store.document_passages(conn, document.id)
    meta = document.meta
    payload = {
        "document": {
            "id": document.id,
            "title": meta.title,
            "type": meta.type,
            "committee": meta.committee,
            "date": meta.date,
            "author": meta.author,
            "contact": meta.contact,
            "classification": meta.classification,
            "classification_reason": meta.classification_reason,
            "source": meta.source,
            "url": meta.url,
        },
        "passages": [
            {"para": p.para, "heading": p.heading, "page": p.page, "text": p.text} for p in passages
        ],
    }
    if as_json:
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for key, value in payload["document"].items():
        click.echo(f"{key:>21}: {value if value is not None else '-'}")
    click.echo()
    for p in passages:
        where = " ".join(
            part
            for part in (
                f"para {p.para}" if p.para else "",
                f"p.{p.page}" if p.page else "",
                f"[{p.heading}]" if p.heading else "",
            )
            if part
        )
        click.echo(f"-- {where}")
        click.echo(p.text)
        click.echo()


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats(db_path: Path, as_json: bool) -> None:
    """Papers and passages by type and committee, the last run, failures, and every
    exempt or withdrawn paper with the reason."""
    conn = open_index(db_path)
    figures = store.index_stats(conn)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    console = Console(soft_wrap=True)
    console.print(
        f"[bold]{figures['papers']}[/] papers, [bold]{figures['passages']}[/] passages "
        f"({figures['exempt_papers']} exempt papers) in {db_path}"
    )
    for label, key in (("Type", "by_type"), ("Committee", "by_committee")):
        table = Table(label, "Papers", "Passages")
        for row in figures[key]:
            table.add_row(row["name"] or "(unknown)", str(row["papers"]), str(row["passages"]))
        console.print(table)
    run = figures["last_run"]
    if run:
        console.print(
            f"Last indexed {run['finished_at']}: {run['indexed']} indexed, "
            f"{run['unchanged']} unchanged, {run['removed']} removed, {run['failed']} failed"
        )
    withdrawn = {paper["path"] for paper in figures["withdrawn"]}
    failed = [f for f in figures["failures"] if f["path"] not in withdrawn]  # listed below
    if failed:
        console.print(f"[bold red]{len(failed)} file(s) failed to index:[/]")
        for failure in failed:
            console.print(f"  {failure['path']}: {failure['reason']}", markup=False, soft_wrap=True)
    print_exempt(console, figures)


def print_exempt(console: Console, figures: dict) -> None:
    """Exempt papers and why each was judged so, then papers withdrawn from search, so an
    admin can check a marking and override it in a sidecar if it is wrong."""
    if figures["exempt"]:
        console.print(f"[bold]{len(figures['exempt'])} exempt paper(s), never quoted in public:[/]")
        for paper in figures["exempt"]:
            console.print(f"  {paper['path']}", markup=False, soft_wrap=True)
            console.print(f"    because {paper['reason']}", markup=False, soft_wrap=True)
    if figures["withdrawn"]:
        console.print(
            f"[bold red]{len(figures['withdrawn'])} paper(s) withdrawn from search "
            "until their sidecar is fixed:[/]"
        )
        for paper in figures["withdrawn"]:
            console.print(f"  {paper['path']}: {paper['reason']}", markup=False, soft_wrap=True)
