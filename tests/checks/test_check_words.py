"""The sentence check's words (check_words.csv) are checked against the vocabularies they name."""

import pandas as pd

from repression_data.checks.check_words import check_check_words
from repression_data.read.origins import Origin


class _Origins(list):
    pass


def _frame(rows):
    cols = ["phrase", "kind", "term", "value_low", "value_high", "period_start", "period_end", "note"]
    return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows])


def _check(rows, kinds=frozenset({"count_kind"})):
    origins = _Origins(Origin("data/raw/vocabularies/check_words.csv", i + 2, r["phrase"], "phrase") for i, r in enumerate(rows))
    vocab = {"measures": {"executions"}, "categories": {"army_officers"}, "qualifiers": {"approx"}}
    return check_check_words(_frame(rows), origins, "data/raw/vocabularies/check_words.csv", vocab, {"USSR"}, set(kinds))


def test_valid_words_pass():
    rows = [{"phrase": "shot", "kind": "measure", "term": "executions"},
            {"phrase": "count_kind", "kind": "producer_kind", "term": "count"},
            {"phrase": "the great terror", "kind": "period", "term": "1937-38", "period_start": "1937-01-01", "period_end": "1938-12-31"}]
    assert _check(rows) == []


def test_each_fault_names_file_record_and_field():
    rows = [{"phrase": "shot", "kind": "measure", "term": "shootings"},
            {"phrase": "Army Officers", "kind": "category", "term": "army_officers"},
            {"phrase": "the terror", "kind": "period", "term": "1937-38"},
            {"phrase": "hundreds", "kind": "vague", "term": "vague"},
            {"phrase": "nonsense", "kind": "colour", "term": "x"}]
    problems = _check(rows)
    fields = {(p.record.split("(")[1].rstrip(")"), p.field) for p in problems if p.record}
    assert ("phrase shot", "term") in fields and ("phrase Army Officers", "phrase") in fields
    assert ("phrase the terror", "period_start") in fields and ("phrase hundreds", "value_low") in fields
    assert ("phrase nonsense", "kind") in fields
    assert any("count_kind" in p.message and p.file.endswith("check_words.csv") for p in problems)  # a producer kind without a role
