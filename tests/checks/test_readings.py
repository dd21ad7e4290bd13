"""How each value was read: reading_basis, its evidence, and the candidates of undecided prints."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import repression_data as rd
from repression_data.checks.readings import reads_as_printed
from repression_data.engine.relations import evaluate
from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables

GN = "claims/getty-naumov-1999.csv"


def test_every_claim_says_how_it_was_read():
    claims = rd.load("claims")
    assert set(claims["reading_basis"]) <= {"as_printed", "confirmed", "ocr_habit", "undecided"}
    read = claims[claims["reading_basis"] != "as_printed"]
    assert read["reading_note"].notna().all()
    assert read.loc[read["reading_basis"] != "undecided", "reading_evidence"].notna().all()


def test_every_print_that_does_not_read_as_its_value_is_not_called_as_printed():
    claims = rd.load("claims")
    for claim in claims.itertuples(index=False):
        if claim.qualifier == "no_figure":
            continue
        if not reads_as_printed(claim.value_printed, claim.value, claim.value_low, claim.value_high, claim.quote):
            assert claim.reading_basis != "as_printed", claim.claim_id


@pytest.mark.parametrize("claim_id", ["GN-0190", "GN-0434", "GN-0460", "GN-0502"])
def test_the_issues_examples_are_undecided(claim_id):
    claim = rd.load("claims").set_index("claim_id").loc[claim_id]
    assert claim["reading_basis"] == "undecided"


def test_an_undecided_print_has_no_value_and_bounds_holding_every_candidate():
    claims = rd.load("claims").set_index("claim_id")
    readings = rd.load("readings")
    undecided = claims[claims["reading_basis"] == "undecided"]
    assert len(undecided) >= 4
    for claim_id, claim in undecided.iterrows():
        assert pd.isna(claim["value"]), claim_id
        candidates = readings.loc[readings["claim_id"] == claim_id, "value"]
        assert len(candidates) >= 2, claim_id
        assert claim["value_low"] == candidates.min() and claim["value_high"] == candidates.max(), claim_id
    assert set(readings["claim_id"]) == set(undecided.index)


def test_confirmed_readings_are_confirmed_by_a_strong_relation_that_holds():
    claims = rd.load("claims")
    results = rd.evaluate_relations().set_index("relation_id")
    confirmed = claims[claims["reading_basis"] == "confirmed"]
    assert len(confirmed) >= 10
    for claim in confirmed.itertuples(index=False):
        relations = re.findall(r"R-[A-Z]{2,4}-\d{3,}", claim.reading_evidence)
        if not relations:
            continue  # confirmed by another claim that prints the same figure
        assert any(results.at[r, "check_class"] != "weak" and results.at[r, "verdict"] == "consistent" for r in relations), claim.claim_id


def test_an_ocr_habit_names_two_other_places():
    claims = rd.load("claims")
    for claim in claims[claims["reading_basis"] == "ocr_habit"].itertuples(index=False):
        places = set(re.findall(r"\b[A-Z]{2,4}-\d{4,}\b", claim.reading_evidence)) - {claim.claim_id}
        places |= set(re.findall(r"\blines? \d+", claim.reading_evidence))
        assert len(places) >= 2, claim.claim_id


def test_a_value_given_to_an_undecided_print_is_rejected(raw_copy):
    raw_copy.edit(GN, "GN-0434", "value", "203309")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "value" and "GN-0434" in p.record and "undecided" in p.message for p in info.value.problems)


def test_a_candidate_outside_the_bounds_is_rejected(raw_copy):
    raw_copy.edit(GN, "GN-0434", "value_high", "205309")  # 205,509 is a candidate
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "value_low" and "205,509" in p.message for p in info.value.problems)


def test_a_garbled_print_called_as_printed_is_rejected(raw_copy):
    raw_copy.edit(GN, "GN-0128", "reading_basis", "as_printed")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "reading_basis" and "GN-0128" in p.record for p in info.value.problems)


def test_an_ocr_habit_with_one_place_is_rejected(raw_copy):
    raw_copy.edit(GN, "GN-0128", "reading_evidence", "'z' for 2, as in line 4221")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "reading_evidence" and "GN-0128" in p.record for p in info.value.problems)


def test_a_confirmation_by_a_relation_that_does_not_use_the_claim_is_rejected(raw_copy):
    raw_copy.edit(GN, "GN-0066", "reading_evidence", "R-GN-001")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "reading_evidence" and "R-GN-001" in p.message for p in info.value.problems)


def test_relations_try_every_candidate_reading():
    results = rd.evaluate_relations().set_index("relation_id")
    readings = rd.load("readings")
    row = results.loc["R-GN-100"]  # 'fewer than half' with GN-0434 undecided
    for value in readings.loc[readings["claim_id"] == "GN-0434", "value"]:
        assert f"GN-0434={value:,.0f}" in row["readings"]
    # A stated result that only some candidates satisfy is 'consistent for some readings'.
    claims = rd.load("claims")
    relations = rd.load("relations")
    relation = relations[relations["relation_id"] == "R-GN-100"].copy()
    claims.loc[claims["claim_id"] == "GN-0435", "value"] = 410_002  # half is 205,001: 203,x09 under, 205,x09 over
    out = evaluate(relation, claims, readings).iloc[0]
    assert out["verdict"] == "consistent_for_some_readings"
    assert math.isnan(out["computed_value"])
