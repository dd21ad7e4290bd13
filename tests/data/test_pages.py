"""Pages of The Road to Terror, counted from the OCR's page breaks between anchors."""

from __future__ import annotations

import csv
import re

import pytest

from repression_data.engine.pages import Anchor, Correction, PageEvidence, breaks_csv, find_breaks
from repression_data.errors import RawDataError
from repression_data.paths import RAW_DIR
from repression_data.pipeline.tables import build_tables
from repression_data.read.pagefiles import read_page_evidence

BOOK = "getty-naumov-1999"
PAGES = RAW_DIR / "pages"
TEXT_LINES = {BOOK: 29289}


def _evidence() -> PageEvidence:
    problems = []
    found = read_page_evidence(PAGES, RAW_DIR.parent.parent, TEXT_LINES, problems)
    assert not problems, problems
    return found[BOOK]


def test_leave_one_out_predicts_at_least_95_percent_of_anchors_exactly():
    evidence = _evidence()
    assert len([a for a in evidence.anchors if a.kind == "index"]) >= 15
    hits = [evidence.predict(a) == a.page for a in evidence.anchors]
    assert sum(hits) / len(hits) >= 0.95, [(a, evidence.predict(a)) for a, hit in zip(evidence.anchors, hits) if not hit]


def test_every_segment_between_anchors_counts_its_pages():
    mismatched = [(a, b, counted, printed) for a, b, counted, printed in _evidence().segments() if counted != printed]
    assert not mismatched, mismatched


def test_the_introduction_and_the_launch_of_dekulakization(built_tables):
    evidence = _evidence()
    assert evidence.page_of(464).pinned == 1
    assert evidence.page_of(463) is None  # half-title and front matter have no arabic page
    assert evidence.page_of(2043).pinned == 42
    claims = built_tables["claims"].set_index("claim_id")
    assert claims.loc["GN-0008", "page"] == 1
    assert claims.loc["GN-0008", "page_basis"] == "counted"


def test_every_claim_lies_inside_the_range_the_breaks_allow(built_tables):
    evidence = _evidence()
    claims = built_tables["claims"]
    book = claims[claims["source_id"] == BOOK]
    assert len(book) > 500
    for claim in book.itertuples(index=False):
        allowed = evidence.page_of(int(claim.line))
        if allowed is None:
            assert str(claim.page) == "<NA>" and str(claim.page_low) == "<NA>", claim.claim_id
            continue
        assert (claim.page_low, claim.page_high) == (allowed.low, allowed.high), claim.claim_id
        if allowed.pinned is not None:
            assert claim.page == allowed.pinned and claim.page_basis in ("printed", "counted"), claim.claim_id
        else:
            assert claim.page_basis == "range" and str(claim.page) == "<NA>", claim.claim_id


def test_table_5_fills_one_page(built_tables):
    claims = built_tables["claims"]
    table = claims[claims["locator"] == "Table 5"]
    assert len(table) > 50
    assert set(table["page"]) == {588} and set(table["page_basis"]) == {"counted"}


def test_a_lost_page_leaves_a_range_and_a_located_one_pins():
    evidence = PageEvidence(breaks=(20, 40), anchors=(Anchor(1, 10, "running_head"), Anchor(60, 13, "foot_folio")), corrections=(Correction("lost_page", 25, 35, 1),))
    assert (evidence.page_of(30).low, evidence.page_of(30).high) == (11, 12)
    assert evidence.page_of(21).pinned == 11 and evidence.page_of(21).basis == "counted"
    assert evidence.page_of(45).pinned == 13 and evidence.page_of(45).basis == "printed"  # the page of the folio at line 60
    unexplained = PageEvidence(breaks=(20, 40), anchors=(Anchor(1, 10, "running_head"), Anchor(60, 13, "foot_folio")))
    assert (unexplained.page_of(30).low, unexplained.page_of(30).high) == (11, 12)


def test_a_raw_page_that_disagrees_with_the_count_is_rejected(raw_copy):
    raw_copy.edit("claims/getty-naumov-1999.csv", "GN-0008", "page", "9")
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any("GN-0008" in p.record and p.field == "page" and "gives p. 1" in p.message for p in info.value.problems)


