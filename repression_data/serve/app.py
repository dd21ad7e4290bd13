"""Browse the data in a web browser: Datasette over the shipped SQLite database.

``repression-data serve`` (or ``make serve``) starts Datasette on
http://127.0.0.1:8001/repression-data with

- the database opened immutable: nothing a visitor does can change it;
- SQL queries stopped after a time limit (1 s by default);
- the metadata of the catalogue: the package's title, description, licence
  and sources; every table's and column's description;
- facets (measure, source, region, qualifier, producer or its kind),
  full-text search over quotes and notes, and canned queries (the figures of
  one quantity, the texts' slips, the claims of one producer);
- a page for each claim at /repression-data/claims/<claim_id> showing its
  quote, print and reading, page, producer, the relations and the quantity it
  belongs to, and a "cite this claim" block (``plugin.py`` and
  ``templates/row-repression-data-claims.html``).

Datasette is an optional extra (``serve``): the error for a missing Datasette gives the command that
installs it for how the package was obtained (``metadata.install_hint``).
"""

from __future__ import annotations

import copy
import html
import ipaddress
import json
import sqlite3
import sys
from pathlib import Path

from repression_data import metadata as package_metadata
from repression_data.paths import processed_dir
from repression_data.publish.catalog import tables as catalogue
from repression_data.publish.finding import FIND_TABLE
from repression_data.publish.sqlite import DATABASE_FILE, DATABASE_NAME, EXTRA_TABLES
from repression_data.shipped.search import short_source

TEMPLATES = Path(__file__).resolve().parent / "templates"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_TIME_LIMIT_MS = 1000
DATASETTE_ERROR_HANDLER = "datasette.handle_exception"
MAX_ROWS = 1000  # rows per page of any table or query (the _size=max of Datasette)
MAX_CSV_MB = 20  # a streamed CSV stops there


def install_hint() -> str:
    """What to run when Datasette is missing, for a clone or a release's wheel alike."""
    return f"Datasette is not installed: {package_metadata.install_hint('serve')}"

VIEW_DESCRIPTIONS = {
    "claims_cited": "Every claim with its source's citation and its producer: the table to browse, facet and search.",
    "quantity_figures": "The figures of every quantity side by side: the same thing counted by different texts or producers, "
                        "then figures of a different scope with the reason they differ.",
    "slips": "The texts' slips and contradictions: relations between a text's own figures that its printed numbers do not bear out, with who slipped (slip_kind: facet on it).",
}
EXTRA_COLUMNS = {
    "source": "The text, as author and year.", "source_title": "The text's title.",
    "producer": "Who produced the figure: the producers table's name where there is one, else the text's attribution.",
    "producer_kind": "The kind of producer (archival report, commission, historian's estimate, ...).",
    "citation": "How to cite the claim: the text, page and place, the claim id and the package version (APA).",
    "bibtex": "The same citation as a BibTeX entry.", "claim_rowid": "The claim's row in the claims table (joins the full-text index).", "scope": "same: the quantity itself; different_scope: shown beside it.",
    "scope_reason": "Why a figure of a different scope differs.", "claim_ids": "The claims the relation uses, separated by ';'.",
    "formula": "The arithmetic recomputed.", "stated_value": "The value the text states.",
    "stated_qualifier": "The stated value's qualifier.", "computed_value": "The value recomputed from the operands.",
    "verdict": "consistent, inconsistent or not_computable.", "gap": "computed - stated.",
    "tolerance": "The rounding allowed.", "reason": "Why the relation could not be computed, or what it found.",
}


def database_path() -> Path:
    """The shipped SQLite file; FileNotFoundError (saying what to run) when it is missing."""
    path = processed_dir() / DATABASE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no database at {path}: run 'repression-data build' first")
    return path


