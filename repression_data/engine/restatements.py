"""Figures a text restates: repeats, roundings, revisions and extensions of another claim's count.

data/raw/restatements.csv, edited by hand, links a claim to the claim(s) it
restates (``restates``, '; '-separated where a figure rounds a sum), with a
``kind`` and a ``reason`` that cites the lines:

- ``repeat``: the same figure printed again (a table cell in the narrative, a
  speaker repeating himself); the two intervals must share a value;
- ``rounding``: a round figure of a count given elsewhere ("about 193,000"
  for Table 5's 193,083); the rounding's interval (the claim's qualifier and
  the rounding its print shows, as for every comparison) must hold the
  restated count, or the sum of the restated counts;
- ``revision``: one producer adjusting another's count ("more than 700,000"
  death sentences, the official 681,692 raised by 8.5%). Nothing is required
  of the values: a revision differs by design;
- ``extension``: an estimate of a wider scope built on another's count (Getty
  and Naumov's "not too far from 1.7 million" arrests of every kind in
  1937-38, built on the 1953 report's 1,575,259 arrests by the security police
  plus arrests on other charges). It is neither a repeat nor a revision of the
  count: it counts something else, keeps its own producer and belongs to
  another quantity. Its interval must reach the count it builds on (a wider
  scope cannot hold fewer).

A repeat or a rounding has no producer of its own for comparison: it roots to
the count it restates (``root_claims``), so that a text's own rounding is never
counted as a second, independent witness. A revision keeps its own producer;
the quantities layer shows it as a revision of the count, not as a second
count (see quantities.agreement).

The build refuses an unknown or withdrawn claim id, an unknown kind, a claim
that restates itself, a cycle, a repeat or rounding whose values do not fit,
figures of different units, an extension smaller than the count it builds on,
and a claim listed twice; each problem names
data/raw/restatements.csv, the record and the field.
"""

from __future__ import annotations

import math

import pandas as pd

from repression_data.engine.intervals import claim_interval
from repression_data.errors import Problem

FILE = "data/raw/restatements.csv"
KINDS = ["repeat", "rounding", "revision", "extension"]
ROOTING = ("repeat", "rounding")  # the kinds that root a claim to the count it restates


def targets(restates) -> list[str]:
    """The claim ids a ``restates`` cell names ('GN-0219; GN-0223' -> ['GN-0219', 'GN-0223'])."""
    if not isinstance(restates, str):
        return []
    return [t.strip() for t in restates.split(";") if t.strip()]


def _interval(row: dict) -> tuple[float, float] | None:
    row = dict(row)
    for column, default in (("value_low", math.nan), ("value_high", math.nan), ("unit", "persons"), ("quote", ""), ("measure", "")):
        row.setdefault(column, default)
    found, _ = claim_interval(row)
    return None if found is None else (found.lo, found.hi)


