"""Weigh a quantity's figures: who produced each, which producers are independent, and what kind of agreement they make.

Producers. A claim's producer is its ``producer_id`` (the producers table), or
the text itself where the figure is the text's own. A producer that only
passes on another's figure (``derived_from``) is not independent of it: the
independent producers of a quantity are the roots of ``derived_from``.

Agreement (the ``agreement`` column), what kind of agreement it is, by the
weight of the evidence. Each figure's independent producer is its *root*: the
root of ``derived_from``, or, for a figure that repeats or rounds a count given
elsewhere (data/raw/restatements.csv, see ``restatements``), the root of that
count. A figure is *informative* when it is a count, or an estimate whose
interval has both ends finite and within a factor of 1.5 (``INFORMATIVE``),
and it states its period where the quantity has one (a figure joined by hand
whose period the text leaves out is not informative). Open bounds
("more than 33,000"), vague words ("dozens") and wide ranges ("500,000 to 7
million") are not informative. The classes, in the order they are decided:

- ``plan_and_outcome``: a plan and its outcome, with their ratio;
- ``different_scope``: at most one figure of the same scope, the others beside it of another scope;
- ``single``: one figure, nothing to compare it with;
- ``repeated``: one root, printed again (in one text or several);
- ``series``: only for a quantity whose comparison is ``series`` (the text
  presents a running count at stated dates): counts to different dates that
  rise (or stay) with the date; two counts to one date that disagree, or a
  running total that falls, is a ``conflict``;
- ``claim_against_count``: a participant's claim (a producer of kind
  ``testimony``, e.g. a defendant at his trial) beside figures of other roots:
  shown as a claim against the count, never as one more count;
- ``revision``: one producer adjusting another's count (a ``revision`` in
  data/raw/restatements.csv whose revised count's root is among the others),
  the other figures agreeing; the ``adjustment`` column shows it;
- ``conflict``: roots whose intervals share no value. The ``acknowledged``
  column says whether the text says so (``acknowledgement`` quotes it, from
  data/raw/quantities.csv); ``n_texts`` 1 marks a contradiction inside one
  text; a conflict (and a revision) needs a ``note`` that explains it;
- ``corroborated``: at least two roots with informative figures, all intervals
  overlapping;
- ``not_contradicted``: the intervals overlap, but fewer than two roots give an
  informative figure: agreement that rests on an open bound, a vague word, a
  wide range or a figure without its period. Not corroboration.

Rounded figures are compared with the rounding their print shows, by the
relation engine's rule (see ``interval``): "800,000" allows 750,000 to
850,000, not 800,000 +/- 0.5.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from repression_data.engine.intervals import claim_interval
from repression_data.engine.restatements import root_claims

AGREEMENTS = ["repeated", "corroborated", "not_contradicted", "revision", "claim_against_count", "conflict", "series", "plan_and_outcome",
              "different_scope", "single"]
INFORMATIVE = 1.5  # an estimate is informative when its high end is at most this factor times its low end


def interval(claim) -> tuple[float, float]:
    """(low, high): the values a claim allows, by the same rule the relation engine uses.

    ``claim`` is a row of the claims table (a namedtuple, a Series or a dict).
    The rounding its print shows (``relations.claim_interval``): "800,000"
    allows 750,000 to 850,000 (a count with trailing zeros may be rounded),
    "1,575,259" only itself, "thirty-six" only 36, "three-quarters of a
    million" every value nearer to 3/4 than to another simple fraction,
    "almost" keeps the part below; ranges, bounds and one-sided qualifiers as
    the qualifier says; limits (quota measures) stay exact. A claim with no
    value and no bounds allows anything (0, inf).
    """

    row = claim._asdict() if hasattr(claim, "_asdict") else dict(vars(claim)) if hasattr(claim, "__dict__") and not hasattr(claim, "keys") else dict(claim)
    for column, default in (("value_low", math.nan), ("value_high", math.nan), ("unit", "persons"), ("quote", ""), ("measure", "")):
        row.setdefault(column, default)
    found, _ = claim_interval(row)
    if found is None:
        return (0.0, math.inf)
    return (found.lo, found.hi)


def _overlap(intervals: list[tuple[float, float]]) -> bool:
    return max(i[0] for i in intervals) <= min(i[1] for i in intervals)


def last_day(text) -> pd.Timestamp | None:
    """The last day a producer's date can mean: '1937' -> 1937-12-31, '1937-02' -> 1937-02-28, '1937-02-26' -> itself; None if it does not parse."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return pd.Timestamp(f"{text}-12-31")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return pd.Timestamp(f"{text}-01") + pd.offsets.MonthEnd(0)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return pd.Timestamp(text)
    except ValueError:
        return None
    return None


