"""Producers: who first made each figure, one id for one real producer, and
bad producer data refused with file, record and field."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from repression_data.checks.validate import producer_roots
from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables

NKVD_1953_FILE = re.compile(r"9401,\s*op\.\s*1,\s*d\.\s*4157")


@pytest.fixture(scope="module")
def tables(shipped_build) -> dict[str, pd.DataFrame]:
    return {name: frame.copy(deep=True) for name, frame in shipped_build.items()}


def _problems(raw_copy) -> list[str]:
    with pytest.raises(RawDataError) as caught:
        build_tables(raw_copy.raw)
    return [str(p) for p in caught.value.problems]


def test_every_attribution_has_a_producer(tables):
    claims = tables["claims"]
    credited = claims[claims["attributed_to"].notna()]
    assert credited["producer_id"].notna().all(), credited.loc[credited["producer_id"].isna(), "claim_id"].tolist()


def test_one_id_for_every_claim_crediting_the_1953_report(tables):
    """GARF f. 9401, op. 1, d. 4157 is one producer, however the text words it;
    the handwritten note on it is a producer of its own that derives from it."""
    claims = tables["claims"]
    credits_file = claims["attributed_to"].fillna("").str.contains(NKVD_1953_FILE)
    note = claims["attributed_to"].fillna("").str.contains("handwritten note")
    ids = set(claims.loc[credits_file & ~note, "producer_id"])
    assert ids == {"nkvd-1953-report"}
    assert credits_file[~note].sum() > 1  # the wordings differ; the id does not
    assert claims.loc[credits_file & ~note, "attributed_to"].nunique() > 1
    note_ids = set(claims.loc[note, "producer_id"])
    assert note_ids == {"nkvd-1953-report-handwritten-note"}
    producers = tables["producers"].set_index("producer_id")
    assert producers.at["nkvd-1953-report-handwritten-note", "derived_from"] == "nkvd-1953-report"
    assert producers.at["getty-rittersporn-zemskov-1993", "derived_from"] == "nkvd-1953-report"


def test_figures_drawn_from_tables_name_the_tables_producer(tables):
    """Table 3 and the prose that reads it credit Malenkov's memo of February 1937
    (Chapter 5, fn. 3 gives it the same file as Table 3); the prose that reads
    Table 5 credits the 1953 report."""
    claims = tables["claims"]
    table3 = claims[claims["locator"] == "Table 3"]
    assert len(table3) and set(table3["producer_id"]) == {"malenkov-memo-1937-02"}
    memo = claims[claims["attributed_to"].fillna("").str.contains("internal memo, February 1937")]
    assert set(memo["producer_id"]) == {"malenkov-memo-1937-02"}
    table5 = claims[claims["locator"] == "Table 5"]
    assert len(table5) and set(table5["producer_id"]) == {"nkvd-1953-report"}
    prose = claims[claims["attributed_to"].fillna("").str.startswith("Table 5 (")]
    assert len(prose) and set(prose["producer_id"]) == {"nkvd-1953-report"}


def test_a_null_producer_only_where_the_text_credits_no_one(tables):
    claims = tables["claims"]
    own = claims[claims["producer_id"].isna()]
    assert own["attributed_to"].isna().all()


def test_roots_follow_derived_from(tables):
    roots = producer_roots(tables["producers"])
    assert roots["getty-rittersporn-zemskov-1993"] == "nkvd-1953-report"
    assert roots["nkvd-1953-report-handwritten-note"] == "nkvd-1953-report"
    assert roots["kgb-press-release-1990"] == "kgb-press-release-1990"


def test_kinds_are_a_shipped_vocabulary(tables):
    assert set(tables["producers"]["kind"]) <= set(tables["producer_kinds"]["term"])
    assert {"archival_statistical_report", "historians_estimate", "popular_estimate", "commission"} <= set(tables["producer_kinds"]["term"])


def test_unknown_producer_id_in_a_claim_is_refused(raw_copy):
    raw_copy.edit("claims/reiman-2016.csv", "RM-0010", "producer_id", "chaustov-samuelsen")
    problems = _problems(raw_copy)
    assert any("reiman-2016.csv" in p and "RM-0010" in p and "producer_id" in p and "chaustov-samuelsen" in p for p in problems), problems


def test_unknown_kind_is_refused(raw_copy):
    raw_copy.edit("producers.csv", "conquest", "kind", "guess", id_column="producer_id")
    problems = _problems(raw_copy)
    assert any("producers.csv" in p and "conquest" in p and "kind" in p and "guess" in p for p in problems), problems


def test_unknown_derived_from_is_refused(raw_copy):
    raw_copy.edit("producers.csv", "conquest", "derived_from", "nobody", id_column="producer_id")
    problems = _problems(raw_copy)
    assert any("producers.csv" in p and "conquest" in p and "derived_from" in p and "nobody" in p for p in problems), problems


def test_a_cycle_in_derived_from_is_refused(raw_copy):
    raw_copy.edit("producers.csv", "nkvd-1953-report", "derived_from", "getty-rittersporn-zemskov-1993", id_column="producer_id")
    problems = _problems(raw_copy)
    assert any("producers.csv" in p and "nkvd-1953-report" in p and "derived_from" in p and "cycle" in p for p in problems), problems


def test_a_producer_deriving_from_itself_is_refused(raw_copy):
    raw_copy.edit("producers.csv", "conquest", "derived_from", "conquest", id_column="producer_id")
    problems = _problems(raw_copy)
    assert any("conquest" in p and "cycle" in p for p in problems), problems


def test_a_duplicate_producer_id_is_refused(raw_copy):
    raw_copy.edit("producers.csv", "volkogonov", "producer_id", "conquest", id_column="producer_id")
    problems = _problems(raw_copy)
    assert any("producers.csv" in p and "producer_id" in p and "conquest" in p for p in problems), problems


def test_a_table_row_and_the_document_it_prints_are_one_producer(tables):
    """Table 1's Ukraine and Ivanovo rows cite the files of Documents 52 and 53
    and print their figures: one producer each, not two."""
    claims = tables["claims"].set_index("claim_id")
    assert claims.at["GN-0148", "producer_id"] == claims.at["GN-0132", "producer_id"] == "ukrainian-nkvd-spo-1935-12-05"
    assert claims.at["GN-0154", "producer_id"] == claims.at["GN-0136", "producer_id"] == "ivanovo-nkvd-report-1935-12"
    for prefix in ("ukraine-", "ivanovo-"):
        members = claims[claims["quantity_id"].fillna("").str.startswith(prefix)]
        assert len(members)
        for _, group in members.groupby("quantity_id"):
            assert group["producer_id"].nunique() == 1, group.index.tolist()
