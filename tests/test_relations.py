"""Relations between the texts' figures: the verdicts follow from the data."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import repression_data as rd
from repression_data.build import build_tables
from repression_data.errors import RawDataError
from repression_data.paths import REPO_DIR
from repression_data.relations import evaluate, judge, tolerance


def test_tolerance_follows_the_printed_precision():
    assert tolerance(38, "exact", "38") == 0.5
    assert tolerance(8.8, "exact", "8.8") == pytest.approx(0.05)
    assert tolerance(117000, "approx", "117,000") == 500
    assert tolerance(40, "approx", "40") == 5
    assert tolerance(0.5, "exact", "half") == pytest.approx(0.05)


def test_judge_reads_qualifiers():
    assert judge(38.4, 38, "exact", "38")[0] == "consistent"
    assert judge(41.4, 30, "exact", "30")[0] == "inconsistent"
    assert judge(116885, 117000, "approx", "117,000")[0] == "consistent"
    assert judge(0.52, 0.5, "more_than", "half")[0] == "consistent"
    assert judge(0.48, 0.5, "more_than", "half")[0] == "inconsistent"
    assert judge(4, 3, "range", "3-5", low=3, high=5)[0] == "consistent"


def verdict(relation_id: str, claims: pd.DataFrame) -> str:
    relations = rd.load("relations")
    return evaluate(relations[relations["relation_id"] == relation_id], claims)["verdict"].iloc[0]


def relation_with(description_part: str) -> pd.Series:
    relations = rd.load("relations")
    return relations[relations["description"].str.contains(description_part, regex=False)].iloc[0]


def test_changing_a_figure_changes_the_verdict():
    rel = relation_with("Table 1, Western: 1,337 expelled printed as 30%")
    claims = rd.load("claims")
    assert verdict(rel["relation_id"], claims) == "inconsistent"
    part = rel["operands"].split(";")[0]
    claims.loc[claims["claim_id"] == part, "value"] = 970  # 970 / 3,233 = 30.0%
    assert verdict(rel["relation_id"], claims) == "consistent"


def test_a_consistent_relation_turns_inconsistent_when_its_stated_result_changes():
    rel = relation_with("Ukraine: 6,675 expelled")
    claims = rd.load("claims")
    assert verdict(rel["relation_id"], claims) == "consistent"
    claims.loc[claims["claim_id"] == rel["result"], "value"] = 40
    assert verdict(rel["relation_id"], claims) == "inconsistent"


def test_an_unreadable_operand_makes_a_relation_not_computable():
    claims = rd.load("claims")
    results = evaluate(rd.load("relations"), claims)
    unreadable = results[results["verdict"] == "not_computable"]
    assert len(unreadable) > 0 and unreadable["reason"].notna().all()
    assert unreadable["computed_value"].isna().all()


def test_the_texts_known_slips_are_caught():
    results = rd.evaluate_relations()
    slips = results[results["verdict"] == "inconsistent"]["description"]
    assert slips.str.contains("Western: 1,337 expelled printed as 30%").any()  # a table percentage
    assert slips.str.contains("almost one-third").any()  # a fraction against the text's own total


def test_there_are_more_than_a_hundred_relations_in_every_theme_script():
    results = rd.evaluate_relations()
    assert len(results) >= 100
    scripts = {p.stem for p in (REPO_DIR / "analysis").glob("*.py")}
    themes = set(results["theme"])
    assert themes <= {"party_screenings", "secret_police_statistics", "mass_operations", "elite_losses", "other"}
    assert {"party_screenings", "secret_police_statistics", "mass_operations", "elite_losses", "other_relations"} <= scripts


def test_a_relation_naming_a_missing_claim_is_rejected(raw_copy):
    header, rows = raw_copy.rows("relations.csv")
    rows[0]["operands"] = "GN-9999;" + rows[0]["operands"].split(";", 1)[-1]
    raw_copy.write_rows("relations.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "operands" and "GN-9999" in p.message and rows[0]["relation_id"] in p.record for p in info.value.problems)


def run_reproduce(output: Path, matplotlibrc: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "REPRESSION_DATA_ANALYSIS_OUTPUT": str(output)}
    if matplotlibrc is not None:  # a user's own matplotlib setup
        config = output.parent / "mplconfig"
        config.mkdir(parents=True, exist_ok=True)
        (config / "matplotlibrc").write_text(matplotlibrc, encoding="utf-8")
        env["MPLCONFIGDIR"] = str(config)
    return subprocess.run([sys.executable, "-m", "repression_data.cli", "reproduce", "--out", str(output.parent / "processed")],
                          capture_output=True, text=True, env=env, cwd=REPO_DIR)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reproduce_is_deterministic_and_matches_the_committed_outputs(tmp_path):
    first, second = tmp_path / "a" / "output", tmp_path / "b" / "output"
    for output, rc in ((first, None), (second, "font.family: serif\nfont.size: 16\naxes.grid: True\nlines.linewidth: 4\n")):
        result = run_reproduce(output, rc)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert files(first) == files(second), "same on every run, and a user's matplotlibrc changes no chart"
    charts = [name for name in files(first) if name.startswith("charts/") and name.endswith(".png")]
    assert len(charts) >= 10
    from repression_data.versions import version_drift

    if version_drift(REPO_DIR / "constraints.txt"):
        pytest.skip("other versions than constraints.txt: chart bytes may differ from the committed ones (reproduce warns)")
    committed = files(REPO_DIR / "analysis" / "output")
    assert files(first) == committed, "analysis/output is stale: run 'make reproduce' and commit"
