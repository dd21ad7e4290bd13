"""What every command shares: finding the checkout and its raw data, the subcommand with its
description and example, bounded numbers, and printing a table for people or CSV/JSON for scripts."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from repression_data.paths import NoCheckoutError, find_checkout
from repression_data.words import number

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


def command(sub, name: str, summary: str, description: str, example: str):
    """A subcommand with a one-line summary (in the top-level help), a description and an example."""
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


def figure(row) -> str:
    """The value as read, or its bounds when there is no single value."""
    if number(row.get("value")):
        return number(row["value"])
    low, high = number(row.get("value_low")), number(row.get("value_high"))
    return f"[{low} .. {high}]" if low or high else ""


def cell(value) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
        if isinstance(value, pd.Timestamp):
            return f"{value:%Y-%m-%d}"
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return number(value)
    return " ".join(str(value).split())


def align(rows: list[list[str]], headers: list[str], out=None) -> None:
    """Print rows under their headers in columns; on a terminal the last column is cut at its width."""
    out = out or sys.stdout
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    limit = shutil.get_terminal_size((10_000, 24)).columns if out.isatty() else None
    for line in [headers, ["-" * w for w in widths], *rows]:
        text = "  ".join(v.ljust(w) for v, w in zip(line[:-1], widths[:-1])) + ("  " if len(line) > 1 else "") + line[-1]
        if limit and len(text) > limit:
            text = text[: max(limit - 1, 0)] + "…"
        print(text.rstrip(), file=out)


def emit(frame, columns: list[tuple[str, str]], fmt: str, table_rows=None) -> None:
    """Print ``frame``: aligned columns (header, value) for people, or every column as CSV or JSON.

    Columns the frame does not have are left out, so that a table that gains or loses a column still prints.
    """
    columns = [(c, h) for c, h in columns if c in frame.columns]
    if fmt == "csv":
        from repression_data.formats import csv_text

        sys.stdout.write(csv_text(frame))
    elif fmt == "json":
        plain = frame.copy()
        for column in plain.columns:
            if str(plain[column].dtype).startswith("datetime"):
                plain[column] = plain[column].dt.strftime("%Y-%m-%d")
        records = plain.astype(object).where(plain.notna(), None).to_dict(orient="records")
        for record in records:
            for key, value in record.items():
                if hasattr(value, "item"):
                    record[key] = value.item()
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        rows = table_rows(frame) if table_rows else [[cell(r[c]) for c, _ in columns] for _, r in frame.iterrows()]
        align(rows, [h for _, h in columns])
