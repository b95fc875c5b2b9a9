"""HTTP mode behind gunicorn: Slack's Events API, interactivity and commands on /slack/events.

Why gunicorn (already a dependency; waitress would do on Windows): a pre-fork server
with threaded workers (gthread). Searching is CPU-bound Python, so one process per
core answers more members at once than threads alone (the GIL); each worker also has
threads for the Slack calls, which wait on the network. Several workers share the
SQLite file safely: event dedup is one INSERT, and only the holder of the outbox
lease sends retries and reminders. The app is built in each worker after the fork,
because SQLite connections and threads don't survive a fork. Bolt verifies each
request's signature itself.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication
from slack_bolt.adapter.wsgi import SlackRequestHandler

from member_bot.settings import Settings

EVENTS_PATH = "/slack/events"


def build_wsgi(settings: Settings, *, start_outbox: bool = True):
    """The WSGI callable serving `/slack/events` (404 elsewhere)."""
    from member_bot.slack.app import build_app

    return SlackRequestHandler(build_app(settings, start_outbox=start_outbox), path=EVENTS_PATH)


class _Gunicorn(BaseApplication):
    def __init__(self, settings: Settings, options: dict) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return build_wsgi(self.settings)


def run_http(settings: Settings, *, host: str, port: int, processes: int = 2) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": max(1, processes),
        "worker_class": "gthread",
        "threads": max(4, settings.workers),
        "timeout": 60,
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,
        "loglevel": "warning",
        "proc_name": "member-bot",
    }
    _Gunicorn(settings, options).run()
