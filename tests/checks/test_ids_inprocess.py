"""Published ids, in-process (issue 25, item 5): the fingerprints that bind an id to its figure
(checks/bindings.py) and the checks that no published id vanishes or is reused (checks/published.py), called
on small tables so that `make mutate` sees them. The same promises through the command:
tests/checks/test_bindings.py, tests/checks/test_withdrawn_named.py, tests/pipeline/test_nothing_lost.py."""

from __future__ import annotations

import hashlib
import math
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from repression_data.checks import bindings as b
from repression_data.checks import published as p
from repression_data.errors import Problem

CLAIMS = pd.DataFrame({"claim_id": ["AB-0001", "AB-0002"], "source_id": ["ab", "cd"], "quote": ["q1", "q2"], "value_printed": ["10", "20"],
                       "value": [10.0, 20.0], "page": [3, 4]})
RELATIONS = pd.DataFrame({"relation_id": ["R-AB-001"], "operation": ["sum"], "operands": ["AB-0001;AB-0002"], "result": ["AB-0002"],
                          "result_constant": [math.nan]})
WIDE = pd.DataFrame({"region": ["USSR", "RSFSR"], "files_sent_claim_id": ["AB-0001", None], "expelled_claim_id": [None, None],
                     "notes": [None, "expelled: not printed"]})


def tables():
    return {"claims": CLAIMS.copy(), "relations": RELATIONS.copy(), "party_verification_1935": WIDE.copy()}


@pytest.mark.parametrize("value, text", [
    ("a b", "a b"), (7, "7"), (None, ""), (pd.NA, ""), (pd.NaT, ""), (math.nan, ""), (3.0, "3"), (2.5, "2.5"), (1e-7, "1e-07"),
    (datetime(1937, 8, 5, 12), "1937-08-05"), (date(1938, 1, 2), "1938-01-02"), (pd.Timestamp("1939-03-04"), "1939-03-04"),
    (True, "true"), (False, "false"), (np.int64(5), "5"), (np.float64(4.0), "4"), (np.float32(math.nan), ""), (np.bool_(True), "True"),
])
def test_a_field_reads_the_same_however_it_was_stored(value, text):
    assert b._text(value) == text


def test_a_fingerprint_is_the_first_16_hex_digits_of_blake2b_of_the_fields_joined():
    expected = hashlib.blake2b("a\x1f3\x1f".encode("utf-8"), digest_size=8).hexdigest()
    assert b.fingerprint(["a", 3.0, None]) == expected and len(expected) == 16
    assert b.fingerprint(["a", "b"]) != b.fingerprint(["ab"])


def test_the_fields_behind_each_ids_fingerprints():
    fields = b.fields_of(tables())
    assert fields[("claim", "AB-0001")] == (("ab", "q1", "10"), (None, 3, None, 10.0) + (None,) * 10)
    assert fields[("relation", "R-AB-001")][1] == () and fields[("relation", "R-AB-001")][0][:3] == ("sum", "AB-0001;AB-0002", "AB-0002")
    assert fields[("cell", "party_verification_1935:USSR:files_sent")] == (("AB-0001",), ())
    assert [k for k in fields if k[0] == "cell"] == [("cell", "party_verification_1935:USSR:files_sent")]
    found = b.bindings_of(tables())
    assert found[("claim", "AB-0001")] == (b.fingerprint(("ab", "q1", "10")), b.fingerprint(fields[("claim", "AB-0001")][1]))
    assert found[("relation", "R-AB-001")][1] == "" and b.bindings_of({}) == {}


