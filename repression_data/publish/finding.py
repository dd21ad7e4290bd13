"""What the browser needs to find and show a claim quickly, written into the SQLite database at build time.

- ``claims_find``: a full-text index (FTS5, trigram tokenizer) over the very
  text the terminal's ``repression-data search`` looks in (``shipped.search``:
  quote, print, reading note, measure and category with their labels,
  producer, region, locator, the whole value without separators). The trigram
  tokenizer matches any part of a word, whatever its case, as the terminal
  does: "681692" and "681,692" find GN-0542, "ezhov" finds "Yezhov". Its rowid
  is the claims table's rowid (``claims_cited.claim_rowid``). Words of fewer
  than three characters cannot be matched by a trigram index: the browser
  leaves them out of the query (``serve.plugin.escape_fts``).
- indexes on the columns a claim page looks up by (``claims.quantity_id``,
  ``quantity_members.claim_id``), so that a page reads a few rows, not every claim.

Needs SQLite 3.34 or later (the trigram tokenizer); with an older SQLite the
index is made with the default tokenizer (whole words) and the build says nothing
else changes.
"""

from __future__ import annotations

import sqlite3

import pandas as pd

from repression_data.shipped.search import _haystack, producer_names

FIND_TABLE = "claims_find"
TRIGRAM = tuple(int(p) for p in sqlite3.sqlite_version.split(".")[:2]) >= (3, 34)
# (table, column): the lookups a claim page makes, indexed when both exist.
PAGE_INDEXES = [("claims", "quantity_id"), ("quantity_members", "claim_id")]


def search_text(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Each claim's searched text, lower case, in the claims table's row order (the terminal's haystack)."""
    claims = tables["claims"]
    producers = producer_names(claims, tables.get("producers"))
    labels = {}
    for column, vocabulary in (("measure", "measures"), ("category", "categories")):
        frame = tables.get(vocabulary)
        if frame is not None and "label" in frame.columns and "term" in frame.columns:
            labels[column] = frame.set_index("term")["label"]
    return _haystack(claims, producers, labels)


def write_find_index(conn, tables: dict[str, pd.DataFrame]) -> None:
    """Create ``claims_find`` (rowid = the claim's rowid in the claims table) and fill it."""
    tokenize = ", tokenize = 'trigram'" if TRIGRAM else ""
    conn.execute(f"CREATE VIRTUAL TABLE [{FIND_TABLE}] USING fts5(words{tokenize})")
    stored = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lookup_search'").fetchone()
    if stored is not None:  # the same haystacks, written already (publish/lookups.search_lookup): read in the claims table's order
        with conn:
            conn.execute(f"INSERT INTO [{FIND_TABLE}] (rowid, words) SELECT c.rowid, s.haystack FROM claims c "
                         "JOIN lookup_search s ON s.claim_id = c.claim_id ORDER BY c.rowid")
        return
    text = search_text(tables)
    rowids = dict(conn.execute("SELECT claim_id, rowid FROM claims"))
    with conn:
        conn.executemany(f"INSERT INTO [{FIND_TABLE}] (rowid, words) VALUES (?, ?)",
                         zip(tables["claims"]["claim_id"].map(rowids).tolist(), text.tolist()))


def write_page_indexes(conn) -> None:
    """Index the columns a claim page looks rows up by (PAGE_INDEXES, and claim_id in every table that has it
    other than claims), where the table and column exist."""
    names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    keyed = [(n, "claim_id") for n in names if n != "claims" and "_fts" not in n and n != FIND_TABLE
             and "claim_id" in {row[1] for row in conn.execute(f"PRAGMA table_info([{n}])")}]
    for table, column in sorted(set(PAGE_INDEXES) | set(keyed)):
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}
        if column in columns:
            conn.execute(f"CREATE INDEX IF NOT EXISTS [idx_{table}_{column}] ON [{table}] ([{column}])")
