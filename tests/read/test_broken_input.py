"""Broken and hostile raw input: a clear message naming file, record and field,
a non-zero exit, and data/processed exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from repression_data.cli import main as cli
from repression_data.paths import CHECKOUT_PROCESSED_DIR

BOOK = "claims/getty-naumov-1999.csv"
REIMAN = "claims/reiman-2016.csv"


def edit(relative, record_id, field, value, id_column="claim_id"):
    return lambda raw: raw.edit(relative, record_id, field, value, id_column)


def rewrite(relative, transform):
    def apply(raw):
        path = raw.path(relative)
        path.write_bytes(transform(path.read_bytes()))
    return apply


def drop_column(relative, column):
    def apply(raw):
        header, rows = raw.rows(relative)
        for row in rows:
            row.pop(column)
        raw.write_rows(relative, [h for h in header if h != column], rows)
    return apply


def add_column(relative, column):
    def apply(raw):
        header, rows = raw.rows(relative)
        raw.write_rows(relative, header + [column], [{**r, column: "x"} for r in rows])
    return apply


def first_row(relative, field, value):
    def apply(raw):
        header, rows = raw.rows(relative)
        rows[0][field] = value
        raw.write_rows(relative, header, rows)
    return apply


def nth_row(relative, n, field, value):
    def apply(raw):
        header, rows = raw.rows(relative)
        rows[n][field] = value
        raw.write_rows(relative, header, rows)
    return apply


def append_row(relative, row):
    def apply(raw):
        header, rows = raw.rows(relative)
        raw.write_rows(relative, header, rows + [row])
    return apply


def rename(relative, new):
    return lambda raw: raw.path(relative).rename(raw.path(new))


# (kind, damage, file named, words the message must contain: record and field where there is one)
KINDS = [
    ("non-number value", edit(REIMAN, "RM-0010", "value", "23,279"), REIMAN, ["RM-0010", "'value'", "not a number"]),
    ("negative count", edit(REIMAN, "RM-0010", "value", "-1"), REIMAN, ["RM-0010", "'value'", "below the minimum"]),
    ("percent over 100", edit(REIMAN, "RM-0055", "value", "140"), REIMAN, ["RM-0055", "'value'", "percent over 100"]),
    ("fraction over 1", edit(REIMAN, "RM-0022", "value", "1.5"), REIMAN, ["RM-0022", "'value'", "fraction over 1"]),
    ("low above high", edit(REIMAN, "RM-0005", "value_low", "9"), REIMAN, ["RM-0005", "'value_low'", "greater than value_high"]),
    ("unknown qualifier", edit(REIMAN, "RM-0010", "qualifier", "roughly"), REIMAN, ["RM-0010", "'qualifier'"]),
    ("unknown measure", edit(REIMAN, "RM-0010", "measure", "killings"), REIMAN, ["RM-0010", "'measure'"]),
    ("unknown unit", edit(REIMAN, "RM-0010", "unit", "people"), REIMAN, ["RM-0010", "'unit'"]),
    ("unknown category", edit(REIMAN, "RM-0010", "category", "trotskiists"), REIMAN, ["RM-0010", "'category'"]),
    ("unknown region", edit(REIMAN, "RM-0010", "region", "Atlantis"), REIMAN, ["RM-0010", "'region'"]),
    ("unknown source", rename(REIMAN, "claims/reiman-2061.csv"), "claims/reiman-2061.csv", ["'source_id'"]),
    ("duplicate claim id", edit(REIMAN, "RM-0011", "claim_id", "RM-0010"), REIMAN, ["RM-0010", "'claim_id'", "more than once"]),
    ("missing quote", edit(REIMAN, "RM-0010", "quote", ""), REIMAN, ["RM-0010", "'quote'", "empty"]),
    ("quote without its value", edit(REIMAN, "RM-0010", "quote", "1936 persons"), REIMAN, ["RM-0010", "'quote'", "value_printed"]),
    ("quote over 200 characters", edit(REIMAN, "RM-0010", "quote", "1936 – 23,279 persons" + " and" * 50), REIMAN, ["RM-0010", "'quote'", "characters"]),
    ("impossible date", edit(REIMAN, "RM-0010", "period_start", "1936-02-30"), REIMAN, ["RM-0010", "'period_start'", "impossible date"]),
    ("period ending before it starts", edit(REIMAN, "RM-0010", "period_end", "1935"), REIMAN, ["RM-0010", "'period_end'"]),
    ("page outside the text", edit(BOOK, "GN-0100", "page", "9999"), BOOK, ["GN-0100", "'page'"]),
    ("line beyond the text", edit(REIMAN, "RM-0010", "line", "500"), REIMAN, ["RM-0010", "'line'"]),
    ("truncated file", rewrite(REIMAN, lambda b: b[: len(b) // 3]), REIMAN, ["line "]),
    ("invalid UTF-8", rewrite(REIMAN, lambda b: b.replace("–".encode(), b"\xff\xfe", 1)), REIMAN, ["UTF-8"]),
    ("empty file", rewrite(REIMAN, lambda b: b""), REIMAN, ["is empty"]),
    ("unknown column", add_column(REIMAN, "vaule"), REIMAN, ["'vaule'", "unknown column"]),
    ("missing column", drop_column(REIMAN, "unit"), REIMAN, ["'unit'", "missing"]),
    ("bad boolean", edit(REIMAN, "RM-0010", "derived", "perhaps"), REIMAN, ["RM-0010", "'derived'"]),
    ("claim id of another source", edit(REIMAN, "RM-0010", "claim_id", "GN-7777"), REIMAN, ["'claim_id'", "RM-"]),
    ("page disagreeing with the page evidence", edit(BOOK, "GN-0100", "page", "300"), BOOK, ["GN-0100", "'page'", "page evidence"]),
    ("range without bounds", edit(REIMAN, "RM-0010", "qualifier", "range"), REIMAN, ["RM-0010", "'value_low'"]),
    ("relation naming a missing claim", first_row("relations.csv", "result", "GN-9999"), "relations.csv", ["R-GN-001", "'result'", "GN-9999"]),
    ("relation with the wrong number of operands", first_row("relations.csv", "operands", "GN-0001;GN-0002;GN-0003"), "relations.csv", ["R-GN-001", "'operands'"]),
    ("wide-table cell with no claim and no note", first_row("tables/cadre_verification_1935_37.csv", "claim_id", ""), "tables/cadre_verification_1935_37.csv", ["'note'"]),
    ("wide-table cell naming a missing claim", first_row("tables/cadre_verification_1935_37.csv", "claim_id", "GN-9999"), "tables/cadre_verification_1935_37.csv", ["'claim_id'", "GN-9999"]),
    ("quantity member naming a missing claim", first_row("quantity_members.csv", "claim_id", "GN-9999"), "quantity_members.csv", ["'claim_id'"]),
    ("quantity member with an unknown scope", first_row("quantity_members.csv", "scope", "similar"), "quantity_members.csv", ["'scope'"]),
    ("page marker going backwards", nth_row("pages/getty-naumov-1999.csv", 2, "page", "10"), "pages/getty-naumov-1999.csv", ["'page'", "pages go backwards"]),
    ("coverage exclusion for an unknown text", first_row("coverage/exclusions.csv", "source_id", "nobody-2020"), "coverage/exclusions.csv", ["'source_id'"]),
    ("source with a malformed sha256", edit("sources.csv", "reiman-2016", "text_sha256", "xyz", "source_id"), "sources.csv", ["reiman-2016", "'text_sha256'"]),
    ("duplicate vocabulary term", append_row("vocabularies/units.csv", {"term": "percent", "label": "Percent again", "description": "x"}), "vocabularies/units.csv", ["'term'", "more than once"]),
    ("region with an unknown parent", edit("vocabularies/regions.csv", "Kirov region", "parent", "Narnia", "region"), "vocabularies/regions.csv", ["'parent'"]),
]


@pytest.fixture
def built(raw_copy):
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    return raw_copy


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_there_are_at_least_thirty_kinds():
    assert len(KINDS) >= 30


@pytest.mark.parametrize("kind,damage,file,words", KINDS, ids=[k[0] for k in KINDS])
def test_broken_input_is_refused_clearly_and_changes_nothing(built, capsys, kind, damage, file, words):
    before = snapshot(built.processed)
    damage(built)
    code = cli.main(["build", "--raw", str(built.raw), "--out", str(built.processed)])
    err = capsys.readouterr().err
    assert code == 1
    lines = [line for line in err.splitlines() if f"data/raw/{file}" in line]
    assert lines, f"no message names data/raw/{file}:\n{err}"
    assert any(all(w in line for w in words) for line in lines), f"{words} not all in one message:\n" + "\n".join(lines)
    assert snapshot(built.processed) == before
    assert sorted(p.name for p in built.processed.parent.iterdir()) == ["processed", "raw"]
