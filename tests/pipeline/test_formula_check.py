"""The build's last guard refuses formula-like text in any table it made, vectorised (issue 24, item 4)."""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from repression_data.pipeline.tables import _check_output, _formula_cells


def test_formula_cells_finds_exactly_what_the_rule_refuses():
    values = pd.Series(["-Ежов", "-1", "=SUM(A1)", None, "+.552", "-(a)", "plain", "@x", ""], index=range(10, 19))
    assert _formula_cells(values) == [(10, "-Ежов"), (12, "=SUM(A1)"), (15, "-(a)"), (17, "@x")]
    assert _formula_cells(values.astype(object)) == _formula_cells(values)
    assert _formula_cells(pd.Series(["@x", 3, None], dtype=object)) == [(0, "@x")]
    assert _formula_cells(pd.Series([1, 2], dtype=object)) == []


def test_the_build_guard_names_table_row_and_column_of_formula_text():
    tables = {name: rd.load(name) for name in rd.tables()}
    assert _check_output(tables) == []
    name = next(n for n in sorted(tables) if n != "claims" and "note" in tables[n].columns and len(tables[n]) > 1)
    tables[name]["note"] = tables[name]["note"].astype(object)
    tables[name].loc[1, "note"] = "=HYPERLINK(1)"
    problems = _check_output(tables)
    assert [(p.file, p.record, p.field) for p in problems if "formula" in p.message] == [(f"data/processed/{name}", "row 2", "note")]
