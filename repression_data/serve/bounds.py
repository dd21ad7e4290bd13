"""What one request may cost the server, and how a client's mistake is answered.

Every SQLite connection Datasette opens gets (``prepare``):

- ``SQLITE_LIMIT_LENGTH`` = MAX_VALUE_BYTES: no string or blob a query builds may be
  larger (``zeroblob(500000000)``, ``printf('%.*c', ...)``, a long ``group_concat``
  stop with "string or blob too big" before the memory is taken);
- ``SQLITE_LIMIT_SQL_LENGTH`` = MAX_SQL_BYTES: no longer statement is compiled;
- a row factory that counts the bytes of the rows one statement returns and stops it
  past MAX_RESULT_BYTES (ResultTooLarge), so that Datasette never turns more than that
  into JSON or HTML for one query (rows are capped by ``max_returned_rows`` besides);
- an authorizer that refuses ``PRAGMA database_list`` (and ``pragma_database_list``),
  which would show the database's absolute path on this machine.

``answer_error`` answers what a request got wrong with its own status (404 for a URL
that names nothing, 400 for a bad parameter or query, 413 for a result too large),
one log line on the console and no traceback; only a real fault of the server is a
500, logged with its traceback (never the ``rich`` hook's page of local variables).
"""

from __future__ import annotations

import sqlite3
import sys
import traceback
import weakref

from repression_data.words import search_words

MAX_VALUE_BYTES = 1_000_000
MAX_SQL_BYTES = 50_000
MAX_RESULT_BYTES = 20_000_000
HIDDEN_PRAGMAS = {"database_list"}
_TRIGRAM_SHORTEST = 3


class ResultTooLarge(Exception):
    """A statement returned more than MAX_RESULT_BYTES."""


def _authorize(action, first, second, database, trigger):
    if action == sqlite3.SQLITE_PRAGMA and str(first or "").lower() in HIDDEN_PRAGMAS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def counting_row_factory(limit: int = MAX_RESULT_BYTES):
    """A row factory giving sqlite3.Row that raises ResultTooLarge once one cursor's rows pass ``limit`` bytes."""
    spent: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def factory(cursor, row):
        size = sum(len(v) if isinstance(v, (str, bytes)) else 8 for v in row)
        total = spent.get(cursor, 0) + size
        if total > limit:
            raise ResultTooLarge(f"the answer would be larger than {limit // 1_000_000} MB: ask for fewer rows or columns")
        spent[cursor] = total
        return sqlite3.Row(cursor, row)

    return factory


MATCH_EVERY_CLAIM = '" \x1f "'  # the separator every claim's text in claims_find holds between its parts


def escape_fts(query: str) -> str:
    """The browser's search as the terminal reads it (``words.search_words``): each word, and each
    "quoted phrase", becomes one quoted FTS5 string that must be found (any case, any part of a word), so that no
    character a reader types (a lone or unbalanced '"', '*', '^', ':', '(', '-', NEAR, OR) is taken as the index's
    syntax or gives an SQLite error. Pieces shorter than three characters are left out when the query has a longer
    one: a trigram index (``claims_find``) matches no shorter piece, and in a word index they are the small words a
    reader does not mean to require. A query with nothing to look for (a lone '"') finds every claim, as in the
    terminal."""
    pieces = search_words(str(query) if query is not None else "")
    kept = [p for p in pieces if len(p) >= _TRIGRAM_SHORTEST]
    pieces = kept if kept else pieces
    if not pieces:
        return MATCH_EVERY_CLAIM
    return " ".join('"' + p.replace('"', '""') + '"' for p in pieces)


def prepare(conn) -> None:
    """The bounds above, on one connection."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    conn.set_authorizer(_authorize)
    conn.row_factory = counting_row_factory()
    conn.create_function("escape_fts", 1, escape_fts)


FTS_ERRORS = ("fts5:", "unterminated string")  # the full-text index's own syntax errors (a raw search, an SQL MATCH)
SEARCH_NOT_READ = ("the search could not be read in the index's own syntax (_searchmode=raw or an SQL MATCH): leave out "
                   "_searchmode to search for words and \"quoted phrases\" as the terminal does")


def classify(exception) -> tuple[int, str, str | None]:
    """(status, message, title) for an exception a request raised; 500 only for a fault of the server."""
    from datasette.utils.asgi import Base400
    from datasette.views.base import DatasetteError

    said = getattr(exception, "message", None) or str(exception)
    if isinstance(exception, (sqlite3.OperationalError, DatasetteError)) and str(said).startswith(FTS_ERRORS):
        return 400, SEARCH_NOT_READ, "Search not understood"
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0]) if exception.args else "Bad request", None
    if isinstance(exception, DatasetteError):
        # Datasette raises its own error with status 500 for parameters it refuses (an unknown _sort column, ...).
        return (exception.status if exception.status < 500 else 400), exception.message, exception.title
    if isinstance(exception, ResultTooLarge):
        return 413, str(exception), "Answer too large"
    if isinstance(exception, sqlite3.DataError):
        return 400, f"{exception} (no value may be larger than {MAX_VALUE_BYTES:,} bytes)", "Value too large"
    if isinstance(exception, sqlite3.OperationalError) or (isinstance(exception, sqlite3.DatabaseError) and "not authorized" in str(exception)):
        return 400, str(exception), "Invalid SQL"
    return 500, "the server failed to answer this request", "Server error"


def _sql_error(exception):
    """The SQLite error behind an exception (itself, its cause or context), or None."""
    seen = 0
    while exception is not None and seen < 5:
        if isinstance(exception, sqlite3.Error):
            return exception
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return None


def log(status: int, request, message: str, exception=None) -> None:
    """One line per refused request on the console; the traceback only for a server fault (status 500)."""
    path = request.path if request is not None else "?"
    sql_error = _sql_error(exception)
    if status < 500 and sql_error is not None and sql_error.args != ("interrupted",):
        return  # Datasette has written its own line ("ERROR: ... sql = ...") for this request
    print(f"{status} {path}: {message}"[:300], file=sys.stderr, flush=True)
    if status >= 500 and exception is not None:
        traceback.print_exception(type(exception), exception, exception.__traceback__, file=sys.stderr)
