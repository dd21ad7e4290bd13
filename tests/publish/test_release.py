"""Versioned, citable releases that standard tools read."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import repression_data as rd
from repression_data.paths import CHECKOUT_PROCESSED_DIR, REPO_DIR
from repression_data.pipeline.documents import generated_docs
from repression_data.pipeline.tables import build
from repression_data.publish.release import build_release, diff_claims


def test_one_version_for_package_data_and_changelog():
    manifest = (CHECKOUT_PROCESSED_DIR / "manifest.json").read_text(encoding="utf-8")
    assert f'"version": "{rd.__version__}"' in manifest
    assert f"## {rd.__version__}" in (REPO_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f'version: "{rd.__version__}"' in (REPO_DIR / "CITATION.cff").read_text(encoding="utf-8")


def test_datapackage_passes_frictionless_validate():
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", str(CHECKOUT_PROCESSED_DIR / "datapackage.json")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_frictionless_catches_a_broken_foreign_key_and_a_changed_file(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, folder)
    path = folder / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",reiman-2016,", ",reiman-2061,", 1), encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", str(folder / "datapackage.json")], capture_output=True, text=True)
    assert result.returncode != 0 and "claims" in result.stdout


def test_citation_cff_is_valid():
    cffconvert = os.environ.get("CFFCONVERT")
    if not cffconvert:
        pytest.skip("CFFCONVERT is not set: `make test` installs cffconvert in its own venv and sets it")
    result = subprocess.run([cffconvert, "--validate", "-i", str(REPO_DIR / "CITATION.cff")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_codebook_and_citation_file_are_not_stale(built_tables):
    for path, text in generated_docs(built_tables, REPO_DIR).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run 'repression-data build' and commit"


def test_codebook_describes_every_column_of_every_table():
    book = (REPO_DIR / "docs" / "codebook.md").read_text(encoding="utf-8")
    for name in rd.tables():
        assert f"## `{name}`" in book
        for column in rd.load(name).columns:
            assert f"| `{column}` |" in book, (name, column)


def test_cite():
    assert rd.__version__ in rd.cite() and rd.cite(style="bibtex").startswith("@misc{")
    assert "cff-version: 1.2.0" in rd.cite(style="cff")
    claim = rd.cite("GN-0542")
    assert "Road to Terror" in claim and "p. 591" in claim and "Appendix One" in claim
    table = rd.cite("secret_police_arrests_1921_39")
    assert "Road to Terror" in table and "Reiman" not in table and re.search(r"pp?\. \d+", table)
    with pytest.raises(KeyError):
        rd.cite("nothing-such")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_release_twice_gives_identical_bundles_with_checksums(tmp_path):
    for name in ("a", "b"):
        result = subprocess.run([sys.executable, "-m", "repression_data.cli", "release", "--out", str(tmp_path / name)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert a == b
    for name in ("datapackage.json", "codebook.md", "CITATION.cff", "CHANGELOG.md", ".zenodo.json", "SHA256SUMS", "claims.parquet", "claims.csv"):
        assert name in a
    import hashlib

    for line in a["SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(a[name]).hexdigest() == digest


def test_diff_reports_exactly_a_changed_claim(tmp_path, raw_copy):
    build_release(CHECKOUT_PROCESSED_DIR, REPO_DIR, tmp_path / "old")
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "value", "23280")
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "reading_note", "read as 23,280 for the test")
    # A value that the print does not give must say how it was read.
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "reading_basis", "confirmed")
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "reading_evidence", "RM-0011 (changed for the test)")
    with raw_copy.path("corrections.csv").open("a", encoding="utf-8") as handle:  # a published reading changes only as a recorded correction
        handle.write(f"RM-0010,claim,2026-12-07,{rd.__version__},value re-read (test)\n")
    build(raw_copy.raw, raw_copy.processed, rd.__version__)
    # The correction row changes the codebook (its table's row count): the new release takes the codebook of its own build.
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    shutil.copyfile(raw_copy.processed / "codebook.md", repo / "docs" / "codebook.md")
    for name in ("CHANGELOG.md", "LICENSE", "LICENSE-DATA"):
        shutil.copyfile(REPO_DIR / name, repo / name)
    build_release(raw_copy.processed, repo, tmp_path / "new")
    result = diff_claims(tmp_path / "old", tmp_path / "new")
    assert result["added"].empty and result["removed"].empty
    assert sorted(zip(result["changed"]["claim_id"], result["changed"]["field"])) == [
        ("RM-0010", "reading_basis"), ("RM-0010", "reading_evidence"), ("RM-0010", "reading_note"), ("RM-0010", "value")]
    cli = subprocess.run([sys.executable, "-m", "repression_data.cli", "diff", str(tmp_path / "old"), str(tmp_path / "new")], capture_output=True, text=True)
    assert "~ RM-0010 value: 23279 -> 23280" in cli.stdout and "1 changed" in cli.stdout


def test_other_tools_read_the_release(tmp_path):
    import duckdb

    bundle = build_release(CHECKOUT_PROCESSED_DIR, REPO_DIR, tmp_path / "bundle")
    ours = rd.load("claims")
    ducked = duckdb.sql(f"SELECT * FROM read_parquet('{bundle / 'claims.parquet'}')").df()
    assert list(ducked["claim_id"]) == list(ours["claim_id"])
    assert ducked["value"].fillna(-1).tolist() == ours["value"].fillna(-1).tolist()
    with (bundle / "claims.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["claim_id"] for r in rows] == list(ours["claim_id"])
    assert [r["quote"] for r in rows] == list(ours["quote"])
    assert [r["value_printed"] for r in rows] == list(ours["value_printed"])


def test_diff_lists_every_changed_verdict_first(tmp_path, raw_copy):
    build_release(CHECKOUT_PROCESSED_DIR, REPO_DIR, tmp_path / "old")
    # a relation's verdict: a corrected print that makes R-GN-040 hold (it then says no one slipped)
    raw_copy.edit("claims/getty-naumov-1999.csv", "GN-0162", "value", "41")
    raw_copy.edit("claims/getty-naumov-1999.csv", "GN-0162", "reading_note", "read as 41 for the test")
    raw_copy.edit("claims/getty-naumov-1999.csv", "GN-0162", "reading_basis", "confirmed")
    raw_copy.edit("claims/getty-naumov-1999.csv", "GN-0162", "reading_evidence", "R-GN-040")
    raw_copy.edit("relations.csv", "R-GN-040", "slip_kind", "", id_column="relation_id")
    raw_copy.edit("relations.csv", "R-GN-040", "acknowledged", "", id_column="relation_id")
    # a quantity's agreement: the proverka counts called a running series again
    raw_copy.edit("quantities.csv", "expulsions-proverka-1935", "comparison", "series", id_column="quantity_id")
    build(raw_copy.raw, raw_copy.processed, rd.__version__)
    build_release(raw_copy.processed, REPO_DIR, tmp_path / "new")
    cli = subprocess.run([sys.executable, "-m", "repression_data.cli", "diff", str(tmp_path / "old"), str(tmp_path / "new")], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    verdicts = cli.stdout.split("\nclaims:")[0]
    assert verdicts.startswith("verdicts: 2 changed")
    assert "~ quantity agreement expulsions-proverka-1935: 'conflict' -> 'series'" in verdicts
    assert "~ relation verdict R-GN-040: 'inconsistent' -> 'consistent'" in verdicts
    assert "~ GN-0162 value:" in cli.stdout and "~ quantities expulsions-proverka-1935 comparison: 'same' -> 'series'" in cli.stdout