class Producers:
    """Who produced each claim, and which producers are independent of one another.

    ``producers`` has producer_id, name, kind, date and derived_from; a claim
    with no producer_id is the text's own figure, whose producer is the text
    (``text:<source_id>``).
    """

    def __init__(self, producers: pd.DataFrame | None):
        self.table = producers if producers is not None else pd.DataFrame(columns=["producer_id", "name", "kind", "date", "derived_from"])
        self.parent = {p: d for p, d in zip(self.table["producer_id"], self.table["derived_from"]) if isinstance(d, str) and d}
        self.name = dict(zip(self.table["producer_id"], self.table["name"]))
        self.kind = dict(zip(self.table["producer_id"], self.table["kind"]))
        self.date = dict(zip(self.table["producer_id"], self.table["date"]))

    def of(self, claims: pd.DataFrame) -> pd.Series:
        """Each claim's producer: its producer_id, or 'text:<source_id>' for the text's own figure."""
        if "producer_id" not in claims.columns:
            return "text:" + claims["source_id"].astype(str)
        own = claims["producer_id"].isna() | claims["producer_id"].astype("str").eq("")
        return claims["producer_id"].astype("object").where(~own, "text:" + claims["source_id"].astype(str))

    def root(self, producer: str) -> str:
        """The independent producer behind ``producer``: follow derived_from to its root (a cycle stops at the repeat)."""
        seen = set()
        while producer in self.parent and producer not in seen:
            seen.add(producer)
            producer = self.parent[producer]
        return producer

    def label(self, producer: str) -> str:
        if producer.startswith("text:"):
            return "the text's own figure"
        return str(self.name.get(producer, producer))

    def counted_to(self, producer: str, period_end) -> pd.Timestamp | None:
        """The date a count runs to: the producer's date where it parses, else the claim's period end."""
        date = last_day(self.date.get(producer))
        return date if date is not None else (None if pd.isna(period_end) else pd.Timestamp(period_end))


def informative(interval_: tuple[float, float], qualifier=None) -> bool:
    """A count, or an estimate with both ends finite and within a factor of INFORMATIVE; never a vague word or an open bound."""
    low, high = interval_
    if qualifier == "vague" or not (math.isfinite(low) and math.isfinite(high)) or low <= 0:
        return False
    return high <= INFORMATIVE * low


