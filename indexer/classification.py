"""Reading a paper's classification marking: `exempt` or `unrestricted` (pure).

Fail safe: an exempt word anywhere in the marking wins over a public one ("Exempt -
not open to the public"), and a marking we cannot read is treated as exempt, because
quoting a Part 2 paper in a channel is far worse than hiding a public one (which an
admin sees in `member-bot stats` and can override in a sidecar).
"""

from __future__ import annotations

import re

EXEMPT_MARKING = re.compile(
    r"(?<!un)restricted|\bexempt|\bconfidential|\bnot\s+for\s+(?:publication|publishing)|"
    r"\bpart\s*(?:2|ii|two)\b|\bprivate\b|schedule\s*12\s*a|\bofficial[\s-]*sensitive|"
    r"\b(?:press|public)\s+(?:and\s+(?:press|public)\s+)?(?:are\s+)?excluded|\bsecret\b|"
    r"\bclosed\s+(?:session|meeting)|\bnot\s+(?:open\s+)?(?:to|for)\s+(?:the\s+)?public",
    re.IGNORECASE,
)
PUBLIC_MARKING = re.compile(
    r"\bunrestricted\b|\bpublic\b|\bopen\b|\bfor\s+publication\b|\bpart\s*(?:1|i|one)\b|"
    r"\bofficial\b|\bnot\s+(?:exempt|restricted|confidential)\b",
    re.IGNORECASE,
)


def read_marking(value: str) -> str | None:
    """'exempt', 'unrestricted', or None when the marking says neither."""
    text = re.sub(r"\bnot\s+(?:exempt|restricted|confidential)\b", "public", value, flags=re.I)
    if EXEMPT_MARKING.search(text):
        return "exempt"
    if PUBLIC_MARKING.search(text):
        return "unrestricted"
    return None


def classify_marking(value: str) -> str:
    """A `Classification:` value as stored: unreadable markings count as exempt."""
    return read_marking(value) or "exempt"
