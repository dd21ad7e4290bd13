"""The printed tables rebuilt from the claims: cells traceable, totals and percentages checked."""

from __future__ import annotations

import pandas as pd
import pytest

import repression_data as rd
from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables
from repression_data.read.wide import WIDE_TABLES


def pct(part, whole):
    return 100 * part / whole


@pytest.mark.parametrize("spec", WIDE_TABLES, ids=lambda s: s.name)
def test_every_value_is_the_value_of_its_claim(spec):
    table = rd.load(spec.name)
    claims = rd.load("claims").set_index("claim_id")
    for column in spec.columns:
        for value, claim_id in zip(table[column], table[f"{column}_claim_id"]):
            if pd.isna(claim_id):
                continue
            expected = claims.loc[claim_id, "value"]
            assert (pd.isna(value) and pd.isna(expected)) or value == expected


@pytest.mark.parametrize("spec", WIDE_TABLES, ids=lambda s: s.name)
def test_every_empty_cell_says_why(spec):
    table = rd.load(spec.name)
    for _, row in table.iterrows():
        for column in spec.columns:
            if pd.isna(row[column]):
                assert isinstance(row["notes"], str) and f"{column}:" in row["notes"], (row[spec.row_column], column)


def test_table_1_percentages_match_their_counts_except_the_western_expelled_share():
    t = rd.load("party_verification_1935").set_index("region")
    mismatches = []
    for region, row in t.iterrows():
        for pct_col, part, whole in [
            ("expelled_pct", "expelled", "files_sent"),
            ("arrested_pct_of_expelled", "arrested", "expelled"),
            ("arrested_pct_of_files_sent", "arrested", "files_sent"),
        ]:
            if abs(pct(row[part], row[whole]) - row[pct_col]) > 0.5:
                mismatches.append((region, pct_col))
    # The book prints 30% for 1,337 of 3,233 (41%): a slip of the text, kept as printed.
    assert mismatches == [("Western", "expelled_pct")]


def test_table_2_columns_sum_to_100():
    t = rd.load("expulsion_reasons_1935_36")
    assert t["yezhov_1935_pct"].sum() == pytest.approx(100.0, abs=0.05)
    assert t["malenkov_1937_pct"].sum() == pytest.approx(100.0, abs=0.05)


def test_table_3_oppositionist_shares_match_their_counts():
    t = rd.load("oppositionist_expulsions_1935_37")
    share = pct(t["oppositionists_expelled"], t["expelled"])
    assert (share - t["oppositionists_pct_of_expelled"]).abs().max() <= 0.05


def test_table_4_totals_and_percentages():
    t = rd.load("cadre_verification_1935_37").set_index("post")
    rows, total = t.drop(index="Totals"), t.loc["Totals"]
    assert rows["checked"].sum() == total["checked"]
    assert rows["expelled"].sum() == total["expelled"]
    assert (pct(t["expelled"], t["checked"]) - t["expelled_pct"]).abs().max() <= 0.05


def test_table_5_political_shares_the_appendix_states():
    t = rd.load("secret_police_arrests_1921_39").set_index("year")
    twenties = t.loc[1921:1929]
    assert round(pct(twenties["arrests_counterrevolutionary"].sum(), twenties["arrests_total"].sum())) == 59
    thirties = t.loc[1930:1936]
    # 1930's total is an undecided print: the appendix's 61 percent holds for every candidate reading.
    undecided = thirties["arrests_total"].isna()
    assert undecided.sum() == 1
    readings = rd.load("readings")
    candidates = readings[readings["claim_id"] == thirties.loc[undecided, "arrests_total_claim_id"].iloc[0]]["value"]
    assert len(candidates) >= 2
    for candidate in candidates:
        assert round(pct(thirties["arrests_counterrevolutionary"].sum(), thirties["arrests_total"].sum() + candidate)) == 61
    purge = t.loc[1937:1938]
    assert round(pct(purge["arrests_counterrevolutionary"].sum(), purge["arrests_total"].sum())) == 87


def test_table_5_purge_total_differs_from_the_appendix_by_the_printed_digit():
    t = rd.load("secret_police_arrests_1921_39").set_index("year")
    claims = rd.load("claims")
    appendix = claims[(claims["value_printed"] == "1,575,259")]["value"].iloc[0]
    # Printed 638,507 for 1938; the appendix total implies 638,509 (see the claim's reading note).
    assert appendix - (t.loc[1937, "arrests_total"] + t.loc[1938, "arrests_total"]) == 2


def test_document_170_totals_add_up_and_lost_rows_are_present():
    t = rd.load("order_00447_limits")
    printed = t.dropna(subset=["total"])
    assert len(printed) == 7
    assert ((printed["first_category"] + printed["second_category"]) == printed["total"]).all()
    lost = t[t["total"].isna()]
    assert len(lost) == 41 and lost["notes"].str.contains("lost in the OCR").all()


