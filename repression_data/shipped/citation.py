"""Citations: of the package (APA, BibTeX, CFF), of a claim, of a table's texts."""

from __future__ import annotations

import pandas as pd

from repression_data.engine.pages import format_pages
from repression_data.shipped.loader import load, tables

# The wording of every citation lives in ``references`` (plain rows, no pandas): the lookups use it too.
from repression_data.shipped.references import (  # re-exported: release, spreadsheet and sqlite use them
    REPOSITORY_NOTE,
    bibtex_key,
    bibtex_note,
    bibtex_parts,
    citation_cff,
    cite_package,
    cite_claims,
    cite_source,
    claim_pages,
    describe,
)
from repression_data.shipped.references import cite_claim as _cite_claim
from repression_data.shipped.search import withdrawal_note

__all__ = ["REPOSITORY_NOTE", "bibtex_key", "bibtex_note", "bibtex_parts", "citation_cff", "cite", "cite_claim", "cite_claims", "cite_package",
           "cite_source", "cite_table", "claim_pages", "describe_claim", "places"]


def cite(what=None, style: str = "apa") -> str:
    """``cite()``: the package; ``cite(claim_id)``: the text, page and place of one figure;
    ``cite([claim_id, ...])``: several figures, one reference (or BibTeX entry) per text;
    ``cite(table)``: the texts behind a table, with their pages."""
    if what is None:
        return cite_package(style)
    claims = load("claims")
    sources = load("sources").set_index("source_id")
    if isinstance(what, (list, tuple)):
        by_lower = {c.lower(): i for i, c in enumerate(claims["claim_id"])}
        unknown = [w for w in what if str(w).strip().lower() not in by_lower]
        if unknown:
            raise KeyError(f"no claim with id {', '.join(repr(w) for w in unknown)}")
        rows = [claims.iloc[by_lower[str(w).strip().lower()]] for w in what]
        return cite_claims([(row, sources.loc[row["source_id"]]) for row in rows], style)
    what = {c.lower(): c for c in claims["claim_id"]}.get(str(what).strip().lower(), what)  # ids in any case
    if what in set(claims["claim_id"]):
        claim = claims[claims["claim_id"] == what].iloc[0]
        return cite_claim(claim, sources.loc[claim["source_id"]], style)
    if what in tables():
        if style != "apa":
            raise ValueError(f"a table is cited in apa style only (the texts behind it, with their pages), not {style!r}; cite its claims for bibtex")
        return cite_table(what, load(what), claims, sources)

    gone = withdrawal_note(what)
    if gone:
        raise KeyError(gone)
    raise KeyError(f"{what!r} is neither a claim id nor a table; the tables are: {', '.join(tables())}")


def places(group: pd.DataFrame) -> str:
    """Each locator of some claims of one source with its own pages.

    ``group`` is a slice of the claims table (rd.load("claims")); returns e.g.
    'Table 5, p. 588; Chapter 7 text, pp. 250, 251, pp. 279-288' (pinned pages
    listed, each range as 'pp. low-high'; locators ordered by their first
    page), or '' for no claims. Never one span from the lowest to the highest
    page of a whole book.
    """
    wanted = [c for c in ("locator", "page", "page_low", "page_high") if c in group.columns]
    if "locator" not in wanted or group.empty:
        return ""
    frame = group[wanted]
    locator = frame["locator"]
    keep = locator.map(lambda v: isinstance(v, str), na_action="ignore").fillna(False).astype(bool)

    def number(column):
        return pd.to_numeric(frame[column]).astype("float64") if column in frame.columns else pd.Series(float("nan"), index=frame.index)

    low, high, page = number("page_low"), number("page_high"), number("page")
    ranged = low.notna() & high.notna()  # as references.bounds: the range where both ends are given, else the page
    low, high = low.where(ranged, page), high.where(ranged, page)
    # one row per locator and span: a million claims are a few hundred spans, read in plain Python
    spans = pd.DataFrame({"locator": locator[keep].astype(object), "low": low[keep], "high": high[keep]}).drop_duplicates()
    by_locator: dict[str, tuple[set, set]] = {where: (set(), set()) for where in spans["locator"].tolist()}
    paged = spans[spans["low"].notna()]
    for where, first, last in zip(paged["locator"].tolist(), paged["low"].astype("int64").tolist(), paged["high"].astype("int64").tolist()):
        pinned, ranges = by_locator[where]
        (pinned.add(first) if first == last else ranges.add((first, last)))
    parts = []
    for where in sorted(by_locator):
        pinned, ranges = by_locator[where]
        listed = []
        if pinned:
            listed.append(format_pages(min(pinned), min(pinned)) if len(pinned) == 1 else "pp. " + ", ".join(str(p) for p in sorted(pinned)))
        listed += [format_pages(first, last) for first, last in sorted(ranges)]
        earliest = min([*pinned, *(first for first, _ in ranges)], default=10**9)
        parts.append((earliest, where, ", ".join([where, *listed])))
    return "; ".join(text for _, _, text in sorted(parts))


