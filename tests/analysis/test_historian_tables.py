"""The historian's tables (issue 21): each a CSV with a claim_ids column, every row naming existing claims;
and the shared helpers that choose what a chart draws (one mark per root, figures from relations)."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

import repression_data as rd
from repression_data.paths import REPO_DIR

ANALYSIS = REPO_DIR / "analysis"
OUTPUT = ANALYSIS / "output"
TABLES = ["death_toll", "timeline", "contradictions", "reading_dependencies", "party_denominators", "sentences_1937_1938", "order_00447_by_region"]
PRESENT = [t for t in TABLES if (OUTPUT / f"{t}.csv").exists()]


@pytest.fixture(scope="module")
def claim_ids() -> set[str]:
    return set(rd.load("claims")["claim_id"])


@pytest.mark.parametrize("name", PRESENT)
def test_every_row_names_existing_claims(name, claim_ids):
    table = pd.read_csv(OUTPUT / f"{name}.csv", dtype=str, keep_default_na=False)
    assert "claim_ids" in table.columns and len(table)
    for i, ids in enumerate(table["claim_ids"]):
        named = [c for c in ids.split(";") if c]
        assert named, f"{name}.csv row {i + 2}: names no claim"
        assert set(named) <= claim_ids, f"{name}.csv row {i + 2}: unknown claims {set(named) - claim_ids}"
    assert (OUTPUT / f"{name}.md").exists()


def test_the_tables_are_written():
    assert PRESENT, "no historian's table in analysis/output: run make reproduce"


@pytest.fixture()
def kit(monkeypatch):
    monkeypatch.syspath_prepend(str(ANALYSIS))
    for name in [m for m in sys.modules if m == "kit" or m.startswith("kit.")]:
        monkeypatch.delitem(sys.modules, name)
    import kit.marks
    import kit.relations

    return kit


def test_one_mark_per_root_draws_a_repeat_once_and_names_it(kit):
    claims = rd.load("claims").head(3)["claim_id"].tolist()
    side = pd.DataFrame({"claim_id": claims, "scope": "same", "independent_producer": ["a", "a", "b"],
                         "value": [10.0, 10.0, 10.0], "value_low": float("nan"), "value_high": float("nan"), "qualifier": "exact"})
    out = kit.marks.one_mark_per_root(side)
    assert list(out["claim_id"]) == [claims[0], claims[2]]
    assert claims[1] in out.loc[0, "also"] and out.loc[1, "also"] == ""


def test_one_mark_per_root_keeps_two_readings_of_one_root(kit):
    claims = rd.load("claims").head(2)["claim_id"].tolist()
    side = pd.DataFrame({"claim_id": claims, "scope": "same", "independent_producer": ["a", "a"],
                         "value": [10.0, 12.0], "value_low": float("nan"), "value_high": float("nan"), "qualifier": "exact"})
    assert len(kit.marks.one_mark_per_root(side)) == 2


def test_repeats_join_the_claims_an_equal_relation_links(kit):
    relations = rd.load("relations")
    equal = relations[(relations["operation"] == "equal") & relations["result"].str.match(r"^[A-Z]", na=False)
                      & ~relations["operands"].str.contains(r"[+;]", na=True)].iloc[0]
    same = kit.relations.repeats()
    assert same[equal["operands"]] == same[equal["result"]]


def test_pairs_are_part_of_relations_whose_whole_has_the_measure(kit):
    claims = rd.load("claims").set_index("claim_id")
    found = kit.relations.pairs("elite_losses", "body_membership")
    assert found
    for _, part, whole, _ in found:
        assert claims.at[whole, "measure"] == "body_membership"


def test_the_death_toll_never_counts_a_plan_as_an_outcome():
    """A claim a quantity judges a plan (a limit), even worded by its text as executions, is shown as a plan."""
    members = rd.load("quantity_members")
    plans = set(members.loc[members["scope"].isin(["plan", "plan_presented_as_outcome"]), "claim_id"])
    table = pd.read_csv(OUTPUT / "death_toll.csv", dtype=str, keep_default_na=False)
    for _, row in table.iterrows():
        named = set(row["claim_ids"].split(";"))
        if named & plans:
            assert row["figure_kind"] == "plan" and row["measure"].startswith("Plan") and row["plan_note"], row.to_dict()
        else:
            assert row["figure_kind"] == "outcome", row.to_dict()


def test_the_sentences_table_names_what_the_texts_call_a_column_and_never_denies_a_printed_figure():
    """The yearly 'shot' column adds up to a total printed as death sentences (a sum relation): its label says so; and a
    measure with a figure for the years together is not said to have none."""
    md = (OUTPUT / "sentences_1937_1938.md").read_text(encoding="utf-8")
    table = pd.read_csv(OUTPUT / "sentences_1937_1938.csv", dtype=str, keep_default_na=False)
    claims = rd.load("claims").set_index("claim_id")
    relations = rd.load("relations")
    for _, row in table.iterrows():
        ids = set(row["claim_ids"].split(";"))
        for r in relations[relations["operation"] == "sum"].itertuples(index=False):
            parts = {c for c in str(r.operands).replace("+", ";").split(";") if c}
            if parts and parts <= ids and r.result in claims.index and claims.at[r.result, "measure"] == "death_sentences":
                assert r.result in row["sentence"], row["sentence"]
    assert "No figure at all for: death sentences" not in md


def test_a_revision_keeps_its_own_mark(kit):
    """A revision (one producer adjusting another's count) is a figure of its own: one mark per root never folds it away."""
    restatements = rd.load("restatements")
    revision = restatements[restatements["kind"] == "revision"].iloc[0]
    revised = revision["restates"].split(";")[0].strip()
    side = pd.DataFrame({"claim_id": [revised, revision["claim_id"]], "scope": "same", "independent_producer": ["a", "b"],
                         "value": [10.0, 12.0], "value_low": float("nan"), "value_high": float("nan"), "qualifier": "exact"})
    assert list(kit.marks.one_mark_per_root(side)["claim_id"]) == [revised, revision["claim_id"]]


def test_the_camp_chart_keeps_a_figure_of_another_scope_apart():
    """Every claim that a quantity marks as another scope heads a group of its own in the camp population chart's claims."""
    members = rd.load("quantity_members")
    other = set(members.loc[members["scope"] == "different_scope", "claim_id"])
    claims = rd.load("claims")
    camp = claims[claims["measure"].isin(["camp_population", "camp_population_change"]) & claims["claim_id"].isin(other)]
    assert len(camp) >= 2
    svg = (OUTPUT / "charts" / "camp_population.svg").read_text(encoding="utf-8")
    assert svg.count("another scope") >= 2


def test_reading_dependencies_name_every_chart_that_draws_a_reconstructed_print():
    """Every chart's claims (chart_claims/) that rest on a reading other than the print appear with that chart:
    the reading dependencies run after every chart script, whatever their names."""
    table = pd.read_csv(OUTPUT / "reading_dependencies.csv", dtype=str, keep_default_na=False)
    charts_of = {c: set(filter(None, v.split("; "))) for c, v in zip(table["claim"], table["charts"])}
    claims = rd.load("claims")
    read = set(claims.loc[claims["reading_basis"] != "as_printed", "claim_id"])
    drawn = sorted((OUTPUT / "chart_claims").glob("*.txt"))
    assert drawn, "no chart_claims in analysis/output: run make reproduce"
    missing = [f"{c} in {p.stem}" for p in drawn for c in p.read_text(encoding="utf-8").split()
               if c in read and p.stem not in charts_of.get(c, set())]
    assert not missing, missing
