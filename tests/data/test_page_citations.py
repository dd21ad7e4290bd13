"""Citations give each figure's own page: 'p. 470' when pinned, 'pp. 469-470' when not."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd

import repression_data as rd
from repression_data.engine.pages import format_pages
from repression_data.shipped.citation import places


def _claims() -> pd.DataFrame:
    return rd.load("claims")


def test_format_pages():
    assert format_pages(470, 470) == "p. 470"
    assert format_pages(469, 470) == "pp. 469-470"
    assert format_pages(None, None) == ""


def test_a_pinned_claim_is_cited_to_one_page_and_a_range_to_its_range():
    claims = _claims().set_index("claim_id")
    assert "(Getty & Naumov, 1999, p. 1)" in rd.cite("GN-0008") and "Where: p. 1, Introduction;" in rd.cite("GN-0008")
    ranged = claims[claims["page_basis"] == "range"]
    assert len(ranged), "the book has claims whose page is a range"
    claim_id = ranged.index[0]
    low, high = int(ranged.iloc[0]["page_low"]), int(ranged.iloc[0]["page_high"])
    assert f"pp. {low}-{high}" in rd.cite(claim_id)
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", "show", claim_id], capture_output=True, text=True)
    assert result.returncode == 0 and f"pp. {low}-{high} (range)" in result.stdout


def test_a_table_is_cited_per_locator_never_as_one_span_across_the_book():
    table = rd.cite("order_00447_limits")
    spans = [(int(a), int(b)) for a, b in re.findall(r"pp\. (\d+)-(\d+)", table)]
    assert all(b - a < 12 for a, b in spans), table
    claims = _claims()
    book = claims[claims["source_id"] == "getty-naumov-1999"]
    text = places(book)
    assert "Table 5, p. 588" in text and text.startswith("Introduction, pp. 1, 2, 3,")
    assert "Biographical Sketches, pp. 609-610" in text  # a range stays a range
    assert "pp. 1-" not in text and "pp. 9-591" not in text


def test_reiman_is_cited_by_footnote_without_an_open_page_range():
    for claim_id in ("RM-0045", "RM-0010"):
        cited = rd.cite(claim_id)
        assert "fn. " in cited and "pp. 101-" not in cited and "101" not in cited
    assert "pp. 101-" not in rd.cite("relations")
