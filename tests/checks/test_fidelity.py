"""The fidelity rules as build checks: a period never past its producer's date, a collection names who counted."""

from __future__ import annotations

import pandas as pd
import pytest

from repression_data.checks.fidelity import check_collections_name_their_producer, check_periods_within_producer_dates, last_day
from repression_data.errors import RawDataError
from repression_data.paths import RAW_DIR
from repression_data.pipeline.tables import build_tables
from repression_data.read.origins import Origins

PRODUCERS = pd.DataFrame([
    {"producer_id": "speech-1937-02-26", "kind": "official_statement", "date": "1937-02-26", "derived_from": None},
    {"producer_id": "memo-1937-02", "kind": "archival_document", "date": "1937-02", "derived_from": None},
    {"producer_id": "order-1937-07-30", "kind": "decree", "date": "1937-07-30", "derived_from": None},
    {"producer_id": "undated", "kind": "archival_document", "date": None, "derived_from": None},
])
KINDS = {"expulsions": "flow", "quota_first_category": "plan", "sentence_length": "other"}


def claims(*rows):
    frame = pd.DataFrame([{"claim_id": c, "producer_id": p, "period_end": pd.Timestamp(e) if e else pd.NaT, "measure": m} for c, p, e, m in rows])
    return frame, Origins.numbered("data/raw/claims/x.csv", len(frame))


def test_last_day_of_a_producers_date():
    assert last_day("1937") == pd.Timestamp("1937-12-31")
    assert last_day("1937-02") == pd.Timestamp("1937-02-28")
    assert last_day("1937-02-26") == pd.Timestamp("1937-02-26")
    assert last_day("late 1937") is None and last_day(None) is None


def test_a_figure_never_counts_past_the_speech_or_document_that_gives_it():
    frame, origins = claims(("A-1", "speech-1937-02-26", "1937-12-31", "expulsions"),  # the Table 4 fault: a speech's figure to the end of the year
                            ("A-2", "speech-1937-02-26", "1937-02-26", "expulsions"),
                            ("A-3", "memo-1937-02", "1937-02-28", "expulsions"),
                            ("A-4", "memo-1937-02", "1937-03-01", "expulsions"),
                            ("A-5", "undated", "1940-01-01", "expulsions"),
                            ("A-6", None, "1940-01-01", "expulsions"))
    problems = check_periods_within_producer_dates(frame, origins, PRODUCERS, KINDS)
    assert [(p.file, p.record, p.field) for p in problems] == [("data/raw/claims/x.csv", "line 2", "period_end"), ("data/raw/claims/x.csv", "line 5", "period_end")]
    assert "A-1" in problems[0].message and "speech-1937-02-26" in problems[0].message


def test_a_plan_or_a_decrees_figure_may_run_to_the_end_of_the_operation_it_governs():
    frame, origins = claims(("A-1", "order-1937-07-30", "1937-12-05", "quota_first_category"),
                            ("A-2", "order-1937-07-30", "1937-12-05", "sentence_length"),
                            ("A-3", "memo-1937-02", "1937-12-31", "quota_first_category"))
    assert check_periods_within_producer_dates(frame, origins, PRODUCERS, KINDS) == []


def test_a_published_collection_must_name_the_body_whose_figures_it_prints():
    producers = pd.DataFrame([
        {"producer_id": "collection", "kind": "document_collection", "derived_from": None},
        {"producer_id": "article", "kind": "scholarly_publication", "derived_from": ""},
        {"producer_id": "collection-2", "kind": "document_collection", "derived_from": "commission"},
        {"producer_id": "commission", "kind": "commission", "derived_from": None},
    ])
    problems = check_collections_name_their_producer(producers, Origins.numbered("data/raw/producers.csv", len(producers)))
    assert [(p.record, p.field) for p in problems] == [("line 2", "derived_from"), ("line 3", "derived_from")]


def test_the_build_refuses_a_period_past_the_producers_date(raw_copy):
    header, rows = raw_copy.rows("producers.csv")
    for row in rows:
        if row["producer_id"] == "azov-plenum-1935-12":
            row["date"] = "1935-12-15"  # the plenum's first day, as it was: its figures run to 18 December
    raw_copy.write_rows("producers.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert {p.field for p in info.value.problems} == {"period_end"}
    assert len(info.value.problems) == 7 and all("azov-plenum-1935-12" in p.message for p in info.value.problems)


def test_no_shipped_claim_or_producer_breaks_the_fidelity_rules():
    tables = build_tables(RAW_DIR)  # raises RawDataError naming file, record and field if one did
    producers = tables["producers"]
    assert producers.loc[producers["kind"].isin(["document_collection", "scholarly_publication"]), "derived_from"].notna().all()
