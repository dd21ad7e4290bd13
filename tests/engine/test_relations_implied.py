"""Relations stated through a figure the text implies (issue 14, item 4): each verdict follows from the data."""

from __future__ import annotations

import pandas as pd
import pytest

import repression_data as rd
from repression_data.engine.operations import compute_derived
from repression_data.engine.relations import evaluate
from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables


def _one(relation_id: str, claims: pd.DataFrame) -> pd.Series:
    relations = rd.load("relations")
    row = relations[relations["relation_id"] == relation_id]
    assert len(row) == 1, relation_id
    return evaluate(row, claims).iloc[0]


def _set(claims: pd.DataFrame, claim_id: str, value: float) -> pd.DataFrame:
    claims = claims.copy()
    claims.loc[claims["claim_id"] == claim_id, "value"] = value
    return claims


def test_derived_formulas():
    assert compute_derived("whole_from_percent", [177000, 9.1]) == pytest.approx(1945054.9, rel=1e-6)
    assert compute_derived("percent_of_implied_whole", [15218, 177000, 9.1]) == pytest.approx(0.7824, rel=1e-3)
    assert compute_derived("percent_decline", [770000, 841530]) == pytest.approx(8.5, abs=0.01)
    assert compute_derived("part_of_percent", [1000, 100000, 4]) == 1000  # the part, checked against B * C / 100
    assert compute_derived("rest_percent_between", [647000, 1566185, 53, 59]) == pytest.approx(58.69, abs=0.01)


def test_a_little_less_than_one_percent_of_the_implied_membership():
    """15,218 arrests against the membership that '177,000 = 9.1 percent' implies: 0.78 percent."""
    claims = rd.load("claims")
    assert _one("R-GN-180", claims)["verdict"] == "consistent"
    assert _one("R-GN-180", _set(claims, "GN-0128", 25218))["verdict"] == "inconsistent"  # 1.3 percent


def test_the_rest_of_the_court_cases_lies_between_the_yearly_shares():
    claims = rd.load("claims")
    judged = _one("R-GN-191", claims)
    assert judged["verdict"] == "consistent" and judged["check_class"] == "weak"
    assert "between the shares" in judged["tolerance_basis"]
    assert _one("R-GN-191", _set(claims, "GN-0527", 900000))["verdict"] == "inconsistent"  # rest 42.5 percent


def test_part_of_a_percent_of_a_range():
    """About 1,000 executed within 4 percent of 100,000-180,000 convicted (at most 8,100 with the rounding)."""
    claims = rd.load("claims")
    assert _one("R-GN-192", claims)["verdict"] == "consistent"
    assert _one("R-GN-192", _set(claims, "GN-0037", 9000))["verdict"] == "inconsistent"


def test_part_of_a_fraction_of_a_range():
    """More than 40,000 freed within four-fifths of 100,000-180,000 convicted."""
    claims = rd.load("claims")
    assert _one("R-GN-196", claims)["verdict"] == "consistent"
    assert _one("R-GN-196", _set(claims, "GN-0042", 170000))["verdict"] == "inconsistent"


def test_a_result_the_text_implies_but_does_not_print_is_not_computable_with_the_value_in_the_reason():
    claims = rd.load("claims")
    judged = _one("R-RM-024", claims)
    assert judged["verdict"] == "not_computable" and pd.isna(judged["computed_value"])
    assert "733" in judged["reason"]  # 931 names, 198 to death, the rest
    assert "111" in _one("R-RM-025", claims)["reason"]
    assert "RM-0058" in judged["claim_ids"] and "?" not in judged["claim_ids"]


@pytest.mark.parametrize("relation_id", ["R-GN-182", "R-GN-183", "R-GN-185", "R-GN-186", "R-GN-188", "R-RM-021", "R-RM-022"])
def test_relations_whose_figure_is_not_printed_are_recorded_as_not_computable(relation_id):
    judged = _one(relation_id, rd.load("claims"))
    assert judged["verdict"] == "not_computable" and judged["reason"]


def test_malenkov_figures_against_table_4():
    claims = rd.load("claims")
    assert _one("R-GN-178", claims)["verdict"] == "consistent"  # 3.5% and about 3.5 percent
    assert _one("R-GN-177", claims)["verdict"] == "consistent"  # 3,605 rounds to "some 3,500" at its step of 500
    assert _one("R-GN-177", _set(claims, "GN-0290", 3800))["verdict"] == "inconsistent"
    assert _one("R-GN-177", _set(claims, "GN-0290", 3520))["verdict"] == "consistent"


def test_bound_checks_state_no_result_and_take_single_claims(raw_copy):
    raw_copy.edit("relations.csv", "R-GN-191", "result", "GN-0527", id_column="relation_id")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert "R-GN-191" in str(info.value.render()) and "states no result" in info.value.render()
    raw_copy.edit("relations.csv", "R-GN-191", "result", "", id_column="relation_id")
    raw_copy.edit("relations.csv", "R-GN-191", "operands", "GN-0527;GN-0524;GN-0525+GN-0526;GN-0526", id_column="relation_id")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert "single claims" in info.value.render()


def test_a_percent_lower_restated_as_a_percent_higher():
    """'8.5 percent lower than the real number' makes the real 9.3 percent higher, not 8.5 (R-RM-007, issue 20)."""
    assert compute_derived("percent_lower_as_higher", [8.5]) == pytest.approx(9.2896, abs=1e-3)
    judged = _one("R-RM-007", rd.load("claims"))
    # still shown as a contradiction, explained: one remark of Khlevniuk's (Chozjain, p. 320) in two loose wordings
    assert judged["verdict"] == "contradiction" and judged["slip_kind"] == "discrepancy_explained"
    assert _one("R-RM-007", _set(rd.load("claims"), "RM-0034", 9.3))["verdict"] == "consistent"


def test_up_to_3_years_divided_is_read_as_the_term_itself():
    """R-GN-007: 'up to 3 years' commuted to 1 year and 'the remaining 2 years': the term divided is 3 (bound_as_value),
    so a remainder of 1 would fail; read as [0, 3], any remainder from -1 to 2 would fit."""
    claims = rd.load("claims")
    judged = _one("R-GN-007", claims)
    assert judged["verdict"] == "consistent" and judged["computed_value"] == 2 and judged["computed_low"] == 2
    assert "read as the figure itself" in judged["tolerance_basis"]
    assert _one("R-GN-007", _set(claims, "GN-0053", 1))["verdict"] == "inconsistent"
    relations = rd.load("relations")
    loose = relations[relations["relation_id"] == "R-GN-007"].assign(bound_as_value=None)
    assert evaluate(loose, _set(claims, "GN-0053", 1)).iloc[0]["verdict"] == "consistent"  # what the bound alone allows
