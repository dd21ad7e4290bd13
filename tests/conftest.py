"""Shared fixtures: a scratch copy of data/raw that a test may damage."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from repression_data.paths import CHECKOUT_PROCESSED_DIR, RAW_DIR, sources_dir, sources_unavailable_reason

# Property tests judge arithmetic, not speed: no per-example deadline (a loaded CI machine made one flake).
settings.register_profile("repression-data", deadline=None)
settings.load_profile("repression-data")

REPO = RAW_DIR.parent.parent


class RawCopy:
    """A copy of data/raw under tmp_path/data/raw, with helpers to edit it."""

    def __init__(self, root: Path):
        self.root = root
        self.raw = root / "data" / "raw"
        self.processed = root / "data" / "processed"
        shutil.copytree(RAW_DIR, self.raw)

    def path(self, relative: str) -> Path:
        return self.raw / relative

    def rows(self, relative: str) -> tuple[list[str], list[dict[str, str]]]:
        with self.path(relative).open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)

    def write_rows(self, relative: str, header: list[str], rows: list[dict[str, str]]) -> None:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        self.path(relative).write_text(out.getvalue(), encoding="utf-8")

    def edit(self, relative: str, record_id: str, field: str, value: str, id_column: str = "claim_id") -> None:
        header, rows = self.rows(relative)
        hits = [r for r in rows if r[id_column] == record_id]
        assert hits, f"{record_id} not in {relative}"
        hits[0][field] = value
        self.write_rows(relative, header, rows)


@pytest.fixture
def raw_copy(tmp_path: Path) -> RawCopy:
    return RawCopy(tmp_path)


@pytest.fixture
def texts_dir() -> Path:
    folder = sources_dir()
    if folder is None:
        pytest.skip(sources_unavailable_reason())
    return folder


@pytest.fixture
def processed_dir() -> Path:
    return CHECKOUT_PROCESSED_DIR


@pytest.fixture(scope="session")
def shipped_build() -> dict:
    """The tables built from data/raw, built once per test session (a build costs seconds; a dozen tests need one).

    Tests that change what they get use ``built_tables`` (copies of their own) instead.
    """
    from repression_data.pipeline.tables import build_tables

    return build_tables(RAW_DIR)


@pytest.fixture
def built_tables(shipped_build) -> dict:
    """Copies of the session's build of data/raw, one set per test: a test may change them."""
    return {name: frame.copy(deep=True) for name, frame in shipped_build.items()}
