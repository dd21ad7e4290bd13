"""The id bindings (checks/bindings.py) checked to the letter, in-process (issue 25, item 5): the exact fingerprint of
each kind of stored value, the same fingerprints a column at a time and a row at a time, every word of the
refusals a build gives for a changed id (file, record, what changed), the corrections file's own refusals, and
ERRATA.md's corrections section line for line."""

from __future__ import annotations

import hashlib
import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from repression_data.checks import bindings as b
from repression_data.errors import Problem

TAIL = ("a correction passes only when data/raw/corrections.csv records it (id, kind, date, version, reason); if the id now names another "
        "figure, give that figure a new id and withdraw this one")
NO_CORRECTIONS = pd.DataFrame({"id": [], "kind": [], "version": []})


def blake(*texts: str) -> str:
    """The fingerprint of fields already written as text: 16 hex digits of BLAKE2b over the texts joined by U+001F."""
    return hashlib.blake2b("\x1f".join(texts).encode("utf-8"), digest_size=8).hexdigest()


def claims():
    return pd.DataFrame({"claim_id": ["AB-0001", "AB-0002"], "source_id": ["ab", "cd"], "quote": ["q1", "q2"], "value_printed": ["10", "20"],
                         "value": [10.0, 20.0], "page": [3, 4]})


def test_odd_stored_values_read_as_their_plain_text():
    assert b._text([1, 2]) == "[1, 2]"  # pd.isna gives an array for a list: the value is shown as it is
    assert b._text(np.float32(4.0)) == "4" and b._text(np.float32(2.5)) == "2.5"
    assert b._text(Decimal("1.50")) == "1.50" and b._text(np.int32(7)) == "7"
    assert b._text(-0.0) == "0" and b._text(1e20) == "100000000000000000000" and b._text(0.1) == "0.1"


def test_every_kind_of_column_gives_the_fingerprint_of_its_text_by_column_and_by_row():
    frame = pd.DataFrame({
        "claim_id": ["AB-0001", "AB-0002", "AB-0003"],
        "source_id": pd.array(["ab", None, "cd"], dtype="string"),
        "quote": ["q1", None, "q3"],
        "value_printed": pd.Series(["1", "2", None]),  # pandas 3: its own string dtype, NaN for missing; pandas 2: objects
        "page": pd.array([3, pd.NA, 5], dtype="Int64"),
        "line": [1.0, math.nan, 2.5],
        "value": [10, 20, 30],
        "period_start": pd.to_datetime(["1937-08-05 00:00", None, "1938-11-17 12:00"]),
        "qualifier": pd.Categorical(["about", None, "at least"]),
        "region": [True, False, None],
    })
    found = b.bindings_of({"claims": frame})
    assert found == b.bindings_of_by_row({"claims": frame})
    assert [found[("claim", i)][0] for i in ("AB-0001", "AB-0002", "AB-0003")] == [blake("ab", "q1", "1"), blake("", "", "2"), blake("cd", "q3", "")]
    reading = {  # locator, page, line, value, value_low, value_high, qualifier, unit, measure, category, region, period_start, ...
        "AB-0001": blake("", "3", "1", "10", "", "", "about", "", "", "", "true", "1937-08-05", "", ""),
        "AB-0002": blake("", "", "", "20", "", "", "", "", "", "", "false", "", "", ""),
        "AB-0003": blake("", "5", "2.5", "30", "", "", "at least", "", "", "", "", "1938-11-17", "", ""),
    }
    assert {i: found[("claim", i)][1] for i in reading} == reading


def test_relations_and_table_cells_have_a_figure_and_no_reading():
    relations = pd.DataFrame({"relation_id": ["R-AB-001"], "operation": ["sum"], "operands": ["AB-0001;AB-0002"], "result": [None],
                              "result_constant": [681692.0]})
    wide = pd.DataFrame({"year": pd.array([1937, 1938], dtype="Int64"), "shot_claim_id": ["AB-0001", None], "other_claim_id": [None, "AB-0002"],
                         "exiled": [1.0, 2.0]})
    tables = {"relations": relations, "secret_police_arrests_1921_39": wide}
    expected = {("relation", "R-AB-001"): (blake("sum", "AB-0001;AB-0002", "", "681692"), ""),
                ("cell", "secret_police_arrests_1921_39:1937:shot"): (blake("AB-0001"), ""),
                ("cell", "secret_police_arrests_1921_39:1938:other"): (blake("AB-0002"), "")}
    assert b.bindings_of(tables) == expected and b.bindings_of_by_row(tables) == expected
    assert b.fields_of(tables)[("cell", "secret_police_arrests_1921_39:1938:other")] == (("AB-0002",), ())


