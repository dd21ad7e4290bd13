"""The benchmark's synthetic claim sets are valid, and the build handles them."""

from __future__ import annotations

import sys

from repression_data.paths import REPO_DIR
from repression_data.pipeline.tables import build_tables

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
from synthetic import SOURCE, make_raw  # noqa: E402


def test_synthetic_claims_build_and_are_counted(tmp_path):
    raw = make_raw(tmp_path, 2_000)
    tables = build_tables(raw)
    assert (tables["claims"]["source_id"] == SOURCE).sum() == 2_000
    assert tables["claims"]["claim_id"].is_unique