def _names(path: Path) -> dict[str, set[str]]:
    """Every table and view of the database with its columns."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        found = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        out = {n: {row[1] for row in conn.execute(f'PRAGMA table_info("{n}")')} for n in found}
    conn.close()
    return out


def _producer_facets(columns: set[str], kind: str, name: str) -> list[str]:
    return [kind] if kind in columns else [name] if name in columns else []


def datasette_metadata(path: Path) -> dict:
    """Datasette's metadata, generated from the catalogue: titles, descriptions, licence, sources, facets, canned queries."""

    names = _names(path)
    infos = {info.name: info for info in catalogue()}
    column_text = {c: col.description or "" for info in infos.values() for c, col in info.schema.columns.items()}
    tables: dict[str, dict] = {}
    for name, columns in sorted(names.items()):
        if "_fts" in name or name.startswith(("sqlite_", FIND_TABLE)):
            continue
        info = infos.get(name)
        entry: dict = {"title": info.title if info else name.replace("_", " ").capitalize(),
                       "description": info.description if info else VIEW_DESCRIPTIONS.get(name) or EXTRA_TABLES.get(name, ""),
                       "columns": {}}
        for column in sorted(columns):
            described = (info.schema.columns[column].description if info and column in info.schema.columns else None) \
                or EXTRA_COLUMNS.get(column) or column_text.get(column)
            if described:
                entry["columns"][column] = described
        tables[name] = entry
    claims = names.get("claims", set())
    tables["claims"].update({
        "facets": ["measure", "source_id", "region", "qualifier", *_producer_facets(claims, "producer_id", "attributed_to")],
        "sort": "claim_id", "label_column": "claim_id",
    })
    # The claims' search box searches what the terminal's search does (publish/finding.py), on the table and the view.
    search = FIND_TABLE if FIND_TABLE in names else "claims_fts" if "claims_fts" in names else None
    if search:
        tables["claims"].update({"fts_table": search, "fts_pk": "rowid"})
    if "claims_cited" in names:
        tables["claims_cited"]["facets"] = ["measure", "source", "region", "qualifier", *_producer_facets(names["claims_cited"], "producer_kind", "producer")]
        if search and "claim_rowid" in names["claims_cited"]:
            tables["claims_cited"].update({"fts_table": search, "fts_pk": "claim_rowid"})
    if "relation_verdicts" in names:  # who slipped, as a facet (the canned query 'slips' lists them grouped by kind)
        tables["relation_verdicts"]["facets"] = ["verdict", "check_class", "slip_kind", "source_id"]
    for name, label in (("sources", "title"), ("quantities", "label"), ("measures", "label"), ("categories", "label"), ("units", "label"), ("qualifiers", "label")):
        if name in tables and label in names[name]:
            tables[name]["label_column"] = label
    producer_match = "producer LIKE '%' || :producer || '%'" + (" OR producer_id = :producer" if "producer_id" in names.get("claims_cited", set()) else "")
    queries = {
        "figures_for_quantity": {
            "title": "Figures for one quantity",
            "description": "Every figure the texts give for one quantity (e.g. executions-ussr-1937-38), side by side with its citation and producer.",
            "sql": "SELECT * FROM quantity_figures WHERE quantity_id = :quantity_id",
        },
        "slips": {"title": "The texts' slips", "description": VIEW_DESCRIPTIONS["slips"], "sql": "SELECT * FROM slips"},
        "claims_of_producer": {
            "title": "Claims of one producer",
            "description": "The claims credited to a producer (any part of its name: NKVD, Shvernik, Khlevniuk, ...).",
            "sql": "SELECT claim_id, value_printed, value, qualifier, measure, category, region, period_start, period_end, producer, "
                   f"source, page, locator, quote FROM claims_cited WHERE {producer_match} ORDER BY claim_id",
        },
    }
    sources = "; ".join(sorted({f"{s}" for s in _source_names(path)}))
    return {
        "title": package_metadata.TITLE, "description": package_metadata.DESCRIPTION,
        "description_html": f'{html.escape(package_metadata.DESCRIPTION)} <a id="check-link" href="/-/check">Check a sentence</a>: '
                            "put any figure about the terror to every producer.",
        "license": package_metadata.LICENSE, "license_url": LICENSE_URL, "source": sources,
        "about": f"repression-data {package_metadata.VERSION}",
        "databases": {DATABASE_NAME: {
            "title": package_metadata.TITLE, "description": "Every shipped table, the reading views and a full-text index. "
            "Open a claim at /repression-data/claims/<claim_id>; search claims_cited or claims by words.",
            "license": package_metadata.LICENSE, "license_url": LICENSE_URL, "source": sources,
            "tables": tables, "queries": queries,
        }},
    }


