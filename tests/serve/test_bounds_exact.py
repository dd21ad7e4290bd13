"""The server's bounds and answers (serve/bounds.py) checked to the letter, in-process (issue 25, item 5): which
PRAGMA the authorizer refuses and which action it leaves alone, the bytes each kind of value costs against the
result bound, every status and message `classify` gives, how far `_sql_error` looks down an exception's chain,
and when `log` writes a line or a traceback. Through a running Datasette: tests/serve/test_bounds.py."""

from __future__ import annotations

import sqlite3

import pytest

pytest.importorskip("datasette", reason="Datasette is the serve extra: pip install 'repression-data[serve]' (make test installs it)")

from datasette.utils.asgi import Base400, BadRequest, Forbidden  # noqa: E402
from datasette.views.base import DatasetteError  # noqa: E402

from repression_data.serve import bounds  # noqa: E402


def test_only_the_pragma_that_shows_the_path_is_refused():
    deny, ok = sqlite3.SQLITE_DENY, sqlite3.SQLITE_OK
    assert bounds._authorize(sqlite3.SQLITE_PRAGMA, "database_list", None, None, None) == deny
    assert bounds._authorize(sqlite3.SQLITE_PRAGMA, "DATABASE_LIST", None, "main", None) == deny
    assert bounds._authorize(sqlite3.SQLITE_PRAGMA, None, None, None, None) == ok  # a PRAGMA without a name
    assert bounds._authorize(sqlite3.SQLITE_PRAGMA, "table_info", "claims", None, None) == ok
    assert bounds._authorize(sqlite3.SQLITE_READ, "database_list", "x", "main", None) == ok  # a table of that name may be read
    assert bounds._authorize(sqlite3.SQLITE_SELECT, None, None, None, None) == ok


def test_a_pragma_without_a_name_does_not_match_a_hidden_one(monkeypatch):
    monkeypatch.setattr(bounds, "HIDDEN_PRAGMAS", {"database_list", "", "none"})
    assert bounds._authorize(sqlite3.SQLITE_PRAGMA, None, None, None, None) == sqlite3.SQLITE_DENY  # read as "" (not "None")
    monkeypatch.setattr(bounds, "HIDDEN_PRAGMAS", {"none"})
    assert bounds._authorize(sqlite3.SQLITE_PRAGMA, None, None, None, None) == sqlite3.SQLITE_OK


def test_a_text_costs_its_length_and_any_other_value_eight_bytes_per_cursor():
    factory = bounds.counting_row_factory(limit=20)
    conn = sqlite3.connect(":memory:")
    first, second = conn.cursor(), conn.cursor()
    assert tuple(factory(first, ("abcd", 1.5, None))) == ("abcd", 1.5, None)  # 4 + 8 + 8 = 20: at the limit
    assert tuple(factory(second, ("x" * 12, 7))) == ("x" * 12, 7)  # another cursor counts from nothing
    assert tuple(factory(first, ("",))) == ("",)  # 20 + 0 is not past it
    with pytest.raises(bounds.ResultTooLarge, match="^the answer would be larger than 0 MB: ask for fewer rows or columns$"):
        factory(first, (1,))  # but 20 + 8 for a number is
    with pytest.raises(bounds.ResultTooLarge):
        factory(second, ("x",))  # 20 + 1
    factory(second, ("",))
    big = bounds.counting_row_factory(limit=3_999_999)
    with pytest.raises(bounds.ResultTooLarge, match="larger than 3 MB"):
        big(conn.cursor(), (b"x" * 4_000_000,))


def test_the_default_bound_is_twenty_million_bytes():
    factory = bounds.counting_row_factory()
    cursor = sqlite3.connect(":memory:").cursor()
    factory(cursor, ("x" * 20_000_000,))
    with pytest.raises(bounds.ResultTooLarge, match="larger than 20 MB"):
        factory(cursor, (1,))


