"""A published id stays bound to what it names (issue 25, item 2).

The id list of each version (``data/published/<version>.csv``) records, beside every live id, two
fingerprints (the first 16 hex digits of a BLAKE2b digest of the fields, joined):

- ``figure``: what the id *is*. A claim: its source, quote and printed figure (``source_id``,
  ``quote``, ``value_printed``); a relation: its operation and the claims it relates (``operation``,
  ``operands``, ``result``, ``result_constant``); a table cell: the claim in it.
- ``reading``: what the id *says* about it (claims only): locator, page, line, value and bounds,
  qualifier, unit, measure, category, region, period and producer.

Every build compares its fingerprints with those of every earlier publication that has them (the
id lists, the previous build, the release bundles). An id whose figure is now another id's figure
is refused naming both ids (two ids swapped, or one id pointed at another's figure): no correction
can license that. Any other change of the figure or the reading is a correction: it passes only
when ``data/raw/corrections.csv`` records it (id, kind, date, version, reason) in the version that
makes it or a later one; the build ships those rows as the ``corrections`` table and a release
writes them to ``ERRATA.md``.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date, datetime

import numpy as np
import pandas as pd

from repression_data.errors import Problem
from repression_data.read import parse
from repression_data.read.origins import Origins
from repression_data.read.rawfiles import display_path, read_raw_csv
from repression_data.read.rawspec import DATE, STR, Column, RawSpec
from repression_data.read.wide import WIDE_TABLES

CORRECTIONS_FILE = "corrections.csv"
CORRECTION_KINDS = ("claim", "relation", "cell")
CLAIM_FIGURE = ("source_id", "quote", "value_printed")
CLAIM_READING = ("locator", "page", "line", "value", "value_low", "value_high", "qualifier", "unit", "measure", "category",
                 "region", "period_start", "period_end", "producer_id")
RELATION_FIGURE = ("operation", "operands", "result", "result_constant")

CORRECTIONS = RawSpec(
    id_column="id",
    columns=(
        Column("id", parse.to_text, STR, True),
        Column("kind", parse.to_text, STR, True),
        Column("date", parse.to_start_date, DATE, True),
        Column("version", parse.to_text, STR, True),
        Column("reason", parse.to_text, STR, True),
    ),
)

Binding = tuple[str, str]  # (figure, reading); reading "" where a kind has none


def _text(value) -> str:
    """One field as the fingerprint sees it: the same for a fresh build and for a table read back from Parquet."""
    kind = type(value)
    if kind is str:  # most fields: the rules below give a text itself
        return value
    if kind is int:
        return str(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()[:10]
    if isinstance(value, (bool,)):
        return "true" if value else "false"
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(value, "is_integer") and value.is_integer():
        return str(int(value))
    return str(value)


def fingerprint(values) -> str:
    return hashlib.blake2b("\x1f".join(map(_text, values)).encode("utf-8"), digest_size=8).hexdigest()


def _rows(frame: pd.DataFrame, columns) -> list[tuple]:
    present = [frame[c].tolist() if c in frame else [None] * len(frame) for c in columns]
    return list(zip(*present)) if present else []


def fields_of(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], tuple[tuple, tuple]]:
    """(kind, id) -> (figure fields, reading fields), as values (for saying what changed)."""
    found: dict[tuple[str, str], tuple[tuple, tuple]] = {}
    claims = tables.get("claims")
    if claims is not None:
        for claim_id, figure, reading in zip(claims["claim_id"].tolist(), _rows(claims, CLAIM_FIGURE), _rows(claims, CLAIM_READING)):
            found[("claim", claim_id)] = (figure, reading)
    relations = tables.get("relations")
    if relations is not None:
        for relation_id, figure in zip(relations["relation_id"].tolist(), _rows(relations, RELATION_FIGURE)):
            found[("relation", relation_id)] = (figure, ())
    for spec in WIDE_TABLES:
        frame = tables.get(spec.name)
        if frame is None:
            continue
        for column in spec.columns:
            name = f"{column}_claim_id"
            if name not in frame:
                continue
            for row, claim in zip(frame[spec.row_column].tolist(), frame[name].tolist()):
                if isinstance(claim, str):
                    found[("cell", f"{spec.name}:{row}:{column}")] = ((claim,), ())
    return found


def bindings_of_by_row(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], Binding]:
    """``bindings_of`` one id at a time, from ``fields_of`` (the oracle its tests compare with)."""
    return {key: (fingerprint(figure), fingerprint(reading) if reading else "") for key, (figure, reading) in fields_of(tables).items()}


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    """``_text`` of every value of one column (of '' where the frame has no such column), a column at a time."""
    if column not in frame:
        return [""] * len(frame)
    series = frame[column]
    if pd.api.types.is_datetime64_dtype(series.dtype):  # tz-naive dates: 'YYYY-MM-DD' as isoformat()[:10] gives it
        days = np.datetime_as_string(series.to_numpy(dtype="datetime64[ns]"), unit="D").tolist()
        return [day if day != "NaT" else "" for day in days]
    if pd.api.types.is_float_dtype(series.dtype) and not isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
        return ["" if v != v else str(int(v)) if v.is_integer() else repr(v) for v in series.tolist()]
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        values = series.to_numpy(dtype=object)  # the strings themselves; a missing value as NaN, None or NA: all ''
    else:
        values = series.tolist()
    return [v if type(v) is str else str(v) if type(v) is int else _text(v) for v in values]


def _fingerprints(frame: pd.DataFrame, columns) -> list[str]:
    """``fingerprint`` of each row's ``columns``, a column at a time."""
    blake2b = hashlib.blake2b
    return [blake2b("\x1f".join(row).encode("utf-8"), digest_size=8).hexdigest() for row in zip(*(_texts(frame, c) for c in columns))]


