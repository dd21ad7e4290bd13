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

from repression_data import dtypes
from repression_data.errors import Problem
from repression_data.formats import FORMULA_LIKE, FORMULA_RULE
from repression_data.read.rawfiles import RawTable

_INT = re.compile(r"^[0-9]+$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
INT64_MAX = 2**63 - 1
EXACT_FLOAT_MAX = 2**53  # above it a float no longer holds every whole number
# The years a date in the data may fall in: the texts count from the revolution to
# the present, and a year outside this span is a typing slip ("1397", "9137").
FIRST_YEAR, LAST_YEAR = 1900, 2029


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


def _label(lines: list[int], ids: list[str], id_column: str | None, i: int) -> str:
    label = f"line {lines[i]}"
    if id_column and ids[i]:
        label += f" ({id_column} {ids[i]})"
    return label


def _dates(raw: pd.Series, end: bool) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Vectorised to_start_date / to_end_date: (dates, unreadable mask, impossible mask).

    Dispatches on the length of the cell (YYYY, YYYY-MM, YYYY-MM-DD), which is
    much faster than a regular expression with groups on a million rows.
    """
    text = raw.astype("str")
    length = text.str.len()
    unreadable = ~text.str.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?").fillna(False).astype(bool)
    year = pd.to_numeric(text.str[:4].where(~unreadable), errors="coerce")
    outside = ~unreadable & ((year < FIRST_YEAR) | (year > LAST_YEAR)).fillna(False).astype(bool)
    unreadable = unreadable | outside  # not converted; reported as outside the period
    year_only, month_only, full = (length == 4) & ~unreadable, (length == 7) & ~unreadable, (length == 10) & ~unreadable
    dates = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    if year_only.any():
        dates[year_only] = pd.to_datetime(text[year_only] + ("-12-31" if end else "-01-01"), format="%Y-%m-%d", errors="coerce")
    if month_only.any():
        first = pd.to_datetime(text[month_only] + "-01", format="%Y-%m-%d", errors="coerce")
        dates[month_only] = first + pd.offsets.MonthEnd(0) if end else first
    if full.any():
        dates[full] = pd.to_datetime(text[full], format="%Y-%m-%d", errors="coerce")
    impossible = ~unreadable & dates.isna()
    return dates, unreadable & ~outside, impossible | outside


def convert_columns(table: RawTable, spec, problems: list[Problem]) -> pd.DataFrame:
    """Type every column of ``table`` as ``spec`` says, vectorised over the rows.

    Empty cells become null; a required empty cell, or a cell that cannot be
    read as its type, is a Problem naming file, record and field. The messages
    are those of the single-cell converters above.
    """
    n = len(table)
    ids = list(table.column(spec.id_column)) if spec.id_column in table.columns else [""] * n
    data = {}
    for column in spec.columns:
        raw = table.column(column.name)
        empty = (raw == "").astype(bool)
        bad = pd.Series(False, index=raw.index)
        message: Callable[[str], str]
        if column.convert is to_int:
            ok = raw.str.fullmatch(r"[0-9]+").astype(bool)
            long = ok & (raw.str.len() > 18)  # int64 holds every number of up to 18 digits
            if long.any():
                too_big = pd.Series(False, index=raw.index)
                too_big[long] = [int(t) > INT64_MAX for t in raw[long]]
                ok = ok & ~too_big
            bad = ~empty & ~ok
            values = pd.to_numeric(raw.where(~empty & ok), errors="coerce", dtype_backend="numpy_nullable").astype("Int64")
            message = lambda text: (f"{text!r} is beyond the largest whole number a table can hold ({INT64_MAX})"  # noqa: E731
                                    if _INT.match(text) else f"{text!r} is not a whole number")
        elif column.convert is to_float:
            numbers = pd.to_numeric(raw.where(~empty), errors="coerce")
            bad = ~empty & (numbers.isna() | numbers.abs().ge(EXACT_FLOAT_MAX))
            values = numbers.where(~bad).astype("float64")
            message = lambda text: to_float_error(text)  # noqa: E731
        elif column.convert is to_bool:
            lowered = raw.str.lower()
            values = lowered.isin(["true", "yes"]).astype(bool)
            bad = ~lowered.isin(["true", "yes", "false", "no", ""]).astype(bool)
            message = lambda text: f"{text!r} is not true or false"  # noqa: E731
        elif column.convert in (to_start_date, to_end_date):
            values, unreadable, impossible = _dates(raw.where(~empty, ""), end=column.convert is to_end_date)
            unreadable = unreadable & ~empty
            bad = unreadable | impossible
            values = values.where(~bad)
            message = lambda text: date_error(text)  # noqa: E731
        else:
            values = raw.where(~empty)
            bad = ~empty & raw.str.match(FORMULA_LIKE).astype(bool)
            message = lambda text: f"{text!r} looks like a spreadsheet formula: {FORMULA_RULE}; reword the cell"  # noqa: E731
        for i in bad[bad].index:
            problems.append(Problem(table.file, _label(table.lines, ids, spec.id_column, i), column.name, message(raw[i])))
        if column.required:
            for i in empty[empty].index:
                problems.append(Problem(table.file, _label(table.lines, ids, spec.id_column, i), column.name, "is empty but required"))
        if column.dtype == "bool":
            data[column.name] = values.astype(bool)
        elif column.dtype == "str":
            data[column.name] = dtypes.text(values)
        else:
            data[column.name] = pd.Series(values, dtype=column.dtype)
    return pd.DataFrame(data)


def to_float_error(text: str) -> str:
    try:
        number = to_float(text)
    except ValueError as exc:
        return str(exc)
    if abs(number) >= EXACT_FLOAT_MAX:
        return f"{text!r} is too large: beyond {EXACT_FLOAT_MAX} (2^53) a number cannot be held exactly"
    return f"{text!r} is not a finite number"


def date_error(text: str) -> str:
    match = _DATE.match(text)
    if not match:
        return f"{text!r} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)"
    if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return f"{text!r} is outside the period the data may cover ({FIRST_YEAR}-{LAST_YEAR}); is the year mistyped?"
    return f"{text!r} is an impossible date"


def empty_frame(types: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({column: dtypes.text([]) if dtype == "str" else pd.Series([], dtype=dtype) for column, dtype in types.items()})
