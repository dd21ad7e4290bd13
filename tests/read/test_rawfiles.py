"""The strict reader of data/raw (read/rawfiles.py), in-process (issue 25, item 5): each way a file can be
damaged is refused with a Problem naming the file, the line and (where there is one) the column, and a good file
reads as its cells. The same refusals through the command: tests/read/test_raw_safety.py, test_broken_input.py."""

from __future__ import annotations

import csv
import os

import pytest

from repression_data.errors import Problem
from repression_data.read.rawfiles import RawTable, character_name, display_path, read_raw_csv, safe_read_bytes

REQUIRED = ["id", "note"]


def read(tmp_path, data, required=REQUIRED, optional=("extra",), name="t.csv"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    problems: list[Problem] = []
    table = read_raw_csv(path, list(required), list(optional), problems, root=tmp_path, raw_dir=tmp_path)
    return table, [(p.file, p.record, p.field, p.message) for p in problems]


def test_a_good_file_reads_as_its_cells_stripped_with_the_line_of_each_row(tmp_path):
    table, problems = read(tmp_path, '\ufeffid , note\r\nX-1, a \r\nX-2,"two\r\nlines"\r\nX-3,c\r\n'.replace("two\r\nlines", "two lines"))
    assert problems == []
    assert table.file == "t.csv" and table.columns == ["id", "note"] and table.lines == [2, 3, 4] and len(table) == 3
    assert table.rows == [{"id": "X-1", "note": "a"}, {"id": "X-2", "note": "two lines"}, {"id": "X-3", "note": "c"}]
    assert list(table.column("extra")) == ["", "", ""] and list(table.column("note")) == ["a", "two lines", "c"]
    assert str(table.column("extra").dtype) == str(table.cells["note"].dtype)


def test_a_quoted_cell_over_two_lines_moves_the_next_rows_line(tmp_path):
    table, problems = read(tmp_path, 'id,note\nX-1,"a\nb"\nX-2,c\n')
    assert table.lines == [2, 4] and [p[1:3] for p in problems] == [("line 2 (id X-1)", "note")]  # the line break is refused, named by its record
    assert "U+000A (LINE FEED)" in problems[0][3]


@pytest.mark.parametrize("data, expected", [
    (b"id,note\nX-1,\xff\n", [("t.csv", "line 2", "", "is not valid UTF-8 (byte 0xff at offset 12); save the file as UTF-8")]),
    ("\ufeff\ufeffid,note\nX-1,a\n", [("t.csv", "line 1", "", "begins with two byte-order marks (a file saved twice with a BOM); save it once as UTF-8")]),
    (" \n\n", [("t.csv", "", "", "is empty: expected a header row naming the columns")]),
    ("id;note\nX-1;a\n", [("t.csv", "line 1", "", "is separated by semicolons, not commas: save it as comma-separated CSV (UTF-8)")]),
    ("id,note,,\nX-1,a,,\n", [("t.csv", "line 1", "", "has 2 empty column(s) at the end of the header (a spreadsheet's trailing columns): delete them")]),
    ('"id,note\nX-1,a\n', [("t.csv", "line 1", "", "header cannot be parsed as CSV: unexpected end of data")]),
    ("id,other\nX-1,a\n", [("t.csv", "line 1", "other", "unknown column; the known columns are: id, note, extra"),
                           ("t.csv", "line 1", "note", "required column is missing from the header")]),
    ("id,note,note\nX-1,a,b\n", [("t.csv", "line 1", "note", "column appears more than once in the header")]),
    ("id,note\nX-1,a\n\nX-2,b\n", [("t.csv", "line 3", "", "is a blank row: delete it")]),
    ("id,note\nX-1,a\n , \nX-2,b\n", [("t.csv", "line 3", "", "is a blank row: delete it")]),
    ("id,note\nX-1,a,,\nX-2,b\n", [("t.csv", "line 2", "", "has 2 empty cell(s) after the last column (a spreadsheet's trailing columns): delete them")]),
    ("id,note\nX-1\nX-2,b,c\n", [("t.csv", "line 2", "", "has 1 cells but the header has 2 (a truncated row, or a comma in an unquoted cell?)"),
                                 ("t.csv", "line 3", "", "has 3 cells but the header has 2 (a truncated row, or a comma in an unquoted cell?)")]),
    ('id,note\nX-1,a\nX-2,"b\n', [("t.csv", "line 3", "", "cannot be parsed as CSV (unexpected end of data); is the file truncated or a quote left open?")]),
])
def test_each_damage_is_named_with_file_line_and_column(tmp_path, data, expected):
    table, problems = read(tmp_path, data)
    assert problems == expected
    if any(message.startswith(("is a blank row",)) for *_, message in expected):
        assert [row["id"] for row in table.rows] == ["X-1", "X-2"] and table.lines == [2, 4]
    else:
        assert table is None


def test_a_missing_final_line_break_is_named_and_the_rows_still_read(tmp_path):
    table, problems = read(tmp_path, "id,note\nX-1,a\nX-2,b")
    assert problems == [("t.csv", "line 3", "", "does not end with a line break: the last row may have been cut off; check it and end the file "
                                                "with a line break")]
    assert table.rows[-1] == {"id": "X-2", "note": "b"}
    assert read(tmp_path, "id,note\r\nX-1,a\r")[1] == []


def test_a_cell_longer_than_the_csv_limit_is_named_with_its_line(tmp_path):
    limit = csv.field_size_limit()
    table, problems = read(tmp_path, f"id,note\nX-1,{'x' * (limit + 1)}\n")
    assert table is None and problems == [("t.csv", "line 2", "", f"cannot be parsed as CSV (a cell is longer than {limit} characters, the CSV "
                                                                  "module's limit); is the file truncated or a quote left open?")]


@pytest.mark.parametrize("char, name", [("\x0b", "U+000B (LINE TABULATION)"), ("\x00", "U+0000 (NULL)"), ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
                                        ("\x7f", "U+007F (DELETE)"), ("\x85", "U+0085 (a control character)")])
def test_a_control_character_is_named_with_its_record_and_field(tmp_path, char, name):
    table, problems = read(tmp_path, f"id,note\nX-1,ok\nX-2,a{char}b\n")
    assert (table is None) == (char == "\x00")  # a NUL stops the reading; the others are named, the table read
    assert problems == [("t.csv", "line 3 (id X-2)", "note", f"holds {name}: control and bidirectional-control characters are "
                                           "invisible and change what a reader sees or break a writer; delete them (a line break becomes a space)")]


def test_a_control_in_the_id_itself_names_the_line_only(tmp_path):
    _, problems = read(tmp_path, "id,note\nX\t-1,a\n")
    assert [p[1:3] for p in problems] == [("line 2", "id")] and "U+0009 (CHARACTER TABULATION)" in problems[0][3]


def test_character_names():
    assert character_name("\x0c") == "U+000C (FORM FEED)" and character_name("\r") == "U+000D (CARRIAGE RETURN)"
    assert character_name("\n") == "U+000A (LINE FEED)" and character_name("a") == "U+0061 (LATIN SMALL LETTER A)"


def test_what_is_not_a_regular_file_is_refused_before_it_is_opened(tmp_path):
    def problems_of(path, raw_dir=tmp_path):
        found: list[Problem] = []
        assert safe_read_bytes(path, "x.csv", raw_dir, found) is None
        return [(p.file, p.record, p.field, p.message) for p in found]

    assert problems_of(tmp_path / "none.csv") == [("x.csv", "", "", "is missing")]
    (tmp_path / "Claims.CSV").write_text("id\n")
    assert problems_of(tmp_path / "claims.csv") == [("x.csv", "", "", "is missing, but Claims.CSV is there: file names are case-sensitive; "
                                                     "rename it to claims.csv")]
    (tmp_path / "folder.csv").mkdir()
    assert problems_of(tmp_path / "folder.csv") == [("x.csv", "", "", "is a folder, not a regular file; only regular files are read")]
    os.mkfifo(tmp_path / "pipe.csv")
    assert problems_of(tmp_path / "pipe.csv") == [("x.csv", "", "", "is a named pipe, not a regular file; only regular files are read")]
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    assert problems_of(tmp_path / "loop.csv") == [("x.csv", "", "", "is a symbolic link that loops; replace it with the file itself")]
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "gone.csv")
    message = problems_of(tmp_path / "dangling.csv")[0][3]
    assert message == f"is a symbolic link to {tmp_path / 'gone.csv'}, which cannot be read (No such file or directory)"
    outside = tmp_path.parent / f"{tmp_path.name}-outside.csv"
    outside.write_text("id\n")
    (tmp_path / "out.csv").symlink_to(outside)
    assert problems_of(tmp_path / "out.csv") == [("x.csv", "", "", f"is a symbolic link leading out of the raw data folder (to {outside}); only files "
                                                  "inside it are read: copy the file in instead")]
    found: list[Problem] = []
    assert safe_read_bytes(tmp_path / "out.csv", "x.csv", None, found) == b"id\n" and found == []  # no raw folder: no bound
    (tmp_path / "in.csv").symlink_to(tmp_path / "Claims.CSV")
    assert safe_read_bytes(tmp_path / "in.csv", "x.csv", tmp_path, found) == b"id\n" and found == []
    (tmp_path / "pipelink.csv").symlink_to(tmp_path / "pipe.csv")
    assert problems_of(tmp_path / "pipelink.csv") == [("x.csv", "", "", "is a named pipe, not a regular file; only regular files are read")]
    outside.unlink()


def test_a_character_device_is_refused(tmp_path):
    found: list[Problem] = []
    assert safe_read_bytes(__import__("pathlib").Path("/dev/null"), "x.csv", None, found) is None
    assert [p.message for p in found] == ["is a character device, not a regular file; only regular files are read"]


def test_the_shown_path_is_relative_to_the_root_and_a_link_is_named_not_followed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.csv").symlink_to(tmp_path / "sub")
    assert display_path(tmp_path / "sub" / "a.csv", tmp_path) == os.path.join("sub", "a.csv")
    assert display_path(tmp_path / "link.csv", tmp_path) == "link.csv"
    assert display_path(tmp_path / "a.csv") == str(tmp_path / "a.csv")
    assert display_path(tmp_path.parent / "b.csv", tmp_path) == str(tmp_path.parent / "b.csv")
    table, _ = read(tmp_path, "id,note\nX-1,a\n", name="sub/c.csv")
    assert table.file == os.path.join("sub", "c.csv")


def test_a_raw_table_without_rows():
    table = RawTable(file="f.csv", columns=["id"])
    assert len(table) == 0 and list(table.column("other")) == []
