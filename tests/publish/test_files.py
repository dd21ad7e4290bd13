"""The shipped files mean what they hold: dates are dates, counts are integers,
booleans are the Frictionless default, spreadsheets keep prints as text."""

from __future__ import annotations

import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import repression_data as rd
from repression_data.formats import CSV_DIALECT
from repression_data.paths import CHECKOUT_PROCESSED_DIR as PROCESSED
from repression_data.read.wide import WIDE_TABLES


@pytest.mark.parametrize("name", ["claims", "quantities"])
def test_dates_are_parquet_date32_and_load_as_datetimes(name):
    schema = pq.read_schema(PROCESSED / f"{name}.parquet")
    for column in ("period_start", "period_end"):
        assert schema.field(column).type == pa.date32(), column
        assert str(rd.load(name)[column].dtype) == "datetime64[ns]"


def test_no_table_holds_a_timestamp():
    for name in rd.tables():
        schema = pq.read_schema(PROCESSED / f"{name}.parquet")
        assert not any(pa.types.is_timestamp(f.type) for f in schema), name


@pytest.mark.parametrize("spec", WIDE_TABLES, ids=lambda s: s.name)
def test_counts_of_the_printed_tables_are_nullable_integers(spec):
    frame = rd.load(spec.name)
    schema = pq.read_schema(PROCESSED / f"{spec.name}.parquet")
    for column in spec.columns:
        if spec.is_count(column):
            assert str(frame[column].dtype) == "Int64", column
            assert pa.types.is_integer(schema.field(column).type), column
        else:
            assert frame[column].dtype == "float64", column


def test_table_5_counts_are_written_without_a_decimal_point():
    with (PROCESSED / "secret_police_arrests_1921_39.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cells = [r[c] for r in rows for c in ("arrests_total", "shot", "exiled") if r[c]]
    assert cells and all(cell.isdigit() for cell in cells), cells


def test_booleans_are_the_frictionless_default_and_the_datapackage_says_so():
    with (PROCESSED / "claims.csv").open(newline="", encoding="utf-8") as handle:
        derived = {r["derived"] for r in csv.DictReader(handle)}
    assert derived == {"true", "false"}
    package = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["name"] == "claims")
    fields = {f["name"]: f for f in claims["schema"]["fields"]}
    assert fields["derived"]["type"] == "boolean" and "trueValues" not in fields["derived"]
    assert fields["period_start"]["type"] == "date" and fields["page"]["type"] == "integer"
    assert all(r["dialect"] == CSV_DIALECT for r in package["resources"])
    codebook = (PROCESSED / "codebook.md").read_text(encoding="utf-8")
    assert "date32" in codebook and "`true`/`false`" in codebook and "byte-order mark" in codebook


def test_each_table_ships_as_a_spreadsheet_with_prints_as_text():
    from openpyxl import load_workbook

    manifest = json.loads((PROCESSED / "manifest.json").read_text(encoding="utf-8"))
    for name in rd.tables():
        assert manifest["tables"][name]["files"]["xlsx"]["path"] == f"{name}.xlsx"
    book = load_workbook(PROCESSED / "claims.xlsx")
    assert book.sheetnames == ["about", "data"]
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True) if row[0]}
    assert about["version"] == rd.__version__ and rd.__version__ in about["how to cite"] and "claims" in about["file"]
    assert about["quote"]  # every column described
    data = book["data"]
    header = [c.value for c in data[1]]
    printed = [row[header.index("value_printed")] for row in data.iter_rows(min_row=2)]
    by_value = {c.value: c for c in printed}
    for text in ("936.750", "+.552"):
        assert by_value[text].data_type == "s", text
    claims = rd.load("claims")
    assert [c.value for c in printed] == list(claims["value_printed"])


def test_spreadsheets_are_deterministic(tmp_path):
    from repression_data.paths import REPO_DIR
    from repression_data.pipeline.versions import version_drift
    from repression_data.publish.spreadsheet import write_xlsx

    frame = rd.load("secret_police_arrests_1921_39")
    write_xlsx(frame, "secret_police_arrests_1921_39", tmp_path / "a.xlsx")
    write_xlsx(frame, "secret_police_arrests_1921_39", tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    if not version_drift(REPO_DIR / "constraints.txt"):  # with the pinned versions, the shipped bytes
        assert (tmp_path / "a.xlsx").read_bytes() == (PROCESSED / "secret_police_arrests_1921_39.xlsx").read_bytes()


def test_counts_are_nullable_integers_in_every_table():
    """Every column of counts: pages, lines, years, the printed tables' counts, the quantities' figures."""
    expected = {"claims": ["page", "line"], "sources": ["year", "first_page", "last_page", "text_lines"],
                "quantities": ["min", "max"], "secret_police_arrests_1921_39": ["year", "arrests_total", "shot"]}
    for name, columns in expected.items():
        frame = rd.load(name)
        for column in columns:
            assert str(frame[column].dtype) == "Int64", (name, column)
    counts = rd.load("quantities")[["n_claims", "n_texts", "n_producers", "n_different_scope"]]
    assert all(str(t).lower().startswith("int") for t in counts.dtypes)
