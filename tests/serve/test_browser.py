"""The browser finds what the terminal finds, shows figures as printed, and answers every URL with the right status."""

from __future__ import annotations

import asyncio
import html
import re

import pytest

pytest.importorskip("datasette", reason="Datasette is the serve extra: pip install 'repression-data[serve]' (make test installs it)")

import repression_data as rd  # noqa: E402
from repression_data.paths import RAW_DIR  # noqa: E402
from repression_data.pipeline.tables import build_tables  # noqa: E402
from repression_data.publish.finding import search_text  # noqa: E402
from repression_data.publish.sqlite import DATABASE_NAME, build_database  # noqa: E402
from repression_data.serve.app import make_datasette  # noqa: E402
from repression_data.serve.claim import cell, figure, plain  # noqa: E402
from repression_data.shipped.search import search  # noqa: E402

BASE = f"/{DATABASE_NAME}"


@pytest.fixture(scope="module")
def site():
    return make_datasette()


def get(site, path: str):
    async def fetch():
        return await site.client.get(path)

    return asyncio.run(fetch())


def found(site, table: str, words: str) -> set[str]:
    response = get(site, f"{BASE}/{table}.json?_search={words}&_shape=array&_col=claim_id&_size=max")
    assert response.status_code == 200, response.text
    return {row["claim_id"] for row in response.json()}


@pytest.mark.parametrize("words", ["681692", "ezhov", "EZHOV", "shot in 1937-38", "nkvd", "Kulak", "exec", "order 00447"])
def test_the_browser_finds_what_the_terminal_finds(site, words):
    terminal = set(search(words)["claim_id"])
    assert terminal, words
    assert found(site, "claims", words.replace(" ", "+")) == terminal
    assert found(site, "claims_cited", words.replace(" ", "+")) == terminal


def test_a_figure_with_separators_finds_at_least_what_the_terminal_finds(site):
    # The terminal reads "681,692" as "681692" (the print and the value); the browser also finds the quotes that print it.
    browser = found(site, "claims_cited", "681%2C692")
    assert set(search("681,692")["claim_id"]) <= browser
    claims = rd.load("claims")
    text = dict(zip(claims["claim_id"], search_text({name: rd.load(name) for name in ("claims", "producers", "measures", "categories")})))
    assert all("681,692" in text[c] for c in browser - set(search("681,692")["claim_id"]))


def test_a_figure_without_separators_finds_its_claim_on_the_page(site):
    assert "GN-0542" in found(site, "claims_cited", "681692")
    page = get(site, f"{BASE}/claims_cited?_search=681692")
    assert page.status_code == 200 and f'href="{BASE}/claims/GN-0542"' in page.text


def test_a_claim_id_in_any_case_leads_to_its_page(site):
    for typed in ("gn-0542", "Gn-0542", "gn-0542.json"):
        response = get(site, f"{BASE}/claims/{typed}")
        assert response.status_code == 302, typed
        assert response.headers["location"] == f"{BASE}/claims/GN-0542" + (".json" if typed.endswith(".json") else "")
    assert get(site, f"{BASE}/claims/GN-0542").status_code == 200


def test_a_missing_page_offers_a_search_box_and_a_way_back(site):
    for path in (f"{BASE}/claims/GN-9999", "/.env", f"{BASE}/no_such_table"):
        page = get(site, path)
        assert page.status_code == 404, path
        assert re.search(r'<form[^>]*action="/repression-data/claims_cited"', page.text), path
        assert '<input id="_search" type="search" name="_search"' in page.text
        assert f'href="{BASE}"' in page.text and "history.back()" in page.text
    assert get(site, f"{BASE}/claims/GN-9999.json").json()["status"] == 404


def test_figures_are_printed_numbers_and_years_are_years(site):
    claim = rd.load("claims").set_index("claim_id").loc["GN-0542"]
    for path in (f"{BASE}/claims/GN-0542", f"{BASE}/claims?claim_id=GN-0542", f"{BASE}/claims_cited?claim_id=GN-0542", f"{BASE}/sources"):
        text = get(site, path).text
        assert not re.search(r"\b\d{4,}\.0\b", text), path  # 681692.0, 1999.0
        assert "1,999" not in text, path
    assert "Getty and Naumov 1999;" in html.unescape(get(site, BASE).text)  # the footer's sources
    table = get(site, f"{BASE}/claims?claim_id=GN-0542").text
    assert ">681,692<" in table
    page = get(site, f"{BASE}/claims/GN-0542").text
    assert f"page {claim['page']}," in html.unescape(page) and f"line {claim['line']} " in page
    relations = get(site, f"{BASE}/relation_verdicts").text
    assert not re.search(r"\d\.\d{8,}", relations)  # computed values rounded (6 significant digits)


def test_how_numbers_are_worded():
    assert figure(681692.0) == "681,692" and figure(7000000.0) == "7,000,000" and figure(20.480661822444894) == "20.4807"
    assert plain(1999.0) == "1999" and plain(None) == "" and cell("year", 1999.0) == "1999" and cell("page", 591) == "591"
    assert cell("value", 681692.0) == "681,692" and cell("n_claims", 3) is None and cell("quote", "x") is None and cell("derived", True) is None


def test_column_descriptions_fold_and_facet_labels_wrap_at_words(site):
    page = get(site, f"{BASE}/claims_cited")
    assert "column-descriptions-folded" in page.text and "/-/repression-data.css" in page.text
    css = get(site, "/-/repression-data.css")
    assert css.status_code == 200 and "word-break: normal" in css.text and "break-all" not in css.text


def test_the_quote_is_escaped_in_the_raw_page(tmp_path):
    tables = build_tables(RAW_DIR)
    claims = tables["claims"].copy()
    row = claims.index[claims["claim_id"] == "GN-0542"][0]
    claims.loc[row, "quote"] = '<script>alert("x")</script> & <b>681,692</b>'
    tables["claims"] = claims
    build_database(tables, tmp_path / "x.db")
    page = get(make_datasette(tmp_path / "x.db"), f"{BASE.replace(DATABASE_NAME, 'x')}/claims/GN-0542")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<b>681,692</b>" not in page.text
    assert "&lt;script&gt;alert(" in page.text and "&amp; &lt;b&gt;681,692&lt;/b&gt;" in page.text


def test_a_claim_page_costs_no_more_trips_to_the_database_than_plain_datasette(site, monkeypatch):
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    from repression_data.serve import plugin
    from repression_data.serve.app import database_path

    trips = []
    original = Database.execute_fn

    async def counted(self, fn):
        trips.append(fn)
        return await original(self, fn)

    monkeypatch.setattr(Database, "execute_fn", counted)

    def count(ds, claim_id):
        get(ds, f"{BASE}/claims/GN-0542")  # warm: schema and permissions looked up once
        trips.clear()
        assert get(ds, f"{BASE}/claims/{claim_id}").status_code == 200
        return len(trips)

    ours = count(site, "GN-0001")
    plain = Datasette(immutables=[str(database_path())])
    pm.unregister(plugin)
    try:
        floor = count(plain, "GN-0001")
    finally:
        pm.register(plugin, name="repression_data_claim_page")
    assert 0 < ours <= floor
