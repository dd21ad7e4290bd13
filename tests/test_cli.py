"""The repression-data command, as a user runs it."""

from __future__ import annotations

import subprocess
import sys

import repression_data as rd


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "repression_data.cli", *args], capture_output=True, text=True, env=env)


def test_list_shows_every_table_with_its_rows():
    result = run("list")
    assert result.returncode == 0
    for name in rd.tables():
        rows = len(rd.load(name))
        assert any(line.split() == [name, str(rows), "rows"] for line in result.stdout.splitlines()), result.stdout


def test_show_gives_quote_place_and_citation():
    claim = rd.load("claims").set_index("claim_id").loc["RM-0010"]
    result = run("show", "RM-0010")
    assert result.returncode == 0
    assert claim["quote"] in result.stdout
    assert "fn. 177" in result.stdout and "line 49" in result.stdout
    assert "Reiman, Michal (2016)" in result.stdout


def test_show_unknown_claim_fails_clearly():
    result = run("show", "RM-9999")
    assert result.returncode == 1 and "RM-9999" in result.stderr


def test_validate_passes_on_the_shipped_data_and_says_what_it_checked():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "matches a fresh build" in result.stdout
    assert ("evidence checked" in result.stdout) or ("evidence checks skipped" in result.stdout)


def test_validate_without_texts_says_why_it_skips(monkeypatch):
    import os

    env = {k: v for k, v in os.environ.items() if k != "REPRESSION_DATA_SOURCES"}
    result = run("validate", env=env)
    assert result.returncode == 0
    assert "evidence checks skipped" in result.stdout and "REPRESSION_DATA_SOURCES" in result.stdout


def test_build_into_a_folder(tmp_path):
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert (tmp_path / "out" / "manifest.json").is_file()
