"""Where the package finds its files.

The shipped tables live inside the installed package (``_processed``, put
there by the wheel build) or, in a source checkout, in ``data/processed``.
The source texts are never part of the project: a setting points at them.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
RAW_DIR = REPO_DIR / "data" / "raw"
CHECKOUT_PROCESSED_DIR = REPO_DIR / "data" / "processed"
INSTALLED_PROCESSED_DIR = PACKAGE_DIR / "_processed"

SOURCES_ENV = "REPRESSION_DATA_SOURCES"


def processed_dir() -> Path:
    """The folder of built tables that ``load`` reads."""
    if INSTALLED_PROCESSED_DIR.is_dir():
        return INSTALLED_PROCESSED_DIR
    return CHECKOUT_PROCESSED_DIR


def sources_dir() -> Path | None:
    """The folder holding the source texts, or None when it is not set up.

    Returns None (rather than raising) so that evidence checks can skip and
    say why; the reason is given by :func:`sources_unavailable_reason`.
    """
    value = os.environ.get(SOURCES_ENV)
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_dir() else None


def sources_unavailable_reason() -> str:
    value = os.environ.get(SOURCES_ENV)
    if not value:
        return f"the source texts are not available: set {SOURCES_ENV} to the folder that holds them"
    return f"the source texts are not available: {SOURCES_ENV}={value!r} is not a folder"
