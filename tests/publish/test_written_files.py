"""The CSV and spreadsheet files as the package's writer writes them now (not the committed ones): every table
written afresh into tmp_path, then each cell compared with what the README promises ("Safety of the files";
formats.CSV_DIALECT_TEXT): booleans as true/false, whole numbers without '.0', dates as YYYY-MM-DD, an empty cell
for a missing value and for nothing else; in a spreadsheet, a date is a date cell and a text stays text."""

from __future__ import annotations

import csv
import datetime as dt
import math

import pandas as pd
import pytest

import repression_data as rd
from repression_data.publish.spreadsheet import write_xlsx
from repression_data.publish.write import write_tables

DATE_TABLES = ["claims", "corrections", "withdrawn", "check_words", "quantities"]


@pytest.fixture(scope="module")
def tables():
    return {name: rd.load(name) for name in rd.tables()}


@pytest.fixture(scope="module")
def written(tables, tmp_path_factory):
    folder = tmp_path_factory.mktemp("written")
    write_tables(tables, folder, "0.0.0", spreadsheets=False)
    return folder


def expected_cell(value, dtype) -> str:
    """The CSV text of one value, worked out here from the promise, not by the package's own formatter."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if str(dtype) == "bool":
        return "true" if value else "false"
    if str(dtype).startswith("datetime64"):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def test_every_cell_of_every_freshly_written_csv_is_as_promised(tables, written):
    kinds = set()
    for name, frame in tables.items():
        with open(written / f"{name}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == list(frame.columns), name
        assert len(rows) == len(frame) + 1, name
        for j, column in enumerate(frame.columns):
            dtype = frame[column].dtype
            got = [row[j] for row in rows[1:]]
            want = [expected_cell(v, dtype) for v in frame[column].tolist()]
            assert got == want, f"{name}.{column} ({dtype}): first difference " + next(
                f"row {i}: {g!r} instead of {w!r}" for i, (g, w) in enumerate(zip(got, want)) if g != w)
            kinds.add(str(dtype))
    assert {"bool", "Int64", "float64", "datetime64[ns]"} <= kinds, kinds  # the test saw every kind of cell


def test_booleans_are_written_as_lower_case_words(tables, written):
    with open(written / "claims.csv", encoding="utf-8", newline="") as handle:
        cells = {row["derived"] for row in csv.DictReader(handle)}
    assert cells == {"true", "false"}


def test_whole_numbers_dates_and_missing_values_in_the_claims_file(tables, written):
    with open(written / "claims.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    frame = tables["claims"]
    assert not any(row["value"].endswith(".0") for row in rows)
    assert any(row["value"] and "." not in row["value"] for row in rows)
    dated = [row["period_start"] for row in rows if row["period_start"]]
    assert dated and all(len(d) == 10 and dt.date.fromisoformat(d) for d in dated)
    assert [row["period_start"] == "" for row in rows] == list(frame["period_start"].isna())
    assert [row["value_low"] == "" for row in rows] == list(frame["value_low"].isna())


@pytest.fixture(scope="module")
def workbooks(tables, tmp_path_factory):
    from openpyxl import load_workbook

    folder = tmp_path_factory.mktemp("xlsx")
    mine = pd.DataFrame({
        "text": pd.array(["1937-08-05", "007", "TRUE", "1,337", None], dtype="string"),
        "date": pd.to_datetime(["1937-08-05", None, "1938-11-17", "1900-01-01", "2029-12-31"]),
        "count": pd.array([1337, None, 0, 177000, 5], dtype="Int64"),
        "flag": [True, False, True, False, True],
    })
    books = {}
    for name, frame in [*((n, tables[n]) for n in DATE_TABLES), ("mine", mine)]:
        write_xlsx(frame, name, folder / f"{name}.xlsx")
        sheet = load_workbook(folder / f"{name}.xlsx")["data"]
        books[name] = (frame, list(sheet.iter_rows(min_row=2)))
    return books


@pytest.mark.parametrize("name", [*DATE_TABLES, "mine"])
def test_spreadsheet_dates_are_date_cells_and_texts_stay_text(workbooks, name):
    frame, rows = workbooks[name]
    assert len(rows) == len(frame)
    dates = [c for c in frame.columns if str(frame[c].dtype).startswith("datetime64")]
    texts = [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) in ("string", "str")]
    assert dates
    seen_date = False
    for row, record in zip(rows, frame.to_dict("records")):
        cells = dict(zip(frame.columns, row))
        for column in dates:
            cell, value = cells[column], record[column]
            if pd.isna(value):
                assert cell.value is None, (name, column)
                continue
            assert cell.is_date and isinstance(cell.value, dt.datetime), (name, column, cell.value)
            assert cell.value.date() == value.date()
            seen_date = True
        for column in texts:
            cell, value = cells[column], record[column]
            if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
                assert cell.value is None, (name, column)
                continue
            assert cell.data_type == "s" and not cell.is_date and cell.value == value, (name, column, cell.value)
    assert seen_date


def test_a_text_that_looks_like_a_date_or_a_number_stays_that_text(workbooks):
    _, rows = workbooks["mine"]
    assert [row[0].value for row in rows] == ["1937-08-05", "007", "TRUE", "1,337", None]
    assert all(row[0].data_type == "s" for row in rows[:4])
    assert [row[2].value for row in rows] == [1337, None, 0, 177000, 5]
    assert [row[3].value for row in rows] == [True, False, True, False, True]
