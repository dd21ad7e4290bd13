"""Nothing typed: the analysis scripts take every claim, quantity, relation, year and period from the data.

Scans the string literals of analysis/ (docstrings aside) for claim ids, relation ids, quantity ids and
years; and checks the charts against the rubric's size rule (docs/chart-rubric.md)."""

from __future__ import annotations

import ast
import csv
import re
import struct
from pathlib import Path

import pytest

from repression_data.paths import REPO_DIR

ANALYSIS = REPO_DIR / "analysis"
CLAIM_ID = re.compile(r"\b[A-Z]{2}-\d{4}\b")
RELATION_ID = re.compile(r"\bR-[A-Z]{2}-\d{3}\b")
YEAR = re.compile(r"(?<![\w.])(1[89]\d\d|20\d\d)(?![\w])")


def _quantity_ids() -> set[str]:
    with open(REPO_DIR / "data" / "raw" / "quantities.csv", encoding="utf-8", newline="") as f:
        return {row["quantity_id"] for row in csv.DictReader(f)}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def typed_strings(source: str) -> list[tuple[int, str, str]]:
    """(line, what, literal) for every claim id, relation id, quantity id or year in a string literal."""
    tree = ast.parse(source)
    skip, quantities, found = _docstrings(tree), _quantity_ids(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            for what, pattern in (("claim id", CLAIM_ID), ("relation id", RELATION_ID), ("year", YEAR)):
                if pattern.search(text):
                    found.append((node.lineno, what, text))
            if any(q in text for q in quantities):
                found.append((node.lineno, "quantity id", text))
    return found


SCRIPTS = sorted(ANALYSIS.rglob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[str(p.relative_to(ANALYSIS)) for p in SCRIPTS])
def test_no_id_or_year_is_typed_into_an_analysis_script(script):
    found = typed_strings(script.read_text(encoding="utf-8"))
    assert not found, f"{script.name}: typed into code, not read from the data: {found}"


@pytest.mark.parametrize("literal", ['x = "RM-0045"', 'x = f"Elite losses, 1937-38 {y}"', 'x = ("R-GN-160", 1)',
                                     'x = ["executions-ussr-1937-38"]', 'x = "Table 5, 1921"'])
def test_the_scan_finds_what_it_looks_for(literal):
    assert typed_strings(literal)


@pytest.mark.parametrize("literal", ['"""Losses of 1937-38 (RM-0045)."""\nx = 1', 'x = rd.load("party_verification_1935")',
                                     'x = t["yezhov_1935_pct"]', 'x = f"{v:,.0f} of {w:.1f}"'])
def test_the_scan_lets_docstrings_and_table_names_be(literal):
    assert not typed_strings(literal)


def _png_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


CHARTS = sorted((ANALYSIS / "output" / "charts").glob("*.png"))


@pytest.mark.parametrize("chart", CHARTS, ids=[p.name for p in CHARTS])
def test_no_chart_is_taller_than_one_and_a_half_times_its_width(chart):
    width, height = _png_size(chart)
    assert height <= 1.5 * width, f"{chart.name}: {width} x {height} px"
    assert width <= 1280, f"{chart.name}: {width} px wide, more than a 1280 px browser shows"
