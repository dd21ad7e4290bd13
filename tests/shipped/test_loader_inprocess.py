"""The loader's promises, in-process (issue 25, item 5): which folder it reads, every earlier release kept with
the package and only those, the checksum before parsing, and each refusal as a clear error naming the file,
the table and what is wrong. Every test reads a copy of data/processed or a small release folder it builds in
tmp_path; the committed data is only read."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import socket
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from repression_data import metadata
from repression_data.paths import CHECKOUT_HISTORY_DIR, CHECKOUT_PROCESSED_DIR, INSTALLED_HISTORY_DIR, INSTALLED_PROCESSED_DIR
from repression_data.shipped import loader
from repression_data.shipped.loader import IntegrityError, MissingTableError, UnknownTableError, UnknownVersionError

REINSTALL = "rebuild it with 'repression-data build' (in a checkout) or reinstall the package"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_release(folder: Path, version, frames: dict, dates: dict | None = None) -> Path:
    """A release folder as the build writes it: one Parquet file per table and a manifest recording each."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {}
    for name, frame in frames.items():
        path = folder / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        tables[name] = {"columns": list(frame.columns), "dates": (dates or {}).get(name, []),
                        "files": {"parquet": {"bytes": path.stat().st_size, "path": path.name, "sha256": sha(path)}}}
    manifest = {"package": "repression-data", "tables": tables}
    if version is not None:
        manifest["version"] = version
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def edit_manifest(folder: Path, change) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


UNITS = pd.DataFrame({"unit": ["people", "cases"], "label": ["persons", "court cases"]})
EVENTS = pd.DataFrame({"event": ["E-1", "E-2"], "day": pd.to_datetime(["1937-08-05", "1938-11-17"]).date})


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    """A small shipped folder of version 0.9.0 and a history folder keeping 0.7.0 and 0.8.0 (listed out of order)."""
    current = write_release(tmp_path / "processed", "0.9.0", {"units": UNITS, "events": EVENTS}, {"events": ["day"]})
    history = tmp_path / "history"
    write_release(history / "0.8.0", "0.8.0", {"units": UNITS.head(1)})
    write_release(history / "0.7.0", "0.7.0", {"units": UNITS.iloc[::-1]})
    (history / "releases.csv").write_text("version,commit,date\n0.8.0,bbb,2026-02-01\n0.7.0,aaa,2026-01-01\n", encoding="utf-8")
    monkeypatch.setattr(loader, "data_root", lambda: current)
    monkeypatch.setattr(loader, "history_root", lambda: history)
    return current


@pytest.fixture
def copy(tmp_path, monkeypatch):
    """A copy of data/processed, read as the checkout's own folder (so the messages say what a checkout says)."""
    folder = tmp_path / "repo" / "data" / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, folder)
    monkeypatch.setattr(loader, "data_root", lambda: folder)
    monkeypatch.setattr(loader, "CHECKOUT_PROCESSED_DIR", folder)
    return folder


# Which folder the loader reads

def test_a_checkout_reads_its_data_processed_and_its_data_history():
    assert loader.data_root() == CHECKOUT_PROCESSED_DIR
    assert loader.history_root() == CHECKOUT_HISTORY_DIR


def test_an_installed_package_reads_its_own_processed_and_history_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "INSTALLED_PROCESSED_DIR", tmp_path / "_processed")
    monkeypatch.setattr(loader, "INSTALLED_HISTORY_DIR", tmp_path / "_history")
    (tmp_path / "_processed").mkdir()
    assert loader.data_root() == tmp_path / "_processed" and loader.history_root() == CHECKOUT_HISTORY_DIR
    (tmp_path / "_history").mkdir()
    assert loader.history_root() == tmp_path / "_history"


