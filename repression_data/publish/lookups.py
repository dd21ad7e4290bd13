"""What the terminal's lookups need and the tables do not hold, computed at build time for the database.

``shipped/lookups.py`` answers ``show``, ``search``, ``cite``, ``compare`` and ``relations`` from
the shipped SQLite database without pandas; the answers that need the engine (pandas) are
computed here, once, and stored beside the tables (``sqlite.build_database`` writes them):

- ``lookup_relations``: every relation recomputed and judged, as ``rd.evaluate_relations`` gives
  it (the readings of undecided claims included), one JSON record per relation with its verdict,
  theme, source and claims as columns to filter by;
- ``lookup_compare``: ``rd.compare`` of every quantity, one JSON record per figure;
- ``lookup_table_citations``: ``rd.cite`` of every table (the texts behind it with their pages).

A record holds plain values as the terminal's ``--format json`` prints them: dates as
'YYYY-MM-DD', a missing value as null. These tables are for the lookups; they are not
part of the published data (``datapackage.json`` does not list them as resources).
"""

from __future__ import annotations

import json
import re

import pandas as pd

from repression_data import metadata
from repression_data.engine.quantities import SideBySide
from repression_data.publish.claim_history import claim_history
from repression_data.engine.relations import evaluate
from repression_data.engine.restatements import root_claims
from repression_data.shipped.citation import cite_table
from repression_data.shipped.search import _haystack, producer_names
from repression_data.shipped.references import SourceCitation, bibtex_escape, bibtex_key, where

LOOKUP_TABLES = {
    "lookup_relations": "Every relation recomputed and judged (rd.evaluate_relations), for the terminal's lookups.",
    "lookup_compare": "Every figure of every quantity side by side (rd.compare), for the terminal's lookups.",
    "lookup_table_citations": "The texts behind each table with their pages (rd.cite of a table), for the terminal's lookups.",
    "lookup_claim_citations": ("Each claim's citation as rd.cite gives it: the text's APA 7 reference, the in-text citation with the page, "
                               "where the figure is, the whole APA block and the BibTeX entry (the view claim_citations reads it)."),
    "lookup_search": "Each claim's lower-cased searchable text (quote, print, note, terms and labels, producer, place), for search.",
    "lookup_claim_history": ("Every change of every field of every claim across the releases kept in data/history and this build, "
                             "with the version and its reason, one source a line: the CHANGELOG bullet that names the claim's id "
                             "(by itself or in a range), the corrections table's reason, the withdrawal's, or that the CHANGELOG "
                             "does not explain the change (show ID --history; the claim page)."),
}


def json_records(frame: pd.DataFrame) -> list[str]:
    """Each row as compact JSON: dates as YYYY-MM-DD, missing values as null, numpy scalars as plain numbers."""
    plain = frame.copy()
    for column in plain.columns:
        if str(plain[column].dtype).startswith("datetime"):
            plain[column] = plain[column].dt.strftime("%Y-%m-%d")
    records = plain.astype(object).where(plain.notna(), None).to_dict(orient="records")
    out = []
    for record in records:
        for key, value in record.items():
            if hasattr(value, "item"):
                record[key] = value.item()
        out.append(json.dumps(record, ensure_ascii=False))
    return out


