"""Put the sources side by side: which claims measure the same quantity, who produced them, and do they agree?

A quantity is a measure of a category in a region over a period, listed by
hand in data/raw/quantities.csv with the kind of comparison it makes
(``comparison``: ``same`` figures for one thing, a ``series`` of cumulative
counts at different dates, or ``plan_and_outcome``). A claim belongs to a
quantity

- by rule, when its measure, category, region and period are the quantity's
  (executions and death sentences are different measures: no rule joins them);
- by hand (data/raw/quantity_members.csv), with a reason and a ``scope``:
  ``same`` where the rule cannot see it (a period the text leaves out, a
  synonym); ``plan`` for a limit set beside the outcome of a
  ``plan_and_outcome`` quantity; ``plan_presented_as_outcome`` for a figure
  the text words as an outcome although its own figures show it is the plan
  (the reason gives the evidence); ``different_scope`` for a figure shown
  beside the quantity because readers confuse it with it (a death sentence
  beside an execution, one year beside two), saying how it differs;
  ``excluded`` where the rule would join what is not the same.

Who produced each figure, which producers are independent, and the agreement
class of a quantity's figures by the weight of the evidence are ``weighing``'s
(its docstring gives each class and its rule); this module joins the claims to
their quantities, weighs each quantity with it and explains the result.
"""

from __future__ import annotations

import math

import pandas as pd

from repression_data import dtypes
from repression_data.engine.pages import format_pages
from repression_data.engine.restatements import kind_of, revisions
from repression_data.engine.weighing import Producers, agreement, claim_roots, closed_bounds, informative, interval
from repression_data.errors import Problem

KEY = ["measure", "category", "region", "period_start", "period_end"]
SCOPES = ["same", "plan", "plan_presented_as_outcome", "different_scope", "excluded"]
PLAN_SCOPES = ("plan", "plan_presented_as_outcome")
COMPARISONS = ["same", "series", "plan_and_outcome"]
TESTIMONY = "testimony"  # the producer kind of a participant's claim
PLAN = "plan"
MEMBERS_FILE = "data/raw/quantity_members.csv"
QUANTITIES_FILE = "data/raw/quantities.csv"


def _carries_key(claim, quantity) -> bool:
    """The figure states a period where the quantity has one (joined by rule or by hand, it is otherwise of the quantity's key)."""
    if pd.isna(quantity.period_start) and pd.isna(quantity.period_end):
        return True
    return not (pd.isna(claim.period_start) and pd.isna(claim.period_end))


def _acknowledgement(quantity, problems: list[Problem]) -> str | None:
    """'"quote" (source_id, l. N)' from the quantity's acknowledged_* columns, or None; a partial one is a problem."""
    parts = [getattr(quantity, f"acknowledged_{x}", None) for x in ("source", "line", "quote")]
    given = [not (p is None or (isinstance(p, float) and math.isnan(p)) or p is pd.NA or (isinstance(p, str) and not p.strip())) for p in parts]
    if not any(given):
        return None
    if not all(given):
        problems.append(Problem(QUANTITIES_FILE, f"quantity {quantity.quantity_id}", "acknowledged_quote",
                                "an acknowledgement needs acknowledged_source, acknowledged_line and acknowledged_quote"))
        return None
    return f"'{parts[2]}' ({parts[0]}, l. {int(parts[1])})"


def stated_changes(relations: pd.DataFrame | None, claims: pd.DataFrame) -> dict[str, str]:
    """claim id -> the percentage claim a ``percent_change`` relation gives for it (the change the text states, e.g. '8.5% higher')."""
    if relations is None or relations.empty:
        return {}
    by_id = claims.drop_duplicates("claim_id").set_index("claim_id")
    out: dict[str, str] = {}
    for r in relations[relations["operation"] == "percent_change"].itertuples(index=False):
        result = r.result
        if not (isinstance(result, str) and result in by_id.index and by_id.at[result, "unit"] == "percent" and isinstance(r.operands, str)):
            continue
        for c in r.operands.replace("+", ";").split(";"):
            if c in by_id.index:
                out.setdefault(c, result)
    return out


