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
# Earlier releases as published (pipeline/history.py keeps them): data/history, in the wheel _history.
CHECKOUT_HISTORY_DIR = REPO_DIR / "data" / "history"
INSTALLED_HISTORY_DIR = PACKAGE_DIR / "_history"
RELEASES_FILE = "releases.csv"

SOURCES_ENV = "REPRESSION_DATA_SOURCES"


def processed_dir() -> Path:
    """The folder of built tables that ``load`` reads."""
    if INSTALLED_PROCESSED_DIR.is_dir():
        return INSTALLED_PROCESSED_DIR
    return CHECKOUT_PROCESSED_DIR


class SourcesSettingError(Exception):
    """REPRESSION_DATA_SOURCES is set, but not to a folder holding the texts."""


class NoCheckoutError(Exception):
    """A command needs the raw data of a checkout of the repository, and there is none."""


def find_checkout(start: Path | None = None) -> Path | None:
    """The checkout of the repository that holds ``start`` (default: the current folder),
    recognised by its data/raw/sources.csv; else the checkout this package was imported
    from (an editable install); else None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "raw" / "sources.csv").is_file():
            return folder
    if (RAW_DIR / "sources.csv").is_file():
        return REPO_DIR
    return None


def sources_dir() -> Path | None:
    """The folder holding the source texts, or None when the setting is not made.

    Returns None when REPRESSION_DATA_SOURCES is unset, so that evidence checks
    can skip and say why (:func:`sources_unavailable_reason`). Raises
    SourcesSettingError, naming the setting and the folder, when it is set to
    something that is not a folder.
    """
    value = os.environ.get(SOURCES_ENV)
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_dir():
        raise SourcesSettingError(f"{SOURCES_ENV}={value!r}, but {path} is not a folder: set it to the folder that holds the "
                                  f"source texts, or unset it to skip the evidence checks")
    return path


def check_sources_folder(folder: Path, text_files) -> None:
    """Raise SourcesSettingError if ``folder`` holds none of the texts named in ``text_files``."""
    names = sorted(text_files)
    if names and not any((folder / name).is_file() for name in names):
        raise SourcesSettingError(f"{SOURCES_ENV}={str(folder)!r}: that folder holds none of the source texts "
                                  f"({', '.join(names[:3])}{', ...' if len(names) > 3 else ''}); point it at the folder that holds them")


def sources_unavailable_reason() -> str:
    value = os.environ.get(SOURCES_ENV)
    if not value:
        return f"the source texts are not available: set {SOURCES_ENV} to the folder that holds them"
    return f"the source texts are not available: {SOURCES_ENV}={value!r} is not a folder"
