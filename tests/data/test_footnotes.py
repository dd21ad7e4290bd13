"""Footnote locators of Reiman's claims follow the note markers around each quote."""

from __future__ import annotations

import csv

from repression_data.checks.footnotes import expected_locator
from repression_data.paths import RAW_DIR

REIMAN = RAW_DIR / "claims" / "reiman-2016.csv"
SYNTHETIC = [
    "First sentence with 12 cats.¹ Second with 7 dogs. Third with 3 birds.²",
    "",
    "1 A note with 40 pages.",
    "",
    "A paragraph with 9 fish, cut by the notes of the page",
    "",
    "2 Another note.",
    "",
    "and going on here.³ Then 5 more without a note.",
]


def _claims() -> list[dict[str, str]]:
    with REIMAN.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_markers_give_the_locator():
    assert expected_locator(SYNTHETIC, 1, "12 cats") == "text at fn. 1"
    assert expected_locator(SYNTHETIC, 1, "7 dogs") == "text at fn. 2"
    assert expected_locator(SYNTHETIC, 3, "40 pages") == "fn. 1"
    assert expected_locator(SYNTHETIC, 5, "9 fish") == "text at fn. 3"  # the paragraph goes on after the notes
    assert expected_locator(SYNTHETIC, 9, "5 more") == "text after fn. 3"
    assert expected_locator(SYNTHETIC, 1, "not there") is None


def test_every_footnote_locator_of_reiman_agrees_with_the_markers(texts_dir):
    lines = (texts_dir / "004_ff02eae95da1d9ab.txt").read_text(encoding="utf-8").splitlines()
    wrong = [
        (c["claim_id"], c["locator"], expected_locator(lines, int(c["line"]), c["quote"]))
        for c in _claims()
        if expected_locator(lines, int(c["line"]), c["quote"]) != c["locator"]
    ]
    assert not wrong, wrong


def test_the_sentence_closed_by_marker_200_is_cited_to_fn_200(texts_dir):
    lines = (texts_dir / "004_ff02eae95da1d9ab.txt").read_text(encoding="utf-8").splitlines()
    claims = {c["claim_id"]: c for c in _claims()}
    for claim_id in ("RM-0044", "RM-0045", "RM-0046"):
        claim = claims[claim_id]
        assert claim["locator"] == "text at fn. 200"
        assert expected_locator(lines, int(claim["line"]), claim["quote"]) == "text at fn. 200"
    # the check would catch the old locator
    old = dict(claims["RM-0045"], locator="text at fn. 199")
    assert expected_locator(lines, int(old["line"]), old["quote"]) != old["locator"]
