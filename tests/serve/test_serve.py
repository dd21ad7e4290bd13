"""The Datasette site through Datasette's own test client: claim pages, JSON API, facets, search, canned queries, safety."""

from __future__ import annotations

import asyncio
import hashlib
import html
import sqlite3
import sys
from urllib.parse import quote

import pandas as pd
import pytest

pytest.importorskip("datasette", reason="Datasette is the serve extra: pip install 'repression-data[serve]' (make test installs it)")

import repression_data as rd  # noqa: E402
from repression_data.publish.sqlite import DATABASE_NAME, build_database  # noqa: E402
from repression_data.serve.app import database_path, datasette_metadata, is_loopback, make_datasette, serve  # noqa: E402

BASE = f"/{DATABASE_NAME}"


@pytest.fixture(scope="module")
def site():
    return make_datasette()


def get(site, path: str):
    async def fetch():
        return await site.client.get(path)

    return asyncio.run(fetch())


def get_many(site, paths: list[str]):
    async def fetch():
        return [await site.client.get(p) for p in paths]

    return asyncio.run(fetch())


def test_claim_page_shows_what_a_reader_needs(site):
    claim = rd.load("claims").set_index("claim_id").loc["GN-0542"]
    page = get(site, f"{BASE}/claims/GN-0542")
    text = html.unescape(page.text)
    assert page.status_code == 200
    assert f"“{claim['quote']}”" in text
    assert 'id="claim-print">' + claim["value_printed"] in text
    assert f"page {claim['page']}" in text and claim["locator"] in text
    assert claim["attributed_to"] in text and claim["reading_note"] in text
    assert "Cite this claim" in text and rd.cite("GN-0542") in text and "@book{getty_naumov_1999," in text
    relations = rd.evaluate_relations()
    using = relations[relations["claim_ids"].str.split(";").map(lambda ids: "GN-0542" in ids)]
    assert len(using) and all(r in text for r in using["relation_id"])
    quantity = rd.load("quantities").set_index("quantity_id").loc[claim["quantity_id"]]
    assert quantity["label"] in text
    for other in rd.compare(claim["quantity_id"])["claim_id"]:
        assert f"{BASE}/claims/{other}" in text


def test_every_claim_has_a_page_with_its_print(site):
    claims = rd.load("claims")
    pages = get_many(site, [f"{BASE}/claims/{c}" for c in claims["claim_id"]])
    for (_, claim), page in zip(claims.iterrows(), pages):
        assert page.status_code == 200, claim["claim_id"]
        text = html.unescape(page.text)
        assert f"“{' '.join(claim['quote'].split())}”" in " ".join(text.split()), claim["claim_id"]
        assert 'id="claim-print">' + claim["value_printed"] in text, claim["claim_id"]


def test_a_claim_that_does_not_exist_is_404(site):
    assert get(site, f"{BASE}/claims/GN-9999").status_code == 404


def test_json_api_filters_claims_by_measure(site):
    response = get(site, f"{BASE}/claims.json?measure=executions&_shape=array&_size=max")
    claims = rd.load("claims")
    assert response.status_code == 200
    assert sorted(r["claim_id"] for r in response.json()) == sorted(claims.loc[claims["measure"] == "executions", "claim_id"])


