"""Where each row of a parsed raw table came from (file, line, record id), so that every problem the
checks find can name the raw file, the record and the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """Where a row of a parsed table came from."""

    file: str
    line: int
    record_id: str
    id_column: str

    @property
    def record(self) -> str:
        label = f"line {self.line}"
        if self.record_id:
            label += f" ({self.id_column} {self.record_id})"
        return label


class Origins:
    """Where each row of a parsed table came from, stored compactly (a claims
    table may hold a million rows): ``origins[i]`` builds the Origin on demand."""

    def __init__(self, files: list[tuple[int, str]], lines: list[int], ids: list[str], id_column: str):
        self._files = files  # (first row index, file) of each file in order
        self.lines, self.ids, self.id_column = lines, ids, id_column

    @classmethod
    def of(cls, table, id_column: str) -> "Origins":
        ids = list(table.column(id_column)) if id_column in table.columns else [""] * len(table)
        return cls([(0, table.file)], list(table.lines), ids, id_column)

    @classmethod
    def numbered(cls, file: str, n: int) -> "Origins":
        """Rows of a written table, numbered as the lines of its CSV (header is line 1)."""
        return cls([(0, file)], list(range(2, n + 2)), [""] * n, "row")

    def extend(self, other: "Origins") -> None:
        offset = len(self.lines)
        self._files += [(start + offset, file) for start, file in other._files]
        self.lines += other.lines
        self.ids += other.ids
        self.id_column = other.id_column

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> Origin:
        file = next(f for start, f in reversed(self._files) if start <= i)
        return Origin(file, self.lines[i], self.ids[i], self.id_column)
