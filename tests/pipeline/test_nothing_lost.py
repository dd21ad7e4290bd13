"""Nothing lost, nothing overwritten (issue 12), each through the command a user types.

Where a command must refuse, data/processed and the user's files are compared
byte for byte before and after.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import repression_data as rd
from repression_data.cli import main as cli
from repression_data.paths import CHECKOUT_PROCESSED_DIR, RAW_DIR, REPO_DIR
from repression_data.pipeline.documents import generated_documents
from repression_data.shipped import loader
from repression_data.shipped.loader import IntegrityError, read_table

COMMAND = str(Path(sys.executable).parent / "repression-data")
BOOK = "claims/getty-naumov-1999.csv"
REIMAN = "claims/reiman-2016.csv"


def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links as their targets), by relative path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        if path.is_symlink():
            found[relative] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[relative] = path.read_bytes()
        else:
            found[relative] = b"<dir>"
    return found


@pytest.fixture
def built(raw_copy):
    """A raw copy with the shipped build beside it, as data/processed."""
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    return raw_copy


def build(raw_copy, *extra: str) -> subprocess.CompletedProcess:
    return run("build", "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed), *extra)


def refused(raw_copy, *words: str, before: dict | None = None) -> str:
    """Run the build; it must fail, every word must be in its message, and data/processed be as it was."""
    before = before if before is not None else tree(raw_copy.processed)
    result = build(raw_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    for word in words:
        assert word in result.stderr, f"{word!r} not in:\n{result.stderr}"
    assert tree(raw_copy.processed) == before, "a refused build changed data/processed"
    assert sorted(p.name for p in raw_copy.processed.parent.iterdir()) == ["processed", "raw"], "a staging folder was left behind"
    return result.stderr


# 1. Commands write only where they may ---------------------------------------------------------

def checkout_state() -> dict:
    return {"raw": tree(RAW_DIR), "processed": tree(CHECKOUT_PROCESSED_DIR), "top": sorted(p.name for p in REPO_DIR.iterdir())}


@pytest.mark.parametrize("args,words", [
    (["release", "--out", "."], ["refusing", "checkout"]),
    (["release", "--out", "data"], ["refusing", "raw data"]),
    (["release", "--out", "data/raw"], ["refusing", "raw data"]),
    (["release", "--out", "data/processed"], ["refusing", "processed data"]),
    (["build", "--out", "data/raw"], ["refusing", "raw data"]),
    (["build", "--out", "data"], ["refusing", "raw data"]),
    (["build", "--out", "."], ["refusing", "checkout"]),
    (["build", "--out", ".."], ["refusing", "checkout"]),
    (["build", "--out", "data/raw/claims"], ["refusing", "inside the raw data"]),
])
def test_out_refuses_the_checkout_the_raw_data_and_their_parents(args, words):
    before = checkout_state()
    result = run(*args, cwd=REPO_DIR)
    assert result.returncode == 1, result.stdout + result.stderr
    assert all(w in result.stderr for w in words), result.stderr
    assert checkout_state() == before


@pytest.mark.parametrize("command", ["build", "release"])
def test_out_refuses_a_folder_holding_foreign_files(tmp_path, command):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"three years of work")
    (folder / "notes").mkdir()
    (folder / "notes" / "a.txt").write_text("x", encoding="utf-8")
    before = tree(tmp_path)
    result = run(command, "--out", str(folder))
    assert result.returncode == 1 and "thesis.docx" in result.stderr and "did not write" in result.stderr, result.stderr
    assert tree(tmp_path) == before


def test_out_refuses_a_release_for_a_build_and_a_build_for_a_release(tmp_path):
    assert run("release", "--out", str(tmp_path / "bundle")).returncode == 0
    assert run("build", "--out", str(tmp_path / "tables")).returncode == 0
    before = tree(tmp_path)
    assert run("build", "--out", str(tmp_path / "bundle")).returncode == 1
    assert run("release", "--out", str(tmp_path / "tables")).returncode == 1
    assert tree(tmp_path) == before


def test_out_accepts_its_own_earlier_output_and_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert run("build", "--out", str(tmp_path / "empty")).returncode == 0
    assert run("build", "--out", str(tmp_path / "empty")).returncode == 0
    assert run("release", "--out", str(tmp_path / "bundle")).returncode == 0
    assert run("release", "--out", str(tmp_path / "bundle")).returncode == 0


def test_out_refuses_a_file_in_its_place_and_a_foreign_file_added_to_a_build(tmp_path):
    assert run("build", "--out", str(tmp_path / "tables")).returncode == 0
    (tmp_path / "tables" / "my-analysis.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    before = tree(tmp_path)
    for target in ("tables", "plain"):
        result = run("build", "--out", str(tmp_path / target))
        assert result.returncode == 1, result.stderr
    assert "my-analysis.csv" in run("build", "--out", str(tmp_path / "tables")).stderr
    assert tree(tmp_path) == before


# 2. Published ids never vanish -------------------------------------------------------------------

def test_a_claims_file_cut_at_a_row_boundary_fails_naming_the_file_and_ids(built):
    path = built.path(BOOK)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-3]))
    refused(built, f"data/raw/{BOOK}", "lost 3 published claim(s)", "GN-0554", "GN-0555", "GN-0556", "withdrawn.csv")


@pytest.mark.parametrize("damage", ["header only", "deleted"])
def test_a_claims_file_emptied_or_deleted_fails(built, damage):
    path = built.path(REIMAN)
    if damage == "deleted":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes().splitlines(keepends=True)[0])
    refused(built, f"data/raw/{REIMAN}", "lost 66 published claim(s)", "RM-0001")


def test_a_lost_claim_that_is_referenced_names_the_claims_file_too(built):
    header, rows = built.rows(REIMAN)
    built.write_rows(REIMAN, header, [r for r in rows if r["claim_id"] != "RM-0001"])
    err = refused(built, f"data/raw/{REIMAN}", "RM-0001", "data/raw/relations.csv")
    assert any(REIMAN in line and "lost 1 published claim" in line for line in err.splitlines())


def test_a_removed_relation_fails_naming_relations_csv(built):
    header, rows = built.rows("relations.csv")
    built.write_rows("relations.csv", header, [r for r in rows if r["relation_id"] != "R-GN-002"])
    refused(built, "data/raw/relations.csv", "lost 1 published relation(s): R-GN-002")


def test_a_removed_table_layout_row_fails_naming_the_layout(built):
    layout = "tables/secret_police_arrests_1921_39.csv"
    header, rows = built.rows(layout)
    built.write_rows(layout, header, [r for r in rows if not (r["row"] == "1921" and r["column"] == "shot")])
    refused(built, f"data/raw/{layout}", "secret_police_arrests_1921_39:1921:shot")


def test_removed_quantity_and_quantity_member_fail_naming_their_files(built):
    header, rows = built.rows("quantity_members.csv")
    built.write_rows("quantity_members.csv", header, rows[1:])
    gone = f"{rows[0]['quantity_id']}/{rows[0]['claim_id']}"
    refused(built, "data/raw/quantity_members.csv", gone)
    header, rows = built.rows("quantities.csv")
    kept = [r for r in rows if r["quantity_id"] != "kremlin-affair-1935"]
    built.write_rows("quantities.csv", header, kept)
    members_header, members = built.rows("quantity_members.csv")
    built.write_rows("quantity_members.csv", members_header, [m for m in members if m["quantity_id"] != "kremlin-affair-1935"])
    refused(built, "data/raw/quantities.csv", "kremlin-affair-1935")


def withdraw(raw_copy, id_: str, kind: str, reason: str = "a repeat of another claim, recorded twice by mistake", replaced_by: str = "") -> None:
    header, rows = raw_copy.rows("withdrawn.csv")
    rows.append({"id": id_, "kind": kind, "date": "2026-11-29", "version": rd.__version__, "reason": reason, "replaced_by": replaced_by})
    raw_copy.write_rows("withdrawn.csv", header, rows)


def test_a_withdrawn_relation_builds_ships_in_the_withdrawn_table_and_shows_as_errata(built, tmp_path):
    from repression_data.publish.release import build_release

    old = build_release(built.processed, REPO_DIR, tmp_path / "old")
    header, rows = built.rows("relations.csv")
    built.write_rows("relations.csv", header, [r for r in rows if r["relation_id"] != "R-GN-002"])
    withdraw(built, "R-GN-002", "relation", "counted the same arrests twice", "R-GN-001")
    result = build(built)
    assert result.returncode == 0, result.stderr
    withdrawn = read_table(built.processed / "withdrawn.parquet")
    relations_withdrawn = withdrawn.loc[withdrawn["kind"] == "relation", ["id", "kind", "replaced_by"]]
    assert relations_withdrawn[relations_withdrawn["id"] == "R-GN-002"].values.tolist() == [["R-GN-002", "relation", "R-GN-001"]]
    repo = tmp_path / "repo"  # a checkout whose codebook matches the new build
    (repo / "docs").mkdir(parents=True)
    tables = {name: read_table(built.processed / f"{name}.parquet") for name in json.loads((built.processed / "manifest.json").read_text())["tables"]}
    (repo / "docs" / "codebook.md").write_text(generated_documents(tables, rd.__version__)["docs/codebook.md"], encoding="utf-8")
    for name in ("CHANGELOG.md", "LICENSE", "LICENSE-DATA"):
        shutil.copyfile(REPO_DIR / name, repo / name)
    new = build_release(built.processed, repo, tmp_path / "new")
    assert "R-GN-002" in (new / "ERRATA.md").read_text(encoding="utf-8")
    diff = run("diff", str(old), str(new))
    assert diff.returncode == 0, diff.stderr
    assert "- relations R-GN-002" in diff.stdout
    assert "errata: 1 id(s) withdrawn" in diff.stdout and "! relation R-GN-002 withdrawn in" in diff.stdout
    assert "counted the same arrests twice" in diff.stdout and "replaced by R-GN-001" in diff.stdout
    assert "without a withdrawal" not in diff.stdout


def test_a_withdrawn_id_is_never_used_again(built):
    withdraw(built, "RM-0010", "claim")
    refused(built, "data/raw/withdrawn.csv", "RM-0010", "never used again")


def test_a_withdrawal_is_never_removed(built):
    header, rows = built.rows("relations.csv")
    built.write_rows("relations.csv", header, [r for r in rows if r["relation_id"] != "R-GN-002"])
    withdraw(built, "R-GN-002", "relation")
    assert build(built).returncode == 0
    header, rows = built.rows("withdrawn.csv")
    built.write_rows("withdrawn.csv", header, [])
    refused(built, "data/raw/withdrawn.csv", "lost the withdrawal", "R-GN-002")


@pytest.mark.parametrize("field,value,words", [
    ("kind", "row", ["'kind'", "not one of"]),
    ("date", "29.11.2026", ["'date'", "not a date"]),
    ("date", "2026", ["'date'", "ISO date"]),
    ("version", "9.0.0", ["'version'", "later than the package's version"]),
    ("version", "next", ["'version'", "not a version"]),
    ("reason", "", ["'reason'", "empty but required"]),
    ("replaced_by", "R-RM-999", ["'replaced_by'", "not a relation of this build"]),
    ("id", "R-GN-2", ["'id'", "not the id of a relation"]),
])
def test_withdrawn_csv_is_read_strictly(built, field, value, words):
    header, rows = built.rows("relations.csv")
    built.write_rows("relations.csv", header, [r for r in rows if r["relation_id"] != "R-GN-002"])
    withdraw(built, "R-GN-002", "relation")
    header, rows = built.rows("withdrawn.csv")
    rows[-1][field] = value  # the withdrawal just added
    if field == "replaced_by":
        rows[-1]["kind"], rows[-1]["id"] = "relation", "R-GN-002"
    built.write_rows("withdrawn.csv", header, rows)
    refused(built, "data/raw/withdrawn.csv", *words)


def test_ids_of_an_earlier_version_are_kept_by_its_committed_list(raw_copy):
    """No previous build in the output folder: the committed list of version 0.0.1 still binds."""
    published = raw_copy.raw.parent / "published"
    published.mkdir()
    shutil.copyfile(REPO_DIR / "data" / "published" / f"{rd.__version__}.csv", published / "0.0.1.csv")
    header, rows = raw_copy.rows(REIMAN)
    raw_copy.write_rows(REIMAN, header, rows[:-1])
    result = build(raw_copy)
    assert result.returncode == 1 and "data/published/0.0.1.csv" in result.stderr and rows[-1]["claim_id"] in result.stderr, result.stderr
    assert not raw_copy.processed.exists()


def test_the_committed_id_list_is_what_the_checkout_publishes():
    listed = pd.read_csv(REPO_DIR / "data" / "published" / f"{rd.__version__}.csv", dtype=str, keep_default_na=False)
    live = listed[listed["status"] == "live"]
    assert set(live.loc[live["kind"] == "claim", "id"]) == set(rd.load("claims")["claim_id"])
    assert set(live.loc[live["kind"] == "relation", "id"]) == set(rd.load("relations")["relation_id"])
    cells = live[live["kind"] == "cell"]
    assert len(cells) == sum(len(pd.read_csv(p)) for p in (RAW_DIR / "tables").glob("*.csv"))
    withdrawn = rd.load("withdrawn")
    assert set(listed.loc[listed["status"] == "withdrawn", "id"]) == set(withdrawn["id"])


# 3. A clean print is its value -------------------------------------------------------------------

def test_a_mistyped_value_without_a_note_fails(built):
    built.edit(REIMAN, "RM-0010", "value", "32279")
    built.edit(REIMAN, "RM-0010", "reading_note", "")
    refused(built, f"data/raw/{REIMAN}", "RM-0010", "'value'", "'23,279' reads 23,279", "reading_note")


def test_a_mistyped_value_with_a_note_about_something_else_fails(built):
    """RM-0010's note says who was arrested; it does not say why 32279 is read for '23,279'."""
    built.edit(REIMAN, "RM-0010", "value", "32279")
    refused(built, f"data/raw/{REIMAN}", "RM-0010", "'value'", "does not say why")