def test_facets_and_full_text_search(site):
    data = get(site, f"{BASE}/claims.json?_search=shot").json()
    ids = [row[0] for row in data["rows"]]
    assert "GN-0542" in ids
    assert {"measure", "source_id", "region", "qualifier", "producer_id"} <= set(data["facet_results"])  # the producer, by its id
    measures = {f["value"]: f["count"] for f in data["facet_results"]["measure"]["results"]}
    assert measures["executions"] >= 1
    cited = get(site, f"{BASE}/claims_cited.json?_search=681%2C692&_shape=array").json()
    assert "GN-0542" in {r["claim_id"] for r in cited} and all("681,692" in (r["quote"] + (r["reading_note"] or "")) for r in cited)
    assert {f for f in get(site, f"{BASE}/claims_cited.json?_search=shot").json()["facet_results"]} >= {"measure", "source", "qualifier", "producer_kind"}
    page = get(site, f"{BASE}/claims?_search=681%2C692")
    assert page.status_code == 200 and "GN-0542" in page.text
    # the browser groups the slips by who slipped: the verdicts' table has a facet on the kind (the canned query 'slips' lists them by kind)
    slips = get(site, f"{BASE}/relation_verdicts.json?verdict__in=inconsistent,contradiction").json()
    kinds = {f["value"]: f["count"] for f in slips["facet_results"]["slip_kind"]["results"]}
    verdicts = rd.evaluate_relations()
    assert kinds == verdicts.loc[verdicts["verdict"].isin(["inconsistent", "contradiction"]), "slip_kind"].value_counts().to_dict()


SEARCHES = ['"', '"were shot"', 'shot"', '"shot', '"Were SHOT" 1937', 'were shot', "a*b", "shot*", "(shot", "shot NEAR",
            "NOT shot", "shot AND", "-shot", "^shot", "quote:shot", '"681,692"', "681692", "ezhov", '""', "zzzzqqq"]


@pytest.mark.parametrize("query", SEARCHES)
def test_the_browser_finds_what_the_terminal_finds_and_never_shows_an_sqlite_error(site, query):
    """Check report C4: a lone '"' answered 400 'fts5: syntax error near ""'; '"were shot"' found 3 ids in the browser
    and 0 in the terminal. Both now read a quoted phrase as one piece (its words side by side); quotes group only."""
    from repression_data.shipped.lookups import search

    for table in ("claims", "claims_cited"):
        response = get(site, f"{BASE}/{table}.json?_search={quote(query)}&_shape=array&_size=max")
        assert response.status_code == 200, (table, query, response.text[:300])
        assert sorted(r["claim_id"] for r in response.json()) == sorted(c["claim_id"] for c in search(query)), (table, query)


def test_a_raw_search_in_the_index_syntax_is_refused_in_plain_words(site):
    response = get(site, f"{BASE}/claims.json?_search=%22&_searchmode=raw")
    assert response.status_code == 400 and "fts5" not in response.text and "quoted phrases" in response.text


def test_metadata_comes_from_the_catalogue():
    from repression_data.publish.catalog import tables as catalogue

    meta = datasette_metadata(database_path())
    assert meta["license"] == "CC-BY-4.0" and meta["title"] and meta["source"]
    described = meta["databases"][DATABASE_NAME]["tables"]
    for info in catalogue():
        entry = described[info.name]
        assert entry["title"] == info.title and entry["description"] == info.description
        for column in rd.load(info.name).columns:
            assert entry["columns"].get(column), (info.name, column)
    for view in ("claims_cited", "quantity_figures", "slips"):
        assert described[view]["description"], view


def test_canned_queries(site):
    figures = get(site, f"{BASE}/figures_for_quantity.json?quantity_id=executions-ussr-1937-38&_shape=array").json()
    assert sorted(r["claim_id"] for r in figures) == sorted(rd.compare("executions-ussr-1937-38")["claim_id"])
    slips = get(site, f"{BASE}/slips.json?_shape=array").json()
    verdicts = rd.evaluate_relations()
    assert sorted(r["relation_id"] for r in slips) == sorted(verdicts.loc[verdicts["verdict"].isin(["inconsistent", "contradiction"]), "relation_id"])
    claims = rd.load("claims").merge(rd.load("producers")[["producer_id", "name"]], on="producer_id", how="left")
    # The query matches any part of the producer's name (or its id): the same rule, computed here in pandas.
    credited = claims[claims["name"].str.contains("Shvernik", case=False, na=False) | (claims["producer_id"] == "Shvernik")]
    produced = get(site, f"{BASE}/claims_of_producer.json?producer=Shvernik&_shape=array").json()
    assert len(credited) and sorted(r["claim_id"] for r in produced) == sorted(credited["claim_id"])


