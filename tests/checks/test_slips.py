"""Who slipped (issue 20, item 4): the build refuses a failing verdict without its kind, and words and kinds that are not in their tables."""

from __future__ import annotations

import pytest

from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables


def _problems(raw_copy):
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    return info.value.problems


def test_a_failing_verdict_without_a_slip_kind_is_refused(raw_copy):
    raw_copy.edit("relations.csv", "R-GN-040", "slip_kind", "", id_column="relation_id")
    problems = _problems(raw_copy)
    assert any(p.field == "slip_kind" and "R-GN-040" in p.record and "inconsistent" in p.message for p in problems)


def test_a_slip_kind_on_figures_that_agree_is_refused(raw_copy):
    raw_copy.edit("relations.csv", "R-GN-001", "slip_kind", "author_arithmetic", id_column="relation_id")
    raw_copy.edit("relations.csv", "R-GN-001", "acknowledged", "no", id_column="relation_id")
    problems = _problems(raw_copy)
    assert any(p.field == "slip_kind" and "R-GN-001" in p.record and "not a slip" in p.message for p in problems)


def test_unknown_kinds_and_words_are_refused(raw_copy):
    raw_copy.edit("relations.csv", "R-GN-040", "slip_kind", "typo", id_column="relation_id")
    raw_copy.edit("relations.csv", "R-GN-233", "word", "a_good_many", id_column="relation_id")
    problems = _problems(raw_copy)
    assert any(p.field == "slip_kind" and "'typo' is not a term of slip_kinds" in p.message for p in problems)
    assert any(p.field == "word" and "R-GN-233" in p.record and "order_words" in p.message for p in problems)


def test_an_explained_discrepancy_needs_its_explanation(raw_copy):
    raw_copy.edit("relations.csv", "R-GN-085", "explanation", "", id_column="relation_id")
    problems = _problems(raw_copy)
    assert any(p.field == "explanation" and "R-GN-085" in p.record for p in problems)


def test_an_order_word_of_the_wrong_scale_is_refused(raw_copy):
    raw_copy.edit("relations.csv", "R-GN-233", "word", "roughly_comparable", id_column="relation_id")
    problems = _problems(raw_copy)
    assert any(p.field == "word" and "needs a word of scale share" in p.message for p in problems)
