"""Each kind of bad raw record is rejected with a message naming file, record and field."""

from __future__ import annotations

import pytest

from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables

REIMAN = "claims/reiman-2016.csv"
CLAIM = "RM-0010"  # an exact count: '1936 – 23,279 persons'


def problems_of(raw_copy) -> list[str]:
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    return [str(p) for p in info.value.problems]


def assert_named(messages: list[str], file: str, record: str, field: str, words: str) -> None:
    wanted = [m for m in messages if file in m and record in m and f"field '{field}'" in m and words in m]
    assert wanted, f"no message naming {file}, {record}, {field}, {words!r} in:\n" + "\n".join(messages)


CELL_CASES = [
    # (field, bad value, words the message must contain)
    ("value", "23,279", "not a number"),
    ("value", "many", "not a number"),
    ("value", "-5", "below the minimum"),
    ("value_low", "30000", "greater than value"),
    ("value_high", "100", "less than value"),
    ("qualifier", "abuot", "not an allowed value"),
    ("measure", "killings", "not an allowed value"),
    ("unit", "people", "not an allowed value"),
    ("category", "trotskiists", "not an allowed value"),
    ("region", "Atlantis", "not an allowed value"),
    ("quote", "", "empty but required"),
    ("quote", "1936 – 23,279 persons " + "x" * 200, "characters"),
    ("quote", "1936 – persons", "does not contain value_printed"),
    ("value_printed", "", "empty but required"),
    ("line", "abc", "not a whole number"),
    ("line", "99999", "beyond the last line"),
    ("page", "12", "has no page numbers"),
    ("period_start", "1936-13-01", "impossible date"),
    ("period_start", "1936-02-30", "impossible date"),
    ("period_start", "36/1/1936", "not a date"),
    ("period_end", "1935", "before period_start"),
    ("derived", "maybe", "not true or false"),
    ("claim_id", "XX-0001", "must start with 'RM-'"),
    ("claim_id", "RM-7", "does not match the pattern"),
    ("claim_id", "RM-0001", "appears more than once"),
    ("qualifier", "range", "needs both value_low and value_high"),
    ("locator", "", "empty but required"),
]


# Where a row-level check blames another field than the one edited.
BLAMED_FIELD = {("qualifier", "range"): "value_low"}


@pytest.mark.parametrize("field,value,words", CELL_CASES, ids=[f"{f}={v[:20]!r}" for f, v, _ in CELL_CASES])
def test_bad_cell_is_named(raw_copy, field, value, words):
    raw_copy.edit(REIMAN, CLAIM, field, value)
    record = CLAIM if field != "claim_id" else "line "
    blamed = BLAMED_FIELD.get((field, value), field)
    assert_named(problems_of(raw_copy), REIMAN, record, blamed, words)


def test_percent_over_100(raw_copy):
    raw_copy.edit(REIMAN, "RM-0055", "value", "140")  # 'Around 40%'
    assert_named(problems_of(raw_copy), REIMAN, "RM-0055", "value", "percent over 100")


def test_fraction_over_1(raw_copy):
    raw_copy.edit(REIMAN, "RM-0022", "value", "2")  # 'half as many'
    assert_named(problems_of(raw_copy), REIMAN, "RM-0022", "value", "fraction over 1")


def test_page_outside_the_texts_pages(raw_copy):
    raw_copy.edit("sources.csv", "reiman-2016", "first_page", "101", id_column="source_id")
    raw_copy.edit("sources.csv", "reiman-2016", "last_page", "130", id_column="source_id")
    raw_copy.edit(REIMAN, CLAIM, "page", "12")
    assert_named(problems_of(raw_copy), REIMAN, CLAIM, "page", "outside the text's pages 101-130")


def test_claims_file_of_unknown_source(raw_copy):
    raw_copy.path(REIMAN).rename(raw_copy.path("claims/reiman-2061.csv"))
    assert_named(problems_of(raw_copy), "claims/reiman-2061.csv", "RM-0001", "source_id", "not an allowed value")


def test_unknown_column(raw_copy):
    header, rows = raw_copy.rows(REIMAN)
    for row in rows:
        row["vaule"] = ""
    raw_copy.write_rows(REIMAN, header + ["vaule"], rows)
    assert_named(problems_of(raw_copy), REIMAN, "line 1", "vaule", "unknown column")


def test_missing_required_column(raw_copy):
    header, rows = raw_copy.rows(REIMAN)
    for row in rows:
        del row["quote"]
    raw_copy.write_rows(REIMAN, [h for h in header if h != "quote"], rows)
    assert_named(problems_of(raw_copy), REIMAN, "line 1", "quote", "required column is missing")


def test_truncated_file(raw_copy):
    path = raw_copy.path(REIMAN)
    data = path.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 20  # inside the row after the middle line: cuts it in two
    path.write_bytes(data[:cut])
    messages = problems_of(raw_copy)
    assert any(REIMAN in m and "line " in m and ("truncated" in m or "cells but the header" in m) for m in messages), messages


def test_invalid_utf8(raw_copy):
    path = raw_copy.path(REIMAN)
    path.write_bytes(path.read_bytes().replace("–".encode(), b"\xff", 1))
    assert any(REIMAN in m and "not valid UTF-8" in m and "line " in m for m in problems_of(raw_copy))


def test_empty_file(raw_copy):
    raw_copy.path(REIMAN).write_text("", encoding="utf-8")
    assert any(REIMAN in m and "is empty" in m for m in problems_of(raw_copy))


def test_bad_vocabulary_file(raw_copy):
    raw_copy.edit("vocabularies/regions.csv", "Kirov region", "parent", "Narnia", id_column="region")
    assert_named(problems_of(raw_copy), "vocabularies/regions.csv", "Kirov region", "parent", "not a region")


def test_bad_source_registry_entry(raw_copy):
    raw_copy.edit("sources.csv", "reiman-2016", "text_sha256", "abc", id_column="source_id")
    assert_named(problems_of(raw_copy), "sources.csv", "reiman-2016", "text_sha256", "does not match the pattern")


def test_every_problem_is_reported_at_once(raw_copy):
    raw_copy.edit(REIMAN, "RM-0001", "value", "x")
    raw_copy.edit(REIMAN, "RM-0002", "measure", "y")
    messages = problems_of(raw_copy)
    assert any("RM-0001" in m and "'value'" in m for m in messages)
    assert any("RM-0002" in m and "'measure'" in m for m in messages)


def test_byte_order_mark_and_windows_line_endings_are_accepted(raw_copy):
    path = raw_copy.path(REIMAN)
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    tables = build_tables(raw_copy.raw)
    assert (tables["claims"]["source_id"] == "reiman-2016").sum() == text.count("\n") - 1
