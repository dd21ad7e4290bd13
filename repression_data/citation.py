"""Human-readable citations for sources and claims."""

from __future__ import annotations

import pandas as pd

from .loader import load


def cite_source(source: pd.Series) -> str:
    """An author-date reference for one row of the sources table."""
    parts = [f"{source['authors']} ({source['year']})." if pd.notna(source["authors"]) else f"Anonymous (n.d.)."]
    parts.append(f"{source['title']}.")
    if pd.notna(source["container"]):
        parts.append(f"{source['container']}.")
    if pd.notna(source["publisher"]):
        parts.append(f"{source['publisher']}.")
    if pd.notna(source["pages"]):
        parts.append(f"pp. {source['pages']}.")
    if pd.notna(source["doi"]):
        parts.append(f"doi:{source['doi']}")
    elif pd.notna(source["url"]):
        parts.append(source["url"])
    return " ".join(parts)


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
    if pd.notna(claim["page"]):
        place.insert(0, f"p. {claim['page']}")
    place.append(f"line {claim['line']} of {source['text_file']}")
    period = ""
    if pd.notna(claim["period_start"]):
        period = f"{claim['period_start']:%Y-%m-%d} to {claim['period_end']:%Y-%m-%d}" if pd.notna(claim["period_end"]) else f"from {claim['period_start']:%Y-%m-%d}"
    value = "null" if pd.isna(claim["value"]) else f"{claim['value']:g}"
    bounds = ""
    if pd.notna(claim["value_low"]) or pd.notna(claim["value_high"]):
        low = "" if pd.isna(claim["value_low"]) else f"{claim['value_low']:g}"
        high = "" if pd.isna(claim["value_high"]) else f"{claim['value_high']:g}"
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
    if pd.notna(claim["reading_note"]) and claim["reading_note"]:
        rows.append(f"  reading:   {claim['reading_note']}")
    if pd.notna(claim["region_printed"]):
        rows.append(f"  region as printed: {claim['region_printed']}")
    return "\n".join(rows)
