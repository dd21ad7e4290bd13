"""What every command shares: finding the checkout and its raw data, the subcommand with its
description and example, bounded numbers, and printing a table for people or CSV/JSON for scripts."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from repression_data.paths import NoCheckoutError, find_checkout
from repression_data.words import missing, number

FORMATS = ("table", "csv", "json")

NO_CHECKOUT = ("{command} needs the raw data of a checkout of the repository (data/raw), and there is none here: "
               "run it inside a clone (git clone ... && cd repression-data), or pass --raw FOLDER. "
               "list, search, show, compare, cite, relations, serve, verify, release and diff work without one.")


def checkout(args: argparse.Namespace) -> Path | None:
    """The checkout that holds the current folder (or this package), or None."""
    return find_checkout()


def raw_dir(args: argparse.Namespace) -> Path:
    """--raw, else data/raw of the checkout that holds the current folder (or this package)."""
    if getattr(args, "raw", None):
        return Path(args.raw).resolve()
    found = checkout(args)
    if found is None:
        raise NoCheckoutError(NO_CHECKOUT.format(command=args.command))
    return found / "data" / "raw"


def out_dir(args: argparse.Namespace) -> Path:
    """--out (not resolved: a symlink given as --out is refused, not followed), else data/processed beside the raw data."""
    if getattr(args, "out", None):
        return Path(os.path.abspath(args.out))
    return raw_dir(args).parent / "processed"


class _NotAsked:
    """A subcommand this run did not ask for: its options are not built (building them all costs a lookup milliseconds)."""

    def add_argument(self, *args, **kwargs):
        return self

    def set_defaults(self, **kwargs) -> None:
        pass


def command(sub, name: str, summary: str, description: str, example: str):
    """A subcommand with a one-line summary (in the top-level help), a description and an example.

    When the parser is built for one command only (``sub.only``, set by ``cli.main.parser``), the others are not built.
    """
    only = getattr(sub, "only", None)
    if only is not None and name != only:
        return _NotAsked()
    return sub.add_parser(name, help=summary, description=f"{description}\n\nExample:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def bounded(low: int, high: int | None = None):
    """An argparse type: a whole number from low to high, with a plain message otherwise."""
    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if number < low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(f"{number} is outside {low}-{high}" if high is not None else f"{number} is less than {low}")
        return number
    return parse


def add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table", help="aligned table (default), or every column as csv or json")
    p.add_argument("--wide", action="store_true", help="the table's cells whole, however wide (by default a table fits the terminal)")


def figure(row) -> str:
    """The value as read, or its bounds when there is no single value."""
    if number(row.get("value")):
        return number(row["value"])
    low, high = number(row.get("value_low")), number(row.get("value_high"))
    return f"[{low} .. {high}]" if low or high else ""


def cell(value) -> str:
    """A value as one line for the aligned table: '' for missing, numbers as readers write them, dates as YYYY-MM-DD."""
    if missing(value):
        return ""
    if hasattr(value, "strftime"):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return number(value)
    return " ".join(str(value).split())


def terminal_width(out) -> int | None:
    """How wide a line may be: the terminal's width when ``out`` is one (COLUMNS when set), else COLUMNS when set,
    else None (a pipe or a file gets whole lines)."""
    try:
        columns = int(os.environ["COLUMNS"])
        if columns > 0:
            return columns
    except (KeyError, ValueError):
        pass
    if not (hasattr(out, "isatty") and out.isatty()):
        return None
    try:
        return os.get_terminal_size(out.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def fit(widths: list[int], headers: list[str], limit: int | None) -> list[int]:
    """Column widths that fit ``limit`` characters with two spaces between columns: narrow columns stay whole and
    the widest give way to one common cap (never below their header or 8 characters); ``limit`` None leaves them whole."""
    widths = list(widths)
    if limit is None or sum(widths) + 2 * (len(widths) - 1) <= limit:
        return widths
    floors = [min(w, max(len(h), 8)) for w, h in zip(widths, headers)]

    def capped(cap: int) -> list[int]:
        return [min(w, max(cap, f)) for w, f in zip(widths, floors)]

    cap = max(widths)
    while cap > 0 and sum(capped(cap)) + 2 * (len(widths) - 1) > limit:
        cap -= 1
    return capped(cap)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def align(rows: list[list[str]], headers: list[str], out=None, wide: bool = False) -> None:
    """Print rows under their headers in columns, fitted to the terminal's width (a cell too long for its column
    ends in '…'); ``wide`` prints every cell whole."""
    out = out or sys.stdout
    limit = None if wide else terminal_width(out)
    widths = fit([max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)], headers, limit)
    for line in [headers, ["-" * w for w in widths], *rows]:
        cells = [_cut(v, w) for v, w in zip(line, widths)]
        text = "  ".join(v.ljust(w) for v, w in zip(cells[:-1], widths[:-1])) + ("  " if len(cells) > 1 else "") + cells[-1]
        if limit and len(text) > limit:
            text = _cut(text, limit)
        print(text.rstrip(), file=out)


def emit(records: list[dict], all_columns: list[str], columns: list[tuple[str, str]], fmt: str, table_rows=None, wide: bool = False) -> None:
    """Print ``records`` (dicts of plain values): aligned columns (header, value) for people, or every column
    (``all_columns``, in order) as CSV or JSON.

    Columns the records do not have are left out, so that a table that gains or loses a column still prints.
    """
    columns = [(c, h) for c, h in columns if c in all_columns]
    if fmt == "csv":
        from repression_data.formats import csv_records_text

        sys.stdout.write(csv_records_text(records, all_columns))
    elif fmt == "json":
        print(json.dumps([{c: r.get(c) for c in all_columns} for r in records], indent=2, ensure_ascii=False))
    else:
        rows = table_rows(records) if table_rows else [[cell(r[c]) for c, _ in columns] for r in records]
        align(rows, [h for _, h in columns], wide=wide)
