"""The public loading API, its lightness, and loading from an installed copy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import repression_data as rd
from repression_data.paths import REPO_DIR, processed_dir


def test_tables_lists_what_load_accepts():
    names = rd.tables()
    assert {"claims", "sources", "measures", "units", "qualifiers", "categories", "regions"} <= set(names)
    for name in names:
        assert len(rd.load(name)) > 0 or name == "withdrawn"  # the errata may be empty


def test_claims_carry_provenance():
    claims = rd.load("claims")
    sources = rd.load("sources")
    assert set(claims["source_id"]) <= set(sources["source_id"])
    assert claims["quote"].str.len().max() <= 200
    assert all(p in q for p, q in zip(claims["value_printed"], claims["quote"]))


@pytest.mark.parametrize("name", ["claim", "../data/raw/sources", "/etc/passwd", ""])
def test_unknown_table_names_get_the_list_of_valid_ones(name):
    with pytest.raises(KeyError) as info:
        rd.load(name)
    assert "claims" in str(info.value) and "sources" in str(info.value)


def test_import_and_load_do_not_import_pandera_or_matplotlib():
    code = "import sys, repression_data as rd; rd.load('claims'); print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandera', 'matplotlib')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_load_gives_what_pandas_read_parquet_gives_for_every_table():
    """rd.load reads without pandas.read_parquet (whose pyarrow thread pools abort some
    processes at exit, apache/arrow#34314) but gives the same frame: columns, dtypes, values."""
    import pickle

    import pandas as pd

    manifest = json.loads((Path(processed_dir()) / "manifest.json").read_text(encoding="utf-8"))["tables"]
    paths = {name: str(Path(processed_dir()) / entry["files"]["parquet"]["path"]) for name, entry in manifest.items()}
    # pandas.read_parquet in a child that leaves with os._exit, so an abort at exit cannot fail the test
    code = ("import os, pickle, sys, pandas as pd; paths = pickle.loads(sys.stdin.buffer.read()); "
            "sys.stdout.buffer.write(pickle.dumps({n: pd.read_parquet(p) for n, p in paths.items()})); "
            "sys.stdout.buffer.flush(); os._exit(0)")
    done = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(paths), capture_output=True, check=True)
    expected = pickle.loads(done.stdout)
    assert set(expected) == set(rd.tables())
    for name, frame in expected.items():
        for column in manifest[name].get("dates", ()):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        pd.testing.assert_frame_equal(rd.load(name), frame, check_exact=True, obj=name)


def test_installed_copy_loads_outside_the_checkout(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir), str(REPO_DIR)],
        check=True, capture_output=True,
    )
    (wheel,) = wheel_dir.glob("*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "import json, repression_data as rd; c = rd.load('claims'); print(json.dumps([rd.__file__, len(c), rd.tables()]))"
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout
    module_file, rows, names = json.loads(out)
    assert module_file.startswith(str(site)), "loaded the installed copy, not the checkout"
    assert rows == len(rd.load("claims")) and names == rd.tables()
