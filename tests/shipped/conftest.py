"""Shared fixture of the loader's tests: a copy of data/processed that the loader reads instead of the checkout's."""

from __future__ import annotations

import shutil

import pytest

from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.shipped import loader


@pytest.fixture
def processed_copy(tmp_path, monkeypatch):
    """tmp_path/processed: a copy of data/processed, which ``rd.load`` and ``verify_all`` read (``data_root``)."""
    folder = tmp_path / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, folder)
    monkeypatch.setattr(loader, "data_root", lambda: folder)
    return folder