def test_a_package_inside_a_zip_reads_its_folders_through_importlib_resources(tmp_path, monkeypatch):
    import importlib.resources

    asked = []
    monkeypatch.setattr(importlib.resources, "files", lambda package: asked.append(package) or tmp_path)
    monkeypatch.setattr(loader, "PACKAGE_DIR", tmp_path / "not-a-folder.zip")
    assert INSTALLED_PROCESSED_DIR.is_dir() is False and INSTALLED_HISTORY_DIR.is_dir() is False
    assert loader.data_root() == CHECKOUT_PROCESSED_DIR  # the zip holds no _processed: the checkout's folder
    assert loader.history_root() == tmp_path / "_history"
    (tmp_path / "_processed").mkdir()
    assert loader.data_root() == tmp_path / "_processed"
    assert asked == ["repression_data"] * 3


# Earlier releases: releases(), release_folder, load(version=...)

def test_kept_releases_are_the_rows_of_releases_csv_in_its_order(shipped):
    assert loader.kept_releases() == [{"version": "0.8.0", "commit": "bbb", "date": "2026-02-01"},
                                      {"version": "0.7.0", "commit": "aaa", "date": "2026-01-01"}]


def test_no_releases_csv_means_no_kept_release_and_only_this_version(shipped, monkeypatch):
    (shipped.parent / "history" / "releases.csv").unlink()
    monkeypatch.setattr(metadata, "VERSION", "0.9.0")
    monkeypatch.setattr(metadata, "RELEASE_DATE", "2026-03-01")
    assert loader.kept_releases() == []
    assert loader.releases() == [{"version": "0.9.0", "commit": "", "date": "2026-03-01", "current": True}]


def test_releases_lists_the_kept_ones_then_this_version_with_an_empty_commit(shipped, monkeypatch):
    monkeypatch.setattr(metadata, "VERSION", "0.9.0")
    monkeypatch.setattr(metadata, "RELEASE_DATE", "2026-03-01")
    assert loader.releases() == [{"version": "0.8.0", "commit": "bbb", "date": "2026-02-01", "current": False},
                                 {"version": "0.7.0", "commit": "aaa", "date": "2026-01-01", "current": False},
                                 {"version": "0.9.0", "commit": "", "date": "2026-03-01", "current": True}]


def test_a_kept_release_that_is_this_version_is_marked_current_and_not_listed_twice(shipped, monkeypatch):
    monkeypatch.setattr(metadata, "VERSION", "0.8.0")
    assert loader.releases() == [{"version": "0.8.0", "commit": "bbb", "date": "2026-02-01", "current": True},
                                 {"version": "0.7.0", "commit": "aaa", "date": "2026-01-01", "current": False}]


