"""Checks of the relations' words and slips: the terms they name, and a kind for every failing verdict.

A relation whose figures do not bear it out (verdict inconsistent or
contradiction) must say who slipped (``slip_kind``, a term of slip_kinds);
one whose figures agree must not carry a slip. A statement of order that
reads a vague word names a term of order_words of the right scale. Each
failure is a Problem naming data/raw/relations.csv, the relation and the field.
"""

from __future__ import annotations

import pandas as pd

from repression_data.engine.order import ORDER_OPERATIONS, WORD_SCALES
from repression_data.engine.relations import SLIP_VERDICTS, evaluate, operand_claims
from repression_data.errors import Problem
from repression_data.read.origins import Origin


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def check_relation_terms(relations: pd.DataFrame, origins: list[Origin], words: pd.DataFrame, slip_kinds: set[str]) -> list[Problem]:
    """word, slip_kind, acknowledged and bound_as_value name what they should."""
    scale_of = dict(zip(words["term"], words["scale"])) if not words.empty else {}
    problems = []
    for i, rel in enumerate(relations.to_dict("records")):
        origin = origins[i]
        word, operation = _text(rel.get("word")), rel.get("operation")
        if operation in WORD_SCALES:
            if not word:
                problems.append(Problem(origin.file, origin.record, "word", f"{operation} reads a vague word: name a term of order_words"))
            elif word not in scale_of:
                problems.append(Problem(origin.file, origin.record, "word", f"{word!r} is not a term of order_words ({', '.join(sorted(scale_of))})"))
            elif scale_of[word] != WORD_SCALES[operation]:
                problems.append(Problem(origin.file, origin.record, "word", f"{word!r} bounds a {scale_of[word]}, but {operation} needs a word of scale {WORD_SCALES[operation]}"))
        elif word and operation not in ORDER_OPERATIONS:
            problems.append(Problem(origin.file, origin.record, "word", f"only a statement of order names a word, not {operation}"))
        kind = _text(rel.get("slip_kind"))
        if kind and kind not in slip_kinds:
            problems.append(Problem(origin.file, origin.record, "slip_kind", f"{kind!r} is not a term of slip_kinds ({', '.join(sorted(slip_kinds))})"))
        if kind and not _text(rel.get("acknowledged")):
            problems.append(Problem(origin.file, origin.record, "acknowledged", "say whether the text notices the discrepancy: 'no', or quote it"))
        if kind == "discrepancy_explained" and not _text(rel.get("explanation")):
            problems.append(Problem(origin.file, origin.record, "explanation", "a discrepancy the data explain needs its explanation"))
        operands = {c for o in _text(rel.get("operands")).split(";") for c in operand_claims(o)} | {_text(rel.get("result"))}
        for claim_id in filter(None, _text(rel.get("bound_as_value")).split(";")):
            if claim_id not in operands:
                problems.append(Problem(origin.file, origin.record, "bound_as_value", f"{claim_id!r} is not an operand or the result of this relation"))
    return problems


def check_slip_kinds(relations: pd.DataFrame, origins: list[Origin], claims: pd.DataFrame, readings: pd.DataFrame | None,
                     words: pd.DataFrame) -> list[Problem]:
    """Every inconsistent or contradictory verdict carries a slip_kind; no other verdict does."""
    verdicts = evaluate(relations, claims.drop_duplicates("claim_id"), readings, words)
    problems = []
    for i, (rel, verdict) in enumerate(zip(relations.to_dict("records"), verdicts["verdict"])):
        origin = origins[i]
        kind = _text(rel.get("slip_kind"))
        if verdict in SLIP_VERDICTS and not kind:
            problems.append(Problem(origin.file, origin.record, "slip_kind", f"the verdict is {verdict}: say who slipped (a term of slip_kinds)"))
        elif kind and verdict not in SLIP_VERDICTS:
            problems.append(Problem(origin.file, origin.record, "slip_kind", f"the verdict is {verdict}, not a slip: leave slip_kind empty (note the former verdict instead)"))
    return problems
