"""The bot's settings: the one place that reads the environment and `member-bot.toml`.

Everything else receives a `Settings`. The environment wins over the file, so a
council can keep the non-secret settings in `member-bot.toml` (in the working
directory, or wherever `MEMBER_BOT_CONFIG` points) and pass the tokens as
environment variables from its secret store.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10
    tomllib = None  # type: ignore[assignment]

from member_bot.followups import DEFAULT_SLA_WORKING_DAYS, parse_holidays

CONFIG_FILE = "member-bot.toml"
DEFAULT_DB = "member_bot.db"
DEFAULT_API_BASE_URL = "https://slack.com/api/"


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


# env name -> (field name, kind). The file uses the same names, in any case.
_FIELDS: dict[str, tuple[str, str]] = {
    "SLACK_BOT_TOKEN": ("bot_token", "str"),
    "SLACK_APP_TOKEN": ("app_token", "str"),
    "SLACK_SIGNING_SECRET": ("signing_secret", "str"),
    "SLACK_API_BASE_URL": ("api_base_url", "str"),
    "MEMBER_BOT_DB": ("db_path", "path"),
    "MEMBER_BOT_OFFICER_CHANNEL": ("officer_channel", "str"),
    "MEMBER_BOT_ADMINS": ("admins", "ids"),
    "MEMBER_BOT_OFFICERS": ("officers", "ids"),
    "MEMBER_BOT_OFFICER_GROUP": ("officer_group", "str"),
    "MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL": ("allow_public_officer_channel", "bool"),
    "MEMBER_BOT_EXEMPT_READERS": ("exempt_readers", "ids"),
    "MEMBER_BOT_SLA_DAYS": ("sla_working_days", "int"),
    "MEMBER_BOT_HOLIDAYS": ("extra_holidays", "dates"),
    "MEMBER_BOT_PAPERS": ("papers", "paths"),
    "MEMBER_BOT_UPLOADS": ("uploads_dir", "path"),
    "MEMBER_BOT_OUTBOX_SECONDS": ("outbox_seconds", "float"),
    "MEMBER_BOT_WORKERS": ("workers", "int"),
}


@dataclass(frozen=True)
class Settings:
    """What the running bot needs to know; see `docs/slack-setup.md` for each setting."""

    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    api_base_url: str = DEFAULT_API_BASE_URL
    db_path: Path = Path(DEFAULT_DB)
    officer_channel: str | None = None
    admins: frozenset[str] = frozenset()
    officers: frozenset[str] = frozenset()  # who may claim, answer, close and withdraw
    officer_group: str | None = None  # a Slack user group (S…) whose members are officers too
    allow_public_officer_channel: bool = False  # serve refuses a public officers' channel
    exempt_readers: frozenset[str] = frozenset()
    sla_working_days: int = DEFAULT_SLA_WORKING_DAYS
    extra_holidays: frozenset[date] = frozenset()
    papers: tuple[Path, ...] = ()  # what /reindex re-indexes (default: papers already indexed)
    uploads_dir: Path | None = None  # where admins' uploaded papers are kept
    outbox_seconds: float = 30.0  # how often unsent follow-ups and answers are retried
    workers: int = 8  # threads answering at once
    config_file: Path | None = field(default=None, compare=False)

    @property
    def uploads_path(self) -> Path:
        """Uploaded papers live beside the database unless configured otherwise."""
        return self.uploads_dir or self.db_path.resolve().parent / "uploaded-papers"

    def is_admin(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.admins

    @property
    def officers_configured(self) -> bool:
        """Whether anyone at all can act as an officer (nobody is, by default)."""
        return bool(self.officers or self.officer_group)

    def may_read_exempt(self, user_id: str | None) -> bool:
        return bool(user_id) and user_id in self.exempt_readers

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **changes)

    @classmethod
    def load(
        cls, env: Mapping[str, str] | None = None, config_file: Path | None = None
    ) -> Settings:
        """Settings from `config_file` (or member-bot.toml), then the environment on top."""
        env = os.environ if env is None else env
        path = config_file or Path(env.get("MEMBER_BOT_CONFIG") or CONFIG_FILE)
        values: dict[str, object] = {}
        from_file = _read_toml(path, required=config_file is not None)
        for key, raw in from_file.items():
            name = key.upper()
            if name not in _FIELDS:
                raise SettingsError(
                    f"{path}: unknown setting {key!r} (known: {', '.join(sorted(_FIELDS))})"
                )
            values[_FIELDS[name][0]] = _convert(name, raw, source=str(path))
        for name, (attr, _) in _FIELDS.items():
            raw = env.get(name)
            if raw is not None and raw.strip() != "":
                values[attr] = _convert(name, raw, source="environment")
        settings = cls(config_file=path if from_file else None, **values)  # type: ignore[arg-type]
        if settings.sla_working_days < 1:
            raise SettingsError("MEMBER_BOT_SLA_DAYS must be at least 1 working day")
        if settings.workers < 1:
            raise SettingsError("MEMBER_BOT_WORKERS must be at least 1")
        return settings


def _read_toml(path: Path, *, required: bool) -> dict:
    if not path.exists():
        if required:
            raise SettingsError(f"no settings file at {path}")
        return {}
    if tomllib is None:  # pragma: no cover
        raise SettingsError(f"{path}: reading TOML needs Python 3.11 or later")
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from error
    # Accept a [member-bot] table or top-level keys.
    return data.get("member-bot", data) if isinstance(data.get("member-bot"), dict) else data


def _convert(name: str, raw: object, *, source: str) -> object:
    kind = _FIELDS[name][1]
    try:
        if kind == "str":
            return str(raw).strip()
        if kind == "path":
            return Path(str(raw)).expanduser()
        if kind == "int":
            return int(raw)  # type: ignore[call-overload]
        if kind == "float":
            return float(raw)  # type: ignore[arg-type]
        if kind == "bool":
            return _boolean(raw)
        if kind == "ids":
            return frozenset(_split(raw))
        if kind == "paths":  # paths may hold spaces: separate them with commas or os.pathsep
            items = raw if isinstance(raw, list) else str(raw).replace(os.pathsep, ",").split(",")
            return tuple(Path(str(p).strip()).expanduser() for p in items if str(p).strip())
        if kind == "dates":
            return parse_holidays(",".join(_split(raw)))
    except (TypeError, ValueError) as error:
        raise SettingsError(f"{name} in the {source}: {error}") from error
    raise AssertionError(kind)


_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def _boolean(raw: object) -> bool:
    """A TOML boolean, or true/false (yes/no, on/off, 1/0) from the environment."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError(f"{raw!r} is not true or false")


def _split(raw: object) -> list[str]:
    """A list from TOML, or "U1, U2" / "U1 U2" from the environment."""
    items = raw if isinstance(raw, list) else str(raw).replace(",", " ").split()
    return [str(item).strip() for item in items if str(item).strip()]
