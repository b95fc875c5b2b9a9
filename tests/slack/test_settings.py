"""Settings: one place reads the environment, which wins over member-bot.toml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from member_bot.settings import Settings, SettingsError


def test_environment_wins_over_the_file(tmp_path: Path):
    config = tmp_path / "member-bot.toml"
    config.write_text(
        'slack_bot_token = "xoxb-from-file"\n'
        'member_bot_officer_channel = "CFILE"\n'
        'member_bot_admins = ["U1", "U2"]\n'
        "member_bot_sla_days = 5\n"
        'member_bot_holidays = ["2025-12-24"]\n'
        'member_bot_papers = ["/srv/papers one", "/srv/two"]\n',
        encoding="utf-8",
    )
    env = {"SLACK_BOT_TOKEN": "xoxb-from-env", "MEMBER_BOT_EXEMPT_READERS": "U7, U8 U9"}
    settings = Settings.load(env, config)
    assert settings.bot_token == "xoxb-from-env"
    assert settings.officer_channel == "CFILE"
    assert settings.admins == frozenset({"U1", "U2"})
    assert settings.exempt_readers == frozenset({"U7", "U8", "U9"})
    assert settings.sla_working_days == 5
    assert settings.extra_holidays == frozenset({date(2025, 12, 24)})
    assert settings.papers == (Path("/srv/papers one"), Path("/srv/two"))
    assert settings.config_file == config


def test_defaults_without_a_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.load({})
    assert settings.api_base_url == "https://slack.com/api/"
    assert settings.db_path == Path("member_bot.db")
    assert settings.sla_working_days == 10
    assert not settings.is_admin("U1") and not settings.may_read_exempt(None)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"MEMBER_BOT_SLA_DAYS": "ten"}, "MEMBER_BOT_SLA_DAYS in the environment"),
        ({"MEMBER_BOT_SLA_DAYS": "0"}, "at least 1 working day"),
        ({"MEMBER_BOT_HOLIDAYS": "24/12/2025"}, "use YYYY-MM-DD"),
    ],
)
def test_bad_values_name_the_setting(tmp_path: Path, monkeypatch, env, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match=message):
        Settings.load(env)


def test_unknown_or_broken_file_is_reported(tmp_path: Path):
    config = tmp_path / "member-bot.toml"
    config.write_text('slack_bot_tokn = "x"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting 'slack_bot_tokn'"):
        Settings.load({}, config)
    config.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        Settings.load({}, config)
    with pytest.raises(SettingsError, match="no settings file"):
        Settings.load({}, tmp_path / "missing.toml")


def test_officers_are_nobody_until_configured(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    default = Settings.load({})
    assert not default.officers_configured and default.officer_group is None
    assert default.allow_public_officer_channel is False
    config = tmp_path / "member-bot.toml"
    config.write_text(
        'member_bot_officers = ["U1"]\nmember_bot_allow_public_officer_channel = true\n',
        encoding="utf-8",
    )
    from_file = Settings.load({}, config)
    assert from_file.officers == frozenset({"U1"}) and from_file.allow_public_officer_channel
    env = {"MEMBER_BOT_OFFICER_GROUP": "S0123", "MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL": "no"}
    from_env = Settings.load(env, config)
    assert from_env.officer_group == "S0123" and from_env.officers_configured
    assert from_env.allow_public_officer_channel is False
    with pytest.raises(SettingsError, match="'maybe' is not true or false"):
        Settings.load({"MEMBER_BOT_ALLOW_PUBLIC_OFFICER_CHANNEL": "maybe"})
