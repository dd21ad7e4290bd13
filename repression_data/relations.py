"""Recompute the arithmetic the texts state between their figures, and judge it.

A relation (data/raw/relations.csv) names an operation, the claims it
operates on and the claim (or constant) holding the result the text
states. ``evaluate`` recomputes each one with interval arithmetic.

Every claim stands for an interval of true values (``claim_interval``):

- a count printed in digits is exact (1,337 persons is 1,337), unless it
  ends in three zeros (177,000), when it may be rounded to its last non-zero
  digit; a limit (quota) is a plan set in round numbers and stays exact;
- a share or ratio in digits (38%, 8.8%, 0.6) is rounded to half a unit of
  its last printed digit (38 -> 37.5-38.5, 0.6 -> 0.55-0.65); a number with
  a scale word ("3.5 million") likewise (3.45-3.55 million);
- an approximate figure ("about 40%", "some 117,000") to half the place of
  its last non-zero digit (40 -> 35-45, 117,000 -> 116,500-117,500);
- a number word for an integer is exact ("thirty-six" is 36), unless it is a
  round phrase with thousand or million ("two thousand", rounded like an
  approximate figure) or a multiple ("three times", to the nearest half);
- a fraction word ("one-third", "half", "three-quarters of a million",
  "two and a half") stands for every value nearer to it than to any other
  simple fraction (halves, thirds, quarters; and its own denominator):
  "half" is 0.417-0.583, "one-third" 0.292-0.417; a whole number and a
  fraction ("two and a half") to the nearest step of that fraction (2.25-2.75);
- "almost", "nearly", "just under" keep only the lower half of that
  interval ("almost one-third" is 0.292-0.333); "more than", "over", "at
  least" are bounded below only, "less than", "at most" above only (by the
  claim's value_high or value_low where it gives one);
- a range ("10-15") or a vague word with bounds ("several": 3 or more) is
  the interval of its bounds; a print that cannot be read is the interval of
  its candidate readings (the ``readings`` table), each tried in turn.

The operation is applied to the operands' intervals, giving the interval of
every value the computation can take, and compared with the stated
result's interval. A reading of the prints (one candidate value for every
undecided print, see the ``readings`` table) is consistent when the two
intervals share a value. The verdict:

- consistent: every reading is consistent;
- consistent_for_some_readings: some readings are, others are not;
- inconsistent: no reading is; ``gap`` says by how much (computed - stated);
- not_computable: a figure is missing, unprinted, vague without bounds,
  or comes from a passage the text does not link to the relation.

Relations fall into three classes (``check_class``), counted apart:
``recomputed`` (a stated total, share, difference or ratio recomputed),
``repeated_print`` (one figure printed twice) and ``weak`` (a part is not
larger than its whole, which says far less than a recomputed result).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from fractions import Fraction

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
MIN_ARITY = {"sum": 2, "part_of": 2}

# Operations for relations the texts state through a figure they imply (issue 14, item 4).
# DERIVED_OPERATIONS compute a value like the ones above; BOUND_CHECKS state no
# result, only that one figure lies within bounds the others set (weak checks, like part_of).
DERIVED_OPERATIONS = {
    "whole_from_percent": "100 * A / B (the whole of which A is B percent)",
    "percent_of_implied_whole": "100 * A / (100 * B / C) (A as a percent of the whole of which B is C percent)",
    "percent_decline": "100 * (B - A) / B (A is that many percent lower than B)",
}
BOUND_CHECKS = {
    "part_of_percent": "A is part of C percent of B (A <= B * C / 100)",
    "part_of_fraction": "A is part of the fraction C of B (A <= B * C)",
    "rest_percent_between": "100 * (B - A) / B lies between C and D (the rest of B, beside A, mixes parts whose shares are C and D percent)",
}
OPERATIONS.update(DERIVED_OPERATIONS)
OPERATIONS.update(BOUND_CHECKS)
ARITY.update({"whole_from_percent": 2, "percent_of_implied_whole": 3, "percent_decline": 2,
              "part_of_percent": 3, "part_of_fraction": 3, "rest_percent_between": 4})

# Check classes, counted apart in the reports.
CHECK_CLASSES = ("recomputed", "repeated_print", "weak")
CHECK_CLASS_LABELS = {
    "recomputed": "stated totals, shares, differences and ratios recomputed",
    "repeated_print": "a figure printed twice",
    "weak": "weak checks: a part is not larger than its whole, or lies within bounds",
}
VERDICTS = ("consistent", "consistent_for_some_readings", "inconsistent", "not_computable")

# Units whose printed digits are themselves rounded (a share or a ratio, not a count).
ROUNDED_UNITS = {"percent", "fraction", "times"}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
                  "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
BELOW_WORDS = r"almost|nearly|just\s+under|not\s+quite|close\s+to"
NOT_PRINTED = "?"
EPS = 1e-9


@dataclass(frozen=True)
class Interval:
    """A closed or half-open interval of real numbers; ``lo_open``/``hi_open`` exclude an end."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def point(cls, value: float) -> "Interval":
        return cls(float(value), float(value))

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi and not (self.lo_open or self.hi_open)

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi, self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo, self.lo_open or other.hi_open, self.hi_open or other.lo_open)

    def scale(self, factor: float) -> "Interval":
        """Multiply by a positive constant."""
        return Interval(self.lo * factor, self.hi * factor, self.lo_open, self.hi_open)

    def shift(self, offset: float) -> "Interval":
        return Interval(self.lo + offset, self.hi + offset, self.lo_open, self.hi_open)

    def divide(self, other: "Interval") -> "Interval":
        """self / other for non-negative intervals (counts and shares); a divisor that may be 0 gives an open top."""
        if other.hi <= 0:
            return Interval(math.inf, math.inf)
        lo = self.lo / other.hi if other.hi != math.inf else 0.0
        hi = self.hi / other.lo if other.lo > 0 else math.inf
        return Interval(lo, hi, self.lo_open or other.hi_open, self.hi_open or (other.lo_open and other.lo > 0))

    def negate_plus(self, offset: float) -> "Interval":
        """offset - self."""
        return Interval(offset - self.hi, offset - self.lo, self.hi_open, self.lo_open)

    def overlaps(self, other: "Interval") -> bool:
        """True when the two intervals share at least one value (floating-point noise forgiven)."""
        lo, lo_open = (self.lo, self.lo_open) if self.lo > other.lo else (other.lo, other.lo_open)
        if self.lo == other.lo:
            lo_open = self.lo_open or other.lo_open
        hi, hi_open = (self.hi, self.hi_open) if self.hi < other.hi else (other.hi, other.hi_open)
        if self.hi == other.hi:
            hi_open = self.hi_open or other.hi_open
        eps = EPS * max(1.0, abs(lo) if math.isfinite(lo) else 1.0, abs(hi) if math.isfinite(hi) else 1.0)
        if lo < hi - eps:
            return True
        if lo > hi + eps:
            return False
        return not (lo_open or hi_open)

    def contains(self, other: "Interval") -> bool:
        eps = EPS * max(1.0, *(abs(x) for x in (self.lo, self.hi, other.lo, other.hi) if math.isfinite(x)))
        return self.lo - eps <= other.lo and other.hi <= self.hi + eps

    def distance(self, other: "Interval") -> float:
        """Signed gap from other to self: > 0 when self lies above other, < 0 below, 0 when they overlap."""
        if self.overlaps(other):
            return 0.0
        return self.lo - other.hi if self.lo >= other.hi else self.hi - other.lo

    def text(self) -> str:
        if self.is_point:
            return fmt_number(self.lo)
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open or self.hi == math.inf else "]"
        return f"{left}{fmt_number(self.lo)}, {fmt_number(self.hi)}{right}"