def test_a_different_value_with_a_note_is_accepted(built):
    built.edit(REIMAN, "RM-0010", "value", "32279")
    built.edit(REIMAN, "RM-0010", "reading_note", "read as 32,279: the digits are transposed in print (test)")
    built.edit(REIMAN, "RM-0010", "reading_basis", "confirmed")  # a reading that is not the print also says how it was read
    built.edit(REIMAN, "RM-0010", "reading_evidence", "RM-0011 (for the test)")
    with built.path("corrections.csv").open("a", encoding="utf-8") as handle:  # a published reading changes only as a recorded correction
        handle.write(f"RM-0010,claim,2026-12-07,{rd.__version__},value re-read (test)\n")
    result = build(built)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("printed,value,unit,ok", [
    ("38%", "38", "percent", True),
    ("38%", "0.38", "fraction", True),
    ("38%", "0.38", "percent", False),
    ("1,337", "1337", "persons", True),
    ("1,337", "1373", "persons", False),
    ("8.8", "8.8", "percent", True),
])
def test_percent_and_fraction_conventions(built, printed, value, unit, ok):
    built.edit(REIMAN, "RM-0010", "quote", f"1936 – {printed} persons")
    built.edit(REIMAN, "RM-0010", "value_printed", printed)
    built.edit(REIMAN, "RM-0010", "value", value)
    built.edit(REIMAN, "RM-0010", "unit", unit)
    built.edit(REIMAN, "RM-0010", "reading_note", "")
    result = build(built)
    clean_print_error = "RM-0010" in result.stderr and "reads" in result.stderr
    assert clean_print_error != ok, result.stderr