def check(new_tables, earlier, corrections=NO_CORRECTIONS, file_of=None, root=None):
    file_of = {("claim", "AB-0001"): "claims/ab.csv", ("claim", "AB-0002"): "claims/cd.csv"} if file_of is None else file_of
    problems = b.check_bindings(b.fields_of(new_tables), corrections, earlier, Path("data/raw"), root, file_of)
    return [(p.file, p.record, p.field, p.message, p.rank) for p in problems]


def published(tables, where="data/published/0.1.0.csv", version="0.1.0", with_fields=True):
    return (where, version, b.bindings_of(tables), b.fields_of(tables) if with_fields else None)


def test_a_changed_figure_names_every_changed_field_in_order_and_none_that_only_looks_different():
    new = claims()
    new.loc[0, "quote"] = "q1 corrected"
    new.loc[0, "value_printed"] = "11"
    new["source_id"] = new["source_id"].astype(object)
    assert check({"claims": new}, [published({"claims": claims()})]) == [
        ("data/raw/claims/ab.csv", "claim AB-0001", "", "its figure (source, quote or printed figure) differs from what data/published/0.1.0.csv "
         "published (quote 'q1' -> 'q1 corrected', value_printed '10' -> '11'): " + TAIL, 1)]


def test_a_reading_that_only_changes_its_storage_is_no_change():
    new = claims()
    new["page"] = new["page"].astype(float)  # 3 and 3.0 read alike
    assert check({"claims": new}, [published({"claims": claims()})]) == []


def test_a_change_seen_by_two_earlier_publications_is_said_once_naming_the_first():
    new = claims()
    new.loc[1, "page"] = 9
    assert check({"claims": new}, [published({"claims": claims()}), published({"claims": claims()}, "the previous build")]) == [
        ("data/raw/claims/cd.csv", "claim AB-0002", "", "its reading differs from what data/published/0.1.0.csv published (page '4' -> '9'): " + TAIL, 1)]


def test_an_id_no_longer_in_the_build_is_left_to_the_check_of_lost_ids():
    new = claims().iloc[:1]
    assert check({"claims": new}, [published({"claims": claims()})]) == []


def test_an_id_without_a_known_file_is_named_in_the_raw_folder_itself():
    new = claims()
    new.loc[0, "page"] = 9
    [problem] = check({"claims": new}, [published({"claims": claims()})], file_of={})
    assert problem[:2] == ("data/raw", "claim AB-0001")


def test_a_changed_id_is_named_relative_to_the_repository():
    new = claims()
    new.loc[0, "page"] = 9
    [problem] = b.check_bindings(b.fields_of({"claims": new}), NO_CORRECTIONS, [published({"claims": claims()})], Path("/repo/data/raw"),
                                 Path("/repo"), {("claim", "AB-0001"): "claims/ab.csv"})
    assert problem.file == "data/raw/claims/ab.csv"


def test_a_swap_is_refused_first_and_not_as_a_correction():
    new = claims()
    new["claim_id"] = ["AB-0002", "AB-0001"]
    found = check({"claims": new}, [published({"claims": claims()})])
    assert [(f, r, fld, rank) for f, r, fld, _, rank in found] == [("data/raw/claims/ab.csv", "claim AB-0001", "", 0),
                                                                   ("data/raw/claims/cd.csv", "claim AB-0002", "", 0)]
    assert found[1][3] == ("now names the figure that data/published/0.1.0.csv published as claim AB-0001: an id stays bound to what it named, "
                           "so AB-0002 and AB-0001 cannot trade figures (swapped ids?); put each back under its own id, or give the figure a new "
                           "id and withdraw the old one in data/raw/withdrawn.csv")


def test_a_kind_without_its_own_words_says_figure_or_reading():
    earlier = [("the id list", "0.1.0", {("quantity", "Q-1"): ("aaaa", "r1"), ("quantity", "Q-2"): ("bbbb", "r2")}, None)]
    new = {("quantity", "Q-1"): ("cccc", "r1"), ("quantity", "Q-2"): ("bbbb", "r3")}
    problems = b.check_bindings({}, NO_CORRECTIONS, earlier, Path("data/raw"), None, {}, new=new)
    assert [(p.record, p.message) for p in problems] == [
        ("quantity Q-1", "its figure differs from what the id list published: " + TAIL),
        ("quantity Q-2", "its reading differs from what the id list published: " + TAIL)]


