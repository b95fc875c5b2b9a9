"""The paper's own paragraph references: recognise a marker, and cite it as a member would.

Markers seen in council papers: "1." "1.2" "1.2.3" (points), "(1)" (sub-points),
"(a)" "a)" (items), "(i)" "iv)" (sub-items), "01/20" "204/20" "16/05/1" (parish minutes),
bullets. `Marker` says what kind a marker is; `Numbering` keeps the running
reference so an item under point 2 of minute 87 is cited `87.2(b)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")

# Order matters: the longest, most specific forms first.
MARKER = re.compile(
    r"""^\s*(?:
        (?P<slash>\d{1,3}/\d{2}(?:/\d{1,2})?)(?![/\d])\.?  # parish minute 01/20, 16/05/1
      | (?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?!\d)    # 2.3  1.2.1
      | (?P<top>\d{1,3})(?:\.|\s*\))(?!\d)                # 1.  3)
      | \((?P<paren>\d{1,2})\)                            # (1)
      | \(?(?P<letter>[a-zA-Z]|[ivxIVX]{1,5})\)           # (a) a) (iv) iv)
      | (?P<capdot>[A-H])\.(?=\s+[A-Z])                   # A. Agree to...
      | (?P<bullet>[•●▪■◦‣⁃∙·\uf0b7\uf0a7\uf076\uf0d8\uf0fc*]|-(?=\s))
      | (?P<sub>o)(?=\s+\S)                               # "o" sub-bullet from Word
    )(?:\s+|$|(?<=\.)(?=[A-Z]{2}|[A-Z][a-z])|(?<=\))(?=[A-Z][a-z]))""",  # "(c)The 4-5 lights"
    re.VERBOSE,
)


@dataclass(frozen=True)
class Marker:
    """One paragraph marker: `kind` is slash|dotted|top|paren|letter|roman|bullet|sub."""

    kind: str
    value: str  # normalised: "2.3", "1", "a", "iv", "01/20"; "" for bullets
    end: int  # where the marker ends in the line


@lru_cache(maxsize=8192)
def parse_marker(line: str, previous_letter: str | None = None) -> Marker | None:
    """The marker a line starts with, if any; `previous_letter` settles "(i)" letter vs roman.

    Cached: the segmenter asks about the same line several times (Marker is immutable)."""
    match = MARKER.match(line)
    if not match:
        return None
    end = match.end()
    kind = match.lastgroup  # exactly one of the alternatives' groups took part
    if kind in ("slash", "dotted", "top", "paren"):
        value = match.group(kind)
        if kind == "dotted" and any(int(part) > 99 for part in value.split(".")):
            return None
        if kind == "top":  # "07." is point 7, but "0." is point 0, not ""
            value = value.lstrip("0") or "0"
        return Marker(kind, value, end)
    if kind == "capdot":
        return Marker("letter", match.group("capdot").lower(), end)
    if kind == "letter":
        letter = match.group("letter")
        low = letter.lower()
        if len(low) == 1 and low not in "ivx":
            return Marker("letter", low, end)
        if low in ROMANS and not _is_letter_in_sequence(low, previous_letter):
            return Marker("roman", low, end)
        if len(low) == 1:
            return Marker("letter", low, end)
        return None
    if kind == "bullet":
        return Marker("bullet", "", end)
    return Marker("sub", "", end)


def _is_letter_in_sequence(token: str, previous_letter: str | None) -> bool:
    """'(i)' after '(h)' is the ninth item, not roman one; likewise (v) after (u), (x) after (w)."""
    if previous_letter is None or len(token) != 1:
        return False
    return ord(token) == ord(previous_letter) + 1


@dataclass
class Numbering:
    """The running reference: minute/section number, point, sub-point and item.

    `minute` comes from numbered headings ("87. Cabinet Member Updates", "3. Committees");
    a point numbered 1 under it starts sub-numbering (`87.1`); points that instead carry
    on the heading sequence stand on their own.
    """

    minute: str | None = None
    point: str | None = None
    sub_points: bool = False
    paren: str | None = None
    letter: str | None = None
    roman: str | None = None
    last_letter: str | None = None
    nested: bool = False  # points 1., 2. of a list inside the current point, kept as (1), (2)
    history: list[str] = field(default_factory=list)

    def heading(self, value: str | None) -> None:
        """A numbered (or unnumbered) heading opens a new section."""
        if value is not None:
            self.minute = value
            self.point = None
            self.sub_points = False
        self._clear_below_point()

    def _clear_below_point(self) -> None:
        self.paren = self.letter = self.roman = self.last_letter = None
        self.nested = False

    def apply(self, marker: Marker) -> None:
        """Move the reference on for a paragraph that starts with `marker`."""
        if marker.kind == "slash":  # a parish minute number opens a minute
            self.minute, self.point, self.sub_points = marker.value, None, False
            self._clear_below_point()
        elif marker.kind == "dotted":
            self.point = marker.value
            self.sub_points = False
            self._clear_below_point()
        elif marker.kind == "top":
            if self._nested_top(marker.value):
                return
            if self.minute is not None and (marker.value == "1" or self.sub_points):
                self.sub_points = True
                self.point = marker.value
            else:
                if self.minute is not None and not self.sub_points:
                    self.minute = None
                self.point = marker.value
            self._clear_below_point()
        elif marker.kind == "paren":
            self.paren = marker.value
            self.letter = self.roman = self.last_letter = None
        elif marker.kind == "letter":
            self.letter = marker.value
            self.last_letter = marker.value
            self.roman = None
        elif marker.kind == "roman":
            self.roman = marker.value

    def _nested_top(self, value: str) -> bool:
        """A list numbered 1., 2. inside point 3 of a minute (a quoted motion's own points):
        its points are cited under point 3 as 281.3(1), 281.3(2), never as 281.1, which is
        another paragraph of the same minute. The next point of the minute ("4)") ends it."""
        if not (self.minute is not None and self.sub_points and self.point and value.isdigit()):
            return False
        number, point = int(value), int(self.point) if self.point.isdigit() else 0
        if self.nested and self.paren is not None and number == int(self.paren) + 1:
            self.paren = value
        elif number == 1 and point > 1 and self.paren is None:
            self.nested, self.paren = True, value
        else:
            self.nested = False
            return False
        self.letter = self.roman = self.last_letter = None
        return True

    def base(self) -> str | None:
        """The reference down to the point: "87.1", "2.3", "1", "01/20"."""
        if self.point is None:
            return self.minute
        if self.minute is not None and self.sub_points:
            return f"{self.minute}.{self.point}"
        return self.point

    def current(self) -> str | None:
        """The full reference of the latest marker: "1(1)", "2(g)", "87.1(b)(ii)"."""
        parts = self.base() or ""
        for value in (self.paren, self.letter, self.roman):
            if value is not None:
                parts += f"({value})"
        return parts or None
