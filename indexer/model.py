"""The data that flows through the indexer: file -> pages -> passages -> stored paper.

These dataclasses are the contract between the extractors, the segmenter, the
metadata parser and the store; keep them free of I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DOCUMENT_TYPES = (
    "report",
    "minutes",
    "agenda",
    "decision",
    "appendix",
    "questions",
    "officer_answer",
    "other",
)
CLASSIFICATIONS = ("unrestricted", "exempt")


@dataclass(frozen=True)
class Page:
    """One page of text as the extractor read it (`number` is None for unpaged formats)."""

    number: int | None
    text: str


@dataclass
class ExtractedPaper:
    """What an extractor returns: the text page by page, plus any metadata the format carries.

    `front_matter` holds fields the file itself declares (Markdown YAML front matter,
    HTML <title>/<meta>, DOCX core properties); the metadata parser treats them as hints
    that the paper's own cover text may refine, and sidecars override both.
    `reflow` asks the segmenter to join lines into paragraphs because the source put
    every line in a paragraph of its own (Markdown converted from PDF).
    """

    pages: list[Page]
    paged: bool
    front_matter: dict[str, str] = field(default_factory=dict)
    reflow: bool = False
    # (where, text) outside the body that may carry a classification marking: raw front
    # matter, Word page headers/footers and text boxes, a web page's header and footer.
    margins: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Passage:
    """One numbered point or one block of prose, as the paper has it.

    `para` is the paper's own reference normalised the way a member cites it
    ("3(1)", "2(g)", "87.1(b)", "01/20"); None for unnumbered prose.
    `page` is the page the passage starts on (None for unpaged formats).
    `context` is a list's lead-in sentence kept with each of its items.
    """

    text: str
    para: str | None = None
    heading: str | None = None
    page: int | None = None
    kind: str = "prose"  # prose | numbered | item | resolved | officer_answer
    context: str | None = None


@dataclass
class DocumentMeta:
    """A paper's metadata, parsed from its own text and overridden by sidecars."""

    title: str | None = None
    type: str = "other"
    committee: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd: the meeting a report goes to / minutes record
    author: str | None = None
    contact: str | None = None
    classification: str = "unrestricted"
    source: str = ""
    url: str | None = None
    classification_reason: str | None = None  # the marking that decided it, for `stats`
    # Where the paper sits in the library an admin indexed ("corpus-real/kent/cabinet/a.pdf"):
    # its folders there may name its council, committee or year; the folders above it on
    # this machine name nothing. Empty for a paper stored before it was recorded, until
    # the next run that finds the paper.
    library_path: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def filed_as(self) -> str:
        """The path whose folders and file name may describe the paper."""
        return self.library_path or self.source


@dataclass
class IndexedPaper:
    """Everything the store needs to replace one paper in a single transaction."""

    meta: DocumentMeta
    passages: list[Passage]
    content_hash: str
    page_count: int | None = None


class ExtractionError(Exception):
    """A file that cannot be read into text; `reason` is said to an admin as it is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
