"""Each table as a spreadsheet (.xlsx), written with openpyxl.

For readers who open the data in Excel or LibreOffice: a CSV opened there
loses its prints (``936.750`` becomes 936.75) and, without an import dialog,
its non-ASCII letters. In the .xlsx every text cell is stored as text, so
prints stay prints; numbers are numbers, dates are dates, booleans are
booleans. The first sheet says what the file is, its version and how to cite
it, and describes every column; the second holds the table.

The bytes are deterministic: fixed document dates and fixed zip-entry times.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd

from repression_data import metadata
from repression_data.publish.catalog import tables as catalogue
from repression_data.shipped.citation import cite_package

# Excel's last row; a table longer than this cannot be one sheet.
MAX_ROWS = 1_048_576
FIXED_TIME = dt.datetime(2000, 1, 1)  # the document's created/modified dates: none that change between builds
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def about_rows(df: pd.DataFrame, name: str) -> list[tuple[str, str]]:
    """The first sheet: what the file is, its version, how to cite it, and its columns."""

    info = {t.name: t for t in catalogue()}.get(name)
    title = info.title if info else name
    rows = [
        ("file", f"{name}.xlsx: the table '{name}' of {metadata.NAME} {metadata.VERSION}, the same rows as {name}.csv and {name}.parquet"),
        ("table", title),
        ("what it holds", info.description if info else ""),
        ("version", metadata.VERSION),
        ("rows", str(len(df))),
        ("how to cite", cite_package("apa")),
        ("cite also", "the text and page of every figure you use: each claim's citation is in the claims table "
                      "(source_id, page, locator); in Python, repression_data.cite(claim_id)"),
        ("licence", f"data: {metadata.LICENSE} (see LICENSE-DATA); code: {metadata.CODE_LICENSE} (see LICENSE)"),
        ("sheet 'data'", "text cells are text, exactly as in the CSV and Parquet files (a print such as 936.750 stays 936.750); "
                         "an empty cell is a missing value"),
        ("", ""),
        ("column", "meaning"),
    ]
    for column in df.columns:
        meaning = ""
        if info is not None and column in info.schema.columns:
            meaning = info.schema.columns[column].description or ""
        rows.append((column, meaning))
    return rows


def _cell(value):
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


# Column widths in characters: wide enough for the header and most cells, never wider than
# WIDEST; a text cell longer than its column is wrapped (the row grows instead of the column).
WIDEST = 60
NARROWEST = 8
ABOUT_WIDTHS = (18, 95)  # the about sheet: key, then its text wrapped to fit a page's width


def column_widths(df: pd.DataFrame) -> list[int]:
    """The width of each column (characters): its header or its longest cell, plus a margin, within NARROWEST..WIDEST."""
    widths = []
    for column in df.columns:
        values = df[column].dropna()
        longest = int(values.astype(str).str.len().max()) if len(values) else 0
        widths.append(max(NARROWEST, min(WIDEST, max(len(str(column)), longest) + 2)))
    return widths


def write_xlsx(df: pd.DataFrame, name: str, path: Path) -> None:
    """Write ``df`` as ``path`` (an .xlsx): sheet 'about', then sheet 'data'.

    The data sheet opens ready to read: its header row frozen and in bold, a filter on every
    column, each column as wide as its content (up to WIDEST characters, longer text wrapped).
    The about sheet fits the width of a printed page. Raises ValueError for a table longer than
    a sheet can hold, or a text cell that a spreadsheet would run as a formula (the build
    refuses those first).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.writer.excel import ExcelWriter

    if len(df) + 1 > MAX_ROWS:
        raise ValueError(f"table {name} has {len(df)} rows, more than a spreadsheet holds ({MAX_ROWS - 1})")
    book = Workbook(write_only=True)
    book.properties.creator = metadata.NAME
    book.properties.title = f"{name} ({metadata.NAME} {metadata.VERSION})"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    about = book.create_sheet("about")
    for letter, width in zip("AB", ABOUT_WIDTHS):
        about.column_dimensions[letter].width = width
    about.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    about.page_setup.fitToWidth, about.page_setup.fitToHeight = 1, 0  # one page wide, as many long as it needs
    for key, value in about_rows(df, name):
        key_cell, value_cell = WriteOnlyCell(about, value=key), WriteOnlyCell(about, value=value)
        key_cell.font, key_cell.alignment, value_cell.alignment = bold, wrapped, wrapped
        about.append([key_cell, value_cell])

    data = book.create_sheet("data")
    widths = column_widths(df)
    for i, width in enumerate(widths, start=1):
        data.column_dimensions[get_column_letter(i)].width = width
    data.freeze_panes = "A2"
    data.auto_filter.ref = f"A1:{get_column_letter(max(1, len(df.columns)))}{len(df) + 1}"
    header = []
    for column in df.columns:
        cell = WriteOnlyCell(data, value=column)
        cell.font = bold
        header.append(cell)
    data.append(header)
    dates = {c for c in df.columns if str(df[c].dtype).startswith("datetime64")}
    for row in df.itertuples(index=False, name=None):
        cells = []
        for column, width, value in zip(df.columns, widths, row):
            value = _cell(value)
            if isinstance(value, str):
                if value.startswith("="):
                    raise ValueError(f"table {name}, column {column}: {value!r} would be a formula")
                cell = WriteOnlyCell(data, value=value)
                cell.data_type = "s"  # text stays text
                if len(value) > width:
                    cell.alignment = wrapped
            elif column in dates and value is not None:
                cell = WriteOnlyCell(data, value=value)
                cell.number_format = "yyyy-mm-dd"
            else:
                cell = value  # a number, a boolean or an empty cell needs no cell object of its own
            cells.append(cell)
        data.append(cells)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    path.write_bytes(_fixed_times(buffer.getvalue()))


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every entry dated ZIP_TIME, so two builds give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()