# 5. Atomic everywhere ----------------------------------------------------------------------------

def test_reproduce_checks_the_quotes_before_it_swaps_anything(built, texts_dir, tmp_path):
    built.edit(REIMAN, "RM-0010", "quote", "1936 – 23,279 persons arrested")  # valid in form, not in the text
    with built.path("corrections.csv").open("a", encoding="utf-8") as handle:  # recorded, so that only the text refuses it
        handle.write(f"RM-0010,claim,2026-12-07,{rd.__version__},quote extended (test)\n")
    output = tmp_path / "analysis-output"
    output.mkdir()
    (output / "kept.txt").write_text("the last good output", encoding="utf-8")
    before, before_output = tree(built.processed), tree(output)
    env = {**os.environ, "REPRESSION_DATA_SOURCES": str(texts_dir), "REPRESSION_DATA_ANALYSIS_OUTPUT": str(output)}
    shutil.copytree(REPO_DIR / "analysis", built.raw.parent.parent / "analysis", ignore=shutil.ignore_patterns("output", "__pycache__"))
    result = run("reproduce", "--raw", str(built.raw), "--out", str(built.processed), env=env)
    assert result.returncode == 1 and "RM-0010" in result.stderr and "nothing was written" in result.stderr, result.stderr
    assert tree(built.processed) == before and tree(output) == before_output