def check_restatements(restatements: pd.DataFrame, origins, claims: pd.DataFrame, withdrawn_claims: set[str] | None = None) -> list[Problem]:
    """Every problem of data/raw/restatements.csv (see the module docstring); an empty list when it is sound."""
    withdrawn_claims = withdrawn_claims or set()
    problems: list[Problem] = []
    by_id = claims.drop_duplicates("claim_id").set_index("claim_id")
    seen: set[str] = set()
    edges: dict[str, list[str]] = {}

    def where(i):
        return (origins[i].file, origins[i].record) if origins is not None else (FILE, f"row {i + 1}")

    for i, row in enumerate(restatements.itertuples(index=False)):
        file, record = where(i)
        ids_ok = True
        for field, ids in (("claim_id", [row.claim_id]), ("restates", targets(row.restates))):
            if not ids:
                problems.append(Problem(file, record, field, "names no claim"))
                ids_ok = False
            for claim_id in ids:
                if claim_id in withdrawn_claims:
                    problems.append(Problem(file, record, field, f"{claim_id} is withdrawn (data/raw/withdrawn.csv): link the claim that replaces it"))
                    ids_ok = False
                elif claim_id not in by_id.index:
                    problems.append(Problem(file, record, field, f"{claim_id!r} is not a claim"))
                    ids_ok = False
        if row.kind not in KINDS:
            problems.append(Problem(file, record, "kind", f"{row.kind!r} is not one of {', '.join(KINDS)}"))
        if row.claim_id in seen:
            problems.append(Problem(file, record, "claim_id", f"{row.claim_id} is listed twice: one row per claim"))
        seen.add(row.claim_id)
        if not ids_ok:
            continue
        restated = targets(row.restates)
        if row.claim_id in restated:
            problems.append(Problem(file, record, "restates", f"{row.claim_id} cannot restate itself"))
            continue
        edges[row.claim_id] = restated
        units = {by_id.at[c, "unit"] for c in [row.claim_id, *restated]}
        if len(units) > 1:
            problems.append(Problem(file, record, "restates", f"the figures are in different units ({', '.join(sorted(map(str, units)))}): a restatement gives the same thing"))
            continue
        if row.kind == "extension":
            own = _interval({**by_id.loc[row.claim_id].to_dict(), "claim_id": row.claim_id})
            counts = [by_id.at[c, "value"] for c in restated]
            if own is not None and not any(pd.isna(v) for v in counts) and own[1] < float(sum(counts)):
                problems.append(Problem(file, record, "kind", f"{row.claim_id} allows at most {own[1]:g}, less than the count {float(sum(counts)):g} it builds on: "
                                        "an estimate of a wider scope cannot hold fewer (a revision, or a slip?)"))
            continue
        if row.kind not in ROOTING:
            continue
        own = _interval({**by_id.loc[row.claim_id].to_dict(), "claim_id": row.claim_id})
        others = [_interval({**by_id.loc[c].to_dict(), "claim_id": c}) for c in restated]
        if own is None or any(o is None for o in others):
            problems.append(Problem(file, record, "restates", "a figure without a value cannot be checked as a repeat or a rounding"))
        elif row.kind == "rounding":
            values = [by_id.at[c, "value"] for c in restated]
            if any(pd.isna(v) for v in values):
                problems.append(Problem(file, record, "restates", "a rounding restates counts with a value"))
            else:
                total = float(sum(values))
                if not own[0] <= total <= own[1]:
                    problems.append(Problem(file, record, "kind", f"{row.claim_id} allows {own[0]:g} to {own[1]:g}, which does not hold the restated count {total:g}: "
                                            "not a rounding of it (a revision, or a slip for the relations?)"))
        elif row.kind == "repeat" and len(restated) == 1 and max(own[0], others[0][0]) > min(own[1], others[0][1]):
            problems.append(Problem(file, record, "kind", f"{row.claim_id} ({own[0]:g} to {own[1]:g}) and {restated[0]} ({others[0][0]:g} to {others[0][1]:g}) "
                                    "share no value: not a repeat"))
    for i, row in enumerate(restatements.itertuples(index=False)):
        path, node = [row.claim_id], row.claim_id
        stack = [(row.claim_id, [row.claim_id])]
        cycle = None
        while stack and cycle is None:
            node, path = stack.pop()
            for nxt in edges.get(node, []):
                if nxt == row.claim_id:
                    cycle = [*path, nxt]
                    break
                if nxt not in path:
                    stack.append((nxt, [*path, nxt]))
        if cycle:
            file, record = where(i)
            problems.append(Problem(file, record, "restates", f"a cycle: {' -> '.join(cycle)}"))
    return problems


def root_claims(restatements: pd.DataFrame | None) -> dict[str, list[str]]:
    """Each repeating or rounding claim -> the claims it roots to, following chains (GN-0199 -> GN-0198)."""
    if restatements is None or restatements.empty:
        return {}
    edges = {r.claim_id: targets(r.restates) for r in restatements.itertuples(index=False) if r.kind in ROOTING}

    def roots(claim_id: str, seen: frozenset) -> list[str]:
        if claim_id not in edges or claim_id in seen:
            return [claim_id]
        found: list[str] = []
        for t in edges[claim_id]:
            found += [r for r in roots(t, seen | {claim_id}) if r not in found]
        return found

    return {c: roots(c, frozenset()) for c in edges}


def revisions(restatements: pd.DataFrame | None) -> dict[str, tuple[list[str], str]]:
    """Each revising claim -> (the claims it revises, the reason)."""
    if restatements is None or restatements.empty:
        return {}
    return {r.claim_id: (targets(r.restates), r.reason) for r in restatements.itertuples(index=False) if r.kind == "revision"}


def kind_of(restatements: pd.DataFrame | None) -> dict[str, str]:
    """Each listed claim -> 'rounding of GN-0465' (its kind and what it restates)."""
    if restatements is None or restatements.empty:
        return {}
    return {r.claim_id: f"{r.kind} of {'; '.join(targets(r.restates))}" for r in restatements.itertuples(index=False)}