def bindings_of(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], Binding]:
    """(kind, id) -> (figure, reading) fingerprints of every id of a set of tables that has them.

    The fields are read a column at a time (a million claims in seconds); the same fingerprints as
    ``bindings_of_by_row``, which the tests compare with on the shipped data and on odd values.
    """
    found: dict[tuple[str, str], Binding] = {}
    claims = tables.get("claims")
    if claims is not None:
        for claim_id, figure, reading in zip(claims["claim_id"].tolist(), _fingerprints(claims, CLAIM_FIGURE), _fingerprints(claims, CLAIM_READING)):
            found[("claim", claim_id)] = (figure, reading)
    relations = tables.get("relations")
    if relations is not None:
        for relation_id, figure in zip(relations["relation_id"].tolist(), _fingerprints(relations, RELATION_FIGURE)):
            found[("relation", relation_id)] = (figure, "")
    for spec in WIDE_TABLES:
        frame = tables.get(spec.name)
        if frame is None:
            continue
        for column in spec.columns:
            name = f"{column}_claim_id"
            if name not in frame:
                continue
            for row, claim in zip(frame[spec.row_column].tolist(), frame[name].tolist()):
                if isinstance(claim, str):
                    found[("cell", f"{spec.name}:{row}:{column}")] = (fingerprint((claim,)), "")
    return found


def read_corrections(raw_dir, root, version: str, problems: list[Problem]) -> pd.DataFrame:
    """data/raw/corrections.csv, read strictly (absent: no corrections)."""
    path = raw_dir / CORRECTIONS_FILE
    if not path.exists() and not path.is_symlink():
        return parse.empty_frame(CORRECTIONS.dtypes)
    table = read_raw_csv(path, CORRECTIONS.names, [], problems, root=root, raw_dir=raw_dir)
    if table is None:
        return parse.empty_frame(CORRECTIONS.dtypes)
    frame = parse.convert_columns(table, CORRECTIONS, problems)
    origins = Origins.of(table, "id")
    for i, row in enumerate(frame.itertuples(index=False)):
        where = origins[i]
        if row.kind not in CORRECTION_KINDS:
            problems.append(Problem(where.file, where.record, "kind", f"{row.kind!r} is not one of {', '.join(CORRECTION_KINDS)}"))
        date_text = table.cells["date"].iloc[i]
        if date_text and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_text):
            problems.append(Problem(where.file, where.record, "date", f"{date_text!r} is not an ISO date (write YYYY-MM-DD)"))
        if isinstance(row.version, str) and not re.fullmatch(r"\d+\.\d+\.\d+", row.version):
            problems.append(Problem(where.file, where.record, "version", f"{row.version!r} is not a version (like {version})"))
        elif isinstance(row.version, str) and _key(row.version) > _key(version):
            problems.append(Problem(where.file, where.record, "version", f"{row.version} is later than the package's version {version}"))
    return frame


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _changed(before: tuple, after: tuple, names) -> str:
    return ", ".join(f"{n} {_text(a)!r} -> {_text(b)!r}" for n, a, b in zip(names, before, after) if _text(a) != _text(b))


