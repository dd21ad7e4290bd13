"""Is data/processed what a build of data/raw gives now?

Compares table contents (not Parquet bytes, which depend on the pyarrow
version) and the CSV bytes, which we write ourselves.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from repression_data.errors import Problem
from repression_data.formats import csv_text
from repression_data.shipped.loader import IntegrityError, _manifest, read_table


def compare_with_processed(tables: dict[str, pd.DataFrame], folder: Path) -> list[Problem]:
    where = str(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        return [Problem(where, "", "", "has no manifest.json: run 'repression-data build'")]

    try:
        manifest = _manifest(folder)["tables"]
    except IntegrityError as exc:
        return [Problem(where, "", "", str(exc))]
    problems = []
    if sorted(manifest) != sorted(tables):
        problems.append(Problem(where, "", "", f"holds tables {sorted(manifest)}, a build gives {sorted(tables)}: run 'repression-data build'"))
    for name, fresh in tables.items():
        if name not in manifest:
            continue
        shipped = read_table(folder / manifest[name]["files"]["parquet"]["path"], manifest[name].get("dates", ()))
        csv_now = csv_text(fresh)
        csv_shipped = (folder / manifest[name]["files"]["csv"]["path"]).read_text(encoding="utf-8")
        try:
            pd.testing.assert_frame_equal(shipped, fresh, check_dtype=True)
            same = csv_now == csv_shipped
        except AssertionError:
            same = False
        if not same:
            problems.append(Problem(f"{where}/{name}", "", "", "differs from a fresh build of data/raw: run 'repression-data build' and commit"))
    return problems
