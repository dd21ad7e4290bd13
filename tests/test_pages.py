"""The page map of the book: the method reproduces the printed page numbers."""

from __future__ import annotations

import statistics

import pytest

from repression_data.build import build_tables
from repression_data.pages import PageMap
from repression_data.paths import RAW_DIR

BOOK_MAP = RAW_DIR / "pages" / "getty-naumov-1999.csv"


def test_each_marker_is_predicted_from_the_others_within_a_few_pages():
    page_map = PageMap.from_csv(BOOK_MAP)
    errors = [abs(page_map.without(line).page_of(line) - page) for line, page in page_map.markers]
    assert statistics.mean(errors) <= 2.0, errors
    assert max(errors) <= 6, errors


def test_markers_give_their_own_page_and_pages_never_go_back():
    page_map = PageMap.from_csv(BOOK_MAP)
    for line, page in page_map.markers:
        assert page_map.page_of(line) == page
    pages = [page_map.page_of(line) for line in range(page_map.front_matter_end + 1, 29290)]
    assert all(b >= a for a, b in zip(pages, pages[1:]))


def test_printed_markers_are_in_the_text(texts_dir):
    lines = (texts_dir / "003_a7c544aa2a528ca2.txt").read_text(encoding="utf-8").splitlines()
    import csv

    with BOOK_MAP.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["printed"]:
                assert lines[int(row["line"]) - 1].strip() == row["printed"].strip(), row


def test_front_matter_has_no_page_and_every_other_book_claim_has_one():
    claims = build_tables(RAW_DIR)["claims"]
    book = claims[claims["source_id"] == "getty-naumov-1999"]
    front_end = PageMap.from_csv(BOOK_MAP).front_matter_end
    assert book.loc[book["line"] > front_end, "page"].notna().all()
    assert book.loc[book["line"] <= front_end, "page"].isna().all()


def test_a_claim_whose_page_disagrees_with_the_map_is_rejected(raw_copy):
    from repression_data.errors import RawDataError

    raw_copy.edit("claims/getty-naumov-1999.csv", "GN-0100", "page", "3")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any("GN-0100" in str(p) and p.field == "page" and "page map" in p.message for p in info.value.problems)