def test_a_kept_release_is_read_from_its_own_folder(shipped):
    history = shipped.parent / "history"
    assert loader.release_folder("0.8.0") == history / "0.8.0"
    assert loader.release_folder("0.7.0") == history / "0.7.0"
    assert loader.release_folder(None) == shipped and loader.release_folder("0.9.0") == shipped
    pd.testing.assert_frame_equal(loader.load("units", version="0.8.0"), UNITS.head(1))
    pd.testing.assert_frame_equal(loader.load("units", version="0.7.0"), UNITS.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(loader.load("units", version="0.9.0"), UNITS)
    pd.testing.assert_frame_equal(loader.load("units"), UNITS)


def test_a_kept_release_is_checked_against_its_own_manifest(shipped):
    damaged = shipped.parent / "history" / "0.8.0" / "units.parquet"
    shutil.copyfile(shipped / "units.parquet", damaged)
    with pytest.raises(IntegrityError) as raised:
        loader.load("units", version="0.8.0")
    assert str(damaged) in str(raised.value) and f"has sha256 {sha(damaged)}" in str(raised.value)
    pd.testing.assert_frame_equal(loader.load("units", version="0.8.0", verify=False), UNITS)


def test_an_unknown_version_is_refused_with_the_sorted_list_of_known_ones(shipped):
    with pytest.raises(UnknownVersionError) as raised:
        loader.load("units", version="0.0.9")
    assert str(raised.value) == "unknown version '0.0.9'; the versions are: 0.7.0, 0.8.0, 0.9.0"
    assert isinstance(raised.value, KeyError)
    with pytest.raises(UnknownVersionError) as raised:
        loader.checksum("units", version="1.0")
    assert str(raised.value) == "unknown version '1.0'; the versions are: 0.7.0, 0.8.0, 0.9.0"


def test_a_kept_release_listed_but_not_the_shipped_version_sorts_with_it(shipped):
    edit_manifest(shipped, lambda m: m.update(version="0.75.0"))
    with pytest.raises(UnknownVersionError) as raised:
        loader.release_folder("0.9.0")
    assert str(raised.value) == "unknown version '0.9.0'; the versions are: 0.7.0, 0.75.0, 0.8.0"


def test_the_committed_releases_each_open(monkeypatch):
    listed = [r["version"] for r in loader.releases()]
    assert listed[:-1] == [r["version"] for r in loader.kept_releases()] and listed[-1] == metadata.VERSION
    assert loader.release_folder("0.1.0") == CHECKOUT_HISTORY_DIR / "0.1.0"
    assert loader.release_folder(metadata.VERSION) == CHECKOUT_PROCESSED_DIR


# The manifest

def test_a_checkout_without_built_tables_says_to_run_the_build(tmp_path, monkeypatch):
    empty = tmp_path / "processed"
    empty.mkdir()
    monkeypatch.setattr(loader, "data_root", lambda: empty)
    monkeypatch.setattr(loader, "CHECKOUT_PROCESSED_DIR", empty)
    with pytest.raises(MissingTableError) as raised:
        loader.tables()
    assert str(raised.value) == f"no built tables: {empty / 'manifest.json'} is missing; run 'repression-data build' in the checkout"
    assert isinstance(raised.value, FileNotFoundError)


def test_an_installed_package_without_its_manifest_says_to_reinstall(tmp_path, monkeypatch):
    empty = tmp_path / "_processed"
    empty.mkdir()
    monkeypatch.setattr(loader, "data_root", lambda: empty)
    with pytest.raises(MissingTableError) as raised:
        loader.load("units")
    assert str(raised.value) == (f"the installed package has no manifest.json in {empty}: its tables are missing; "
                                 "reinstall repression-data")


@pytest.mark.parametrize("text,why", [
    ('{"tables": {"units": ', "Expecting value: line 1 column 22 (char 21)"),
    ('{"version": "0.9.0"}', "it lists no tables"),
    ('{"tables": ["units"]}', "it lists no tables"),
    ('["tables"]', "'list' object has no attribute 'get'"),
    (b'{"tables": {"\xff": 1}}', "'utf-8' codec can't decode byte 0xff in position 13: invalid start byte"),
])
def test_a_damaged_manifest_is_refused_saying_what_is_wrong(shipped, text, why):
    path = shipped / "manifest.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(IntegrityError) as raised:
        loader.tables()
    assert str(raised.value) == f"{path} is damaged (truncated or edited: {why}); {REINSTALL}"
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_tables_are_the_manifest_names_sorted(shipped):
    assert loader.tables() == ["events", "units"]


# load: the table, its file, its checksum

@pytest.mark.parametrize("name", ["unit", "units.parquet", 5, None, ("units",)])
def test_an_unknown_table_is_refused_with_the_sorted_list_of_tables(shipped, name):
    expected = f"unknown table {name!r}; the tables are: events, units"
    with pytest.raises(UnknownTableError) as raised:
        loader.load(name)
    assert str(raised.value) == expected and isinstance(raised.value, KeyError)
    with pytest.raises(UnknownTableError) as raised:
        loader.checksum(name)
    assert str(raised.value) == expected


def test_a_missing_table_file_in_an_installed_package_says_to_reinstall(shipped):
    (shipped / "units.parquet").unlink()
    with pytest.raises(MissingTableError) as raised:
        loader.load("units")
    assert str(raised.value) == (f"table 'units': its file units.parquet is missing from {shipped} (manifest.json lists it); "
                                 "reinstall repression-data")


def test_a_missing_table_file_in_a_checkout_says_to_run_the_build(copy):
    (copy / "units.parquet").unlink()
    with pytest.raises(MissingTableError) as raised:
        loader.load("units", verify=False)
    assert str(raised.value) == (f"table 'units': its file units.parquet is missing from {copy} (manifest.json lists it); "
                                 "run 'repression-data build' in the checkout")


def test_a_damaged_table_is_refused_naming_both_checksums_and_how_to_restore_it(copy):
    path = copy / "units.parquet"
    recorded = sha(path)
    shutil.copyfile(copy / "regions.parquet", path)
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == (f"{path} has sha256 {sha(path)}, but the manifest records {recorded}: the file is damaged or was "
                                 "changed; restore it: in a checkout 'git checkout -- data/processed', else reinstall the package "
                                 "(load(name, verify=False) reads it anyway)")
    assert list(loader.load("units", verify=False).columns) == list(pd.read_parquet(copy / "regions.parquet").columns)


def test_load_gives_the_frame_with_its_dates_as_datetimes(shipped):
    events = loader.load("events")
    assert str(events["day"].dtype) == "datetime64[ns]"
    assert list(events["day"]) == [pd.Timestamp("1937-08-05"), pd.Timestamp("1938-11-17")]
    unverified = loader.load("events", verify=False)
    pd.testing.assert_frame_equal(unverified, events)


def test_a_table_whose_manifest_names_no_dates_loads_as_written(shipped):
    edit_manifest(shipped, lambda m: m["tables"]["units"].pop("dates"))
    pd.testing.assert_frame_equal(loader.load("units"), UNITS)
    pd.testing.assert_frame_equal(loader.load("units", verify=False), UNITS)


def test_load_reads_the_file_once_and_parses_the_bytes_it_checked(shipped, monkeypatch):
    monkeypatch.setattr(loader, "_PARSED", {})
    reads = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    pd.testing.assert_frame_equal(loader.load("units"), UNITS)
    assert reads == [shipped / "units.parquet"]


def test_every_copied_table_loads_as_pandas_reads_it(copy):
    for name in ("claims", "units", "withdrawn"):
        frame = loader.load(name)
        expected = pd.read_parquet(copy / f"{name}.parquet")
        for column in json.loads((copy / "manifest.json").read_text(encoding="utf-8"))["tables"][name]["dates"]:
            expected[column] = pd.to_datetime(expected[column]).astype("datetime64[ns]")
        pd.testing.assert_frame_equal(frame, expected)


# read_table: the frame pandas.read_parquet gives

def test_read_table_maps_text_to_the_default_string_dtype_and_keeps_index_and_attrs(tmp_path):
    frame = pd.DataFrame({"name": ["a", None], "n": [1, 2]}, index=pd.Index(["x", "y"], name="key"))
    frame.attrs = {"source": "test"}
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    read = loader.read_table(path)
    assert read.attrs == {"source": "test"}
    assert read["name"].dtype == pd.Series(["a"]).dtype and read.index.name == "key" and list(read.index) == ["x", "y"]
    pd.testing.assert_frame_equal(read, pd.read_parquet(path))
    assert loader.read_table(None, data=path.read_bytes()).equals(read)


def test_read_table_maps_large_strings_too_and_leaves_a_file_without_attrs_without_them(tmp_path):
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"s": pa.array(["a", "b"], pa.large_string()), "t": pa.array(["c", None], pa.string())}), path)
    read = loader.read_table(path)
    assert read["s"].dtype == pd.Series(["a"]).dtype and read["t"].dtype == pd.Series(["a"]).dtype
    assert read.attrs == {}
    pd.testing.assert_frame_equal(read, pd.read_parquet(path))


