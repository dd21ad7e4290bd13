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
from repression_data.engine.intervals import judge, tolerance
from repression_data.engine.relations import evaluate
from repression_data.errors import RawDataError
from repression_data.paths import REPO_DIR
from repression_data.pipeline.tables import build_tables


def test_tolerance_follows_the_printed_precision():
    assert tolerance(38, "exact", "38") == 0.5
    assert tolerance(8.8, "exact", "8.8") == pytest.approx(0.05)
    assert tolerance(117000, "approx", "117,000") == 500
    assert tolerance(40, "approx", "40") == 5
    assert tolerance(0.5, "exact", "half") == pytest.approx(1 / 12)  # 5/12-7/12: nearer to half than to a third or two-thirds
    assert tolerance(36, "exact", "thirty-six", unit="persons") == 0  # an integer in words is exact


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
    failing = results[results["verdict"].isin(["inconsistent", "contradiction"])]
    slips = failing["description"]
    assert slips.str.contains("Western: 1,337 expelled printed as 30%").any()  # a table percentage
    assert slips.str.contains("10 percent more").any()  # 108,935 is 20% more than 90,417
    # 6 + 8 + 16 + 5 = 35 of 36: shown, with its explanation (the 36th is Stalin, Document 143), never hidden as a weak check
    polled = failing[failing["description"].str.contains("thirty-six members")]
    assert len(polled) == 1 and polled.iloc[0]["slip_kind"] == "discrepancy_explained" and "Stalin" in polled.iloc[0]["explanation"]
    assert polled.iloc[0]["gap"] == -1
    assert failing["slip_kind"].notna().all()  # every failing verdict says who slipped


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
    from repression_data.pipeline.versions import version_drift

    if version_drift(REPO_DIR / "constraints.txt"):
        pytest.skip("other versions than constraints.txt: chart bytes may differ from the committed ones (reproduce warns)")
    committed = files(REPO_DIR / "analysis" / "output")
    assert files(first) == committed, "analysis/output is stale: run 'make reproduce' and commit"


# --- the interval engine, on claims made here (each test can fail) ---

def _claim(claim_id, value, printed, qualifier="exact", unit="persons", low=math.nan, high=math.nan, quote="", measure="expulsions"):
    return {"claim_id": claim_id, "value": value, "value_printed": printed, "qualifier": qualifier, "unit": unit,
            "value_low": low, "value_high": high, "quote": quote or printed, "measure": measure}


def _relation(relation_id, operation, operands, result="", constant=math.nan, **extra):
    return {"relation_id": relation_id, "source_id": "x", "theme": "other", "locator": "here", "description": relation_id,
            "operation": operation, "operands": operands, "result": result, "result_constant": constant, **extra}


def _evaluate(claims, relations, readings=None):
    return evaluate(pd.DataFrame(relations), pd.DataFrame(claims), readings).set_index("relation_id")


def test_integer_words_are_exact_so_35_is_not_thirty_six():
    claims = [_claim("A-0001", 6, "six"), _claim("A-0002", 8, "Eight"), _claim("A-0003", 16, "Sixteen"),
              _claim("A-0004", 5, "five"), _claim("A-0005", 36, "thirty-six")]
    out = _evaluate(claims, [_relation("R-1", "sum", "A-0001;A-0002;A-0003;A-0004", "A-0005")])
    assert out.at["R-1", "verdict"] == "inconsistent" and out.at["R-1", "gap"] == -1
    claims[3]["value"] = 6  # 6 + 8 + 16 + 6 = 36
    assert _evaluate(claims, [_relation("R-1", "sum", "A-0001;A-0002;A-0003;A-0004", "A-0005")]).at["R-1", "verdict"] == "consistent"


