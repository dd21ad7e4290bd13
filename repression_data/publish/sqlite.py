"""The shipped tables as one SQLite database, for readers who use SQL, Datasette or a desktop tool.

``write_database(tables, folder)`` writes ``repression-data.db`` beside the
Parquet and CSV files: every table of the build, typed, with its primary key
and the foreign keys of the catalogue (``catalog.py``); a full-text index
(FTS5, Porter stemming) over the quotes, reading notes and other notes; and
tables and views for reading:

- ``source_citations`` and the view ``claim_citations``: each claim's citation
  (APA and BibTeX), as ``rd.cite`` gives it;
- ``relation_verdicts``: every relation recomputed and judged, as ``rd.evaluate_relations`` gives it;
- view ``claims_cited``: claims with their source's citation and their producer
  (the ``producers`` table's name and kind where the claims carry ``producer_id``;
  else the text's attribution, ``attributed_to``);
- view ``quantity_figures``: every figure of every quantity side by side
  (the ``same`` figures, then those of a different scope with the reason);
- view ``slips``: the relations the texts' own figures do not bear out
  (verdict inconsistent or contradiction), grouped by who slipped
  (``slip_kind`` and its label: the author's arithmetic, a producer's slip
  relayed, a print or OCR defect, a disagreement between producers, a
  discrepancy the data explain).
- the tables the terminal's lookups read without pandas (``lookup_*``, ``publish/lookups.py``).

The tables, keys, full-text indexes and views are made with sqlite-utils and
the rows inserted in the tables' order; the file is built under a temporary
name and renamed into place, so the same tables give the same bytes with the
same SQLite library. Nothing here is hand-edited.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from repression_data.engine.relations import evaluate
from repression_data.files import sha256_of
from repression_data.publish.catalog import tables as catalogue
from repression_data.publish.finding import FIND_TABLE, write_find_index, write_page_indexes
from repression_data.publish.lookups import LOOKUP_TABLES, lookup_tables
from repression_data.shipped.citation import bibtex_parts, cite_source

DATABASE_NAME = "repression-data"
DATABASE_FILE = f"{DATABASE_NAME}.db"
FTS_TOKENIZE = "porter"
# Text columns of claims a reader searches: what is printed and said about it.
CLAIM_SEARCH_COLUMNS = ["quote", "reading_note"]
# In other tables, text columns whose names say they are prose.
PROSE_SUFFIXES = ("quote", "note", "notes", "reason", "description", "label", "title")
SLIP_VERDICTS = ("inconsistent", "contradiction")  # engine.relations.SLIP_VERDICTS: the verdicts that need a slip_kind
EXTRA_TABLES = {
    "source_citations": "Each text's APA 7 reference and its BibTeX fields (lookup_claim_citations holds each claim's citation).",
    "relation_verdicts": "Every relation recomputed and judged, as rd.evaluate_relations gives it.",
}


def sql_type(dtype) -> type:
    """The SQLite column type (as sqlite-utils names it) of a pandas dtype."""
    kind = str(dtype)
    if kind in ("bool", "boolean") or kind.lower().startswith("int"):
        return int
    if kind.startswith("float"):
        return float
    return str


def rows(frame: pd.DataFrame, chunk: int = 100_000):
    """The rows as tuples of plain Python values (None for missing, dates as YYYY-MM-DD), a chunk at a time."""
    for start in range(0, len(frame), chunk):
        part = frame.iloc[start:start + chunk]
        columns = []
        for name in part.columns:
            series = part[name]
            if str(series.dtype).startswith("datetime"):
                series = series.dt.strftime("%Y-%m-%d")
            columns.append(series.astype(object).where(series.notna(), None).tolist())
        yield from zip(*columns)


def _insert(db, name: str, frame: pd.DataFrame) -> None:
    """Insert every row of ``frame`` into the table sqlite-utils created (executemany: fast at a million rows)."""
    names = ", ".join(f"[{c}]" for c in frame.columns)
    with db.conn:
        db.conn.executemany(f"INSERT INTO [{name}] ({names}) VALUES ({', '.join('?' * len(frame.columns))})", rows(frame))


def _creation_order(tables: dict[str, pd.DataFrame], keys: dict[str, list]) -> list[str]:
    """Referenced tables before the tables that refer to them (alphabetical otherwise)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        for _, other, _ in keys.get(name, []):
            if other != name and other in tables:
                visit(other)
        order.append(name)

    for name in sorted(tables):
        visit(name)
    return order


def foreign_keys(tables: dict[str, pd.DataFrame]) -> dict[str, list[tuple[str, str, str]]]:
    """The catalogue's single-column foreign keys whose both ends exist in ``tables``."""

    out: dict[str, list[tuple[str, str, str]]] = {}
    for info in catalogue():
        if info.name not in tables:
            continue
        for fields, other, other_fields in info.foreign_keys:
            if len(fields) == 1 and other in tables and fields[0] in tables[info.name].columns and other_fields[0] in tables[other].columns:
                out.setdefault(info.name, []).append((fields[0], other, other_fields[0]))
    return out