def test_read_table_gives_the_attrs_a_file_records_under_pandas_attrs_as_pandas_does(tmp_path):
    path = tmp_path / "t.parquet"
    table = pa.table({"s": ["a"]}).replace_schema_metadata({b"PANDAS_ATTRS": json.dumps({"claims": ["GN-1", 2]}).encode()})
    pq.write_table(table, path)
    assert loader.read_table(path).attrs == {"claims": ["GN-1", 2]} == pd.read_parquet(path).attrs


def test_on_a_pandas_without_a_default_string_dtype_text_stays_object(monkeypatch):
    class OldPandas:
        @staticmethod
        def Series(values):
            return pd.Series(values, dtype=object)

    assert loader._string_types(OldPandas, pa) is None
    mapping = loader._string_types(pd, pa)
    if pd.Series(["a"]).dtype == object:  # pandas 2 (the oldest declared versions): text stays object here too
        assert mapping is None
        return
    assert mapping(pa.string()) == pd.Series(["a"]).dtype and mapping(pa.large_string()) == pd.Series(["a"]).dtype
    assert mapping(pa.int64()) is None


# The cache and its key

def test_checksum_is_the_recorded_sha256_with_the_folder_and_the_files_identity(shipped):
    path = shipped / "units.parquet"
    info = os.stat(path)
    recorded = json.loads((shipped / "manifest.json").read_text(encoding="utf-8"))["tables"]["units"]["files"]["parquet"]["sha256"]
    assert loader.checksum("units") == (recorded, str(shipped), info.st_size, info.st_mtime_ns, info.st_ino)
    kept = shipped.parent / "history" / "0.8.0"
    assert loader.checksum("units", version="0.8.0") == (sha(kept / "units.parquet"), str(kept), *(
        lambda i: (i.st_size, i.st_mtime_ns, i.st_ino))(os.stat(kept / "units.parquet")))


