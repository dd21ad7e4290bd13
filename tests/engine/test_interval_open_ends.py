"""Open ends of intervals, kept exactly through the arithmetic and the readings (engine/intervals.py).

A difference A - B runs from A's low end minus B's high end to A's high end minus B's low end, and each end of it
is open when either end it is made of is open: its low end when A's low or B's HIGH end is open, its high end when
A's high or B's LOW end is ([1,2) - (0,1] is [0,2)). A "less than" figure excludes its value: a computed value
exactly on it is not consistent. ``judge`` decides one-sided figures by comparing numbers (computed < stated), never
through ``claim_interval``, which is why a check of judge alone (tests/checks/test_promises.py) cannot see a
"less than" read as closed; every relation reads its figures through claim_interval, so these tests go through
``claim_interval`` and ``evaluate``."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest

from repression_data.engine.intervals import Interval, claim_interval
from repression_data.engine.relations import evaluate

FLAGS = list(itertools.product([False, True], repeat=4))


def ends(interval: Interval) -> tuple:
    return (interval.lo, interval.hi, interval.lo_open, interval.hi_open)


@pytest.mark.parametrize("a_lo_open, a_hi_open, b_lo_open, b_hi_open", FLAGS)
def test_a_difference_takes_each_ends_openness_from_the_ends_it_is_made_of(a_lo_open, a_hi_open, b_lo_open, b_hi_open):
    a, b = Interval(10.0, 20.0, a_lo_open, a_hi_open), Interval(1.0, 4.0, b_lo_open, b_hi_open)
    # the low end 10 - 4 = 6 is reached only if 10 is in A and 4 is in B; the high end 20 - 1 = 19 likewise
    assert ends(a - b) == (6.0, 19.0, a_lo_open or b_hi_open, a_hi_open or b_lo_open)
    assert (a - b).overlaps(Interval.point(6.0)) == (not a_lo_open and not b_hi_open)
    assert (a - b).overlaps(Interval.point(19.0)) == (not a_hi_open and not b_lo_open)


@pytest.mark.parametrize("a, b, expected", [
    (Interval(1.0, 2.0, hi_open=True), Interval(0.0, 1.0, lo_open=True), (0.0, 2.0, False, True)),   # [1,2) - (0,1] = [0,2)
    (Interval(1.0, 2.0, lo_open=True), Interval(0.0, 1.0, hi_open=True), (0.0, 2.0, True, False)),   # (1,2] - [0,1) = (0,2]
    (Interval(1.0, 2.0, hi_open=True), Interval(0.0, 1.0, hi_open=True), (0.0, 2.0, True, True)),    # [1,2) - [0,1) = (0,2)
    (Interval(1.0, 2.0, lo_open=True), Interval(0.0, 1.0, lo_open=True), (0.0, 2.0, True, True)),    # (1,2] - (0,1] = (0,2)
])
def test_worked_differences(a, b, expected):
    assert ends(a - b) == expected


def claim(claim_id, value, printed, qualifier="exact", unit="persons"):
    return {"claim_id": claim_id, "value": value, "value_printed": printed, "qualifier": qualifier, "unit": unit,
            "value_low": math.nan, "value_high": math.nan, "quote": printed, "measure": ""}


def relation(relation_id, operation, operands, result):
    return {"relation_id": relation_id, "source_id": "x", "theme": "other", "locator": "here", "description": relation_id,
            "operation": operation, "operands": operands, "result": result, "result_constant": math.nan}


def verdicts(claims, relations) -> dict[str, str]:
    out = evaluate(pd.DataFrame(relations), pd.DataFrame(claims))
    return dict(zip(out["relation_id"], out["verdict"]))


def test_a_less_than_figure_excludes_its_value():
    interval, why = claim_interval(claim("A-0001", 200.0, "200", "less_than"))
    assert ends(interval) == (0.0, 200.0, False, True) and why == "less than 200"
    assert not interval.overlaps(Interval.point(200.0)) and interval.overlaps(Interval.point(199.0))
    assert not interval.overlaps(Interval.point(150.0) + Interval.point(50.0))


def test_a_relation_whose_computed_value_is_exactly_on_a_less_than_bound_is_inconsistent():
    claims = [claim("A-0001", 150.0, "150"), claim("A-0002", 50.0, "50"), claim("A-0003", 49.0, "49"),
              claim("A-0004", 200.0, "200", "less_than")]
    got = verdicts(claims, [relation("R-1", "sum", "A-0001;A-0002", "A-0004"), relation("R-2", "sum", "A-0001;A-0003", "A-0004")])
    assert got == {"R-1": "inconsistent", "R-2": "consistent"}  # 150 + 50 is not less than 200; 150 + 49 is


def test_a_relation_on_the_open_end_of_a_difference_is_inconsistent():
    # 100 - (less than 40) is more than 60 and at most 100: exactly 60 is not in it, 61 is
    claims = [claim("A-0001", 100.0, "100"), claim("A-0002", 40.0, "40", "less_than"), claim("A-0003", 60.0, "60"), claim("A-0004", 61.0, "61")]
    got = verdicts(claims, [relation("R-1", "difference", "A-0001;A-0002", "A-0003"), relation("R-2", "difference", "A-0001;A-0002", "A-0004")])
    assert got == {"R-1": "inconsistent", "R-2": "consistent"}
