"""Derive a text line's printed page from the page numbers that survive in the OCR.

Only a few printed page numbers survive in an OCR'd book (bare numbers and
running heads on lines of their own). They are listed by hand, with the
line they stand on, in data/raw/pages/<source_id>.csv. A line's page is
interpolated linearly between the nearest markers before and after it
(extrapolated at the nearest segment's rate beyond the first or last),
rounded to the nearest page. Lines of the front matter (roman page numbers)
get no page. tests/test_pages.py measures the method's error by predicting
each marker from the others.
"""

from __future__ import annotations

import csv
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PageMap:
    markers: tuple[tuple[int, int], ...]  # (line, page), sorted by line
    front_matter_end: int = 0  # lines up to this one have no arabic page

    @classmethod
    def from_csv(cls, path: Path | str) -> "PageMap":
        markers, front = [], 0
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["kind"] == "front_matter_end":
                    front = int(row["line"])
                else:
                    markers.append((int(row["line"]), int(row["page"])))
        return cls(tuple(sorted(markers)), front)

    def without(self, line: int) -> "PageMap":
        """The same map with one marker left out (to test the method)."""
        return PageMap(tuple(m for m in self.markers if m[0] != line), self.front_matter_end)

    def page_of(self, line: int) -> int | None:
        if line <= self.front_matter_end or len(self.markers) < 2:
            return None
        lines = [m[0] for m in self.markers]
        i = bisect_right(lines, line)
        if i == 0:
            (l1, p1), (l2, p2) = self.markers[0], self.markers[1]
        elif i == len(self.markers):
            (l1, p1), (l2, p2) = self.markers[-2], self.markers[-1]
        else:
            (l1, p1), (l2, p2) = self.markers[i - 1], self.markers[i]
        return max(1, round(p1 + (line - l1) * (p2 - p1) / (l2 - l1)))
