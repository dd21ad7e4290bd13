"""Recompute the arithmetic the texts state between their figures, and judge it.

A relation (data/raw/relations.csv) names an operation, the claims it
operates on and the claim (or constant) holding the result the text
states. ``evaluate`` recomputes each one with interval arithmetic.

Each claim is read as an interval (:mod:`intervals`); the operation (:mod:`operations`) is
applied to the operands' intervals.

The operation is applied to the operands' intervals, giving the interval of
every value the computation can take, and compared with the stated
result's interval. A reading of the prints (one candidate value for every
undecided print, see the ``readings`` table) is consistent when the two
intervals share a value. The verdict:

- consistent: every reading is consistent;
- consistent_for_some_readings: some readings are, others are not;
- inconsistent: no reading is; ``gap`` says by how much (computed - stated);
- contradiction: no reading is, and the two sides are figures of two
  passages or documents (``passages`` = across: two figures for one thing,
  or a share in one place and its counts in another) that the text gives
  without reconciling them; ``acknowledged`` quotes the text where it notices;
- not_computable: a figure is missing, unprinted, vague without bounds,
  or comes from a passage the text does not link to the relation.

Every inconsistent or contradictory verdict carries a ``slip_kind`` (who
slipped: see the ``slip_kinds`` vocabulary; the build refuses one without),
and a discrepancy the data explains carries its ``explanation``.

Relations fall into four classes (``check_class``), counted apart:
``recomputed`` (a stated total, share, difference or ratio recomputed),
``repeated_print`` (one figure printed twice), ``order`` (a statement of
order or trend: less, more, lowest since, steadily, majority, roughly
comparable; :mod:`order`) and ``weak`` (a part is not larger than its
whole, which says far less than a recomputed result).

A relation reads each claim through ``claim_interval`` only (the claim's own
print, qualifier and bounds: one reading of a word per claim). The one
exception is named in the relation: ``bound_as_value`` lists operands whose
printed bound is the figure itself (the term "up to 3 years" divided into 1
and 2 years), read as that bound, not as every value up to it.
"""
from __future__ import annotations

import itertools
import math

import pandas as pd

from repression_data.engine.intervals import PROSE_RULE, Interval, claim_interval, fmt_number, stable
from repression_data.engine.operations import BOUND_CHECKS, OPERATIONS, bound_of_check, compute, compute_interval
from repression_data.engine.order import ORDER_OPERATIONS, SHARE_UNITS, WORD_SCALES, Word, judge_order

# Check classes, counted apart in the reports.
CHECK_CLASSES = ("recomputed", "repeated_print", "order", "weak")
CHECK_CLASS_LABELS = {
    "recomputed": "stated totals, shares, differences and ratios recomputed",
    "repeated_print": "a figure printed twice",
    "order": "statements of order and trend: less or more than, lowest since, steadily, majority, roughly comparable",
    "weak": "weak checks: a part is not larger than its whole, or lies within bounds",
}
VERDICTS = ("consistent", "consistent_for_some_readings", "inconsistent", "contradiction", "not_computable")
# Verdicts that say a text's figures do not bear a relation out: each needs a slip_kind.
SLIP_VERDICTS = ("inconsistent", "contradiction")

NOT_PRINTED = "?"


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


# The figures of a result, rounded to intervals.SIGNIFICANT significant digits.
FIGURE_COLUMNS = ["stated_value", "computed_value", "gap", "tolerance", "computed_low", "computed_high", "stated_low", "stated_high"]
RESULT_COLUMNS = [
    "relation_id", "source_id", "theme", "locator", "description", "operation", "formula", "stated_value",
    "stated_qualifier", "computed_value", "verdict", "gap", "tolerance", "reason", "claim_ids",
    "check_class", "computed_low", "computed_high", "stated_low", "stated_high", "readings", "tolerance_basis", "measures",
    "word", "passages", "slip_kind", "acknowledged", "explanation",
]


def check_class(operation: str) -> str:
    """recomputed, repeated_print (equal), order (the ORDER_OPERATIONS) or weak (part_of and the BOUND_CHECKS)."""
    return {"equal": "repeated_print", "part_of": "weak", **{op: "weak" for op in BOUND_CHECKS},
            **{op: "order" for op in ORDER_OPERATIONS}}.get(operation, "recomputed")


