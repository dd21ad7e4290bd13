"""Everything published before, gathered in-process (issue 25, item 5): the previous build, the committed id
lists, their git history and the release bundles that checks/published.py compares each build with, read from
small folders made here, so that `make mutate` sees `earlier_publications` and `listed_in_history` without a
whole build. The same promises through the command: tests/pipeline/test_nothing_lost.py."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from repression_data.checks import bindings as b
from repression_data.checks import published as p
from repression_data.errors import Problem

LIST_HEADER = "kind,id,file,status\n"


def small_tables() -> dict[str, pd.DataFrame]:
    return {
        "claims": pd.DataFrame({"claim_id": ["AB-0001", "AB-0002"], "source_id": ["ab", "cd"], "quote": ["q1", "q2"],
                                "value_printed": ["10", "20"], "value": [10.0, 20.0], "page": [3, 4]}),
        "relations": pd.DataFrame({"relation_id": ["R-AB-001"], "operation": ["sum"], "operands": ["AB-0001;AB-0002"],
                                   "result": ["AB-0002"], "result_constant": [None]}),
        "party_verification_1935": pd.DataFrame({"region": ["USSR", "RSFSR"], "files_sent_claim_id": ["AB-0001", None],
                                                 "notes": [None, "expelled: not printed"]}),
        "withdrawn": pd.DataFrame({"id": ["AB-0000"], "kind": ["claim"]}),
    }


LIVE = {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/cd.csv", ("relation", "R-AB-001"): "relations.csv",
        ("cell", "party_verification_1935:USSR:files_sent"): "tables/party_verification_1935.csv",
        ("cell", "party_verification_1935:RSFSR:expelled"): "tables/party_verification_1935.csv"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_build(folder: Path, tables: dict[str, pd.DataFrame], version="0.2.0", sums: bool = False) -> Path:
    """A built folder (or, with ``sums``, a release bundle): one Parquet file per table, listed in manifest.json."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = {}
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
        entries[name] = {"columns": list(frame.columns), "dates": [],
                         "files": {"parquet": {"path": f"{name}.parquet", "sha256": sha256(folder / f"{name}.parquet")}}}
    (folder / "manifest.json").write_text(json.dumps({"package": "repression-data", "version": version, "tables": entries}), encoding="utf-8")
    if sums:
        (folder / "SHA256SUMS").write_text("".join(f"{sha256(f)}  {f.name}\n" for f in sorted(folder.iterdir())), encoding="utf-8")
    return folder


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
                   check=True, capture_output=True)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def places(tmp_path, monkeypatch):
    """A work folder (the root, with data/raw) and a separate checkout that stands in for the package's own."""
    work, checkout = tmp_path / "work", tmp_path / "checkout"
    (work / "data" / "raw").mkdir(parents=True)
    checkout.mkdir()
    monkeypatch.setattr(p, "REPO_DIR", checkout)
    return work, checkout


def gather(work: Path, previous: Path | None = None) -> tuple[list[tuple], list[Problem]]:
    problems: list[Problem] = []
    return p.earlier_publications(work / "data" / "raw", previous, work, problems), problems


# --- small pieces ---------------------------------------------------------------------------------------------------


def test_versions_compare_as_numbers_not_as_text():
    assert p._version_key("0.10.2") == (0, 10, 2)
    assert p._version_key("0.10.0") > p._version_key("0.9.9")


def test_a_cell_id_joins_table_row_and_column_with_colons():
    assert p.cell_id("secret_police_arrests_1921_39", 1921, "arrests_total") == "secret_police_arrests_1921_39:1921:arrests_total"


def test_the_ids_of_tables_come_with_the_raw_file_of_each():
    tables = small_tables()
    assert p.ids_of(tables) == LIVE
    assert p.ids_of({}) == {}
    no_notes = {"party_verification_1935": tables["party_verification_1935"].drop(columns="notes")}
    assert p.ids_of(no_notes) == {("cell", "party_verification_1935:USSR:files_sent"): "tables/party_verification_1935.csv"}
    members = {"quantity_members": pd.DataFrame({"quantity_id": ["deaths-1937", "deaths-1938"], "claim_id": ["AB-0001", "AB-0002"]})}
    assert p.ids_of(members) == {("quantity_member", "deaths-1937/AB-0001"): "quantity_members.csv",
                                 ("quantity_member", "deaths-1938/AB-0002"): "quantity_members.csv"}


