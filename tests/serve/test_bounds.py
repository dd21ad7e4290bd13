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


# In-process, without a server (issue 25, item 5): what `prepare` sets on a bare sqlite3 connection, and the
# status, message and log line of each kind of client error (`classify`, `log`), so that `make mutate` sees them.

def test_prepare_bounds_a_bare_connection():
    conn = sqlite3.connect(":memory:")
    bounds.prepare(conn)
    assert (conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH), conn.getlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH)) == (bounds.MAX_VALUE_BYTES, bounds.MAX_SQL_BYTES)
    with pytest.raises(sqlite3.DataError, match="too big"):
        conn.execute("SELECT randomblob(?)", [bounds.MAX_VALUE_BYTES + 1]).fetchall()
    with pytest.raises(sqlite3.DataError, match="query string is too large"):
        conn.execute("SELECT 1 -- " + "x" * bounds.MAX_SQL_BYTES)
    assert conn.execute("SELECT 1 -- " + "x" * (bounds.MAX_SQL_BYTES - 20)).fetchone()[0] == 1
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        conn.execute("PRAGMA database_list").fetchall()
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        conn.execute("PRAGMA Database_List").fetchall()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0  # other pragmas pass
    row = conn.execute("SELECT 1 AS one, escape_fts('a b') AS q").fetchone()
    assert isinstance(row, sqlite3.Row) and row["one"] == 1 and row["q"] == '"a" "b"'


def test_a_result_over_twenty_megabytes_is_stopped():
    conn = sqlite3.connect(":memory:")
    bounds.prepare(conn)
    rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT {}) SELECT printf('%.*c', 900000, 'x'), 1 FROM n"
    assert len(conn.execute(rows.format(22)).fetchall()) == 22  # 22 x 900,008 bytes: under 20 MB
    with pytest.raises(bounds.ResultTooLarge) as caught:
        conn.execute(rows.format(23)).fetchall()
    assert str(caught.value) == "the answer would be larger than 20 MB: ask for fewer rows or columns"
    factory = bounds.counting_row_factory(limit=16)
    cursor = sqlite3.connect(":memory:").cursor()
    assert tuple(factory(cursor, (1, b"12345678"))) == (1, b"12345678")  # 8 + 8 bytes: at the limit, not past it
    with pytest.raises(bounds.ResultTooLarge, match="larger than 0 MB"):
        factory(cursor, (None,))


@pytest.mark.parametrize("query, expected", [
    ("gulag camps", '"gulag" "camps"'), ('say "hi there"', '"say" "hi there"'), ("of NKVD", '"nkvd"'), ("of in", '"of" "in"'),
    ('"', bounds.MATCH_EVERY_CLAIM), (None, bounds.MATCH_EVERY_CLAIM), ("abc", '"abc"'), ("ab", '"ab"'),
])
def test_a_search_becomes_quoted_strings_the_index_must_find(query, expected):
    assert bounds.escape_fts(query) == expected


def test_each_client_error_has_its_own_status_and_a_server_fault_is_500():
    from datasette.utils.asgi import NotFound
    from datasette.views.base import DatasetteError

    assert bounds.classify(NotFound("no such table")) == (404, "no such table", None)
    assert bounds.classify(DatasetteError("bad _sort", title="Invalid", status=500)) == (400, "bad _sort", "Invalid")
    assert bounds.classify(DatasetteError("gone", title="T", status=404)) == (404, "gone", "T")
    assert bounds.classify(bounds.ResultTooLarge("too much")) == (413, "too much", "Answer too large")
    assert bounds.classify(sqlite3.DataError("string or blob too big")) == (
        400, "string or blob too big (no value may be larger than 1,000,000 bytes)", "Value too large")
    assert bounds.classify(sqlite3.OperationalError("no such column: x")) == (400, "no such column: x", "Invalid SQL")
    assert bounds.classify(sqlite3.DatabaseError("not authorized")) == (400, "not authorized", "Invalid SQL")
    assert bounds.classify(sqlite3.DatabaseError("disk image is malformed"))[0] == 500
    assert bounds.classify(sqlite3.OperationalError("fts5: syntax error near \"\"")) == (400, bounds.SEARCH_NOT_READ, "Search not understood")
    assert bounds.classify(DatasetteError("unterminated string")) == (400, bounds.SEARCH_NOT_READ, "Search not understood")
    assert bounds.classify(ValueError("boom")) == (500, "the server failed to answer this request", "Server error")


def test_a_refused_request_is_one_line_and_a_server_fault_has_its_traceback(capsys):
    class Request:
        path = "/db/claims"

    bounds.log(404, Request(), "x" * 400)
    err = capsys.readouterr().err
    assert err == ("404 /db/claims: " + "x" * 400)[:300] + "\n"
    bounds.log(400, None, "bad")
    assert capsys.readouterr().err == "400 ?: bad\n"
    try:
        raise ValueError("boom")
    except ValueError as exc:
        bounds.log(500, Request(), "the server failed", exc)
    err = capsys.readouterr().err
    assert err.startswith("500 /db/claims: the server failed\nTraceback") and "ValueError: boom" in err
    try:
        try:
            raise sqlite3.OperationalError("no such column")
        except sqlite3.OperationalError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as exc:
        bounds.log(400, Request(), "no such column", exc)  # Datasette logged its own line: nothing more
        assert capsys.readouterr().err == ""
        assert bounds._sql_error(exc).args == ("no such column",)
    bounds.log(400, Request(), "interrupted", sqlite3.OperationalError("interrupted"))  # a time limit: said here
    assert capsys.readouterr().err == "400 /db/claims: interrupted\n"
    bounds.log(400, Request(), "plain", ValueError("x"))
    assert capsys.readouterr().err == "400 /db/claims: plain\n"
