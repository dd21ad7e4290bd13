"""What one request may cost the server and how a client's error is answered (serve/bounds.py, plugin.handle_exception)."""

from __future__ import annotations

import asyncio
import sqlite3
from urllib.parse import quote

import pytest

pytest.importorskip("datasette", reason="Datasette is the serve extra: pip install 'repression-data[serve]' (make test installs it)")

from repression_data.publish.sqlite import DATABASE_NAME  # noqa: E402
from repression_data.serve import bounds  # noqa: E402
from repression_data.serve.app import MAX_ROWS, database_path, make_datasette  # noqa: E402

BASE = f"/{DATABASE_NAME}"


@pytest.fixture(scope="module")
def site():
    return make_datasette()


def get(site, path: str):
    async def fetch():
        return await site.client.get(path)

    return asyncio.run(fetch())


def sql(site, query: str):
    return get(site, f"{BASE}.json?sql={quote(query)}")


def test_every_connection_is_bounded(site):
    async def limits():
        return await site.get_database(DATABASE_NAME).execute_fn(
            lambda conn: (conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH), conn.getlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH)))

    assert asyncio.run(limits()) == (bounds.MAX_VALUE_BYTES, bounds.MAX_SQL_BYTES)
    assert site.setting("max_returned_rows") == MAX_ROWS and site.setting("sql_time_limit_ms") > 0


def test_a_huge_value_is_refused_by_sqlite_itself():
    conn = sqlite3.connect(":memory:")
    bounds.prepare(conn)
    with pytest.raises(sqlite3.DataError, match="too big"):
        conn.execute("SELECT zeroblob(?)", [bounds.MAX_VALUE_BYTES + 1]).fetchall()
    assert conn.execute("SELECT length(zeroblob(?))", [bounds.MAX_VALUE_BYTES]).fetchone()[0] == bounds.MAX_VALUE_BYTES


def test_an_answer_too_large_is_stopped_while_it_is_read():
    conn = sqlite3.connect(":memory:")
    conn.row_factory = bounds.counting_row_factory(limit=1000)
    assert len(conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 9) SELECT printf('%.100c', 'x') FROM n").fetchall()) == 9
    with pytest.raises(bounds.ResultTooLarge):
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 11) SELECT printf('%.100c', 'x') FROM n").fetchall()
    assert conn.execute("SELECT 1").fetchall()[0][0] == 1  # each statement counts afresh


def test_hostile_requests_are_refused_with_4xx_and_one_line(site, capfd):
    capfd.readouterr()
    cases = {
        "/.env": 404, f"{BASE}/no_such_table": 404, f"{BASE}/claims/GN-9999": 404,
        f"{BASE}/claims?_sort=no_such_column": 400, f"{BASE}/claims.json?_sort=no_such_column": 400,
        f"{BASE}/claims.json?_sort_desc=no_such_column": 400, f"{BASE}/claims.json?_size=lots": 400,
        f"{BASE}.json?sql={quote('SELECT zeroblob(500000000)')}": 400,
        f"{BASE}.json?sql={quote(chr(10).join(['SELECT replace(hex(zeroblob(600000)), ' + repr('0') + ', ' + repr('xx') + ')']))}": 400,
        f"{BASE}.json?sql={quote('SELECT printf(%s, 900000, %s) FROM claims' % (chr(39) + '%.*c' + chr(39), chr(39) + 'x' + chr(39)))}": 413,
        f"{BASE}.json?sql={quote('SELECT 1 -- ' + 'x' * (bounds.MAX_SQL_BYTES + 10))}": 400,
    }
    for path, status in cases.items():
        response = get(site, path)
        assert response.status_code == status, (path[:80], response.status_code, response.text[:200])
    err = capfd.readouterr().err
    assert "Traceback" not in err and "locals" not in err and "╭" not in err
    assert len(err.strip().splitlines()) <= len(cases)


def test_a_fault_of_the_server_is_a_500_with_its_traceback(capfd):
    class Request:
        path = "/x"

    try:
        raise RuntimeError("a real fault")
    except RuntimeError as exc:
        fault = exc
    assert bounds.classify(fault)[0] == 500
    bounds.log(500, Request(), "failed", fault)
    err = capfd.readouterr().err
    assert err.startswith("500 /x: failed") and "Traceback" in err and "RuntimeError: a real fault" in err


def test_no_page_or_json_names_the_machines_path(site):
    folder = str(database_path().parent)
    databases = get(site, "/-/databases.json")
    assert databases.status_code == 200 and DATABASE_NAME in databases.text and folder not in databases.text
    for query in ("SELECT * FROM pragma_database_list", "PRAGMA database_list", "SELECT file FROM pragma_database_list()"):
        response = sql(site, query)
        assert response.status_code in (400, 403) and folder not in response.text, query
    for path in (BASE, f"{BASE}.json", "/-/versions.json", "/-/metadata.json", f"{BASE}/claims/GN-0542", "/-/databases"):
        assert folder not in get(site, path).text, path
    assert get(site, BASE).status_code == 200  # the database page still lists its (no) attached databases


def test_the_search_escaping_leaves_out_what_a_trigram_index_cannot_match():
    assert bounds.escape_fts("shot in 1937-38") == '"shot" "1937-38"'
    assert bounds.escape_fts("ezhov") == '"ezhov"' and bounds.escape_fts("in") == '"in"'
    assert bounds.escape_fts('"order 00447" of') == '"order 00447"'
