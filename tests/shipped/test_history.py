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
from repression_data.publish.claim_history import changelog_sections, claim_history, ids_named, names_id
from repression_data.shipped.loader import UnknownVersionError, kept_releases


def test_version_0_1_0_is_the_table_that_release_published():
    claims = rd.load("claims", version="0.1.0")
    assert len(claims) == 641 and "GN-0533" in set(claims["claim_id"])
    published = {r["id"] for r in csv.DictReader((REPO_DIR / "data" / "published" / "0.1.0.csv").open(encoding="utf-8")) if r["kind"] == "claim"}
    assert set(claims["claim_id"]) == published  # the ids data/published records for 0.1.0
    assert "producer_id" not in claims.columns  # as it was: 0.1.0 had no producers yet


def test_each_kept_release_is_byte_for_byte_its_commits_files():
    for release in kept_releases():
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
    assert "0.1.0: first published" in out and f"page: {old} -> " in out
    # the 0.2.0 bullet on pages names no claim: a field's words alone are no reason (check report B1)
    assert "why (CHANGELOG): Measures, qualifiers, periods, regions or categories of GN-0008, 0014" in out


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
    assert change["version"] == "0.2.0" and change["reason"] == "The CHANGELOG does not explain this change (no bullet of 0.2.0 names GN-0008)."
    history = claim_history(tables, changelog="## 0.2.0 (2026-11-29)\n\n- Pages counted anew.\n- Pages of GN-0001..0010 moved.\n")
    change = history[(history["claim_id"] == "GN-0008") & (history["field"] == "page")].iloc[0]
    assert change["reason"] == "CHANGELOG: Pages of GN-0001..0010 moved."
    old, new = rd.load("claims", version="0.1.0"), rd.load("claims", version="0.2.0")
    common = sorted(set(old["claim_id"]) & set(new["claim_id"]))
    before = old.set_index("claim_id").loc[common, "page"].astype(object).where(lambda s: s.notna(), None)
    after = new.set_index("claim_id").loc[common, "page"].astype(object).where(lambda s: s.notna(), None)
    moved = sum(1 for a, b in zip(before, after) if a != b)  # a page found or lost counts too
    assert (history[(history["field"] == "page") & (history["version"] == "0.2.0")].shape[0]) == moved


def test_an_id_range_names_every_id_inside_it_and_no_other():
    assert ids_named("Periods end (GN-0210..0213, GN-0274..0291); RM-0001..0003; GN-0148..GN-0165 and GN-0008.") == [
        ("GN", 210, 213), ("GN", 274, 291), ("RM", 1, 3), ("GN", 148, 165), ("GN", 8, 8)]
    assert names_id("(GN-0210..0213)", "GN-0211") and names_id("GN-0148..GN-0165", "GN-0165")
    assert not names_id("(GN-0210..0213)", "GN-0214") and not names_id("RM-0001..0003", "GN-0002")
    assert not names_id("R-GN-256..R-GN-275", "GN-0260")  # a relation's range names no claim
    assert names_id("R-GN-256..R-GN-275", "R-GN-260") and not names_id("GN-02100", "GN-0210")
    listed = "categories of GN-0008, 0014, 0045-0050, 0059; HR-0002-0006, 0008; RM-0001-0004"
    assert all(names_id(listed, i) for i in ["GN-0014", "GN-0047", "GN-0059", "HR-0004", "HR-0008", "RM-0003"])
    assert not any(names_id(listed, i) for i in ["GN-0051", "HR-0007", "RM-0008", "GN-0002"])


@pytest.mark.parametrize("claim_id", ["GN-0210", "GN-0148"])
def test_show_history_quotes_only_the_bullet_that_names_the_claim(claim_id, capsys):
    """Check report B1: the reasons quoted a bullet on producers and one on the trigram index, matched by field words."""
    assert main(["show", claim_id, "--history"]) == 0
    out = capsys.readouterr().out
    assert "azov-plenum" not in out and "trigram" not in out
    assert "why (CHANGELOG): Periods no longer run past the document" in out and "GN-0210..0213" in out if claim_id == "GN-0210" else True
    changes = [line for line in out.splitlines() if line.startswith("  0.3.0: period_end")]
    assert changes
    assert "why (corrections): Fidelity sweep of the claims against the text" in out
    for line in out.splitlines():
        if line.strip().startswith("why (CHANGELOG)"):
            assert names_id(line, claim_id), line


def test_releases_names_the_current_version_that_citations_name():
    """Check report C7: rd.releases() listed 0.1.0 and 0.2.0 but not 0.3.0, the version every citation names."""
    from repression_data import metadata

    listed = rd.releases()
    assert [r["version"] for r in listed[:-1]] == [r["version"] for r in kept_releases()] and not any(r["current"] for r in listed[:-1])
    current = listed[-1]
    assert current["current"] is True and current["version"] == metadata.VERSION and current["date"] == metadata.RELEASE_DATE
    assert f"version {metadata.VERSION}" in rd.cite("GN-0542")
    for release in listed:
        assert len(rd.load("claims", version=release["version"]))  # every version listed opens
