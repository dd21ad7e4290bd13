"""The fingerprints read a column at a time (``bindings_of``) are those made one id at a time (``bindings_of_by_row``,
the per-row ``fingerprint`` of ``fields_of``): on the fresh build, on the tables read back, and on odd values (issue 24)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import repression_data as rd
from repression_data.checks.bindings import bindings_of, bindings_of_by_row


def test_the_fresh_build_and_the_shipped_tables(shipped_build):
    assert bindings_of(shipped_build) == bindings_of_by_row(shipped_build)
    loaded = {name: rd.load(name) for name in rd.tables()}
    assert bindings_of(loaded) == bindings_of_by_row(loaded) == bindings_of(shipped_build)


def _odd(claims: pd.DataFrame) -> pd.DataFrame:
    odd = claims.head(6).copy()
    odd["page"] = pd.array([None, 5, None, 7, 1, None], dtype="Int64")
    odd["value"] = [np.nan, 1.0, 2.5, 1e20, float("inf"), 0.1 + 0.2]
    odd["value_low"] = [None, None, 3.0, -0.0, 7.25, None]
    odd["period_start"] = pd.to_datetime(["1937-01-01", None, "1900-12-31", "2000-02-29", None, "1938-06-30"])
    odd["locator"] = ["", "Table 5", None, "ü \x1f x", "1", "fn. 3"]
    odd["producer_id"] = [None, "NKVD", np.nan, "", "x", None]
    return odd


def test_odd_values(shipped_build):
    odd = {"claims": _odd(shipped_build["claims"]), "relations": shipped_build["relations"].head(5)}
    assert bindings_of(odd) == bindings_of_by_row(odd)
    as_objects = {"claims": odd["claims"].astype(object), "relations": odd["relations"].astype(object)}
    assert bindings_of(as_objects) == bindings_of_by_row(as_objects)
    no_reading = {"claims": odd["claims"].drop(columns=["region", "producer_id", "period_end"])}
    assert bindings_of(no_reading) == bindings_of_by_row(no_reading)


def test_a_changed_field_changes_the_fingerprint(shipped_build):
    claims = shipped_build["claims"].head(3).copy()
    before = bindings_of({"claims": claims})
    claims.loc[claims.index[1], "period_end"] = pd.Timestamp("1950-01-01")
    after = bindings_of({"claims": claims})
    key = ("claim", claims["claim_id"].iloc[1])
    assert after[key][0] == before[key][0] and after[key][1] != before[key][1]