def test_each_client_error_keeps_its_status_and_words():
    assert bounds.classify(Base400()) == (400, "Bad request", None)
    assert bounds.classify(Forbidden("not yours")) == (403, "not yours", None)
    assert bounds.classify(BadRequest("bad _size", "ignored")) == (400, "bad _size", None)
    assert bounds.classify(DatasetteError("too wide", title="Wide", status=499)) == (499, "too wide", "Wide")
    assert bounds.classify(DatasetteError("broken", title=None, status=503)) == (400, "broken", None)
    assert bounds.classify(sqlite3.OperationalError("unterminated string")) == (400, bounds.SEARCH_NOT_READ, "Search not understood")
    # Datasette's error is read by its message, not by its arguments (a title given in order is one of them)
    assert bounds.classify(DatasetteError("fts5: syntax error near \"*\"", "Invalid SQL", None, 400)) == (400, bounds.SEARCH_NOT_READ, "Search not understood")
    assert bounds.classify(sqlite3.DatabaseError("not authorized to use pragma")) == (400, "not authorized to use pragma", "Invalid SQL")
    assert bounds.classify(sqlite3.IntegrityError("UNIQUE constraint failed")) == (500, "the server failed to answer this request", "Server error")


def test_only_the_indexs_own_errors_are_a_search_not_understood():
    assert bounds.classify(ValueError("fts5: syntax error")) == (500, "the server failed to answer this request", "Server error")
    assert bounds.classify(sqlite3.OperationalError("no such table: fts5: x")) == (400, "no such table: fts5: x", "Invalid SQL")
    assert bounds.classify(sqlite3.DataError("fts5: too big")) == (400, "fts5: too big (no value may be larger than 1,000,000 bytes)", "Value too large")
    assert bounds.SEARCH_NOT_READ == ("the search could not be read in the index's own syntax (_searchmode=raw or an SQL MATCH): leave out "
                                      "_searchmode to search for words and \"quoted phrases\" as the terminal does")


def chain(*exceptions, link="__cause__"):
    """exceptions[0] raised from exceptions[1], raised from exceptions[2], ..."""
    for outer, inner in zip(exceptions, exceptions[1:]):
        setattr(outer, link, inner)
    return exceptions[0]


def test_the_sqlite_error_is_found_down_five_links_of_cause_or_context():
    sql = sqlite3.OperationalError("no such column")
    assert bounds._sql_error(sql) is sql and bounds._sql_error(None) is None and bounds._sql_error(ValueError()) is None
    assert bounds._sql_error(chain(*[RuntimeError(i) for i in range(4)], sql)) is sql  # the fifth exception looked at
    assert bounds._sql_error(chain(*[RuntimeError(i) for i in range(5)], sql)) is None  # the sixth is not
    assert bounds._sql_error(chain(RuntimeError(), ValueError(), sql, link="__context__")) is sql
    outer = chain(RuntimeError("cause"), sql)
    outer.__context__ = ValueError("context")
    assert bounds._sql_error(outer) is sql  # the cause is followed before the context


class Request:
    path = "/db/claims.json"


def test_a_server_fault_with_an_sql_error_behind_it_is_logged_with_its_traceback(capsys):
    try:
        raise sqlite3.DatabaseError("disk image is malformed")
    except sqlite3.DatabaseError as exc:
        bounds.log(500, Request(), "the server failed to answer this request", exc)
    err = capsys.readouterr().err
    assert err.startswith("500 /db/claims.json: the server failed to answer this request\nTraceback (most recent call last):\n")
    assert err.endswith("sqlite3.DatabaseError: disk image is malformed\n")


def test_a_server_fault_without_an_exception_is_one_line(capsys):
    bounds.log(500, Request(), "failed")
    assert capsys.readouterr().err == "500 /db/claims.json: failed\n"


def test_a_client_error_without_an_sql_error_is_logged_here_without_a_traceback(capsys):
    try:
        raise Forbidden("not yours")
    except Forbidden as exc:
        bounds.log(403, Request(), "not yours", exc)
    assert capsys.readouterr().err == "403 /db/claims.json: not yours\n"
    bounds.log(499, Request(), "odd", sqlite3.OperationalError("no such table"))
    assert capsys.readouterr().err == ""  # Datasette has said it
    bounds.log(400, Request(), "interrupted", chain(RuntimeError("wrapped"), sqlite3.OperationalError("interrupted")))
    assert capsys.readouterr().err == "400 /db/claims.json: interrupted\n"
