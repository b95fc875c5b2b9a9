"""`member-bot serve`: run the Slack bot, over Socket Mode (default) or HTTP behind gunicorn.

Before anything starts, the tokens are checked with Slack (`auth.test`,
`apps.connections.open`), so a missing or wrong token is one line saying which
setting to fix, not a traceback from deep inside a worker. So are the officers: a
public officers' channel stops it (unless the admin opts in), and so does an
officers' user group Slack won't list.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import click
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from member_bot.commands.common import check_scorer
from member_bot.settings import Settings, SettingsError


@contextmanager
def _quiet_sdk():
    """slack_sdk logs each failed call at ERROR; our one-line message says it better."""
    sdk = logging.getLogger("slack_sdk")
    was = sdk.disabled
    sdk.disabled = True
    try:
        yield
    finally:
        sdk.disabled = was


def load_settings(config: Path | None, db_path: Path | None) -> Settings:
    try:
        settings = Settings.load(config_file=config)
    except SettingsError as error:
        raise click.ClickException(str(error)) from error
    return settings.with_overrides(db_path=db_path) if db_path else settings


def check_bot_token(settings: Settings) -> dict:
    """auth.test with SLACK_BOT_TOKEN; a ClickException an admin can act on if it fails."""
    if not settings.bot_token:
        raise click.ClickException(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your "
            "Slack app's OAuth & Permissions page (see docs/slack-setup.md)"
        )
    client = _client(settings)
    return _call_slack(
        settings,
        client.auth_test,
        refused="Slack refused SLACK_BOT_TOKEN ({reason}): check the token on your app's "
        "OAuth & Permissions page and that the app is installed in the workspace",
        unreachable=": check the network or SLACK_API_BASE_URL",
    )


def _call_slack(settings: Settings, call, *, refused: str, unreachable: str = "") -> dict:
    """One start-up check against Slack; its failure as one line an admin can act on."""
    try:
        with _quiet_sdk():
            return call().data  # type: ignore[return-value]
    except SlackApiError as error:
        reason = error.response.get("error") or f"HTTP {error.response.status_code}"
        raise click.ClickException(refused.format(reason=reason)) from error
    except (SlackClientError, OSError) as error:
        raise click.ClickException(
            f"can't reach Slack at {settings.api_base_url} ({error}){unreachable}"
        ) from error


def check_app_token(settings: Settings) -> None:
    if not settings.app_token:
        raise click.ClickException(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-…) with "
            "connections:write, or run `member-bot serve --http --port N` behind a public URL"
        )
    if not settings.app_token.startswith("xapp-"):
        raise click.ClickException(
            "SLACK_APP_TOKEN should be an app-level token starting with xapp- "
            "(Basic Information → App-Level Tokens), not a bot or user token"
        )
    client = WebClient(base_url=settings.api_base_url, timeout=15)
    app_token = settings.app_token
    _call_slack(
        settings,
        lambda: client.apps_connections_open(app_token=app_token),
        refused="Slack refused SLACK_APP_TOKEN ({reason}): create an app-level token with the "
        "connections:write scope and turn Socket Mode on",
    )


def _client(settings: Settings) -> WebClient:
    return WebClient(token=settings.bot_token, base_url=settings.api_base_url, timeout=15)


def check_officer_channel(settings: Settings) -> None:
    """Refuse a public officers' channel: whoever joins it reads members' questions, and
    the follow-ups' buttons are one officers' list mistake away from anyone's hands."""
    channel_id = settings.officer_channel
    if not channel_id:
        click.echo(
            "warning: MEMBER_BOT_OFFICER_CHANNEL is not set; follow-ups are stored but not "
            "posted to officers until it is",
            err=True,
        )
        return
    client = _client(settings)
    info = _call_slack(
        settings,
        lambda: client.conversations_info(channel=channel_id),
        refused=f"can't check the officers' channel {channel_id} ({{reason}}): check "
        "MEMBER_BOT_OFFICER_CHANNEL and /invite @Member Bot into that channel",
    )
    if (info.get("channel") or {}).get("is_private"):
        return
    if not settings.allow_public_officer_channel:
        raise click.ClickException(
            f"the officers' channel {channel_id} is public: anyone who joins it sees members' "
            "questions; make it private, or set MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL=true "
            "(see docs/slack-setup.md)"
        )
    click.echo(
        f"warning: the officers' channel {channel_id} is public "
        "(MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL); anyone who joins it sees members' questions",
        err=True,
    )


