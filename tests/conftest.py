"""Fixtures every test may use: an isolated environment and the real-corpus location."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"
REAL_CORPUS = SHARED / "corpus-real"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches a real database, token or config: all of them point into tmp_path."""
    db = tmp_path / "member_bot.db"
    monkeypatch.setenv("MEMBER_BOT_DB", str(db))
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_APP_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_API_BASE_URL",
        "MEMBER_BOT_OFFICER_CHANNEL",
        "MEMBER_BOT_ADMINS",
        "MEMBER_BOT_EXEMPT_READERS",
        "MEMBER_BOT_GLOSSARY",
    ):
        monkeypatch.delenv(name, raising=False)
    return db


@pytest.fixture
def real_corpus() -> Path:
    """The real council papers beside the checkout; the test is skipped when they are absent."""
    if not REAL_CORPUS.is_dir():
        pytest.skip("../shared/corpus-real is not beside this checkout")
    return REAL_CORPUS


@pytest.fixture
def corpus() -> Path:
    return CORPUS