def relation_lookup(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    verdicts = evaluate(tables["relations"], tables["claims"], tables.get("readings"), tables.get("order_words"))
    return pd.DataFrame({
        "relation_id": verdicts["relation_id"].astype(object), "position": range(len(verdicts)),
        "verdict": verdicts["verdict"].astype(object), "theme": verdicts["theme"].astype(object),
        "source_id": verdicts["source_id"].astype(object), "claim_ids": verdicts["claim_ids"].astype(object),
        "record": json_records(verdicts),
    })


def compared_claims(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims ``rd.compare`` reads for some quantity, in the claims table's order: those of a quantity, those its members
    list, and those a restatement roots to or from (their roots). Every other claim changes no comparison."""
    claims = tables["claims"]
    wanted = set(tables["quantity_members"]["claim_id"].dropna())
    for claim_id, roots in root_claims(tables.get("restatements")).items():
        wanted |= {claim_id, *roots}
    return claims[claims["quantity_id"].notna() | claims["claim_id"].isin(wanted)]


def compare_lookup(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    parts = []
    sides = SideBySide(compared_claims(tables), tables["sources"], tables["quantities"], tables["quantity_members"],
                       tables.get("producers"), tables.get("measures"), tables.get("restatements"))  # what they share, once
    for quantity_id in tables["quantities"]["quantity_id"]:
        side = sides(quantity_id)
        parts.append(pd.DataFrame({"quantity_id": quantity_id, "position": range(len(side)), "record": json_records(side)}))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame({"quantity_id": [], "position": [], "record": []})


def table_citation_lookup(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    sources = tables["sources"].set_index("source_id")
    names = sorted(tables)
    memo: dict = {}  # many tables rest on all the claims of a text: their places are worked out once
    return pd.DataFrame({"table_name": names, "citation": [cite_table(n, tables[n], tables["claims"], sources, memo) for n in names]})


def _claim_pages(claims: pd.DataFrame) -> list[str]:
    """``references.claim_pages`` of every claim at once: 'p. 470', 'pp. 469-470' or ''."""
    n = len(claims)

    def column(name):
        return claims[name] if name in claims.columns else pd.Series([None] * n, index=claims.index, dtype=object)

    low, high, page = column("page_low"), column("page_high"), column("page")
    ranged = (low.notna() & high.notna()).to_numpy()
    lows = [int(v) if r else None for v, r in zip(low.tolist(), ranged)]
    highs = [int(v) if r else None for v, r in zip(high.tolist(), ranged)]
    pinned = page.notna().to_numpy()
    pages = [int(v) if m else None for v, m in zip(page.tolist(), pinned)]
    out = []
    for r, a, b, p in zip(ranged, lows, highs, pages):
        if not r:
            a = b = p
        out.append("" if a is None else f"p. {a}" if a == b else f"pp. {a}-{b}")
    return out


def claim_citation_lookup(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per claim: reference (APA 7), in_text ('(Getty & Naumov, 1999, p. 591)'), place (pages and locator),
    citation (the whole APA block rd.cite gives) and bibtex; each text's part worked out once, each claim's part
    written a column at a time (the same strings as ``claim_citation_lookup_by_row``, which its tests compare with)."""
    texts = {s["source_id"]: SourceCitation(s) for s in tables["sources"].to_dict(orient="records")}
    claims = tables["claims"]
    ids = claims["claim_id"].tolist()
    cited = [texts[source_id] for source_id in claims["source_id"].tolist()]
    pages = _claim_pages(claims)
    places = [f"{p}, {loc}" if p else loc if type(loc) is str else str(loc) for p, loc in zip(pages, claims["locator"].tolist())]
    in_texts = [f"({t.in_text}, {p})" if p else f"({t.in_text})" for t, p in zip(cited, pages)]
    heads = {id(t): f"@{t.entry}{{{bibtex_key(t.source_id)},\n" + "".join(f + ",\n" for f in t.fields) for t in texts.values()}
    version = metadata.VERSION
    notes = [f"{place} (repression-data claim {claim_id}); repression-data version {version}" for place, claim_id in zip(places, ids)]
    special = re.compile(r"[\\{}&%$#_]")
    notes = [bibtex_escape(note) if special.search(note) else note for note in notes]
    return pd.DataFrame({
        "claim_id": ids,
        "reference": [t.reference for t in cited],
        "in_text": in_texts,
        "place": places,
        "citation": [f"{t.reference}\nIn the text: {i}\nWhere: {place}; repression-data claim {claim_id}, version {version}"
                     for t, i, place, claim_id in zip(cited, in_texts, places, ids)],
        "bibtex": [f"{heads[id(t)]}  note = {{{note}}}\n}}" for t, note in zip(cited, notes)],
    }, columns=["claim_id", "reference", "in_text", "place", "citation", "bibtex"])


def claim_citation_lookup_by_row(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The per-claim way of ``claim_citation_lookup`` (the oracle its tests compare with): one row per claim: reference (APA 7), in_text ('(Getty & Naumov, 1999, p. 591)'), place (pages and locator),
    citation (the whole APA block rd.cite gives) and bibtex; each text's part worked out once."""
    texts = {s["source_id"]: SourceCitation(s) for s in tables["sources"].to_dict(orient="records")}
    wanted = [c for c in ("claim_id", "source_id", "page", "page_low", "page_high", "locator") if c in tables["claims"].columns]
    rows = []
    for claim in tables["claims"][wanted].to_dict(orient="records"):
        text = texts[claim["source_id"]]
        in_text_, where_ = text.apa_lines(claim)
        rows.append((claim["claim_id"], text.reference, in_text_.removeprefix("In the text: "), where(claim),
                     "\n".join([text.reference, in_text_, where_]), text.bibtex([claim])))
    return pd.DataFrame(rows, columns=["claim_id", "reference", "in_text", "place", "citation", "bibtex"])


def search_lookup(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each claim's haystack: the lower-cased text ``search`` looks for words in (``shipped.search._haystack``)."""
    claims = tables["claims"]
    labels = {column: tables[vocabulary].set_index("term")["label"] for column, vocabulary in (("measure", "measures"), ("category", "categories"))
              if vocabulary in tables and "label" in tables[vocabulary].columns}
    haystack = _haystack(claims, producer_names(claims, tables.get("producers")), labels)
    return pd.DataFrame({"claim_id": claims["claim_id"].astype(object), "haystack": haystack.astype(object)})


def lookup_tables(tables: dict[str, pd.DataFrame]) -> dict[str, tuple]:
    """The lookup tables by name: (frame, primary key, foreign keys), for those the build's tables allow.

    The tables of one row per claim are given as a function that makes the frame: the database makes each when
    it writes it and lets it go before the next (a million claims' citations and haystacks are never all held at once).
    """
    out: dict[str, tuple] = {}
    if "claims" not in tables or "sources" not in tables:
        return out
    if not set(tables["claims"]["source_id"].dropna()) <= set(tables["sources"]["source_id"]):
        return out  # a claim names no text: the database's foreign-key check refuses the build, saying which
    if "relations" in tables:
        out["lookup_relations"] = (relation_lookup(tables), [], [])
    if "quantities" in tables and "quantity_members" in tables:
        try:
            out["lookup_compare"] = (compare_lookup(tables), ["quantity_id", "position"], [])
        except KeyError:  # tables without a column rd.compare needs (a partial producers table): compare then says so
            pass
    out["lookup_table_citations"] = (table_citation_lookup(tables), ["table_name"], [])
    out["lookup_claim_citations"] = (lambda: claim_citation_lookup(tables), ["claim_id"], [("claim_id", "claims", "claim_id")])
    out["lookup_claim_history"] = (lambda: claim_history(tables), ["claim_id", "position"], [])
    out["lookup_search"] = (lambda: search_lookup(tables), ["claim_id"], [("claim_id", "claims", "claim_id")])
    return out
