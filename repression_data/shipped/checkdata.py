"""What the sentence check needs from the shipped SQLite database, read with the standard library only.

No pandas, no pyarrow (issue 24): ``CheckData.load()`` reads the check_words,
measures, categories, quantities, quantity_members, claims, producers and
sources tables of data/processed/repression-data.db (or the installed
package's copy) with sqlite3, once per process. Roots and agreement are read by
column name where the tables have them (a ``root`` column of claims or
producers); otherwise a producer's root is the end of its ``derived_from`` chain.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from repression_data.shipped.loader import data_root

DB_NAME = "repression-data.db"


def _rows(db: sqlite3.Connection, sql: str) -> list[dict]:
    cur = db.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


@dataclass
class CheckData:
    """The shipped tables the check reads, as plain dicts."""

    words: list[dict]
    measure_kind: dict[str, str]
    labels: dict[tuple[str, str], str]  # (vocabulary, term) -> label
    quantities: dict[str, dict]
    claims: dict[str, dict]
    members: dict[tuple[str, str], str]  # (quantity_id, claim_id) -> scope
    of_quantity: dict[str, list[str]] = field(default_factory=dict)  # quantity_id -> claim ids (own and members)
    roles: dict[str, str] = field(default_factory=dict)  # producer kind -> count | estimate | claim

    @classmethod
    def load(cls, path: Path | str | None = None) -> "CheckData":
        """Read the database at ``path`` (default: the shipped one). Raises FileNotFoundError naming it."""
        path = Path(path) if path is not None else database_path()
        if not path.is_file():
            raise FileNotFoundError(f"the shipped database {path} is missing: run 'make reproduce' in a checkout, or reinstall the package")
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
            if "check_words" not in tables:
                raise FileNotFoundError(f"the database {path} has no check_words table: it was built by an older version; run 'make reproduce'")
            words = _rows(db, "SELECT * FROM check_words ORDER BY kind, phrase")
            for w in words:
                for key in ("period_start", "period_end"):
                    if w.get(key):
                        w[key] = str(w[key])[:10]
            measures = _rows(db, "SELECT * FROM measures")
            labels = {("measures", m["term"]): m["label"] for m in measures}
            labels.update({("categories", c["term"]): c["label"] for c in _rows(db, "SELECT term, label FROM categories")})
            quantities = {q["quantity_id"]: q for q in _rows(db, "SELECT * FROM quantities ORDER BY quantity_id")}
            producers = {p["producer_id"]: p for p in _rows(db, "SELECT * FROM producers")}
            root_of_producer = _roots(producers, _root_column(_columns(db, "producers")))
            claim_root = _root_column(_columns(db, "claims"))
            claims = {}
            for c in _rows(db, "SELECT c.*, s.authors AS source_authors, s.year AS source_year FROM claims c JOIN sources s USING (source_id) "
                               "WHERE c.unit IN ('persons', 'percent') ORDER BY c.claim_id"):
                producer = producers.get(c["producer_id"] or "")
                c["producer_kind"] = producer["kind"] if producer else None
                c["producer_name"] = producer["name"] if producer else c.get("attributed_to")
                c["root"] = (c.get(claim_root) if claim_root else None) or root_of_producer.get(c["producer_id"] or "")
                for key in ("period_start", "period_end"):
                    if c.get(key):
                        c[key] = str(c[key])[:10]
                claims[c["claim_id"]] = c
            members = {(m["quantity_id"], m["claim_id"]): m["scope"] for m in _rows(db, "SELECT * FROM quantity_members")}
        finally:
            db.close()
        of_quantity: dict[str, list[str]] = {q: [] for q in quantities}
        for cid, c in claims.items():
            if c.get("quantity_id") in of_quantity:
                of_quantity[c["quantity_id"]].append(cid)
        for (qid, cid), scope in sorted(members.items()):
            if qid in of_quantity and cid in claims and cid not in of_quantity[qid] and scope != "excluded":
                of_quantity[qid].append(cid)
        roles = {w["phrase"]: w["term"] for w in words if w["kind"] == "producer_kind"}
        return cls(words, {m["term"]: m["figure_kind"] for m in measures}, labels, quantities, claims, members, of_quantity, roles)

    def role(self, claim: dict) -> str:
        """count, estimate or claim: whether the claim's producer counted (its figure decides a verdict)."""
        return self.roles.get(claim.get("producer_kind") or "", "claim")

    def scope(self, quantity_id: str | None, claim_id: str) -> str:
        if quantity_id is None:
            return "same"
        return self.members.get((quantity_id, claim_id), "same")

    def is_plan(self, claim: dict, quantity_id: str | None = None) -> bool:
        """A limit or plan: its measure is of figure kind plan, or the quantity shows it as a plan."""
        return self.measure_kind.get(claim.get("measure") or "") == "plan" or \
            self.scope(quantity_id or claim.get("quantity_id"), claim["claim_id"]) in ("plan", "plan_presented_as_outcome")

    def label(self, vocabulary: str, term: str | None) -> str:
        return self.labels.get((vocabulary, term or ""), term or "")


ROOT_COLUMNS = ("root", "root_producer_id", "root_id")  # the names a shipped table may give a producer's root


def _root_column(columns: set[str]) -> str | None:
    return next((c for c in ROOT_COLUMNS if c in columns), None)


def _roots(producers: dict[str, dict], column: str | None) -> dict[str, str]:
    """Each producer's root: the table's own root column where it has one, else the end of its derived_from chain."""
    out = {}
    for pid, p in producers.items():
        if column and p.get(column):
            out[pid] = p[column]
            continue
        seen, current = set(), pid
        while producers.get(current, {}).get("derived_from") and current not in seen:
            seen.add(current)
            current = producers[current]["derived_from"]
        out[pid] = current
    return out


def database_path() -> Path:
    """The shipped SQLite database: in the installed package, or data/processed of a checkout."""
    return Path(str(data_root().joinpath(DB_NAME)))


_CACHE: dict[str, CheckData] = {}


def check_data(path: Path | str | None = None) -> CheckData:
    """CheckData of the database at ``path`` (default: the shipped one), read once per process."""
    key = str(Path(path) if path is not None else database_path())
    if key not in _CACHE:
        _CACHE[key] = CheckData.load(key)
    return _CACHE[key]