def fmt_number(value: float) -> str:
    if value == math.inf:
        return "no upper bound"
    if value == -math.inf:
        return "no lower bound"
    if abs(value) >= 100:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:.4g}"


def _last_digit_place(value: float) -> float:
    """Place value of the last non-zero digit: 117000 -> 1000, 3.5 -> 0.1, 40 -> 10."""
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    stripped = text.rstrip("0")
    return 10.0 ** (len(text) - len(stripped)) if stripped else 1.0


def _decimals(value: float) -> int:
    if float(value).is_integer():
        return 0
    return len(f"{value:.6f}".rstrip("0").split(".")[1])


def is_word(printed: str) -> bool:
    """A number written in words ("thirty-six", "one-third", "three-quarters of a million")."""
    return bool(re.search(r"[A-Za-z]{3,}", printed)) and not re.search(r"\d", printed)


def _scale_of(printed: str) -> float:
    for word, factor in SCALE_WORDS.items():
        if re.search(word, printed, re.IGNORECASE):
            return factor
    return 1.0


def _fraction_denominator(printed: str) -> int | None:
    for word, denominator in FRACTION_WORDS.items():
        if re.search(rf"\b{word}\b", printed, re.IGNORECASE):
            return denominator
    return None


def simple_fraction_interval(fraction: float, denominator: int) -> tuple[float, float]:
    """Every value in [0, 1] nearer to ``fraction`` than to any other simple fraction.

    The simple fractions are those with denominators up to max(4, denominator)
    (halves, thirds and quarters, and the fraction's own denominator):
    half -> 5/12-7/12, one-third -> 7/24-5/12, three-quarters -> 17/24-7/8.
    """
    order = max(4, denominator)
    target = Fraction(fraction).limit_denominator(order)
    fractions = sorted({Fraction(n, d) for d in range(1, order + 1) for n in range(0, d + 1)})
    i = fractions.index(target)
    lo = (fractions[i - 1] + target) / 2 if i > 0 else Fraction(0)
    hi = (fractions[i + 1] + target) / 2 if i + 1 < len(fractions) else Fraction(1)
    return float(lo), float(hi)


