"""The browser's search index and the claim page's indexes in the SQLite database (publish/finding.py)."""

from __future__ import annotations

import sqlite3

import pytest

from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.publish.finding import FIND_TABLE, TRIGRAM
from repression_data.publish.sqlite import DATABASE_FILE
from repression_data.shipped.loader import load

DB = CHECKOUT_PROCESSED_DIR / DATABASE_FILE


@pytest.fixture(scope="module")
def db():
    conn = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    yield conn
    conn.close()


def test_each_claim_is_found_by_its_own_row_of_the_index(db):
    rows = db.execute(f"SELECT c.claim_id, f.words FROM claims c JOIN [{FIND_TABLE}] f ON f.rowid = c.rowid").fetchall()
    claims = load("claims").set_index("claim_id")
    assert len(rows) == len(claims)
    for claim_id, words in rows:
        assert claim_id.lower() in words and claims.loc[claim_id, "quote"].lower() in words, claim_id


@pytest.mark.skipif(not TRIGRAM, reason="SQLite before 3.34 has no trigram tokenizer")
def test_the_index_matches_any_part_of_a_word_in_any_case(db):
    def ids(match):
        return {r[0] for r in db.execute(f"SELECT c.claim_id FROM claims c WHERE c.rowid IN (SELECT rowid FROM [{FIND_TABLE}] WHERE [{FIND_TABLE}] MATCH ?)", [match])}

    assert "GN-0542" in ids('"681692"') and "GN-0542" in ids('"681,692"')
    assert ids('"EZHOV"') == ids('"ezhov"') and ids('"ezhov"') >= ids('"yezhov"') and ids('"ezhov"')


def test_a_claim_page_reads_indexed_rows_not_every_claim(db):
    plan = " ".join(str(r[3]) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM claims_cited WHERE claim_id = 'GN-0542'"))
    assert "MATERIALIZE" not in plan and "SCAN" not in plan, plan
    plan = " ".join(str(r[3]) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM quantity_members WHERE claim_id = 'GN-0542'"))
    assert "USING INDEX" in plan, plan
    plan = " ".join(str(r[3]) for r in db.execute("EXPLAIN QUERY PLAN SELECT * FROM claims WHERE quantity_id = 'x'"))
    assert "USING INDEX" in plan, plan


def test_the_index_is_not_listed_as_a_table_of_the_package():
    import json

    package = json.loads((CHECKOUT_PROCESSED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(package)
    assert f'"{FIND_TABLE}_' not in text and f'"{FIND_TABLE}"' not in text
    assert f"trigram index {FIND_TABLE}" in text
