"""A claim's printed page, counted from the OCR's page breaks between anchors.

Only a few printed page numbers survive in the OCR of *The Road to Terror*,
but the OCR marks the start of almost every page: a line that begins with
exactly one space, or the first line after a run of three or more blank
lines (:func:`find_breaks`). A line's page is therefore counted, not
interpolated:

- **anchors** say that a line is on a given page: the printed markers (a
  folio at the foot of its page or a running head at the top; the page it
  names is the page it sits on), the first line of the Introduction (p. 1),
  and entries of the book's own index that point at one passage beyond doubt;
- **breaks** between two anchors must number the difference of their pages;
- **corrections** record, with their evidence, where the OCR lost pages,
  missed a break, or marked a break that is none. A correction known only to
  lie somewhere between two lines leaves the lines in between a range.

A line's page is counted from the anchor before it and checked against the
anchor after it: where both counts agree (and no unlocated correction lies
around the line) the page is pinned; otherwise the line gets the range the two
counts allow (``low``..``high``), never a single guess. Lines of the front
matter (roman pages) get none.

The evidence lives in ``data/raw/pages/``, in CSV files a reader can check
against the text: ``<source_id>.csv`` (printed markers), and in the folder
``<source_id>/``: ``breaks.csv`` (every break line, derived from the text by
:func:`find_breaks`), ``index_anchors.csv`` and ``corrections.csv``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from repression_data.words import format_pages  # noqa: F401  (where it lived; the pages of a citation)

BREAK_KINDS = ("one_space", "blank_run")
PRINTED_KINDS = ("foot_folio", "running_head")
MARKER_KINDS = (*PRINTED_KINDS, "first_page", "front_matter_end")
CORRECTION_KINDS = ("lost_page", "missed_break", "false_break", "short_page")
PAGE_BASES = ("printed", "counted", "range")
BLANK_RUN = 3  # blank lines that mark a page break


def find_breaks(lines: list[str]) -> list[tuple[int, str]]:
    """Every page break the OCR marks, as (1-based line that starts a page, kind).

    A line that begins with exactly one space (``" peated in the labor camps"``)
    starts a page (``one_space``); so does the first non-blank line after a run
    of BLANK_RUN or more blank lines (``blank_run``; a run followed by a
    one-space line is one break, of kind ``blank_run``).
    """
    out, blank = [], 0
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            blank += 1
            continue
        if blank >= BLANK_RUN:
            out.append((number, "blank_run"))
        elif text.startswith(" ") and not text.startswith("  "):
            out.append((number, "one_space"))
        blank = 0
    return out


@dataclass(frozen=True)
class Anchor:
    """A line known to be on a page: a printed marker, the first page, or an index entry."""

    line: int
    page: int
    kind: str  # foot_folio, running_head, first_page, index


@dataclass(frozen=True)
class Correction:
    """``pages`` pages (signed) that the breaks miss somewhere after ``first_line``, by ``last_line``."""

    kind: str
    first_line: int
    last_line: int
    pages: int


@dataclass(frozen=True)
class PageRange:
    """The page of one line: ``low``..``high`` (equal when pinned) and how it is known."""

    low: int
    high: int
    basis: str  # printed, counted or range

    @property
    def pinned(self) -> int | None:
        return self.low if self.low == self.high else None


@dataclass(frozen=True)
class PageEvidence:
    """Breaks, anchors and corrections of one text; answers a line's page."""

    breaks: tuple[int, ...]
    anchors: tuple[Anchor, ...]
    corrections: tuple[Correction, ...] = ()
    front_matter_end: int = 0
    _count_lines: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _count_steps: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        steps: dict[int, int] = {}
        for line in self.breaks:
            steps[line] = steps.get(line, 0) + 1
        for c in self.corrections:
            steps[c.last_line] = steps.get(c.last_line, 0) + c.pages
        lines = sorted(steps)
        cumulative, total = [], 0
        for line in lines:
            total += steps[line]
            cumulative.append(total)
        object.__setattr__(self, "_count_lines", tuple(lines))
        object.__setattr__(self, "_count_steps", tuple(cumulative))
        object.__setattr__(self, "anchors", tuple(sorted(self.anchors, key=lambda a: (a.line, a.page))))

    def count(self, line: int) -> int:
        """Pages started at or before ``line``: breaks plus corrections that end by it."""
        i = bisect_right(self._count_lines, line)
        return self._count_steps[i - 1] if i else 0

    def _open(self, line: int) -> tuple[int, int]:
        """Pages of corrections whose place is unknown but lies around ``line``: (min, max) shift."""
        low = high = 0
        for c in self.corrections:
            if c.first_line < line < c.last_line:
                low, high = low + min(0, c.pages), high + max(0, c.pages)
        return low, high

    def without(self, anchor: Anchor) -> "PageEvidence":
        """The same evidence with one anchor left out (leave-one-out tests)."""
        return PageEvidence(self.breaks, tuple(a for a in self.anchors if a != anchor), self.corrections, self.front_matter_end)

    def counted_from(self, anchor: Anchor, line: int) -> int:
        """The page of ``line`` counted from ``anchor`` (either side of it)."""
        return anchor.page + self.count(line) - self.count(anchor.line)

    def segments(self) -> list[tuple[Anchor, Anchor, int, int]]:
        """(anchor, next anchor, pages counted between them, pages printed between them) for each pair."""
        return [(a, b, self.count(b.line) - self.count(a.line), b.page - a.page) for a, b in zip(self.anchors, self.anchors[1:])]

    def page_of(self, line: int) -> PageRange | None:
        """The page of a 1-based line, or None in the front matter and before the first anchor."""
        if line <= self.front_matter_end or not self.anchors:
            return None
        lines = [a.line for a in self.anchors]
        i = bisect_right(lines, line)
        if i == 0:
            return None
        before = self.anchors[i - 1]
        counts = [self.counted_from(before, line)]
        # anchors on the same line as ``line`` or after it check the count
        j = bisect_left(lines, line + 1)
        if j < len(self.anchors):
            counts.append(self.counted_from(self.anchors[j], line))
        shift_low, shift_high = self._open(line)
        low, high = min(counts) + shift_low, max(counts) + shift_high
        if low != high:
            return PageRange(low, high, "range")
        printed = any(a.kind in PRINTED_KINDS and a.page == low for a in self.anchors)
        return PageRange(low, high, "printed" if printed else "counted")

    def predict(self, anchor: Anchor) -> int:
        """An anchor's page counted from the anchor before it, the anchor itself left out."""
        others = self.without(anchor)
        earlier = [a for a in others.anchors if a.line <= anchor.line]
        if not earlier:
            later = [a for a in others.anchors if a.line > anchor.line]
            return others.counted_from(later[0], anchor.line)
        return others.counted_from(earlier[-1], anchor.line)


def breaks_csv(lines: list[str]) -> str:
    """breaks.csv for a text: header ``line,kind,text`` and one row per break (text: the line's first 40 characters)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["line", "kind", "text"])
    for line, kind in find_breaks(lines):
        writer.writerow([line, kind, lines[line - 1].strip()[:40]])
    return out.getvalue()
