"""Citations: of the package (APA, BibTeX, CFF), of a claim, of a table's texts."""

from __future__ import annotations

import pandas as pd

from repression_data import metadata
from repression_data.engine.pages import format_pages
from repression_data.shipped.loader import load, tables
from repression_data.shipped.search import withdrawal_note

REPOSITORY_NOTE = "Data package (CSV and Parquet with a Frictionless datapackage.json)."


def cite_package(style: str = "apa") -> str:
    """The package's citation in APA, BibTeX or CFF."""
    who = "; ".join(a["name"] for a in metadata.AUTHORS)
    if style == "apa":
        return f"{who}. {metadata.TITLE} (Version {metadata.VERSION}) [Data set]."
    if style == "bibtex":
        return (f"@misc{{repression_data_{metadata.VERSION.replace('.', '_')},\n  author = {{{{{who}}}}},\n  title = {{{metadata.TITLE}}},\n"
                f"  version = {{{metadata.VERSION}}},\n  note = {{{REPOSITORY_NOTE}}}\n}}")
    if style == "cff":
        return citation_cff()
    raise ValueError(f"unknown citation style {style!r}: use apa, bibtex or cff")


def citation_cff() -> str:
    """CITATION.cff (Citation File Format 1.2.0), generated: never edited by hand."""
    lines = ["cff-version: 1.2.0", 'message: "If you use these data, please cite them as below, and cite the texts and pages of the figures you use."',
             f'title: "{metadata.TITLE}"', "type: dataset", f'version: "{metadata.VERSION}"', f"date-released: {metadata.RELEASE_DATE}",
             "license:", f"  - {metadata.LICENSE}", f"  - {metadata.CODE_LICENSE}", "authors:"]
    lines += [f'  - name: "{a["name"]}"' for a in metadata.AUTHORS]
    lines.append(f'abstract: "{metadata.DESCRIPTION}"')
    lines.append("keywords:")
    lines += [f'  - "{k}"' for k in metadata.KEYWORDS]
    return "\n".join(lines) + "\n"


def cite(what: str | None = None, style: str = "apa") -> str:
    """``cite()``: the package; ``cite(claim_id)``: the text, page and place of one figure;
    ``cite(table)``: the texts behind a table, with their pages."""
    if what is None:
        return cite_package(style)
    claims = load("claims")
    sources = load("sources").set_index("source_id")
    what = {c.lower(): c for c in claims["claim_id"]}.get(str(what).strip().lower(), what)  # ids in any case
    if what in set(claims["claim_id"]):
        claim = claims[claims["claim_id"] == what].iloc[0]
        return cite_claim(claim, sources.loc[claim["source_id"]], style)
    if what in tables():
        if style != "apa":
            raise ValueError(f"a table is cited in apa style only (the texts behind it, with their pages), not {style!r}; cite its claims for bibtex")
        used = _claims_behind(what, claims)
        out = []
        for source_id, group in used.groupby("source_id", sort=True):
            where = places(group)
            out.append(cite_source(sources.loc[source_id]) + (f" {where}." if where else ""))
        return "\n".join(out)

    gone = withdrawal_note(what)
    if gone:
        raise KeyError(gone)
    raise KeyError(f"{what!r} is neither a claim id nor a table; the tables are: {', '.join(tables())}")


def claim_pages(claim) -> str:
    """'p. 470' when the claim's page is pinned, 'pp. 469-470' when the evidence allows a range, '' without pages."""
    low, high = _bounds(claim)
    return "" if low is None else format_pages(low, high)