def test_a_cell_counts_as_published_only_with_a_claim_or_a_note_naming_its_column():
    frame = pd.DataFrame({"region": ["USSR"], "files_sent_claim_id": [None], "notes": ["see p. 4; arrested: estimate; expelled_pct:x"]})
    assert sorted(p.ids_of({"party_verification_1935": frame})) == [("cell", "party_verification_1935:USSR:arrested")]


# --- the manifest of a built folder or bundle -----------------------------------------------------------------------


def test_a_folder_is_read_through_its_manifest_only_for_the_tables_that_carry_ids(tmp_path):
    tables = small_tables()
    tables["sources"] = pd.DataFrame({"source_id": ["ab"]})
    folder = write_build(tmp_path / "build", tables)
    (folder / "sources.parquet").write_bytes(b"not the file the manifest describes")  # never read
    read = p._read_folder(folder)
    assert list(read) == ["claims", "party_verification_1935", "relations", "withdrawn"]
    assert list(read["claims"]["claim_id"]) == ["AB-0001", "AB-0002"] and list(read["withdrawn"]["id"]) == ["AB-0000"]


def test_a_folder_whose_file_differs_from_its_manifest_is_refused_naming_the_file(tmp_path):
    folder = write_build(tmp_path / "build", small_tables())
    (folder / "relations.parquet").write_bytes(b"edited")
    with pytest.raises(ValueError) as caught:
        p._read_folder(folder)
    assert str(caught.value) == (f"{folder / 'relations.parquet'} has sha256 {hashlib.sha256(b'edited').hexdigest()}, "
                                 f"but the manifest records {sha256_recorded(folder, 'relations')}")


