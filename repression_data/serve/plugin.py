"""Datasette plugin: the claim page, readable numbers, the claims' search, and the server's bounds.

Registered by ``serve.make_datasette``. Its hooks:

- ``extra_template_vars``: on the row page of ``claims`` (a database with the
  ``claims_cited`` view), what ``claim.gather`` reads through indexed lookups on the
  plugin's own connection (``reader``: no trip to Datasette's SQL threads, so a claim
  page makes as many as plain Datasette's row page), for the template
  ``row-repression-data-claims.html``;
- ``prepare_jinja2_environment``: the filters ``figure`` (681,692) and ``plain``
  (1999, page 591) for templates; ``render_cell``: numbers in tables as a reader
  writes them (``claim.cell``);
- ``prepare_connection`` (run last, so that it wins): the bounds of ``bounds.prepare``
  and the search escaping that the trigram index ``claims_find`` needs;
- ``handle_exception``: a claim id typed in any case is sent to its page; a URL
  that names nothing is a 404 page with a search box and a way back; a client's
  error is a 4xx with one log line; a traceback only for a fault of the server;
- ``extra_body_script``: the column descriptions of a table folded under a
  summary, so that the search box and the rows are on the first screen.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from datasette import Response, hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound
from markupsafe import Markup

from repression_data.publish.sqlite import DATABASE_NAME
from repression_data.serve import bounds
from repression_data.serve.claim import cell, figure, gather, plain, schema

_SCHEMA: dict = {}
FOLD_COLUMNS = """
document.querySelectorAll("dl.column-descriptions").forEach(function (dl) {
  var box = document.createElement("details");
  box.className = "column-descriptions-folded";
  var summary = document.createElement("summary");
  summary.textContent = "What the columns mean";
  box.appendChild(summary);
  dl.parentNode.insertBefore(box, dl);
  box.appendChild(dl);
});
"""


def reader(db) -> tuple[sqlite3.Connection, dict]:
    """A connection of the plugin's own to the (immutable) database, and its tables, views and claim-keyed
    tables, opened and listed once. A claim page's lookups are a few indexed rows (well under a millisecond):
    they run here, on the server's own thread, and cost no trip to Datasette's SQL threads."""
    key = (db.name, db.path)
    if key not in _SCHEMA:
        conn = sqlite3.connect(f"{Path(db.path).resolve().as_uri()}?immutable=1", uri=True, check_same_thread=False)
        bounds.prepare(conn)
        _SCHEMA[key] = (conn, schema(conn))
    return _SCHEMA[key]


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    if view_name != "row" or table != "claims" or request is None:
        return {}

    db = datasette.get_database(database)
    if db.path is None:
        return {}
    conn, names = reader(db)
    if "claims_cited" not in names["names"]:
        return {}
    return gather(conn, tilde_decode(request.url_vars.get("pks", "")), names)


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.filters["figure"] = figure
    env.filters["plain"] = plain
    env.filters["shown"] = lambda value, column: (lambda text: value if text is None else text)(cell(column, value))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column == "claim_id" and table not in (None, "claims") and isinstance(value, str) and value:
        return Markup('<a href="{}">{}</a>').format(datasette.urls.row(database, "claims", value), value)  # views too
    return cell(column, value)


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    bounds.prepare(conn)


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    return FOLD_COLUMNS if view_name == "table" else ""


async def _canonical_claim(datasette, request) -> str | None:
    """The URL of the claim a row URL of ``claims`` names in another case, or None."""
    match = re.fullmatch(r"/([^/]+)/claims/([^/]+?)(\.json)?", request.path)
    if not match or match.group(1) not in datasette.databases:
        return None
    db = datasette.get_database(match.group(1))
    typed = tilde_decode(match.group(2))
    found = await db.execute("SELECT claim_id FROM claims WHERE lower(claim_id) = lower(?) LIMIT 2", [typed.strip()])
    ids = [row[0] for row in found.rows]
    if len(ids) != 1 or ids[0] == typed:
        return None
    url = datasette.urls.row(match.group(1), "claims", ids[0]) + (match.group(3) or "")
    return url + (f"?{request.query_string}" if request.query_string else "")


@hookimpl
def handle_exception(datasette, request, exception):
    async def inner():
        status, message, title = bounds.classify(exception)
        if isinstance(exception, NotFound) and request is not None:
            try:
                url = await _canonical_claim(datasette, request)
            except Exception:  # a failed lookup is still a 404, never a 500
                url = None
            if url:
                return Response.redirect(url, status=302)
        bounds.log(status, request, message, exception)
        info = {"ok": False, "error": message, "status": status, "title": title}
        if request is not None and request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status)
        if getattr(exception, "message_is_html", False):
            info["error"] = Markup(message)  # Datasette's own message (the SQL time limit), escaped by Datasette
        ours = DATABASE_NAME in datasette.databases
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        context = dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: [],
                       home=datasette.urls.database(DATABASE_NAME) if ours else "/",
                       search_in=datasette.urls.table(DATABASE_NAME, "claims_cited") if ours else None)
        return Response.html(await template.render_async(context), status=status)

    return inner


STYLE = """
.facet-info ul.tight-bullets li { word-break: normal; overflow-wrap: break-word; hyphens: manual; }
details.column-descriptions-folded { margin: 0.5em 0 1em; }
details.column-descriptions-folded summary { cursor: pointer; color: #555; }
"""


async def _style(request):
    return Response(STYLE, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})


@hookimpl
def register_routes(datasette):
    return [(r"^/-/repression-data\.css$", _style)]


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    return [datasette.urls.path("/-/repression-data.css")]