def below_word(quote: str, printed: str) -> str | None:
    """'almost', 'nearly', ... when the quote puts one right before the printed number, else None.

    Such a figure is bounded above by its value (see ``rounding_interval``).
    """
    if not isinstance(quote, str) or not printed:
        return None
    pattern = rf"\b({BELOW_WORDS})\s+(?:(?:a|an|the|all)\s+)?(?:\(\s*)?{re.escape(printed.split()[0])}"
    match = re.search(pattern, quote, re.IGNORECASE)
    return re.sub(r"\s+", " ", match.group(1).lower()) if match else None


def rounding_interval(value: float, qualifier: str, printed: str, unit: str = "persons", quote: str = "", measure: str = "") -> tuple[Interval, str]:
    """The true values a point figure may stand for, given how it is printed, and why.

    ``value`` is the figure as read; the interval ignores one-sided qualifiers
    (see ``claim_interval``) but applies 'almost'/'nearly' from the quote. A
    limit (measure quota_*) is a plan set in round numbers: its trailing zeros
    are exact.
    """
    interval, why, _ = _rounding(value, qualifier, printed, unit, quote, measure.startswith(EXACT_ROUND_MEASURES))
    return interval, why


# Measures whose round figures are exact: limits are plans set in round numbers, not rounded counts.
EXACT_ROUND_MEASURES = ("quota_",)