def test_checksum_of_a_missing_or_unnamed_file_leaves_its_identity_empty(shipped):
    recorded = sha(shipped / "units.parquet")
    (shipped / "units.parquet").unlink()
    assert loader.checksum("units") == (recorded, str(shipped), None)
    edit_manifest(shipped, lambda m: m["tables"]["units"]["files"]["parquet"].update(path=5))
    assert loader.checksum("units") == (recorded, str(shipped), None)
    edit_manifest(shipped, lambda m: m["tables"]["units"]["files"]["parquet"].update(path="a\0b"))
    assert loader.checksum("units") == (recorded, str(shipped), None)


def test_a_file_parsed_once_is_parsed_again_for_other_dates_or_another_checksum(shipped, monkeypatch):
    path = shipped / "events.parquet"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    monkeypatch.setattr(loader, "_PARSED", {})
    plain = loader._read_cached(path, [], data, digest)
    dated = loader._read_cached(path, ["day"], data, digest)
    assert str(dated["day"].dtype) == "datetime64[ns]" and str(plain["day"].dtype) != "datetime64[ns]"
    assert sorted(loader._PARSED) == [(str(path), ()), (str(path), ("day",))]
    other = write_release(shipped.parent / "other", "x", {"events": EVENTS.head(1)}) / "events.parquet"
    assert len(loader._read_cached(path, ["day"], other.read_bytes(), sha(other))) == 1
    assert loader._PARSED[(str(path), ("day",))][0] == sha(other)


def test_tables_loaded_in_turn_are_each_parsed_once(copy, monkeypatch):
    monkeypatch.setattr(loader, "_PARSED", {})
    parsed = []
    real = loader.read_table
    monkeypatch.setattr(loader, "read_table", lambda path, *a, **k: parsed.append(path.name) or real(path, *a, **k))
    for name in ("units", "regions", "units", "regions"):
        loader.load(name)
    assert parsed == ["units.parquet", "regions.parquet"]
    assert sorted(loader._PARSED) == [(str(copy / "regions.parquet"), ()), (str(copy / "units.parquet"), ())]


