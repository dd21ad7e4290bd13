"""The SQLite database: every table, the catalogue's keys, full-text search, views, deterministic bytes."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pandas as pd
import pytest

import repression_data as rd
from repression_data.paths import CHECKOUT_PROCESSED_DIR, REPO_DIR
from repression_data.publish.sqlite import DATABASE_FILE, build_database, foreign_keys
from repression_data.shipped.loader import verify_all

DB = CHECKOUT_PROCESSED_DIR / DATABASE_FILE


@pytest.fixture(scope="module")
def tables(shipped_build):
    return {name: frame.copy(deep=True) for name, frame in shipped_build.items()}


@pytest.fixture(scope="module")
def db():
    conn = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def test_every_shipped_table_is_in_the_database_with_its_rows(db):
    for name in rd.tables():
        (count,) = db.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        assert count == len(rd.load(name)), name
    claims = pd.read_sql("SELECT * FROM claims ORDER BY claim_id", db).set_index("claim_id")
    shipped = rd.load("claims").set_index("claim_id").sort_index()
    assert list(claims.columns) == list(shipped.columns)
    assert claims.loc["GN-0542", "value"] == shipped.loc["GN-0542", "value"] == 681692
    assert claims.loc["GN-0542", "period_start"] == "1937-01-01" and claims.loc["GN-0542", "derived"] in (0, 1)


def test_keys_of_the_catalogue(db):
    keys = {(r["from"], r["table"], r["to"]) for r in db.execute("PRAGMA foreign_key_list(claims)")}
    assert ("source_id", "sources", "source_id") in keys and ("measure", "measures", "term") in keys
    wide = {(r["table"], r["to"]) for r in db.execute("PRAGMA foreign_key_list(secret_police_arrests_1921_39)")}
    assert wide == {("claims", "claim_id")}
    pk = [r["name"] for r in db.execute("PRAGMA table_info(quantity_members)") if r["pk"]]
    assert sorted(pk) == ["claim_id", "quantity_id"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_claim_pointing_at_no_source_is_refused(tables, tmp_path):
    broken = dict(tables)
    broken["claims"] = tables["claims"].copy()
    broken["claims"].loc[0, "source_id"] = "no-such-text"
    with pytest.raises(ValueError, match="foreign keys"):
        build_database(broken, tmp_path / "x.db")


def test_nothing_is_overwritten(tables, tmp_path):
    path = tmp_path / "mine.db"
    path.write_text("a reader's file")
    with pytest.raises(FileExistsError):
        build_database(tables, path)
    assert path.read_text() == "a reader's file"


def test_full_text_index_over_quotes_and_notes(db):
    def search(query):
        return {r[0] for r in db.execute("SELECT c.claim_id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid WHERE claims_fts MATCH ?", [query])}

    assert "GN-0542" in search('shot "1937 38"')
    assert "GN-0542" in search('"681,692"')
    noted = rd.load("claims").dropna(subset=["reading_note"]).iloc[0]
    word = max(noted["reading_note"].split(), key=len).strip(".,;:()'\"")
    assert noted["claim_id"] in search(f'reading_note:"{word}"')
    relations = {r[0] for r in db.execute("SELECT r.relation_id FROM relations_fts JOIN relations r ON r.rowid = relations_fts.rowid WHERE relations_fts MATCH 'plenum'")}
    assert relations == set(rd.load("relations").loc[lambda d: d["description"].str.contains("plenum", case=False) | d["note"].str.contains("plenum", case=False, na=False), "relation_id"])


def test_views_for_readers(db):
    row = db.execute("SELECT * FROM claims_cited WHERE claim_id = 'GN-0542'").fetchone()
    assert row["citation"] == rd.cite("GN-0542") and row["bibtex"] == rd.cite("GN-0542", style="bibtex")
    producer_id = rd.load("claims").set_index("claim_id").loc["GN-0542", "producer_id"]
    assert row["producer"] == rd.load("producers").set_index("producer_id").loc[producer_id, "name"]  # the producer, not the text's wording
    verdicts = rd.evaluate_relations()
    slips = {r[0] for r in db.execute("SELECT relation_id FROM slips")}
    assert slips == set(verdicts.loc[verdicts["verdict"].isin(["inconsistent", "contradiction"]), "relation_id"]) and slips
    kinds = [r[0] for r in db.execute("SELECT slip_kind FROM slips")]
    assert all(kinds) and kinds == sorted(kinds)  # grouped by who slipped, each with its kind
    labels = dict(db.execute("SELECT slip_kind, slip_kind_label FROM slips").fetchall())
    assert labels["print_or_ocr_defect"] == rd.load("slip_kinds").set_index("term").at["print_or_ocr_defect", "label"]
    figures = pd.read_sql("SELECT * FROM quantity_figures WHERE quantity_id = 'executions-ussr-1937-38'", db)
    compared = rd.compare("executions-ussr-1937-38")
    assert sorted(figures["claim_id"]) == sorted(compared["claim_id"])
    assert set(figures["scope"]) == set(compared["scope"])


def test_views_use_a_producers_table_when_there_is_one(tables, tmp_path):
    with_producers = dict(tables)
    claims = tables["claims"].copy()
    claims["producer_id"] = claims["attributed_to"].map(lambda a: None if pd.isna(a) else "nkvd-1953" if "4157" in a else None)
    with_producers["claims"] = claims
    with_producers["producers"] = pd.DataFrame({"producer_id": ["nkvd-1953"], "name": ["NKVD report of 1953"], "kind": ["archival_statistical_report"]})
    build_database(with_producers, tmp_path / "p.db")
    conn = sqlite3.connect(tmp_path / "p.db")
    row = conn.execute("SELECT producer, producer_kind FROM claims_cited WHERE claim_id = 'GN-0542'").fetchone()
    assert row == ("NKVD report of 1953", "archival_statistical_report")


def test_same_tables_same_bytes(tables, tmp_path):
    build_database(tables, tmp_path / "a.db")
    build_database(tables, tmp_path / "b.db")
    assert (tmp_path / "a.db").read_bytes() == (tmp_path / "b.db").read_bytes()


def test_listed_in_manifest_and_datapackage_and_verified(tmp_path):
    manifest = json.loads((CHECKOUT_PROCESSED_DIR / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["database"]
    assert entry["path"] == DATABASE_FILE and "claims" in entry["full_text"] and "slips" in entry["views"]
    package = json.loads((CHECKOUT_PROCESSED_DIR / "datapackage.json").read_text(encoding="utf-8"))
    (described,) = package["databases"]
    assert described["hash"] == f"sha256:{entry['sha256']}" and described["path"] == DATABASE_FILE
    copy = tmp_path / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, copy)
    assert verify_all(copy) == []
    data = bytearray((copy / DATABASE_FILE).read_bytes())
    data[-1] ^= 0xFF
    (copy / DATABASE_FILE).write_bytes(bytes(data))
    assert any(p.startswith("database:") for p in verify_all(copy))


def test_foreign_keys_come_from_the_catalogue(tables):
    from repression_data.publish.catalog import tables as catalogue

    expected = {(info.name, f[0], other) for info in catalogue() for f, other, _ in info.foreign_keys if len(f) == 1}
    found = {(name, column, other) for name, keys in foreign_keys(tables).items() for column, other, _ in keys}
    assert found == expected


def test_release_bundle_holds_the_database(tmp_path):
    from repression_data.publish.release import build_release

    out = build_release(CHECKOUT_PROCESSED_DIR, REPO_DIR, tmp_path / "bundle")
    assert (out / DATABASE_FILE).read_bytes() == DB.read_bytes()
    assert f"  {DATABASE_FILE}" in (out / "SHA256SUMS").read_text(encoding="utf-8")


def test_the_citation_view_equals_cite_claim_for_every_claim(tables, tmp_path):
    from repression_data.shipped.citation import cite_claim

    odd = dict(tables)
    odd["claims"] = tables["claims"].copy()
    odd["claims"].loc[0, "locator"] = "fn. 5 & {note} 50%_x \\ $#"  # every character BibTeX must escape
    build_database(odd, tmp_path / "c.db")
    conn = sqlite3.connect(tmp_path / "c.db")
    cited = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT claim_id, citation, bibtex FROM claim_citations")}
    sources = tables["sources"].set_index("source_id")
    assert len(cited) == len(tables["claims"])
    for _, claim in odd["claims"].iterrows():
        source = sources.loc[claim["source_id"]]
        assert cited[claim["claim_id"]] == (cite_claim(claim, source, "apa"), cite_claim(claim, source, "bibtex")), claim["claim_id"]
