"""The interval of true values a printed figure stands for, and the arithmetic of intervals.

Every claim stands for an interval of true values (``claim_interval``):

- a count printed in digits is exact (1,337 persons is 1,337), unless it
  ends in three zeros (177,000), when it may be rounded to its last non-zero
  digit; a limit (quota) is a plan set in round numbers and stays exact;
- a share or ratio in digits (38%, 8.8%, 0.6) is rounded to half a unit of
  its last printed digit (38 -> 37.5-38.5, 0.6 -> 0.55-0.65); a number with
  a scale word ("3.5 million") likewise (3.45-3.55 million);
- a round figure in prose ("about 40%", "some 3,500", "about 3.5 percent", a
  round phrase with thousand or million) stands for every value that rounds to
  it at the coarsest step among 10^k and 5 x 10^k that divides it
  (``prose_step``): "some 3,500" is 7 x 500, so 3,250-3,750; "about 3.5
  percent" is 7 x 0.5, so 3.25-3.75; "about 40%" 35-45; "some 117,000" is
  117 x 1,000, so 116,500-117,500 (the rule of ``PROSE_RULES``; the former
  rule, half the place of the last non-zero digit, is kept under the name
  ``last_digit`` only to list the verdicts the rule changes);
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

Everything here works on numbers and claim rows; nothing reads a file.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
import re
from dataclasses import dataclass
from fractions import Fraction


# Units whose printed digits are themselves rounded (a share or a ratio, not a count).
ROUNDED_UNITS = {"percent", "fraction", "times"}
# How an explanation names a figure of a unit ("a percentage printed to 1 decimal place").
_UNIT_NOUNS = {"percent": "a percentage", "fraction": "a fraction", "times": "a multiple", "persons": "a number of persons"}


def _places_words(places: int) -> str:
    """0 -> 'a whole number', 1 -> '1 decimal place', 2 -> '2 decimal places'."""
    return "a whole number" if places == 0 else f"{places} decimal place{'s' if places > 1 else ''}"
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
                  "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
BELOW_WORDS = r"almost|nearly|just\s+under|not\s+quite|close\s+to"
EPS = 1e-9
# How a round figure in prose (qualifier approx, or a round phrase in words) is read. The first is the rule;
# the second is the former one, kept so that the reports can list every verdict the rule changes.
PROSE_RULES = {
    "round_step": "every value that rounds to the figure at the coarsest step among 10^k and 5 x 10^k that divides it",
    "last_digit": "half the place of its last non-zero digit (the former rule)",
}
PROSE_RULE = "round_step"


def _isna(x) -> bool:
    """True for a missing value (None, NaN, pandas' NA or NaT) without importing pandas: the sentence
    check reads intervals with the standard library only."""
    if x is None:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    return type(x).__name__ in ("NAType", "NaTType")


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
        eps = EPS * max([1.0, *(abs(x) for x in (self.lo, self.hi, other.lo, other.hi) if math.isfinite(x))])
        return self.lo - eps <= other.lo and other.hi <= self.hi + eps

    def distance(self, other: "Interval") -> float:
        """Signed gap from other to self: > 0 when self lies above other, < 0 below, 0 when they overlap."""
        if self.overlaps(other):
            return 0.0
        return self.lo - other.hi if self.lo >= other.hi else self.hi - other.lo

    def text(self) -> str:
        if stable(self.lo) == stable(self.hi) and not (self.lo_open or self.hi_open):
            return fmt_number(self.lo)
        left = "(" if self.lo_open else "["
        right = ")" if self.hi_open or self.hi == math.inf else "]"
        return f"{left}{fmt_number(self.lo)}, {fmt_number(self.hi)}{right}"


# Computed figures are given to SIGNIFICANT digits: more than any print holds, and few enough that
# the last bits of floating-point arithmetic, which differ between the numpy and pandas versions the
# package accepts, never reach a written file (issue 23, item 7).
SIGNIFICANT = 12


def stable(value: float) -> float:
    """``value`` rounded to SIGNIFICANT significant digits (NaN, infinities and missing values as they are)."""
    try:
        if not math.isfinite(value):
            return value
    except TypeError:  # None, pd.NA
        return value
    return float(f"{value:.{SIGNIFICANT}g}")


def fmt_number(value: float) -> str:
    if value == math.inf:
        return "no upper bound"
    if value == -math.inf:
        return "no lower bound"
    value = stable(value)
    if abs(value) >= 100:  # halves rounded up, as the decimal figure reads (100.85 -> 100.9), not as its binary double
        return f"{value:,.0f}" if float(value).is_integer() else f"{Decimal(repr(value)).quantize(Decimal('0.1'), ROUND_HALF_UP):,}"
    return f"{value:.4g}"


def _last_digit_place(value: float) -> float:
    """Place value of the last non-zero digit: 117000 -> 1000, 3.5 -> 0.1, 40 -> 10."""
    text = f"{abs(value):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    stripped = text.rstrip("0")
    return 10.0 ** (len(text) - len(stripped)) if stripped else 1.0


def prose_step(value: float) -> float:
    """The coarsest step among 10^k and 5 x 10^k that divides ``value``: 3,500 -> 500, 3.5 -> 0.5, 40 -> 10,
    117,000 -> 1,000, 250 -> 50, 0 -> 1. A round figure in prose stands for the values within half of it."""
    v = abs(float(value))
    if v == 0:
        return 1.0
    k = math.floor(math.log10(v))
    for exponent in range(k, k - 12, -1):
        for step in (5 * 10.0 ** exponent, 10.0 ** exponent):
            q = v / step
            if abs(q - round(q)) <= 1e-6 * max(1.0, q) and round(q) >= 1:
                return step
    return _last_digit_place(v)


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


def rounding_interval(value: float, qualifier: str, printed: str, unit: str = "persons", quote: str = "", measure: str = "",
                      rule: str = PROSE_RULE) -> tuple[Interval, str]:
    """The true values a point figure may stand for, given how it is printed, and why.

    ``value`` is the figure as read; the interval ignores one-sided qualifiers
    (see ``claim_interval``) but applies 'almost'/'nearly' from the quote. A
    limit (measure quota_*) is a plan set in round numbers: its trailing zeros
    are exact.
    """
    interval, why, _ = _rounding(value, qualifier, printed, unit, quote, measure.startswith(EXACT_ROUND_MEASURES), rule)
    return interval, why


# Measures whose round figures are exact: limits are plans set in round numbers, not rounded counts.
EXACT_ROUND_MEASURES = ("quota_",)


def _rounding(value: float, qualifier: str, printed: str, unit: str, quote: str, exact_round: bool = False,
              rule: str = PROSE_RULE) -> tuple[Interval, str, float]:
    """(interval, why, half-width); the half-width is 0 for an exact figure and nan for a one-sided one.
    ``rule`` (a key of PROSE_RULES) reads a round figure in prose."""
    if rule not in PROSE_RULES:
        raise ValueError(f"unknown prose rounding rule {rule!r}; the rules are: {', '.join(PROSE_RULES)}")
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
        kind = "approximate" if qualifier == "approx" else "a round phrase"
        if rule == "round_step":
            step = prose_step(value)
            half = 0.5 * step
            why = f"{kind}: a round figure in prose, to its coarsest step of {fmt_number(step)} (±{fmt_number(half)})"
        else:
            half = 0.5 * _last_digit_place(value)
            why = f"{kind}: half the place of its last non-zero digit (±{fmt_number(half)})"
        interval = Interval(value - half, value + half)
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
        why = f"{_UNIT_NOUNS.get(unit, f'a figure in {unit}')} printed to {_places_words(_decimals(value))}: ±{half:g}"
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


def claim_interval(claim, value: float | None = None, rule: str = PROSE_RULE) -> tuple[Interval | None, str]:
    """(interval of the true values a claim allows, why); (None, reason) when it allows no computation.

    ``claim`` has the claims table's columns; ``value`` replaces its value
    (a candidate reading of an undecided print); ``rule`` reads a round figure
    in prose (PROSE_RULES). Every relation and every quantity reads a claim
    through this function: one reading of a claim's words, its own bounds.
    """
    v = claim["value"] if value is None else value
    q = claim["qualifier"]
    low, high = claim["value_low"], claim["value_high"]
    printed = "" if _isna(claim["value_printed"]) else str(claim["value_printed"])  # a missing print is no word ("nan")
    unit = claim.get("unit", "persons")
    quote = claim.get("quote", "")
    lo = 0.0 if _isna(low) else float(low)
    hi = math.inf if _isna(high) else float(high)
    if _isna(v):
        if _isna(low) and _isna(high):
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
        return Interval(lo, v, hi_open=True), f"less than {fmt_number(v)}" + ("" if _isna(low) else f", at least {fmt_number(lo)}")
    if q == "at_most":
        return Interval(lo, v), f"at most {fmt_number(v)}" + ("" if _isna(low) else f", at least {fmt_number(lo)}")
    measure = claim.get("measure", "")
    return rounding_interval(v, q, printed, unit, quote, measure if isinstance(measure, str) else "", rule)


def bounds(claim) -> tuple[float, float]:
    """(low, high) of the true values a claim's print allows (``claim_interval``), in the claim's unit; (nan, nan)
    when it allows no computation. ``claim`` is a row of the claims table (a Series or a dict with its columns)."""
    interval, _ = claim_interval(claim)
    return (math.nan, math.nan) if interval is None else (interval.lo, interval.hi)


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
