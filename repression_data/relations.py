"""Recompute the arithmetic the texts state between their figures, and judge it.

A relation (data/raw/relations.csv) names an operation, the claims it
operates on and the claim (or constant) holding the result the text
states. ``evaluate`` recomputes each one from the claims' values and gives a
verdict:

- consistent: the computed value agrees with the stated one within the
  rounding the text used (see ``tolerance``), or satisfies its qualifier
  ("more than half");
- inconsistent: it does not; ``gap`` says by how much (computed - stated);
- not_computable: an operand or the stated value has no value (vague, or a
  print that cannot be read), and the reason says which.
"""

from __future__ import annotations

import math
import re

import pandas as pd

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

# Operations for relations the texts state through a figure they imply (issue 14, item 4).
# DERIVED_OPERATIONS compute a value like the ones above; BOUND_CHECKS state no
# result, only that one figure lies within bounds the others set (like part_of).
DERIVED_OPERATIONS = {
    "whole_from_percent": "100 * A / B (the whole of which A is B percent)",
    "percent_of_implied_whole": "100 * A / (100 * B / C) (A as a percent of the whole of which B is C percent)",
    "percent_decline": "100 * (B - A) / B (A is that many percent lower than B)",
}
BOUND_CHECKS = {
    "part_of_percent": "A is part of C percent of B (A <= B * C / 100)",
    "rest_percent_between": "100 * (B - A) / B lies between C and D (the rest of B, beside A, mixes parts whose shares are C and D percent)",
}
OPERATIONS.update(DERIVED_OPERATIONS)
OPERATIONS.update(BOUND_CHECKS)
ARITY.update({"whole_from_percent": 2, "percent_of_implied_whole": 3, "percent_decline": 2, "part_of_percent": 3, "rest_percent_between": 4})
MIN_ARITY = {"sum": 2, "part_of": 2}


def compute(operation: str, values: list[float]) -> float:
    a = values[0]
    b = values[1] if len(values) > 1 else math.nan
    if operation in ("percent",):
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


def compute_derived(operation: str, values: list[float]) -> float:
    """The value of a DERIVED_OPERATIONS or BOUND_CHECKS formula (see their descriptions).

    For a bound check it is the figure that must lie within the bounds:
    A / (B * C / 100) for part_of_percent (at most 1), the rest's percent for
    rest_percent_between.
    """
    if operation == "whole_from_percent":
        return 100 * values[0] / values[1]
    if operation == "percent_of_implied_whole":
        return 100 * values[0] / (100 * values[1] / values[2])
    if operation == "percent_decline":
        return 100 * (values[1] - values[0]) / values[1]
    if operation == "part_of_percent":
        return values[0] / (values[1] * values[2] / 100)
    if operation == "rest_percent_between":
        return 100 * (values[1] - values[0]) / values[1]
    raise ValueError(f"unknown operation {operation!r}")


def bound_check(operation: str, values: list[float], operands: list[pd.Series]) -> tuple[str, str]:
    """(verdict, reason) of a BOUND_CHECKS relation; the bounds widen by the rounding of the printed shares.

    ``operands`` are the operand claims (value, qualifier, value_printed) in order.
    """
    computed = compute_derived(operation, values)
    if operation == "part_of_percent":
        share = operands[2]
        widest = values[1] * (values[2] + tolerance(values[2], share["qualifier"], share["value_printed"])) / 100
        verdict = "consistent" if values[0] <= widest + 1e-9 else "inconsistent"
        return verdict, f"the part is {computed:.1%} of {values[2]:g} percent of the whole (at most {widest:,.0f} with the share's rounding)"
    low_claim, high_claim = sorted(operands[2:4], key=lambda c: c["value"])
    low = low_claim["value"] - tolerance(low_claim["value"], low_claim["qualifier"], low_claim["value_printed"])
    high = high_claim["value"] + tolerance(high_claim["value"], high_claim["qualifier"], high_claim["value_printed"])
    verdict = "consistent" if low - 1e-9 <= computed <= high + 1e-9 else "inconsistent"
    return verdict, f"the rest is {computed:.1f} percent of the whole, bounds {low:g}-{high:g} percent"


def implied_result_reason(computed: float) -> str:
    """Reason for a relation whose result the text implies but does not print ('?' as result).

    The relation stays not computable (no computed_value: nothing is checked);
    the reason names the value the operands imply.
    """
    return f"the text implies a result it does not print (the operands give {computed:,.6g}): nothing to check it against"


def _last_digit_place(value: float) -> float:
    """Place value of the last non-zero digit: 117000 -> 1000, 3.5 -> 0.1, 40 -> 10."""
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    stripped = text.rstrip("0")
    return 10.0 ** (len(text) - len(stripped)) if stripped else 1.0


def tolerance(stated: float, qualifier: str, printed: str) -> float:
    """How far a recomputed value may lie from the stated one and still agree.

    - a number written in words (half, one-third, two and a half) is read as
      rounded to within 10% of itself;
    - an approximate figure ("about 40%", "almost 117,000") to half the place
      of its last non-zero digit (40 -> 5, 117,000 -> 500);
    - an exact figure to half a unit of its last printed decimal (38 -> 0.5, 8.8 -> 0.05).
    """
    if re.search(r"[A-Za-z]", printed) and not re.search(r"\d", printed):
        return max(0.1 * abs(stated), 1e-9)
    if qualifier == "approx":
        return 0.5 * _last_digit_place(stated)
    decimals = 0 if float(stated).is_integer() else len(f"{stated:.6f}".rstrip("0").split(".")[1])
    return 0.5 * 10.0 ** -decimals


