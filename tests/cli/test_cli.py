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
    assert "Reiman, M. (2016)" in result.stdout


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


COMMANDS = ["build", "validate", "reproduce", "coverage", "release", "diff", "verify", "list", "show"]


def test_help_names_every_command_without_markup():
    result = run("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"\n  {command} " in result.stdout, command
    assert "``" not in result.stdout and "REPRESSION_DATA_SOURCES" in result.stdout


def test_every_command_has_a_description_and_an_example():
    for command in COMMANDS:
        result = run(command, "--help")
        assert result.returncode == 0, command
        description, example = result.stdout.split("Example:")
        assert len(description.split("\n\n")[1]) > 40, command  # a description, not only the usage line
        assert f"repression-data {command}" in example, command


def test_list_columns_are_aligned():
    lines = [line for line in run("list").stdout.splitlines() if line.endswith(" rows")]
    assert len(lines) == len(rd.tables())
    assert len({len(line) for line in lines}) == 1, "row counts end in one column"
    assert all(line[:2] == "  " and line[2] != " " for line in lines), "names start in one column"


def test_a_closed_pipe_ends_quietly():
    process = subprocess.Popen([sys.executable, "-m", "repression_data.cli", "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    error = process.stderr.read().decode()
    process.wait()
    assert "Traceback" not in error and "BrokenPipeError" not in error
    assert process.returncode == 141


def test_a_near_miss_claim_id_suggests_the_right_one():
    assert run("show", "rm-0010").returncode == 0  # ids match in any case
    for typed in ("RM-10", "rm10", "RM-00100"):
        result = run("show", typed)
        assert result.returncode == 1 and "RM-0010" in result.stderr and "did you mean" in result.stderr, (typed, result.stderr)


def test_a_wrong_sources_setting_is_an_error_naming_setting_and_folder(tmp_path):
    import os

    missing = tmp_path / "no-such-folder"
    for folder, words in ((missing, "is not a folder"), (tmp_path, "holds none of the source texts")):
        env = {**os.environ, "REPRESSION_DATA_SOURCES": str(folder)}
        for command in ("validate", "coverage"):
            result = subprocess.run([sys.executable, "-m", "repression_data.cli", command], capture_output=True, text=True, env=env)
            assert result.returncode == 2, (command, result.stdout, result.stderr)
            assert "REPRESSION_DATA_SOURCES" in result.stderr and str(folder) in result.stderr and words in result.stderr
            assert "sources.csv" not in result.stderr and "Traceback" not in result.stderr


def test_show_prints_every_figure_exactly():
    """A million and more is printed with its separators, never rounded by a float format (1.57526e+06)."""
    result = run("show", "GN-0515")
    assert result.returncode == 0 and "-> 1,575,259 persons" in result.stdout, result.stdout


def test_a_withdrawn_id_says_what_replaced_it():
    result = run("show", "GN-0533")
    assert result.returncode == 1 and "withdrawn" in result.stderr and "GN-0532" in result.stderr, result.stderr
