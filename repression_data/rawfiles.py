"""Read the human-edited CSV files of ``data/raw`` strictly.

Nothing is guessed: a file that is not valid UTF-8, has no header, has
columns we do not know or lacks ones we need, or has a row with the wrong
number of cells is reported with its file and line. A byte-order mark and
Windows line endings are accepted, since spreadsheet programs write them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import Problem


@dataclass
class RawTable:
    """The cells of one raw CSV file, as strings, with the line of each row.

    The cells are a DataFrame of (Arrow-backed) strings, so that a file of a
    million claims stays small in memory.
    """

    file: str  # path shown in messages (relative to the repository when possible)
    columns: list[str]
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)
    lines: list[int] = field(default_factory=list)  # 1-based line where each row starts

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> pd.Series:
        """The cells of one column; all empty for an optional column the file leaves out."""
        if name not in self.columns:
            return pd.Series([""] * len(self), dtype="str")
        return self.cells[name]

    @property
    def rows(self) -> list[dict[str, str]]:
        """The rows as dicts (for small tables)."""
        return self.cells.to_dict("records")


def display_path(path: Path, root: Path | None = None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def read_raw_csv(
    path: Path,
    required: list[str],
    optional: list[str],
    problems: list[Problem],
    root: Path | None = None,
) -> RawTable | None:
    """Read ``path``; append any problems found and return None if unusable."""
    name = display_path(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, "", "", f"cannot be read: {exc.strerror or exc}"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(name, f"line {line}", "", f"is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); save the file as UTF-8")
        )
        return None
    if not text.strip():
        problems.append(Problem(name, "", "", "is empty: expected a header row naming the columns"))
        return None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        problems.append(Problem(name, "line 1", "", f"header cannot be parsed as CSV: {exc}"))
        return None

    known = set(required) | set(optional)
    bad_header = False
    for col in header:
        if col not in known:
            problems.append(Problem(name, "line 1", col, f"unknown column; the known columns are: {', '.join(required + optional)}"))
            bad_header = True
    for col in required:
        if col not in header:
            problems.append(Problem(name, "line 1", col, "required column is missing from the header"))
            bad_header = True
    duplicates = {c for c in header if header.count(c) > 1}
    for col in sorted(duplicates):
        problems.append(Problem(name, "line 1", col, "column appears more than once in the header"))
        bad_header = True
    if bad_header:
        return None

    # First pass (csv module): the structure, and the line where each row starts.
    lines: list[int] = []
    blank_rows: list[int] = []  # rows of empty cells, which pandas would keep
    ragged = False
    start = reader.line_num + 1
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                if any(cells):
                    blank_rows.append(len(lines) + len(blank_rows))
                start = reader.line_num + 1
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        name,
                        f"line {start}",
                        "",
                        f"has {len(cells)} cells but the header has {len(header)} "
                        "(a truncated row, or a comma in an unquoted cell?)",
                    )
                )
                ragged = True
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, f"line {start}", "", f"cannot be parsed as CSV ({exc}); is the file truncated or a quote left open?"))
        return None
    if ragged:
        return None
    # Second pass (pandas' C parser): the cells, compactly, as strings.
    del text  # the parser reads the bytes; a second copy of a large file would double the memory
    cells = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype="str", keep_default_na=False, na_filter=False, skip_blank_lines=True)
    cells.columns = header
    if blank_rows:
        cells = cells.drop(index=cells.index[blank_rows]).reset_index(drop=True)
    for column in header:
        cells[column] = cells[column].astype("str").str.strip()
    if len(cells) != len(lines):
        problems.append(Problem(name, "", "", f"reads as {len(cells)} rows in one pass and {len(lines)} in another; check its quoting"))
        return None
    return RawTable(file=name, columns=header, cells=cells, lines=lines)
