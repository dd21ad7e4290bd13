"""Statements of order and trend, judged on intervals: "fewer arrests in 1935 than in any year since
1929", "declining steadily every year since 1931", "the vast majority", "roughly comparable".

A statement of order names no result; it says how its operands stand to each other. Each operand is
an interval (every value its print allows, see :mod:`intervals`), and a statement is **consistent**
when some values of the operands' intervals satisfy it, **inconsistent** when none do (the same rule
as for the stated results: a reading is consistent when it shares a value with what is stated).

A vague word of share or ratio ("majority", "nearly half", "roughly comparable") stands for an
interval written down as data, with its reason: the ``order_words`` vocabulary
(data/raw/vocabularies/order_words.csv). The engine reads each word's interval from that table and
never from code.

Operations (A, B, ... the operands in order; each an interval):

- ``less_than`` / ``greater_than``: A below (above) B, and below (above) each further operand;
- ``not_greater``: A at most B ("did not increase", a target met);
- ``lowest_since`` / ``highest_among``: A below (above) each other operand; the operands are the
  years (or items) the words cover, and the relation's ``word_reading`` says how "since Y" was read;
- ``monotone_decline`` / ``monotone_rise``: each operand below (above) the one before it, strictly;
  the verdict names the first step that breaks;
- ``share_greater``: A/B above C/D (a share rose);
- ``share_word``: the share A/B (and C/D, ... for pairs) within the word's interval; a single operand
  is a printed share (percent or fraction) read directly;
- ``ratio_word``: the ratio A/B within the word's interval ("roughly comparable", "dramatic increase");
- ``spread_word``: the largest operand over the smallest at least the word's factor ("varied considerably");
- ``closest_to``: A nearer the last operand (the target) than each operand between them;
- ``within_bounds``: A shares a value with the bounds of B (a vague figure with bounds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from repression_data.engine.intervals import EPS, Interval

ORDER_OPERATIONS = {
    "less_than": "A < B (and < each further operand)",
    "greater_than": "A > B (and > each further operand)",
    "not_greater": "A <= B (did not increase; a target met)",
    "lowest_since": "A < each other operand (the years the words cover)",
    "highest_among": "A > each other operand",
    "monotone_decline": "each operand < the one before it",
    "monotone_rise": "each operand > the one before it",
    "share_greater": "A / B > C / D (a share rose)",
    "share_word": "A / B (and C / D, ...) within the word's interval of a share",
    "ratio_word": "A / B within the word's interval of a ratio",
    "spread_word": "largest / smallest operand >= the word's factor",
    "closest_to": "|A - T| < |B - T| for each operand B between A and the target T (the last operand)",
    "within_bounds": "A shares a value with the bounds of B",
}
# Least number of operands (share_word: one printed share, or pairs).
ORDER_MIN_ARITY = {"less_than": 2, "greater_than": 2, "not_greater": 2, "lowest_since": 2, "highest_among": 2,
                   "monotone_decline": 3, "monotone_rise": 3, "share_greater": 4, "share_word": 1, "ratio_word": 2,
                   "spread_word": 2, "closest_to": 3, "within_bounds": 2}
ORDER_EXACT_ARITY = {"not_greater": 2, "share_greater": 4, "ratio_word": 2, "within_bounds": 2}
# The operations that read a word of the order_words vocabulary, and the scale the word must have.
WORD_SCALES = {"share_word": "share", "ratio_word": "ratio", "spread_word": "spread"}
SCALES = ("share", "ratio", "spread")
SHARE_UNITS = {"percent": 100.0, "fraction": 1.0}


@dataclass(frozen=True)
class Word:
    """One term of the order_words vocabulary: the interval a vague word of share, ratio or spread stands for."""

    term: str
    scale: str
    interval: Interval
    reason: str

    @classmethod
    def from_row(cls, row) -> "Word":
        high = row["high"]
        hi = math.inf if high is None or (isinstance(high, float) and math.isnan(high)) else float(high)
        return cls(row["term"], row["scale"], Interval(float(row["low"]), hi, bool(row["low_open"]), bool(row["high_open"]) or hi == math.inf),
                   row["description"])


def _below(a: Interval, b: Interval) -> bool:
    """a < b is possible: some value of a lies strictly below some value of b (intervals that only touch do not)."""
    eps = EPS * max(1.0, abs(a.lo) if math.isfinite(a.lo) else 1.0)
    return a.lo < b.hi - eps


def _at_most(a: Interval, b: Interval) -> bool:
    """a <= b is possible."""
    eps = EPS * max(1.0, abs(a.lo) if math.isfinite(a.lo) else 1.0)
    if a.lo < b.hi - eps:
        return True
    return abs(a.lo - b.hi) <= eps and not (a.lo_open or b.hi_open)


def _chain(intervals: list[Interval], falling: bool) -> tuple[bool, int]:
    """(possible, index of the first operand that cannot follow) for a strict chain, each operand below
    (falling) or above the one before; greedy: each takes the highest value it may."""
    seq = intervals if falling else [Interval(-i.hi, -i.lo, i.hi_open, i.lo_open) for i in intervals]
    current = seq[0].hi
    for i, nxt in enumerate(seq[1:], start=1):
        eps = EPS * max(1.0, abs(current) if math.isfinite(current) else 1.0)
        x = nxt.hi if nxt.hi < current - eps else current - eps
        if x < nxt.lo or (nxt.lo_open and x <= nxt.lo):
            return False, i
        current = x
    return True, -1


def _share(intervals: list[Interval]) -> Interval:
    return intervals[0].divide(intervals[1])


def judge_order(operation: str, intervals: list[Interval], labels: list[str], word: Word | None = None,
                share_scale: float | None = None) -> tuple[bool, str, Interval | None]:
    """(holds for some values, what was found in words, the interval compared with the word or None).

    ``labels`` name the operands ("GN-0465", "GN-0101+GN-0103") in the verdict's words; ``word`` is the
    vocabulary entry for share_word, ratio_word and spread_word; ``share_scale`` divides a single printed
    share (100 for percent). Raises ValueError for an unknown operation or a missing word.
    """
    a = intervals[0]
    if operation in ("less_than", "greater_than", "lowest_since", "highest_among"):
        below = operation in ("less_than", "lowest_since")
        broken = [labels[i] for i, b in enumerate(intervals[1:], start=1) if not (_below(a, b) if below else _below(b, a))]
        sign = "<" if below else ">"
        if broken:
            return False, f"{labels[0]} {a.text()} is not {sign} " + ", ".join(f"{lab} {intervals[labels.index(lab)].text()}" for lab in broken), None
        return True, f"{labels[0]} {a.text()} {sign} " + ", ".join(f"{lab} {b.text()}" for lab, b in zip(labels[1:], intervals[1:])), None
    if operation == "not_greater":
        ok = _at_most(a, intervals[1])
        return ok, f"{labels[0]} {a.text()} {'<=' if ok else 'is not <='} {labels[1]} {intervals[1].text()}", None
    if operation in ("monotone_decline", "monotone_rise"):
        falling = operation == "monotone_decline"
        ok, at = _chain(intervals, falling)
        steps = (" > " if falling else " < ").join(f"{lab} {i.text()}" for lab, i in zip(labels, intervals))
        if ok:
            return True, f"{'falls' if falling else 'rises'} at every step: {steps}", None
        prev, nxt = intervals[at - 1], intervals[at]
        turn = "does not fall" if falling else "does not rise"
        return False, f"the step from {labels[at - 1]} {prev.text()} to {labels[at]} {nxt.text()} {turn} ({steps})", None
    if operation == "share_greater":
        first, second = _share(intervals[:2]), _share(intervals[2:4])
        ok = _below(second, first)
        return ok, f"{labels[0]}/{labels[1]} {first.text()} {'>' if ok else 'is not >'} {labels[2]}/{labels[3]} {second.text()}", None
    if operation == "closest_to":
        target = intervals[-1]
        def dist(x: Interval) -> Interval:
            if x.overlaps(target):
                lo = 0.0
            else:
                lo = x.lo - target.hi if x.lo >= target.hi else target.lo - x.hi
            hi = max(abs(x.hi - target.lo), abs(target.hi - x.lo))
            return Interval(lo, hi)
        da = dist(a)
        broken = [labels[i] for i, b in enumerate(intervals[1:-1], start=1) if not _below(da, dist(b))]
        shown = ", ".join(f"{lab} {dist(b).text()}" for lab, b in zip(labels[1:-1], intervals[1:-1]))
        if broken:
            return False, f"{labels[0]} lies {da.text()} from {labels[-1]} {target.text()}, not nearer than {', '.join(broken)} ({shown})", None
        return True, f"{labels[0]} lies {da.text()} from {labels[-1]} {target.text()}; the others {shown}", None
    if operation == "within_bounds":
        ok = a.overlaps(intervals[1])
        return ok, f"{labels[0]} {a.text()} {'lies within' if ok else 'lies outside'} {labels[1]} {intervals[1].text()}", None
    if operation in WORD_SCALES:
        if word is None:
            raise ValueError(f"{operation} needs a word of the order_words vocabulary")
        if operation == "spread_word":
            ratio = Interval(max(i.lo for i in intervals) / min(i.hi for i in intervals) if min(i.hi for i in intervals) > 0 else math.inf,
                             max(i.hi for i in intervals) / min(i.lo for i in intervals) if min(i.lo for i in intervals) > 0 else math.inf)
            ok = ratio.overlaps(word.interval)
            return ok, f"largest over smallest {ratio.text()} {'within' if ok else 'outside'} '{word.term}' {word.interval.text()}", ratio
        if operation == "share_word" and len(intervals) == 1:
            share = a.scale(1 / (share_scale or 1.0))
            ok = share.overlaps(word.interval)
            return ok, f"{labels[0]} as a share {share.text()} {'within' if ok else 'outside'} '{word.term}' {word.interval.text()}", share
        pairs = [(labels[i], labels[i + 1], intervals[i].divide(intervals[i + 1])) for i in range(0, len(intervals) - 1, 2)]
        found = [f"{p}/{w} {s.text()}" for p, w, s in pairs]
        bad = [f"{p}/{w}" for p, w, s in pairs if not s.overlaps(word.interval)]
        whole = Interval(min(s.lo for *_, s in pairs), max(s.hi for *_, s in pairs))
        if bad:
            return False, f"{', '.join(found)}: {', '.join(bad)} outside '{word.term}' {word.interval.text()}", whole
        return True, f"{', '.join(found)} within '{word.term}' {word.interval.text()}", whole
    raise ValueError(f"unknown order operation {operation!r}")
