"""The operations a relation names, applied to intervals (every value a computation can take) and to
point values (the figures as read)."""

from __future__ import annotations

import math

from repression_data.engine.intervals import Interval
from repression_data.engine.order import ORDER_EXACT_ARITY, ORDER_MIN_ARITY, ORDER_OPERATIONS

OPERATIONS = {
    "percent": "100 * A / B",
    "fraction": "A / B",
    "ratio": "A / B",
    "sum": "A + B + ...",
    "difference": "A - B",
    "percent_change": "100 * (A - B) / B",
    "fraction_decline": "(B - A) / B",
    "equal": "A",
    "part_of": "the parts A, B, ... are part of the last operand (their sum <= it)",
}
ARITY = {"percent": 2, "fraction": 2, "ratio": 2, "difference": 2, "percent_change": 2, "fraction_decline": 2, "equal": 1}
MIN_ARITY = {"sum": 2, "part_of": 2}

# Operations for relations the texts state through a figure they imply (issue 14, item 4).
# DERIVED_OPERATIONS compute a value like the ones above; BOUND_CHECKS state no
# result, only that one figure lies within bounds the others set (weak checks, like part_of).
DERIVED_OPERATIONS = {
    "whole_from_percent": "100 * A / B (the whole of which A is B percent)",
    "percent_of_implied_whole": "100 * A / (100 * B / C) (A as a percent of the whole of which B is C percent)",
    "percent_decline": "100 * (B - A) / B (A is that many percent lower than B)",
    "percent_lower_as_higher": "100 * A / (100 - A) (a figure A percent lower than the real one: the real is that many percent higher)",
}
BOUND_CHECKS = {
    "part_of_percent": "A is part of C percent of B (A <= B * C / 100)",
    "part_of_fraction": "A is part of the fraction C of B (A <= B * C)",
    "rest_percent_between": "100 * (B - A) / B lies between C and D (the rest of B, beside A, mixes parts whose shares are C and D percent)",
}
OPERATIONS.update(DERIVED_OPERATIONS)
OPERATIONS.update(BOUND_CHECKS)
ARITY.update({"whole_from_percent": 2, "percent_of_implied_whole": 3, "percent_decline": 2, "percent_lower_as_higher": 1,
              "part_of_percent": 3, "part_of_fraction": 3, "rest_percent_between": 4})
# Statements of order and trend (issue 20): no stated result, a predicate over the operands (engine/order.py).
OPERATIONS.update(ORDER_OPERATIONS)
ARITY.update(ORDER_EXACT_ARITY)
MIN_ARITY.update({k: v for k, v in ORDER_MIN_ARITY.items() if k not in ORDER_EXACT_ARITY})

def compute_interval(operation: str, intervals: list[Interval]) -> Interval:
    """The interval of every value ``operation`` takes over its operands' intervals (operands non-negative)."""
    a = intervals[0]
    b = intervals[1] if len(intervals) > 1 else None
    if operation == "percent":
        return a.divide(b).scale(100)
    if operation in ("fraction", "ratio"):
        return a.divide(b)
    if operation == "sum":
        total = intervals[0]
        for other in intervals[1:]:
            total = total + other
        return total
    if operation == "part_of":
        total = intervals[0]
        for other in intervals[1:-1]:
            total = total + other
        return total
    if operation == "difference":
        return a - b
    if operation == "percent_change":
        return a.divide(b).shift(-1).scale(100)
    if operation == "fraction_decline":
        return a.divide(b).negate_plus(1.0)
    if operation == "equal":
        return a
    if operation in DERIVED_OPERATIONS or operation in BOUND_CHECKS:
        return derived_interval(operation, intervals)
    raise ValueError(f"unknown operation {operation!r}")


def compute(operation: str, values: list[float]) -> float:
    """The operation on point values (the figures as read)."""
    a = values[0]
    b = values[1] if len(values) > 1 else math.nan
    if operation == "percent":
        return 100 * a / b
    if operation in ("fraction", "ratio"):
        return a / b
    if operation == "part_of":
        return sum(values[:-1]) / values[-1]
    if operation == "sum":
        return float(sum(values))
    if operation == "difference":
        return a - b
    if operation == "percent_change":
        return 100 * (a - b) / b
    if operation == "fraction_decline":
        return (b - a) / b
    if operation == "equal":
        return a
    if operation in DERIVED_OPERATIONS or operation in BOUND_CHECKS:
        return compute_derived(operation, values)
    raise ValueError(f"unknown operation {operation!r}")


def _times(a: Interval, b: Interval) -> Interval:
    """a * b for non-negative intervals."""
    return Interval(a.lo * b.lo, a.hi * b.hi, a.lo_open or b.lo_open, a.hi_open or b.hi_open)


def derived_interval(operation: str, intervals: list[Interval]) -> Interval:
    """compute_interval for DERIVED_OPERATIONS and BOUND_CHECKS (for a bound check: the figure that must lie within the bounds)."""
    a = intervals[0]
    if operation == "percent_lower_as_higher":  # increasing in A below 100
        def higher(p: float) -> float:
            return 100 * p / (100 - p) if p < 100 else math.inf
        return Interval(higher(a.lo), higher(a.hi), a.lo_open, a.hi_open)
    b = intervals[1]
    if operation == "whole_from_percent":
        return a.divide(b).scale(100)
    if operation == "percent_of_implied_whole":
        return a.divide(b.divide(intervals[2]).scale(100)).scale(100)
    if operation in ("percent_decline", "rest_percent_between"):
        return a.divide(b).negate_plus(1.0).scale(100)
    if operation in ("part_of_percent", "part_of_fraction"):
        return a
    raise ValueError(f"unknown operation {operation!r}")


def bound_of_check(operation: str, intervals: list[Interval]) -> tuple[Interval, str]:
    """(bounds, why) a BOUND_CHECKS figure must lie within: (0, B*C/100] for part_of_percent,
    (0, B*C] for part_of_fraction, from the lower of C and D to the higher for rest_percent_between."""
    if operation == "part_of_percent":
        whole = _times(intervals[1], intervals[2]).scale(0.01)
        return Interval(-math.inf, whole.hi, False, whole.hi_open), f"at most C percent of B: {whole.text()}"
    if operation == "part_of_fraction":
        whole = _times(intervals[1], intervals[2])
        return Interval(-math.inf, whole.hi, False, whole.hi_open), f"at most the fraction C of B: {whole.text()}"
    c, d = intervals[2], intervals[3]
    return Interval(min(c.lo, d.lo), max(c.hi, d.hi)), f"between the shares C and D: {min(c.lo, d.lo):g}-{max(c.hi, d.hi):g}"


def compute_derived(operation: str, values: list[float]) -> float:
    """The value of a DERIVED_OPERATIONS or BOUND_CHECKS formula on point values (see derived_interval)."""
    return derived_interval(operation, [Interval.point(v) for v in values]).lo