def places(group: pd.DataFrame) -> str:
    """Each locator of some claims of one source with its own pages.

    ``group`` is a slice of the claims table (rd.load("claims")); returns e.g.
    'Table 5, p. 588; Chapter 7 text, pp. 250, 251, pp. 279-288' (pinned pages
    listed, each range as 'pp. low-high'; locators ordered by their first
    page), or '' for no claims. Never one span from the lowest to the highest
    page of a whole book.
    """
    parts = []
    for locator, claims in group.groupby("locator", sort=True):
        pinned, ranges = set(), set()
        for _, row in claims.iterrows():
            low, high = _bounds(row)
            if low is None:
                continue
            (pinned.add(low) if low == high else ranges.add((low, high)))
        listed = []
        if pinned:
            listed.append(format_pages(min(pinned), min(pinned)) if len(pinned) == 1 else "pp. " + ", ".join(str(p) for p in sorted(pinned)))
        listed += [format_pages(low, high) for low, high in sorted(ranges)]
        first = min([*pinned, *(low for low, _ in ranges)], default=10**9)
        parts.append((first, locator, ", ".join([locator, *listed])))
    return "; ".join(text for _, _, text in sorted(parts))


def _bounds(claim) -> tuple[int | None, int | None]:
    """(page_low, page_high) of a claim, from page where the range columns are absent."""
    low = claim.get("page_low") if hasattr(claim, "get") else None
    high = claim.get("page_high") if hasattr(claim, "get") else None
    if low is None or pd.isna(low) or high is None or pd.isna(high):
        low = high = claim["page"]
    if low is None or pd.isna(low):
        return None, None
    return int(low), int(high)


