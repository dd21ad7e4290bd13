"""Edges of the strict reader found by the mutation audit (issue 25, item 5; faults 01, 03, 05, 07 of
/work/checkreports/audit): a link from data/raw to any file elsewhere under data/ is refused; a whole number
just beyond int64 is refused, never stored wrapped; a required column empty in every row is named in every
row; every C1 control character is refused, not a sample of them. Inputs are written fresh in tmp_path."""

from __future__ import annotations

import os

import pytest

from repression_data.errors import Problem
from repression_data.read import parse
from repression_data.read.rawfiles import read_raw_csv
from repression_data.read.rawspec import INT, STR, Column, RawSpec

SPEC = RawSpec(id_column="id", columns=(Column("id", parse.to_text, STR, True), Column("count", parse.to_int, INT, False),
                                        Column("note", parse.to_text, STR, True)))


def read(path, raw_dir, root):
    problems: list[Problem] = []
    table = read_raw_csv(path, ["id", "note"], ["count"], problems, root=root, raw_dir=raw_dir)
    return table, [(p.file, p.record, p.field, p.message) for p in problems]


def convert(tmp_path, text):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    table = read_raw_csv(path, ["id", "note"], ["count"], problems, root=tmp_path, raw_dir=tmp_path)
    assert table is not None and problems == []
    frame = parse.convert_columns(table, SPEC, problems)
    return frame, [(p.file, p.record, p.field, p.message) for p in problems]


# 01: a raw link may lead only inside data/raw, not to a file beside it or in a sibling folder of data/

@pytest.mark.parametrize("target", ["other.csv", "processed/x.csv", "history/0.1.0/claims.csv", "raw-copy/claims/x.csv"])
def test_a_raw_link_to_a_regular_file_elsewhere_under_data_is_refused_with_its_path(tmp_path, target):
    data = tmp_path / "data"
    raw = data / "raw"
    (raw / "claims").mkdir(parents=True)
    outside = data / target
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text("id,note\nX-1,a\n", encoding="utf-8")
    link = raw / "claims" / "x.csv"
    os.symlink(outside, link)
    table, problems = read(link, raw, data)
    assert table is None
    assert problems == [("raw/claims/x.csv", "", "", f"is a symbolic link leading out of the raw data folder (to {outside.resolve()}); "
                                                     "only files inside it are read: copy the file in instead")]
    os.remove(link)
    os.symlink(os.path.relpath(outside, link.parent), link)  # a relative link the same
    assert read(link, raw, data)[1] == problems


def test_a_raw_link_to_a_file_inside_the_raw_folder_is_read(tmp_path):
    raw = tmp_path / "data" / "raw"
    (raw / "claims").mkdir(parents=True)
    (raw / "kept.csv").write_text("id,note\nX-1,a\n", encoding="utf-8")
    os.symlink(raw / "kept.csv", raw / "claims" / "x.csv")
    table, problems = read(raw / "claims" / "x.csv", raw, tmp_path / "data")
    assert problems == [] and table.rows == [{"id": "X-1", "note": "a"}]


# 03: int64's boundary, 19 digits on both sides of it

def test_the_largest_int64_is_read_exactly(tmp_path):
    frame, problems = convert(tmp_path, f"id,count,note\nX-1,{parse.INT64_MAX},a\nX-2,0000000000000000007,b\n")
    assert problems == []
    assert list(frame["count"]) == [parse.INT64_MAX, 7]


@pytest.mark.parametrize("number", ["9223372036854775808", "9999999999999999999", "18446744073709551615", "18446744073709551616",
                                    "99999999999999999999999"])
def test_a_whole_number_beyond_int64_is_refused_naming_file_record_and_field_never_stored_wrapped(tmp_path, number):
    frame, problems = convert(tmp_path, f"id,count,note\nX-1,5,a\nX-2,{number},b\n")
    assert problems == [("t.csv", "line 3 (id X-2)", "count",
                         f"{number!r} is beyond the largest whole number a table can hold ({parse.INT64_MAX})")]
    assert frame["count"].iloc[0] == 5 and frame["count"].isna().iloc[1]  # the refused cell is not kept, wrapped or not
    assert not (frame["count"].dropna() < 0).any()


# 05: a required column empty in every row is named in every row

def test_a_required_column_empty_in_every_row_is_named_in_every_row(tmp_path):
    _, problems = convert(tmp_path, "id,count,note\nX-1,1,\nX-2,2,\nX-3,3, \n")
    assert problems == [("t.csv", f"line {n} (id X-{n - 1})", "note", "is empty but required") for n in (2, 3, 4)]