def check_officers(settings: Settings) -> None:
    """Nobody is an officer unless configured; a user group Slack won't list is an error."""
    if not settings.officers_configured:
        click.echo(
            "warning: no officers configured (MEMBER_BOT_OFFICERS or MEMBER_BOT_OFFICER_GROUP): "
            "nobody can claim, answer or close follow-ups in Slack",
            err=True,
        )
        return
    group = settings.officer_group
    if not group:
        return
    client = _client(settings)
    _call_slack(
        settings,
        lambda: client.usergroups_users_list(usergroup=group),
        refused=f"Slack won't list MEMBER_BOT_OFFICER_GROUP {group} ({{reason}}): give the user "
        "group's ID (S…) and add the usergroups:read scope to the app",
    )


def warn_if_empty(settings: Settings) -> None:
    """An empty index answers nothing: say so at start-up rather than to every member."""
    from indexer import store

    try:
        papers = store.paper_count(store.connect(settings.db_path))
    except sqlite3.DatabaseError as error:
        raise click.ClickException(
            f"{settings.db_path} is not a member-bot database ({error}): check MEMBER_BOT_DB"
        ) from error
    if not papers:
        click.echo(
            f"warning: no papers in {settings.db_path} yet: run `member-bot index PATH "
            f"--db {settings.db_path}` (admins can also /reindex or upload papers)",
            err=True,
        )


@click.command()
@click.option(
    "--http", "use_http", is_flag=True, help="Serve Slack's HTTP API instead of Socket Mode."
)
@click.option("--port", type=int, default=3000, show_default=True, envvar="PORT", help="HTTP port.")
@click.option("--host", default="0.0.0.0", show_default=True, help="HTTP address to listen on.")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=min(2, os.cpu_count() or 1),
    show_default="2, or 1 on a one-core machine",
    help="HTTP worker processes (each answers MEMBER_BOT_WORKERS questions at once).",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: member-bot.toml here, or MEMBER_BOT_CONFIG).",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The index database (default: MEMBER_BOT_DB, else member_bot.db).",
)
def serve(
    use_http: bool,
    port: int,
    host: str,
    processes: int,
    config: Path | None,
    db_path: Path | None,
) -> None:
    """Run the Slack bot: Socket Mode with SLACK_APP_TOKEN, or --http on /slack/events.

    Settings come from the environment, which wins over member-bot.toml; see
    docs/slack-setup.md for each one.
    """
    settings = load_settings(config, db_path)
    if use_http and not settings.signing_secret:
        raise click.ClickException(
            "SLACK_SIGNING_SECRET is not set: HTTP mode verifies every request with it "
            "(Basic Information → App Credentials → Signing Secret)"
        )
    identity = check_bot_token(settings)
    if not use_http:
        check_app_token(settings)
    check_officer_channel(settings)
    check_officers(settings)
    check_scorer()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    warn_if_empty(settings)
    click.echo(
        f"member-bot is {identity.get('user')} in {identity.get('team')}; "
        f"papers from {settings.db_path}",
        err=True,
    )
    if use_http:
        from member_bot.slack.http_server import run_http

        run_http(settings, host=host, port=port, processes=processes)
    else:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        from member_bot.slack.app import build_app

        app = build_app(settings, start_outbox=True)
        handler = SocketModeHandler(app, settings.app_token)
        click.echo("Connecting over Socket Mode; press Ctrl-C to stop.", err=True)
        try:
            handler.start()
        except KeyboardInterrupt:
            handler.close()
            click.echo("Stopped.", err=True)