def test_each_load_gets_a_frame_of_its_own(shipped, monkeypatch):
    monkeypatch.setattr(loader, "_PARSED", {})
    first = loader.load("units")
    first.loc[0, "label"] = "changed"
    assert loader.load("units").loc[0, "label"] == "persons"


# entry_path: only a regular file inside the folder

@pytest.mark.parametrize("relative", [5, None, "", "/etc/hostname", "C:\\units.parquet", "C:units.parquet", "\\\\host\\share\\x",
                                      "../units.parquet", "a/../../units.parquet", "..\\units.parquet", "a\\..\\..\\x"])
def test_a_path_that_leads_outside_the_folder_is_refused_naming_it(shipped, relative):
    edit_manifest(shipped, lambda m: m["tables"]["units"]["files"]["parquet"].update(path=relative))
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == (f"the manifest in {shipped} lists the path {relative!r}, which leads outside its folder: the manifest "
                                 f"is damaged or was edited; {REINSTALL}")


@pytest.mark.parametrize("relative", ["..units.parquet", "sub/units.parquet", "sub\\units.parquet"])
def test_a_path_inside_the_folder_is_its_file_there(shipped, relative):
    assert loader.entry_path(shipped, relative) == shipped / relative


def test_a_path_through_a_file_cannot_be_read_and_says_why(shipped):
    edit_manifest(shipped, lambda m: m["tables"]["units"]["files"]["parquet"].update(path="units.parquet/inner"))
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == f"{shipped / 'units.parquet' / 'inner'} cannot be read (Not a directory)"
    assert raised.value.__suppress_context__


def test_a_link_that_loops_is_named_as_a_loop(shipped):
    path = shipped / "units.parquet"
    path.unlink()
    path.symlink_to("units.parquet")
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == f"{path} is a symbolic link that loops, not a table's file"
    assert raised.value.__suppress_context__


def test_a_loop_that_the_system_reports_as_eloop_is_named_as_a_loop(shipped, monkeypatch):
    """Python 3.13 reports a loop as OSError ELOOP where 3.11 raises RuntimeError: the same message."""
    path = shipped / "units.parquet"
    path.unlink()
    path.symlink_to("units.parquet")

    def eloop(self, strict=False):
        raise OSError(errno.ELOOP, "Too many levels of symbolic links")

    monkeypatch.setattr(Path, "resolve", eloop)
    with pytest.raises(IntegrityError) as raised:
        loader.entry_path(shipped, "units.parquet")
    assert str(raised.value) == f"{path} is a symbolic link that loops, not a table's file"


def test_a_dangling_link_names_its_target_and_why_it_cannot_be_read(shipped):
    path = shipped / "units.parquet"
    path.unlink()
    path.symlink_to("gone.parquet")
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == f"{path} is a symbolic link to gone.parquet, which cannot be read (No such file or directory)"
    assert raised.value.__suppress_context__


def test_a_link_error_without_a_reason_names_the_error_itself(shipped, monkeypatch):
    path = shipped / "units.parquet"
    path.unlink()
    path.symlink_to("gone.parquet")

    def fails(self, strict=False):
        raise OSError("odd failure")

    monkeypatch.setattr(Path, "resolve", fails)
    with pytest.raises(IntegrityError) as raised:
        loader.entry_path(shipped, "units.parquet")
    assert str(raised.value) == f"{path} is a symbolic link to gone.parquet, which cannot be read (odd failure)"


def test_a_link_leading_out_of_the_folder_names_where_it_leads(shipped):
    outside = shipped.parent / "units.parquet"
    shutil.copyfile(shipped / "units.parquet", outside)
    path = shipped / "units.parquet"
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == f"{path} is a symbolic link leading out of {shipped} (to {outside}); only the files inside it are read"


