"""The git history of the id lists (data/published/*.csv) is read in every git checkout, also in a linked
worktree (`git worktree add`) or a submodule, where `.git` is a file, not a folder (checks/published.py; fault 17
of the mutation audit, /work/checkreports/audit). A tiny repository is made fresh in tmp_path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from repression_data.checks.published import check_nothing_vanished, listed_in_history

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FULL = "kind,id,file,status\nclaim,X-0001,claims/s.csv,live\nclaim,X-0002,claims/s.csv,live\n"
HIDDEN = "kind,id,file,status\nclaim,X-0001,claims/s.csv,live\n"  # X-0002 dropped from the list to hide its loss


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


def _repository(folder: Path) -> Path:
    lists = folder / "data" / "published"
    lists.mkdir(parents=True)
    _git(folder, "init", "-q")
    (lists / "0.1.0.csv").write_text(FULL, encoding="utf-8")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "release")
    return folder


def test_a_linked_worktree_whose_git_is_a_file_reads_the_history_and_finds_the_dropped_id(tmp_path):
    main = _repository(tmp_path / "main")
    linked = tmp_path / "linked"
    _git(main, "worktree", "add", "-q", "-b", "hide", str(linked))
    assert (linked / ".git").is_file()
    (linked / "data" / "published" / "0.1.0.csv").write_text(HIDDEN, encoding="utf-8")
    _git(linked, "commit", "-qam", "hide")
    history = listed_in_history(linked, [])
    assert history == {("claim", "X-0001"): "claims/s.csv", ("claim", "X-0002"): "claims/s.csv"}
    assert history == listed_in_history(main, [])  # the same ids as in the main checkout
    problems = check_nothing_vanished({("claim", "X-0001"): "claims/s.csv"}, pd.DataFrame({"kind": [], "id": []}),
                                      [("the git history", history)], linked / "data" / "raw", linked)
    assert len(problems) == 1 and "X-0002" in problems[0].message


def test_a_checkout_whose_git_file_points_to_a_separate_folder_reads_the_history(tmp_path):
    # `git init --separate-git-dir` leaves a `.git` file too (as a submodule does)
    folder = tmp_path / "checkout"
    (folder / "data" / "published").mkdir(parents=True)
    _git(folder, "init", "-q", "--separate-git-dir", str(tmp_path / "store.git"))
    assert (folder / ".git").is_file()
    (folder / "data" / "published" / "0.1.0.csv").write_text(FULL, encoding="utf-8")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "release")
    (folder / "data" / "published" / "0.1.0.csv").write_text(HIDDEN, encoding="utf-8")
    _git(folder, "commit", "-qam", "hide")
    assert ("claim", "X-0002") in listed_in_history(folder, [])
