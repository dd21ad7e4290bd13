"""Which figures belong together, read from the relations (data/raw/relations.csv) rather than typed.

``pairs`` gives the "x out of y" of a theme, ``sums`` its stated totals with their parts; ``repeats`` joins
the claims that relations of kind ``equal`` say are one figure printed again, so a chart draws each once."""

from __future__ import annotations

import pandas as pd

import repression_data as rd


def operands(relation) -> list[list[str]]:
    """'GN-0485+GN-0486;GN-0515' -> [['GN-0485', 'GN-0486'], ['GN-0515']] ('?' and empty parts dropped)."""
    return [[c for c in part.split("+") if c and c != "?"] for part in str(relation.operands).split(";")]


def repeats() -> dict[str, str]:
    """claim id -> the first claim (by id) of the figure it prints again, for every claim in an ``equal`` relation."""
    relations = rd.load("relations")
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for r in relations[relations["operation"] == "equal"].itertuples(index=False):
        ids = [c for part in operands(r) for c in part] + ([r.result] if isinstance(r.result, str) and r.result != "?" else [])
        roots = sorted({find(c) for c in ids})
        for c in roots[1:]:
            parent[c] = roots[0]
    return {c: find(c) for c in parent} | {c: c for c in set(parent.values()) if c not in parent}


def pairs(theme: str, whole_measure: str) -> list[tuple[str, str, str, list[str]]]:
    """(relation id, part claim, whole claim, other prints) for the theme's "x out of y" relations (part_of with one
    claim on each side) whose whole counts ``whole_measure``; a pair that prints again a kept pair is folded into it."""
    relations = rd.load("relations")
    claims = rd.load("claims").set_index("claim_id")
    same = repeats()
    kept: dict[tuple[str, str], tuple[str, str, str, list[str]]] = {}
    chosen = relations[(relations["theme"] == theme) & (relations["operation"] == "part_of")]
    for r in chosen.sort_values("relation_id").itertuples(index=False):
        sides = operands(r)
        if len(sides) != 2 or any(len(s) != 1 for s in sides) or claims.at[sides[1][0], "measure"] != whole_measure:
            continue
        part, whole = sides[0][0], sides[1][0]
        key = (same.get(part, part), same.get(whole, whole))
        if key in kept:
            kept[key][3].extend([part, whole])
        else:
            kept[key] = (r.relation_id, part, whole, [])
    return list(kept.values())


def sums(theme: str) -> pd.DataFrame:
    """The theme's stated totals: relation_id, parts (claim ids), total (claim id), one row per ``sum`` relation."""
    relations = rd.load("relations")
    chosen = relations[(relations["theme"] == theme) & (relations["operation"] == "sum") & relations["result"].str.match(r"^[A-Z]", na=False)]
    rows = [(r.relation_id, [c for part in operands(r) for c in part], r.result) for r in chosen.sort_values("relation_id").itertuples(index=False)]
    return pd.DataFrame(rows, columns=["relation_id", "parts", "total"])
