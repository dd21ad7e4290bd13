"""rd.bounds: the values a claim's print allows, as the engine reads it (README, What the analysis reproduces)."""

from __future__ import annotations

import math

import pytest

import repression_data as rd


def claim(**fields):
    base = {"value": math.nan, "value_low": math.nan, "value_high": math.nan, "qualifier": "exact", "value_printed": "", "unit": "persons", "quote": "", "measure": "arrests"}
    return base | fields


@pytest.mark.parametrize("fields, expected", [
    (dict(value=1337.0, value_printed="1,337"), (1337.0, 1337.0)),
    (dict(value=38.0, value_printed="38", unit="percent"), (37.5, 38.5)),
    (dict(value=500.0, value_low=500.0, qualifier="more_than", value_printed="500"), (500.0, math.inf)),
    (dict(value_low=500000.0, value_high=7000000.0, qualifier="range", value_printed="500,000 to 7 million"), (500000.0, 7000000.0)),
])
def test_bounds_are_the_engine_interval(fields, expected):
    low, high = rd.bounds(claim(**fields))
    assert low == pytest.approx(expected[0]) and high == pytest.approx(expected[1])


def test_a_figure_that_allows_no_computation_has_no_bounds():
    low, high = rd.bounds(claim(qualifier="vague", value_printed="many"))
    assert math.isnan(low) and math.isnan(high)
