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

from .errors import Problem


@dataclass
class RawTable:
    """The cells of one raw CSV file, as strings, with the line of each row."""

    file: str  # path shown in messages (relative to the repository when possible)
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # 1-based line where each row starts


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

    table = RawTable(file=name, columns=header)
    start = reader.line_num + 1
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
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
            else:
                table.rows.append({col: cell.strip() for col, cell in zip(header, cells)})
                table.lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, f"line {start}", "", f"cannot be parsed as CSV ({exc}); is the file truncated or a quote left open?"))
        return None
    for col in optional:
        if col not in header:
            for row in table.rows:
                row[col] = ""
    return table