def test_a_link_inside_the_folder_to_a_folder_is_named_as_a_folder(shipped):
    (shipped / "sub").mkdir()
    path = shipped / "units.parquet"
    path.unlink()
    path.symlink_to("sub")
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == f"{path} is a folder, not a regular file: a table's file is read only from a regular file"


def _socket(path: Path) -> None:
    here = os.getcwd()
    os.chdir(path.parent)  # a socket's path is limited to about 100 bytes: bind it by its short name
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind(path.name)
        server.close()
    finally:
        os.chdir(here)


@pytest.mark.parametrize("make,kind", [
    (lambda p: p.mkdir(), "a folder"),
    (os.mkfifo, "a named pipe"),
    (lambda p: os.mknod(p, 0o600 | 0o020000, os.makedev(1, 3)), "a character device"),
    (lambda p: os.mknod(p, 0o600 | 0o060000, os.makedev(7, 0)), "a block device"),
    (_socket, "a socket"),
])
def test_a_special_file_in_place_of_a_table_is_named_as_what_it_is(shipped, make, kind):
    path = shipped / "units.parquet"
    path.unlink()
    try:
        make(path)
    except PermissionError:
        pytest.skip(f"cannot make {kind} here")
    message = f"{path} is {kind}, not a regular file: a table's file is read only from a regular file"
    with pytest.raises(IntegrityError) as raised:
        loader.load("units")
    assert str(raised.value) == message
    assert loader.verify_all(shipped) == [f"table units (parquet): {message}"]


def test_a_file_of_a_kind_without_a_name_is_still_refused_as_not_a_regular_file(shipped, monkeypatch):
    path = shipped / "units.parquet"
    path.unlink()
    os.mkfifo(path)
    monkeypatch.setattr(loader, "_KINDS", ())
    with pytest.raises(IntegrityError) as raised:
        loader.entry_path(shipped, "units.parquet")
    assert str(raised.value) == f"{path} is not a regular file: a table's file is read only from a regular file"


# A package inside a zip

def test_tables_inside_a_zip_load_and_a_missing_one_says_to_reinstall(shipped, tmp_path, monkeypatch):
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in ("manifest.json", "units.parquet"):
            bundle.write(shipped / name, f"_processed/{name}")
    folder = zipfile.Path(archive, "_processed/")
    monkeypatch.setattr(loader, "data_root", lambda: folder)
    pd.testing.assert_frame_equal(loader.load("units"), UNITS)
    assert loader.entry_path(folder, "units.parquet").read_bytes() == (shipped / "units.parquet").read_bytes()
    assert loader.checksum("units") == (sha(shipped / "units.parquet"), str(folder))
    with pytest.raises(MissingTableError) as raised:
        loader.load("events")
    assert str(raised.value) == (f"table 'events': its file events.parquet is missing from {folder} (manifest.json lists it); "
                                 "reinstall repression-data")


# verify_all and check_file

def test_verify_all_without_a_folder_checks_the_built_tables_folder(shipped, monkeypatch):
    monkeypatch.setattr(loader, "processed_dir", lambda: shipped)
    assert loader.verify_all() == []
    (shipped / "units.parquet").unlink()
    assert loader.verify_all() == [f"table units (parquet): {shipped / 'units.parquet'} is missing"]


def test_a_copy_of_the_checkout_with_its_documents_beside_it_verifies(copy):
    repo = copy.parent.parent
    documents = {}
    for relative in ("CITATION.cff", "docs/codebook.md", "data/published/0.9.0.csv"):
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text(f"the text of {relative}\n", encoding="utf-8")
        documents[relative] = sha(repo / relative)
    edit_manifest(copy, lambda m: m.update(documents=documents))
    assert loader.verify_all(copy) == []
    (repo / "docs" / "codebook.md").write_text("edited\n", encoding="utf-8")
    (repo / "CITATION.cff").unlink()
    recorded = documents["docs/codebook.md"]
    assert loader.verify_all(copy) == [
        f"document CITATION.cff: {repo / 'CITATION.cff'} is missing",
        f"document docs/codebook.md: {repo / 'docs' / 'codebook.md'} has sha256 {sha(repo / 'docs' / 'codebook.md')}, "
        f"but the manifest records {recorded}",
    ]


