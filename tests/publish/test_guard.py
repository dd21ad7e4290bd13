"""The output guard in-process (publish/guard.py; issue 25, item 5): which folders a build or a release may
replace, and what a refusal names (the folder, what it holds, what --out may be), so that `make mutate` sees
each promise. The end-to-end refusals through the command: tests/pipeline/test_nothing_lost.py."""

from __future__ import annotations

import json

import pytest

from repression_data.errors import OutputError
from repression_data.formats import CODEBOOK, DATAPACKAGE, MANIFEST
from repression_data.paths import RAW_DIR, REPO_DIR
from repression_data.publish.guard import BUILD, RELEASE, check_output_folder, own_files, protected_folders


def manifest(folder, package="repression-data", database=None, tables=None):
    folder.mkdir(parents=True, exist_ok=True)
    data = {"package": package, "tables": tables if tables is not None else
            {"claims": {"files": {"csv": {"path": "claims.csv"}, "parquet": {"path": "claims.parquet"}}},
             "sources": {"files": {"csv": {"path": "sources.csv"}}}}}
    if database is not None:
        data["database"] = database
    (folder / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    return folder


def refusal(out, kind, protected=None) -> str:
    with pytest.raises(OutputError) as caught:
        check_output_folder(out, kind, protected or {})
    return str(caught.value)


def test_a_builds_own_files_are_those_its_manifest_lists(tmp_path):
    folder = manifest(tmp_path / "b", database={"path": "repression.db"})
    assert own_files(folder, BUILD) == {"claims.csv", "claims.parquet", "sources.csv", "repression.db", MANIFEST, DATAPACKAGE, CODEBOOK}
    folder = manifest(tmp_path / "c", database={"sha256": "x"})  # a database entry without a path adds nothing
    assert own_files(folder, BUILD) == {"claims.csv", "claims.parquet", "sources.csv", MANIFEST, DATAPACKAGE, CODEBOOK}
    folder = manifest(tmp_path / "d", database="repression.db")
    assert "repression.db" not in own_files(folder, BUILD)


@pytest.mark.parametrize("text", ['{"package": "something-else", "tables": {}}', "{not json", '{"package": "repression-data"}',
                                  '{"package": "repression-data", "tables": {"claims": {"files": {"csv": {}}}}}', "[1]",
                                  '{"package": "repression-data", "tables": {"claims": 3}}'])
def test_a_manifest_not_the_packages_or_damaged_names_no_own_files(tmp_path, text):
    (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    assert own_files(tmp_path, BUILD) is None


def test_no_description_means_no_own_files(tmp_path):
    assert own_files(tmp_path, BUILD) is None and own_files(tmp_path, RELEASE) is None
    (tmp_path / MANIFEST).mkdir()
    (tmp_path / "SHA256SUMS").mkdir()
    assert own_files(tmp_path, BUILD) is None and own_files(tmp_path, RELEASE) is None


def test_a_release_bundles_own_files_are_those_its_checksums_list(tmp_path):
    (tmp_path / "SHA256SUMS").write_text("abc  claims.csv\ndef  docs/codebook.md\nno separator here\n\nfff  a  name with  spaces\neee   leading space.csv\n", encoding="utf-8")
    assert own_files(tmp_path, RELEASE) == {"claims.csv", "docs/codebook.md", "a  name with  spaces", " leading space.csv", "SHA256SUMS"}
    manifest(tmp_path)  # a release is told by its checksums, never by a manifest
    assert "claims.parquet" not in own_files(tmp_path, RELEASE)
    (tmp_path / "SHA256SUMS").write_bytes(b"\xff\xfe  x\n")
    assert own_files(tmp_path, RELEASE) is None


def test_new_and_empty_folders_are_accepted_and_returned_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert check_output_folder("new", BUILD, {}) == tmp_path / "new"
    (tmp_path / "empty").mkdir()
    assert check_output_folder("empty", RELEASE, {}) == tmp_path / "empty"
    assert not (tmp_path / "new").exists() and list((tmp_path / "empty").iterdir()) == []


def test_the_last_part_of_the_folder_is_kept_as_given_and_the_folders_above_are_resolved(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "real", target_is_directory=True)
    assert check_output_folder(tmp_path / "via" / "out", BUILD, {}) == tmp_path / "real" / "out"
    (tmp_path / "real" / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert "is a symbolic link" in refusal(tmp_path / "via" / "link", BUILD)


def test_a_build_folder_whose_files_are_its_manifests_is_accepted_and_a_release_is_not(tmp_path):
    folder = manifest(tmp_path / "b")
    for name in ("claims.csv", "claims.parquet", "sources.csv", DATAPACKAGE, CODEBOOK):
        (folder / name).write_text("x")
    assert check_output_folder(folder, BUILD, {}) == folder
    message = refusal(folder, RELEASE)
    assert message.startswith(f"refusing to write the release into {folder}: it holds files this package did not write (")
    assert message.endswith("); --out must be a new or empty folder, or a release bundle of this package (its SHA256SUMS lists every file). "
                            "Nothing was changed.")


def test_a_build_over_a_damaged_manifest_says_how_to_recover(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / MANIFEST).write_text("{trunc", encoding="utf-8")
    message = refusal(folder, BUILD)
    assert message == (f"refusing to write the build into {folder}: its {MANIFEST} is damaged, so the package cannot tell its own files "
                       "from others; restore the folder (for the checkout: git checkout -- data/processed) or move it away. Nothing was changed.")
    assert (folder / MANIFEST).read_text(encoding="utf-8") == "{trunc"
    # A release over the same folder: no SHA256SUMS, so every file is foreign (the damaged manifest is not a release's).
    assert "it holds files this package did not write (manifest.json)" in refusal(folder, RELEASE)


def test_a_folder_of_foreign_files_is_refused_naming_ten_and_counting_the_rest(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    names = [f"f{i:02d}.txt" for i in range(13)]
    for name in names:
        (folder / name).write_text("keep me")
    message = refusal(folder, BUILD)
    assert message == (f"refusing to write the build into {folder}: it holds files this package did not write ({', '.join(names[:10])} and 3 more); "
                       "--out must be a new or empty folder, or a build of this package (its manifest.json lists every file). Nothing was changed.")
    (folder / names[-1]).unlink()
    (folder / names[-2]).unlink()
    assert f"({', '.join(names[:10])} and 1 more)" in refusal(folder, BUILD)
    (folder / names[-3]).unlink()
    assert f"({', '.join(names[:10])});" in refusal(folder, BUILD)
    assert sorted(p.name for p in folder.iterdir()) == names[:10]


def test_only_the_foreign_files_of_a_build_folder_are_named(tmp_path):
    folder = manifest(tmp_path / "b")
    (folder / "claims.csv").write_text("x")
    (folder / "notes.txt").write_text("mine")
    (folder / "sources.csv").mkdir()
    assert "did not write (notes.txt, sources.csv);" in refusal(folder, BUILD)


def test_the_protected_folders_are_named_with_what_they_are(tmp_path):
    checkout = tmp_path / "co"
    raw = checkout / "data" / "raw"
    raw.mkdir(parents=True)
    protected = {"the checkout": checkout, "the raw data folder": raw}
    assert refusal(checkout, BUILD, protected) == (f"refusing to write the build into {checkout}: it is the checkout {checkout}, which the build "
                                                   "would replace; choose a new folder for --out. Nothing was changed.")
    assert refusal(tmp_path, RELEASE, protected) == (f"refusing to write the release into {tmp_path}: it holds the checkout {checkout}, which "
                                                     "the release would replace; choose a new folder for --out. Nothing was changed.")
    assert refusal(raw / "x", BUILD, protected) == (f"refusing to write the build into {raw / 'x'}: it is inside the raw data folder {raw}, which "
                                                    "holds only hand-edited files; choose a folder outside it. Nothing was changed.")
    # Inside the checkout but outside the raw data (data/processed): allowed.
    assert check_output_folder(checkout / "data" / "processed", BUILD, protected) == checkout / "data" / "processed"
    assert checkout.is_dir() and raw.is_dir() and not (checkout / "data" / "processed").exists()


def test_a_protected_folder_reached_through_a_link_is_still_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "alias").symlink_to(raw, target_is_directory=True)
    assert f"it holds the raw data folder given by --raw {raw}," in refusal(tmp_path, BUILD, {"the raw data folder given by --raw": tmp_path / "alias"})
    assert "is inside the raw data folder given by --raw" in refusal(tmp_path / "alias" / "sub", BUILD, {"the raw data folder given by --raw": raw})


def test_a_file_and_a_link_in_place_of_the_folder_are_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    assert refusal(tmp_path / "f", RELEASE) == f"refusing to write the release into {tmp_path / 'f'}: it is a file, not a folder"
    (tmp_path / "l").symlink_to(tmp_path / "nowhere")
    assert refusal(tmp_path / "l", BUILD) == (f"refusing to write the build into {tmp_path / 'l'}: it is a symbolic link; give the folder it points to, "
                                              "or a new folder")
    assert (tmp_path / "f").read_text() == "x"


def test_the_protected_folders_are_the_checkout_its_raw_data_and_the_raw_folder_given(tmp_path):
    found = protected_folders(tmp_path)
    assert found == {"the checkout": REPO_DIR, "the raw data folder": RAW_DIR, "the raw data folder given by --raw": tmp_path}
    assert protected_folders() == {"the checkout": REPO_DIR, "the raw data folder": RAW_DIR}


def test_a_checkout_is_known_by_its_git_folder_alone(tmp_path, monkeypatch):
    from repression_data.publish import guard

    (tmp_path / ".git").mkdir()
    monkeypatch.setattr(guard, "REPO_DIR", tmp_path)
    assert guard.protected_folders()["the checkout"] == tmp_path
    (tmp_path / ".git").rmdir()
    assert "the checkout" not in guard.protected_folders()