def _source_names(path: Path) -> list[str]:
    """The texts as a reader names them ('Getty and Naumov 1999', the year as a year), from the database's sources table."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        sources = conn.execute("SELECT authors, year FROM sources ORDER BY source_id").fetchall()
    conn.close()
    return [short_source({"authors": authors, "year": None if year is None else int(year)}) for authors, year in sources]


def make_datasette(path: Path | None = None, time_limit_ms: int = DEFAULT_TIME_LIMIT_MS):
    """A Datasette instance over the database, immutable, with our metadata, template and claim-page plugin.

    Raises ImportError (with install_hint()) without Datasette, FileNotFoundError without a database.
    """
    try:
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ImportError as exc:
        raise ImportError(install_hint()) from exc
    from repression_data.serve import check_page, plugin

    path = Path(path) if path else database_path()
    if not pm.is_registered(plugin):
        pm.register(plugin, name="repression_data_claim_page")
    # Datasette's own error handler prints the `rich` hook's traceback with local variables for every error,
    # a client's included: ours (plugin.handle_exception) answers every error instead.
    if not pm.is_blocked(DATASETTE_ERROR_HANDLER):
        pm.set_blocked(DATASETTE_ERROR_HANDLER)
    if not pm.is_registered(check_page):
        pm.register(check_page, name="repression_data_check_page")
    settings = {"sql_time_limit_ms": int(time_limit_ms), "facet_time_limit_ms": min(200, int(time_limit_ms)), "default_page_size": 50,
                "max_returned_rows": MAX_ROWS, "max_csv_mb": MAX_CSV_MB, "allow_facet": True, "suggest_facets": False}
    class _Datasette(Datasette):
        def _connected_databases(self):  # /-/databases.json: everything but the path on this machine
            return [{k: v for k, v in d.items() if k != "path"} for d in super()._connected_databases()]

        if hasattr(Datasette, "_table_permission_allows"):
            # Datasette deep-copies the whole metadata for every permission check (three per page); ours never
            # changes while the server runs, so each table's answer is worked out once.
            def _table_permission_allows(self, database, table):
                cache = self.__dict__.setdefault("_allows_cache", {})
                if (database, table) not in cache:
                    cache[(database, table)] = super()._table_permission_allows(database, table)
                return copy.deepcopy(cache[(database, table)])

    datasette = _Datasette(immutables=[str(path)], metadata=datasette_metadata(path), template_dir=str(TEMPLATES), settings=settings)
    hide_paths(datasette)
    return datasette


def hide_paths(datasette) -> None:
    """No page or JSON names where the database lies on this machine: /-/databases.json without "path"
    (``_Datasette`` in ``make_datasette``), and Datasette's own list of attached databases (PRAGMA database_list, refused on every connection) empty:
    the database is immutable and attaches nothing."""
    async def no_attached():
        return []

    for db in datasette.databases.values():
        db.attached_databases = no_attached



def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str = "127.0.0.1", port: int = 8001, time_limit_ms: int = DEFAULT_TIME_LIMIT_MS, path: Path | None = None) -> int:
    """Run Datasette until interrupted; 2 when Datasette is missing."""
    try:
        import uvicorn

        datasette = make_datasette(path, time_limit_ms)
    except ImportError:
        print(install_hint(), file=sys.stderr)
        return 2
    import socket

    try:  # say so plainly, before announcing an address that will not answer
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.bind((host, port))
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port} ({exc.strerror or exc}); is another server using the port? Try --port", file=sys.stderr)
        return 1
    if not is_loopback(host):
        print(f"warning: listening on {host}: anyone who can reach this machine can browse the data (read-only)", file=sys.stderr)
    print(f"repression-data {package_metadata.VERSION}: open http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/{DATABASE_NAME} "
          f"(a claim: /{DATABASE_NAME}/claims/<claim_id>); Ctrl-C stops", flush=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
    return 0


def dump_metadata(path: Path | None = None) -> str:
    """The metadata as JSON, for `datasette serve --metadata` outside this command."""
    return json.dumps(datasette_metadata(Path(path) if path else database_path()), indent=2, ensure_ascii=False)