def test_reproduce_whose_analysis_fails_leaves_the_previous_tables_and_output(built, texts_dir, tmp_path):
    """A failing analysis script (here: matplotlib cannot be imported) puts the previous data/processed back."""
    built.edit(REIMAN, "RM-0010", "reading_note", "a new note, so that the new build differs from the old one")
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "matplotlib.py").write_text("raise ImportError('matplotlib blocked for the test')\n", encoding="utf-8")
    output = tmp_path / "analysis-output"
    output.mkdir()
    (output / "kept.txt").write_text("the last good output", encoding="utf-8")
    before, before_output = tree(built.processed), tree(output)
    env = {**os.environ, "REPRESSION_DATA_SOURCES": str(texts_dir), "REPRESSION_DATA_ANALYSIS_OUTPUT": str(output), "PYTHONPATH": str(blocker)}
    shutil.copytree(REPO_DIR / "analysis", built.raw.parent.parent / "analysis", ignore=shutil.ignore_patterns("output", "__pycache__"))
    result = run("reproduce", "--raw", str(built.raw), "--out", str(built.processed), env=env)
    assert result.returncode == 1 and "left as they were" in result.stderr, result.stderr[-2000:]
    assert tree(built.processed) == before and tree(output) == before_output
    assert sorted(p.name for p in built.processed.parent.iterdir()) == ["processed", "raw"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["analysis", "analysis-output", "block", "data"])