def _rounding(value: float, qualifier: str, printed: str, unit: str, quote: str, exact_round: bool = False) -> tuple[Interval, str, float]:
    """(interval, why, half-width); the half-width is 0 for an exact figure and nan for a one-sided one."""
    half = 0.0
    printed = printed or ""
    word = is_word(printed)
    denominator = _fraction_denominator(printed) if word else None
    scale = _scale_of(printed)
    if word and denominator:
        x = value / scale
        whole = math.floor(x + EPS)
        if whole >= 1 or scale > 1:
            # "two and a half million", "three-quarters of a million": a round phrase
            # of a magnitude, to the nearest 1/denominator of that magnitude
            step = 0.5 / denominator
            interval = Interval((x - step) * scale, (x + step) * scale)
            half = step * scale
            why = (f"'{printed}' in words: a whole number and a fraction, to the nearest 1/{denominator}" if whole >= 1
                   else f"'{printed}' in words: a fraction of a {'million' if scale == 1e6 else 'thousand' if scale == 1e3 else 'billion'}, to the nearest 1/{denominator} of it")
        else:
            lo, hi = simple_fraction_interval(x, denominator)
            interval = Interval(lo * scale, hi * scale)
            half = math.nan if abs((hi - x) - (x - lo)) > EPS else (hi - lo) / 2 * scale
            why = f"'{printed}' in words: every value nearer to it than to another simple fraction"
    elif word and unit == "times":
        half = 0.25
        interval = Interval(value - half, value + half)
        why = f"'{printed}' times: a multiple in words, to the nearest half"
    elif word and scale == 1 and qualifier != "approx":
        interval = Interval.point(value)
        why = f"'{printed}': an integer in words, exact"
    elif qualifier == "approx" or (word and scale > 1):
        half = 0.5 * _last_digit_place(value)
        interval = Interval(value - half, value + half)
        why = ("approximate" if qualifier == "approx" else "a round phrase") + f": half the place of its last non-zero digit (±{fmt_number(half)})"
    elif scale > 1:
        digits = re.search(r"\d[\d.,]*", printed)
        shown = digits.group(0).rstrip(".,") if digits else ""
        places = len(shown.split(".")[1]) if "." in shown else 0
        half = 0.5 * 10.0 ** -places * scale
        interval = Interval(value - half, value + half)
        why = f"printed to {10.0 ** -places:g} {'million' if scale == 1e6 else 'thousand' if scale == 1e3 else 'billion'}: ±{fmt_number(half)}"
    elif unit in ROUNDED_UNITS or not float(value).is_integer():
        half = 0.5 * 10.0 ** -_decimals(value)
        interval = Interval(value - half, value + half)
        why = f"a {unit} printed to {_decimals(value)} decimal(s): ±{half:g}"
    elif value >= 1000 and value % 1000 == 0 and not exact_round:
        half = 0.5 * _last_digit_place(value)
        interval = Interval(value - half, value + half)
        why = f"a count printed with trailing zeros, perhaps rounded: ±{fmt_number(half)}"
    else:
        interval = Interval.point(value)
        why = "a count, exact"
    below = below_word(quote, printed)
    if below and not interval.is_point:
        interval = Interval(interval.lo, value)
        why += f"; '{below}' keeps the part below {fmt_number(value)}"
    elif below:
        half = 0.5 * _last_digit_place(value)
        interval = Interval(value - half, value)
        why = f"'{below}': below {fmt_number(value)} by less than half the place of its last non-zero digit"
    if below:
        half = math.nan
    return interval, why, half


def claim_interval(claim, value: float | None = None) -> tuple[Interval | None, str]:
    """(interval of the true values a claim allows, why); (None, reason) when it allows no computation.

    ``claim`` has the claims table's columns; ``value`` replaces its value
    (a candidate reading of an undecided print).
    """
    v = claim["value"] if value is None else value
    q = claim["qualifier"]
    low, high = claim["value_low"], claim["value_high"]
    printed = str(claim["value_printed"])
    unit = claim.get("unit", "persons")
    quote = claim.get("quote", "")
    lo = 0.0 if pd.isna(low) else float(low)
    hi = math.inf if pd.isna(high) else float(high)
    if pd.isna(v):
        if pd.isna(low) and pd.isna(high):
            return None, "has no value (vague without bounds, or a print that cannot be read)"
        if q == "range":
            return Interval(lo, hi), f"the range {fmt_number(lo)}-{fmt_number(hi)}"
        if q == "vague":
            return Interval(lo, hi), f"vague ('{printed}'): {fmt_number(lo)} or more" + ("" if hi == math.inf else f", at most {fmt_number(hi)}")
        return Interval(lo, hi), f"a print that cannot be read fully: its bounds {fmt_number(lo)}-{fmt_number(hi)}"
    v = float(v)
    if q == "more_than":
        return Interval(v, hi, lo_open=True), f"more than {fmt_number(v)}" + ("" if hi == math.inf else f", at most {fmt_number(hi)}")
    if q == "at_least":
        return Interval(v, hi), f"at least {fmt_number(v)}" + ("" if hi == math.inf else f", at most {fmt_number(hi)}")
    if q == "less_than":
        return Interval(lo, v, hi_open=True), f"less than {fmt_number(v)}" + ("" if pd.isna(low) else f", at least {fmt_number(lo)}")
    if q == "at_most":
        return Interval(lo, v), f"at most {fmt_number(v)}" + ("" if pd.isna(low) else f", at least {fmt_number(lo)}")
    measure = claim.get("measure", "")
    return rounding_interval(v, q, printed, unit, quote, measure if isinstance(measure, str) else "")


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
    a, b = intervals[0], intervals[1]
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


def implied_result(row: dict, operand_ids: list[str], by_id: pd.DataFrame) -> None:
    """Fill the reason of a relation whose result the text implies but does not print ('?' as result).

    The relation stays not computable (nothing is checked, no computed_value);
    the reason gives the interval the operands imply.
    """
    intervals = []
    for operand in operand_ids:
        total = None
        for claim_id in operand_claims(operand):
            interval, why = claim_interval(by_id.loc[claim_id])
            if interval is None:
                row["reason"] = f"the text implies a result it does not print, and {claim_id} {why}"
                return
            total = interval if total is None else total + interval
        intervals.append(total)
    implied = compute_interval(row["operation"], intervals)
    row["reason"] = f"the text implies a result it does not print (the operands give {implied.text()}): nothing to check it against"


