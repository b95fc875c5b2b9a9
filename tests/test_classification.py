"""Classification markings: any exempt wording wins, and an unreadable one is exempt."""

from __future__ import annotations

import pytest

from indexer.classification import classify_marking, read_marking


@pytest.mark.parametrize(
    "marking",
    [
        "Exempt",
        "Exempt – not for public inspection",
        "Exempt - not open to the public",
        "Restricted: not for public access",
        "Exempt (paragraph 3, Schedule 12A) - press and public excluded",
        "Part II",
        "Part 2",
        "NOT FOR PUBLICATION",
        "Private and Confidential",
        "OFFICIAL-SENSITIVE",
        "Unrestricted (Appendix A is exempt)",
    ],
)
def test_exempt_markings(marking: str) -> None:
    assert read_marking(marking) == "exempt"


@pytest.mark.parametrize(
    "marking", ["Unrestricted", "Public", "Open", "For publication", "Part 1", "OFFICIAL"]
)
def test_public_markings(marking: str) -> None:
    assert read_marking(marking) == "unrestricted"


def test_unreadable_classification_is_treated_as_exempt() -> None:
    assert read_marking("Draft") is None
    assert classify_marking("Draft") == "exempt"