def agreement(same: pd.DataFrame, plans: pd.DataFrame | None = None, comparison: str = "same", roots: pd.Series | None = None,
              dates: pd.Series | None = None, has_different: bool = False, informative_rows: pd.Series | None = None,
              testimony: pd.Series | None = None, revising: pd.Series | None = None,
              intervals: list[tuple[float, float]] | None = None) -> str:
    """The agreement class of a quantity's figures (see the module docstring for each class and its rule).

    ``same`` holds the figures of the same scope with their columns value,
    value_low, value_high, qualifier and value_printed; ``roots`` their
    independent producers (one per row; default: each source_id);
    ``dates`` the date each count runs to (for a series); ``plans`` the plan
    figures of a plan_and_outcome quantity; ``has_different`` whether
    figures of another scope are shown beside them. One flag per row:
    ``informative_rows`` (default: the figure's interval, see ``informative``,
    with no check of its period), ``testimony`` (its root is a participant's
    claim), ``revising`` (it revises the count of another row's root).
    ``intervals`` overrides each row's interval (a bound the text closes by
    its parts, see ``closed_bounds``).
    """
    plans = plans if plans is not None else same.iloc[0:0]
    if comparison == "plan_and_outcome" and len(plans) and len(same):
        return "plan_and_outcome"
    if same.empty or (len(same) == 1 and has_different):
        return "different_scope"
    if len(same) == 1:
        return "single"
    roots = list(roots if roots is not None else same["source_id"])
    if len(set(roots)) <= 1:
        return "repeated"
    intervals = list(intervals) if intervals is not None else [interval(c) for c in same.itertuples(index=False)]
    d = list(dates) if dates is not None else []
    if comparison == "series" and d and all(x is not None and not pd.isna(x) for x in d) and len(set(d)) > 1:
        for i in range(len(d)):
            for j in range(len(d)):
                if i != j and d[i] == d[j] and not _overlap([intervals[i], intervals[j]]):
                    return "conflict"  # two counts to one date that disagree
                if d[i] < d[j] and intervals[j][1] < intervals[i][0]:
                    return "conflict"  # a running total that falls
        return "series"
    n = len(same)
    flags = list(testimony) if testimony is not None else [False] * n
    if any(flags) and not all(flags):
        return "claim_against_count"
    revised = list(revising) if revising is not None else [False] * n
    if any(revised) and not all(revised):
        rest = [iv for iv, r in zip(intervals, revised) if not r]
        return "revision" if _overlap(rest) else "conflict"
    if not _overlap(intervals):
        return "conflict"
    if informative_rows is None:
        informative_rows = [informative(iv, q) for iv, q in zip(intervals, same["qualifier"] if "qualifier" in same.columns else [None] * n)]
    witnesses = {r for r, ok in zip(roots, informative_rows) if ok}
    return "corroborated" if len(witnesses) >= 2 else "not_contradicted"


OPEN_BOUNDS = ("more_than", "at_least", "less_than", "at_most", "approx")


def closed_bounds(claims: pd.DataFrame, relations: pd.DataFrame | None) -> dict[str, tuple[float, str]]:
    """claim id -> (sum, why) for a bound or approximate figure that the text closes by its parts.

    A relation ``sum`` whose result is the claim and whose operands are all
    exact counts (each interval a single value) fixes the total the bound
    speaks of, where the sum lies within the bound ("more than 33,000 ...;
    9,941 were arrested, and 23,434 were discharged but not arrested": 33,375).
    The quantity's judgement then uses the sum: the bound is not open.
    """
    if relations is None or relations.empty:
        return {}
    by_id = claims.drop_duplicates("claim_id").set_index("claim_id", drop=False)
    out: dict[str, tuple[float, str]] = {}
    for r in relations.itertuples(index=False):
        result, operands = getattr(r, "result", None), getattr(r, "operands", None)
        if getattr(r, "operation", None) != "sum" or not isinstance(result, str) or result not in by_id.index or not isinstance(operands, str):
            continue
        parts = [p.strip() for p in operands.split(";") if p.strip()]
        if not parts or any(p not in by_id.index for p in parts) or by_id.at[result, "qualifier"] not in OPEN_BOUNDS:
            continue
        spans = [interval(by_id.loc[p]) for p in parts]
        if any(lo != hi for lo, hi in spans):
            continue
        total = float(sum(lo for lo, _ in spans))
        low, high = interval(by_id.loc[result])
        if low <= total <= high:
            out[result] = (total, f"{result} '{by_id.at[result, 'value_printed']}' is closed by its parts ({r.relation_id}: "
                                  f"{' + '.join(str(by_id.at[p, 'value_printed']) for p in parts)} = {total:,.0f})")
    return out


def claim_roots(claims: pd.DataFrame, who: "Producers", restatements: pd.DataFrame | None = None) -> pd.Series:
    """Each claim's independent root: the root of its producer, or, for a repeat or a rounding, the root(s) of the count it restates ('a + b')."""
    claims = claims.drop_duplicates("claim_id")
    own = pd.Series([who.root(p) for p in who.of(claims)], index=claims["claim_id"].values)
    rooted = {c: " + ".join(sorted({own.get(t, t) for t in ts})) for c, ts in root_claims(restatements).items()}
    return own.where(~own.index.isin(list(rooted)), pd.Series(rooted).reindex(own.index))