def _claims_behind(table: str, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims a table rests on: itself, its claim-id columns, or all claims."""
    frame = load(table)
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
    """One claim's citation, from its row of ``claims`` and its source's row of ``sources``.

    ``apa``: the text, page and place, then the claim id and the package version;
    ``bibtex``: an entry for the text with the page in ``pages`` and the place,
    claim id and version in ``note``. Raises ValueError for another style.
    """
    pages = claim_pages(claim)
    place = ", ".join(([pages] if pages else []) + [claim["locator"]])
    if style == "apa":
        return f"{cite_source(source)} {place}. (repression-data claim {claim['claim_id']}, version {metadata.VERSION})"
    if style != "bibtex":
        raise ValueError(f"unknown citation style {style!r} for a claim: use apa or bibtex")
    entry, head, tail = bibtex_parts(source)
    low, high = _bounds(claim)
    pages = [] if low is None else [f"  pages = {{{low}}}" if low == high else f"  pages = {{{low}--{high}}}"]
    note = f"  note = {{{_bibtex_escape(bibtex_note(claim['locator'], claim['claim_id']))}}}"
    return f"@{entry}{{{bibtex_key(claim['claim_id'])},\n" + ",\n".join(head + pages + tail + [note]) + "\n}"


def bibtex_key(claim_id: str) -> str:
    return claim_id.lower().replace("-", "_")


def bibtex_note(locator: str, claim_id: str) -> str:
    return f"{locator}; repression-data claim {claim_id}, version {metadata.VERSION}"


def bibtex_parts(source: pd.Series) -> tuple[str, list[str], list[str]]:
    """A text's BibTeX entry type and its field lines before and after ``pages``."""
    kind = source["kind"] if pd.notna(source["kind"]) else ""
    entry = "book" if kind == "monograph" else "incollection" if "chapter" in kind else "article" if "article" in kind else "misc"
    container = "journal" if entry == "article" else "booktitle" if entry == "incollection" else "series"
    head = {"author": " and ".join(a.strip() for a in source["authors"].split(";")) if pd.notna(source["authors"]) else None,
            "title": source["title"], "year": None if pd.isna(source["year"]) else str(source["year"]),
            container: source["container"], "publisher": source["publisher"]}
    tail = {"doi": source["doi"], "url": source["url"]}

    def lines(fields):
        return [f"  {k} = {{{_bibtex_escape(v)}}}" for k, v in fields.items() if isinstance(v, str) and v]

    return entry, lines(head), lines(tail)


def _bibtex_escape(text: str) -> str:
    """Escape the characters BibTeX treats specially, in one pass."""
    import re

    return re.sub(r"[\\{}&%$#_]", lambda m: "\\textbackslash{}" if m.group() == "\\" else "\\" + m.group(), text)


def cite_source(source: pd.Series) -> str:
    """An author-date reference for one row of the sources table."""
    parts = [f"{source['authors']} ({source['year']})." if pd.notna(source["authors"]) else "Anonymous (n.d.)."]
    parts.append(f"{source['title']}.")
    if pd.notna(source["container"]):
        parts.append(f"{source['container']}.")
    if pd.notna(source["publisher"]):
        parts.append(f"{source['publisher']}.")
    if pd.notna(source["pages"]) and _both_ends(str(source["pages"])):
        parts.append(f"pp. {source['pages']}.")
    if pd.notna(source["doi"]):
        parts.append(f"doi:{source['doi']}")
    elif pd.notna(source["url"]):
        parts.append(source["url"])
    return " ".join(parts)


def _both_ends(pages: str) -> bool:
    """A page range the registry knows both ends of ('182-192'); never print 'pp. 101-'."""
    ends = pages.replace("–", "-").split("-")
    return len(ends) == 2 and all(end.strip().isdigit() for end in ends)


def describe_claim(claim_id: str) -> str:
    """The claim's figure, what it counts, and where exactly it is printed."""
    claims = load("claims")
    match = claims[claims["claim_id"] == claim_id]
    if match.empty:
        raise KeyError(f"no claim with id {claim_id!r}")
    claim = match.iloc[0]
    sources = load("sources").set_index("source_id")
    source = sources.loc[claim["source_id"]]
    source_row = source.copy()
    place = [claim["locator"]]
    if claim_pages(claim):
        basis = claim.get("page_basis")
        place.insert(0, claim_pages(claim) + (f" ({basis})" if isinstance(basis, str) and basis else ""))
    place.append(f"line {claim['line']} of {source['text_file']}")
    period = ""
    if pd.notna(claim["period_start"]):
        period = f"{claim['period_start']:%Y-%m-%d} to {claim['period_end']:%Y-%m-%d}" if pd.notna(claim["period_end"]) else f"from {claim['period_start']:%Y-%m-%d}"
    value = "null" if pd.isna(claim["value"]) else f"{claim['value']:,.15g}"
    bounds = ""
    if pd.notna(claim["value_low"]) or pd.notna(claim["value_high"]):
        low = "" if pd.isna(claim["value_low"]) else f"{claim['value_low']:,.15g}"
        high = "" if pd.isna(claim["value_high"]) else f"{claim['value_high']:,.15g}"
        bounds = f" [{low} .. {high}]"
    rows = [
        f"{claim['claim_id']}: {claim['measure']} of {claim['category']}, {claim['region']}" + (f", {period}" if period else ""),
        f"  printed:   {claim['value_printed']!r} -> {value} {claim['unit']} ({claim['qualifier']}){bounds}",
        f"  quote:     \"{claim['quote']}\"",
        f"  where:     {', '.join(place)}",
        f"  source:    {cite_source(source_row)}",
        f"  producer:  {claim['attributed_to'] if pd.notna(claim['attributed_to']) else '(the text itself)'}"
        + ("; derived by the text from its other figures" if claim["derived"] else ""),
    ]
    if "reading_basis" in claim.index and pd.notna(claim["reading_basis"]):
        evidence = claim.get("reading_evidence")
        rows.append(f"  read as:   {claim['reading_basis']}" + (f": {evidence}" if isinstance(evidence, str) and evidence else ""))
        if claim["reading_basis"] == "undecided" and "readings" in tables():
            readings = load("readings")
            for r in readings[readings["claim_id"] == claim["claim_id"]].itertuples(index=False):
                rows.append(f"    candidate {r.value:,.0f}: {r.evidence}")
    if pd.notna(claim["reading_note"]) and claim["reading_note"]:
        rows.append(f"  reading:   {claim['reading_note']}")
    if pd.notna(claim["region_printed"]):
        rows.append(f"  region as printed: {claim['region_printed']}")
    return "\n".join(rows)
