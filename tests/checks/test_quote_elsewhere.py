"""A quote not found near its line says where in the text it is, if anywhere (issue 25, item 3)."""

from __future__ import annotations

import pandas as pd

from repression_data.checks.evidence import TextIndex, check_quotes

TEXT = ["Chapter One", "", "In 1937 some 681,692 people were", "shot, as the report of the NKVD", "said.", *(["filler line"] * 30),
        "The camps held 1,296,494 prisoners on 1 Jan- uary 1939", "and the colonies 355,243.", *(["more filler"] * 30), "shot, as the report"]


def test_the_index_finds_where_a_quote_begins_across_line_breaks_and_hyphens():
    index = TextIndex(TEXT)
    assert index.lines_of("681,692 people were shot, as the report") == [3]
    assert index.lines_of("prisoners on 1 January 1939 and the colonies") == [36]
    assert index.lines_of("shot, as the report", near=60) == [4, 68]
    assert index.lines_of("not in this text") == []


def test_check_quotes_names_the_line_where_a_misplaced_quote_is(tmp_path):
    (tmp_path / "t.txt").write_text("\n".join(TEXT) + "\n", encoding="utf-8")
    sources = pd.DataFrame({"source_id": ["t"], "text_file": ["t.txt"]})
    claims = pd.DataFrame({"claim_id": ["T-0001", "T-0002", "T-0003"], "source_id": ["t"] * 3,
                           "quote": ["and the colonies 355,243", "681,692 people", "a quote from nowhere"], "line": [3, 4, 3]})
    problems = {p.record: p for p in check_quotes(claims, sources, tmp_path)}
    assert set(problems) == {"claim T-0001", "claim T-0003"}
    assert "but at line 37" in problems["claim T-0001"].message and problems["claim T-0001"].field == "quote"
    assert "nor anywhere else in the text" in problems["claim T-0003"].message
