"""A quote is looked for within five lines either side of its claim's `line` (checks/evidence.py; fault 10 of
the mutation audit, /work/checkreports/audit): a quote that begins exactly five lines before or after is found,
one that begins six lines away is reported, saying the line where it is. A text of distinct lines is written
fresh in tmp_path."""

from __future__ import annotations

import pandas as pd
import pytest

from repression_data.checks.evidence import WINDOW, check_quotes, quote_found

LINE = 20
LINES = [f"line {n} says word{n}a word{n}b." for n in range(1, 41)]


def quote_on(n: int) -> str:
    return f"word{n}a word{n}b"


@pytest.mark.parametrize("offset", range(-WINDOW, WINDOW + 1))
def test_a_quote_within_five_lines_of_its_line_is_found(offset):
    assert WINDOW == 5
    assert quote_found(quote_on(LINE + offset), LINES, LINE)


@pytest.mark.parametrize("offset", [-WINDOW - 1, WINDOW + 1, -WINDOW - 2, WINDOW + 2])
def test_a_quote_six_lines_away_is_not_found(offset):
    assert not quote_found(quote_on(LINE + offset), LINES, LINE)


@pytest.mark.parametrize("first", [LINE - WINDOW, LINE + WINDOW - 1])
def test_a_quote_over_a_line_break_at_the_edge_of_the_window_is_found(first):
    assert quote_found(f"word{first}b. line {first + 1} says word{first + 1}a", LINES, LINE)


@pytest.mark.parametrize("line", [1, 3, len(LINES) - 2, len(LINES)])
def test_the_window_is_cut_at_the_ends_of_the_text(line):
    assert quote_found(quote_on(max(1, line - WINDOW)), LINES, line)
    assert quote_found(quote_on(min(len(LINES), line + WINDOW)), LINES, line)


def run_check(tmp_path, quote_line: int):
    (tmp_path / "s.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    claims = pd.DataFrame({"source_id": ["s"], "claim_id": ["S-0001"], "quote": [quote_on(quote_line)], "line": [LINE]})
    sources = pd.DataFrame({"source_id": ["s"], "text_file": ["s.txt"]})
    return [(p.file, p.record, p.field, p.message) for p in check_quotes(claims, sources, tmp_path)]


@pytest.mark.parametrize("offset", [-WINDOW, WINDOW])
def test_check_quotes_passes_a_quote_exactly_five_lines_away(tmp_path, offset):
    assert run_check(tmp_path, LINE + offset) == []


@pytest.mark.parametrize("offset", [-WINDOW - 1, WINDOW + 1])
def test_check_quotes_reports_a_quote_six_lines_away_with_the_line_where_it_is(tmp_path, offset):
    assert run_check(tmp_path, LINE + offset) == [
        ("data/raw/claims/s.csv", "claim S-0001", "quote",
         f"not found in s.txt within {WINDOW} lines of line {LINE}, but at line {LINE + offset}: correct 'line' (and the page) if the figure is there")]


def test_a_quote_printed_many_times_is_located_at_the_three_places_nearest_its_line(tmp_path):
    """Fault 12 of the second audit (/work/checkreports/audit2): the lines named are the three nearest the
    claim's line, not the first three in the text."""
    lines = [f"filler line {n}." for n in range(1, 101)]
    for n in (2, 10, 30, 60, 75, 90):
        lines[n - 1] = "here the phrase seven hundred thousand is printed."
    (tmp_path / "s.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    claims = pd.DataFrame({"source_id": ["s"], "claim_id": ["S-0001"], "quote": ["seven hundred thousand"], "line": [68]})
    sources = pd.DataFrame({"source_id": ["s"], "text_file": ["s.txt"]})
    [problem] = check_quotes(claims, sources, tmp_path)
    assert problem.message == (f"not found in s.txt within {WINDOW} lines of line 68, but at line 60, 75, 90: "
                               "correct 'line' (and the page) if the figure is there")


def test_the_first_twenty_misplaced_quotes_of_a_text_are_located_and_the_rest_only_reported(tmp_path):
    """Fault 39 of the second audit: where each misplaced quote is looked for in the whole text, for the first
    LOCATE_AT_MOST (20) of a text (the README says so); every one of them is reported."""
    from repression_data.checks.evidence import LOCATE_AT_MOST

    assert LOCATE_AT_MOST == 20
    lines = [f"line {n} says word{n}a word{n}b." for n in range(1, 201)]
    (tmp_path / "s.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    count = LOCATE_AT_MOST + 2
    claims = pd.DataFrame({"source_id": ["s"] * count, "claim_id": [f"S-{i:04d}" for i in range(1, count + 1)],
                           "quote": [f"word{100 + i}a word{100 + i}b" for i in range(1, count + 1)], "line": [10] * count})
    sources = pd.DataFrame({"source_id": ["s"], "text_file": ["s.txt"]})
    problems = check_quotes(claims, sources, tmp_path)
    assert [p.record for p in problems] == [f"claim S-{i:04d}" for i in range(1, count + 1)]
    located = [p for p in problems if ", but at line " in p.message]
    assert [p.record for p in located] == [f"claim S-{i:04d}" for i in range(1, LOCATE_AT_MOST + 1)]
    assert located[-1].message.endswith(f"but at line {100 + LOCATE_AT_MOST}: correct 'line' (and the page) if the figure is there")
    assert [p.message for p in problems[LOCATE_AT_MOST:]] == [f"not found in s.txt within {WINDOW} lines of line 10"] * 2
