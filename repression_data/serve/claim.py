"""What a claim page shows, read in one trip to the database, and how its figures are worded.

``gather(conn, claim_id, schema)`` reads on the plugin's own connection (``plugin.reader``):
every lookup is by an indexed column (``publish/finding.py`` makes the indexes), so a
page reads a few rows, never every claim. ``schema(conn)`` lists once which tables and
views exist and which tables carry a ``claim_id`` (the database is immutable: the
plugin keeps it for the life of the server).

``figure``, ``plain`` and ``cell`` word numbers for readers: 681,692 (never 681692.0),
years and pages as they are printed (1999, never 1999.0 or 1,999), computed values
rounded (20.4807).
"""

from __future__ import annotations

import math
from datetime import date

from repression_data.words import number, period_label

SKIP = {"claims", "source_citations", "quantity_members", "relation_verdicts"}
# Columns whose numbers are names or places, not amounts: written without separators.
PLAIN_COLUMNS = {"year", "page", "page_low", "page_high", "first_page", "last_page", "line", "text_lines", "rowid", "claim_rowid"}


def figure(value) -> str:
    """An amount as a reader writes it: 681,692; 7,000,000; 20.4807; '' for none."""
    return number(value)


def plain(value) -> str:
    """A year, page or line as printed: 1999, 591; '' for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell(column: str, value):
    """How a table cell shows a number (None when it is not a number, so Datasette shows it as usual)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if column in PLAIN_COLUMNS or column.endswith(("_year", "_id", "_page")):
        return plain(value)
    if isinstance(value, int) and abs(value) < 10_000:
        return None  # small whole numbers (counts of claims, texts) as Datasette shows them
    return figure(value)


def _rows(conn, sql: str, params) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def schema(conn) -> dict:
    """{'names': tables and views, 'keyed': tables other than SKIP with a claim_id column} (listed once per server)."""
    found = [(t, n) for t, n in conn.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
    names = {n for _, n in found}
    keyed = []
    for kind, name in found:
        if kind != "table" or name in SKIP or "_fts" in name or name.startswith("sqlite_") or name == "claims_find":
            continue
        if "claim_id" in {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}:
            keyed.append(name)
    return {"names": names, "keyed": keyed}


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


def gather(conn, claim_id: str, known: dict) -> dict:
    """Everything the claim page template needs about ``claim_id`` ({} if there is no such claim)."""
    claim = _rows(conn, "SELECT * FROM claims_cited WHERE claim_id = ?", [claim_id])
    if not claim:
        return {}
    names = known["names"]
    relations = []
    if "relation_verdicts" in names:
        relations = _rows(conn, "SELECT * FROM relation_verdicts WHERE ';' || claim_ids || ';' LIKE '%;' || ? || ';%' ORDER BY relation_id", [claim_id])
    quantity, figures = None, []
    if "quantity_figures" in names:
        owners = _rows(conn, "SELECT quantity_id, 'same' AS scope, NULL AS scope_reason FROM claims WHERE claim_id = ? AND quantity_id IS NOT NULL "
                             "UNION ALL SELECT quantity_id, scope, reason FROM quantity_members WHERE claim_id = ? AND scope = 'different_scope' "
                             "ORDER BY scope DESC", [claim_id, claim_id])
        if owners:
            found = _rows(conn, "SELECT * FROM quantities WHERE quantity_id = ?", [owners[0]["quantity_id"]])
            if found:
                quantity = found[0]
                quantity.update(scope=owners[0]["scope"], scope_reason=owners[0]["scope_reason"])
                figures = _rows(conn, "SELECT * FROM quantity_figures WHERE quantity_id = ?", [quantity["quantity_id"]])
    more = {}
    for name in known["keyed"]:
        rows = _rows(conn, f'SELECT * FROM "{name}" WHERE claim_id = ?', [claim_id])
        if rows:
            more[name] = rows
    return {"claim": claim[0], "claim_period": _period(claim[0]), "claim_value": number(claim[0]["value"]), "claim_bounds": _bounds(claim[0]),
            "claim_relations": relations, "claim_quantity": quantity, "claim_figures": figures, "claim_more": more}
