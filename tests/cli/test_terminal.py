"""The terminal as a reader meets it: spans of years, a producer column, lines that fit, a table's rows,
"did you mean", readers' words (issue 23, item 4)."""

from __future__ import annotations

import pytest

import repression_data as rd
from repression_data.cli.common import fit
from repression_data.cli.main import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def ids(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def test_a_span_of_years_and_repeated_years(capsys):
    code, out, _ = run(capsys, "search", "--measure", "executions", "--year", "1937-1938")
    assert code == 0 and "GN-0542" in ids(out)
    _, short, _ = run(capsys, "search", "--measure", "executions", "--year", "1937-38")
    _, repeated, _ = run(capsys, "search", "--measure", "executions", "--year", "1938", "--year", "1937")
    assert ids(short) == ids(out) == ids(repeated)
    _, one, _ = run(capsys, "search", "--measure", "executions", "--year", "1936")
    assert set(ids(one)) != set(ids(out))
    with pytest.raises(SystemExit):
        main(["search", "--year", "1938-1937"])


def test_search_has_a_producer_column_and_readers_words(capsys):
    code, out, _ = run(capsys, "search", "shot in 1937-38", "--wide")
    header = out.splitlines()[0].split()
    assert "producer" in header
    first = out.splitlines()[2]
    assert "NKVD" in first and "Executions: all persons, USSR, 1937-38" in first and "all_persons" not in first
    _, as_csv, _ = run(capsys, "search", "shot in 1937-38", "--format", "csv")
    assert "executions of all_persons" in as_csv  # terms stay in csv and json


def test_lines_fit_the_terminal_unless_wide(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(capsys, "compare", "executions-ussr-1937-38")
    assert max(len(line) for line in out.splitlines()[1:]) <= 80 and "…" in out
    _, wide, _ = run(capsys, "compare", "executions-ussr-1937-38", "--wide")
    assert max(len(line) for line in wide.splitlines()) > 80 and "…" not in wide
    assert fit([5, 300, 3], ["a", "b", "c"], 40) == [5, 28, 3]


def test_show_of_a_table_gives_its_rows(capsys):
    code, out, _ = run(capsys, "show", "order_00447_limits", "--wide")
    limits = rd.load("order_00447_limits")
    assert code == 0 and out.startswith(f"order_00447_limits: {len(limits)} rows")
    assert len(out.splitlines()) == 1 + 2 + len(limits)


def test_did_you_mean_for_measures_and_regions(capsys):
    code, _, err = run(capsys, "search", "--measure", "executons")
    assert code == 1 and "did you mean executions" in err and "the measures are:" in err
    code, _, err = run(capsys, "search", "--region", "Ukrane")
    assert code == 1 and "did you mean Ukraine" in err


def test_show_speaks_in_words(capsys):
    _, out, _ = run(capsys, "show", "GN-0532")
    assert "null" not in out and ".txt" not in out and "all_persons" not in out
    assert out.startswith("GN-0532: Executions: all persons") and "[500,000 .. 7,000,000] persons (range)" in out
