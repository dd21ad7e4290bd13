"""A published id stays bound to what it names (issue 25, item 2): two ids that trade figures are refused
naming both; any other change of a published figure or reading passes only when data/raw/corrections.csv
records it, and then ships in the corrections table and the release's ERRATA; an id list edited to hide a
loss is caught by git's history of the lists."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

import repression_data as rd
import pytest

from repression_data.checks.bindings import bindings_of, fingerprint
from repression_data.checks.published import check_nothing_vanished, id_list_text, listed_in_history, read_id_list
from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.publish.release import errata

COMMAND = str(Path(sys.executable).parent / "repression-data")
REIMAN = "claims/reiman-2016.csv"


def build(raw_copy, with_previous: bool = True):
    if with_previous and not raw_copy.processed.exists():
        shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    return subprocess.run([COMMAND, "build", "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed)],
                          capture_output=True, text=True, timeout=180)


def swap_ids(raw_copy, relative: str, a: str, b: str, id_column: str = "claim_id") -> None:
    header, rows = raw_copy.rows(relative)
    for row in rows:
        row[id_column] = {a: b, b: a}.get(row[id_column], row[id_column])
    raw_copy.write_rows(relative, header, rows)


def two_claims(raw_copy, relative=REIMAN):
    _, rows = raw_copy.rows(relative)
    distinct = [r for r in rows if r["quote"]]
    first = distinct[3]
    second = next(r for r in distinct[4:] if (r["quote"], r["value_printed"]) != (first["quote"], first["value_printed"]))
    return first["claim_id"], second["claim_id"]


@pytest.mark.parametrize("with_previous", [True, False], ids=["against the previous build", "against the committed id list"])
def test_two_claim_ids_swapped_in_a_raw_file_are_refused_naming_both(raw_copy, with_previous):
    a, b = two_claims(raw_copy)
    swap_ids(raw_copy, REIMAN, a, b)
    result = build(raw_copy, with_previous)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "data/raw/claims/reiman-2016.csv" in line]
    assert any(f"claim {a}" in line and f"claim {b}" in line for line in lines), result.stderr
    assert any(f"claim {b}:" in line and f"as claim {a}" in line for line in lines), result.stderr


def test_a_swap_is_refused_even_when_recorded_as_a_correction(raw_copy):
    a, b = two_claims(raw_copy)
    swap_ids(raw_copy, REIMAN, a, b)
    with raw_copy.path("corrections.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{a},claim,2026-12-07,{rd.__version__},a better reading\n{b},claim,2026-12-07,{rd.__version__},a better reading\n")
    result = build(raw_copy)
    assert result.returncode == 1 and f"as claim {b}" in result.stderr


def test_two_relation_ids_swapped_are_refused_naming_both(raw_copy):
    _, rows = raw_copy.rows("relations.csv")
    a, b = rows[0]["relation_id"], rows[5]["relation_id"]
    swap_ids(raw_copy, "relations.csv", a, b, "relation_id")
    result = build(raw_copy)
    assert result.returncode == 1
    assert any(f"relation {a}" in line and f"relation {b}" in line for line in result.stderr.splitlines()), result.stderr


def test_a_changed_reading_needs_a_recorded_correction_and_then_ships_in_the_errata(raw_copy, tmp_path):
    header, rows = raw_copy.rows(REIMAN)
    corrected = {r["id"] for r in raw_copy.rows("corrections.csv")[1]}
    row = next(r for r in rows if r["locator"] and r["claim_id"] not in corrected)
    claim = row["claim_id"]
    raw_copy.edit(REIMAN, claim, "locator", row["locator"] + " (corrected)")
    refused = build(raw_copy)
    assert refused.returncode == 1
    assert any(f"claim {claim}" in line and "reading" in line and "corrections.csv" in line for line in refused.stderr.splitlines()), refused.stderr
    with raw_copy.path("corrections.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{claim},claim,2026-12-07,{rd.__version__},locator corrected (test)\n")
    passed = build(raw_copy)
    assert passed.returncode == 0, passed.stderr
    corrections = pd.read_parquet(raw_copy.processed / "corrections.parquet")
    assert claim in set(corrections["id"])
    text = errata(pd.DataFrame(columns=["id", "kind", "date", "version", "reason", "replaced_by"]), corrections)
    assert f"claim {claim} (version {rd.__version__}, 2026-12-07): locator corrected (test)" in text


def test_a_correction_of_an_earlier_version_does_not_license_a_change_against_a_later_list(raw_copy):
    header, rows = raw_copy.rows(REIMAN)
    corrected = {r["id"] for r in raw_copy.rows("corrections.csv")[1]}
    row = next(r for r in rows if r["locator"] and r["claim_id"] not in corrected)
    claim = row["claim_id"]
    raw_copy.edit(REIMAN, claim, "locator", row["locator"] + " (corrected)")
    with raw_copy.path("corrections.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"{claim},claim,2026-11-01,0.1.0,an older correction (test)\n")
    result = build(raw_copy, with_previous=False)  # the committed list binds it; a 0.1.0 correction does not reach it
    assert result.returncode == 1 and f"claim {claim}" in result.stderr


def test_the_id_list_records_a_fingerprint_for_every_live_claim_and_it_changes_with_the_figure():
    claims = pd.DataFrame({"claim_id": ["X-0001", "X-0002"], "source_id": ["s", "s"], "quote": ["q one", "q two"],
                           "value_printed": ["1", "2"], "value": [1.0, 2.0]})
    text = id_list_text({"claims": claims})
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["figure"] for r in rows] == [fingerprint(("s", "q one", "1")), fingerprint(("s", "q two", "2"))]
    assert all(len(r["reading"]) == 16 for r in rows)
    swapped = claims.assign(claim_id=["X-0002", "X-0001"])
    assert bindings_of({"claims": swapped})[("claim", "X-0001")] == bindings_of({"claims": claims})[("claim", "X-0002")]


def test_the_committed_list_holds_the_fingerprints_it_is_checked_against(tmp_path):
    ids, bindings = read_id_list(CHECKOUT_PROCESSED_DIR.parent / "published" / f"{rd.__version__}.csv", tmp_path, [])
    live = [key for key, file in ids.items() if key[0] == "claim" and file != "withdrawn.csv"]
    assert live and all(key in bindings for key in live)


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True, capture_output=True)


def test_an_id_list_edited_to_hide_a_loss_is_caught_by_its_git_history(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    lists = tmp_path / "data" / "published"
    lists.mkdir(parents=True)
    _git(tmp_path, "init", "-q")
    full = "kind,id,file,status\nclaim,X-0001,claims/s.csv,live\nclaim,X-0002,claims/s.csv,live\n"
    (lists / "0.1.0.csv").write_text(full)
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "release")
    (lists / "0.1.0.csv").write_text("kind,id,file,status\nclaim,X-0001,claims/s.csv,live\n")  # the loss hidden
    _git(tmp_path, "commit", "-qam", "hide")
    history = listed_in_history(tmp_path, [])
    assert history == {("claim", "X-0001"): "claims/s.csv", ("claim", "X-0002"): "claims/s.csv"}
    withdrawn = pd.DataFrame({"kind": [], "id": []})
    problems = check_nothing_vanished({("claim", "X-0001"): "claims/s.csv"}, withdrawn, [("the git history", history)], tmp_path / "raw", tmp_path)
    assert len(problems) == 1 and "X-0002" in problems[0].message


def test_no_git_history_outside_a_checkout(tmp_path):
    assert listed_in_history(tmp_path, []) == {}
