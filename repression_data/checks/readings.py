"""How each value was read from its print: the reading basis, its evidence, and undecided prints.

Every claim has a ``reading_basis``:

- ``as_printed``: the print reads as the value with no correction (digits,
  a number word, a range of them);
- ``confirmed``: the print is garbled or misread, and the value is fixed by
  the text's own arithmetic or by a repetition; ``reading_evidence`` names the
  relation(s) or claim(s) that confirm it;
- ``ocr_habit``: the value rests on a substitution this OCR makes elsewhere
  ('z' for 2, 'o' for 0, '.' for ','); ``reading_evidence`` names at least two
  other places (claim ids or text lines) where it makes the same one;
- ``undecided``: the evidence cannot choose between readings; ``value`` is
  empty, ``value_low`` and ``value_high`` hold every candidate, and
  data/raw/readings.csv lists each candidate with its evidence.
"""

from __future__ import annotations

import re

import pandas as pd

from repression_data.errors import Problem

READING_BASES = ("as_printed", "confirmed", "ocr_habit", "undecided")
SCALES = {"thousand": 1e3, "million": 1e6, "mil- lion": 1e6, "billion": 1e9}
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
RELATION_ID = re.compile(r"\bR-[A-Z]{2,4}-\d{3,}\b")
CLAIM_ID = re.compile(r"\b[A-Z]{2,4}-\d{4,}\b")
LINE_REF = re.compile(r"\blines?\s+\d+")


def _number(text: str) -> float | None:
    text = text.strip()
    scale = 1.0
    for word, factor in SCALES.items():
        if text.lower().endswith(" " + word):
            text, scale = text[: -len(word) - 1].strip(), factor
            break
    if not re.fullmatch(NUMBER, text):
        return None
    return float(text.replace(",", "")) * scale


NUMBER_WORDS = set("""
a an and of one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions
mil lions hun dreds thou sands dozen dozens tens several few good half halves third thirds quarter quarters fifth fifths
fourth fourths year to or percent
""".split())


def is_word_print(printed: str) -> bool:
    """A number written in words only ('thirty-six', 'a good dozen', 'hun- dreds of thousands'), each word a number word."""
    words = [w for w in re.split(r"[\s\-]+", printed.strip().lower()) if w]
    return bool(words) and all(w in NUMBER_WORDS for w in words)


def reads_as_printed(printed: str, value: float, low: float, high: float, quote: str = "") -> bool:
    """True when the print, read with no correction, gives the value (or the bounds of a range).

    A print of digits whose scale word stands later in the quote ('from 1.5 to
    3.5 million') reads as its digits times that scale.
    """
    printed = printed.strip()
    if is_word_print(printed):
        return True
    if not pd.isna(value):
        number = _number(printed)
        if number is None:
            return False
        scales = [1.0] + [f for w, f in SCALES.items() if " " + w in " " + (quote or "").lower()]
        return any(abs(number * f - value) < 1e-9 * max(1.0, abs(value)) for f in scales)
    parts = re.split(r"\s*(?:-|to|or)\s*", printed)
    if len(parts) == 2 and not pd.isna(low) and not pd.isna(high):
        scale_word = next((w for w in SCALES if parts[1].endswith(" " + w)), None)
        first = parts[0] + (" " + scale_word if scale_word and _number(parts[0]) is not None and " " not in parts[0] else "")
        a, b = _number(first), _number(parts[1])
        return a is not None and b is not None and abs(a - low) < 1e-6 and abs(b - high) < 1e-6
    return False


