"""Integrity of the processed files, atomic writes, and spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import repression_data as rd
from repression_data.errors import RawDataError
from repression_data.formats import csv_text, formula_like
from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.pipeline.tables import build_tables
from repression_data.shipped import loader
from repression_data.shipped.loader import IntegrityError, read_table, verify_all


@pytest.fixture
def processed_copy(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, folder)
    return folder


def test_verify_passes_on_the_shipped_files():
    assert verify_all() == []
    assert subprocess.run([sys.executable, "-m", "repression_data.cli", "verify"], capture_output=True).returncode == 0


def test_verify_names_a_changed_file(processed_copy):
    path = processed_copy / "claims.csv"
    path.write_bytes(path.read_bytes().replace(b"23,279", b"23,297", 1))
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", "verify", "--out", str(processed_copy)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "claims.csv" in result.stderr and "sha256" in result.stderr and "claims.parquet" not in result.stderr


def test_load_with_verify_refuses_a_changed_table(processed_copy, monkeypatch):
    monkeypatch.setattr(loader, "data_root", lambda: processed_copy)
    assert len(rd.load("claims", verify=True)) > 0
    path = processed_copy / "claims.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="claims.parquet"):
        rd.load("claims", verify=True)


def test_loading_never_unpickles():
    source = Path(loader.__file__).read_text(encoding="utf-8")
    assert "pickle" not in source and "eval(" not in source


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_build_killed_midway_leaves_the_previous_tables(raw_copy):
    """Kill builds at many moments; data/processed is always the old set or the new one, never a mix."""
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    old = snapshot(raw_copy.processed)
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "reading_note", "edited for the interruption test")
    command = [sys.executable, "-m", "repression_data.cli", "build", "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed)]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.perf_counter() - start
    new = snapshot(raw_copy.processed)
    assert new != old
    shutil.rmtree(raw_copy.processed)
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    outcomes = set()
    for fraction in [i / 12 for i in range(2, 13)]:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        from repression_data.files import staging_folder

        shutil.rmtree(staging_folder(raw_copy.processed))  # what the next run does first: clean up and restore
        state = snapshot(raw_copy.processed)
        assert state in (old, new), "a killed build left a mixture"
        assert verify_all(raw_copy.processed) == []
        outcomes.add("new" if state == new else "old")
        if state == new:
            shutil.rmtree(raw_copy.processed)
            shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    assert "old" in outcomes


def test_every_csv_text_cell_equals_its_parquet_cell_for_the_csv_module():
    """No prefix, no rewriting: Python's csv module reads back exactly what Parquet holds."""
    import datetime as dt

    checked = 0
    for name in rd.tables():
        parquet = read_table(CHECKOUT_PROCESSED_DIR / f"{name}.parquet")  # as pandas.read_parquet, without its exit abort
        with (CHECKOUT_PROCESSED_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == list(parquet.columns) and len(rows) == len(parquet) + 1, name
        for j, column in enumerate(parquet.columns):
            for value, row in zip(parquet[column], rows[1:]):
                if isinstance(value, str):
                    assert row[j] == value, (name, column, value, row[j])
                    checked += 1
                elif isinstance(value, dt.date):
                    assert row[j] == value.isoformat(), (name, column)
                elif value is None or pd.isna(value):
                    assert row[j] == "", (name, column)
    assert checked > 10_000
    assert "'+.552" not in (CHECKOUT_PROCESSED_DIR / "claims.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["=SUM(A1:A3)", "@cmd", "+HYPERLINK(\"x\")", "-A1", "+(1)", "-Ёжов"])
def test_formula_like_text_is_refused_by_the_build_with_the_rule(raw_copy, text):
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "reading_note", text)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    message = str(info.value)
    assert "reiman-2016.csv" in message and "RM-0010" in message and "'reading_note'" in message
    assert "formula" in message and "must not begin with '='" in message


@pytest.mark.parametrize("text", ["+.552", "-5", "- 12", "'Former people'", "1+2", "a=b"])
def test_text_that_is_no_formula_is_accepted_as_it_is(text):
    assert not formula_like(text)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20), min_size=1, max_size=5))
def test_text_columns_survive_the_csv_round_trip(values):
    frame = pd.DataFrame({"quote": values, "n": range(len(values))})
    back = pd.read_csv(io.StringIO(csv_text(frame)), dtype={"quote": str}, keep_default_na=False)
    assert list(back["quote"]) == values