def _adjustment(claim_id: str, revision: tuple[list[str], str], claims: pd.DataFrame, stated: dict[str, str] | None = None) -> str:
    """"RM-0030 'more than 700,000' revises GN-0542 '681,692': +8.5% as the text states (RM-0034), about 739,636; ..." : the change the
    text states where a percent_change relation gives it, else the change from the restated value to the figure's own; a figure
    printed as a bound ('more than') is a floor, and the change to it is said to be a floor, never the adjustment itself."""
    revised, reason = revision
    value = claims.at[claim_id, "value"] if claim_id in claims.index else math.nan
    base = sum(claims.at[t, "value"] for t in revised if t in claims.index)
    bound = claim_id in claims.index and claims.at[claim_id, "qualifier"] in ("more_than", "at_least", "less_than", "at_most")
    words = {"approx": "about ", "more_than": "more than ", "at_least": "at least ", "less_than": "less than ", "at_most": "at most "}

    def show(c):
        return f"{c} '{words.get(claims.at[c, 'qualifier'], '')}{claims.at[c, 'value_printed']}'"
    to_print = f"{100 * (value / base - 1):+.1f}%" if base and not pd.isna(value) and not pd.isna(base) else ""
    percent = (stated or {}).get(claim_id)
    if percent is not None and percent in claims.index and base and not pd.isna(claims.at[percent, "value"]):
        p = claims.at[percent, "value"]
        change = f": {p:+g}% as the text states ({percent}), about {base * (1 + p / 100):,.0f}"
        if to_print:
            change += f"; the figure printed is {'a floor' if bound else 'rounded'}, {to_print} from the count"
    elif to_print:
        change = f": at least {to_print} (to the bound the text prints; the text states no size)" if bound else f": {to_print}"
    else:
        change = ""
    return f"{show(claim_id)} revises {' + '.join(show(t) for t in revised)}{change}; {reason}"


def ratio(plans: pd.DataFrame, outcomes: pd.DataFrame) -> tuple[float, float]:
    """(lowest, highest) outcome / plan over the figures with a value."""
    p = plans["value"].dropna()
    o = outcomes["value"].dropna()
    if p.empty or o.empty or (p <= 0).any():
        return (math.nan, math.nan)
    return (float(o.min() / p.max()), float(o.max() / p.min()))