def test_a_range_operand_is_computable_and_consistent_where_one_of_its_values_fits():
    claims = [_claim("A-0001", 70, "Seventy"), _claim("A-0002", math.nan, "10-1s", "range", low=10, high=15), _claim("A-0003", 60, "60")]
    out = _evaluate(claims, [_relation("R-1", "difference", "A-0001;A-0002", "A-0003")])
    assert out.at["R-1", "verdict"] == "consistent"
    assert (out.at["R-1", "computed_low"], out.at["R-1", "computed_high"]) == (55, 60)
    claims[2]["value"] = 50  # 70 - [10, 15] = [55, 60] never gives 50
    assert _evaluate(claims, [_relation("R-1", "difference", "A-0001;A-0002", "A-0003")]).at["R-1", "verdict"] == "inconsistent"


def test_one_sided_operands_and_results():
    claims = [_claim("A-0001", 4_000_000, "4 million", "less_than"), _claim("A-0002", math.nan, "300,ooo-500,ooo", "range", low=300_000, high=500_000),
              _claim("A-0003", 3_500_000, "3.5 million", "approx"), _claim("A-0004", 0.5, "half", "more_than", unit="fraction"),
              _claim("A-0005", 60, "60"), _claim("A-0006", 100, "100")]
    out = _evaluate(claims, [_relation("R-1", "sum", "A-0001;A-0002", "A-0003"), _relation("R-2", "fraction", "A-0005;A-0006", "A-0004"),
                             _relation("R-3", "fraction", "A-0006;A-0006", "A-0004")])
    assert out.at["R-1", "verdict"] == "consistent"  # less than 4 million plus 0.3-0.5 million can be 3.5 million
    assert out.at["R-2", "verdict"] == "consistent" and out.at["R-3", "verdict"] == "consistent"
    assert _evaluate(claims, [_relation("R-4", "fraction", "A-0005;A-0005+A-0006", "A-0004")]).at["R-4", "verdict"] == "inconsistent"  # 60/160


def test_rounding_of_an_operand_counts():
    # 0.6 printed to one decimal may be 0.55, inside "about one-half of one percent" (0.417-0.583)
    claims = [_claim("A-0001", 0.6, "0.6", unit="percent"), _claim("A-0002", 0.5, "one-half of one percent", "approx", unit="percent")]
    assert _evaluate(claims, [_relation("R-1", "equal", "A-0001", "A-0002")]).at["R-1", "verdict"] == "consistent"
    claims[0].update(value=0.7, value_printed="0.7")
    assert _evaluate(claims, [_relation("R-1", "equal", "A-0001", "A-0002")]).at["R-1", "verdict"] == "inconsistent"


def test_almost_is_one_sided_below():
    claims = [_claim("A-0001", 36, "thirty-six"), _claim("A-0002", 139, "139"),
              _claim("A-0003", 1 / 3, "one-third", "approx", unit="fraction", quote="almost one-third of its membership")]
    out = _evaluate(claims, [_relation("R-1", "fraction", "A-0001;A-0002", "A-0003")])
    assert out.at["R-1", "verdict"] == "inconsistent"  # 0.26 is nearer a quarter than a third
    claims[0]["value"] = 44  # 0.317: almost a third
    assert _evaluate(claims, [_relation("R-1", "fraction", "A-0001;A-0002", "A-0003")]).at["R-1", "verdict"] == "consistent"
    claims[0]["value"] = 48  # 0.345: more than a third, not 'almost'
    assert _evaluate(claims, [_relation("R-1", "fraction", "A-0001;A-0002", "A-0003")]).at["R-1", "verdict"] == "inconsistent"


def test_undecided_prints_are_tried_reading_by_reading():
    claims = [_claim("A-0001", math.nan, "zoj,jo9", low=203_309, high=205_509), _claim("A-0002", 429_311, "429,311"),
              _claim("A-0003", 0.474, "0.474", unit="fraction")]
    readings = pd.DataFrame({"claim_id": ["A-0001", "A-0001"], "value": [203_309.0, 205_509.0]})
    out = _evaluate(claims, [_relation("R-1", "fraction", "A-0001;A-0002", "A-0003")], readings)
    assert out.at["R-1", "verdict"] == "consistent_for_some_readings"  # 203,309/429,311 = 0.4736; 205,509/429,311 = 0.4787
    assert "A-0001=203,309: consistent" in out.at["R-1", "readings"]


