"""The README's examples run as written: every Python block, and every
`repression-data` command of its shell blocks, in a scratch copy of the checkout."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repression_data.paths import REPO_DIR

README = (REPO_DIR / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", README, re.S)
# Shell lines that install or clone rather than use the package: shown, not run here.
NOT_RUN = ("pip install", "git clone", "make ")


def _commands() -> list[str]:
    lines = []
    for language, body in BLOCKS:
        if language != "sh":
            continue
        for line in body.splitlines():
            line = line.split("  #")[0].split(" # ")[0].strip()
            if line.startswith(("repression-data", "sqlite3 ")):
                lines.append(line)
            else:
                assert not line or line.startswith(NOT_RUN), f"README shell line neither run nor an install step: {line!r}"
    return lines


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A scratch clone: what the commands need, so that they write nothing into the real one."""
    root = tmp_path_factory.mktemp("clone")
    for name in ("data/raw", "data/processed", "docs", "analysis", "repression_data"):
        shutil.copytree(REPO_DIR / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("constraints.txt", "CITATION.cff", "CHANGELOG.md", "LICENSE", "LICENSE-DATA"):
        shutil.copyfile(REPO_DIR / name, root / name)
    return root


def test_the_readme_has_examples():
    assert sum(1 for language, _ in BLOCKS if language == "python") >= 2
    assert {c.split()[1] for c in _commands() if c.startswith("repression-data")} >= {"list", "show", "build", "validate", "verify", "reproduce", "coverage"}


@pytest.mark.parametrize("index", [i for i, (language, _) in enumerate(BLOCKS) if language == "python"])
def test_python_example_runs(index):
    result = subprocess.run([sys.executable, "-c", BLOCKS[index][1]], capture_output=True, text=True, cwd=REPO_DIR)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", _commands())
def test_shell_example_runs(command, checkout):
    if "coverage" in command and not os.environ.get("REPRESSION_DATA_SOURCES"):
        pytest.skip("coverage needs REPRESSION_DATA_SOURCES")
    argv = shlex.split(command)
    if ">" in argv:  # a redirection into a file: run the command, keep its output here
        argv = argv[: argv.index(">")]
    if argv[0] == "sqlite3":  # the SQLite example, run with Python's sqlite3 against the checkout's database
        import sqlite3

        with sqlite3.connect(f"file:{checkout / argv[1]}?mode=ro", uri=True) as connection:
            assert connection.execute(argv[2]).fetchall()
        return
    if argv[1] == "serve":
        pytest.skip("a server runs until stopped: tests/serve/test_serve.py and tests/serve/test_live_site.py start and query it")
    env = dict(os.environ)
    if env.get("REPRESSION_DATA_SOURCES"):  # the commands run from another folder: a relative setting would point elsewhere
        env["REPRESSION_DATA_SOURCES"] = os.path.abspath(env["REPRESSION_DATA_SOURCES"])
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", *argv[1:]], capture_output=True, text=True, cwd=checkout / "data", env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    if argv[1] == "build":
        assert (checkout / "data" / "processed" / "manifest.json").is_file()
