"""Spreadsheets people can open and read: frozen header, filter, column widths, wrapped long text,
an about sheet that fits the page (issue 23, item 6)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import repression_data as rd
from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.publish.spreadsheet import WIDEST, column_widths, write_xlsx


@pytest.fixture(scope="module")
def claims_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "claims.xlsx"
    write_xlsx(rd.load("claims"), "claims", path)
    return load_workbook(path)


def test_the_data_sheet_has_a_frozen_bold_header_and_a_filter_over_every_column(claims_book):
    data, claims = claims_book["data"], rd.load("claims")
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref == f"A1:{get_column_letter(len(claims.columns))}{len(claims) + 1}"
    assert all(cell.font.bold for cell in data[1])


def test_columns_are_as_wide_as_their_content_and_long_text_wraps(claims_book):
    data, claims = claims_book["data"], rd.load("claims")
    widths = [data.column_dimensions[get_column_letter(i)].width for i in range(1, len(claims.columns) + 1)]
    assert widths == column_widths(claims)
    quote = list(claims.columns).index("quote")
    assert widths[quote] == WIDEST and widths[list(claims.columns).index("claim_id")] < 20
    long_rows = [i for i, text in enumerate(claims["quote"]) if isinstance(text, str) and len(text) > WIDEST]
    assert long_rows
    assert all(data.cell(row=i + 2, column=quote + 1).alignment.wrap_text for i in long_rows)
    assert [data.cell(row=i + 2, column=quote + 1).value for i in long_rows] == [claims["quote"][i] for i in long_rows]


def test_the_about_sheet_fits_the_width_of_a_page(claims_book):
    about = claims_book["about"]
    assert about.sheet_properties.pageSetUpPr.fitToPage
    assert about.page_setup.fitToWidth == 1 and about.page_setup.fitToHeight == 0
    assert sum(about.column_dimensions[c].width for c in "AB") <= 120
    assert all(row[1].alignment.wrap_text for row in about.iter_rows())


def test_the_shipped_claims_spreadsheet_is_laid_out_for_reading():
    data = load_workbook(CHECKOUT_PROCESSED_DIR / "claims.xlsx", read_only=False)["data"]
    assert data.freeze_panes == "A2" and data.auto_filter.ref
    assert data.column_dimensions["A"].width and data.column_dimensions["A"].width != 13
