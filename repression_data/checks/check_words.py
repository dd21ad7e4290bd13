"""The words the sentence check reads (data/raw/vocabularies/check_words.csv), checked against the vocabularies.

Each row is a phrase a reader may write, the kind of word it is and the term of
the package it stands for: a measure ("shot" -> executions), a category ("army
officers"), a region ("the Soviet union" -> USSR), a qualifier ("some" -> approx),
a vague phrase with its bounds ("hundreds of thousands"), a word that makes a
figure a plan ("quota"), a named operation (category and period), a named period
("the Great Terror", with its dates and the passages that define it), or a
producer kind and whether its figures decide a verdict (count) or are only listed
(estimate, claim). The build checks every term against the vocabulary it names.
"""

from __future__ import annotations

import pandas as pd

from repression_data.errors import Problem

# kind of word -> what its term must be (a vocabulary's name, or the allowed terms)
KINDS = ("measure", "category", "region", "qualifier", "vague", "plan", "operation", "period", "producer_kind")
ROLES = ("count", "estimate", "claim")


def check_check_words(words: pd.DataFrame, origins, file: str, vocab: dict[str, set[str]], regions: set[str], producer_kinds: set[str]) -> list[Problem]:
    """Every phrase's term is a term of the vocabulary its kind names; periods and operations carry dates,
    vague phrases a lower bound; every producer kind of the producers' vocabulary has a role."""
    problems: list[Problem] = []
    allowed = {"measure": vocab.get("measures", set()), "category": vocab.get("categories", set()), "operation": vocab.get("categories", set()),
               "region": regions, "qualifier": vocab.get("qualifiers", set()), "vague": {"vague"}, "plan": {"plan"}, "producer_kind": set(ROLES)}
    for i, row in enumerate(words.itertuples(index=False)):
        origin = origins[i]
        if row.phrase != row.phrase.lower().strip() or "  " in row.phrase:
            problems.append(Problem(origin.file, origin.record, "phrase", f"{row.phrase!r} must be written in lower case, with single spaces"))
        if row.kind not in KINDS:
            problems.append(Problem(origin.file, origin.record, "kind", f"{row.kind!r} is not one of {', '.join(KINDS)}"))
            continue
        if row.kind in allowed and row.term not in allowed[row.kind]:
            problems.append(Problem(origin.file, origin.record, "term", f"{row.term!r} is not an allowed term for a {row.kind} word"))
        if row.kind == "producer_kind" and row.phrase not in producer_kinds:
            problems.append(Problem(origin.file, origin.record, "phrase", f"{row.phrase!r} is not a producer kind"))
        if row.kind in ("period", "operation") and (pd.isna(row.period_start) or pd.isna(row.period_end)):
            problems.append(Problem(origin.file, origin.record, "period_start", f"a {row.kind} word needs period_start and period_end"))
        if row.kind == "vague" and pd.isna(row.value_low):
            problems.append(Problem(origin.file, origin.record, "value_low", "a vague phrase needs its lower bound"))
    roles = set(words.loc[words["kind"] == "producer_kind", "phrase"])
    for kind in sorted(producer_kinds - roles):
        problems.append(Problem(file, "", "phrase",
                                f"the producer kind {kind!r} has no row saying whether its figures decide a verdict"))
    return problems
