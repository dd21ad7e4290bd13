"""Quantities: the same thing counted by several texts, side by side."""

from __future__ import annotations

import pandas as pd
import pytest

import repression_data as rd
from repression_data.build import build_tables
from repression_data.errors import RawDataError
from repression_data.quantities import agreement


def claims_frame(rows):
    base = {"value_low": float("nan"), "value_high": float("nan"), "attributed_to": None, "source_id": "a", "value_printed": "1"}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_agreement_classes():
    none = claims_frame([])
    assert agreement(claims_frame([{"value": 5.0, "qualifier": "exact", "source_id": "a"}, {"value": 5.0, "qualifier": "exact", "source_id": "b"}]), none) == "identical"
    assert agreement(claims_frame([{"value": 193000.0, "qualifier": "approx", "value_printed": "193,000"}, {"value": 193083.0, "qualifier": "exact", "value_printed": "193,083"}]), none) == "within rounding"
    assert agreement(claims_frame([{"value": 936000.0, "qualifier": "more_than"}, {"value": 936750.0, "qualifier": "exact", "value_printed": "936,750"}]), none) == "ranges overlap"
    assert agreement(claims_frame([{"value": 357000.0, "qualifier": "exact", "value_printed": "357,000"}, {"value": 328000.0, "qualifier": "approx", "value_printed": "328,000"}]), none) == "conflict"
    one = claims_frame([{"value": 1.0, "qualifier": "exact"}])
    assert agreement(one, one) == "different scope"


def test_at_least_fifteen_quantities_gather_two_or_more_texts_or_producers():
    q = rd.load("quantities")
    assert len(q[(q["n_texts"] >= 2) | (q["n_producers"] >= 2)]) >= 15


def test_the_1937_38_executions_quantity_holds_every_figure_and_says_where_scopes_differ():
    side = rd.compare("executions-ussr-1937-38")
    claims = rd.load("claims")
    executions = claims[(claims["measure"] == "executions") & (claims["category"] == "all_persons") & (claims["region"] == "USSR")
                        & (claims["period_start"] == "1937-01-01") & (claims["period_end"] == "1938-12-31")]
    assert set(executions["claim_id"]) <= set(side.loc[side["scope"] == "same", "claim_id"])
    different = side[side["scope"] == "different_scope"]
    assert (different["measure"] == "death_sentences").any() and different["scope_reason"].notna().all()
    assert set(side["measure"]) >= {"executions", "death_sentences"}
    assert rd.load("quantities").set_index("quantity_id").at["executions-ussr-1937-38", "agreement"] == "conflict"


def test_each_claim_has_at_most_one_quantity_and_it_is_consistent_with_compare():
    claims = rd.load("claims")
    for quantity_id, group in claims.dropna(subset=["quantity_id"]).groupby("quantity_id"):
        side = rd.compare(quantity_id)
        assert set(group["claim_id"]) == set(side.loc[side["scope"] == "same", "claim_id"])


def test_compare_rejects_an_unknown_quantity_with_the_list():
    with pytest.raises(KeyError) as info:
        rd.compare("executions")
    assert "executions-ussr-1937-38" in str(info.value)


def test_changing_a_figure_changes_the_agreement(raw_copy):
    header, rows = raw_copy.rows("claims/getty-naumov-1999.csv")
    for row in rows:
        if row["line"] == "22157" and row["value_printed"] == "936,000":
            row["value"] = "940000"  # 'more than 940,000' cannot include 936,750
            row["reading_note"] = "changed for the test (a clean print differs from its value only with a note)"
    raw_copy.write_rows("claims/getty-naumov-1999.csv", header, rows)
    quantities = build_tables(raw_copy.raw)["quantities"].set_index("quantity_id")
    assert quantities.at["arrests-ussr-1937", "agreement"] == "conflict"


def test_a_member_naming_a_missing_claim_is_rejected(raw_copy):
    header, rows = raw_copy.rows("quantity_members.csv")
    rows[0]["claim_id"] = "GN-9999"
    raw_copy.write_rows("quantity_members.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "claim_id" and "GN-9999" in p.message and "quantity_members" in p.file for p in info.value.problems)
