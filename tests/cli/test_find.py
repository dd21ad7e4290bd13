"""search, show, compare, cite and relations in the terminal, as a reader who does not program uses them."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pandas as pd
import pytest

import repression_data as rd
from repression_data.cli.main import main
from repression_data.shipped.search import SearchError, search


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def table_ids(out: str) -> list[str]:
    return [line.split()[0] for line in out.splitlines()[2:] if line.strip()]


def test_the_nkvd_figure_is_found_by_its_words_as_a_reader_types_them():
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", "search", "shot in 1937-38"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[2].split()
    assert first[0] == "GN-0542" and "681,692" in first and "591" in first


def test_output_is_aligned_under_its_headers(capsys):
    code, out, _ = run(capsys, "search", "shot", "--measure", "executions")
    lines = out.splitlines()
    header, rule, rows = lines[0], lines[1], lines[2:]
    assert code == 0 and len(rows) >= 3
    starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    assert [header.index(h) for h in ("id", "text", "page", "print", "value", "producer", "what it counts")] == starts
    for row in rows:
        for start in starts[1:]:
            assert row[start - 2: start] == "  " or row[start - 1] == " ", (row, start)


def test_words_and_ids_ignore_case(capsys):
    assert table_ids(run(capsys, "search", "SHOT", "In", "1937-38")[1]) == table_ids(run(capsys, "search", "shot in 1937-38")[1])
    code, out, _ = run(capsys, "show", "gn-0542", "Rm-0010")
    claims = rd.load("claims").set_index("claim_id")
    assert code == 0 and claims.loc["GN-0542", "quote"] in out and claims.loc["RM-0010", "quote"] in out
    assert out.index("GN-0542") < out.index("RM-0010")


def test_show_names_every_unknown_id(capsys):
    code, _, err = run(capsys, "show", "GN-0542", "gn-542", "XX-1")
    assert code == 1 and "'gn-542'" in err and "GN-0542" in err and "'XX-1'" in err


def test_filters():
    claims = rd.load("claims").set_index("claim_id")
    executions = search("", measure="EXECUTIONS")
    assert set(executions["claim_id"]) == set(claims.index[claims["measure"] == "executions"])
    in_1938 = search("", year=1938)
    ids = set(in_1938["claim_id"])
    assert "GN-0436" in ids and "GN-0542" in ids and "GN-0437" not in ids  # 1938; 1937-38; 1937 only
    for claim_id in ids:
        start, end = claims.loc[claim_id, ["period_start", "period_end"]]
        assert start <= pd.Timestamp("1938-12-31") and (start if pd.isna(end) else end) >= pd.Timestamp("1938-01-01")
    assert set(search("", source="Reiman")["claim_id"].str[:2]) == {"RM"}
    assert set(search("", source="rm")["claim_id"].str[:2]) == {"RM"}
    assert set(search("", region="ukraine")["region"]) == {"Ukraine"}
    assert set(search("", qualifier="Approx")["qualifier"]) == {"approx"}
    nkvd = search("", producer="nkvd")
    assert len(nkvd) and nkvd["producer"].str.contains("NKVD", case=False).all()
    both = search("party members", measure="expulsions")
    assert len(both) and len(both) < len(search("party", measure="expulsions")) + 1
    for _, row in both.iterrows():
        label = rd.load("categories").set_index("term").loc[row["category"], "label"] + rd.load("measures").set_index("term").loc[row["measure"], "label"]
        said = " ".join(str(row[c]) for c in ("quote", "category", "reading_note", "producer", "locator")).lower() + label.lower()
        assert "party" in said and "member" in said, row["claim_id"]


def test_a_figure_is_found_with_or_without_separators():
    assert "GN-0542" in set(search("681692")["claim_id"]) and "GN-0542" in set(search("681,692")["claim_id"])


def test_unknown_filter_terms_are_errors_listing_the_terms(capsys):
    code, _, err = run(capsys, "search", "shot", "--measure", "shootings")
    assert code == 1 and "unknown measure 'shootings'" in err and "executions" in err
    with pytest.raises(SearchError, match="the sources are"):
        search("", source="Solzhenitsyn")


def test_nothing_found_exits_1(capsys):
    code, out, err = run(capsys, "search", "zzzzqqq")
    assert code == 1 and "0 claims found" in err


def test_csv_and_json_for_scripts(capsys):
    table = table_ids(run(capsys, "search", "shot", "--year", "1937")[1])
    code, out, _ = run(capsys, "search", "shot", "--year", "1937", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["claim_id"] for r in rows] == table and "quote" in rows[0] and rows[0]["period_start"][:4].isdigit()
    code, out, _ = run(capsys, "search", "shot", "--year", "1937", "--format", "json")
    records = json.loads(out)
    assert [r["claim_id"] for r in records] == table and isinstance(records[0]["value"], (float, type(None)))


def test_compare_in_the_terminal(capsys):
    code, out, _ = run(capsys, "compare", "Executions-USSR-1937-38")
    expected = rd.compare("executions-ussr-1937-38")
    shown = [re.search(r"\b[A-Z]{2}-\d{4}\b", line).group() for line in out.splitlines()[3:]]
    assert code == 0 and shown == list(expected["claim_id"])
    code, out, _ = run(capsys, "compare", "--format", "json", "executions-ussr-1937-38")
    assert [r["claim_id"] for r in json.loads(out)] == list(expected["claim_id"])
    code, out, _ = run(capsys, "compare")
    assert code == 0 and set(table_ids(out)) == set(rd.load("quantities")["quantity_id"])
    code, _, err = run(capsys, "compare", "executions-ussr-1937-39")
    assert code == 1 and "executions-ussr-1937-38" in err


def test_cite_in_the_terminal(capsys):
    code, out, _ = run(capsys, "cite", "gn-0542")
    assert code == 0 and out.strip() == rd.cite("GN-0542")
    code, out, _ = run(capsys, "cite", "GN-0542", "--style", "bibtex")
    assert out.startswith("@book{getty_naumov_1999,") and "p. 591, Appendix One" in out and "year = {1999}" in out
    assert out.count("{") == out.count("}")
    code, out, _ = run(capsys, "cite", "order_00447_limits")
    assert code == 0 and out.strip() == rd.cite("order_00447_limits")
    code, out, _ = run(capsys, "cite")
    assert out.strip() == rd.cite()
    code, _, err = run(capsys, "cite", "GN-0542", "--style", "cff")
    assert code == 1 and "apa or bibtex" in err
    code, _, err = run(capsys, "cite", "nothing-such")
    assert code == 1 and "nor is it a table" in err


def test_relations_in_the_terminal(capsys):
    verdicts = rd.evaluate_relations()
    code, out, err = run(capsys, "relations", "--verdict", "INCONSISTENT")
    assert code == 0 and table_ids(out) == list(verdicts.loc[verdicts["verdict"] == "inconsistent", "relation_id"])
    code, out, _ = run(capsys, "relations", "--claim", "gn-0542", "--format", "json")
    records = json.loads(out)
    assert records and all("GN-0542" in r["claim_ids"].split(";") for r in records)
    code, _, err = run(capsys, "relations", "--verdict", "wrong")
    assert code == 1 and "consistent" in err and "not_computable" in err


def test_search_uses_a_producers_table_when_claims_carry_producer_id():
    tables = {name: rd.load(name) for name in ("claims", "sources", "measures", "categories")}
    claims = tables["claims"].copy()
    claims["producer_id"] = [("nkvd-1953" if isinstance(a, str) and "4157" in a else None) for a in claims["attributed_to"]]
    tables["claims"] = claims
    tables["producers"] = pd.DataFrame({"producer_id": ["nkvd-1953"], "name": ["Report of the MVD, 1953"], "kind": ["archival_statistical_report"]})
    found = search("", producer="report of the mvd", tables=tables)
    assert "GN-0542" in set(found["claim_id"]) and set(found["producer"]) == {"Report of the MVD, 1953"}
    assert set(search("", producer="nkvd-1953", tables=tables)["claim_id"]) == set(found["claim_id"])


def test_cite_takes_format_as_well_as_style(capsys):
    """Check report C6: `cite GN-0542 RM-0030 --format bibtex` was refused (every other command uses --format)."""
    code, by_format, _ = run(capsys, "cite", "GN-0542", "RM-0030", "--format", "bibtex")
    assert code == 0 and by_format.lstrip().startswith("@")
    assert by_format == run(capsys, "cite", "GN-0542", "RM-0030", "--style", "bibtex")[1]
    with pytest.raises(SystemExit) as refused:
        main(["cite", "GN-0542", "--format", "mla"])
    assert refused.value.code == 2 and "apa" in capsys.readouterr().err