def test_a_one_row_file_with_an_empty_required_cell_is_named(tmp_path):
    _, problems = convert(tmp_path, "id,count,note\nX-1,1,\n")
    assert problems == [("t.csv", "line 2 (id X-1)", "note", "is empty but required")]
    _, problems = convert(tmp_path, "id,count,note\n,1,a\n")  # the id column itself, empty in its only row
    assert problems == [("t.csv", "line 2", "id", "is empty but required")]


def test_an_optional_column_empty_in_every_row_is_fine(tmp_path):
    frame, problems = convert(tmp_path, "id,count,note\nX-1,,a\nX-2,,b\n")
    assert problems == [] and frame["count"].isna().all()


# 07: every C1 control (U+0080..U+009F), DEL and the bidirectional controls, each one, not a sample

C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = ["\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]


@pytest.mark.parametrize("char", ["\x7f", *C1, *BIDI], ids=lambda c: f"U+{ord(c):04X}")
def test_every_c1_and_bidirectional_control_is_refused_naming_file_record_and_field(tmp_path, char):
    path = tmp_path / "t.csv"
    path.write_text(f"id,note\nX-1,a\nX-2,b{char}c\n", encoding="utf-8")
    table, problems = read(path, tmp_path, tmp_path)
    assert len(problems) == 1, problems
    file, record, field, message = problems[0]
    assert (file, record, field) == ("t.csv", "line 3 (id X-2)", "note")
    assert message.startswith(f"holds U+{ord(char):04X} ")


def test_the_letters_just_past_the_c1_range_are_read(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,note\nX-1,a\u00a0b\u00a1~\n", encoding="utf-8")
    table, problems = read(path, tmp_path, tmp_path)
    assert problems == [] and table.rows[0]["note"] == "a\u00a0b\u00a1~"


# The second audit (/work/checkreports/audit2), faults 03 and 05.

FLOAT_SPEC = RawSpec(id_column="id", columns=(Column("id", parse.to_text, STR, True), Column("value", parse.to_float, "float64", False)))


def convert_values(tmp_path, text):
    path = tmp_path / "v.csv"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    table = read_raw_csv(path, ["id"], ["value"], problems, root=tmp_path, raw_dir=tmp_path)
    assert table is not None and problems == []
    frame = parse.convert_columns(table, FLOAT_SPEC, problems)
    return frame, [(p.file, p.record, p.field, p.message) for p in problems]


@pytest.mark.parametrize("number", [str(2**53), str(2**53 + 1), "-" + str(2**53)])
def test_a_value_at_or_past_2_to_the_53_is_refused_beside_decimals_never_stored_rounded(tmp_path, number):
    """2^53 + 1 is the first whole number a float cannot hold: read as a float it becomes 2^53, silently."""
    frame, problems = convert_values(tmp_path, f"id,value\nX-1,0.5\nX-2,{number}\n")
    assert problems == [("v.csv", "line 3 (id X-2)", "value",
                         f"{number!r} is too large: beyond {parse.EXACT_FLOAT_MAX} (2^53) a number cannot be held exactly")]
    assert frame["value"].iloc[0] == 0.5 and frame["value"].isna().iloc[1]


def test_the_last_value_below_2_to_the_53_is_read_exactly(tmp_path):
    frame, problems = convert_values(tmp_path, f"id,value\nX-1,0.5\nX-2,{2**53 - 1}\n")
    assert problems == [] and frame["value"].iloc[1] == float(2**53 - 1)


@pytest.mark.parametrize("folder", ["Claims", "PAGES", "Tables", "Coverage", "Vocabularies"])
def test_a_top_folder_named_in_another_case_is_an_error_not_a_folder_skipped(tmp_path, folder):
    from repression_data.read.folder import check_file_names

    raw = tmp_path / "data" / "raw"
    (raw / folder).mkdir(parents=True)
    (raw / "claims").mkdir()
    problems: list[Problem] = []
    check_file_names(raw, tmp_path, problems)
    assert [(p.file, p.message) for p in problems] == [
        (f"data/raw/{folder}", f"is not read: folder names are case-sensitive; rename it to {folder.lower()}")]
    deeper: list[Problem] = []
    (raw / folder).rmdir()
    (raw / "claims" / folder).mkdir()  # a folder of that name deeper down is no raw folder: no word about it
    check_file_names(raw, tmp_path, deeper)
    assert deeper == []
