"""What a figure is, beside what it counts: plans, changes, proposals, stocks
and flows follow from the measure; ranges stay one claim; cumulative counts
carry their start; vague phrases keep their bounds; round figures are exact;
one event is coded alike; executions and death sentences follow the text's words."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from repression_data.errors import RawDataError
from repression_data.paths import RAW_DIR
from repression_data.pipeline.tables import build_tables
from repression_data.read.rawspec import FIGURE_KINDS

APPROX_WORDS = re.compile(r"\b(about|around|some|nearly|almost|roughly|approximately|circa|close to|not too far|little less|or so|just under|just over)\b", re.I)


@pytest.fixture(scope="module")
def tables(shipped_build) -> dict[str, pd.DataFrame]:
    return {name: frame.copy(deep=True) for name, frame in shipped_build.items()}


@pytest.fixture(scope="module")
def claims(tables) -> pd.DataFrame:
    kinds = tables["measures"].set_index("term")["figure_kind"]
    return tables["claims"].assign(figure_kind=lambda c: c["measure"].map(kinds)).set_index("claim_id", drop=False)


def test_every_measure_has_a_known_figure_kind(tables):
    measures = tables["measures"]
    assert measures["figure_kind"].isin(list(FIGURE_KINDS)).all()
    assert set(measures.loc[measures["term"].str.startswith("quota"), "figure_kind"]) == {"plan"}
    assert set(FIGURE_KINDS) >= {"plan", "flow", "stock", "change", "proposal"}


def test_an_unknown_figure_kind_is_refused(raw_copy):
    raw_copy.edit("vocabularies/measures.csv", "arrests", "figure_kind", "outcome", id_column="term")
    with pytest.raises(RawDataError) as caught:
        build_tables(raw_copy.raw)
    assert any("measures.csv" in str(p) and "arrests" in str(p) and "figure_kind" in str(p) for p in caught.value.problems)


def test_caps_limits_and_quotas_are_plans(claims):
    capped = claims[claims["quote"].str.contains(r"not to exceed|base figure|\bquota|\blimit", case=False, regex=True)]
    assert len(capped)
    assert (capped["figure_kind"] == "plan").all(), capped.loc[capped["figure_kind"] != "plan", ["claim_id", "measure"]]
    assert claims.loc[["GN-0047", "GN-0049", "GN-0050"], "figure_kind"].eq("plan").all()


def test_an_increase_is_a_change_not_a_stock(claims):
    rising = claims[claims["quote"].str.contains(r"increased\b[^.]{0,60}?\bby\b|total increase", case=False, regex=True)]
    assert {"GN-0064", "GN-0528", "GN-0531"} <= set(rising.index)
    assert (rising["figure_kind"] != "stock").all(), rising.loc[rising["figure_kind"] == "stock", "claim_id"].tolist()
    assert claims.loc[["GN-0064", "GN-0528", "GN-0529", "GN-0531"], "figure_kind"].eq("change").all()
    assert claims.at["GN-0530", "figure_kind"] == "stock"


def test_proposed_penalties_are_proposals(claims):
    proposed = claims[claims["quote"].str.contains(r"were to be sentenced|recommending punishment|proposed penalties|summary shooting of", case=False, regex=True)]
    assert {"GN-0059", "GN-0214", "RM-0059", "RM-0062", "RM-0003"} <= set(proposed.index)
    assert (proposed["measure"] == "proposed_sentences").all()
    hypothetical = claims[claims["quote"].str.contains(r"\bif we (?:also )?expel|better to expel", case=False, regex=True)]
    assert {"GN-0200", "GN-0201", "GN-0203"} <= set(hypothetical.index)
    assert (hypothetical["figure_kind"] == "proposal").all()


def test_cumulative_counts_carry_their_start(claims):
    """A count 'by' or 'as of' a date is not a one-day flow: its start is the
    start of the counting where the text gives it, else empty."""
    flows = claims[claims["figure_kind"] == "flow"]
    cumulative = flows[flows["quote"].str.contains(r"\bas of\b|Data from|\bby (?:\d|the end)", regex=True)]
    assert {"RM-0013", "RM-0021"} <= set(cumulative.index)
    one_day = cumulative[cumulative["period_start"] == cumulative["period_end"]]
    assert one_day.empty, one_day["claim_id"].tolist()
    for cid in ("RM-0013", "RM-0014", "RM-0022", "RM-0023", "RM-0021"):
        assert claims.at[cid, "period_start"] != claims.at[cid, "period_end"]


def test_a_range_stays_one_claim(claims):
    """No two claims of one line hold the two ends of one printed range."""
    ends = re.compile(r"(?:from\s+)?(\S+)\s+(?:to|-)\s+(\S+(?:\s+(?:thousand|million))?)")
    for _, group in claims.groupby(["source_id", "line", "quote", "measure", "category"]):
        if len(group) < 2:
            continue
        printed = set(group["value_printed"])
        for match in ends.finditer(group["quote"].iloc[0]):
            low, high = match.group(1), match.group(2)
            assert not ({low, high} <= printed), group["claim_id"].tolist()
    gn532 = claims.loc["GN-0532"]
    assert gn532["qualifier"] == "range" and (gn532["value_low"], gn532["value_high"]) == (500000, 7000000)
    assert "GN-0533" not in claims.index


def test_the_claim_that_goes_is_withdrawn_not_deleted(claims):
    with (RAW_DIR / "withdrawn.csv").open(newline="", encoding="utf-8") as handle:
        withdrawn = {row["id"]: row for row in csv.DictReader(handle)}
    row = withdrawn["GN-0533"]
    assert row["kind"] == "claim" and row["reason"] and row["replaced_by"] == "GN-0532"
    assert row["replaced_by"] in claims.index
    assert not set(withdrawn) & set(claims.index)


def test_vague_phrases_keep_every_bound(claims):
    gn544 = claims.loc["GN-0544"]  # "more likely in the hundreds of thousands than in the millions"
    assert gn544["value_low"] == 200000 and gn544["value_high"] < 1_000_000
    vague = claims[claims["qualifier"] == "vague"]
    upper = vague[vague["quote"].str.contains(r"than in the (?:millions|thousands)|in all\b", regex=True)]
    assert len(upper) and upper["value_high"].notna().all()


def test_approx_only_where_the_text_qualifies_the_number(claims):
    approx = claims[claims["qualifier"] == "approx"]
    unqualified = approx[~approx["quote"].str.contains(APPROX_WORDS) & ~approx["reading_note"].fillna("").str.contains(APPROX_WORDS)]
    assert unqualified.empty, unqualified["claim_id"].tolist()
    assert claims.loc[["GN-0008", "HR-0008"], "qualifier"].eq("exact").all()


def test_one_event_coded_alike(claims):
    kremlin = claims[claims["quote"].str.contains("Kremlin") | claims["region_printed"].fillna("").str.contains("Kremlin")]
    assert {"RM-0001", "GN-0107"} <= set(kremlin.index)
    assert set(kremlin["region"]) == {"Moscow"}
    purged = claims[claims["quote"].str.contains(r"\bpurged\b") & (claims["measure"] != "body_membership")]
    assert {"GN-0231", "GN-0448"} <= set(purged.index)
    assert set(purged["measure"]) == {"repressed"}
    gagarina = claims.loc[["GN-0074", "GN-0123", "GN-0124", "GN-0125"]]  # one commuted death sentence
    assert gagarina["category"].nunique() == 1 and gagarina["region"].nunique() == 1 and gagarina["producer_id"].nunique() == 1
    assert "anti_soviet_elements" not in set(gagarina["category"])
    assert claims.at["GN-0201", "category"] == claims.at["GN-0203", "category"]
    assert claims.at["GN-0338", "category"] == claims.at["GN-0339", "category"] == "order_00447_targets"
    web = claims[claims["source_id"] == "history-revision-ussr-1928-41"]
    for value, category in ((37000, "army_officers"), (14, "army_commanders"), (3, "marshals")):
        same = web[(web["value"] == value) & (web["category"] == category)]
        assert len(same) == 2 and same["period_start"].nunique(dropna=False) == 1 and same["period_start"].notna().all()


def test_named_categories_and_regions(claims):
    assert claims.at["GN-0123", "category"] != "anti_soviet_elements"
    assert claims.at["RM-0004", "category"] == "accused_terrorists"
    assert claims.at["GN-0197", "region"] != "Unspecified"


def test_executions_and_death_sentences_follow_the_texts_words(claims):
    sentenced = re.compile(r"sentenced to death|sentenced todeath|sentenced to be shot|con-?\s*demned|death sentence", re.I)
    carried_out = re.compile(r"\bexecut|\bshot\b|\bkilled", re.I)
    for claim in claims.itertuples():
        if claim.measure == "executions":
            assert carried_out.search(claim.quote) or not sentenced.search(claim.quote), claim.claim_id
        if claim.measure == "death_sentences" and not sentenced.search(claim.quote):
            # a figure that continues a sentence ("a further 11,463 in 1933") quotes the words in its note
            assert re.search(r"death|sentenc", claim.reading_note or "", re.I), claim.claim_id
    assert claims.at["GN-0542", "measure"] == "executions" and claims.at["GN-0335", "measure"] == "death_sentences"


def test_a_relation_that_sets_kinds_side_by_side_says_so(tables, claims):
    kinds = claims["figure_kind"]
    for rel in tables["relations"].itertuples():
        ids = [i for op in rel.operands.split(";") for i in op.split("+") if i in claims.index]
        if isinstance(rel.result, str) and rel.result in claims.index:  # '?': implied, not printed
            ids.append(rel.result)
        measures, figure_kinds = set(claims.loc[ids, "measure"]), set(kinds.loc[ids])
        words = f"{rel.description} {rel.note or ''}".lower()
        if {"executions", "death_sentences"} <= measures:
            assert "side by side" in words, rel.relation_id
        if "plan" in figure_kinds and figure_kinds & {"flow", "stock", "change"}:
            assert "plan" in words, rel.relation_id


def test_reimans_limits_as_outcomes_are_recorded(tables, claims):
    relations = tables["relations"].set_index("relation_id")
    rel = relations.loc["R-RM-900"]
    # Reiman's 76,000 'executed' set against his own 390,000 executed; the limit it is (GN-0337) in the note
    assert "RM-0012" in rel["operands"] and rel["result"] == "RM-0014" and "GN-0337" in rel["note"]
    assert claims.at["GN-0337", "figure_kind"] == "plan" and rel["slip_kind"] == "author_arithmetic"
    assert "plan presented as outcome" in rel["description"].lower()
    assert claims.loc[["RM-0011", "RM-0012"], "reading_note"].str.contains("R-RM-900").all()


def test_what_a_decree_orders_or_a_region_requests_is_not_an_outcome(claims):
    ordered = claims[claims["quote"].str.contains(r"were to be released|Deporting from|show trials|petitions by others", regex=True)]
    assert {"GN-0045", "GN-0046", "GN-0117", "GN-0322", "GN-0323"} <= set(ordered.index)
    assert ordered["figure_kind"].isin(["plan", "proposal"]).all(), ordered.loc[~ordered["figure_kind"].isin(["plan", "proposal"]), "claim_id"].tolist()
