"""What the answer engine returns: the contract between search, the CLI and Slack.

Everything shown to a member as fact is a `quote` cut verbatim from a passage's
`text`. `answered` is False when the papers do not answer the question; then
`passages` holds at most the nearest passages: at `tier` "medium" a front end says they
may answer it and it is not certain; at "low" it labels them "possibly related". Only
"high" is presented as the answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from indexer.model import DocumentMeta


@dataclass
class QuotedPassage:
    passage_id: int
    quote: str
    text: str
    para: str | None
    heading: str | None
    page: int | None
    score: float
    document: DocumentMeta
    kind: str = "prose"
    # The same words in other papers (a report's recommendation in the minutes), each
    # cited: the member may want the paper where it was decided.
    also_in: list[QuotedPassage] = field(default_factory=list)

    def as_json(self) -> dict:
        """The `ask --json` shape of one passage."""
        d = self.document
        return {
            "quote": self.quote,
            "text": self.text,
            "para": self.para,
            "heading": self.heading,
            "page": self.page,
            "score": round(self.score, 4),
            "document": {
                "title": d.title,
                "type": d.type,
                "committee": d.committee,
                "date": d.date,
                "author": d.author,
                "classification": d.classification,
                "source": d.source,
                "url": d.url,
            },
            "also_in": [p.as_json() for p in self.also_in],
        }


@dataclass
class Answer:
    question: str
    answered: bool
    followup_suggested: bool
    passages: list[QuotedPassage] = field(default_factory=list)
    confidence: float = 0.0  # the scorer's probability that the best passage answers
    tier: str = "low"  # "high" (the answer), "medium" (may answer), "low" (declined)
    # What the member should know about how the question was read ("I didn't understand
    # before:tomorrow …"); shown by every front end, not part of the JSON contract.
    notices: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """Exactly the `member-bot ask --json` contract."""
        return {
            "question": self.question,
            "answered": self.answered,
            "followup_suggested": self.followup_suggested,
            "confidence": self.tier,
            "passages": [p.as_json() for p in self.passages],
        }

    def as_dict(self) -> dict:
        return asdict(self)
