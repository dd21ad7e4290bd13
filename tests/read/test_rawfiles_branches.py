"""The strict reader's defensive branches (read/rawfiles.py), in-process (issue 25, item 5): what no ordinary file
reaches is simulated here (a file replaced by a named pipe between the check and the opening, an lstat or an
open that fails for a reason other than "missing", a link whose target cannot be read, a mode of no known kind,
two passes that disagree), and each refusal is checked whole: file, record, field and message."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pandas as pd

from repression_data.errors import Problem
from repression_data.read import rawfiles
from repression_data.read.rawfiles import read_raw_csv, safe_read_bytes


def refusal(path: Path, raw_dir: Path | None = None):
    found: list[Problem] = []
    data = safe_read_bytes(path, "x.csv", raw_dir, found)
    return data, [(p.file, p.record, p.field, p.message) for p in found]


def read(tmp_path, text, required=("id", "note"), optional=()):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    table = read_raw_csv(path, list(required), list(optional), problems, root=tmp_path, raw_dir=tmp_path)
    return table, [(p.file, p.record, p.field, p.message) for p in problems]


def test_two_names_differing_only_in_case_are_both_named_comma_separated(tmp_path):
    (tmp_path / "Claims.CSV").write_text("id\n")
    (tmp_path / "CLAIMS.csv").write_text("id\n")
    (tmp_path / "claims.csv.bak").write_text("id\n")  # another name: not a near miss
    assert refusal(tmp_path / "claims.csv") == (None, [("x.csv", "", "", "is missing, but CLAIMS.csv, Claims.CSV is there: file names are "
                                                        "case-sensitive; rename it to claims.csv")])


def test_a_folder_that_cannot_be_listed_still_says_the_file_is_missing(tmp_path, monkeypatch):
    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert refusal(tmp_path / "claims.csv") == (None, [("x.csv", "", "", "is missing")])


def test_an_lstat_refused_for_another_reason_than_missing_says_it_cannot_be_read(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_text("id\n")
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(rawfiles.os, "lstat", lstat)
    assert refusal(target, tmp_path) == (None, [("x.csv", "", "", "cannot be read: Permission denied")])


def test_an_error_without_a_system_reason_is_shown_by_its_own_words(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_text("id\n")

    def lstat(path, *args, **kwargs):
        raise OSError("the disk went away")

    monkeypatch.setattr(rawfiles.os, "lstat", lstat)
    assert refusal(target, tmp_path) == (None, [("x.csv", "", "", "cannot be read: the disk went away")])


def test_a_link_whose_target_cannot_be_read_names_the_file_only_and_the_reason(tmp_path):
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "gone.csv")
    assert refusal(tmp_path / "dangling.csv", tmp_path) == (None, [("x.csv", "", "", f"is a symbolic link to {tmp_path / 'gone.csv'}, which "
                                                                    "cannot be read (No such file or directory)")])


def test_a_link_that_loops_is_named_so_when_the_system_says_it_by_its_error_number(tmp_path, monkeypatch):
    # Python 3.11 raises RuntimeError for a looping link; later ones raise OSError(ELOOP): both are one refusal.
    link = tmp_path / "loop.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    real_resolve = Path.resolve

    def resolve(self, strict=False):
        if self == link:
            raise OSError(errno.ELOOP, "Too many levels of symbolic links")
        return real_resolve(self, strict=strict)

    monkeypatch.setattr(Path, "resolve", resolve)
    assert refusal(link, tmp_path) == (None, [("x.csv", "", "", "is a symbolic link that loops; replace it with the file itself")])


def test_a_link_whose_target_fails_without_a_system_reason_shows_the_error(tmp_path, monkeypatch):
    link = tmp_path / "odd.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    real_resolve = Path.resolve

    def resolve(self, strict=False):
        if self == link:
            raise OSError("odd failure")
        return real_resolve(self, strict=strict)

    monkeypatch.setattr(Path, "resolve", resolve)
    assert refusal(link, tmp_path) == (None, [("x.csv", "", "", f"is a symbolic link to {tmp_path / 'elsewhere.csv'}, which cannot be read "
                                                "(odd failure)")])


def test_a_file_of_no_known_kind_is_refused_as_not_regular(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_text("id\n")
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):
        info = real_lstat(path, *args, **kwargs)
        if Path(path) != target:
            return info
        fields = list(info)
        fields[0] = stat.S_IMODE(info.st_mode)  # no file-type bits: a kind this system does not name (a door, a whiteout)
        return os.stat_result(fields)

    monkeypatch.setattr(rawfiles.os, "lstat", lstat)
    assert refusal(target, tmp_path) == (None, [("x.csv", "", "", "is not a regular file; only regular files are read")])


def test_a_file_replaced_by_a_named_pipe_before_it_is_opened_is_refused_without_hanging(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_text("id\n")
    real_open = os.open
    opened = []

    def open_after_a_swap(path, flags, *args, **kwargs):
        # the swap happens between the check (lstat) and the opening
        assert flags & os.O_NONBLOCK, "a named pipe opened without O_NONBLOCK would hang the build"
        assert flags & (os.O_WRONLY | os.O_RDWR) == 0
        target.unlink()
        os.mkfifo(target)
        fd = real_open(path, flags, *args, **kwargs)
        opened.append(fd)
        return fd

    monkeypatch.setattr(rawfiles.os, "open", open_after_a_swap)
    assert refusal(target, tmp_path) == (None, [("x.csv", "", "", "is not a regular file; only regular files are read")])
    assert len(opened) == 1
    try:
        os.fstat(opened[0])
        still_open = True
    except OSError:
        still_open = False
    assert not still_open  # the descriptor is closed after the refusal


def test_a_regular_file_is_opened_read_only_and_without_blocking(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_bytes(b"id\nX-1\n")
    real_open = os.open
    flags_seen = []

    def spy(path, flags, *args, **kwargs):
        flags_seen.append(flags)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(rawfiles.os, "open", spy)
    assert refusal(target, tmp_path) == (b"id\nX-1\n", [])
    assert flags_seen == [os.O_RDONLY | os.O_NONBLOCK]


def test_an_open_refused_by_the_system_says_it_cannot_be_read(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_text("id\n")

    def refuse(path, flags, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(rawfiles.os, "open", refuse)
    assert refusal(target, tmp_path) == (None, [("x.csv", "", "", "cannot be read: Permission denied")])


def test_an_open_failing_without_a_system_reason_shows_the_error(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_text("id\n")

    def refuse(path, flags, *args, **kwargs):
        raise OSError("odd failure")

    monkeypatch.setattr(rawfiles.os, "open", refuse)
    assert refusal(target, tmp_path) == (None, [("x.csv", "", "", "cannot be read: odd failure")])


def test_a_header_of_empty_cells_only_counts_every_column_as_trailing(tmp_path):
    assert read(tmp_path, ",,\nX-1,a,\n") == (None, [("t.csv", "line 1", "", "has 3 empty column(s) at the end of the header (a spreadsheet's "
                                                       "trailing columns): delete them")])


def test_one_trailing_empty_column_after_named_ones_is_counted_as_one(tmp_path):
    assert read(tmp_path, "id,,note,\nX-1,,a,\n") == (None, [("t.csv", "line 1", "", "has 1 empty column(s) at the end of the header (a "
                                                              "spreadsheet's trailing columns): delete them")])


def test_several_blank_rows_are_each_named_and_the_rows_between_them_keep_their_lines(tmp_path):
    table, problems = read(tmp_path, "id,note\nX-1,a\n , \n , \nX-2,b\n , \nX-3,c\n")
    assert problems == [("t.csv", "line 3", "", "is a blank row: delete it"), ("t.csv", "line 4", "", "is a blank row: delete it"),
                        ("t.csv", "line 6", "", "is a blank row: delete it")]
    assert table.rows == [{"id": "X-1", "note": "a"}, {"id": "X-2", "note": "b"}, {"id": "X-3", "note": "c"}] and table.lines == [2, 5, 7]


def test_a_blank_row_of_commas_or_spaces_or_empty_quotes_is_named_once_and_the_other_rows_read(tmp_path):
    # a spreadsheet's blank row is "," ; pandas keeps it (and '""'), but skips a line of spaces: the rows must still line up
    for blank in [",", " ", '""', '"",""', " , "]:
        table, problems = read(tmp_path, f"id,note\nX-1,a\n{blank}\nX-2,b\n")
        assert problems == [("t.csv", "line 3", "", "is a blank row: delete it")], blank
        assert table.rows == [{"id": "X-1", "note": "a"}, {"id": "X-2", "note": "b"}] and table.lines == [2, 4], blank


def test_a_control_after_a_blank_row_is_named_at_its_own_line(tmp_path):
    table, problems = read(tmp_path, "id,note\nX-1,a\n,\nX-2,b\x0bc\n")
    assert table is not None and problems == [
        ("t.csv", "line 3", "", "is a blank row: delete it"),
        ("t.csv", "line 4 (id X-2)", "note", "holds U+000B (LINE TABULATION): control and bidirectional-control characters are invisible "
                                             "and change what a reader sees or break a writer; delete them (a line break becomes a space)")]


def test_a_nul_after_a_blank_row_is_named_at_its_own_line(tmp_path):
    table, problems = read(tmp_path, "id,note\nX-1,a\n , \nX-2,b\x00c\n")
    assert table is None and problems == [
        ("t.csv", "line 3", "", "is a blank row: delete it"),
        ("t.csv", "line 4 (id X-2)", "note", "holds U+0000 (NULL): control and bidirectional-control characters are invisible "
                                             "and change what a reader sees or break a writer; delete them (a line break becomes a space)")]


def test_two_controls_in_one_cell_are_named_together_in_order(tmp_path):
    _, problems = read(tmp_path, "id,note\nX-1,a\x0cb\x0bc\x0bd\n")
    assert problems == [("t.csv", "line 2 (id X-1)", "note", "holds U+000B (LINE TABULATION), U+000C (FORM FEED): control and "
                         "bidirectional-control characters are invisible and change what a reader sees or break a writer; delete them "
                         "(a line break becomes a space)")]


def test_two_passes_that_disagree_on_the_row_count_refuse_the_file(tmp_path, monkeypatch):
    real_read_csv = pd.read_csv

    def one_row_short(*args, **kwargs):
        return real_read_csv(*args, **kwargs).iloc[:-1]

    monkeypatch.setattr(rawfiles.pd, "read_csv", one_row_short)
    assert read(tmp_path, "id,note\nX-1,a\nX-2,b\n") == (None, [("t.csv", "", "", "reads as 1 rows in one pass and 2 in another; check its "
                                                                 "quoting")])


def test_cells_that_look_missing_are_read_as_the_text_they_hold(tmp_path):
    table, problems = read(tmp_path, "id,note\nX-1,NA\nX-2,\nX-3,null\nX-4,nan\n")
    assert problems == [] and [row["note"] for row in table.rows] == ["NA", "", "null", "nan"] and table.lines == [2, 3, 4, 5]


def test_a_header_on_the_second_line_is_no_header(tmp_path):
    assert read(tmp_path, "\nid,note\nX-1,a\n") == (None, [("t.csv", "line 1", "id", "required column is missing from the header"),
                                                           ("t.csv", "line 1", "note", "required column is missing from the header")])


def test_a_semicolon_inside_one_of_several_columns_is_an_unknown_column_not_a_separator(tmp_path):
    assert read(tmp_path, "id;x,note\nX-1,a\n") == (None, [("t.csv", "line 1", "id;x", "unknown column; the known columns are: id, note"),
                                                           ("t.csv", "line 1", "id", "required column is missing from the header")])


def test_a_header_cell_over_two_lines_moves_the_first_rows_line(tmp_path):
    table, problems = read(tmp_path, '"id\n",note\nX-1,a\n')
    assert problems == [] and table.columns == ["id", "note"] and table.lines == [3]


def test_a_control_in_a_row_without_an_id_names_the_line_only_and_an_id_is_named_stripped(tmp_path):
    words = ("holds U+000B (LINE TABULATION): control and bidirectional-control characters are invisible and change what a reader sees or "
             "break a writer; delete them (a line break becomes a space)")
    assert read(tmp_path, "id,note\n,a\x0bb\n")[1] == [("t.csv", "line 2", "note", words)]
    assert read(tmp_path, "id,note\n X-1 ,a\x0bb\n")[1] == [("t.csv", "line 2 (id X-1)", "note", words)]


def test_a_file_of_a_header_only_reads_as_no_rows_with_an_absent_column_of_the_same_kind(tmp_path):
    table, problems = read(tmp_path, "id,note\n", optional=("extra",))
    assert problems == [] and len(table) == 0 and table.lines == []
    assert list(table.column("extra")) == [] and table.column("extra").dtype == table.column("note").dtype


def test_the_reader_refuses_a_file_linked_from_outside_the_raw_folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("id,note\nX-1,a\n", encoding="utf-8")
    (raw / "t.csv").symlink_to(outside)
    problems: list[Problem] = []
    assert read_raw_csv(raw / "t.csv", ["id", "note"], [], problems, root=tmp_path, raw_dir=raw) is None
    assert [(p.file, p.record, p.field, p.message) for p in problems] == [
        ("raw/t.csv", "", "", f"is a symbolic link leading out of the raw data folder (to {outside}); only files inside it are read: copy the file "
                              "in instead")]


def test_cells_that_look_like_numbers_are_read_as_written(tmp_path):
    table, problems = read(tmp_path, "id,note\nX-1,007\nX-2,1.50\nX-3,1e3\n")  # a column pandas would take for numbers
    assert problems == [] and [row["note"] for row in table.rows] == ["007", "1.50", "1e3"]


def test_a_nul_file_names_a_carriage_return_and_a_line_feed_inside_a_quoted_cell(tmp_path):
    table, problems = read(tmp_path, 'id,note\r\nX-1,"a\r\nb\x00"\r\n')
    assert table is None and problems == [
        ("t.csv", "line 2 (id X-1)", "note", "holds U+0000 (NULL), U+000A (LINE FEED), U+000D (CARRIAGE RETURN): control and "
                                             "bidirectional-control characters are invisible and change what a reader sees or break a writer; delete "
                                             "them (a line break becomes a space)")]


def test_an_unknown_column_alone_refuses_the_file(tmp_path):
    assert read(tmp_path, "id,note,other\nX-1,a,b\n") == (None, [("t.csv", "line 1", "other", "unknown column; the known columns are: id, note")])


def test_a_missing_required_column_alone_refuses_the_file(tmp_path):
    assert read(tmp_path, "id\nX-1\n") == (None, [("t.csv", "line 1", "note", "required column is missing from the header")])


def test_without_o_nonblock_a_file_is_still_opened_read_only(tmp_path, monkeypatch):
    target = tmp_path / "claims.csv"
    target.write_bytes(b"id\n")
    real_open = os.open
    flags_seen = []

    def spy(path, flags, *args, **kwargs):
        flags_seen.append(flags)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.delattr(os, "O_NONBLOCK")
    monkeypatch.setattr(rawfiles.os, "open", spy)
    assert refusal(target, tmp_path) == (b"id\n", [])
    assert flags_seen == [os.O_RDONLY]


def test_a_file_with_old_mac_line_endings_reads_with_the_line_of_each_row(tmp_path):
    table, problems = read(tmp_path, "id,note\rX-1,a\rX-2,b\r")
    assert problems == [] and table.rows == [{"id": "X-1", "note": "a"}, {"id": "X-2", "note": "b"}] and table.lines == [2, 3]
    table, problems = read(tmp_path, "id,note\rX-1,a\rX-2,b\x00c\r")
    assert table is None and problems == [
        ("t.csv", "line 3 (id X-2)", "note", "holds U+0000 (NULL): control and bidirectional-control characters are invisible and change what a "
                                             "reader sees or break a writer; delete them (a line break becomes a space)")]
