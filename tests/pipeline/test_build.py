"""The build is deterministic, atomic, and data/processed is what it gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

import repression_data as rd
from repression_data._version import __version__
from repression_data.checks.freshness import compare_with_processed
from repression_data.paths import RAW_DIR
from repression_data.pipeline.tables import build, build_tables


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_builds_give_identical_bytes(tmp_path):
    build(RAW_DIR, tmp_path / "a", __version__)
    build(RAW_DIR, tmp_path / "b", __version__)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_committed_processed_data_equals_a_fresh_build(processed_dir, built_tables):
    problems = compare_with_processed(built_tables, processed_dir)
    assert problems == [], "\n".join(map(str, problems))


def test_freshness_check_notices_a_stale_table(tmp_path, raw_copy):
    build(raw_copy.raw, raw_copy.processed, __version__)
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "reading_note", "changed for the test")
    problems = compare_with_processed(build_tables(raw_copy.raw), raw_copy.processed)
    assert [p for p in problems if p.file.endswith("claims")]


def test_failed_build_leaves_processed_untouched(raw_copy):
    build(raw_copy.raw, raw_copy.processed, __version__)
    before = snapshot(raw_copy.processed)
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "value", "not-a-number")
    result = subprocess.run(
        [sys.executable, "-m", "repression_data.cli", "build", "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed)],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "claims/reiman-2016.csv" in result.stderr and "RM-0010" in result.stderr and "field 'value'" in result.stderr
    assert snapshot(raw_copy.processed) == before
    assert sorted(p.name for p in raw_copy.processed.parent.iterdir()) == ["processed", "raw"], "no staging folder left behind"


def test_claims_table_has_the_documented_columns_and_types():
    claims = rd.load("claims")
    assert claims["claim_id"].is_unique
    assert str(claims["page"].dtype) == "Int64" and str(claims["line"].dtype) == "Int64"
    assert claims["value"].dtype == "float64" and claims["derived"].dtype == bool
    assert str(claims["period_start"].dtype) == "datetime64[ns]"


def test_year_and_month_shorthand_become_first_and_last_days():
    claims = rd.load("claims").set_index("claim_id")
    # RM-0010 is written '1936' to '1936'; BC-0001 is written in full.
    assert claims.loc["RM-0010", "period_start"] == pd.Timestamp("1936-01-01")
    assert claims.loc["RM-0010", "period_end"] == pd.Timestamp("1936-12-31")