def cite_table(name: str, frame: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame, memo: dict | None = None) -> str:
    """The texts behind the table ``name`` (``frame``), each with the pages of its claims the table rests on, one per line.

    ``sources`` is the sources table indexed by source_id. The build stores it for every table (the lookups read it),
    passing one ``memo`` dict for all the tables of one ``claims`` frame: tables that rest on the same claims of a text
    share their places.
    """
    used = _claims_behind(name, frame, claims)
    out = []
    for source_id, group in used.groupby("source_id", sort=True):
        if memo is None or not claims.index.is_unique:
            where = places(group)
        else:  # rows named by their place in this claims frame (its index unique): the same rows, the same places
            key = (id(claims), source_id, len(group), group.index.values.tobytes())
            where = memo[key] if key in memo else memo.setdefault(key, places(group))
        out.append(cite_source(sources.loc[source_id]) + (f" {where}." if where else ""))
    return "\n".join(out)


def _claims_behind(table: str, frame: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims a table rests on: itself, its claim-id columns, or all claims."""
    ids = set()
    for column in frame.columns:
        if column == "claim_id" or column.endswith("_claim_id"):
            ids |= set(frame[column].dropna())
    if "operands" in frame.columns:
        ids |= {c for operands in frame["operands"] for op in operands.split(";") for c in op.split("+") if c != "?"}
    if "quantity_id" in frame.columns and table == "quantities":
        ids |= set(claims.loc[claims["quantity_id"].notna(), "claim_id"])
    if "source_id" in frame.columns and not ids:
        return claims[claims["source_id"].isin(set(frame["source_id"]))]
    return claims[claims["claim_id"].isin(ids)] if ids else claims


def cite_claim(claim: pd.Series, source: pd.Series, style: str = "apa") -> str:
    """One claim's citation, from its row of ``claims`` and its source's row of ``sources`` (``references.cite_claim``)."""
    return _cite_claim(claim, source, style)


def describe_claim(claim_id: str) -> str:
    """The claim's figure, what it counts, and where exactly it is printed (``references.describe``)."""
    claims = load("claims")
    match = claims[claims["claim_id"] == claim_id]
    if match.empty:
        raise KeyError(f"no claim with id {claim_id!r}")
    claim = match.iloc[0]
    source = load("sources").set_index("source_id").loc[claim["source_id"]]
    candidates = []
    if claim.get("reading_basis") == "undecided" and "readings" in tables():
        readings = load("readings")
        candidates = [(r.value, r.evidence) for r in readings[readings["claim_id"] == claim_id].itertuples(index=False)]
    labels = {name: dict(zip(load(name)["term"], load(name)["label"])) for name in ("measures", "categories", "qualifiers") if name in tables()}
    return describe(claim, source, candidates, labels)