def test_generated_documents_are_in_the_manifest_and_verify_catches_a_damaged_codebook(tmp_path):
    manifest = json.loads((CHECKOUT_PROCESSED_DIR / "manifest.json").read_text(encoding="utf-8"))
    for relative, digest in manifest["documents"].items():
        assert hashlib.sha256((REPO_DIR / relative).read_bytes()).hexdigest() == digest, relative
    bundle = tmp_path / "bundle"
    assert run("release", "--out", str(bundle)).returncode == 0
    assert run("verify", "--out", str(bundle)).returncode == 0
    book = bundle / "codebook.md"
    book.write_bytes(book.read_bytes()[: len(book.read_bytes()) // 2])  # a write killed midway
    result = run("verify", "--out", str(bundle))
    assert result.returncode == 1 and "codebook.md" in result.stderr


def test_a_stale_staging_folder_not_ours_is_reported_with_the_command_that_clears_it(built):
    stale = built.processed.parent / ".processed.new-x1y2z3"
    stale.mkdir()
    (stale / "someone's file").write_text("keep me", encoding="utf-8")
    before = tree(built.root)
    result = build(built)
    assert result.returncode == 1 and f"rm -rf '{stale}'" in result.stderr, result.stderr
    assert tree(built.root) == before


def test_our_own_stale_staging_folder_is_cleared(built):
    stale = built.processed.parent / ".processed.new-killed"
    stale.mkdir()
    (stale / ".repression-data-staging").write_bytes(b"")
    (stale / "claims.parquet").write_bytes(b"half")
    assert build(built).returncode == 0
    assert not stale.exists()


def test_a_read_only_folder_is_reported_with_the_command_that_clears_it(built, monkeypatch, capsys):
    """As root the test cannot make a folder read-only, so the refusal is simulated where the OS would raise it."""
    import tempfile

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    before = tree(built.root)
    code = cli.main(["build", "--raw", str(built.raw), "--out", str(built.processed)])
    err = capsys.readouterr().err
    assert code == 1 and "read-only" in err and f"chmod u+w '{built.processed.parent}'" in err, err
    assert tree(built.root) == before


def test_an_unremovable_stale_staging_folder_is_reported(built, monkeypatch, capsys):
    from repression_data import files as output

    stale = built.processed.parent / ".processed.new-killed"
    stale.mkdir()
    (stale / ".repression-data-staging").write_bytes(b"")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.shutil, "rmtree", refuse)
    code = cli.main(["build", "--raw", str(built.raw), "--out", str(built.processed)])
    err = capsys.readouterr().err
    assert code == 1 and f"rm -rf '{stale}'" in err and "chmod -R u+w" in err, err


# 6. Loading verifies ----------------------------------------------------------------------------

@pytest.fixture
def processed_copy(tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, folder)
    monkeypatch.setattr(loader, "data_root", lambda: folder)
    return folder


def test_load_detects_every_flipped_byte_by_default(processed_copy):
    path = processed_copy / "claims.parquet"
    original = path.read_bytes()
    rng = random.Random(12)
    for _ in range(60):
        data = bytearray(original)
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        with pytest.raises(IntegrityError, match="claims.parquet"):
            rd.load("claims")
    path.write_bytes(original)
    assert rd.load("claims").equals(rd.load("claims", verify=False))


def test_a_truncated_manifest_gives_a_message_not_a_traceback(processed_copy):
    manifest = processed_copy / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:300])
    with pytest.raises(IntegrityError, match="manifest.json is damaged"):
        rd.load("claims")
    result = run("verify", "--out", str(processed_copy))
    assert result.returncode == 1 and "manifest.json is damaged" in result.stderr and "Traceback" not in result.stderr