@pytest.mark.parametrize("text, said", [
    (None, "is not a regular file"),
    ("{", "cannot be read (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
    ('{"version": "0.2.0"}', "cannot be read ('tables')"),
    ("[1]", "cannot be read (list indices must be integers or slices, not str)"),
])
def test_a_missing_or_damaged_manifest_is_refused_saying_what_is_wrong(tmp_path, text, said):
    if text is not None:
        (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        p._read_folder(tmp_path)
    assert str(caught.value) == f"{tmp_path / 'manifest.json'} {said}"


@pytest.mark.parametrize("text, version", [
    ('{"version": "0.2.0"}', "0.2.0"), ('{"version": "10.20.30"}', "10.20.30"), ('{"version": "0.2"}', None),
    ('{"version": "v0.2.0"}', None), ('{"version": 2}', None), ('{"tables": {}}', None), ("[]", None), ("{", None), (None, None),
])
def test_the_version_of_a_folder_is_its_manifests_when_that_is_a_version(tmp_path, text, version):
    if text is not None:
        (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    assert p._manifest_version(tmp_path) == version


# --- the git history of the id lists --------------------------------------------------------------------------------


def commit_lists(checkout: Path, *versions: dict[str, str]) -> None:
    """One commit per dict of (file name under data/published -> its text)."""
    lists = checkout / "data" / "published"
    lists.mkdir(parents=True, exist_ok=True)
    git(checkout, "init", "-q")
    for i, files in enumerate(versions):
        for name, text in files.items():
            (lists / name).write_text(text, encoding="utf-8")
        git(checkout, "add", "-A")
        git(checkout, "commit", "-qm", f"lists {i}")


@needs_git
def test_an_id_dropped_from_a_committed_list_is_still_found_in_its_history(tmp_path):
    full = LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\nclaim,AB-0002,claims/old.csv,live\nrelation,R-AB-001,relations.csv,live\n"
    edited = LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\nclaim,AB-0002,claims/new.csv,live\n"
    commit_lists(tmp_path, {"0.1.0.csv": full}, {"0.1.0.csv": edited})
    # the newest file that held an id is the one named; the relation is only in the history now
    assert p.listed_in_history(tmp_path, []) == {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/new.csv",
                                                 ("relation", "R-AB-001"): "relations.csv"}


@needs_git
def test_history_keeps_rows_of_every_kind_and_skips_what_is_not_an_id_row(tmp_path):
    text = (LIST_HEADER + "claim,AB-0001,claims/ab.csv\nclaim,AB-0002\nquantity,deaths-1937,quantities.csv,live\n"
            "note,x,y,z\n\n" + '"quantity_member","deaths-1937/AB-0001","quantity_members.csv","live"\n')
    commit_lists(tmp_path, {"0.1.0.csv": text})
    (tmp_path / "other.csv").write_text(LIST_HEADER + "claim,AB-0099,claims/zz.csv,live\n", encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "a file outside data/published")
    assert p.listed_in_history(tmp_path, []) == {("claim", "AB-0001"): "claims/ab.csv", ("quantity", "deaths-1937"): "quantities.csv",
                                                 ("quantity_member", "deaths-1937/AB-0001"): "quantity_members.csv"}


@needs_git
def test_no_history_without_git_outside_a_checkout_or_before_the_first_commit(tmp_path, monkeypatch):
    commit_lists(tmp_path / "repo", {"0.1.0.csv": LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\n"})
    assert p.listed_in_history(tmp_path / "repo", []) == {("claim", "AB-0001"): "claims/ab.csv"}
    # a folder inside another repository, without a .git of its own, has no history of its lists
    inner = tmp_path / "repo" / "inner"
    (inner / "data" / "published").mkdir(parents=True)
    (inner / "data" / "published" / "0.1.0.csv").write_text(LIST_HEADER + "claim,AB-0002,claims/cd.csv,live\n", encoding="utf-8")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-qm", "inner")
    assert p.listed_in_history(inner, []) == {}
    # a repository without a commit: git log fails, and there is nothing to read
    (tmp_path / "empty").mkdir()
    git(tmp_path / "empty", "init", "-q")
    assert p.listed_in_history(tmp_path / "empty", []) == {}
    # no git program
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert p.listed_in_history(tmp_path / "repo", []) == {}


@pytest.mark.parametrize("error", [OSError("no git"), subprocess.TimeoutExpired(["git"], 120)])
def test_no_history_when_git_cannot_be_run(tmp_path, monkeypatch, error):
    (tmp_path / ".git").mkdir()
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/git")

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(subprocess, "run", fail)
    assert p.listed_in_history(tmp_path, []) == {}


# --- everything published before ------------------------------------------------------------------------------------


def test_nothing_was_published_before_a_first_build(places):
    work, _ = places
    assert gather(work) == ([], [])
    (work / "data" / "processed").mkdir()
    assert gather(work, work / "data" / "processed") == ([], [])  # a previous folder without a manifest is not a build


def test_the_previous_build_gives_its_ids_its_withdrawals_its_version_and_fingerprints(places):
    work, _ = places
    tables = small_tables()
    previous = write_build(work / "data" / "processed", tables, version="0.2.0")
    [(where, ids, version, bindings, fields)], problems = gather(work, previous)
    assert problems == [] and (where, version) == ("data/processed", "0.2.0")
    assert ids == {**LIVE, ("claim", "AB-0000"): "withdrawn.csv"}
    assert bindings == b.bindings_of(tables) and bindings[("claim", "AB-0001")][0] == b.fingerprint(("ab", "q1", "10"))
    assert fields == b.fields_of(tables) and fields[("claim", "AB-0002")][0] == ("cd", "q2", "20")


def test_a_previous_build_without_withdrawals_or_a_version_still_counts(places):
    work, _ = places
    tables = small_tables()
    del tables["withdrawn"]
    previous = write_build(work / "data" / "processed", tables, version="next")
    [(where, ids, version, _, _)], _ = gather(work, previous)
    assert (where, ids, version) == ("data/processed", LIVE, None)


def test_a_damaged_previous_build_is_refused_saying_how_to_restore_it(places):
    work, _ = places
    previous = write_build(work / "data" / "processed", small_tables())
    (previous / "claims.parquet").write_bytes(b"cut")
    found, [problem] = gather(work, previous)
    assert found == []
    assert (problem.file, problem.record, problem.field) == ("data/processed", "", "")
    assert problem.message == (f"the previous build cannot be compared with: {previous / 'claims.parquet'} has sha256 "
                               f"{hashlib.sha256(b'cut').hexdigest()}, but the manifest records {sha256_recorded(previous, 'claims')}; "
                               "restore it (git checkout -- data/processed) or, if it is not yours to keep, move it away")


def sha256_recorded(folder: Path, name: str) -> str:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["tables"][name]["files"]["parquet"]["sha256"]


def test_a_previous_build_whose_manifest_is_a_dangling_link_is_refused(places):
    work, _ = places
    previous = work / "data" / "processed"
    previous.mkdir()
    (previous / "manifest.json").symlink_to(work / "gone.json")
    found, [problem] = gather(work, previous)
    assert found == [] and problem.file == "data/processed"
    assert problem.message == (f"the previous build cannot be compared with: {previous / 'manifest.json'} is not a regular file; "
                               "restore it (git checkout -- data/processed) or, if it is not yours to keep, move it away")


def test_the_lists_beside_the_raw_folder_and_in_the_checkout_are_read_in_order(places):
    work, checkout = places
    mine, theirs = work / "data" / "published", checkout / "data" / "published"
    mine.mkdir()
    theirs.mkdir(parents=True)
    (mine / "0.2.0.csv").write_text(LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\n", encoding="utf-8")
    (mine / "0.10.0.csv").write_text(LIST_HEADER + "claim,AB-0003,withdrawn.csv,withdrawn\n", encoding="utf-8")
    (mine / "notes.txt").write_text("not a list", encoding="utf-8")
    (theirs / "0.1.0.csv").write_text("kind,id,file,status,figure,reading\nrelation,R-AB-001,relations.csv,live,f1,r1\n"
                                      "claim,AB-0002,claims/cd.csv,live,,\n", encoding="utf-8")
    (theirs / "draft.csv").write_text(LIST_HEADER + "claim,AB-0004,claims/ab.csv,live\n", encoding="utf-8")
    found, problems = gather(work)
    assert problems == []
    assert found == [
        ("data/published/0.10.0.csv", {("claim", "AB-0003"): "withdrawn.csv"}, "0.10.0", {}, None),
        ("data/published/0.2.0.csv", {("claim", "AB-0001"): "claims/ab.csv"}, "0.2.0", {}, None),
        ("data/published/0.1.0.csv", {("relation", "R-AB-001"): "relations.csv", ("claim", "AB-0002"): "claims/cd.csv"}, "0.1.0",
         {("relation", "R-AB-001"): ("f1", "r1")}, None),
        ("data/published/draft.csv", {("claim", "AB-0004"): "claims/ab.csv"}, None, {}, None),
    ]


def test_the_checkouts_own_lists_are_read_once_when_the_raw_folder_is_the_checkouts(tmp_path, monkeypatch):
    monkeypatch.setattr(p, "REPO_DIR", tmp_path)
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "published").mkdir()
    (tmp_path / "data" / "published" / "0.1.0.csv").write_text(LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\n", encoding="utf-8")
    write_build(tmp_path / "release" / "repression-data-0.1.0", small_tables(), version="0.1.0", sums=True)
    found, problems = gather(tmp_path)
    assert problems == [] and [(w, v) for w, _, v, _, _ in found] == [("data/published/0.1.0.csv", "0.1.0"),
                                                                       ("release/repression-data-0.1.0", "0.1.0")]


def test_a_damaged_id_list_is_named_and_the_others_still_count(places):
    work, _ = places
    mine = work / "data" / "published"
    mine.mkdir()
    (mine / "0.1.0.csv").write_text("kind,file,status\nclaim,claims/ab.csv,live\n", encoding="utf-8")
    (mine / "0.2.0.csv").write_text(LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\n", encoding="utf-8")
    found, problems = gather(work)
    assert [(w, ids) for w, ids, *_ in found] == [("data/published/0.1.0.csv", {}), ("data/published/0.2.0.csv", {("claim", "AB-0001"): "claims/ab.csv"})]
    assert [(x.file, x.record, x.field, x.message) for x in problems] == [
        ("data/published/0.1.0.csv", "line 1", "id", "required column is missing from the header")]


@needs_git
def test_the_checkouts_git_history_counts_as_a_publication(places):
    work, checkout = places
    commit_lists(checkout, {"0.1.0.csv": LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\nclaim,AB-0002,claims/cd.csv,live\n"},
                 {"0.1.0.csv": LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\n"})
    found, problems = gather(work)
    assert problems == []
    assert found == [("data/published/0.1.0.csv", {("claim", "AB-0001"): "claims/ab.csv"}, "0.1.0", {}, None),
                     ("the git history of data/published/", {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/cd.csv"},
                      None, {}, None)]


def test_release_bundles_beside_the_raw_folder_and_in_the_checkout_count(places):
    work, checkout = places
    tables = small_tables()
    write_build(work / "release" / "repression-data-0.2.0", tables, version="0.2.0", sums=True)
    write_build(work / "release" / "half-made", tables)  # no SHA256SUMS: not a bundle
    (work / "release" / "repression-data-0.2.0.tar.gz").write_bytes(b"an archive, not a folder")
    older = {"claims": tables["claims"].iloc[:1]}
    write_build(checkout / "release" / "repression-data-0.1.0", older, version="0.1.0", sums=True)
    found, problems = gather(work)
    assert problems == []
    assert [(w, ids, v) for w, ids, v, _, _ in found] == [
        ("release/repression-data-0.2.0", LIVE, "0.2.0"),  # a bundle's withdrawals are not ids it published
        (str(checkout / "release" / "repression-data-0.1.0"), {("claim", "AB-0001"): "claims/ab.csv"}, "0.1.0")]
    assert found[0][3] == b.bindings_of(tables) and found[0][4] == b.fields_of(tables)
    assert found[1][3] == b.bindings_of(older) and found[1][4] == b.fields_of(older)


def test_a_release_bundle_that_cannot_be_read_is_named(places):
    work, _ = places
    bundle = write_build(work / "release" / "repression-data-0.2.0", small_tables(), sums=True)
    (bundle / "manifest.json").write_text("{}", encoding="utf-8")
    found, [problem] = gather(work)
    assert found == []
    assert (problem.file, problem.record, problem.field) == ("release/repression-data-0.2.0", "", "")
    assert problem.message == f"a release bundle that cannot be read: {bundle / 'manifest.json'} cannot be read ('tables')"


@needs_git
def test_everything_published_comes_in_one_order_previous_lists_history_releases(places):
    work, checkout = places
    previous = write_build(work / "data" / "processed", small_tables(), version="0.3.0")
    (work / "data" / "published").mkdir()
    (work / "data" / "published" / "0.2.0.csv").write_text(LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\n", encoding="utf-8")
    commit_lists(checkout, {"0.1.0.csv": LIST_HEADER + "claim,AB-0001,claims/ab.csv,live\n"})
    write_build(work / "release" / "repression-data-0.2.0", small_tables(), version="0.2.0", sums=True)
    found, problems = gather(work, previous)
    assert problems == []
    assert [(w, v) for w, _, v, _, _ in found] == [("data/processed", "0.3.0"), ("data/published/0.2.0.csv", "0.2.0"),
                                                   ("data/published/0.1.0.csv", "0.1.0"),
                                                   ("the git history of data/published/", None), ("release/repression-data-0.2.0", "0.2.0")]


# --- the comparison, on what was gathered ---------------------------------------------------------------------------


def test_an_id_lost_since_the_previous_build_is_refused_naming_its_raw_file(places):
    work, _ = places
    previous = write_build(work / "data" / "processed", small_tables())
    earlier, _ = gather(work, previous)
    new_ids = {k: v for k, v in LIVE.items() if k != ("claim", "AB-0002")}
    withdrawn = pd.DataFrame({"kind": ["claim"], "id": ["AB-0000"]})
    problems = p.check_nothing_vanished(new_ids, withdrawn, earlier, work / "data" / "raw", work)
    assert [(x.file, x.record, x.field, x.message, x.rank) for x in problems] == [
        ("data/raw/claims/cd.csv", "", "", "lost 1 published claim(s): AB-0002 (published in data/processed); restore them, or withdraw each "
                                           "in data/raw/withdrawn.csv with a date, version and reason", 1)]
    withdrawn = pd.DataFrame({"kind": ["claim", "claim"], "id": ["AB-0000", "AB-0002"]})
    assert p.check_nothing_vanished(new_ids, withdrawn, earlier, work / "data" / "raw", work) == []


def test_ids_lost_from_two_publications_name_both_and_each_file_once(places):
    work, _ = places
    earlier = [("b", {("claim", "AB-0002"): "claims/cd.csv", ("claim", "AB-0003"): "claims/cd.csv"}, None, {}, None),
               ("a", {("claim", "AB-0002"): "claims/cd.csv", ("relation", "R-AB-002"): "relations.csv"}, None, {}, None)]
    problems = p.check_nothing_vanished({}, pd.DataFrame({"kind": [], "id": []}), earlier, work / "data" / "raw", work)
    assert [(x.file, x.message) for x in problems] == [
        ("data/raw/claims/cd.csv", "lost 2 published claim(s): AB-0002, AB-0003 (published in a, b); restore them, or withdraw each in "
                                   "data/raw/withdrawn.csv with a date, version and reason"),
        ("data/raw/relations.csv", "lost 1 published relation(s): R-AB-002 (published in a); restore them, or withdraw each in "
                                   "data/raw/withdrawn.csv with a date, version and reason")]


def test_thirty_lost_ids_are_all_named_and_the_thirty_first_is_counted():
    earlier = [("b", {("claim", f"AB-{i:04d}"): "claims/ab.csv" for i in range(100, 130)}, None, {}, None)]
    [problem] = p.check_nothing_vanished({}, pd.DataFrame({"kind": [], "id": []}), earlier, Path("r"), Path("."))
    assert problem.message.startswith("lost 30 published claim(s): AB-0100,") and "AB-0129 (published in b)" in problem.message
    earlier[0][1][("claim", "AB-0130")] = "claims/ab.csv"
    [problem] = p.check_nothing_vanished({}, pd.DataFrame({"kind": [], "id": []}), earlier, Path("r"), Path("."))
    assert "AB-0129 and 1 more (published in b)" in problem.message and "AB-0130" not in problem.message


def test_a_withdrawn_id_in_use_again_names_every_publication_that_withdrew_it(places):
    work, _ = places
    earlier = [("data/published/0.2.0.csv", {("claim", "AB-0001"): "withdrawn.csv"}, "0.2.0", {}, None),
               ("data/processed", {("claim", "AB-0001"): "withdrawn.csv", ("claim", "AB-0002"): "claims/cd.csv"}, "0.3.0", {}, None)]
    new_ids = {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/cd.csv"}
    problems = p.check_nothing_vanished(new_ids, pd.DataFrame({"kind": [], "id": []}), earlier, work / "data" / "raw", work)
    assert [(x.file, x.record, x.field, x.message, x.rank) for x in problems] == [
        ("data/raw/claims/ab.csv", "claim AB-0001", "", "was withdrawn (in data/processed, data/published/0.2.0.csv) and is used again: "
                                                        "a withdrawn id is never reused; give the record a new id", 0)]
    # withdrawn again now: no reuse to report here (check_withdrawn names the record that holds it)
    withdrawn = pd.DataFrame({"kind": ["claim"], "id": ["AB-0001"]})
    assert p.check_nothing_vanished(new_ids, withdrawn, earlier, work / "data" / "raw", work) == []


def test_a_withdrawal_taken_out_of_withdrawn_csv_is_refused(places):
    work, _ = places
    earlier = [("data/processed", {("relation", "R-AB-009"): "withdrawn.csv"}, "0.3.0", {}, None)]
    [problem] = p.check_nothing_vanished({}, pd.DataFrame({"kind": [], "id": []}), earlier, work / "data" / "raw", work)
    assert (problem.file, problem.record, problem.field, problem.rank) == ("data/raw/withdrawn.csv", "", "", 1)
    assert problem.message == ("lost the withdrawal of 1 relation(s): R-AB-009 (published in data/processed); a withdrawal is never removed")


# --- withdrawals ----------------------------------------------------------------------------------------------------


def test_a_good_withdrawal_file_reads_without_problems(tmp_path):
    (tmp_path / "withdrawn.csv").write_text("id,kind,date,version,reason,replaced_by\n"
                                            "AB-0001,claim,2026-01-02,0.3.0,a duplicate,AB-0002\n"
                                            "R-AB-001,relation,2026-01-02,0.10.0,x,\n"
                                            "deaths-1937,quantity,2026-01-02,0.1.0,x,\n"
                                            "deaths-1937/AB-0001,quantity_member,2026-01-02,0.1.0,x,\n"
                                            "party_verification_1935:USSR:files_sent,cell,2026-01-02,0.1.0,x,\n", encoding="utf-8")
    problems: list[Problem] = []
    frame, origins = p.read_withdrawn(tmp_path, tmp_path, "0.10.0", problems)
    assert problems == []
    assert list(frame["id"]) == ["AB-0001", "R-AB-001", "deaths-1937", "deaths-1937/AB-0001", "party_verification_1935:USSR:files_sent"]
    assert frame["date"].iloc[0] == pd.Timestamp("2026-01-02") and frame["replaced_by"].iloc[0] == "AB-0002"
    assert [(o.file, o.record) for o in origins][:2] == [("withdrawn.csv", "line 2 (id AB-0001)"), ("withdrawn.csv", "line 3 (id R-AB-001)")]
    assert p.check_withdrawn(frame.iloc[:1], origins, {("claim", "AB-0002"): "claims/cd.csv"}, tmp_path, tmp_path) == []


def test_no_withdrawal_file_is_an_empty_table(tmp_path):
    problems: list[Problem] = []
    frame, origins = p.read_withdrawn(tmp_path, tmp_path, "0.3.0", problems)
    assert frame.empty and list(frame.columns) == ["id", "kind", "date", "version", "reason", "replaced_by"] and origins == []
    assert [x.file for x in problems] == ["withdrawn.csv"]


def test_a_withdrawal_of_the_same_id_as_another_kind_is_not_a_repeat(tmp_path):
    (tmp_path / "withdrawn.csv").write_text("id,kind,date,version,reason,replaced_by\n"
                                            "deaths-1937,quantity,2026-01-02,0.3.0,x,\nAB-0001,claim,2026-01-02,0.3.0,x,\n"
                                            "AB-0001,relation,2026-01-02,0.3.0,x,\n", encoding="utf-8")
    problems: list[Problem] = []
    p.read_withdrawn(tmp_path, tmp_path, "0.3.0", problems)
    assert [(x.record, x.field, x.message) for x in problems] == [("line 4 (id AB-0001)", "id", "'AB-0001' is not the id of a relation")]


def test_a_withdrawn_id_still_held_names_the_raw_file_that_holds_it(tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "withdrawn.csv").write_text("id,kind,date,version,reason,replaced_by\nR-AB-001,relation,2026-01-02,0.2.0,x,\n", encoding="utf-8")
    frame, origins = p.read_withdrawn(raw, tmp_path, "0.3.0", [])
    [problem] = p.check_withdrawn(frame, origins, {("relation", "R-AB-001"): "relations.csv"}, raw, tmp_path)
    assert (problem.file, problem.record, problem.field) == ("data/raw/withdrawn.csv", "line 2 (id R-AB-001)", "id")
    assert problem.message == ("the relation R-AB-001 is withdrawn, but data/raw/relations.csv still holds it: a withdrawn id is never used "
                               "again; give the record a new id")


def test_each_problem_of_withdrawn_csv_names_the_file_the_line_and_the_field(tmp_path):
    (tmp_path / "withdrawn.csv").write_text("id,kind,date,version,reason,replaced_by\n"
                                            "AB-0001,claimz,2026-01-02,0.2.0,x,\nab-1,claim,2026-01-02,0.2.0,x,\n"
                                            "AB-0002,claim,2026-01-02,0.2.0,x,\nAB-0002,claim,2026-01-02,0.2.0,x,\n"
                                            "AB-0003,claim,2026-1-2,0.2.0,x,\nAB-0004,claim,2026-01-02,0.2,x,\nAB-0005,claim,2026-01-02,0.4.0,x,\n",
                                            encoding="utf-8")
    problems: list[Problem] = []
    p.read_withdrawn(tmp_path, tmp_path, "0.3.0", problems)
    assert [(x.file, x.record, x.field, x.message) for x in problems] == [
        ("withdrawn.csv", "line 6 (id AB-0003)", "date", "'2026-1-2' is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)"),  # parse's
        ("withdrawn.csv", "line 2 (id AB-0001)", "kind", "'claimz' is not one of claim, relation, cell, quantity, quantity_member"),
        ("withdrawn.csv", "line 3 (id ab-1)", "id", "'ab-1' is not the id of a claim"),
        ("withdrawn.csv", "line 5 (id AB-0002)", "id", "the claim AB-0002 is withdrawn more than once"),
        ("withdrawn.csv", "line 6 (id AB-0003)", "date", "'2026-1-2' is not an ISO date (write YYYY-MM-DD)"),
        ("withdrawn.csv", "line 7 (id AB-0004)", "version", "'0.2' is not a version (like 0.3.0)"),
        ("withdrawn.csv", "line 8 (id AB-0005)", "version", "0.4.0 is later than the package's version 0.3.0")]


def test_a_withdrawn_csv_that_links_out_of_the_raw_folder_is_not_read(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("id,kind,date,version,reason,replaced_by\nAB-0001,claim,2026-01-02,0.2.0,x,\n", encoding="utf-8")
    (raw / "withdrawn.csv").symlink_to(outside)
    problems: list[Problem] = []
    frame, origins = p.read_withdrawn(raw, tmp_path, "0.3.0", problems)
    assert frame.empty and origins == []
    assert [(x.file, x.message) for x in problems] == [
        ("raw/withdrawn.csv", f"is a symbolic link leading out of the raw data folder (to {outside}); only files inside it are read: "
                              "copy the file in instead")]


def test_a_replacement_that_is_not_in_the_build_names_the_withdrawal_line(tmp_path):
    (tmp_path / "withdrawn.csv").write_text("id,kind,date,version,reason,replaced_by\nAB-0001,claim,2026-01-02,0.2.0,x,AB-0404\n"
                                            "R-AB-002,relation,2026-01-02,0.2.0,x,AB-0002\nAB-0003,claim,2026-01-02,0.2.0,x,AB-0002\n",
                                            encoding="utf-8")
    frame, origins = p.read_withdrawn(tmp_path, tmp_path, "0.3.0", [])
    new_ids = {("claim", "AB-0002"): "claims/cd.csv"}  # a claim, not a relation, of that id
    assert [(x.file, x.record, x.field, x.message) for x in p.check_withdrawn(frame, origins, new_ids, tmp_path, tmp_path)] == [
        ("withdrawn.csv", "line 2 (id AB-0001)", "replaced_by", "'AB-0404' is not a claim of this build"),
        ("withdrawn.csv", "line 3 (id R-AB-002)", "replaced_by", "'AB-0002' is not a relation of this build")]


def test_the_id_list_writes_each_live_id_with_the_fingerprints_it_is_given():
    tables = small_tables()
    lines = p.id_list_text(tables, {("claim", "AB-0001"): ("f1", "r1")}).splitlines()
    assert lines[:4] == ["kind,id,file,status,figure,reading", "cell,party_verification_1935:RSFSR:expelled,tables/party_verification_1935.csv,live,,",
                         "cell,party_verification_1935:USSR:files_sent,tables/party_verification_1935.csv,live,,",
                         "claim,AB-0000,withdrawn.csv,withdrawn,,"]
    assert lines[4:] == ["claim,AB-0001,claims/ab.csv,live,f1,r1", "claim,AB-0002,claims/cd.csv,live,,", "relation,R-AB-001,relations.csv,live,,"]
    assert p.id_list_text(tables, {}).splitlines()[4] == "claim,AB-0001,claims/ab.csv,live,,"


def test_a_wide_table_is_read_for_ids_even_when_an_earlier_one_is_absent():
    frame = pd.DataFrame({"reason": ["Trotskyism"], "yezhov_1935_pct_claim_id": ["AB-0001"]})
    assert p.ids_of({"expulsion_reasons_1935_36": frame}) == {
        ("cell", "expulsion_reasons_1935_36:Trotskyism:yezhov_1935_pct"): "tables/expulsion_reasons_1935_36.csv"}


def test_a_folder_gives_its_quantities_and_their_members(tmp_path):
    tables = {"quantities": pd.DataFrame({"quantity_id": ["deaths-1937"]}),
              "quantity_members": pd.DataFrame({"quantity_id": ["deaths-1937"], "claim_id": ["AB-0001"]})}
    read = p._read_folder(write_build(tmp_path / "build", tables))
    assert p.ids_of(read) == {("quantity", "deaths-1937"): "quantities.csv", ("quantity_member", "deaths-1937/AB-0001"): "quantity_members.csv"}


def test_a_lost_withdrawal_names_every_publication_that_held_it():
    earlier = [("data/processed", {("claim", "AB-0009"): "withdrawn.csv"}, None, {}, None),
               ("data/published/0.2.0.csv", {("claim", "AB-0009"): "withdrawn.csv"}, None, {}, None)]
    [problem] = p.check_nothing_vanished({}, pd.DataFrame({"kind": [], "id": []}), earlier, Path("data/raw"), Path("."))
    assert problem.message == ("lost the withdrawal of 1 claim(s): AB-0009 (published in data/processed, data/published/0.2.0.csv); "
                               "a withdrawal is never removed")


def test_a_problem_renamed_for_a_withdrawal_keeps_its_file_record_and_field():
    withdrawn = pd.DataFrame({"kind": ["claim"], "id": ["AB-0001"], "version": ["0.2.0"], "reason": ["numbered as in table IX."],
                              "replaced_by": [""]})
    problems = [Problem("relations.csv", "line 2 (relation R-AB-001)", "operands", "'AB-0001' is not a claim of this build"),
                Problem("relations.csv", "line 3 (relation R-AB-002)", "result", "'AB-0003' is not a claim of this build")]
    named = p.name_withdrawals(problems, withdrawn, lost={("claim", "AB-0003")})
    assert [(x.file, x.record, x.field, x.message, x.rank) for x in named] == [
        ("relations.csv", "line 2 (relation R-AB-001)", "operands",
         "'AB-0001' is a withdrawn claim (data/raw/withdrawn.csv, version 0.2.0: numbered as in table IX); nothing replaces it: take it out "
         "of this build", 0),
        ("relations.csv", "line 3 (relation R-AB-002)", "result",
         "'AB-0003' is not a claim of this build (it was published: see the problem with the file that held it)", 1)]
