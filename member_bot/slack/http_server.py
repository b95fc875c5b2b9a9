"""HTTP mode behind gunicorn: Slack's Events API, interactivity and commands on /slack/events.

Why gunicorn (already a dependency) with ONE worker process and threads (gthread):
the outbox worker, the "one poster at a time" lock and Bolt's thread pool live in a
process, and answering is SQLite reads plus Slack calls that release the GIL, so
threads give the concurrency without several processes each running an outbox.
The app is built in the worker after the fork, because SQLite connections and
threads don't survive a fork. Bolt verifies each request's signature itself.
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


def run_http(settings: Settings, *, host: str, port: int) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": 1,
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
