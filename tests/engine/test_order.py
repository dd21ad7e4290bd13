"""Statements of order and trend (issue 20, item 2): each operation judged on intervals, and the vague words read from data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import repression_data as rd
from repression_data.engine.intervals import Interval, claim_interval, prose_step
from repression_data.engine.order import Word, judge_order
from repression_data.engine.relations import evaluate

P = Interval.point


def _word(term: str) -> Word:
    words = rd.load("order_words")
    return Word.from_row(words[words["term"] == term].iloc[0])


def test_less_and_greater_than_need_room_for_a_strict_order():
    assert judge_order("less_than", [P(193083), P(205173)], ["a", "b"])[0]
    assert not judge_order("less_than", [P(205173), P(193083)], ["a", "b"])[0]
    assert not judge_order("less_than", [P(5), P(5)], ["a", "b"])[0]  # equal is not less
    assert judge_order("less_than", [Interval(4.5, 5.5), P(5)], ["a", "b"])[0]  # a rounded 5 may be below 5
    assert judge_order("greater_than", [P(9), P(8), P(7)], ["a", "b", "c"])[0]
    assert not judge_order("greater_than", [P(9), P(8), P(10)], ["a", "b", "c"])[0]
    assert judge_order("not_greater", [P(5), P(5)], ["a", "b"])[0]
    assert not judge_order("not_greater", [P(6), P(5)], ["a", "b"])[0]


def test_lowest_since_names_the_year_that_breaks_it():
    ok, found, _ = judge_order("lowest_since", [P(193083), P(331544), P(162726)], ["1935", "1930", "1929"])
    assert not ok and "1929" in found and "1930" not in found.split("not <")[1]


def test_monotone_decline_names_the_first_step_that_rises():
    years = ["1931", "1932", "1933", "1934", "1935"]
    values = [P(479065), P(410433), P(505256), P(205173), P(193083)]
    ok, found, _ = judge_order("monotone_decline", values, years)
    assert not ok and "from 1932" in found and "to 1933" in found
    assert judge_order("monotone_rise", [P(59), P(61), P(87)], ["a", "b", "c"])[0]
    # a chain is judged as a whole: each step alone may pass while the chain cannot
    assert not judge_order("monotone_decline", [Interval(10, 10), Interval(9, 11), Interval(10, 10)], ["a", "b", "c"])[0]


def test_share_words_are_read_from_the_order_words_table():
    vast = _word("vast_majority")
    assert judge_order("share_word", [P(593326), P(638507)], ["a", "b"], vast)[0]
    assert not judge_order("share_word", [P(400), P(638)], ["a", "b"], vast)[0]  # 0.63 is a majority, not a vast one
    assert judge_order("share_word", [P(400), P(638)], ["a", "b"], _word("majority"))[0]
    assert not judge_order("share_word", [P(319), P(638)], ["a", "b"], _word("majority"))[0]  # exactly half is no majority
    assert judge_order("share_word", [P(63)], ["a"], _word("most"), share_scale=100.0)[0]  # a printed 63%
    half = _word("nearly_half")
    assert judge_order("share_word", [P(6658), P(13752)], ["a", "b"], half)[0]
    assert not judge_order("share_word", [P(7000), P(13752)], ["a", "b"], half)[0]  # above half is not 'nearly half'
    comparable = _word("roughly_comparable")
    assert judge_order("ratio_word", [P(328618), P(353074)], ["a", "b"], comparable)[0]
    assert not judge_order("ratio_word", [P(100), P(353)], ["a", "b"], comparable)[0]


def test_every_word_has_a_reason_and_a_scale():
    words = rd.load("order_words")
    assert set(words["scale"]) <= {"share", "ratio", "spread"}
    assert words["description"].str.len().min() > 20
    shares = words[words["scale"] == "share"]
    assert (shares["low"] >= 0).all() and (shares["high"] <= 1).all()


def test_closest_to_and_spread():
    ok, _, _ = judge_order("closest_to", [P(3.5e6), Interval(5e6, 8e6), P(2e7), P(1575259)], ["a", "b", "c", "t"])
    assert ok
    assert not judge_order("closest_to", [P(2e7), P(3.5e6), P(1575259)], ["a", "b", "t"])[0]
    spread = _word("varied_considerably")
    assert judge_order("spread_word", [P(12), P(7), P(30)], ["a", "b", "c"], spread)[0]
    assert not judge_order("spread_word", [P(12), P(11), P(13)], ["a", "b", "c"], spread)[0]


def test_a_relation_naming_an_unknown_word_is_not_computable():
    relations = rd.load("relations")
    row = relations[(relations["operation"] == "share_word") & ~relations["operands"].str.contains("?", regex=False)].head(1).copy()
    assert len(row) == 1
    row["word"] = "a_great_many"
    judged = evaluate(row, rd.load("claims"), None, rd.load("order_words")).iloc[0]
    assert judged["verdict"] == "not_computable" and "order_words" in judged["reason"]


def test_the_texts_steady_decline_is_flagged_as_the_authors_slip():
    verdicts = rd.evaluate_relations()
    order = verdicts[verdicts["check_class"] == "order"]
    assert len(order) >= 40
    decline = order[order["description"].str.contains("declining steadily")]
    assert len(decline) == 1
    row = decline.iloc[0]
    assert row["verdict"] in ("inconsistent", "contradiction") and row["slip_kind"] == "author_arithmetic"
    assert "GN-0462" in row["reason"] and "GN-0463" in row["reason"]


@pytest.mark.parametrize("value, step", [(3500, 500), (3.5, 0.5), (40, 10), (117000, 1000), (250, 50), (193000, 1000),
                                         (18, 1), (1.5e6, 5e5), (700000, 100000), (0.6, 0.1)])
def test_prose_step(value, step):
    assert prose_step(value) == pytest.approx(step)


def _claim(value: float, qualifier: str, printed: str, unit: str = "persons") -> dict:
    return {"value": value, "qualifier": qualifier, "value_low": math.nan, "value_high": math.nan, "value_printed": printed,
            "unit": unit, "quote": f"some {printed}", "measure": "expelled"}


def test_round_figures_in_prose_get_the_rounding_their_words_allow():
    interval, why = claim_interval(_claim(3500, "approx", "3,500"))
    assert (interval.lo, interval.hi) == (3250, 3750) and "500" in why
    assert claim_interval(_claim(3.5, "approx", "3.5", "percent"))[0].hi == pytest.approx(3.75)
    assert claim_interval(_claim(117000, "approx", "117,000"))[0].lo == 116500  # unchanged: 117 x 1,000
    former, _ = claim_interval(_claim(3500, "approx", "3,500"), rule="last_digit")
    assert (former.lo, former.hi) == (3450, 3550)
    exact, _ = claim_interval(_claim(3500, "exact", "3,500"))
    assert exact.lo == exact.hi == 3500  # a figure without a word of approximation keeps its print
    with pytest.raises(ValueError, match="unknown prose rounding rule"):
        claim_interval(_claim(3500, "approx", "3,500"), rule="generous")


def test_the_rule_changes_the_malenkov_verdicts_and_the_report_lists_them():
    from repression_data.engine.relations import rule_changes

    relations, claims = rd.load("relations"), rd.load("claims")
    changed = rule_changes(relations, claims, rd.load("readings"), rd.load("order_words"))
    assert {"R-GN-177", "R-GN-179"} <= set(changed["relation_id"])
    row = changed.set_index("relation_id").loc["R-GN-177"]
    assert row["former_verdict"] == "inconsistent" and row["verdict"] == "consistent"
    assert isinstance(changed, pd.DataFrame)