def check(new_tables, earlier_tables, corrections=None, with_fields=True, version="0.1.0"):
    corrections = corrections if corrections is not None else pd.DataFrame({"id": [], "kind": [], "version": []})
    earlier = [("the previous build", version, b.bindings_of(earlier_tables), b.fields_of(earlier_tables) if with_fields else None)]
    file_of = {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/cd.csv", ("relation", "R-AB-001"): "relations.csv"}
    return b.check_bindings(b.fields_of(new_tables), corrections, earlier, Path("data/raw"), None, file_of)


def test_unchanged_ids_pass():
    assert check(tables(), tables()) == []


def test_two_ids_that_trade_figures_are_refused_naming_both():
    new = tables()
    new["claims"].loc[:, "claim_id"] = ["AB-0002", "AB-0001"]
    problems = check(new, tables())
    assert [(x.file, x.record, x.field) for x in problems] == [("data/raw/claims/ab.csv", "claim AB-0001", ""), ("data/raw/claims/cd.csv", "claim AB-0002", "")]
    assert problems[0].message == ("now names the figure that the previous build published as claim AB-0002: an id stays bound to what it named, so AB-0001 "
                                   "and AB-0002 cannot trade figures (swapped ids?); put each back under its own id, or give the figure a new id and "
                                   "withdraw the old one in data/raw/withdrawn.csv")
    licensed = pd.DataFrame({"id": ["AB-0001"], "kind": ["claim"], "version": ["0.2.0"]})
    assert len(check(new, tables(), licensed)) == 2  # no correction licenses a swap


def test_a_changed_reading_needs_a_recorded_correction_of_that_version_or_later():
    new = tables()
    new["claims"].loc[0, "page"] = 5
    [problem] = check(new, tables())
    assert (problem.file, problem.record, problem.rank) == ("data/raw/claims/ab.csv", "claim AB-0001", 1)
    assert problem.message == ("its reading differs from what the previous build published (page '3' -> '5'): a correction passes only when "
                               "data/raw/corrections.csv records it (id, kind, date, version, reason); if the id now names another figure, give that "
                               "figure a new id and withdraw this one")
    assert check(new, tables(), with_fields=False)[0].message.startswith("its reading differs from what the previous build published: a correction")
    for version, passes in (("0.1.0", True), ("0.2.0", True), ("0.0.9", False), ("x", False)):
        recorded = pd.DataFrame({"id": ["AB-0001"], "kind": ["claim"], "version": [version]})
        assert (check(new, tables(), recorded) == []) is passes, version
    other_kind = pd.DataFrame({"id": ["AB-0001"], "kind": ["relation"], "version": ["0.1.0"]})
    assert len(check(new, tables(), other_kind)) == 1


def test_a_changed_figure_says_which_field_changed_for_each_kind():
    new = tables()
    new["claims"].loc[1, "quote"] = "q2 corrected"
    new["relations"].loc[0, "operation"] = "difference"
    new["party_verification_1935"].loc[0, "files_sent_claim_id"] = "AB-0003"
    messages = {x.record: x.message for x in check(new, tables())}
    assert messages["claim AB-0002"].startswith("its figure (source, quote or printed figure) differs from what the previous build published "
                                                "(quote 'q2' -> 'q2 corrected'): ")
    assert messages["relation R-AB-001"].startswith("its figure (operation and the claims it relates) differs from what the previous build "
                                                    "published (operation 'sum' -> 'difference'): ")
    assert messages["cell party_verification_1935:USSR:files_sent"].startswith(
        "its figure (the claim in the cell) differs from what the previous build published (claim_id 'AB-0001' -> 'AB-0003'): ")


def test_an_earlier_publication_without_a_version_is_licensed_by_any_recorded_correction():
    new = tables()
    new["claims"].loc[0, "page"] = 5
    recorded = pd.DataFrame({"id": ["AB-0001"], "kind": ["claim"], "version": ["0.0.1"]})
    assert check(new, tables(), recorded, version=None) == []


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_corrections_are_read_strictly(tmp_path):
    problems: list[Problem] = []
    assert b.read_corrections(tmp_path, tmp_path, "0.3.0", problems).empty and problems == []
    write(tmp_path, "corrections.csv", "id,kind,date,version,reason\nAB-0001,claim,2026-01-02,0.3.0,typo\nAB-0002,claimz,2026-1-2,0.4.0,x\n"
          "AB-0003,cell,2026-01-02,1.0,x\n")
    frame = b.read_corrections(tmp_path, tmp_path, "0.3.0", problems)
    assert list(frame["id"]) == ["AB-0001", "AB-0002", "AB-0003"]
    said = [(x.file, x.record, x.field, x.message) for x in problems]
    assert ("corrections.csv", "line 3 (id AB-0002)", "kind", "'claimz' is not one of claim, relation, cell") in said
    assert ("corrections.csv", "line 3 (id AB-0002)", "version", "0.4.0 is later than the package's version 0.3.0") in said
    assert ("corrections.csv", "line 4 (id AB-0003)", "version", "'1.0' is not a version (like 0.3.0)") in said
    assert any(s[1:3] == ("line 3 (id AB-0002)", "date") for s in said)
    problems.clear()
    write(tmp_path, "corrections.csv", "id,kind\n")
    assert b.read_corrections(tmp_path, tmp_path, "0.3.0", problems).empty and problems


def test_the_errata_list_each_correction_with_its_reason():
    assert b.corrections_errata(None)[-1] == "Nothing has been corrected." and b.corrections_errata(pd.DataFrame())[1] == "## Corrections"
    frame = pd.DataFrame({"id": ["AB-0002", "AB-0001"], "kind": ["claim", "claim"], "date": [pd.Timestamp("2026-01-02"), pd.Timestamp("2026-01-01")],
                          "version": ["0.3.0", "0.3.0"], "reason": ["a typo", "a page"]})
    assert b.corrections_errata(frame)[-2:] == ["- claim AB-0001 (version 0.3.0, 2026-01-01): a page", "- claim AB-0002 (version 0.3.0, 2026-01-02): a typo"]


def test_the_ids_of_a_set_of_tables_and_the_files_that_hold_them():
    t = tables()
    t["quantities"] = pd.DataFrame({"quantity_id": ["deaths-1937"]})
    t["quantity_members"] = pd.DataFrame({"quantity_id": ["deaths-1937"], "claim_id": ["AB-0001"]})
    assert p.ids_of(t) == {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/cd.csv", ("relation", "R-AB-001"): "relations.csv",
                           ("quantity", "deaths-1937"): "quantities.csv", ("quantity_member", "deaths-1937/AB-0001"): "quantity_members.csv",
                           ("cell", "party_verification_1935:USSR:files_sent"): "tables/party_verification_1935.csv",
                           ("cell", "party_verification_1935:RSFSR:expelled"): "tables/party_verification_1935.csv"}
    assert p.cell_id("t", 1921, "c") == "t:1921:c"


def test_withdrawals_are_read_strictly_and_checked_against_the_build(tmp_path):
    write(tmp_path, "withdrawn.csv", "id,kind,date,version,reason,replaced_by\n"
          "AB-0001,claim,2026-01-02,0.2.0,dup,AB-0002\nAB-0001,claim,2026-01-02,0.2.0,dup,\nab-1,claim,2026-01-02,0.2.0,x,\n"
          "AB-0009,claimz,2026-01-02,0.2,x,\nR-AB-002,relation,2026-01-02,0.9.0,x,R-AB-404\nAB-0008,claim,2026-1-2,0.2.0,x,\n")
    problems: list[Problem] = []
    frame, origins = p.read_withdrawn(tmp_path, tmp_path, "0.3.0", problems)
    said = {(x.record, x.field, x.message) for x in problems}
    assert said >= {("line 3 (id AB-0001)", "id", "the claim AB-0001 is withdrawn more than once"),
                    ("line 4 (id ab-1)", "id", "'ab-1' is not the id of a claim"),
                    ("line 5 (id AB-0009)", "kind", "'claimz' is not one of claim, relation, cell, quantity, quantity_member"),
                    ("line 5 (id AB-0009)", "version", "'0.2' is not a version (like 0.3.0)"),
                    ("line 6 (id R-AB-002)", "version", "0.9.0 is later than the package's version 0.3.0"),
                    ("line 7 (id AB-0008)", "date", "'2026-1-2' is not an ISO date (write YYYY-MM-DD)")}
    assert not any(r.startswith("line 2") for r, _, _ in said)
    checked = p.check_withdrawn(frame, origins, p.ids_of(tables()), tmp_path, tmp_path)
    assert [(x.record, x.field, x.message) for x in checked] == [
        ("line 2 (id AB-0001)", "id", "the claim AB-0001 is withdrawn, but claims/ab.csv still holds it: a withdrawn id is never used again; give the record a new id"),
        ("line 3 (id AB-0001)", "id", "the claim AB-0001 is withdrawn, but claims/ab.csv still holds it: a withdrawn id is never used again; give the record a new id"),
        ("line 6 (id R-AB-002)", "replaced_by", "'R-AB-404' is not a relation of this build")]


def test_an_id_list_round_trips_with_its_fingerprints(tmp_path):
    t = tables()
    t["withdrawn"] = pd.DataFrame({"kind": ["claim"], "id": ["AB-0000"]})
    text = p.id_list_text(t)
    assert text.splitlines()[0] == "kind,id,file,status,figure,reading"
    assert "claim,AB-0000,withdrawn.csv,withdrawn,," in text.splitlines()
    write(tmp_path, "0.2.0.csv", text)
    problems: list[Problem] = []
    ids, found = p.read_id_list(tmp_path / "0.2.0.csv", tmp_path, problems)
    assert problems == [] and ids[("claim", "AB-0000")] == "withdrawn.csv" and ids[("claim", "AB-0001")] == "claims/ab.csv"
    assert found == b.bindings_of(t) and ("claim", "AB-0000") not in found
    write(tmp_path, "0.1.0.csv", "kind,id,file,status\nclaim,AB-0001,claims/ab.csv,live\n")
    assert p.read_id_list(tmp_path / "0.1.0.csv", tmp_path, problems) == ({("claim", "AB-0001"): "claims/ab.csv"}, {})
    assert p.read_id_list(tmp_path / "none.csv", tmp_path, problems) == ({}, {}) and problems


def test_a_lost_id_a_lost_withdrawal_and_a_reused_id_are_refused():
    withdrawn = pd.DataFrame({"kind": ["claim"], "id": ["AB-0007"]})
    earlier = [("data/published/0.1.0.csv", {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0003"): "claims/ab.csv",
                                             ("claim", "AB-0007"): "claims/ab.csv", ("claim", "AB-0005"): "withdrawn.csv",
                                             ("claim", "AB-0002"): "withdrawn.csv"}, "0.1.0", {}, None)]
    new_ids = {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/cd.csv"}
    problems = p.check_nothing_vanished(new_ids, withdrawn, earlier, Path("data/raw"), Path("."))
    assert [(x.file, x.record, x.message, x.rank) for x in problems] == [
        ("data/raw/claims/ab.csv", "", "lost 1 published claim(s): AB-0003 (published in data/published/0.1.0.csv); restore them, or withdraw each in "
                                       "data/raw/withdrawn.csv with a date, version and reason", 1),
        ("data/raw/withdrawn.csv", "", "lost the withdrawal of 1 claim(s): AB-0005 (published in data/published/0.1.0.csv); a withdrawal is never removed", 1),
        ("data/raw/claims/cd.csv", "claim AB-0002", "was withdrawn (in data/published/0.1.0.csv) and is used again: a withdrawn id is never reused; "
                                                    "give the record a new id", 0)]
    many = [("b", {("claim", f"AB-{i:04d}"): "claims/ab.csv" for i in range(100, 133)}, None, {}, None)]
    [problem] = p.check_nothing_vanished({}, withdrawn.iloc[:0], many, Path("r"), Path("."))
    assert problem.message.startswith("lost 33 published claim(s): AB-0100, AB-0101,") and "AB-0129 and 3 more (published in b)" in problem.message


def test_a_problem_naming_a_withdrawn_id_says_when_why_and_what_replaces_it():
    withdrawn = pd.DataFrame({"kind": ["claim", "claim"], "id": ["AB-0001", "AB-0002"], "version": ["0.2.0", "0.2.0"],
                              "reason": ["a duplicate.", "misread"], "replaced_by": ["AB-0009", None]})
    problems = [Problem("f.csv", "r", "operands", "'AB-0001' is not a claim of this build"), Problem("f.csv", "r", "x", "AB-0002 is not a claim"),
                Problem("f.csv", "r", "x", "'AB-0003' is not a claim"), Problem("f.csv", "r", "x", "something else")]
    named = p.name_withdrawals(problems, withdrawn, lost={("claim", "AB-0003")})
    assert [x.message for x in named] == [
        "'AB-0001' is a withdrawn claim (data/raw/withdrawn.csv, version 0.2.0: a duplicate); use its replacement AB-0009 of this build",
        "'AB-0002' is a withdrawn claim (data/raw/withdrawn.csv, version 0.2.0: misread); nothing replaces it: take it out",
        "'AB-0003' is not a claim (it was published: see the problem with the file that held it)", "something else"]
    assert [x.rank for x in named] == [0, 0, 1, 0] and named[0].field == "operands"
    assert [x.message for x in p.name_withdrawals(problems, None)] == [x.message for x in problems]