def test_a_layout_cell_with_an_unknown_claim_is_rejected(raw_copy):
    header, rows = raw_copy.rows("tables/cadre_verification_1935_37.csv")
    rows[0]["claim_id"] = "GN-9999"
    raw_copy.write_rows("tables/cadre_verification_1935_37.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "claim_id" and "GN-9999" in p.message and "cadre_verification" in p.file for p in info.value.problems)


def test_an_empty_layout_cell_without_a_note_is_rejected(raw_copy):
    header, rows = raw_copy.rows("tables/order_00447_limits.csv")
    rows[-1]["note"] = ""
    raw_copy.write_rows("tables/order_00447_limits.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert any(p.field == "note" for p in info.value.problems)


def _swap_two_cells_of_one_column(rows, claims_line):
    """Swap the claims of the first two cells of a column printed on different lines; return their ids."""
    by_column = {}
    for row in rows:
        if row["claim_id"]:
            by_column.setdefault(row["column"], []).append(row)
    for cells in by_column.values():
        for first, second in zip(cells, cells[1:]):
            if claims_line[first["claim_id"]] != claims_line[second["claim_id"]]:
                first["claim_id"], second["claim_id"] = second["claim_id"], first["claim_id"]
                return first["claim_id"], second["claim_id"]
    raise AssertionError("no column with two cells on different lines")


@pytest.mark.parametrize("spec", WIDE_TABLES, ids=lambda s: s.name)
def test_the_print_order_rule_catches_a_swapped_cell(spec, raw_copy):
    claims_line = dict(zip(rd.load("claims")["claim_id"], rd.load("claims")["line"]))
    relative = f"tables/{spec.name}.csv"
    header, rows = raw_copy.rows(relative)
    build_tables(raw_copy.raw)  # the shipped layout is in print order
    swapped = _swap_two_cells_of_one_column(rows, claims_line)
    raw_copy.write_rows(relative, header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    hits = [p for p in info.value.problems if p.field == "claim_id" and spec.name in p.file and "print" in p.message]
    assert hits and any(c in hits[0].message for c in swapped)


def test_an_out_of_order_cell_passes_only_with_its_evidence(raw_copy):
    header, rows = raw_copy.rows("tables/secret_police_arrests_1921_39.csv")
    claims_line = dict(zip(rd.load("claims")["claim_id"], rd.load("claims")["line"]))
    first, _ = _swap_two_cells_of_one_column(rows, claims_line)
    raw_copy.write_rows("tables/secret_police_arrests_1921_39.csv", header, rows)
    with pytest.raises(RawDataError):
        build_tables(raw_copy.raw)
    for claim_id in (first,):
        header_c, claims = raw_copy.rows("claims/getty-naumov-1999.csv")
        hit = next(c for c in claims if c["claim_id"] == claim_id)
        hit["reading_note"] = "Out of print order: the evidence would be given here."
        raw_copy.write_rows("claims/getty-naumov-1999.csv", header_c, claims)
    # With its evidence the order passes; what is left is that two published cells traded their claims,
    # which no evidence licenses (a cell id stays bound to its claim: issue 25, item 2).
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert info.value.problems and all("cannot trade figures" in p.message for p in info.value.problems), info.value.problems


def test_table_5_anti_soviet_agitation_in_print_order():
    t = rd.load("secret_police_arrests_1921_39").set_index("year")
    column = t["arrests_anti_soviet_agitation"]
    assert column[1929] == 51_396 and column[1931] == 100_963
    assert column[1934] == 16_788 and column[1935] == 43_686  # 'two and a half times as many' (2.6)
    assert pd.isna(column[1930]) and "dash" in t.loc[1930, "notes"]  # printed 0
    assert pd.isna(column[1928]) and "lost in the OCR" in t.loc[1928, "notes"]
    claims = rd.load("claims").set_index("claim_id")
    ids = t["arrests_anti_soviet_agitation_claim_id"].dropna()
    lines = [claims.at[c, "line"] for c in ids]
    assert lines == sorted(lines)


def test_every_printed_zero_in_a_table_is_read_one_way():
    claims = rd.load("claims").set_index("claim_id")
    for spec in WIDE_TABLES:
        table = rd.load(spec.name)
        for column in spec.columns:
            for claim_id in table[f"{column}_claim_id"].dropna():
                claim = claims.loc[claim_id]
                if claim["value_printed"].strip() in ("0", "o", "O", "-", "—"):
                    assert claim["qualifier"] == "no_figure" and pd.isna(claim["value"]), claim_id
                    assert "dash" in claim["reading_note"]
                else:
                    assert claim["qualifier"] != "no_figure", claim_id