def _rewrite(path, change):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    "relative, change, field, words",
    [
        (f"pages/{BOOK}.csv", lambda rows: rows[2].update(kind="folio_somewhere"), "kind", "is not one of"),
        (f"pages/{BOOK}/index_anchors.csv", lambda rows: rows[0].update(passage_line="99999"), "passage_line", "outside the text"),
        (f"pages/{BOOK}.csv", lambda rows: rows[5].update(page="100"), "page", "pages go backwards"),
        (f"pages/{BOOK}/corrections.csv", lambda rows: rows[0].update(pages="-1"), "pages", "does not fit"),
        (f"pages/{BOOK}/breaks.csv", lambda rows: rows[3].update(line="2"), "line", "does not come after"),
    ],
)
def test_the_page_data_reject_bad_records(raw_copy, relative, change, field, words):
    _rewrite(raw_copy.path(relative), change)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == field and words in p.message and relative.split("/")[-1] in p.file for p in info.value.problems), info.value.problems


def test_the_committed_breaks_are_the_breaks_of_the_text(texts_dir):
    lines = (texts_dir / "003_a7c544aa2a528ca2.txt").read_text(encoding="utf-8").splitlines()
    with (PAGES / BOOK / "breaks.csv").open(newline="", encoding="utf-8") as handle:
        committed = [(int(r["line"]), r["kind"], r["text"]) for r in csv.DictReader(handle)]
    assert committed == [(line, kind, lines[line - 1].strip()[:40]) for line, kind in find_breaks(lines)]
    assert (PAGES / BOOK / "breaks.csv").read_text(encoding="utf-8") == breaks_csv(lines)


def test_markers_and_anchors_are_in_the_text_where_they_say(texts_dir):
    lines = (texts_dir / "003_a7c544aa2a528ca2.txt").read_text(encoding="utf-8").splitlines()
    breaks = {line for line, _ in find_breaks(lines)}
    with (PAGES / f"{BOOK}.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            line = int(row["line"])
            if row["printed"]:
                assert lines[line - 1].strip() == row["printed"].strip(), row
            if row["kind"] in ("running_head", "first_page"):
                assert line in breaks, row  # a running head is the first line of its page
            if row["kind"] == "foot_folio":
                following = next(n for n in range(line + 1, len(lines) + 1) if lines[n - 1].strip())
                assert following in breaks, row  # the line after a foot folio starts the next page
    with (PAGES / BOOK / "index_anchors.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert lines[int(row["index_line"]) - 1].strip() == row["index_entry"], row
            assert lines[int(row["passage_line"]) - 1].strip() == row["passage"], row
            assert int(row["index_line"]) > int(row["passage_line"]), row  # the index is at the back


def test_find_breaks_marks_one_space_lines_and_blank_runs():
    lines = ["Top of a page", "text", " peated in the labor camps", "  indented, not a break", "", "", "", "after three blanks", "", "", "", " one space after blanks"]
    assert find_breaks(lines) == [(3, "one_space"), (8, "blank_run"), (12, "blank_run")]


def test_the_breaks_between_printed_markers_are_counted_as_the_issue_found():
    evidence = _evidence()
    def between(a, b):
        return sum(a < line <= b for line in evidence.breaks)
    assert between(5074, 6016) == 19 and 128 - 109 == 19
    assert between(6982, 11399) == 94 and 243 - 149 == 94


def test_the_pages_command_reports_a_segment_that_disagrees(raw_copy):
    import subprocess
    import sys

    run = lambda raw: subprocess.run([sys.executable, "-m", "repression_data.cli", "pages", "--raw", str(raw)], capture_output=True, text=True)  # noqa: E731
    fine = run(raw_copy.raw)
    assert fine.returncode == 0 and "DISAGREES" not in fine.stdout and re.search(r"(\d+) of \1 exact", fine.stdout)
    _rewrite(raw_copy.path(f"pages/{BOOK}/corrections.csv"), lambda rows: rows[:] and rows.pop())  # drop the last correction
    broken = run(raw_copy.raw)
    assert broken.returncode == 1 and "l.  27728 p.  609 (index) -> l.  27736 p.  610 (index): 0 counted, 1 printed, DISAGREES by +1" in broken.stdout
