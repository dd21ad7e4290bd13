"""Datasette plugin for the claim page: gathers what a reader needs to see about one claim.

Registered by ``serve.make_datasette``; it acts only on the row page of the
``claims`` table of a database that has the ``claims_cited`` view (built by
``sqlite.py``), and gives the template ``row-repression-data-claims.html``:

- ``claim``: the claim's row of ``claims_cited`` (quote, print, reading, page,
  producer, citation, BibTeX);
- ``claim_relations``: the relations that use it, recomputed and judged;
- ``claim_quantity`` and ``claim_figures``: the quantity it measures (or is
  shown beside) and that quantity's figures side by side;
- ``claim_more``: rows of any other table keyed by ``claim_id`` (readings,
  withdrawn, ...), by table name, when such tables exist.
"""

from __future__ import annotations

from datetime import date

from datasette import hookimpl
from datasette.utils import tilde_decode

from repression_data.words import number, period_label

SKIP = {"claims", "source_citations", "quantity_members"}


async def _rows(db, sql: str, params: list) -> list[dict]:
    result = await db.execute(sql, params)
    return [dict(row) for row in result.rows]


def _bounds(claim: dict) -> str:
    """'at least 24', 'at most 15', '10 to 15', or '' without bounds."""
    low, high = number(claim.get("value_low")), number(claim.get("value_high"))
    if low and high:
        return f"{low} to {high}"
    return f"at least {low}" if low else f"at most {high}" if high else ""


def _period(claim: dict) -> str:
    """'1937-38', '1938', '1935-05-13 to 1935-12-31', or ''."""
    start, end = (date.fromisoformat(str(claim[k])[:10]) if claim.get(k) else None for k in ("period_start", "period_end"))
    return period_label(start, end)


async def claim_context(db, claim_id: str) -> dict:
    claim = await _rows(db, "SELECT * FROM claims_cited WHERE claim_id = ?", [claim_id])
    if not claim:
        return {}
    names = set(await db.table_names()) | set(await db.view_names())
    relations = []
    if "relation_verdicts" in names:
        relations = await _rows(db, "SELECT * FROM relation_verdicts WHERE ';' || claim_ids || ';' LIKE '%;' || ? || ';%' ORDER BY relation_id", [claim_id])
    quantity, figures = None, []
    if "quantity_figures" in names:
        owners = await _rows(db, "SELECT quantity_id, scope, scope_reason FROM quantity_figures WHERE claim_id = ? ORDER BY scope DESC", [claim_id])
        if owners:
            quantity = (await _rows(db, "SELECT * FROM quantities WHERE quantity_id = ?", [owners[0]["quantity_id"]]))[0]
            quantity.update(scope=owners[0]["scope"], scope_reason=owners[0]["scope_reason"])
            figures = await _rows(db, "SELECT * FROM quantity_figures WHERE quantity_id = ?", [quantity["quantity_id"]])
    more = {}
    for name in sorted(await db.table_names()):
        if name in SKIP or "_fts" in name or name.startswith("sqlite_"):
            continue
        columns = await db.table_columns(name)
        if "claim_id" in columns:
            rows = await _rows(db, f'SELECT * FROM "{name}" WHERE claim_id = ?', [claim_id])
            if rows:
                more[name] = rows
    return {"claim": claim[0], "claim_period": _period(claim[0]), "claim_value": number(claim[0]["value"]), "claim_bounds": _bounds(claim[0]),
            "claim_relations": relations, "claim_quantity": quantity, "claim_figures": figures, "claim_more": more}


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    if view_name != "row" or table != "claims" or request is None:
        return {}

    async def inner():
        db = datasette.get_database(database)
        if "claims_cited" not in await db.view_names():
            return {}
        pks = request.url_vars.get("pks", "")
        return await claim_context(db, tilde_decode(pks))

    return inner
