"""Any release as it was published: rd.load(name, version=...) and show ID --history (issue 23, item 3)."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess

import pytest

import repression_data as rd
from repression_data.cli.main import main
from repression_data.paths import CHECKOUT_HISTORY_DIR, REPO_DIR
from repression_data.publish.claim_history import changelog_sections, claim_history
from repression_data.shipped.loader import UnknownVersionError, releases


def test_version_0_1_0_is_the_table_that_release_published():
    claims = rd.load("claims", version="0.1.0")
    assert len(claims) == 641 and "GN-0533" in set(claims["claim_id"])
    published = {r["id"] for r in csv.DictReader((REPO_DIR / "data" / "published" / "0.1.0.csv").open(encoding="utf-8")) if r["kind"] == "claim"}
    assert set(claims["claim_id"]) == published  # the ids data/published records for 0.1.0
    assert "producer_id" not in claims.columns  # as it was: 0.1.0 had no producers yet


def test_each_kept_release_is_byte_for_byte_its_commits_files():
    for release in releases():
        folder = CHECKOUT_HISTORY_DIR / release["version"]
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for entry in manifest["tables"].values():
            parquet = entry["files"]["parquet"]
            data = (folder / parquet["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == parquet["sha256"]
        shown = subprocess.run(["git", "-C", str(REPO_DIR), "show", f"{release['commit']}:data/processed/manifest.json"], capture_output=True)
        if shown.returncode == 0:  # a clone with its history
            assert shown.stdout == (folder / "manifest.json").read_bytes()


def test_an_unknown_version_is_an_error_listing_the_versions():
    with pytest.raises(UnknownVersionError, match="0.1.0"):
        rd.load("claims", version="0.0.9")
    assert len(rd.load("claims", version=None)) == len(rd.load("claims"))


def test_show_history_names_the_release_and_the_earlier_page(capsys):
    assert main(["show", "GN-0008", "--history"]) == 0
    out = capsys.readouterr().out
    old = rd.load("claims", version="0.1.0").set_index("claim_id").loc["GN-0008", "page"]
    assert "0.1.0: first published" in out and f"page: {old} -> " in out and "why (CHANGELOG): Pages of The Road to Terror" in out


def test_a_withdrawn_claim_keeps_its_history(capsys):
    assert main(["show", "gn-0533", "--history"]) == 0
    out = capsys.readouterr().out
    assert "no longer published" in out and "GN-0532" in out


def test_the_history_lists_every_changed_field_with_its_reason():
    changelog = "## 0.2.0 (2026-11-29)\n\n- GN-0008's page moved.\n- Something about qualifiers\n  of several claims.\n"
    assert changelog_sections(changelog)["0.2.0"] == ["GN-0008's page moved.", "Something about qualifiers of several claims."]
    tables = {"claims": rd.load("claims", version="0.2.0"), "withdrawn": rd.load("withdrawn")}
    history = claim_history(tables, changelog="## 0.2.0 (2026-11-29)\n\n- Pages counted anew.\n")
    gn = history[history["claim_id"] == "GN-0008"]
    change = gn[gn["field"] == "page"].iloc[0]
    assert change["version"] == "0.2.0" and change["reason"] == "Pages counted anew."
    old, new = rd.load("claims", version="0.1.0"), rd.load("claims", version="0.2.0")
    common = sorted(set(old["claim_id"]) & set(new["claim_id"]))
    before = old.set_index("claim_id").loc[common, "page"].astype(object).where(lambda s: s.notna(), None)
    after = new.set_index("claim_id").loc[common, "page"].astype(object).where(lambda s: s.notna(), None)
    moved = sum(1 for a, b in zip(before, after) if a != b)  # a page found or lost counts too
    assert (history[(history["field"] == "page") & (history["version"] == "0.2.0")].shape[0]) == moved