def build_quantities(claims: pd.DataFrame, quantities: pd.DataFrame, members: pd.DataFrame, origins, problems: list[Problem],
                     producers: pd.DataFrame | None = None, figure_kinds: dict[str, str] | None = None,
                     quantity_origins=None, restatements: pd.DataFrame | None = None,
                     relations: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """The quantities table and each claim's quantity_id (null where nothing else measures the same).

    ``producers`` is the producers table (producer_id, name, kind, date,
    derived_from); ``figure_kinds`` maps each measure to its figure kind
    (plan, flow, stock, change, proposal). Problems are appended to
    ``problems`` naming data/raw/quantity_members.csv or
    data/raw/quantities.csv, the record and the field: an unknown claim or
    quantity, an unknown scope or comparison, a plan joined to an outcome
    quantity other than as a plan of a plan_and_outcome quantity, a figure of
    another kind than its quantity (a stock in a flow quantity), a
    plan_and_outcome quantity without a plan or an outcome, a conflict with no
    note explaining it, a claim in two quantities, an acknowledgement with
    no source, line or quote. ``restatements`` (data/raw/restatements.csv,
    checked by ``restatements.check_restatements``) roots each repeat or
    rounding to the count it restates and marks the revisions. ``relations``
    (data/raw/relations.csv) closes a bound by its parts (``closed_bounds``).
    """
    closed = closed_bounds(claims, relations)
    stated = stated_changes(relations, claims)
    figure_kinds = figure_kinds or {}
    who = Producers(producers)
    known_quantities = set(quantities["quantity_id"])
    member_known = members["claim_id"].isin(claims["claim_id"])
    for i, m in enumerate(members.itertuples(index=False)):
        if not member_known.iloc[i]:
            problems.append(Problem(origins[i].file, origins[i].record, "claim_id", f"{m.claim_id!r} is not a claim"))
        if m.quantity_id not in known_quantities:
            problems.append(Problem(origins[i].file, origins[i].record, "quantity_id", f"{m.quantity_id!r} is not in {QUANTITIES_FILE}"))
    comparison_of = {}
    for i, q in enumerate(quantities.itertuples(index=False)):
        comparison = getattr(q, "comparison", None)
        comparison = comparison if isinstance(comparison, str) and comparison else "same"
        comparison_of[q.quantity_id] = comparison
        if comparison not in COMPARISONS:
            where = quantity_origins[i] if quantity_origins is not None else None
            problems.append(Problem(where.file if where else QUANTITIES_FILE, where.record if where else f"quantity {q.quantity_id}", "comparison",
                                    f"{comparison!r} is not one of {', '.join(COMPARISONS)}"))
    if problems:
        return pd.DataFrame(), dtypes.text([])
    member_origin = {(m.quantity_id, m.claim_id): origins[i] for i, m in enumerate(members.itertuples(index=False))}
    # The rule, as one join on the key (null periods match null periods).
    persons = claims.loc[claims["unit"] == "persons", ["claim_id", *KEY]]
    by_rule = persons.merge(quantities[["quantity_id", *KEY]], on=KEY, how="inner").groupby("quantity_id")["claim_id"].apply(list).to_dict()
    involved = set(members["claim_id"]) | {c for ids in by_rule.values() for c in ids}
    by_id = claims[claims["claim_id"].isin(involved)].set_index("claim_id", drop=False)
    producer_of = pd.Series(who.of(by_id).values, index=by_id.index)
    root_of = claim_roots(claims, who, restatements).reindex(by_id.index)
    revised_by = revisions(restatements)
    all_roots = claim_roots(claims, who, restatements)
    claims_by_id = claims.drop_duplicates("claim_id").set_index("claim_id", drop=False)
    quantity_of: dict[str, str] = {}
    rows = []
    for quantity in quantities.itertuples(index=False):
        qid, comparison = quantity.quantity_id, comparison_of[quantity.quantity_id]
        listed = members[members["quantity_id"] == qid]
        not_same = set(listed.loc[listed["scope"] != "same", "claim_id"])
        same_ids = [c for c in by_rule.get(qid, []) if c not in not_same]
        same_ids += [c for c in listed.loc[listed["scope"] == "same", "claim_id"] if c not in same_ids]
        plan_ids = list(listed.loc[listed["scope"].isin(PLAN_SCOPES), "claim_id"])
        different_ids = list(listed.loc[listed["scope"] == "different_scope", "claim_id"])
        same, plans, different = by_id.loc[same_ids], by_id.loc[plan_ids], by_id.loc[different_ids]
        quantity_kind = figure_kinds.get(quantity.measure)

        def where(claim_id: str):
            origin = member_origin.get((qid, claim_id))
            return (origin.file, origin.record) if origin else (MEMBERS_FILE, f"quantity {qid}, claim {claim_id} (joined by rule)")

        if quantity_kind == PLAN and comparison == "plan_and_outcome":
            problems.append(Problem(QUANTITIES_FILE, f"quantity {qid}", "measure", f"a plan_and_outcome quantity names the outcome's measure, but {quantity.measure!r} is a plan"))
        for claim_id, claim in same.iterrows():
            kind = figure_kinds.get(claim["measure"])
            if kind == PLAN and quantity_kind not in (None, PLAN):
                problems.append(Problem(*where(claim_id), "scope", f"{claim_id} is a plan ({claim['measure']}) and cannot join the outcome quantity {qid} as 'same'; "
                                        "list it with scope 'plan' in a quantity whose comparison is plan_and_outcome"))
            elif kind is not None and quantity_kind is not None and kind != quantity_kind:
                problems.append(Problem(*where(claim_id), "scope", f"{claim_id} is a {kind} figure ({claim['measure']}) but {qid} counts a {quantity_kind}; list it as different_scope"))
        for claim_id, scope in zip(listed.loc[listed["scope"].isin(PLAN_SCOPES), "claim_id"], listed.loc[listed["scope"].isin(PLAN_SCOPES), "scope"]):
            if comparison != "plan_and_outcome":
                problems.append(Problem(*where(claim_id), "scope", f"{scope!r} is allowed only in a quantity whose comparison is plan_and_outcome; {qid} is {comparison!r}"))
            if claim_id not in by_id.index:
                continue
            kind = figure_kinds.get(by_id.at[claim_id, "measure"])
            if scope == "plan" and kind not in (None, PLAN):
                problems.append(Problem(*where(claim_id), "scope", f"{claim_id} is a {kind} figure, not a plan; if the evidence shows that the text presents a plan as an outcome, use 'plan_presented_as_outcome'"))
            if scope == "plan_presented_as_outcome" and kind == PLAN:
                problems.append(Problem(*where(claim_id), "scope", f"{claim_id} is already a plan ({by_id.at[claim_id, 'measure']}); use 'plan'"))
        if comparison == "plan_and_outcome" and (plans.empty or same.empty):
            problems.append(Problem(QUANTITIES_FILE, f"quantity {qid}", "comparison", f"plan_and_outcome needs a plan (scope 'plan' in {MEMBERS_FILE}) and an outcome; it has {len(plans)} and {len(same)}"))
        for claim_id in [*same_ids, *plan_ids]:
            if claim_id in quantity_of:
                problems.append(Problem(MEMBERS_FILE, f"claim {claim_id}", "quantity_id", f"belongs to both {quantity_of[claim_id]} and {qid}"))
            quantity_of[claim_id] = qid
        roots = root_of.reindex(same_ids)
        dates = pd.Series([who.counted_to(p, e) for p, e in zip(producer_of.reindex(same_ids), same["period_end"])], dtype="object")
        spans = [(closed[c][0], closed[c][0]) if c in closed else interval(row) for c, row in zip(same_ids, same.itertuples(index=False))]
        rows_informative = [(c in closed or informative(span, row.qualifier)) and _carries_key(row, quantity)
                            for c, span, row in zip(same_ids, spans, same.itertuples(index=False))]
        testimony = [who.kind.get(r) == TESTIMONY for r in roots]
        revising = [c in revised_by and bool({all_roots.get(t) for t in revised_by[c][0]} & (set(roots) - {roots[c]})) for c in same_ids]
        verdict = agreement(same, plans, comparison, roots.reset_index(drop=True), dates, has_different=not different.empty,
                            informative_rows=rows_informative, testimony=testimony, revising=revising, intervals=spans)
        if verdict in ("conflict", "revision") and not (isinstance(quantity.note, str) and quantity.note.strip()):
            problems.append(Problem(QUANTITIES_FILE, f"quantity {qid}", "note", f"the figures {'conflict' if verdict == 'conflict' else 'revise a count'}: "
                                    "the note must say why (who counted what, and why they differ)"))
        acknowledgement = _acknowledgement(quantity, problems)
        adjustment = "; ".join(_adjustment(c, revised_by[c], claims_by_id, stated) for c, r in zip(same_ids, revising) if r) or None
        values = same["value"].dropna()
        low, high = ratio(plans, same) if comparison == "plan_and_outcome" else (math.nan, math.nan)
        independent = sorted(set(roots.dropna()) | (set(root_of.reindex(plan_ids).dropna()) if comparison == "plan_and_outcome" else set()))
        rows.append({
            "quantity_id": qid, "label": quantity.label,
            **{column: getattr(quantity, column) for column in KEY},
            "comparison": comparison,
            "n_claims": len(same), "n_texts": same["source_id"].nunique(),
            "n_producers": len(independent),
            "producers": "; ".join(independent) or None,
            "n_plan": len(plans), "n_different_scope": len(different),
            "min": values.min() if len(values) else math.nan, "max": values.max() if len(values) else math.nan,
            "spread": values.max() / values.min() if len(values) and values.min() > 0 else math.nan,
            "ratio_low": low, "ratio_high": high,
            "n_informative": len({r for r, ok in zip(roots, rows_informative) if ok}),
            "agreement": verdict,
            "acknowledged": ("yes" if acknowledgement else "no") if verdict in ("conflict", "revision") else None,
            "acknowledgement": acknowledgement if verdict in ("conflict", "revision") else None,
            "adjustment": adjustment,
            "scope_note": "; ".join(f"{c}: {r}" for c, r in zip(listed.loc[listed["scope"] != "same", "claim_id"], listed.loc[listed["scope"] != "same", "reason"])
                                    if c in set(plan_ids) | set(different_ids)) or None,
            "closed_by": "; ".join(closed[c][1] for c in same_ids if c in closed) or None,
            "note": quantity.note,
        })
    table = pd.DataFrame(rows)
    for column in ("min", "max"):  # figures of persons: whole numbers, as nullable integers
        fractional = table[column].notna() & (table[column] % 1 != 0)
        for quantity_id, value in zip(table.loc[fractional, "quantity_id"], table.loc[fractional, column]):
            problems.append(Problem("data/raw/quantities.csv", f"quantity {quantity_id}", column, f"{value} is not a whole number of persons"))
        table[column] = table[column].where(~fractional).round().astype("Int64")
    for column in ("label", "measure", "category", "region", "comparison", "producers", "agreement", "acknowledged", "acknowledgement", "adjustment", "scope_note", "closed_by", "note"):
        table[column] = dtypes.text(table[column])
    return table, dtypes.text(claims["claim_id"].map(quantity_of).reset_index(drop=True))


class SideBySide:
    """The figures of every quantity side by side, prepared once for a set of tables (``compare`` for one quantity).

    Built from the claims, sources, quantities, quantity_members, producers,
    measures and restatements tables; what every quantity shares (each claim's
    producer and independent root, what it restates, each measure's figure kind,
    each text's citation) is worked out once, so that calling it for many
    quantities costs one join each. Calling it with a quantity id gives a new
    DataFrame of its own (see ``compare``).
    """

    def __init__(self, claims: pd.DataFrame, sources: pd.DataFrame, quantities: pd.DataFrame, members: pd.DataFrame,
                 producers: pd.DataFrame | None = None, measures: pd.DataFrame | None = None, restatements: pd.DataFrame | None = None):
        self.claims, self.members, self.with_producers = claims, members, producers is not None
        self.known = set(quantities["quantity_id"])
        self.known_sorted = sorted(quantities["quantity_id"])
        self.who = Producers(producers)
        self.roots = claim_roots(claims, self.who, restatements)
        self.restated = kind_of(restatements)
        self.kinds = dict(zip(measures["term"], measures["figure_kind"])) if measures is not None and "figure_kind" in measures.columns else {}
        self.cite = sources.set_index("source_id")
        self.done: dict[str, pd.DataFrame] = {}

    def __call__(self, quantity_id: str) -> pd.DataFrame:
        if not isinstance(quantity_id, str) or quantity_id not in self.known:
            raise KeyError(f"unknown quantity {quantity_id!r}; the quantities are: {', '.join(self.known_sorted)}")
        if quantity_id not in self.done:
            self.done[quantity_id] = self._side(quantity_id)
        return self.done[quantity_id].copy(deep=True)  # a frame of the caller's own: changing it changes no later answer

    def _side(self, quantity_id: str) -> pd.DataFrame:
        claims, members, who, cite = self.claims, self.members, self.who, self.cite
        same = claims[claims["quantity_id"] == quantity_id]
        listed = members[(members["quantity_id"] == quantity_id) & (members["scope"] != "same") & (members["scope"] != "excluded")]
        side_by_side = claims.merge(listed[["claim_id", "scope", "reason"]], on="claim_id").rename(columns={"reason": "scope_reason"})
        same = same[~same["claim_id"].isin(side_by_side["claim_id"])].assign(scope="same", scope_reason=None)
        side = pd.concat([same, side_by_side], ignore_index=True)
        producer = who.of(side)
        side["producer_id"] = side["producer_id"] if "producer_id" in side.columns else None
        if not self.with_producers:  # no producers table: name the producer as the text words it
            side["producer"] = side["attributed_to"].where(side["attributed_to"].notna(), [who.label(p) for p in producer])
        else:
            side["producer"] = [who.label(p) for p in producer]
        side["producer_kind"] = [None if p.startswith("text:") else who.kind.get(p) for p in producer]
        side["independent_producer"] = [self.roots.get(c, who.root(p)) for c, p in zip(side["claim_id"], producer)]
        side["restates"] = side["claim_id"].map(self.restated)
        side["figure_kind"] = side["measure"].map(self.kinds)
        side["citation"] = [
            f"{cite.at[s, 'authors'] if isinstance(cite.at[s, 'authors'], str) else 'Anonymous'} ({cite.at[s, 'year'] if not pd.isna(cite.at[s, 'year']) else 'n.d.'}), "
            f"{cite.at[s, 'title']}, {loc}" + (f", {format_pages(int(low), int(high))}" if not (pd.isna(low) or pd.isna(high)) else "")
            for s, loc, low, high in zip(side["source_id"], side["locator"], side["page_low"], side["page_high"])
        ]
        order = {scope: i for i, scope in enumerate(SCOPES)}
        side["_order"] = side["scope"].map(order)
        columns = ["scope", "claim_id", "value_printed", "value", "value_low", "value_high", "qualifier", "measure", "figure_kind", "category",
                   "period_start", "period_end", "attributed_to", "producer_id", "producer", "producer_kind", "independent_producer",
                   "restates", "citation", "quote", "scope_reason"]
        return side.sort_values(["_order", "value", "claim_id"]).reset_index(drop=True)[columns]


def compare(quantity_id: str, claims: pd.DataFrame, sources: pd.DataFrame, quantities: pd.DataFrame, members: pd.DataFrame,
            producers: pd.DataFrame | None = None, measures: pd.DataFrame | None = None, restatements: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims of one quantity side by side, with their citations, producers and kinds.

    One row per figure: ``scope`` (same, plan, plan_presented_as_outcome,
    different_scope), the claim's id, print, reading, bounds, qualifier,
    measure, ``figure_kind`` (plan, flow, stock, change, proposal), category,
    period, ``attributed_to`` (the text's wording), ``producer_id`` (null for
    the text's own figure), ``producer`` (its name, or "the text's own
    figure"), ``producer_kind``, ``independent_producer`` (the root of
    derived_from, or of the count a repeat or rounding restates: figures with
    the same one are repeats, not corroboration), ``restates`` ('rounding of
    GN-0465', from data/raw/restatements.csv), the citation, the quote and
    ``scope_reason``. Raises KeyError for an
    unknown quantity, listing the known ones. For many quantities of the same tables, ``SideBySide`` prepares once.
    """
    return SideBySide(claims, sources, quantities, members, producers, measures, restatements)(quantity_id)