def test_visitors_cannot_change_the_database(site):
    path = database_path()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    databases = get(site, "/-/databases.json").json()
    assert [d["is_mutable"] for d in databases if d["name"] == DATABASE_NAME] == [False]
    for sql in ("DELETE FROM claims", "UPDATE claims SET value = 0", "DROP TABLE claims", "ATTACH DATABASE '/tmp/x.db' AS x"):
        response = get(site, f"{BASE}.json?sql={quote(sql)}")
        assert response.status_code in (400, 403) and response.json()["ok"] is False, sql
        assert "syntax error" not in response.text, sql
    assert get(site, f"{BASE}.json?sql=select+count(*)+from+claims&_shape=array").json()[0]["count(*)"] == len(rd.load("claims"))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_sql_has_a_time_limit():
    quick = make_datasette(time_limit_ms=50)
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 100000000) SELECT count(*) FROM n"
    response = get(quick, f"{BASE}.json?sql={quote(slow)}")
    assert response.status_code == 400 and "too long" in response.text
    assert get(quick, f"{BASE}.json?sql={quote('select count(*) from claims')}").status_code == 200


def test_binds_to_this_machine_by_default():
    from repression_data.cli.main import parser

    args = parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and is_loopback(args.host) and args.time_limit_ms > 0
    assert not is_loopback("0.0.0.0") and is_loopback("::1") and is_loopback("localhost")


def test_without_datasette_serve_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "datasette.app", None)
    assert serve(port=0) == 2
    err = capsys.readouterr().err
    assert "Datasette is not installed" in err and "make install" in err  # in a clone: the clone's own install
    assert 'pip install "repression-data[serve]"' not in err  # no public index holds that name


def test_producer_facets_follow_the_producers_table(tmp_path, built_tables):
    tables = built_tables
    claims = tables["claims"].copy()
    claims["producer_id"] = [("nkvd-1953" if isinstance(a, str) and "4157" in a else None) for a in claims["attributed_to"]]
    tables["claims"] = claims
    tables["producers"] = pd.DataFrame({"producer_id": ["nkvd-1953"], "name": ["NKVD report of 1953"], "kind": ["archival_statistical_report"]})
    build_database(tables, tmp_path / "p.db")
    meta = datasette_metadata(tmp_path / "p.db")["databases"][DATABASE_NAME]["tables"]
    assert "producer_id" in meta["claims"]["facets"] and "producer_kind" in meta["claims_cited"]["facets"]
    assert "producer_id = :producer" in datasette_metadata(tmp_path / "p.db")["databases"][DATABASE_NAME]["queries"]["claims_of_producer"]["sql"]
    conn = sqlite3.connect(tmp_path / "p.db")
    assert conn.execute("SELECT producer_kind FROM claims_cited WHERE claim_id = 'GN-0542'").fetchone() == ("archival_statistical_report",)


def test_the_installed_wheel_carries_the_database_and_the_claim_page(tmp_path):
    import subprocess
    import zipfile

    from repression_data.paths import REPO_DIR

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(REPO_DIR)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "repression_data/_processed/repression-data.db" in names
    assert "repression_data/serve/templates/row-repression-data-claims.html" in names and "repression_data/serve/plugin.py" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import asyncio; from repression_data.serve.app import make_datasette, database_path; ds = make_datasette(); "
            "r = asyncio.run(ds.client.get('/repression-data/claims/GN-0542')); print(database_path(), r.status_code, 'cite-this' in r.text)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0].startswith(str(site)) and out[1:] == ["200", "True"]


def test_without_a_built_database_serve_says_what_to_run(monkeypatch, tmp_path, capsys):
    from repression_data.cli.main import main
    from repression_data.serve import app as serve_module

    monkeypatch.setattr(serve_module, "processed_dir", lambda: tmp_path)
    assert main(["serve", "--port", "0"]) == 1
    assert "repression-data build" in capsys.readouterr().err
