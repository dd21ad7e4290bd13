"""The raw folder read strictly: each file into a typed table with the origin of every row.

``parse_file`` reads one raw CSV file against its spec (:mod:`rawspec`), ``parse_claims`` every
``data/raw/claims/<source_id>.csv``, ``check_file_names`` the names that differ from the expected
ones only in case. Problems are collected, never raised, so that one build reports all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from repression_data import dtypes
from repression_data.errors import Problem
from repression_data.read import parse
from repression_data.read.origins import Origins
from repression_data.read.rawfiles import display_path, read_raw_csv
from repression_data.read.rawspec import CLAIM_COLUMNS, CLAIMS, RawSpec


def _raw_of(path: Path) -> Path:
    """The raw folder a raw file belongs to (the folder holding sources.csv), for the symlink check."""
    for parent in path.parents:
        if (parent / "sources.csv").exists() or parent.name == "raw":
            return parent
    return path.parent


EXPECTED_FOLDERS = ("claims", "pages", "tables", "vocabularies", "coverage")


def check_file_names(raw_dir: Path, root: Path, problems: list[Problem]) -> None:
    """Names that differ from the expected ones only in case are errors, never silently skipped.

    'reiman-2016.CSV' in claims/ would otherwise not be read at all, and its
    claims would vanish from the build without a word.
    """
    if not raw_dir.is_dir():
        problems.append(Problem(display_path(raw_dir, root), "", "", "is not a folder of raw data"))
        return
    for folder, dirs, names in os.walk(raw_dir):
        here = Path(folder)
        for name in names + dirs:
            suffix = Path(name).suffix
            if suffix.lower() == ".csv" and suffix != ".csv":
                problems.append(Problem(display_path(here / name, root), "", "",
                                        f"ends in {suffix!r}: raw files end in lowercase '.csv'; rename it to {Path(name).stem}.csv"))
        if here == raw_dir:
            for name in dirs:
                if name not in EXPECTED_FOLDERS and name.lower() in EXPECTED_FOLDERS:
                    problems.append(Problem(display_path(here / name, root), "", "",
                                            f"is not read: folder names are case-sensitive; rename it to {name.lower()}"))
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]


@dataclass
class Parsed:
    """A typed table and where each of its rows came from."""

    frame: pd.DataFrame
    origins: Origins = field(default_factory=lambda: Origins([], [], [], ""))


def parse_file(path: Path, spec: RawSpec, root: Path, problems: list[Problem]) -> Parsed:
    table = read_raw_csv(path, spec.names, [], problems, root=root, raw_dir=_raw_of(path))
    if table is None:
        return Parsed(parse.empty_frame(spec.dtypes))
    return Parsed(parse.convert_columns(table, spec, problems), Origins.of(table, spec.id_column))


def parse_claims(claims_dir: Path, root: Path, problems: list[Problem]) -> Parsed:
    """Read every data/raw/claims/<source_id>.csv; the file name gives source_id."""
    frames: list[pd.DataFrame] = []
    origins = Origins([], [], [], CLAIMS.id_column)
    files = sorted(claims_dir.glob("*.csv"))
    if not files:
        problems.append(Problem(display_path(claims_dir, root), "", "", "holds no claims files (<source_id>.csv)"))
    for path in files:
        parsed = parse_file(path, CLAIMS, root, problems)
        if not len(parsed.origins):
            continue
        frames.append(parsed.frame.assign(source_id=dtypes.text([path.stem] * len(parsed.frame), index=parsed.frame.index)))
        origins.extend(parsed.origins)
    if not frames:
        frames = [parse.empty_frame({"source_id": "str", **CLAIMS.dtypes})]
    frame = pd.concat(frames, ignore_index=True)[CLAIM_COLUMNS]
    return Parsed(frame, origins)
