"""The build's lookups written a column at a time give the very strings of the per-row ways they replace (issue 24)."""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from repression_data.publish.lookups import claim_citation_lookup, claim_citation_lookup_by_row


def _shipped() -> dict[str, pd.DataFrame]:
    return {"claims": rd.load("claims"), "sources": rd.load("sources")}


def test_claim_citations_are_the_per_claim_ones_on_the_shipped_data():
    tables = _shipped()
    pd.testing.assert_frame_equal(claim_citation_lookup(tables), claim_citation_lookup_by_row(tables))


def test_claim_citations_are_the_per_claim_ones_on_odd_rows():
    tables = _shipped()
    claims = tables["claims"].head(8).copy()
    pages = pd.array([None, 5, None, 7, None, 12, 3, None], dtype="Int64")
    lows = pd.array([None, 5, 9, 6, None, 10, 3, 4], dtype="Int64")
    highs = pd.array([None, 5, 11, 8, 2, 12, 3, None], dtype="Int64")
    claims["page"], claims["page_low"], claims["page_high"] = pages, lows, highs  # no page, pinned, ranges, one end only
    claims["locator"] = ["Table 5", "fn. 182 {b}", "Document_54 & 10%", "a\\b", "$#", "", "abstract", "x"]  # BibTeX's characters
    claims["claim_id"] = [f"{c}_x" if i % 2 else c for i, c in enumerate(claims["claim_id"])]
    odd = {"claims": claims, "sources": tables["sources"]}
    new, old = claim_citation_lookup(odd), claim_citation_lookup_by_row(odd)
    pd.testing.assert_frame_equal(new, old)
    assert "pp. 9-11, Document\\_54 \\& 10\\%" in new["bibtex"].iloc[2]
    assert new["place"].iloc[0] == "Table 5" and new["place"].iloc[4] == "$#"


def test_claim_citations_without_page_columns():
    tables = _shipped()
    bare = {"claims": tables["claims"].drop(columns=[c for c in ("page", "page_low", "page_high") if c in tables["claims"].columns]),
            "sources": tables["sources"]}
    new = claim_citation_lookup(bare)
    pd.testing.assert_frame_equal(new, claim_citation_lookup_by_row(bare))
    assert not new["in_text"].str.contains("p\\.").any()


def test_compare_reads_only_the_claims_it_needs(shipped_build, monkeypatch):
    from repression_data.publish import lookups

    tables = dict(shipped_build)
    few = lookups.compared_claims(tables)
    assert len(few) < len(tables["claims"])
    subset = lookups.compare_lookup(tables)
    monkeypatch.setattr(lookups, "compared_claims", lambda t: t["claims"])
    pd.testing.assert_frame_equal(subset, lookups.compare_lookup(tables))
