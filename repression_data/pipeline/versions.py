"""Which installed versions differ from the pins of constraints.txt.

The figures never depend on the versions, but the bytes of the Parquet files
and of the charts do (the writer's version is recorded; matplotlib draws a
little differently from release to release), so `reproduce` says when its
output may differ from the shipped files.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

# The packages whose version changes the bytes of what reproduce writes.
BYTE_RELEVANT = ("pandas", "pyarrow", "numpy", "matplotlib", "openpyxl", "pillow", "fonttools")


def pins(constraints: Path) -> dict[str, str]:
    """{distribution name (normalised): pinned version} of a constraints file's 'name==version' lines."""
    found = {}
    for line in constraints.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def version_drift(constraints: Path, names=BYTE_RELEVANT) -> list[str]:
    """'pandas 2.2.0 installed, 3.1.1 pinned' for each listed package whose installed version
    differs from its pin; an empty list when all match (or there is no constraints file)."""
    if not constraints.is_file():
        return []
    pinned = pins(constraints)
    drift = []
    for name in names:
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key not in pinned:
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "none"
        if installed != pinned[key]:
            drift.append(f"{name} {installed} installed, {pinned[key]} pinned")
    return drift