def test_the_fields_are_asked_for_only_when_a_change_is_to_be_described():
    calls = []

    def fields():
        calls.append(1)
        return b.fields_of({"claims": new})

    new = claims()
    earlier = [published({"claims": claims()})]
    assert b.check_bindings(fields, NO_CORRECTIONS, earlier, Path("data/raw"), None, {}, new=b.bindings_of({"claims": new})) == [] and calls == []
    new.loc[0, "page"] = 7
    new.loc[1, "page"] = 8
    problems = b.check_bindings(fields, NO_CORRECTIONS, earlier, Path("data/raw"), None, {}, new=b.bindings_of({"claims": new}))
    assert [p.message.split(":")[0] for p in problems] == ["its reading differs from what data/published/0.1.0.csv published (page '3' -> '7')",
                                                           "its reading differs from what data/published/0.1.0.csv published (page '4' -> '8')"]
    assert calls == [1]  # once, however many changes
    assert b.check_bindings(fields, NO_CORRECTIONS, earlier, Path("data/raw"), None, {})[0].message == problems[0].message and calls == [1, 1]


def test_an_earlier_publication_without_the_fields_of_an_id_says_only_what_kind_of_change():
    new = claims()
    new.loc[0, "page"] = 9
    where, version, bindings, fields = published({"claims": claims()})
    del fields[("claim", "AB-0001")]
    [problem] = check({"claims": new}, [(where, version, bindings, fields)])
    assert problem[3] == "its reading differs from what data/published/0.1.0.csv published: " + TAIL


def test_only_a_correction_in_a_well_formed_version_licenses_a_change():
    new = claims()
    new.loc[0, "page"] = 9
    earlier = [published({"claims": claims()})]
    for version, passes in (("0.1.0", True), ("1.0.0", True), ("0.0.10", False), ("0.1", False), ("v0.1.0", False), ("0.1.0.1", False), (None, False)):
        recorded = pd.DataFrame({"id": ["AB-0001"], "kind": ["claim"], "version": [version]})
        assert (check({"claims": new}, earlier, recorded) == []) is passes, version
    two = pd.DataFrame({"id": ["AB-0001", "AB-0001"], "kind": ["claim", "claim"], "version": ["0.0.1", "0.2.0"]})
    assert check({"claims": new}, earlier, two) == []  # any of its rows may license it


def write(folder, text):
    (folder / "corrections.csv").write_text(text, encoding="utf-8")


def test_each_bad_correction_row_is_named_with_its_line_and_field_and_nothing_else_is(tmp_path):
    write(tmp_path, "id,kind,date,version,reason\n"
                    "AB-0001,claim,2026-01-02,0.3.0,typo\n"
                    "AB-0002,claims,2026-01-02,0.2.9,typo\n"
                    "AB-0003,cell,2026-01-2,0.3.1,typo\n"
                    "AB-0004,relation,2026-01-02,0.3,typo\n"
                    "AB-0005,relation,2026-01-02,0.10.0,typo\n")
    problems: list[Problem] = []
    frame = b.read_corrections(tmp_path, tmp_path, "0.3.0", problems)
    assert list(frame["id"]) == ["AB-0001", "AB-0002", "AB-0003", "AB-0004", "AB-0005"]
    said = [(p.file, p.record, p.field, p.message) for p in problems if "ISO" in p.message or p.field != "date"]
    assert said == [
        ("corrections.csv", "line 3 (id AB-0002)", "kind", "'claims' is not one of claim, relation, cell"),
        ("corrections.csv", "line 4 (id AB-0003)", "date", "'2026-01-2' is not an ISO date (write YYYY-MM-DD)"),
        ("corrections.csv", "line 4 (id AB-0003)", "version", "0.3.1 is later than the package's version 0.3.0"),
        ("corrections.csv", "line 5 (id AB-0004)", "version", "'0.3' is not a version (like 0.3.0)"),
        ("corrections.csv", "line 6 (id AB-0005)", "version", "0.10.0 is later than the package's version 0.3.0")]


def test_a_corrections_file_that_is_a_broken_link_is_refused_not_taken_as_absent(tmp_path):
    (tmp_path / "corrections.csv").symlink_to(tmp_path / "gone.csv")
    problems: list[Problem] = []
    frame = b.read_corrections(tmp_path, tmp_path, "0.3.0", problems)
    assert frame.empty and list(frame.columns) == ["id", "kind", "date", "version", "reason"]
    assert [(p.file, p.message) for p in problems] == [("corrections.csv", f"is a symbolic link to {tmp_path / 'gone.csv'}, which cannot be read "
                                                                           "(No such file or directory)")]


