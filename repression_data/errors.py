"""Errors that tell a human editor exactly what to fix.

Every problem found in the raw files is reported with the file, the record
(claim id or line number) and the field, because the person reading the
message has to open that file and change that cell.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One defect in the raw data, located as precisely as we can."""

    file: str
    record: str  # e.g. "line 12 (claim RM-0007)"; "" for a whole-file problem
    field: str  # column name; "" for a whole-record or whole-file problem
    message: str
    rank: int = 0  # 1 for a consequence of other problems (ids lost because a file could not be read): shown after them

    def __str__(self) -> str:
        where = self.file
        if self.record:
            where += f", {self.record}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class RawDataError(Exception):
    """Raised when raw files cannot be turned into valid tables.

    Carries every problem found (validation is lazy), so one run shows an
    editor all that is wrong rather than one thing at a time.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.rank, p.file, _record_key(p.record), p.field, p.message))
        super().__init__(self.render())

    def render(self, limit: int = 50, per_file: int = 5) -> str:
        """The problems, at most ``limit``, but the first few of every file
        first, so that each damaged file is named even when one file has many."""
        chosen: set[int] = set()
        per: dict[str, int] = {}
        for i, p in enumerate(self.problems):
            if per.get(p.file, 0) < per_file:
                chosen.add(i)
                per[p.file] = per.get(p.file, 0) + 1
        for i in range(len(self.problems)):
            if len(chosen) >= limit:
                break
            chosen.add(i)
        shown = [self.problems[i] for i in sorted(chosen)]
        lines = [f"{len(self.problems)} problem(s) in the raw data:"]
        lines += [f"  - {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more")
        return "\n".join(lines)


def _record_key(record: str) -> tuple[int, str]:
    """Sort "line 9" before "line 10"."""
    parts = record.split()
    if len(parts) >= 2 and parts[0] == "line" and parts[1].isdigit():
        return (int(parts[1]), record)
    return (0, record)


class OutputError(Exception):
    """A folder cannot be written as asked; the message says why and what clears it."""