def primary_keys(tables: dict[str, pd.DataFrame]) -> dict[str, list[str]]:

    return {info.name: info.primary_key for info in catalogue() if info.name in tables}


def source_citations(sources: pd.DataFrame) -> pd.DataFrame:
    """Each text's part of a claim's citation (``citation.cite_source`` and ``citation.bibtex_parts``);
    the view ``claim_citations`` adds the claim's page, place and id."""

    rows = []
    for _, source in sources.iterrows():
        entry, head, tail = bibtex_parts(source)
        rows.append({"source_id": source["source_id"], "citation": cite_source(source), "bibtex_entry": entry,
                     "bibtex_head": ",\n".join(head), "bibtex_tail": "".join(",\n" + line for line in tail)})
    return pd.DataFrame(rows, columns=["source_id", "citation", "bibtex_entry", "bibtex_head", "bibtex_tail"])


def claim_citations_sql() -> str:
    """The view of each claim's citation, APA and BibTeX, as ``rd.cite`` writes them: read from the table
    ``lookup_claim_citations`` the build fills (``publish/lookups.py``; a test checks every claim)."""
    return "SELECT claim_id, citation, bibtex FROM lookup_claim_citations"


def reading_tables(tables: dict[str, pd.DataFrame]) -> dict[str, tuple[pd.DataFrame, list[str], list[tuple[str, str, str]]]]:
    """The tables computed for readers: (frame, primary key, foreign keys) by name."""
    out = {}
    if "claims" in tables and "sources" in tables:
        out["source_citations"] = (source_citations(tables["sources"]), ["source_id"], [("source_id", "sources", "source_id")])
    if "relations" in tables and "claims" in tables:
        verdicts = evaluate(tables["relations"], tables["claims"], tables.get("readings"), tables.get("order_words"))
        out["relation_verdicts"] = (verdicts, ["relation_id"], [("relation_id", "relations", "relation_id")])
    return out


def _search_columns(name: str, frame: pd.DataFrame) -> list[str]:
    if name == "claims":
        return [c for c in CLAIM_SEARCH_COLUMNS if c in frame.columns]
    text = [c for c in frame.columns if sql_type(frame[c].dtype) is str]
    return [c for c in text if c.endswith(PROSE_SUFFIXES)]


def views(db) -> dict[str, str]:
    """The views for readers, written against the columns that exist (tables other work adds are used when present)."""
    claims = set(db["claims"].columns_dict)
    producer = "c.attributed_to AS producer"
    joins = ""
    if "producer_id" in claims and db["producers"].exists():
        producers = set(db["producers"].columns_dict)
        name = "p.name" if "name" in producers else "p.producer_id"
        producer = f"COALESCE({name}, c.attributed_to) AS producer"
        if "kind" in producers:
            producer += ", p.kind AS producer_kind"
        joins = " LEFT JOIN producers p ON p.producer_id = c.producer_id"
    source_name = "COALESCE(s.authors, 'Anonymous') || ' (' || COALESCE(CAST(s.year AS TEXT), 'n.d.') || ')'"
    out = {
        "claim_citations": claim_citations_sql(),
        "claims_cited": (
            f"SELECT c.*, c.rowid AS claim_rowid, {source_name} AS source, s.title AS source_title, {producer}, cc.citation AS citation, cc.bibtex AS bibtex "
            # An inner join (every claim has a citation): SQLite then reads one claim's citation, not every claim's.
            f"FROM claims c JOIN sources s ON s.source_id = c.source_id JOIN claim_citations cc ON cc.claim_id = c.claim_id{joins}"
        ),
        "quantity_figures": (
            "SELECT q.quantity_id, q.label, q.agreement, f.scope, f.scope_reason, c.claim_id, c.value_printed, c.value, c.value_low, "
            "c.value_high, c.qualifier, c.measure, c.period_start, c.period_end, c.producer, c.source, c.page, c.locator, c.citation, c.quote "
            "FROM quantities q JOIN ("
            "SELECT quantity_id, claim_id, 'same' AS scope, NULL AS scope_reason FROM claims WHERE quantity_id IS NOT NULL "
            "UNION ALL SELECT quantity_id, claim_id, scope, reason FROM quantity_members WHERE scope = 'different_scope'"
            ") f ON f.quantity_id = q.quantity_id JOIN claims_cited c ON c.claim_id = f.claim_id "
            "ORDER BY q.quantity_id, f.scope DESC, c.value"
        ),
        "slips": (
            "SELECT v.*" + (", k.label AS slip_kind_label" if db["slip_kinds"].exists() else "") + " FROM relation_verdicts v "
            + ("LEFT JOIN slip_kinds k ON k.term = v.slip_kind " if db["slip_kinds"].exists() else "")
            + "WHERE v.verdict IN (" + ", ".join(f"'{v}'" for v in SLIP_VERDICTS) + ") ORDER BY v.slip_kind, v.relation_id"
        ),
    }
    return out


