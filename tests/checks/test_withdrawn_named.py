"""A withdrawn id used anywhere names its withdrawal and replacement; a withdrawn id used again after its
withdrawal row is deleted is refused; a file that cannot be parsed is reported with its cause first
(issue 25, items 3 and 5)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from repression_data.paths import CHECKOUT_PROCESSED_DIR

COMMAND = str(Path(sys.executable).parent / "repression-data")


def build(raw_copy) -> subprocess.CompletedProcess:
    if not raw_copy.processed.exists():
        shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    return subprocess.run([COMMAND, "build", "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed)], capture_output=True, text=True, timeout=300)


def withdrawn_claim(raw_copy) -> tuple[str, str]:
    _, rows = raw_copy.rows("withdrawn.csv")
    row = next(r for r in rows if r["kind"] == "claim" and r["replaced_by"])
    return row["id"], row["replaced_by"]


def test_a_relation_naming_a_withdrawn_claim_names_the_withdrawal_and_its_replacement(raw_copy):
    gone, replacement = withdrawn_claim(raw_copy)
    header, rows = raw_copy.rows("relations.csv")
    relation = rows[0]["relation_id"]
    rows[0]["operands"] = gone
    raw_copy.write_rows("relations.csv", header, rows)
    result = build(raw_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(line for line in result.stderr.splitlines() if "data/raw/relations.csv" in line and f"relation_id {relation}" in line and "'operands'" in line)
    assert f"'{gone}' is a withdrawn claim (data/raw/withdrawn.csv" in line and f"use its replacement {replacement}" in line
    assert "is not a claim" not in line


def test_a_quantity_member_naming_a_withdrawn_claim_names_the_withdrawal(raw_copy):
    gone, replacement = withdrawn_claim(raw_copy)
    header, rows = raw_copy.rows("quantity_members.csv")
    rows.append({**rows[0], "claim_id": gone})
    raw_copy.write_rows("quantity_members.csv", header, rows)
    result = build(raw_copy)
    assert result.returncode == 1
    assert any("data/raw/quantity_members.csv" in line and f"'{gone}' is a withdrawn claim" in line and replacement in line
               for line in result.stderr.splitlines()), result.stderr


def test_a_withdrawn_id_used_again_after_its_withdrawal_row_is_deleted_is_refused(raw_copy):
    gone, replacement = withdrawn_claim(raw_copy)
    header, rows = raw_copy.rows("withdrawn.csv")
    raw_copy.write_rows("withdrawn.csv", header, [r for r in rows if r["id"] != gone])
    source = "claims/getty-naumov-1999.csv"
    header, claims = raw_copy.rows(source)
    claims.append({**next(c for c in claims if c["claim_id"] == replacement), "claim_id": gone})
    raw_copy.write_rows(source, header, claims)
    result = build(raw_copy)
    assert result.returncode == 1
    assert any(f"claim {gone}" in line and "is used again" in line and "never reused" in line for line in result.stderr.splitlines()), result.stderr


def test_a_file_that_cannot_be_parsed_is_reported_with_its_cause_first(raw_copy):
    path = raw_copy.path("claims/reiman-2016.csv")
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[10] += ',"an unclosed quote'
    path.write_text("\n".join(lines), encoding="utf-8")
    result = build(raw_copy)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert "data/raw/claims/reiman-2016.csv, line 11" in problems[0] and "cannot be parsed as CSV" in problems[0], problems[:3]
    assert any("lost" in line and "published claim(s)" in line for line in problems[1:])
    assert all("is not a claim (it was published" in line for line in problems if "is not a claim" in line)
