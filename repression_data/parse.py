"""Turn the string cells of raw CSV files into typed columns.

Each converter either returns a Python value or records a Problem naming
the file, record and field, so that one bad cell never stops us from
reporting the others.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from typing import Callable

import pandas as pd

from .errors import Problem
from .rawfiles import RawTable

_INT = re.compile(r"^[0-9]+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def record_label(table: RawTable, i: int, id_column: str | None) -> str:
    label = f"line {table.lines[i]}"
    if id_column and table.rows[i].get(id_column):
        label += f" ({id_column} {table.rows[i][id_column]})"
    return label


def to_int(text: str) -> int:
    if not _INT.match(text):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def to_float(text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        hint = " (write digits without thousands separators, e.g. 1234.5)" if "," in text else ""
        raise ValueError(f"{text!r} is not a number{hint}") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{text!r} is not a finite number")
    return number


def to_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "yes"):
        return True
    if lowered in ("false", "no", ""):
        return False
    raise ValueError(f"{text!r} is not true or false")


def _to_date(text: str, end: bool) -> dt.date:
    """Read 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; a year or month means its first
    day at the start of a period and its last day at the end."""
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        m = int(month)
        if day is None:
            last = calendar.monthrange(year, m)[1] if 1 <= m <= 12 else 0
            return dt.date(year, m, last if end else 1)
        return dt.date(year, m, int(day))
    except ValueError:
        raise ValueError(f"{text!r} is an impossible date") from None


def to_start_date(text: str) -> dt.date:
    return _to_date(text, end=False)


def to_end_date(text: str) -> dt.date:
    return _to_date(text, end=True)


def to_text(text: str) -> str:
    return text


Converter = Callable[[str], object]


def convert_table(
    table: RawTable,
    converters: dict[str, Converter],
    required: set[str],
    problems: list[Problem],
    id_column: str | None = None,
) -> list[dict[str, object]]:
    """Apply a converter to every cell; empty cells become None.

    A cell left empty in a ``required`` column is a problem; every other
    empty cell is simply missing (null) in the table.
    """
    records = []
    for i, row in enumerate(table.rows):
        record: dict[str, object] = {}
        for column, convert in converters.items():
            text = row.get(column, "")
            if text == "":
                if column in required:
                    problems.append(Problem(table.file, record_label(table, i, id_column), column, "is empty but required"))
                record[column] = None
                continue
            try:
                record[column] = convert(text)
            except ValueError as exc:
                problems.append(Problem(table.file, record_label(table, i, id_column), column, str(exc)))
                record[column] = None
        records.append(record)
    return records


def frame(records: list[dict[str, object]], dtypes: dict[str, str]) -> pd.DataFrame:
    """Build a DataFrame with the given column order and dtypes."""
    data = {}
    for column, dtype in dtypes.items():
        values = [r.get(column) for r in records]
        if dtype == "datetime64[ns]":
            data[column] = pd.Series(pd.to_datetime(values), dtype=dtype)
        else:
            data[column] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data)