def check_bindings(new_fields, corrections: pd.DataFrame, earlier, raw_dir, root, file_of, new=None) -> list[Problem]:
    """A Problem for every id whose figure is another id's (naming both), and for every unrecorded correction.

    ``earlier``: (where, version, bindings, fields or None) of each earlier publication;
    ``file_of``: (kind, id) -> the raw file (relative to data/raw) that holds it now. ``new``: the fingerprints
    of this build where already made (``bindings_of``); ``new_fields`` may then be a function that gives the
    fields (``fields_of``), called only when a problem is to say what changed.
    """
    if new is None:
        new_fields = new_fields() if callable(new_fields) else new_fields
        new = {key: (fingerprint(f), fingerprint(r) if r else "") for key, (f, r) in new_fields.items()}
    corrected: dict[tuple[str, str], list[str]] = {}
    for kind, id_, version in zip(corrections["kind"], corrections["id"], corrections["version"]):
        if isinstance(version, str) and re.fullmatch(r"\d+\.\d+\.\d+", version):
            corrected.setdefault((kind, id_), []).append(version)
    problems: dict[tuple[str, str], Problem] = {}
    for where, version, bindings, fields in earlier:
        owner = {(kind, figure): id_ for (kind, id_), (figure, _) in bindings.items()}
        for key, (figure, reading) in bindings.items():
            if key not in new or key in problems:
                continue
            kind, id_ = key
            new_figure, new_reading = new[key]
            holder = display_path(raw_dir / file_of.get(key, ""), root)
            other = owner.get((kind, new_figure))
            if new_figure != figure and other is not None and other != id_:
                problems[key] = Problem(holder, f"{kind} {id_}", "", f"now names the figure that {where} published as {kind} {other}: an id stays bound "
                                        f"to what it named, so {id_} and {other} cannot trade figures (swapped ids?); put each back under its own id, "
                                        f"or give the figure a new id and withdraw the old one in data/raw/withdrawn.csv")
                continue
            licensed = any(version is None or _key(v) >= _key(version) for v in corrected.get(key, []))
            if licensed or (new_figure == figure and new_reading == reading):
                continue
            what = {"claim": "figure (source, quote or printed figure)", "relation": "figure (operation and the claims it relates)",
                    "cell": "figure (the claim in the cell)"}.get(kind, "figure") if new_figure != figure else "reading"
            detail = ""
            if fields is not None and key in fields:
                names = CLAIM_FIGURE if kind == "claim" else RELATION_FIGURE if kind == "relation" else ("claim_id",)
                if callable(new_fields):
                    new_fields = new_fields()
                before, after = fields[key], new_fields[key]
                detail = _changed(before[0], after[0], names) if new_figure != figure else _changed(before[1], after[1], CLAIM_READING)
                detail = f" ({detail})" if detail else ""
            problems[key] = Problem(holder, f"{kind} {id_}", "", f"its {what} differs from what {where} published{detail}: a correction passes only when "
                                    f"data/raw/{CORRECTIONS_FILE} records it (id, kind, date, version, reason); if the id now names another figure, "
                                    "give that figure a new id and withdraw this one", rank=1)  # after the problems that may cause it
    return list(problems.values())


def corrections_errata(corrections: pd.DataFrame) -> list[str]:
    """The corrections section of ERRATA.md (markdown lines)."""
    lines = ["", "## Corrections", "",
             "Published ids whose reading (or quote, or printed figure) was corrected, each with its reason. The id still names the same figure.", ""]
    if corrections is None or corrections.empty:
        return lines + ["Nothing has been corrected."]
    for row in corrections.sort_values(["version", "kind", "id"]).itertuples(index=False):
        day = _text(row.date)
        lines.append(f"- {row.kind} {row.id} (version {row.version}, {day}): {row.reason}")
    return lines
