"""Commands write only where they may.

``build --out`` and ``release --out`` replace a whole folder. Before they do,
:func:`check_output_folder` makes sure that the folder is one the package
wrote itself (or is new, or empty), and that it is not the checkout, the raw
data, or a folder holding either of them. A folder the package wrote is
recognised by its own description: the manifest of a build lists every file
of the folder, the SHA256SUMS of a release lists every file of the bundle.
Anything else is foreign: the command refuses, names it, and deletes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from repression_data.errors import OutputError
from repression_data.formats import CODEBOOK, DATAPACKAGE, MANIFEST
from repression_data.paths import RAW_DIR, REPO_DIR

BUILD, RELEASE = "build", "release"


def _absolute(path: Path) -> Path:
    """The path made absolute, with every folder above it resolved but the last part kept as it is."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def own_files(folder: Path, kind: str) -> set[str] | None:
    """The names the package wrote into ``folder`` as a build or release, or None when it is not one."""
    description = folder / ("SHA256SUMS" if kind == RELEASE else MANIFEST)
    if not description.is_file():  # a named pipe in its place is never opened
        return None
    try:
        if kind == RELEASE:
            sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
            names = {line.split("  ", 1)[1] for line in sums.splitlines() if "  " in line}
            return names | {"SHA256SUMS"}
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("package") != "repression-data":
            return None
        names = {f["path"] for entry in manifest["tables"].values() for f in entry["files"].values()}
        database = manifest.get("database")
        if isinstance(database, dict) and "path" in database:
            names.add(database["path"])
        return names | {MANIFEST, DATAPACKAGE, CODEBOOK}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def check_output_folder(out: Path, kind: str, protected: dict[str, Path]) -> Path:
    """Raise OutputError unless ``out`` may be replaced by the output of ``kind``; return it made absolute.

    ``protected`` names the folders that must never be replaced, nor any
    folder holding them (the checkout, data/raw, the raw folder in use).
    """
    out = _absolute(out)
    for what, folder in protected.items():
        folder = folder.resolve()
        if out == folder or folder.is_relative_to(out):
            holds = "is" if out == folder else "holds"
            raise OutputError(f"refusing to write the {kind} into {out}: it {holds} {what} {folder}, which the {kind} would replace; "
                              "choose a new folder for --out. Nothing was changed.")
        if what.startswith("the raw data") and out.resolve().is_relative_to(folder):
            raise OutputError(f"refusing to write the {kind} into {out}: it is inside {what} {folder}, which holds only hand-edited files; "
                              "choose a folder outside it. Nothing was changed.")
    if out.is_symlink():
        raise OutputError(f"refusing to write the {kind} into {out}: it is a symbolic link; give the folder it points to, or a new folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"refusing to write the {kind} into {out}: it is a file, not a folder")
    if out.is_dir():
        entries = sorted(p.name for p in out.iterdir())
        if entries:
            ours = own_files(out, kind)
            if ours is None and kind == BUILD and (out / MANIFEST).is_file():
                raise OutputError(f"refusing to write the build into {out}: its {MANIFEST} is damaged, so the package cannot tell its own files "
                                  "from others; restore the folder (for the checkout: git checkout -- data/processed) or move it away. Nothing was changed.")
            ours = ours or set()
            foreign = [name for name in entries if name not in ours or not (out / name).is_file() or (out / name).is_symlink()]
            if foreign:
                shown = ", ".join(foreign[:10]) + (f" and {len(foreign) - 10} more" if len(foreign) > 10 else "")
                what = "a build of this package (its manifest.json lists every file)" if kind == BUILD else "a release bundle of this package (its SHA256SUMS lists every file)"
                raise OutputError(f"refusing to write the {kind} into {out}: it holds files this package did not write ({shown}); "
                                  f"--out must be a new or empty folder, or {what}. Nothing was changed.")
    return out


def protected_folders(raw_dir: Path | None = None) -> dict[str, Path]:
    """The folders no command may replace: the checkout, its data/raw, and the raw folder in use."""

    found = {}
    if (REPO_DIR / "pyproject.toml").is_file() or (REPO_DIR / ".git").exists():
        found["the checkout"] = REPO_DIR
    if RAW_DIR.is_dir():
        found["the raw data folder"] = RAW_DIR
    if raw_dir is not None:
        found["the raw data folder given by --raw"] = raw_dir
    return found
