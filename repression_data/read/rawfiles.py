"""Read the human-edited CSV files of ``data/raw`` strictly.

Nothing is guessed: a file that is not valid UTF-8, has no header, has
columns we do not know or lacks ones we need, or has a row with the wrong
number of cells is reported with its file and line. A byte-order mark and
Windows line endings are accepted, since spreadsheet programs write them.

Only regular files are read: a named pipe, a device, a folder, or a symbolic
link that loops or leads out of the raw folder is refused with its path
before it is opened, so that nothing can make the build hang. Each of the
common ways a spreadsheet or an editor damages a CSV file (a second
byte-order mark, semicolons for commas, trailing empty columns, a blank row,
a missing final line break, a cell longer than the CSV module's limit) has
its own message naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from repression_data.errors import Problem


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
    """``path`` relative to ``root`` where it lies under it; a symbolic link is named, not followed."""
    if root is not None:
        try:
            absolute = Path(os.path.abspath(path))
            return str((absolute.parent.resolve() / absolute.name).relative_to(root.resolve()))
        except (ValueError, OSError, RuntimeError):
            pass
    return str(path)


KINDS_OF_FILE = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _near_misses(path: Path) -> list[str]:
    """Entries beside ``path`` whose names differ from its name only in case."""
    try:
        return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and p.name.lower() == path.name.lower())
    except OSError:
        return []


def safe_read_bytes(path: Path, name: str, raw_dir: Path | None, problems: list[Problem]) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (or a link to one inside ``raw_dir``); else a Problem.

    Nothing but a regular file is ever opened, and it is opened without
    blocking, so a named pipe or a device put in its place cannot hang the build.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        misses = _near_misses(path)
        if misses:
            problems.append(Problem(name, "", "", f"is missing, but {', '.join(misses)} is there: file names are case-sensitive; rename it to {path.name}"))
        else:
            problems.append(Problem(name, "", "", "is missing"))
        return None
    except OSError as exc:
        problems.append(Problem(name, "", "", f"cannot be read: {exc.strerror or exc}"))
        return None
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            problems.append(Problem(name, "", "", "is a symbolic link that loops; replace it with the file itself"))
            return None
        except OSError as exc:
            if exc.errno == 40:  # ELOOP
                problems.append(Problem(name, "", "", "is a symbolic link that loops; replace it with the file itself"))
            else:
                problems.append(Problem(name, "", "", f"is a symbolic link to {os.readlink(path)}, which cannot be read ({exc.strerror or exc})"))
            return None
        if raw_dir is not None and not target.is_relative_to(raw_dir.resolve()):
            problems.append(Problem(name, "", "", f"is a symbolic link leading out of the raw data folder (to {target}); only files inside it are read: copy the file in instead"))
            return None
        info = os.stat(target)
    for test, kind in KINDS_OF_FILE:
        if test(info.st_mode):
            problems.append(Problem(name, "", "", f"is {kind}, not a regular file; only regular files are read"))
            return None
    if not stat.S_ISREG(info.st_mode):
        problems.append(Problem(name, "", "", "is not a regular file; only regular files are read"))
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the check and the opening
                problems.append(Problem(name, "", "", "is not a regular file; only regular files are read"))
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read()
        finally:
            os.close(fd)
    except OSError as exc:
        problems.append(Problem(name, "", "", f"cannot be read: {exc.strerror or exc}"))
        return None


def read_raw_csv(
    path: Path,
    required: list[str],
    optional: list[str],
    problems: list[Problem],
    root: Path | None = None,
    raw_dir: Path | None = None,
) -> RawTable | None:
    """Read ``path``; append any problems found and return None if unusable.

    ``raw_dir`` is the raw data folder: a symbolic link may point only inside it.
    """
    name = display_path(path, root)
    data = safe_read_bytes(path, name, raw_dir, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(name, f"line {line}", "", f"is not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); save the file as UTF-8")
        )
        return None
    if text.startswith("\ufeff"):
        problems.append(Problem(name, "line 1", "", "begins with two byte-order marks (a file saved twice with a BOM); save it once as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(name, "", "", "is empty: expected a header row naming the columns"))
        return None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        problems.append(Problem(name, "line 1", "", f"header cannot be parsed as CSV: {_csv_error(exc)}"))
        return None
    if len(header) == 1 and ";" in header[0]:
        problems.append(Problem(name, "line 1", "", "is separated by semicolons, not commas: save it as comma-separated CSV (UTF-8)"))
        return None
    if header and not header[-1]:
        empty = len(header) - (max((i for i, h in enumerate(header) if h), default=-1) + 1)
        problems.append(Problem(name, "line 1", "", f"has {empty} empty column(s) at the end of the header (a spreadsheet's trailing columns): delete them"))
        return None
    if not text.endswith(("\n", "\r")):
        problems.append(Problem(name, f"line {text.count(chr(10)) + 1}", "", "does not end with a line break: the last row may have been cut off; check it and end the file with a line break"))

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
    blank_rows: list[int] = []  # the lines of rows of blank cells, which pandas keeps unless the line itself is blank
    ragged = False
    start = reader.line_num + 1
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                problems.append(Problem(name, f"line {start}", "", "is a blank row: delete it"))
                blank_rows.append(start)
                start = reader.line_num + 1
                continue
            if len(cells) > len(header) and not any(c.strip() for c in cells[len(header):]):
                problems.append(Problem(name, f"line {start}", "", f"has {len(cells) - len(header)} empty cell(s) after the last column (a spreadsheet's trailing columns): delete them"))
                ragged = True
            elif len(cells) != len(header):
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
        problems.append(Problem(name, f"line {start}", "", f"cannot be parsed as CSV ({_csv_error(exc)}); is the file truncated or a quote left open?"))
        return None
    if ragged:
        return None
    if "\x00" in text:  # pandas' C parser drops or cuts at a NUL, by version: read the cells with the csv module instead
        rows = [cells for cells in csv.reader(io.StringIO(text, newline=""), strict=True)][1:]
        cells = pd.DataFrame([r for r in rows if any(c.strip() for c in r)], columns=header, dtype="str")
        _refuse_controls(name, header, cells, lines, problems)
        return None
    # Second pass (pandas' C parser): the cells, compactly, as strings.
    del text  # the parser reads the bytes; a second copy of a large file would double the memory
    cells = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype="str", keep_default_na=False, na_filter=False, skip_blank_lines=True)
    cells.columns = header
    if blank_rows:  # pandas skips a blank line ("" or spaces) but keeps "," or '""': drop the rows of blank cells it kept
        blank = pd.concat([cells[column].astype("str").str.strip().eq("") for column in header], axis=1).all(axis=1)
        cells = cells[~blank].reset_index(drop=True)
    for column in header:
        cells[column] = cells[column].astype("str")
    _refuse_controls(name, header, cells, lines, problems)
    for column in header:
        cells[column] = cells[column].str.strip()
    if len(cells) != len(lines):
        problems.append(Problem(name, "", "", f"reads as {len(cells)} rows in one pass and {len(lines)} in another; check its quoting"))
        return None
    return RawTable(file=name, columns=header, cells=cells, lines=lines)


# Control characters (Unicode category Cc: C0, DEL, C1) and the bidirectional controls (the Bidi_Control
# property): invisible, they change what a reader sees or break a writer (an .xlsx refuses a vertical tab).
CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def character_name(char: str) -> str:
    """A character as a reader can find it: U+000B (LINE TABULATION)."""
    name = unicodedata.name(char, "") or {"\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\t": "CHARACTER TABULATION",
                                           "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x00": "NULL", "\x7f": "DELETE"}.get(char, "a control character")
    return f"U+{ord(char):04X} ({name})"


def _refuse_controls(name: str, header: list[str], cells: pd.DataFrame, lines: list[int], problems: list[Problem]) -> None:
    """A Problem for every cell holding a control or bidirectional-control character (a line break inside a
    cell included: write it as a space), naming file, record (line and the first column's id) and field."""
    for column in header:
        hits = cells[column].str.contains(CONTROLS, regex=True)
        if not hits.any():
            continue
        for i in hits[hits].index:
            value = cells[column].iloc[i]
            found = sorted(set(CONTROLS.findall(value)))
            record = f"line {lines[i]}"
            first = cells[header[0]].iloc[i].strip()
            if first and not CONTROLS.search(first):
                record += f" ({header[0]} {first})"
            problems.append(Problem(name, record, column, f"holds {', '.join(character_name(c) for c in found)}: control and bidirectional-control "
                                    "characters are invisible and change what a reader sees or break a writer; delete them (a line break becomes a space)"))


def _csv_error(exc: csv.Error) -> str:
    """The csv module's message, said plainly where it is cryptic."""
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {csv.field_size_limit()} characters, the CSV module's limit"
    return str(exc)