def test_every_damaged_file_is_listed_by_table_kind_then_the_database_then_the_documents(copy):
    recorded = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    (copy / "units.xlsx").unlink()
    (copy / "units.csv").write_text("damaged\n", encoding="utf-8")
    (copy / "claims.parquet").unlink()
    (copy / "repression-data.db").write_bytes(b"damaged")
    db = recorded["database"]["sha256"]
    units_csv = recorded["tables"]["units"]["files"]["csv"]["sha256"]
    assert loader.verify_all(copy) == [
        f"table claims (parquet): {copy / 'claims.parquet'} is missing",
        f"table units (csv): {copy / 'units.csv'} has sha256 {sha(copy / 'units.csv')}, but the manifest records {units_csv}",
        f"table units (xlsx): {copy / 'units.xlsx'} is missing",
        f"database: {copy / 'repression-data.db'} has sha256 {sha(copy / 'repression-data.db')}, but the manifest records {db}",
        *(f"document {relative}: {copy.parent.parent / relative} is missing" for relative in sorted(recorded["documents"])),
    ]


def test_a_folder_that_is_not_the_checkout_and_not_a_bundle_has_no_documents_to_check(shipped):
    edit_manifest(shipped, lambda m: m.update(documents={"CITATION.cff": "0" * 64, "docs/codebook.md": "1" * 64}))
    assert loader.verify_all(shipped) == []


def test_a_release_bundle_checks_its_codebook_and_citation_beside_the_tables(shipped):
    (shipped / "SHA256SUMS").write_text("", encoding="utf-8")
    (shipped / "codebook.md").write_text("codebook\n", encoding="utf-8")
    (shipped / "CITATION.cff").write_text("cff\n", encoding="utf-8")
    documents = {"CITATION.cff": sha(shipped / "CITATION.cff"), "docs/codebook.md": sha(shipped / "codebook.md"),
                 "data/published/0.9.0.csv": "2" * 64}
    edit_manifest(shipped, lambda m: m.update(documents=documents))
    assert loader.verify_all(shipped) == []
    (shipped / "codebook.md").write_text("edited\n", encoding="utf-8")
    (shipped / "CITATION.cff").write_text("edited\n", encoding="utf-8")
    assert loader.verify_all(shipped) == [
        f"document CITATION.cff: {shipped / 'CITATION.cff'} has sha256 {sha(shipped / 'CITATION.cff')}, "
        f"but the manifest records {documents['CITATION.cff']}",
        f"document docs/codebook.md: {shipped / 'codebook.md'} has sha256 {sha(shipped / 'codebook.md')}, "
        f"but the manifest records {documents['docs/codebook.md']}",
    ]


def test_a_manifest_without_a_database_or_documents_checks_its_tables_only(shipped):
    assert loader.verify_all(shipped) == []
    edit_manifest(shipped, lambda m: m.update(database={"path": "data.db", "sha256": "3" * 64}))
    assert loader.verify_all(shipped) == [f"database: {shipped / 'data.db'} is missing"]


def test_check_file_says_none_for_a_match_and_names_a_bad_entry(shipped):
    recorded = sha(shipped / "units.parquet")
    assert loader.check_file(shipped, {"path": "units.parquet", "sha256": recorded}) is None
    leads_out = (f"the manifest in {shipped} lists the path {{}}, which leads outside its folder: the manifest is damaged or was edited; "
                 f"{REINSTALL}")
    assert loader.check_file(shipped, "units.parquet") == leads_out.format("None")
    assert loader.check_file(shipped, {"sha256": recorded}) == leads_out.format("None")
    assert loader.check_file(shipped, {"path": "../x", "sha256": recorded}) == leads_out.format("'../x'")