def test_a_build_over_a_damaged_previous_build_says_how_to_recover(built):
    manifest = built.processed / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:300])
    refused(built, "manifest.json is damaged", "git checkout -- data/processed")


def test_diff_refuses_a_bundle_whose_checksums_do_not_match(tmp_path):
    for name in ("a", "b"):
        assert run("release", "--out", str(tmp_path / name)).returncode == 0
    same = run("diff", str(tmp_path / "a"), str(tmp_path / "b"))
    assert same.returncode == 0 and "claims: 0 added, 0 removed, 0 changed" in same.stdout
    path = tmp_path / "b" / "relations.csv"
    path.write_bytes(path.read_bytes().replace(b"Document 4", b"Document 5", 1))
    result = run("diff", str(tmp_path / "a"), str(tmp_path / "b"))
    assert result.returncode == 1 and "relations.csv" in result.stderr and "SHA256SUMS" in result.stderr


def test_diff_covers_every_table(built, tmp_path):
    from repression_data.publish.release import diff_bundles, render_diff

    header, rows = built.rows("relations.csv")
    rows[5]["note"] = "a note added for the test"
    built.write_rows("relations.csv", header, rows)
    layout = "tables/secret_police_arrests_1921_39.csv"
    lheader, lrows = built.rows(layout)
    built.write_rows(layout, lheader, lrows + [{"row": "1940", "column": "shot", "claim_id": "", "note": "not printed (test)"}])
    assert build(built).returncode == 0
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, source in ((old, CHECKOUT_PROCESSED_DIR), (new, built.processed)):
        shutil.copytree(source, folder)
        (folder / "SHA256SUMS").write_text("".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(folder.iterdir())), encoding="utf-8")
    text = render_diff(diff_bundles(old, new), old, new)
    assert f"~ relations {rows[5]['relation_id']} note:" in text
    assert "+ secret_police_arrests_1921_39 1940" in text
    cli_text = run("diff", str(old), str(new)).stdout
    assert cli_text.strip() == text.strip()


def test_release_refuses_processed_data_stale_against_raw(raw_copy, tmp_path, monkeypatch, capsys):
    """The checkout's data/raw and data/processed are stood in for by copies; the release reads them as its own."""
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    raw_copy.edit(REIMAN, "RM-0010", "reading_note", "edited after the last build")
    monkeypatch.setattr(cli, "find_checkout", lambda: raw_copy.raw.parent.parent)
    monkeypatch.setattr(cli, "processed_dir", lambda: raw_copy.processed)
    code = cli.main(["release", "--out", str(tmp_path / "bundle")])
    err = capsys.readouterr().err
    assert code == 1 and "stale" in err and "repression-data build" in err, err
    assert not (tmp_path / "bundle").exists()
