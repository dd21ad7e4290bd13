"""Earlier releases as they were published, kept in data/history (shipped in the wheel as ``_history``).

Each release's tables are copied once from the repository's history: the Parquet files and the
manifest that the release's commit held in data/processed (``git show COMMIT:data/processed/...``),
byte for byte, into ``data/history/VERSION/``. ``data/history/releases.csv`` names each release's
commit (version, commit, date); ``rd.load(name, version=...)`` reads a release from there, checked
against that release's own manifest.

When a version is released, add it (from the checkout, after its commit is made):

    python -m repression_data.pipeline.history 0.3.0 <commit>

which copies the release's files and adds its row to releases.csv. A version already kept is never
overwritten (a published release does not change).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from repression_data.paths import CHECKOUT_HISTORY_DIR as HISTORY_DIR
from repression_data.paths import REPO_DIR, RELEASES_FILE


def git_show(checkout: Path, commit: str, path: str) -> bytes:
    """The bytes of ``path`` at ``commit``; RuntimeError naming both when git has no such file."""
    result = subprocess.run(["git", "-C", str(checkout), "show", f"{commit}:{path}"], capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"git has no {path} at {commit}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def add_release(version: str, commit: str, checkout: Path = REPO_DIR) -> Path:
    """Copy the release ``version`` (its data/processed at ``commit``) into data/history/VERSION; return that folder.

    Refuses (FileExistsError) a version already kept, and (ValueError) a commit whose manifest names another version.
    """
    folder = checkout / "data" / "history"
    target = folder / version
    if target.exists():
        raise FileExistsError(f"{target} exists: release {version} is kept already, and a published release does not change")
    manifest_bytes = git_show(checkout, commit, "data/processed/manifest.json")
    manifest = json.loads(manifest_bytes)
    if manifest.get("version") not in (None, version):
        raise ValueError(f"the manifest at {commit} is of version {manifest.get('version')}, not {version}")
    files = {"manifest.json": manifest_bytes}
    for entry in manifest["tables"].values():
        path = entry["files"]["parquet"]["path"]
        files[path] = git_show(checkout, commit, f"data/processed/{path}")
    target.mkdir(parents=True)
    for name, data in sorted(files.items()):
        (target / name).write_bytes(data)
    date = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%cs", commit], capture_output=True, text=True).stdout.strip()
    releases = folder / RELEASES_FILE
    rows = list(csv.DictReader(releases.open(encoding="utf-8"))) if releases.exists() else []
    rows.append({"version": version, "commit": commit, "date": date})
    with releases.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["version", "commit", "date"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(f"usage: python -m repression_data.pipeline.history VERSION COMMIT  (into {HISTORY_DIR})", file=sys.stderr)
        sys.exit(2)
    print(f"kept {add_release(sys.argv[1], sys.argv[2])}")