def test_the_errata_corrections_section_line_for_line():
    head = ["", "## Corrections", "",
            "Published ids whose reading (or quote, or printed figure) was corrected, each with its reason. The id still names the same figure.", ""]
    assert b.corrections_errata(None) == head + ["Nothing has been corrected."]
    assert b.corrections_errata(pd.DataFrame({"id": [], "kind": [], "date": [], "version": [], "reason": []})) == head + ["Nothing has been corrected."]
    frame = pd.DataFrame({"id": ["AB-0002", "R-AB-001", "AB-0001", "AB-0009"], "kind": ["claim", "relation", "claim", "claim"],
                          "date": [pd.Timestamp("2026-01-02"), pd.Timestamp("2026-01-03"), pd.Timestamp("2026-01-01"), pd.NaT],
                          "version": ["0.3.0", "0.3.0", "0.3.0", "0.2.0"], "reason": ["a typo", "an operand", "a page", "early"]})
    assert b.corrections_errata(frame) == head + ["- claim AB-0009 (version 0.2.0, ): early",
                                                  "- claim AB-0001 (version 0.3.0, 2026-01-01): a page",
                                                  "- claim AB-0002 (version 0.3.0, 2026-01-02): a typo",
                                                  "- relation R-AB-001 (version 0.3.0, 2026-01-03): an operand"]


def test_an_id_gone_from_the_build_does_not_stop_the_check_of_the_ids_after_it():
    new = claims().iloc[1:].reset_index(drop=True)
    new.loc[0, "page"] = 9
    assert [p[:2] for p in check({"claims": new}, [published({"claims": claims()})])] == [("data/raw/claims/cd.csv", "claim AB-0002")]


def test_a_corrections_file_linked_from_outside_the_raw_folder_is_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("id,kind,date,version,reason\nAB-0001,claim,2026-01-02,0.3.0,typo\n", encoding="utf-8")
    (raw / "corrections.csv").symlink_to(outside)
    problems: list[Problem] = []
    assert b.read_corrections(raw, tmp_path, "0.3.0", problems).empty
    assert [(p.file, p.message) for p in problems] == [("raw/corrections.csv", f"is a symbolic link leading out of the raw data folder (to {outside}); "
                                                                               "only files inside it are read: copy the file in instead")]


def test_plain_columns_are_read_a_column_at_a_time_not_a_value_at_a_time(monkeypatch):
    # "a million claims in seconds": text, whole-number, float and date columns never fall back to _text for each value
    frame = pd.DataFrame({"claim_id": ["AB-0001", "AB-0002"], "source_id": pd.array(["ab", "cd"], dtype="str"), "quote": pd.Series(["q1", "q2"], dtype=object),
                          "value_printed": ["10", "20"], "page": [3, 4], "value": [10.0, 2.5], "period_start": pd.to_datetime(["1937-08-05", "1938-01-01"])})
    expected = b.bindings_of_by_row({"claims": frame})
    calls = []
    real_text = b._text
    monkeypatch.setattr(b, "_text", lambda value: (calls.append(value), real_text(value))[1])
    assert b.bindings_of({"claims": frame}) == expected
    assert calls == []


def test_a_nullable_float_column_reads_its_missing_values_as_empty():
    frame = pd.DataFrame({"claim_id": ["AB-0001", "AB-0002"], "source_id": ["ab", "cd"], "quote": ["q1", "q2"], "value_printed": ["10", "20"],
                          "value_low": pd.array([1.5, pd.NA], dtype="Float64"), "value_high": pd.array([3.0, pd.NA], dtype="Float64")})
    found = b.bindings_of({"claims": frame})
    assert found == b.bindings_of_by_row({"claims": frame})
    assert found[("claim", "AB-0001")][1] == blake("", "", "", "", "1.5", "3", *[""] * 8)
    assert found[("claim", "AB-0002")][1] == blake(*[""] * 14)


def test_fingerprints_that_differ_with_no_field_that_reads_differently_add_no_empty_parentheses():
    # an id list written by an older build can hold fingerprints that no field of the previous build explains
    where, version, bindings, fields = published({"claims": claims()})
    bindings = dict(bindings)
    bindings[("claim", "AB-0001")] = (bindings[("claim", "AB-0001")][0], "0123456789abcdef")
    [problem] = check({"claims": claims()}, [(where, version, bindings, fields)])
    assert problem[3] == "its reading differs from what data/published/0.1.0.csv published: " + TAIL