def check_reading_bases(claims: pd.DataFrame, origins, readings: pd.DataFrame | None, relations: pd.DataFrame | None) -> list[Problem]:
    """Every claim's reading_basis is one of READING_BASES and carries the evidence it needs.

    - as_printed: the print reads as the value with no correction (a printed
      0 read as a dash, qualifier no_figure, also counts as printed);
    - confirmed: reading_evidence names a relation that includes the claim, or another claim;
    - ocr_habit: reading_evidence names at least two other places (claim ids or 'line N');
    - undecided: value empty, both bounds given, and at least two candidate
      readings in data/raw/readings.csv, every one within the bounds.
    """
    problems = []
    known_claims = set(claims["claim_id"])
    relation_claims: dict[str, set[str]] = {}
    if relations is not None:
        for rel in relations.itertuples(index=False):
            ids = set(re.findall(CLAIM_ID, rel.operands)) | ({rel.result} if isinstance(rel.result, str) and rel.result else set())
            relation_claims[rel.relation_id] = ids
    candidates: dict[str, list[float]] = {}
    if readings is not None:
        for claim_id, value in zip(readings["claim_id"], readings["value"]):
            candidates.setdefault(claim_id, []).append(value)
    # Fast path (a claims table may hold a million rows): a plain number printed as read needs no more checking.
    printed = claims["value_printed"].astype("str").str.strip()
    plain = printed.str.fullmatch(NUMBER) & ~claims["claim_id"].isin(candidates.keys())
    numbers = pd.to_numeric(printed.where(plain).str.replace(",", "", regex=False), errors="coerce")
    simple = (claims["reading_basis"] == "as_printed") & plain & (numbers == claims["value"])
    for i in (~simple).to_numpy().nonzero()[0]:
        claim = claims.iloc[i]
        origin = origins[int(i)]
        if not isinstance(claim["value_printed"], str) or not isinstance(claim["reading_basis"], str):
            continue  # an empty required cell, reported where the cells are read
        basis = claim["reading_basis"]
        evidence = claim["reading_evidence"] if isinstance(claim["reading_evidence"], str) else ""

        def problem(field: str, message: str) -> None:
            problems.append(Problem(origin.file, origin.record, field, message))

        if basis not in READING_BASES:
            problem("reading_basis", f"{basis!r} is not one of {', '.join(READING_BASES)}")
            continue
        if basis == "as_printed":
            if claim["qualifier"] != "no_figure" and not reads_as_printed(claim["value_printed"], claim["value"], claim["value_low"], claim["value_high"], claim["quote"]):
                problem("reading_basis", f"{claim['value_printed']!r} does not read as the value with no correction: "
                                         "say how it was read (confirmed, ocr_habit or undecided) and give reading_evidence")
        elif basis == "confirmed":
            named_relations = RELATION_ID.findall(evidence)
            named_claims = [c for c in CLAIM_ID.findall(evidence) if c != claim["claim_id"]]
            if not named_relations and not named_claims:
                problem("reading_evidence", "a confirmed reading names the relation or claim that confirms it")
            for rel_id in named_relations:
                if rel_id not in relation_claims:
                    problem("reading_evidence", f"{rel_id} is not a relation")
                elif claim["claim_id"] not in relation_claims[rel_id]:
                    problem("reading_evidence", f"{rel_id} does not include {claim['claim_id']}")
            for claim_id in named_claims:
                if claim_id not in known_claims:
                    problem("reading_evidence", f"{claim_id} is not a claim")
        elif basis == "ocr_habit":
            places = {c for c in CLAIM_ID.findall(evidence) if c != claim["claim_id"]} | set(LINE_REF.findall(evidence))
            unknown = [c for c in CLAIM_ID.findall(evidence) if c not in known_claims]
            if unknown:
                problem("reading_evidence", f"{', '.join(unknown)} is not a claim")
            if len(places) < 2:
                problem("reading_evidence", "an OCR habit names at least two other places (claim ids or 'line N') where the OCR makes the same substitution")
        elif basis == "undecided":
            if not pd.isna(claim["value"]):
                problem("value", "an undecided print has no single value: leave value empty and bound the candidates with value_low and value_high")
            if pd.isna(claim["value_low"]) or pd.isna(claim["value_high"]):
                problem("value_low", "an undecided print needs value_low and value_high holding every candidate")
            found = candidates.get(claim["claim_id"], [])
            if len(found) < 2:
                problem("reading_basis", "an undecided print lists at least two candidate readings in data/raw/readings.csv")
            for value in found:
                if not pd.isna(claim["value_low"]) and not pd.isna(claim["value_high"]) and not claim["value_low"] <= value <= claim["value_high"]:
                    problem("value_low", f"the candidate {value:,.15g} lies outside value_low-value_high")
        if basis != "undecided" and claim["claim_id"] in candidates:
            problem("reading_basis", "has candidate readings in data/raw/readings.csv but is not undecided")
    return problems