def judge(computed: float, stated: float, qualifier: str, printed: str, low: float = math.nan, high: float = math.nan) -> tuple[str, float, float]:
    """(verdict, gap, tolerance) for a computed value against a stated one."""
    gap = computed - stated if not math.isnan(stated) else math.nan
    if qualifier == "range":
        return ("consistent" if low <= computed <= high else "inconsistent"), gap, math.nan
    if qualifier == "more_than":
        return ("consistent" if computed > stated else "inconsistent"), gap, 0.0
    if qualifier == "at_least":
        return ("consistent" if computed >= stated else "inconsistent"), gap, 0.0
    if qualifier == "less_than":
        return ("consistent" if computed < stated else "inconsistent"), gap, 0.0
    if qualifier == "at_most":
        return ("consistent" if computed <= stated else "inconsistent"), gap, 0.0
    tol = tolerance(stated, qualifier, printed)
    return ("consistent" if abs(gap) <= tol + 1e-9 else "inconsistent"), gap, tol


RESULT_COLUMNS = [
    "relation_id", "source_id", "theme", "locator", "description", "operation", "formula", "stated_value",
    "stated_qualifier", "computed_value", "verdict", "gap", "tolerance", "reason", "claim_ids",
]


NOT_PRINTED = "?"


def _equal_sides(rel, by_id, computed, stated, qualifier, printed, low, high):
    """For a figure printed twice, judge the qualified printing against the exact one.

    Two printings with the same qualifier ("over 200 thousand" twice) must
    repeat the same number; an exact and a qualified printing ("193,083" and
    "about 193,000") are judged by the qualified one's words.
    """
    operand = by_id.loc[rel.operands]
    if operand["qualifier"] == qualifier:
        return computed, stated, "exact", "", low, high
    if qualifier == "exact":
        return stated, operand["value"], operand["qualifier"], operand["value_printed"], operand["value_low"], operand["value_high"]
    return computed, stated, qualifier, printed, low, high


def operand_claims(operand: str) -> list[str]:
    """The claim ids in one operand: 'GN-0001', or 'GN-0001+GN-0002' for a sum, or '?' for none."""
    return [] if operand == NOT_PRINTED else operand.split("+")


def _operand_value(operand: str, by_id: pd.DataFrame) -> float:
    if operand == NOT_PRINTED:
        return math.nan
    return float(sum(by_id.at[c, "value"] for c in operand_claims(operand)))


def evaluate(relations: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """One row per relation with the stated and computed values and the verdict.

    An operand is a claim id, several joined by '+' (their sum), or '?' for a
    figure the text uses but does not print (the relation is then not computable).
    """
    by_id = claims.set_index("claim_id")
    rows = []
    for rel in relations.itertuples(index=False):
        operand_ids = rel.operands.split(";")
        values = [_operand_value(c, by_id) for c in operand_ids]
        stated, qualifier, printed, low, high = math.nan, "exact", "", math.nan, math.nan
        result_implied = rel.result == NOT_PRINTED
        if isinstance(rel.result, str) and rel.result and not result_implied:
            result = by_id.loc[rel.result]
            stated, qualifier, printed = result["value"], result["qualifier"], result["value_printed"]
            low, high = result["value_low"], result["value_high"]
        elif not pd.isna(rel.result_constant):
            stated, printed = float(rel.result_constant), f"{rel.result_constant:g}"
        row = {
            "relation_id": rel.relation_id, "source_id": rel.source_id, "theme": rel.theme, "locator": rel.locator,
            "description": rel.description, "operation": rel.operation, "formula": OPERATIONS[rel.operation],
            "stated_value": stated, "stated_qualifier": qualifier if not math.isnan(stated) or qualifier == "range" else None,
            "computed_value": math.nan, "verdict": "not_computable", "gap": math.nan, "tolerance": math.nan, "reason": None,
            "claim_ids": ";".join([c for o in operand_ids for c in operand_claims(o)] + ([rel.result] if isinstance(rel.result, str) and rel.result and not result_implied else [])),
        }
        missing = [c for c, v in zip(operand_ids, values) if pd.isna(v)]
        if NOT_PRINTED in operand_ids:
            row["reason"] = "the text uses a figure it does not print"
        elif missing:
            row["reason"] = f"no value for {', '.join(missing)} (vague, or a print that cannot be read)"
        else:
            computed = compute(rel.operation, [float(v) for v in values])
            row["computed_value"] = computed
            if rel.operation == "equal":
                computed, stated, qualifier, printed, low, high = _equal_sides(rel, by_id, computed, stated, qualifier, printed, low, high)
                row["computed_value"], row["stated_value"], row["stated_qualifier"] = computed, stated, qualifier
            if rel.operation == "part_of":
                row["verdict"] = "consistent" if computed <= 1 else "inconsistent"
                row["reason"] = f"the part is {computed:.1%} of the whole"
            elif rel.operation in BOUND_CHECKS:
                row["verdict"], row["reason"] = bound_check(rel.operation, [float(v) for v in values], [by_id.loc[o] for o in operand_ids])
            elif result_implied:
                row["reason"], row["computed_value"] = implied_result_reason(computed), math.nan
            elif math.isnan(stated) and qualifier != "range":
                row["reason"] = f"the stated result {rel.result} has no value (vague, or a print that cannot be read)"
            else:
                row["verdict"], row["gap"], row["tolerance"] = judge(computed, stated, qualifier, printed, low, high)
        rows.append(row)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)