def _text_field(rel: dict, name: str) -> str | None:
    value = rel.get(name)
    return value if isinstance(value, str) and value else None


def word_table(words: pd.DataFrame | None) -> dict[str, Word]:
    """term -> Word from the order_words table (empty without one)."""
    if words is None or words.empty:
        return {}
    return {row["term"]: Word.from_row(row) for row in words.to_dict("records")}


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


def evaluate(relations: pd.DataFrame, claims: pd.DataFrame, readings: pd.DataFrame | None = None,
             words: pd.DataFrame | None = None, rule: str = PROSE_RULE) -> pd.DataFrame:
    """One row per relation: the stated and computed intervals, the verdict and why.

    An operand is a claim id, several joined by '+' (their sum), or '?' for a
    figure the text uses but does not print (the relation is then not
    computable). ``readings`` (claim_id, value) lists the candidate values of
    prints that cannot be decided; every combination of them is tried.
    ``words`` is the order_words vocabulary (the intervals of "majority",
    "roughly comparable", ...); a relation that names a word it does not hold
    is not computable. ``rule`` reads round figures in prose (intervals.PROSE_RULES).
    Columns: RESULT_COLUMNS; verdict one of VERDICTS; check_class one of CHECK_CLASSES. The figures
    (FIGURE_COLUMNS) are rounded to 12 significant digits (intervals.SIGNIFICANT), so that they are
    the same on every numpy and pandas version the package accepts.
    """
    by_id = claims.set_index("claim_id")
    candidates = _candidates(readings)
    vocabulary = word_table(words)
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
            "word": _text_field(rel, "word"), "passages": _text_field(rel, "passages") or "one",
            "slip_kind": _text_field(rel, "slip_kind"), "acknowledged": _text_field(rel, "acknowledged"),
            "explanation": _text_field(rel, "explanation"),
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
        if rel["operation"] in WORD_SCALES and row["word"] not in vocabulary:
            row["reason"] = f"the word {row['word']!r} is not in the order_words vocabulary"
            continue
        _judge_relation(row, rel, operand_ids, result_id, by_id, candidates, vocabulary, rule)
    for row in rows:  # to SIGNIFICANT digits: the same figures, to the byte, on every declared version
        for column in FIGURE_COLUMNS:
            row[column] = stable(row[column])
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _operand_interval(claim, claim_id: str, value, as_bound: set[str], rule: str) -> tuple[Interval | None, str]:
    """A claim's interval, or its printed bound read as the figure itself when the relation says so (bound_as_value)."""
    if claim_id in as_bound and not pd.isna(claim["value"]):
        v = float(claim["value"] if value is None else value)
        return Interval.point(v), f"'{claim['value_printed']}' ({claim['qualifier']}) read as the figure itself, as the relation's note says why"
    return claim_interval(claim, value, rule)


