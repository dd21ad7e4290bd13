"""Raw text is clean or refused (issue 25, item 3): a control or bidirectional-control character in any
text field of any raw file is refused when the file is read, naming the file, the record, the field and the
character by its Unicode name, so that no writer (spreadsheet, SQLite, CSV) ever meets it."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repression_data.errors import Problem
from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.read.rawfiles import read_raw_csv

COMMAND = str(Path(sys.executable).parent / "repression-data")


def _edit_cell(path: Path, record: int, column: str, edit) -> str:
    """Rewrite one cell of a raw CSV file (record = 0-based data row); return that row's first cell."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    col = rows[0].index(column)
    rows[record + 1][col] = edit(rows[record + 1][col])
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows[record + 1][0]


def _build(raw_copy):
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    before = {p: p.read_bytes() for p in raw_copy.processed.rglob("*") if p.is_file()}
    result = subprocess.run([COMMAND, "build", "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed)],
                            capture_output=True, text=True, timeout=180)
    after = {p: p.read_bytes() for p in raw_copy.processed.rglob("*") if p.is_file()}
    return result, before == after


def test_a_bidi_override_and_a_vertical_tab_in_quotes_are_refused_by_the_build(raw_copy):
    path = raw_copy.path("claims/reiman-2016.csv")
    first = _edit_cell(path, 2, "quote", lambda q: q.replace(" ", " \u202e", 1))
    second = _edit_cell(path, 4, "quote", lambda q: q.replace(" ", "\x0b", 1))
    result, unchanged = _build(raw_copy)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert unchanged
    lines = result.stderr.splitlines()
    for claim, char in ((first, "U+202E (RIGHT-TO-LEFT OVERRIDE)"), (second, "U+000B (LINE TABULATION)")):
        assert any("data/raw/claims/reiman-2016.csv" in line and f"claim_id {claim}" in line and "field 'quote'" in line and char in line
                   for line in lines), result.stderr


def test_a_control_character_in_a_relation_note_is_refused(raw_copy):
    relation = _edit_cell(raw_copy.path("relations.csv"), 0, "description", lambda d: d + "\x07")
    result, unchanged = _build(raw_copy)
    assert result.returncode == 1 and unchanged
    assert any("data/raw/relations.csv" in line and relation in line and "field 'description'" in line and "U+0007" in line
               for line in result.stderr.splitlines()), result.stderr


@pytest.mark.parametrize("char", ["\x00", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u061c", "\u200e", "\u200f",
                                  "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_every_control_is_refused_wherever_it_stands_in_the_cell(tmp_path, char, where):
    text = {"start": f"{char}a b", "middle": f"a{char}b", "end": f"a b{char}"}[where]
    path = tmp_path / "t.csv"
    path.write_text(f'id,note\nX-1,"{text}"\nX-2,clean\n', encoding="utf-8")
    problems: list[Problem] = []
    read_raw_csv(path, ["id", "note"], [], problems)
    assert [(p.record, p.field) for p in problems] == [("line 2 (id X-1)", "note")], problems
    assert f"U+{ord(char):04X}" in problems[0].message


def test_a_line_break_inside_a_cell_is_refused_and_clean_text_passes(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,note\nX-1,"two\nlines"\nX-2,"Ünïcode — “quotes” №, 1937–38"\n', encoding="utf-8")
    problems: list[Problem] = []
    table = read_raw_csv(path, ["id", "note"], [], problems)
    assert [(p.record, p.field) for p in problems] == [("line 2 (id X-1)", "note")]
    assert "U+000A (LINE FEED)" in problems[0].message
    assert table.cells["note"].iloc[1] == "Ünïcode — “quotes” №, 1937–38"
