"""The package as users get it: a wheel, a zip on sys.path, an sdist; the CLI outside a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import repression_data as rd
from repression_data.paths import REPO_DIR


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder), str(REPO_DIR)], check=True, capture_output=True)
    (found,) = folder.glob("*.whl")
    return found


def test_the_wheel_carries_both_licences_and_release_files(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for licence in ("LICENSE", "LICENSE-DATA"):
        assert any(n.endswith(f".dist-info/licenses/{licence}") for n in names), licence
        assert f"repression_data/_meta/{licence}" in names
    assert "repression_data/_meta/CHANGELOG.md" in names and "repression_data/_processed/codebook.md" in names
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT AND CC-BY-4.0" in meta


def test_the_sdist_carries_both_licences_and_the_readme_states_them():
    import tomllib

    project = tomllib.loads((REPO_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    include = project["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert {"LICENSE", "LICENSE-DATA", "CHANGELOG.md"} <= set(include)
    assert project["project"]["license"] == "MIT AND CC-BY-4.0" and project["project"]["license-files"] == ["LICENSE", "LICENSE-DATA"]
    assert "Attribution 4.0 International" in (REPO_DIR / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "MIT License" in (REPO_DIR / "LICENSE").read_text(encoding="utf-8")
    readme = (REPO_DIR / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "MIT" in readme


def test_every_table_loads_from_a_zip_on_sys_path(wheel, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import json, repression_data as rd; "
            "print(json.dumps([rd.__file__, {n: len(rd.load(n)) for n in rd.tables()}, str(rd.load('claims')['period_start'].dtype)]))")
    env = {**os.environ, "PYTHONPATH": str(wheel)}  # a wheel is a zip: import straight from it
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout
    module_file, rows, dtype = json.loads(out)
    assert str(wheel) in module_file
    assert rows == {name: len(rd.load(name)) for name in rd.tables()} and dtype == "datetime64[ns]"


def _installed(wheel: Path, tmp_path: Path) -> tuple[dict, Path]:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return {**os.environ, "PYTHONPATH": str(site)}, elsewhere


def test_a_missing_table_file_is_named(wheel, tmp_path):
    env, elsewhere = _installed(wheel, tmp_path)
    (tmp_path / "site" / "repression_data" / "_processed" / "units.parquet").unlink()
    result = subprocess.run([sys.executable, "-c", "import repression_data as rd; rd.load('units')"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "units.parquet" in result.stderr and "'units'" in result.stderr and "reinstall" in result.stderr
    assert "build" not in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("command", ["build", "validate", "coverage", "reproduce"])
def test_commands_needing_raw_data_say_plainly_there_is_no_checkout(wheel, tmp_path, command):
    env, elsewhere = _installed(wheel, tmp_path)
    env["REPRESSION_DATA_SOURCES"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", command], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "needs the raw data of a checkout" in result.stderr and "--raw" in result.stderr and "Traceback" not in result.stderr


def test_build_finds_the_checkout_from_the_current_folder(wheel, tmp_path, raw_copy):
    env, _ = _installed(wheel, tmp_path)
    inside = raw_copy.root / "data" / "raw" / "claims"
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", "build"], cwd=inside, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (raw_copy.root / "data" / "processed" / "manifest.json").is_file()


def test_release_works_from_an_installed_package(wheel, tmp_path):
    env, elsewhere = _installed(wheel, tmp_path)
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", "release", "--out", str(tmp_path / "bundle")], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    bundle = tmp_path / "bundle"
    for name in ("codebook.md", "CHANGELOG.md", "LICENSE", "LICENSE-DATA", "CITATION.cff", ".zenodo.json", "SHA256SUMS", "claims.xlsx"):
        assert (bundle / name).is_file(), name


def test_an_earlier_release_and_the_lookups_work_from_the_wheel_and_from_a_zip(wheel, tmp_path):
    """rd.load(version=...) and the terminal's lookups (the SQLite database) offline, installed or imported from the zip."""
    code = ("import repression_data as rd; from repression_data.cli.main import main; "
            "c = rd.load('claims', version='0.1.0'); print(len(c), 'GN-0533' in set(c['claim_id'])); "
            "main(['show', 'GN-0008', '--history']); main(['search', 'shot in 1937-38'])")
    env, elsewhere = _installed(wheel, tmp_path)
    for environment in (env, {**os.environ, "PYTHONPATH": str(wheel)}):
        result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=environment, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.startswith("641 True") and "0.1.0: first published" in result.stdout and "GN-0542" in result.stdout
