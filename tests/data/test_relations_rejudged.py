"""Relations re-judged against the texts after two independent checks (issue 20): like with like,
the right direction, a slip the data describe flagged as one, a revision shown as a revision."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import repression_data as rd

PROCESS_RESIDUE = re.compile(r"\bReview\b|TODO|previous row|next row|rel_|If the engineer|add only if|Reviewer judgement", re.I)


@pytest.fixture(scope="module")
def verdicts() -> pd.DataFrame:
    return rd.evaluate_relations().set_index("relation_id", drop=False)


def test_thirty_committees_in_three_months_are_not_the_thirty_five_of_postyshevs_tenure(verdicts):
    row = verdicts.loc["R-GN-268"]
    assert row["operation"] == "not_greater" and row["verdict"] == "consistent"
    assert pd.isna(row["slip_kind"]) or not row["slip_kind"]


def test_an_overwhelming_majority_of_white_guards_and_kulaks_fails_against_document_58(verdicts):
    row = verdicts.loc["R-GN-230"]
    assert row["claim_ids"].split(";")[:2] == ["GN-0188", "GN-0183"] or {"GN-0188", "GN-0183"} <= set(re.split(r"[;,+ ]+", row["claim_ids"]))
    assert row["verdict"] in ("inconsistent", "contradiction") and row["slip_kind"] == "author_arithmetic"


def test_the_officials_checked_lie_within_their_stratum_not_above_it(verdicts):
    row = verdicts.loc["R-GN-272"]
    assert row["operation"] == "within_bounds" and row["verdict"] == "consistent"


def test_reimans_limit_stated_as_executions_is_a_flagged_slip(verdicts):
    row = verdicts.loc["R-RM-900"]
    assert row["verdict"] in ("inconsistent", "contradiction") and row["slip_kind"] == "author_arithmetic"
    slips = verdicts[verdicts["verdict"].isin(["inconsistent", "contradiction"])]
    assert "R-RM-900" in set(slips["relation_id"])


def test_one_remark_in_two_wordings_and_a_stated_revision_are_explained_not_slips(verdicts):
    for rid in ("R-RM-007", "R-RM-035"):
        row = verdicts.loc[rid]
        assert row["slip_kind"] == "discrepancy_explained" and row["explanation"], rid
    assert "Chozjain, p. 320" in verdicts.loc["R-RM-007", "explanation"]


def test_a_relation_agrees_with_the_quantitys_class(verdicts):
    # RM-0054 counts excluded members (another scope in quantities): Reiman's conflation, not two producers
    assert verdicts.loc["R-RM-038", "slip_kind"] == "author_arithmetic"
    # half a million over 1937-1939 must hold the 1.3 million of 1939 (a wider scope, not the same figure)
    row = verdicts.loc["R-HR-012"]
    assert row["operation"] == "part_of" and row["verdict"] in ("inconsistent", "contradiction")


def test_a_general_remark_duplicating_r_rm_026_is_withdrawn():
    withdrawn = rd.load("withdrawn").set_index("id")
    assert "R-RM-028" in withdrawn.index and "R-RM-026" in withdrawn.at["R-RM-028", "reason"]
    assert "R-RM-028" not in set(rd.load("relations")["relation_id"])


def test_an_earlier_running_count_is_no_revision_of_the_later():
    restatements = rd.load("restatements")
    assert not ((restatements["claim_id"] == "GN-0250") & (restatements["restates"] == "GN-0266")).any()


def test_no_relation_ships_process_residue():
    relations = rd.load("relations")
    found = [(r["relation_id"], col) for _, r in relations.iterrows() for col in ("note", "word_reading", "description", "explanation", "unlinked_reason")
             if col in relations.columns and isinstance(r[col], str) and PROCESS_RESIDUE.search(r[col])]
    assert not found, found
    assert not relations.loc[relations["relation_id"] == "R-GN-261", "note"].str.contains("restates GN-0219").any()