def _judge_relation(row: dict, rel: dict, operand_ids: list[str], result_id: str | None, by_id: pd.DataFrame,
                    candidates: dict[str, list[float]], vocabulary: dict[str, Word] | None = None, rule: str = PROSE_RULE) -> None:
    operation = rel["operation"]
    as_bound = set((_text_field(rel, "bound_as_value") or "").split(";")) - {""}
    undecided = sorted({c for c in row["claim_ids"].split(";") if c in candidates})
    combos = list(itertools.product(*[candidates[c] for c in undecided])) if undecided else [()]
    outcomes = []
    for combo in combos:
        chosen = dict(zip(undecided, combo))
        intervals, whys, missing = [], [], []
        for operand in operand_ids:
            total, parts = None, []
            for claim_id in operand_claims(operand):
                interval, why = _operand_interval(by_id.loc[claim_id], claim_id, chosen.get(claim_id), as_bound, rule)
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
        if operation in ORDER_OPERATIONS:
            word = (vocabulary or {}).get(row["word"]) if row["word"] else None
            first = operand_claims(operand_ids[0])
            scale = SHARE_UNITS.get(by_id.at[first[0], "unit"]) if len(operand_ids) == 1 and first else None
            ok, found, compared = judge_order(operation, intervals, operand_ids, word, scale)
            outcomes.append((chosen, compared, word.interval if word else None, ok, whys, found))
            continue
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
                stated, stated_why = _operand_interval(by_id.loc[result_id], result_id, chosen.get(result_id), as_bound, rule)
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
                                                  "value_printed": f"{constant:g}", "unit": "other", "quote": ""}, None, rule)
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
        row["verdict"] = "contradiction" if row["passages"] == "across" else "inconsistent"
    if operation in ORDER_OPERATIONS:
        _fill_order(row, outcomes)
        return
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
            row["gap"] = stable(row["computed_value"]) - stable(row["stated_value"])  # of the figures as written: no 1e-16 for 0
        elif row["verdict"] == "inconsistent":
            row["gap"] = computed.distance(stated)
        if math.isfinite(stated.lo) and math.isfinite(stated.hi) and not (stated.lo_open or stated.hi_open):
            row["tolerance"] = (stable(stated.hi) - stable(stated.lo)) / 2
        shown = computed.text() if len(outcomes) == 1 else Interval(row["computed_low"], row["computed_high"]).text() + " over the readings"
        row["tolerance_basis"] = f"{stated_why}; computed {shown} from " + "; ".join(whys)
        if row["verdict"] in SLIP_VERDICTS:
            row["reason"] = f"computed {computed.text()} shares no value with stated {stated.text()}"
    if len(outcomes) > 1 or chosen:
        row["readings"] = "; ".join(
            ", ".join(f"{c}={fmt_number(v)}" for c, v in o[0].items()) + (": consistent" if o[3] else ": inconsistent") for o in outcomes)
        if row["verdict"] == "consistent_for_some_readings":
            row["reason"] = "consistent only for the readings " + "; ".join(
                ", ".join(f"{c}={fmt_number(v)}" for c, v in o[0].items()) for o in outcomes if o[3])


def _fill_order(row: dict, outcomes: list) -> None:
    """Verdict details of a statement of order: what was found for each reading, the word's interval and why."""
    chosen, compared, word_interval, _, whys, found = outcomes[0]
    if compared is not None:
        row["computed_low"] = min(o[1].lo for o in outcomes)
        row["computed_high"] = max(o[1].hi for o in outcomes)
        if compared.is_point and len(outcomes) == 1:
            row["computed_value"] = compared.lo
    if word_interval is not None:
        row["stated_low"], row["stated_high"] = word_interval.lo, word_interval.hi
    failing = [o for o in outcomes if not o[3]]
    row["reason"] = (failing[0][5] if failing else found)
    word = f"'{row['word']}' {word_interval.text()}; " if word_interval is not None else ""
    row["tolerance_basis"] = f"{word}operands: " + "; ".join(whys)
    if len(outcomes) > 1 or chosen:
        row["readings"] = "; ".join(
            ", ".join(f"{c}={fmt_number(v)}" for c, v in o[0].items()) + (": consistent" if o[3] else ": inconsistent") for o in outcomes)


def rule_changes(relations: pd.DataFrame, claims: pd.DataFrame, readings: pd.DataFrame | None = None,
                 words: pd.DataFrame | None = None) -> pd.DataFrame:
    """The verdicts the rule of round figures in prose changes (intervals.PROSE_RULE against the former
    ``last_digit``): relation_id, description, former_verdict, verdict, former_reason; empty when none."""
    now = evaluate(relations, claims, readings, words)
    former = evaluate(relations, claims, readings, words, rule="last_digit")
    changed = now["verdict"].values != former["verdict"].values
    out = now.loc[changed, ["relation_id", "description", "verdict"]].copy()
    out.insert(2, "former_verdict", former.loc[changed, "verdict"].values)
    out["former_reason"] = former.loc[changed, "reason"].values
    return out.reset_index(drop=True)


def known_themes(relations: pd.DataFrame) -> list[str]:
    return sorted(set(relations["theme"]))


class UnknownThemeError(ValueError):
    """Raised by evaluate_relations for a theme no relation has."""