def tolerance(stated: float, qualifier: str, printed: str, unit: str = "percent") -> float:
    """Half the width of the interval a point figure stands for (see ``rounding_interval``).

    38 -> 0.5, 8.8 -> 0.05, approximate 117,000 -> 500, approximate 40 -> 5,
    'half' -> 1/12; an integer in words ('thirty-six') -> 0. Where the
    interval is not symmetric ('one-third': 7/24-5/12) the larger of its two
    distances from the figure.
    """
    interval, _, half = _rounding(stated, qualifier, printed, unit, "")
    return max(stated - interval.lo, interval.hi - stated) if math.isnan(half) else half


def judge(computed: float, stated: float, qualifier: str, printed: str, low: float = math.nan, high: float = math.nan,
          unit: str = "percent") -> tuple[str, float, float]:
    """(verdict, gap, tolerance) for a computed point value against one stated figure.

    A shorthand of ``evaluate`` for one exact computed value: the stated
    figure's interval (``claim_interval``) must hold it.
    """
    gap = computed - stated if not math.isnan(stated) else math.nan
    if qualifier == "range":
        return ("consistent" if low <= computed <= high else "inconsistent"), gap, math.nan
    one_sided = {"more_than": computed > stated, "at_least": computed >= stated, "less_than": computed < stated, "at_most": computed <= stated}
    if qualifier in one_sided:
        return ("consistent" if one_sided[qualifier] else "inconsistent"), gap, 0.0
    interval, _, half = _rounding(stated, qualifier, printed, unit, "")
    if math.isnan(half):
        return ("consistent" if interval.overlaps(Interval.point(computed)) else "inconsistent"), gap, half
    return ("consistent" if abs(gap) <= half + 1e-9 else "inconsistent"), gap, half


RESULT_COLUMNS = [
    "relation_id", "source_id", "theme", "locator", "description", "operation", "formula", "stated_value",
    "stated_qualifier", "computed_value", "verdict", "gap", "tolerance", "reason", "claim_ids",
    "check_class", "computed_low", "computed_high", "stated_low", "stated_high", "readings", "tolerance_basis", "measures",
]


def check_class(operation: str) -> str:
    """recomputed, repeated_print (equal) or weak (part_of and the BOUND_CHECKS)."""
    return {"equal": "repeated_print", "part_of": "weak", **{op: "weak" for op in BOUND_CHECKS}}.get(operation, "recomputed")


def operand_claims(operand: str) -> list[str]:
    """The claim ids in one operand: 'GN-0001', or 'GN-0001+GN-0002' for a sum, or '?' for none."""
    return [] if operand == NOT_PRINTED else operand.split("+")


def _candidates(readings: pd.DataFrame | None) -> dict[str, list[float]]:
    if readings is None or readings.empty:
        return {}
    out: dict[str, list[float]] = {}
    for claim_id, value in zip(readings["claim_id"], readings["value"]):
        out.setdefault(claim_id, []).append(float(value))
    return {k: sorted(set(v)) for k, v in out.items()}


def _measures_note(operation: str, operand_ids: list[str], result_id: str | None, by_id: pd.DataFrame) -> str | None:
    """Say when the two sides of a relation count different things."""
    def measures(ids):
        return sorted({by_id.at[c, "measure"] for c in ids})

    operand_lists = [operand_claims(o) for o in operand_ids]
    if operation in ("sum", "difference", "equal", "part_of"):
        left = measures([c for o in (operand_lists[:1] if operation == "difference" else operand_lists) for c in o])
        right = measures([result_id]) if result_id else []
        if operation == "part_of":
            left, right = measures([c for o in operand_lists[:-1] for c in o]), measures(operand_lists[-1])
        if right and left != right:
            return f"the sides have different measures: {', '.join(left)} against {', '.join(right)}"
        if len(left) > 1 and not right:
            return f"the operands have different measures: {', '.join(left)}"
        return None
    if operation in ("percent", "fraction", "ratio") and result_id and operand_lists and operand_lists[0]:
        left, right = measures(operand_lists[0]), measures([result_id])
        if left != right:
            return f"the part ({', '.join(left)}) and the stated share ({', '.join(right)}) have different measures"
    return None