def build_database(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Write every table, the reading tables, the full-text indexes and the views into a new database at ``path``.

    Raises FileExistsError if ``path`` exists (nothing is overwritten).
    """
    import sqlite_utils

    if path.exists():
        raise FileExistsError(f"{path} exists; the database is written only into a new file")
    fks = foreign_keys(tables)
    pks = primary_keys(tables)
    everything: dict[str, tuple] = {
        name: (frame, pks.get(name) or [], fks.get(name, [])) for name, frame in tables.items()
    }
    everything.update(reading_tables(tables))
    everything.update(lookup_tables(tables))  # the terminal's lookups (publish/lookups.py)
    db = sqlite_utils.Database(str(path))
    # A new file, renamed into place only when complete and checked by its sha256: no journal, no waiting for the disk.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    order = _creation_order({n: v[0] for n, v in everything.items()}, {n: v[2] for n, v in everything.items()})
    searched: dict[str, list[str]] = {}
    for name in order:
        frame, pk, keys = everything.pop(name)
        if callable(frame):  # a lookup table made now, written, and let go before the next (publish/lookups.py)
            frame = frame()
        columns = {column: sql_type(frame[column].dtype) for column in frame.columns}
        pk_arg = (pk[0] if len(pk) == 1 else tuple(pk)) if pk else None
        db[name].create(columns, pk=pk_arg, foreign_keys=keys, not_null=set(pk))
        _insert(db, name, frame)
        searched[name] = _search_columns(name, frame)
        del frame
    for name in order:
        if searched[name]:
            db[name].enable_fts(searched[name], tokenize=FTS_TOKENIZE, create_triggers=False)
    if "claims" in tables:
        write_find_index(db.conn, tables)
    write_page_indexes(db.conn)
    if "claims" in tables and "sources" in tables:
        for name, sql in views(db).items():
            if name == "quantity_figures" and not ("quantities" in tables and "quantity_members" in tables):
                continue
            if name == "slips" and "relation_verdicts" not in order:
                continue
            db.create_view(name, sql)
    problems = [f"{table} row {rowid} -> {parent}" for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()]
    if problems:
        db.close()
        path.unlink()
        raise ValueError(f"{path.name}: foreign keys that point nowhere: {'; '.join(problems[:5])}")
    db.close()


def write_database(tables: dict[str, pd.DataFrame], folder: Path) -> dict:
    """Build ``folder/repression-data.db``; return its manifest entry (path, sha256, bytes, tables, views)."""
    import sqlite3


    target = folder / DATABASE_FILE
    partial = folder / f".{DATABASE_FILE}.partial"
    if partial.exists():
        partial.unlink()
    build_database(tables, partial)
    os.replace(partial, target)
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as conn:
        names = conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name").fetchall()
    conn.close()
    return {
        "path": target.name, "sha256": sha256_of(target), "bytes": target.stat().st_size, "sqlite_version": sqlite3.sqlite_version,
        "tables": [n for t, n in names if t == "table" and not n.startswith(("sqlite_", FIND_TABLE)) and "_fts" not in n],
        "full_text": sorted({n.split("_fts")[0] for t, n in names if t == "table" and n.endswith("_fts")}),
        "search_index": FIND_TABLE if any(n == FIND_TABLE for _, n in names) else None,
        "views": [n for t, n in names if t == "view"],
    }


def describe(entry: dict) -> dict:
    """The database as datapackage.json describes it (a property beside the CSV resources)."""
    return {
        "name": DATABASE_NAME, "path": entry["path"], "format": "sqlite", "mediatype": "application/vnd.sqlite3",
        "hash": f"sha256:{entry['sha256']}", "bytes": entry["bytes"],
        "description": ("Every table above in one SQLite database, with the same primary and foreign keys, a full-text index "
                        f"(FTS5) over {', '.join(entry['full_text'])}"
                        + (f", a trigram index {entry['search_index']} over what `repression-data search` reads (the browser's search box)"
                           if entry.get("search_index") else "")
                        + ", the reading tables "
                        + "; ".join(f"{k}: {v}" for k, v in EXTRA_TABLES.items())
                        + f"; the tables the terminal's lookups read ({', '.join(LOOKUP_TABLES)})"
                        + f"; and the views {', '.join(entry['views'])}. Open it with Datasette (`repression-data serve`), "
                        "DB Browser for SQLite, or any SQLite client."),
        "tables": entry["tables"], "views": entry["views"], "fullText": entry["full_text"],
    }
