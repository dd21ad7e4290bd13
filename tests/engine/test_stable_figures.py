"""Computed figures to 12 significant digits: the last bits of floating-point arithmetic, which differ
between the numpy and pandas versions the package accepts, never reach a written file (issue 23, item 7)."""

from __future__ import annotations

import math

import repression_data as rd
from repression_data.engine.intervals import SIGNIFICANT, Interval, fmt_number, stable
from repression_data.engine.relations import FIGURE_COLUMNS, evaluate


def test_stable_rounds_to_the_stated_digits_and_keeps_missing_values():
    assert stable(0.1 + 0.2) == 0.3 and stable(100.85000000000001) == stable(100.84999999999999) == 100.85
    assert stable(681692.0) == 681692.0 and stable(1 / 3) == float("0." + "3" * SIGNIFICANT)
    assert math.isnan(stable(math.nan)) and stable(math.inf) == math.inf and stable(None) is None


def test_a_figure_is_written_alike_whatever_its_last_bits():
    for value in (100.85, 48.45, 1337.25, 0.41665):
        below, above = math.nextafter(value, -math.inf), math.nextafter(value, math.inf)
        assert fmt_number(below) == fmt_number(value) == fmt_number(above)
    assert fmt_number(100.85) == "100.9" and fmt_number(1234567.25) == "1,234,567.3"
    assert Interval(99.15, math.nextafter(99.15, math.inf)).text() == "99.15"


def test_relations_are_the_same_when_the_arithmetic_differs_in_the_last_bit():
    claims, relations = rd.load("claims"), rd.load("relations")
    readings = rd.load("readings") if "readings" in rd.tables() else None
    exact = evaluate(relations, claims, readings)
    nudged = claims.copy()
    nudged["value"] = [math.nextafter(v, math.inf) if isinstance(v, float) and v % 1 else v for v in nudged["value"]]
    assert (nudged["value"] != claims["value"]).sum() > 10
    again = evaluate(relations, nudged, readings)
    assert again.to_csv(index=False) == exact.to_csv(index=False)
    for column in FIGURE_COLUMNS:
        assert all(stable(v) == v or math.isnan(v) for v in exact[column] if isinstance(v, float)), column