def evaluate(relations: pd.DataFrame, claims: pd.DataFrame, readings: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per relation: the stated and computed intervals, the verdict and why.

    An operand is a claim id, several joined by '+' (their sum), or '?' for a
    figure the text uses but does not print (the relation is then not
    computable). ``readings`` (claim_id, value) lists the candidate values of
    prints that cannot be decided; every combination of them is tried.
    Columns: RESULT_COLUMNS; verdict one of VERDICTS; check_class one of CHECK_CLASSES.
    """
    by_id = claims.set_index("claim_id")
    candidates = _candidates(readings)
    rows = []
    for rel in relations.to_dict("records"):
        operand_ids = rel["operands"].split(";")
        result_id = rel.get("result") if isinstance(rel.get("result"), str) and rel.get("result") not in ("", NOT_PRINTED) else None
        all_ids = [c for o in operand_ids for c in operand_claims(o)] + ([result_id] if result_id else [])
        row = {
            "relation_id": rel["relation_id"], "source_id": rel["source_id"], "theme": rel["theme"], "locator": rel["locator"],
            "description": rel["description"], "operation": rel["operation"], "formula": OPERATIONS[rel["operation"]],
            "stated_value": math.nan, "stated_qualifier": None, "computed_value": math.nan, "verdict": "not_computable",
            "gap": math.nan, "tolerance": math.nan, "reason": None, "claim_ids": ";".join(all_ids),
            "check_class": check_class(rel["operation"]), "computed_low": math.nan, "computed_high": math.nan,
            "stated_low": math.nan, "stated_high": math.nan, "readings": None, "tolerance_basis": None,
            "measures": _measures_note(rel["operation"], operand_ids, result_id, by_id),
        }
        if result_id:
            result = by_id.loc[result_id]
            row["stated_value"], row["stated_qualifier"] = result["value"], result["qualifier"]
        elif not pd.isna(rel.get("result_constant")):
            qualifier = rel.get("result_qualifier")
            row["stated_value"] = float(rel["result_constant"])
            row["stated_qualifier"] = qualifier if isinstance(qualifier, str) and qualifier else "exact"
        rows.append(row)
        unlinked = rel.get("unlinked_operands")
        if isinstance(unlinked, str) and unlinked:
            row["reason"] = f"{unlinked.replace(';', ', ')} comes from a passage the text does not link to this relation: {rel.get('unlinked_reason')}"
            continue
        if NOT_PRINTED in operand_ids:
            row["reason"] = "the text uses a figure it does not print"
            continue
        if rel.get("result") == NOT_PRINTED:
            implied_result(row, operand_ids, by_id)
            continue
        _judge_relation(row, rel, operand_ids, result_id, by_id, candidates)
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _judge_relation(row: dict, rel: dict, operand_ids: list[str], result_id: str | None, by_id: pd.DataFrame,
                    candidates: dict[str, list[float]]) -> None:
    operation = rel["operation"]
    undecided = sorted({c for c in row["claim_ids"].split(";") if c in candidates})
    combos = list(itertools.product(*[candidates[c] for c in undecided])) if undecided else [()]
    outcomes = []
    for combo in combos:
        chosen = dict(zip(undecided, combo))
        intervals, whys, missing = [], [], []
        for operand in operand_ids:
            total, parts = None, []
            for claim_id in operand_claims(operand):
                interval, why = claim_interval(by_id.loc[claim_id], chosen.get(claim_id))
                if interval is None:
                    missing.append(f"{claim_id} {why}")
                    continue
                total = interval if total is None else total + interval
                if claim_id in chosen:
                    parts.append(f"{claim_id} undecided, each candidate reading tried ({', '.join(fmt_number(v) for v in candidates[claim_id])})")
                else:
                    parts.append(f"{claim_id} {interval.text()} ({why})")
            intervals.append(total)
            whys += parts
        if missing:
            row["reason"] = "; ".join(missing)
            return
        computed = compute_interval(operation, intervals)
        if operation == "part_of":
            stated = intervals[-1]
            stated_why = ""
            ok = Interval(-math.inf, stated.hi, False, stated.hi_open).overlaps(computed)
        elif operation in BOUND_CHECKS:
            stated, stated_why = bound_of_check(operation, intervals)
            ok = computed.overlaps(stated)
        else:
            if result_id:
                stated, stated_why = claim_interval(by_id.loc[result_id], chosen.get(result_id))
                if stated is None:
                    row["reason"] = f"the stated result {result_id} {stated_why}"
                    return
                stated_why = f"stated {result_id} {stated.text()} ({stated_why})"
            else:
                constant = float(rel["result_constant"])
                qualifier = rel.get("result_qualifier") if isinstance(rel.get("result_qualifier"), str) and rel.get("result_qualifier") else "exact"
                if qualifier == "exact":
                    stated, why = Interval.point(constant), "exact"
                else:
                    stated, why = claim_interval({"value": constant, "qualifier": qualifier, "value_low": math.nan, "value_high": math.nan,
                                                  "value_printed": f"{constant:g}", "unit": "other", "quote": ""})
                stated_why = f"stated constant {stated.text()} (implied by the text; {why})"
            ok = computed.overlaps(stated)
        outcomes.append((chosen, computed, stated, ok, whys, stated_why))
    _fill(row, rel, operand_ids, result_id, by_id, outcomes)


def _fill(row, rel, operand_ids, result_id, by_id, outcomes) -> None:
    operation = rel["operation"]
    good = [o for o in outcomes if o[3]]
    if len(good) == len(outcomes):
        row["verdict"] = "consistent"
    elif good:
        row["verdict"] = "consistent_for_some_readings"
    else:
        row["verdict"] = "inconsistent"
    chosen, computed, stated, _, whys, stated_why = outcomes[0]
    row["computed_low"] = min(o[1].lo for o in outcomes)
    row["computed_high"] = max(o[1].hi for o in outcomes)
    row["stated_low"], row["stated_high"] = stated.lo, stated.hi
    values = []
    for operand in operand_ids:
        ids = operand_claims(operand)
        vals = [by_id.at[c, "value"] for c in ids]
        values.append(math.nan if any(pd.isna(v) for v in vals) else float(sum(vals)))
    if not any(math.isnan(v) for v in values):
        row["computed_value"] = compute(operation, values)
    elif computed.is_point and len(outcomes) == 1:
        row["computed_value"] = computed.lo
    if operation == "part_of":
        whole = values[-1]
        part = sum(values[:-1]) if not any(math.isnan(v) for v in values[:-1]) else math.nan
        share = part / whole if whole and not math.isnan(part) and not math.isnan(whole) else math.nan
        row["reason"] = (f"the part is {share:.1%} of the whole" if not math.isnan(share) else
                         f"the parts {computed.text()} against the whole {stated.text()}")
        row["computed_value"] = share
        row["tolerance_basis"] = "weak check: the parts may not exceed the whole; " + "; ".join(whys)
    else:
        if not pd.isna(row["stated_value"]) and not pd.isna(row["computed_value"]):
            row["gap"] = row["computed_value"] - row["stated_value"]
        elif row["verdict"] == "inconsistent":
            row["gap"] = computed.distance(stated)
        if math.isfinite(stated.lo) and math.isfinite(stated.hi) and not (stated.lo_open or stated.hi_open):
            row["tolerance"] = (stated.hi - stated.lo) / 2
        shown = computed.text() if len(outcomes) == 1 else Interval(row["computed_low"], row["computed_high"]).text() + " over the readings"
        row["tolerance_basis"] = f"{stated_why}; computed {shown} from " + "; ".join(whys)
        if row["verdict"] == "inconsistent":
            row["reason"] = f"computed {computed.text()} shares no value with stated {stated.text()}"
    if len(outcomes) > 1 or chosen:
        row["readings"] = "; ".join(
            ", ".join(f"{c}={fmt_number(v)}" for c, v in o[0].items()) + (": consistent" if o[3] else ": inconsistent") for o in outcomes)
        if row["verdict"] == "consistent_for_some_readings":
            row["reason"] = "consistent only for the readings " + "; ".join(
                ", ".join(f"{c}={fmt_number(v)}" for c, v in o[0].items()) for o in outcomes if o[3])


def known_themes(relations: pd.DataFrame) -> list[str]:
    return sorted(set(relations["theme"]))


class UnknownThemeError(ValueError):
    """Raised by evaluate_relations for a theme no relation has."""
