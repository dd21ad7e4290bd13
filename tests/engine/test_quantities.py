"""Quantities: the same thing counted by several texts and producers, side by side.

The rules are tested twice: on small constructed tables (so that each rule
can be seen to fail) and on the shipped data.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import repression_data as rd
from repression_data.engine.quantities import build_quantities
from repression_data.engine.weighing import agreement, interval
from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables

# --- constructed data -------------------------------------------------------

KINDS = {"executions": "flow", "arrests": "flow", "quota_first_category": "plan", "camp_population": "stock", "camp_increase": "change"}


def claim(claim_id, value, measure="executions", qualifier="exact", printed=None, source="a", producer=None, period=("1937-01-01", "1938-12-31"), **extra):
    return {"claim_id": claim_id, "source_id": source, "value": value, "value_low": extra.get("low", math.nan), "value_high": extra.get("high", math.nan),
            "qualifier": qualifier, "value_printed": printed or f"{value:,.0f}", "unit": "persons", "measure": measure, "category": "all_persons",
            "region": "USSR", "period_start": pd.Timestamp(period[0]) if period[0] else pd.NaT, "period_end": pd.Timestamp(period[1]) if period[1] else pd.NaT,
            "producer_id": producer, "attributed_to": None}


def quantity(quantity_id="q", measure="executions", comparison="same", note=None, period=("1937-01-01", "1938-12-31")):
    return {"quantity_id": quantity_id, "label": quantity_id, "measure": measure, "category": "all_persons", "region": "USSR",
            "period_start": pd.Timestamp(period[0]), "period_end": pd.Timestamp(period[1]), "note": note, "comparison": comparison}


PRODUCERS = pd.DataFrame([
    {"producer_id": "report-1953", "name": "1953 NKVD report", "kind": "archival_statistical_report", "date": "1953", "derived_from": None},
    {"producer_id": "article-1993", "name": "1993 article", "kind": "historian_estimate", "date": "1993", "derived_from": "report-1953"},
    {"producer_id": "note-on-report", "name": "handwritten note", "kind": "archival_document", "date": "", "derived_from": "report-1953"},
    {"producer_id": "khlevniuk", "name": "Khlevniuk", "kind": "historian_estimate", "date": "2010", "derived_from": None},
    {"producer_id": "yezhov-1935", "name": "Yezhov, December 1935", "kind": "official_statement", "date": "1935-12", "derived_from": None},
    {"producer_id": "yezhov-1936", "name": "Yezhov, June 1936", "kind": "official_statement", "date": "1936-06-03", "derived_from": None},
    {"producer_id": "memo-1937", "name": "CC memo, February 1937", "kind": "archival_document", "date": "1937-02", "derived_from": None},
    {"producer_id": "defendant-1940", "name": "a defendant at his trial, 1940", "kind": "testimony", "date": "1940-02-03", "derived_from": None},
])


def run(claims, quantities, members=(), producers=PRODUCERS, restatements=None, relations=None):
    claims = pd.DataFrame(claims)
    members = pd.DataFrame(list(members), columns=["quantity_id", "claim_id", "scope", "reason"])
    origins = [SimpleNamespace(file="data/raw/quantity_members.csv", record=f"line {i + 2}") for i in range(len(members))]
    problems = []
    restatements = pd.DataFrame(list(restatements or []), columns=["claim_id", "restates", "kind", "reason"])
    table, quantity_of = build_quantities(claims, pd.DataFrame(quantities), members, origins, problems, producers=producers, figure_kinds=KINDS,
                                          restatements=restatements, relations=relations)
    return table.set_index("quantity_id") if not table.empty else table, problems


def test_rounding_is_the_one_the_print_shows_and_the_one_relations_use():
    def row(value, printed, qualifier="exact", **kw):
        return {"value": value, "qualifier": qualifier, "value_printed": printed, "value_low": math.nan, "value_high": math.nan, **kw}
    assert interval(row(800000.0, "800,000")) == (750000.0, 850000.0)
    assert interval(row(1575259.0, "1,575,259")) == (1575259.0, 1575259.0)
    assert interval(row(1300000.0, "1.3 million")) == (1250000.0, 1350000.0)
    assert interval(row(328000.0, "328,000")) == (327500.0, 328500.0)
    assert interval(row(36.0, "thirty-six", unit="persons")) == (36.0, 36.0)  # an integer in words is exact
    # a round phrase of a magnitude: to the nearest quarter of a million
    assert interval(row(750000.0, "three-quarters of a million")) == (625000.0, 875000.0)
    assert interval(row(72000.0, "72,000", measure="quota_first_category")) == (72000.0, 72000.0)  # a limit is exact
    vague = SimpleNamespace(value=math.nan, qualifier="vague", value_printed="hundreds of thousands", value_low=200000.0, value_high=999999.0)
    assert interval(vague) == (200000.0, 999999.0)


def test_rounded_figures_agree_within_the_rounding_they_show_and_not_beyond():
    table, problems = run([claim("A-1", 800000.0, producer="report-1953"), claim("B-1", 770000.0, producer="khlevniuk", source="b")],
                          [quantity(note="why they differ")])
    assert not problems and table.at["q", "agreement"] == "corroborated"
    table, problems = run([claim("A-1", 800000.0, producer="report-1953"), claim("B-1", 740000.0, producer="khlevniuk", source="b")],
                          [quantity(note="why they differ")])
    assert table.at["q", "agreement"] == "conflict"


def test_no_conflict_among_claims_with_one_producer_root():
    # the report, an article that publishes it and a note on it: one independent producer, whatever the values
    claims = [claim("A-1", 681692.0, producer="report-1953"), claim("B-1", 600000.0, producer="article-1993", source="b"),
              claim("C-1", 500000.0, producer="note-on-report", source="c")]
    table, problems = run(claims, [quantity()])
    assert not problems
    assert table.at["q", "agreement"] == "repeated"
    assert table.at["q", "n_producers"] == 1 and table.at["q", "producers"] == "report-1953"
    assert table.at["q", "n_texts"] == 3
    # an independent producer that disagrees makes it a conflict
    table, _ = run([*claims, claim("D-1", 740000.0, producer="khlevniuk", source="d")], [quantity(note="Khlevniuk corrects the official count")])
    assert table.at["q", "agreement"] == "conflict" and table.at["q", "n_producers"] == 2


def test_the_texts_own_figures_have_the_text_as_producer():
    table, _ = run([claim("A-1", 10.0), claim("A-2", 10.0), claim("B-1", 10.0, source="b")], [quantity()])
    assert table.at["q", "n_producers"] == 2 and table.at["q", "producers"] == "text:a; text:b"
    assert table.at["q", "agreement"] == "corroborated"


def test_a_conflict_needs_a_note_that_explains_it():
    table, problems = run([claim("A-1", 357000.0, producer="report-1953"), claim("B-1", 328000.0, producer="khlevniuk", source="b")], [quantity()])
    assert [p.field for p in problems] == ["note"] and "conflict" in problems[0].message


def test_a_plan_never_joins_an_outcome_quantity_except_as_plan_and_outcome():
    limit = claim("A-2", 72000.0, measure="quota_first_category", qualifier="more_than")
    shot = claim("A-1", 390000.0, producer="report-1953")
    # by hand as 'same': refused
    _, problems = run([shot, limit], [quantity()], [("q", "A-2", "same", "limit")])
    assert any(p.field == "scope" and "A-2 is a plan" in p.message for p in problems)
    # as a plan, but in a quantity that is not plan_and_outcome: refused
    _, problems = run([shot, limit], [quantity()], [("q", "A-2", "plan", "limit")])
    assert any("only in a quantity whose comparison is plan_and_outcome" in p.message for p in problems)
    # as the plan of a plan_and_outcome quantity: the class and the ratio
    table, problems = run([shot, limit], [quantity(comparison="plan_and_outcome")], [("q", "A-2", "plan", "limit")])
    assert not problems
    assert table.at["q", "agreement"] == "plan_and_outcome" and table.at["q", "n_plan"] == 1
    assert table.at["q", "ratio_low"] == pytest.approx(390000 / 72000)
    # a quantity of limits may hold limits by rule; a plan_and_outcome quantity must name the outcome's measure
    table, problems = run([limit, {**limit, "claim_id": "B-2", "source_id": "b"}], [quantity(measure="quota_first_category")])
    assert not problems and table.at["q", "n_claims"] == 2
    _, problems = run([shot, limit], [quantity(measure="quota_first_category", comparison="plan_and_outcome")], [("q", "A-2", "plan", "limit")])
    assert any(p.field == "measure" for p in problems)


def test_a_plan_presented_as_outcome_is_kept_in_the_texts_words_and_set_beside_the_outcome():
    worded_as_executions = claim("B-2", 76000.0, source="b")
    shot = claim("A-1", 390000.0, producer="report-1953")
    table, problems = run([shot, worded_as_executions], [quantity(comparison="plan_and_outcome")], [("q", "B-2", "plan_presented_as_outcome", "equals the limit")])
    assert not problems and table.at["q", "agreement"] == "plan_and_outcome" and table.at["q", "n_claims"] == 1
    # 'plan' is for figures that are plans in the text's words: an outcome measure is refused
    _, problems = run([shot, worded_as_executions], [quantity(comparison="plan_and_outcome")], [("q", "B-2", "plan", "equals the limit")])
    assert any("not a plan" in p.message for p in problems)
    # a plan_and_outcome quantity without a plan is refused
    _, problems = run([shot], [quantity(comparison="plan_and_outcome")])
    assert any(p.field == "comparison" for p in problems)


def test_a_stock_never_joins_a_flow_quantity():
    _, problems = run([claim("A-1", 10.0), claim("A-2", 5.0, measure="camp_population")], [quantity()], [("q", "A-2", "same", "x")])
    assert any("stock" in p.message and "A-2" in p.message for p in problems)


def test_a_series_of_running_totals_rises_with_the_date_of_its_count():
    counts = [claim("A-1", 177000.0, measure="arrests", producer="yezhov-1935"),
              claim("A-2", 200000.0, measure="arrests", qualifier="more_than", printed="200 thousand", producer="yezhov-1936"),
              claim("A-3", 263885.0, measure="arrests", producer="memo-1937")]
    table, problems = run(counts, [quantity(measure="arrests", comparison="series", note="running totals")])
    assert not problems and table.at["q", "agreement"] == "series" and table.at["q", "n_producers"] == 3
    # a later count below an earlier one is a conflict
    counts[2] = {**counts[2], "value": 150000.0, "value_printed": "150,000"}
    table, _ = run(counts, [quantity(measure="arrests", comparison="series", note="running totals")])
    assert table.at["q", "agreement"] == "conflict"
    # the same figures as rival counts of one thing would be a conflict too
    counts[2] = {**counts[2], "value": 263885.0, "value_printed": "263,885"}
    table, _ = run(counts, [quantity(measure="arrests", note="rival counts")])
    assert table.at["q", "agreement"] == "conflict"


def test_agreement_of_a_single_figure_and_of_figures_of_another_scope():
    one = pd.DataFrame([claim("A-1", 1.0)])
    assert agreement(one) == "single"
    assert agreement(one, has_different=True) == "different_scope"
    assert agreement(one.iloc[0:0]) == "different_scope"


# --- the shipped data -------------------------------------------------------


def test_the_1937_38_executions_quantity_holds_every_figure_and_says_where_scopes_differ():
    side = rd.compare("executions-ussr-1937-38")
    claims = rd.load("claims")
    executions = claims[(claims["measure"] == "executions") & (claims["category"] == "all_persons") & (claims["region"] == "USSR")
                        & (claims["period_start"] == "1937-01-01") & (claims["period_end"] == "1938-12-31")]
    assert set(executions["claim_id"]) <= set(side.loc[side["scope"] == "same", "claim_id"])
    different = side[side["scope"] == "different_scope"]
    assert (different["measure"] == "death_sentences").any() and different["scope_reason"].notna().all()
    # The popular estimates' 500,000 to 7 million (GN-0532) and 'hundreds of thousands' (GN-0544) agree with
    # anything; the book's own 'three-quarters of a million' (GN-0008) rounds its count (data/raw/restatements.csv);
    # the web page's 'nearly three-quarters of a million' (HR-0011) gives no period: one informative root.
    q = rd.load("quantities").set_index("quantity_id")
    assert q.at["executions-ussr-1937-38", "agreement"] == "not_contradicted" and q.at["executions-ussr-1937-38", "n_informative"] == 1


def test_no_shipped_conflict_lies_within_one_independent_producer_and_each_is_explained():
    q = rd.load("quantities")
    conflicts = q[q["agreement"] == "conflict"]
    assert (conflicts["n_producers"] >= 2).all()
    assert conflicts["note"].str.len().gt(80).all()
    repeated = q[q["agreement"] == "repeated"]
    assert (repeated["n_producers"] == 1).all()


def test_the_nkvd_count_of_arrests_and_estimates_of_all_arrests_are_separate_quantities():
    nkvd = rd.compare("arrests-nkvd-1937-38")
    estimates = rd.compare("arrests-ussr-1937-38")
    assert set(nkvd.loc[nkvd["scope"] == "same", "claim_id"]) == {"GN-0515", "GN-0523"}
    same = set(estimates.loc[estimates["scope"] == "same", "claim_id"])
    assert "GN-0541" in same and not same & {"GN-0515", "GN-0523"}


def test_figures_that_belong_beside_others_are_there():
    def beside(quantity_id):
        side = rd.compare(quantity_id)
        return dict(zip(side["claim_id"], side["scope"]))

    assert beside("death-sentences-1937-38").get("GN-0534") == "different_scope"
    gulag = beside("gulag-population-1939")
    assert gulag.get("HR-0010") == "same" and gulag.get("HR-0008") == "different_scope"
    order = beside("order-00447-executions")
    assert order.get("GN-0337") == "plan" and order.get("RM-0012") == "plan_presented_as_outcome" and order.get("RM-0014") == "same"
    executions = beside("executions-ussr-1937-38")
    assert executions.get("GN-0437") == "different_scope" and executions.get("GN-0436") == "different_scope"
    assert beside("executions-ussr-1937").get("GN-0437") == "same" and beside("executions-ussr-1938").get("GN-0436") == "same"


def test_the_order_00447_figures_are_plans_beside_outcomes_with_their_ratio():
    q = rd.load("quantities").set_index("quantity_id")
    for quantity_id in ("order-00447-executions", "order-00447-victims"):
        assert q.at[quantity_id, "agreement"] == "plan_and_outcome"
        assert q.at[quantity_id, "ratio_low"] > 1  # outcomes exceeded the limits
    # not a running count: the book calls the memo's figure 'inexplicable' (ch. 5, fn. 3)
    assert q.at["expulsions-proverka-1935", "comparison"] == "same" and q.at["expulsions-proverka-1935", "agreement"] == "conflict"
    assert q.at["party-members-victims-1937-38", "agreement"] != "conflict"


def test_compare_gives_producer_and_kind():
    side = rd.compare("executions-ussr-1937-38")
    for column in ("producer_id", "producer", "producer_kind", "independent_producer", "figure_kind", "scope_reason"):
        assert column in side.columns
    assert side["independent_producer"].notna().all() and side["producer"].notna().all()
    assert (side.loc[side["scope"] == "different_scope", "scope_reason"].notna()).all()


def test_each_claim_has_at_most_one_quantity_and_it_is_consistent_with_compare():
    claims = rd.load("claims")
    for quantity_id, group in claims.dropna(subset=["quantity_id"]).groupby("quantity_id"):
        side = rd.compare(quantity_id)
        assert set(group["claim_id"]) == set(side.loc[side["scope"].isin(["same", "plan", "plan_presented_as_outcome"]), "claim_id"])


def test_compare_rejects_an_unknown_quantity_with_the_list():
    with pytest.raises(KeyError) as info:
        rd.compare("executions")
    assert "executions-ussr-1937-38" in str(info.value)


def test_changing_a_figure_changes_the_agreement(raw_copy):
    header, rows = raw_copy.rows("claims/reiman-2016.csv")
    for row in rows:
        if row["claim_id"] == "RM-0019":
            row["value"], row["value_printed"], row["quote"] = "357000", "357,000", row["quote"].replace("328,000", "357,000")
    raw_copy.write_rows("claims/reiman-2016.csv", header, rows)
    header, rows = raw_copy.rows("restatements.csv")
    raw_copy.write_rows("restatements.csv", header, [r for r in rows if r["claim_id"] != "RM-0019"])  # no longer a revision
    # the relation that sets Yezhov's 357,000 beside the 328,000 now agrees: it no longer says who slipped
    raw_copy.edit("relations.csv", "R-RM-035", "slip_kind", "", id_column="relation_id")
    raw_copy.edit("relations.csv", "R-RM-035", "acknowledged", "", id_column="relation_id")
    raw_copy.edit("relations.csv", "R-RM-035", "explanation", "", id_column="relation_id")
    with raw_copy.path("corrections.csv").open("a", encoding="utf-8") as handle:  # a published figure changes only as a recorded correction
        handle.write(f"RM-0019,claim,2026-12-07,{rd.__version__},a test changes the printed figure\n")
    quantities = build_tables(raw_copy.raw)["quantities"].set_index("quantity_id")
    assert quantities.at["arrests-national-operations-1937-38", "agreement"] == "corroborated"


def test_a_member_naming_a_missing_claim_is_rejected(raw_copy):
    header, rows = raw_copy.rows("quantity_members.csv")
    rows[0]["claim_id"] = "GN-9999"
    raw_copy.write_rows("quantity_members.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "claim_id" and "GN-9999" in p.message and "quantity_members" in p.file for p in info.value.problems)


def test_a_plan_joined_as_same_to_an_outcome_quantity_stops_the_build(raw_copy):
    if "figure_kind" not in rd.load("measures").columns:
        pytest.skip("measures.csv has no figure_kind column yet (issue 15, item 2)")
    header, rows = raw_copy.rows("quantity_members.csv")
    for row in rows:
        if row["claim_id"] == "GN-0337":
            row["scope"] = "same"
    raw_copy.write_rows("quantity_members.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "scope" and "GN-0337" in p.message for p in info.value.problems)


def test_an_unexplained_conflict_stops_the_build(raw_copy):
    header, rows = raw_copy.rows("quantities.csv")
    for row in rows:
        if row["quantity_id"] == "death-sentences-1937-38":
            row["note"] = ""
    raw_copy.write_rows("quantities.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "note" and "death-sentences-1937-38" in p.record for p in info.value.problems)


def test_table_1_and_the_regional_reports_it_draws_on_are_one_producer():
    # Table 1's Ukraine and Ivanovo rows cite the same archival files as Documents 52 and 53: a repeat, not corroboration
    q = rd.load("quantities").set_index("quantity_id")
    for region in ("ukraine", "ivanovo"):
        for step in ("files", "expelled", "arrested"):
            assert q.at[f"{region}-{step}-1935", "agreement"] == "repeated"


# --- the charts and the report ----------------------------------------------

ANALYSIS = Path(__file__).resolve().parents[2] / "analysis"
OUTPUT = ANALYSIS / "output"


def test_a_quantity_is_charted_exactly_when_two_or_more_independent_producers_give_it():
    q = rd.load("quantities")
    charted = {p.stem.removeprefix("quantity_") for p in (OUTPUT / "charts").glob("quantity_*.png")}
    assert charted == set(q.loc[q["n_producers"] >= 2, "quantity_id"])
    report = (OUTPUT / "quantities.md").read_text(encoding="utf-8")
    alone = report.split("## Given by one independent producer only")[1].split("\n## ")[0]
    for quantity_id in q.loc[q["n_producers"] < 2, "quantity_id"]:
        assert f"`{quantity_id}`" in alone


def test_the_report_explains_every_conflict_in_a_line():
    q = rd.load("quantities")
    report = (OUTPUT / "quantities.md").read_text(encoding="utf-8")
    conflicts = report.split("## The conflicts, and why")[1].split("\n## ")[0]
    for row in q[q["agreement"] == "conflict"].itertuples(index=False):
        assert f"(`{row.quantity_id}`): {row.note}" in conflicts


def test_chart_scripts_type_no_dates_producers_or_sentence_terms():
    pattern = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) 19\d\d"
                         r"|\b(Yezhov|Malenkov|Khlevniuk|Shvernik|Reiman)'s\b|\(\d+-\d+ years")
    for script in ANALYSIS.rglob("*.py"):
        found = pattern.search(script.read_text(encoding="utf-8"))
        assert found is None, f"{script.name} types {found.group(0)!r}; take it from the data"


def test_labels_give_the_reading_and_never_the_print():
    sys.path.insert(0, str(ANALYSIS))
    try:
        from kit.names import printed_differs, reading
    finally:
        sys.path.remove(str(ANALYSIS))
    row = {"value": 500000.0, "value_low": 500000.0, "value_high": 7000000.0, "qualifier": "range", "value_printed": "500,ooo"}
    assert reading(row) == "500,000 to 7,000,000" and printed_differs(row)
    row = {"value": 263885.0, "value_low": math.nan, "value_high": math.nan, "qualifier": "exact", "value_printed": "263,885"}
    assert reading(row) == "263,885" and not printed_differs(row)
    vague = {"value": math.nan, "value_low": 200000.0, "value_high": 999999.0, "qualifier": "vague", "value_printed": "hundreds of thousands"}
    assert reading(vague) == "200,000 to 999,999"


def test_every_shipped_quantity_compares_figures_of_one_kind_and_plans_only_as_plans():
    kinds = dict(zip(rd.load("measures")["term"], rd.load("measures")["figure_kind"]))
    for q in rd.load("quantities").itertuples(index=False):
        side = rd.compare(q.quantity_id)
        same = side[side["scope"] == "same"]
        assert (same["measure"].map(kinds) == kinds[q.measure]).all(), q.quantity_id
        plans = side[side["scope"] == "plan"]
        assert (plans["measure"].map(kinds) == "plan").all(), q.quantity_id
        if len(plans) or (side["scope"] == "plan_presented_as_outcome").any():
            assert q.comparison == "plan_and_outcome", q.quantity_id


# --- agreement by evidential weight (issue 20, item 1) -------------------------


def test_corroborated_needs_two_independent_roots_with_informative_figures():
    count = claim("A-1", 681692.0, producer="report-1953")
    # two counts of independent roots that agree: corroborated
    table, _ = run([count, claim("B-1", 682000.0, printed="682,000", producer="khlevniuk", source="b")], [quantity()])
    assert table.at["q", "agreement"] == "corroborated" and table.at["q", "n_informative"] == 2
    # an estimate whose ends lie within a factor of 1.5 is informative
    table, _ = run([count, claim("B-1", math.nan, qualifier="range", printed="600,000 to 850,000", source="b", low=600000.0, high=850000.0)], [quantity()])
    assert table.at["q", "agreement"] == "corroborated"
    # an open bound, a vague word, a wide range: agreement, but not corroboration
    for other in (claim("B-1", 33000.0, qualifier="more_than", printed="33,000", source="b"),
                  claim("B-1", math.nan, qualifier="vague", printed="hundreds of thousands", source="b", low=200000.0, high=999999.0),
                  claim("B-1", math.nan, qualifier="range", printed="500,000 to 7 million", source="b", low=500000.0, high=7000000.0)):
        table, _ = run([count, other], [quantity()])
        assert table.at["q", "agreement"] == "not_contradicted" and table.at["q", "n_informative"] == 1, other["value_printed"]


def test_a_figure_joined_by_hand_without_its_period_is_not_informative():
    no_period = claim("B-1", 700000.0, printed="700,000", source="b", period=(None, None))
    members = [("q", "B-1", "same", "the page gives no period")]
    table, _ = run([claim("A-1", 681692.0, producer="report-1953"), no_period], [quantity()], members)
    assert table.at["q", "agreement"] == "not_contradicted"


def test_a_texts_own_rounding_of_a_count_roots_to_that_count():
    claims = [claim("A-1", 193083.0, producer="report-1953"), claim("A-2", 193000.0, qualifier="approx", printed="193,000")]
    table, _ = run(claims, [quantity()])
    assert table.at["q", "agreement"] == "corroborated"  # without the link, the text's rounding looks like a second witness
    table, _ = run(claims, [quantity()], restatements=[("A-2", "A-1", "rounding", "l. 2 rounds l. 1")])
    assert table.at["q", "agreement"] == "repeated" and table.at["q", "producers"] == "report-1953"


def test_a_revision_is_its_own_class_and_shows_the_adjustment():
    claims = [claim("A-1", 681692.0, producer="report-1953"), claim("B-1", 700000.0, qualifier="more_than", printed="700,000", producer="khlevniuk", source="b")]
    table, _ = run(claims, [quantity(note="a correction")])
    assert table.at["q", "agreement"] == "conflict"
    table, _ = run(claims, [quantity(note="a correction")], restatements=[("B-1", "A-1", "revision", "raised by 8.5%")])
    row = table.loc["q"]
    assert row["agreement"] == "revision"
    assert "B-1 'more than 700,000' revises A-1 '681,692': at least +2.7% (to the bound the text prints; the text states no size); raised by 8.5%" == row["adjustment"]
    assert row["acknowledged"] == "no"


def test_a_conflict_says_whether_the_text_acknowledges_it_with_the_quote():
    claims = [claim("A-1", 177000.0, producer="yezhov-1935"), claim("A-2", 263885.0, producer="memo-1937")]
    table, problems = run(claims, [quantity(note="two counts of one campaign")])
    assert not problems and table.at["q", "agreement"] == "conflict" and table.at["q", "acknowledged"] == "no"
    assert table.at["q", "n_texts"] == 1  # a contradiction inside one text
    acknowledged = {**quantity(note="two counts of one campaign"), "acknowledged_source": "a", "acknowledged_line": 9291, "acknowledged_quote": "inexplicably gave"}
    table, problems = run(claims, [acknowledged])
    assert not problems and table.at["q", "acknowledged"] == "yes" and table.at["q", "acknowledgement"] == "'inexplicably gave' (a, l. 9291)"
    _, problems = run(claims, [{**acknowledged, "acknowledged_line": None}])
    assert [(p.file, p.record, p.field) for p in problems] == [("data/raw/quantities.csv", "quantity q", "acknowledged_quote")]


def test_counts_at_different_dates_are_a_series_only_where_the_quantity_says_the_text_presents_one():
    counts = [claim("A-1", 177000.0, producer="yezhov-1935"), claim("A-2", 263885.0, producer="memo-1937")]
    assert run(counts, [quantity(comparison="series", note="a running count")])[0].at["q", "agreement"] == "series"
    assert run(counts, [quantity(note="two counts")])[0].at["q", "agreement"] == "conflict"


def test_a_participants_claim_is_set_against_the_count_not_counted():
    claims = [claim("A-1", 14000.0, printed="14,000", producer="defendant-1940"), claim("B-1", 14000.0, printed="14,000", producer="report-1953", source="b")]
    table, _ = run(claims, [quantity()])
    assert table.at["q", "agreement"] == "claim_against_count"
    table, _ = run([claims[1], claim("C-1", 14000.0, printed="14,000", producer="khlevniuk", source="c")], [quantity()])
    assert table.at["q", "agreement"] == "corroborated"


def test_the_restatements_are_checked(raw_copy):
    from repression_data.engine.restatements import check_restatements

    claims = pd.DataFrame([claim("A-1", 193083.0), claim("A-2", 193000.0, qualifier="approx", printed="193,000"), claim("A-3", 150000.0, qualifier="approx", printed="150,000"),
                           {**claim("A-4", 3.5, printed="3.5"), "unit": "percent"}])

    def problems(*rows, withdrawn=()):
        frame = pd.DataFrame(list(rows), columns=["claim_id", "restates", "kind", "reason"])
        return [(p.record, p.field, p.message) for p in check_restatements(frame, None, claims, set(withdrawn))]

    assert problems(("A-2", "A-1", "rounding", "why")) == []
    assert problems(("A-3", "A-1", "rounding", "why"))[0][1] == "kind"  # 150,000 does not round 193,083
    assert problems(("A-3", "A-1", "repeat", "why"))[0][1] == "kind"
    assert problems(("A-3", "A-1", "revision", "why")) == []  # a revision differs by design
    assert "is not a claim" in problems(("A-2", "A-9", "rounding", "why"))[0][2]
    assert "withdrawn" in problems(("A-2", "A-0", "rounding", "why"), withdrawn={"A-0"})[0][2]
    assert "cycle" in " ".join(m for *_, m in problems(("A-2", "A-1", "repeat", "why"), ("A-1", "A-2", "repeat", "why")))
    assert "units" in problems(("A-4", "A-1", "repeat", "why"))[0][2]
    assert problems(("A-2", "A-1", "rounding", "why"), ("A-2", "A-1", "repeat", "why"))[0][:2] == ("row 2", "claim_id")
    assert problems(("A-2", "A-1", "copy", "why"))[0][1] == "kind"


def test_an_extension_is_a_wider_estimate_built_on_a_count_and_never_smaller_than_it():
    """Getty and Naumov's 'not too far from 1.7 million' arrests of every kind builds on the NKVD's 1,575,259:
    neither a repeat nor a revision of that count; a wider scope cannot hold fewer than the count."""
    from repression_data.engine.restatements import check_restatements, kind_of, revisions, root_claims

    claims = pd.DataFrame([claim("A-1", 1575259.0), claim("A-2", 1700000.0, qualifier="approx", printed="1.7 million"),
                           claim("A-3", 1200000.0, qualifier="approx", printed="1.2 million")])

    def problems(*rows):
        frame = pd.DataFrame(list(rows), columns=["claim_id", "restates", "kind", "reason"])
        return [(p.record, p.field, p.message) for p in check_restatements(frame, None, claims, set())]

    assert problems(("A-2", "A-1", "extension", "why")) == []
    found = problems(("A-3", "A-1", "extension", "why"))
    assert [(r, f) for r, f, _ in found] == [("row 1", "kind")]
    assert found[0][2].startswith("A-3 allows at most 1.25e+06, less than the count 1.57526e+06 it builds on")
    frame = pd.DataFrame([("A-2", "A-1", "extension", "why")], columns=["claim_id", "restates", "kind", "reason"])
    assert root_claims(frame) == {} and revisions(frame) == {}  # its own witness, and no revision of the count
    assert kind_of(frame) == {"A-2": "extension of A-1"}


def test_the_shipped_extension_of_the_nkvd_arrest_count_is_not_called_a_revision():
    import repression_data as rd

    restatements = rd.load("restatements").set_index("claim_id")
    assert restatements.at["GN-0541", "kind"] == "extension"
    members = rd.compare("arrests-ussr-1937-38").set_index("claim_id")
    assert members.at["GN-0541", "restates"] == "extension of GN-0515"


def test_a_restatement_naming_a_missing_claim_stops_the_build(raw_copy):
    header, rows = raw_copy.rows("restatements.csv")
    rows.append({"claim_id": "GN-0092", "restates": "GN-9999", "kind": "rounding", "reason": "test"})
    raw_copy.write_rows("restatements.csv", header, rows[:-2] + rows[-1:])
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.file.endswith("restatements.csv") and p.field == "restates" and "GN-9999" in p.message for p in info.value.problems)


# --- the shipped data, judged by weight -------------------------------------------


def test_no_shipped_quantity_is_corroborated_on_fewer_than_two_informative_roots():
    q = rd.load("quantities")
    assert (q.loc[q["agreement"] == "corroborated", "n_informative"] >= 2).all()
    assert (q.loc[q["agreement"] == "not_contradicted", "n_informative"] < 2).all()


def test_the_shipped_verdicts_that_rest_on_weak_agreement_revision_or_testimony():
    q = rd.load("quantities").set_index("quantity_id")["agreement"]
    for quantity_id in ("executions-ussr-1937-38", "expulsions-screenings-1935-36", "kremlin-affair-1935"):
        assert q[quantity_id] == "not_contradicted", quantity_id
    assert q["nkvd-staff-purged"] == "claim_against_count"  # Yezhov at his trial
    assert q["death-sentences-1937-38"] == "revision" and q["arrests-national-operations-1937-38"] == "revision"
    assert q["expulsions-proverka-1935"] == "conflict"


def test_every_shipped_conflict_and_revision_says_whether_the_text_acknowledges_it():
    q = rd.load("quantities")
    judged = q[q["agreement"].isin(["conflict", "revision"])]
    assert judged["acknowledged"].isin(["yes", "no"]).all()
    assert (judged["acknowledgement"].notna() == (judged["acknowledged"] == "yes")).all()
    assert q.loc[~q["agreement"].isin(["conflict", "revision"]), "acknowledged"].isna().all()
    revisions = q[q["agreement"] == "revision"]
    assert revisions["adjustment"].str.contains(" revises ").all()


def test_compare_shows_what_a_figure_restates_and_roots_it_there():
    side = rd.compare("executions-ussr-1937-38").set_index("claim_id")
    assert side.at["GN-0008", "restates"] == "rounding of GN-0542"
    assert side.at["GN-0008", "independent_producer"] == side.at["GN-0542", "independent_producer"]


def test_an_open_bound_the_text_closes_by_its_parts_is_judged_by_their_sum():
    """'more than 33,000 ...; 9,941 were arrested, and 23,434 were discharged but not arrested': the bound is 33,375, so a 37,000
    of another root conflicts with it (without the relation the open bound would leave it not contradicted)."""
    claims = [claim("A-1", 33000.0, qualifier="more_than", producer="report-1953"), claim("A-2", 9941.0, producer="report-1953"),
              claim("A-3", 23434.0, producer="report-1953"), claim("B-1", 37000.0, source="b")]
    members = [("q", "A-2", "excluded", "a part"), ("q", "A-3", "excluded", "a part")]
    opened, problems = run(claims, [quantity(note="why they differ")], members)
    assert not problems and opened.at["q", "agreement"] == "not_contradicted"
    relations = pd.DataFrame([{"relation_id": "R-1", "operation": "sum", "operands": "A-2;A-3", "result": "A-1"}])
    closed, problems = run(claims, [quantity(note="why they differ")], members, relations=relations)
    assert not problems and closed.at["q", "agreement"] == "conflict"
    assert "33,375" in closed.at["q", "closed_by"] and "R-1" in closed.at["q", "closed_by"]


def test_the_army_officers_bound_is_closed_and_the_web_page_conflicts_with_it():
    q = rd.load("quantities").set_index("quantity_id").loc["army-officers-purged-1937-38"]
    assert q["agreement"] == "conflict" and "33,375" in q["closed_by"]


def test_a_revision_reports_the_change_the_text_states_and_a_printed_bound_as_a_floor():
    claims = [claim("A-1", 681692.0, producer="report-1953"), claim("B-1", 700000.0, qualifier="more_than", producer="khlevniuk", source="b"),
              {**claim("B-2", 8.5, source="b", producer="khlevniuk"), "unit": "percent", "measure": "other"}]
    restatements = [("B-1", "A-1", "revision", "the count raised by 8.5%")]
    relations = pd.DataFrame([{"relation_id": "R-1", "operation": "percent_change", "operands": "?;B-1", "result": "B-2"}])
    table, problems = run(claims, [quantity(note="a revision")], restatements=restatements, relations=relations)
    assert not problems and table.at["q", "agreement"] == "revision"
    assert "+8.5% as the text states (B-2), about 739,636" in table.at["q", "adjustment"] and "a floor" in table.at["q", "adjustment"]
    table, problems = run(claims, [quantity(note="a revision")], restatements=restatements)
    assert "at least +2.7%" in table.at["q", "adjustment"]


def test_the_death_sentence_revision_is_reported_as_the_text_states_it():
    q = rd.load("quantities").set_index("quantity_id").loc["death-sentences-1937-38"]
    assert "+8.5% as the text states" in q["adjustment"]


def test_an_acknowledgement_quote_is_whole_words_of_the_text():
    """An acknowledgement is never cut at the OCR's line break ('Vol-' / 'kogonov'): the line before its line does not end
    in a hyphen that its first word continues."""
    import os

    folder = os.environ.get("REPRESSION_DATA_SOURCES")
    if not folder:
        pytest.skip("the source texts are not available: set REPRESSION_DATA_SOURCES")
    files = rd.load("sources").set_index("source_id")["text_file"]
    raw = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "raw" / "quantities.csv", dtype=str, keep_default_na=False)
    for q in raw[raw["acknowledged_quote"] != ""].itertuples(index=False):
        lines = (Path(folder) / Path(files[q.acknowledged_source]).name).read_text(encoding="utf-8").splitlines()
        line = int(q.acknowledged_line)
        first = q.acknowledged_quote.split()[0]
        here = lines[line - 1]
        assert first in here, f"{q.quantity_id}: {first!r} is not on line {line}"
        start = here.index(first)
        cut = start == 0 and lines[line - 2].rstrip().endswith("-")
        assert not cut and (start == 0 or not here[start - 1].isalpha()), f"{q.quantity_id}: the quote starts inside a word: {first!r}"
