"""rd.load parses each table once per process, keyed by the file's checksum (issue 24, item 3)."""

from __future__ import annotations

import hashlib
import json
import shutil

import pandas as pd
import pytest

import repression_data as rd
from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.shipped import loader


@pytest.fixture()
def processed_copy(tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, folder)
    monkeypatch.setattr(loader, "data_root", lambda: folder)
    return folder


def test_a_table_is_parsed_once_per_process(processed_copy, monkeypatch):
    calls = []
    real = loader.read_table
    monkeypatch.setattr(loader, "read_table", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    first = rd.load("claims")
    second = rd.load("claims")
    pd.testing.assert_frame_equal(first, second)
    assert len(calls) == 1
    assert first is not second


def test_changing_a_loaded_frame_changes_nothing_for_the_next_load(processed_copy):
    first = rd.load("claims")
    original = first.loc[0, "claim_id"]
    first.loc[0, "claim_id"] = "changed"
    del first["quote"]
    again = rd.load("claims")
    assert again.loc[0, "claim_id"] == original and "quote" in again.columns


def test_a_changed_file_is_parsed_again(processed_copy):
    before = rd.load("claims")
    path = processed_copy / "claims.parquet"
    before.head(3).to_parquet(path, index=False)
    manifest = json.loads((processed_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["claims"]["files"]["parquet"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (processed_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert len(rd.load("claims")) == 3


def test_a_changed_file_the_manifest_does_not_know_is_still_refused_after_a_cached_load(processed_copy):
    assert len(rd.load("claims")) > 3
    path = processed_copy / "claims.parquet"
    rd.load("claims").head(3).to_parquet(path, index=False)
    with pytest.raises(loader.IntegrityError, match="claims.parquet"):
        rd.load("claims")