def test_unlinked_operands_make_a_relation_not_computable():
    claims = [_claim("A-0001", 36, "thirty-six"), _claim("A-0002", 139, "139"), _claim("A-0003", 1 / 3, "one-third", unit="fraction")]
    rel = _relation("R-1", "fraction", "A-0001;A-0002", "A-0003", unlinked_operands="A-0002", unlinked_reason="printed for another body")
    out = _evaluate(claims, [rel])
    assert out.at["R-1", "verdict"] == "not_computable" and "printed for another body" in out.at["R-1", "reason"]


def test_weak_checks_are_a_class_of_their_own():
    results = rd.evaluate_relations()
    weak = results[results["check_class"] == "weak"]
    from repression_data.engine.operations import BOUND_CHECKS

    weak_operations = {"part_of", *BOUND_CHECKS}  # a part not larger than its whole, or within bounds
    assert len(weak) > 0 and weak["operation"].isin(weak_operations).all()
    assert set(results.loc[~results["operation"].isin(weak_operations), "check_class"]) <= {"recomputed", "repeated_print", "order"}
    assert results["tolerance_basis"].notna()[results["verdict"] != "not_computable"].all()


def test_an_unknown_theme_names_the_known_themes():
    with pytest.raises(ValueError, match="secret_police_statistics"):
        rd.evaluate_relations("secret_police")


def test_the_report_counts_weak_checks_apart():
    text = (REPO_DIR / "analysis" / "output" / "relations.md").read_text(encoding="utf-8")
    results = rd.evaluate_relations()
    weak = results[results["check_class"] == "weak"]
    counts = " | ".join(str((weak["verdict"] == v).sum()) for v in ["contradiction", "inconsistent", "consistent_for_some_readings", "consistent", "not_computable"])
    assert f"| Weak checks: a part is not larger than its whole, or lies within bounds | {counts} | {len(weak)} |" in text
    assert "R-RM-008" in text and "does not link" in text


def test_round_counts_may_be_rounded_but_limits_are_exact():
    counts = [_claim("A-0001", 15_218, "15,z18"), _claim("A-0002", 177_000, "177,000"), _claim("A-0003", 8.6, "8.6", unit="percent")]
    out = _evaluate(counts, [_relation("R-1", "percent", "A-0001;A-0002", "A-0003")])
    assert out.at["R-1", "verdict"] == "consistent" and (out.at["R-1", "computed_low"], out.at["R-1", "computed_high"]) != (8.6, 8.6)
    assert "perhaps rounded" in out.at["R-1", "tolerance_basis"]
    limits = [_claim("A-0001", 1_000, "1,000", measure="quota_first_category"), _claim("A-0002", 1_000, "1,000", measure="quota_second_category"),
              _claim("A-0003", 2_500, "2,500", measure="quota_total")]
    out = _evaluate(limits, [_relation("R-1", "sum", "A-0001;A-0002", "A-0003")])
    assert out.at["R-1", "verdict"] == "inconsistent"  # 1,000 + 1,000 is 2,000: a limit is not a rounded count


def test_the_report_opens_with_the_findings_contradictions_then_slips_by_kind():
    text = (REPO_DIR / "analysis" / "output" / "relations.md").read_text(encoding="utf-8")
    results = rd.evaluate_relations()
    findings = text.index("## Findings")
    contradictions = text.index("### The texts' contradictions")
    by_kind = text.index("### Who slipped")
    first_list = text.index("\n## ", findings + 5)
    assert findings < contradictions < by_kind < first_list
    for r in results[results["verdict"].isin(["inconsistent", "contradiction"])].itertuples():
        assert f"{r.relation_id} (" in text[findings:first_list], r.relation_id
    changed = rd.rounding_rule_changes()
    for relation_id in changed["relation_id"]:  # every verdict the rounding rule changes is listed
        assert f"- {relation_id}: inconsistent under the former rule" in text or f"- {relation_id}: " in text[findings:first_list]
    assert "R-GN-177" in set(changed["relation_id"])
