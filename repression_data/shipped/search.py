"""Find claims by their words and filter them, for the terminal (``repression-data search``) and for Python.

``search("shot in 1937-38")`` returns the claims whose quote, print, reading
note, measure, category (term and label), producer (the text's attribution,
and the producers table's name where claims carry ``producer_id``), region as
printed or locator hold every word of the text, case-insensitively. A number
matches with or without its thousands separators ("681692" finds "681,692").
Filters narrow the result: measure, source, region, year (a claim matches
when its period overlaps the year), qualifier and producer. Everything is read
through ``rd.load``; nothing is typed in here.
"""

from __future__ import annotations

import re

import pandas as pd

from repression_data.shipped.loader import load, tables
from repression_data.shipped.lookups import SearchError, UnknownIdError, search_words  # one class each for the terminal and Python
from repression_data.shipped.loader import tables as shipped
from repression_data.words import period_label

SEARCHED = ["claim_id", "quote", "value_printed", "reading_note", "measure", "category", "attributed_to", "region", "region_printed", "locator"]
RESULT_COLUMNS = ["claim_id", "text", "page", "locator", "value_printed", "value", "value_low", "value_high", "qualifier", "unit",
                  "counts", "measure", "category", "region", "period_start", "period_end", "producer", "quote", "reading_note"]


def short_source(source: pd.Series) -> str:
    """'Getty and Naumov 1999', 'Reiman 2016', 'Anonymous n.d.': the text as a reader names it."""
    authors = source["authors"] if isinstance(source["authors"], str) else ""
    surnames = [a.split(",")[0].strip() for a in authors.split(";") if a.strip()]
    who = "Anonymous" if not surnames else surnames[0] if len(surnames) == 1 else " and ".join(surnames) if len(surnames) == 2 else f"{surnames[0]} et al."
    return f"{who} {'n.d.' if pd.isna(source['year']) else source['year']}"


def counts_label(claim) -> str:
    """What a claim counts, in one line: 'executions of all_persons, USSR, 1937-38'."""
    parts = [f"{claim['measure']} of {claim['category']}", claim["region"], period_label(claim["period_start"], claim["period_end"])]
    return ", ".join(p for p in parts if isinstance(p, str) and p)


def producer_names(claims: pd.DataFrame, producers: pd.DataFrame | None) -> pd.Series:
    """Each claim's producer: the producers table's name where claims carry producer_id, else the text's attribution."""
    names = claims["attributed_to"].astype(object)
    if producers is not None and "producer_id" in claims.columns and "producer_id" in producers.columns:
        label = "name" if "name" in producers.columns else "producer_id"
        by_id = claims["producer_id"].map(producers.set_index("producer_id")[label])
        names = by_id.where(by_id.notna(), names)
    return names


def _normalise_number(word: str) -> str:
    return word.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", word) else word


def _haystack(claims: pd.DataFrame, producers: pd.Series, labels: dict[str, pd.Series]) -> pd.Series:
    parts = [claims[c].astype(object).where(claims[c].notna(), "").astype(str) for c in SEARCHED if c in claims.columns]
    parts.append(producers.where(producers.notna(), "").astype(str))
    for column, label in labels.items():
        parts.append(claims[column].map(label).where(lambda s: s.notna(), "").astype(str))
    whole = claims["value"].where(claims["value"].notna() & (claims["value"] % 1 == 0))
    parts.append(whole.map(lambda v: "" if pd.isna(v) else str(int(v))))
    parts.append(claims["value_printed"].astype(str).str.replace(r"(?<=\d),(?=\d{3})", "", regex=True))
    text = parts[0]
    for part in parts[1:]:
        text = text + " \x1f " + part
    return text.str.lower()


def match_term(value: str | None, allowed: pd.Series, what: str) -> str | None:
    """The term of ``allowed`` that ``value`` names, whatever its case; SearchError listing them if none."""
    if value is None:
        return None
    terms = sorted(set(allowed.dropna().astype(str)))
    found = [t for t in terms if t.lower() == value.strip().lower()]
    if not found:
        raise SearchError(f"unknown {what} {value!r}; the {what}s are: {', '.join(terms)}")
    return found[0]


def search(text: str = "", *, measure: str | None = None, source: str | None = None, region: str | None = None,
           year: int | None = None, qualifier: str | None = None, producer: str | None = None, tables: dict | None = None) -> pd.DataFrame:
    """Claims holding every word of ``text`` (all claims for an empty text) that pass every filter given.

    Returns one row per claim (columns RESULT_COLUMNS: id, the text as a
    reader names it, page, locator, print and value with bounds and qualifier,
    what it counts, producer, quote, reading note): those whose quote holds the
    whole text first (the quote of which the text is the largest share
    foremost), then the others in the order of the texts. ``tables`` (name ->
    DataFrame) replaces ``rd.load`` for tests and other data. Raises
    SearchError for a measure, source, region or qualifier the data do not use.
    """

    def table(name):
        if tables is not None:
            return tables.get(name)
        return load(name) if name in shipped() else None

    claims, sources = table("claims"), table("sources")
    producers = producer_names(claims, table("producers"))
    mask = pd.Series(True, index=claims.index)
    if measure is not None:
        mask &= claims["measure"] == match_term(measure, claims["measure"], "measure")
    if qualifier is not None:
        mask &= claims["qualifier"] == match_term(qualifier, claims["qualifier"], "qualifier")
    if region is not None:
        known = claims["region"].dropna().astype(str)
        if region.strip().lower() in set(known.str.lower()):
            mask &= claims["region"] == match_term(region, known, "region")
        else:
            printed = claims["region_printed"].astype(object).where(claims["region_printed"].notna(), "").astype(str).str.lower()
            hit = printed.str.contains(region.strip().lower(), regex=False)
            if not hit.any():
                raise SearchError(f"unknown region {region!r}; the regions are: {', '.join(sorted(set(known)))}")
            mask &= hit
    if source is not None:
        wanted = source.strip().lower()
        names = {s.source_id: {s.source_id.lower(), str(s.claim_prefix).lower(), short_source(pd.Series(s._asdict())).lower()} for s in sources.itertuples(index=False)}
        chosen = {sid for sid, aliases in names.items() if wanted in aliases or any(wanted in a for a in aliases)}
        if not chosen:
            raise SearchError(f"unknown source {source!r}; the sources are: {', '.join(sorted(names))}")
        mask &= claims["source_id"].isin(chosen)
    if year is not None:
        first, last = pd.Timestamp(year=int(year), month=1, day=1), pd.Timestamp(year=int(year), month=12, day=31)
        end = claims["period_end"].where(claims["period_end"].notna(), claims["period_start"])
        mask &= claims["period_start"].notna() & (claims["period_start"] <= last) & (end >= first)
    if producer is not None:
        wanted = producer.strip().lower()
        by_name = producers.where(producers.notna(), "").astype(str).str.lower().str.contains(wanted, regex=False)
        if "producer_id" in claims.columns:
            by_name |= claims["producer_id"].astype(object).where(claims["producer_id"].notna(), "").astype(str).str.lower() == wanted
        mask &= by_name
    words = search_words(text)
    phrase = pd.Series(False, index=claims.index)
    if words:
        labels = {}
        for column, vocabulary in (("measure", "measures"), ("category", "categories")):
            frame = table(vocabulary)
            if frame is not None and "label" in frame.columns:
                labels[column] = frame.set_index("term")["label"]
        haystack = _haystack(claims, producers, labels)
        for word in words:
            mask &= haystack.str.contains(word, regex=False)
        whole = " ".join(text.lower().split())
        quotes = claims["quote"].astype(str).str.lower()
        # The whole text in the quote first, the most focused quote (the text its largest share) foremost.
        phrase = quotes.str.contains(whole, regex=False) * (len(whole) / quotes.str.len().clip(lower=1))
    found = claims[mask].assign(_phrase=phrase[mask], producer=producers[mask])
    found = found.sort_values(["_phrase", "source_id", "line", "claim_id"], ascending=[False, True, True, True])
    by_source = sources.set_index("source_id")
    found["text"] = [short_source(by_source.loc[s]) for s in found["source_id"]]
    found["counts"] = [counts_label(c) for _, c in found.iterrows()]
    return found[RESULT_COLUMNS].reset_index(drop=True)


def withdrawal_note(id_: str) -> str | None:
    """What happened to a withdrawn id (typed in any case): its version, reason and replacement; None if it was never withdrawn."""

    if "withdrawn" not in tables():
        return None
    withdrawn = load("withdrawn")
    match = withdrawn[withdrawn["id"].astype("str").str.lower() == str(id_).strip().lower()]
    if match.empty:
        return None
    row = match.iloc[0]
    replaced = row["replaced_by"] if isinstance(row["replaced_by"], str) and row["replaced_by"] else None
    return f"{row['id']} was withdrawn in version {row['version']}: {str(row['reason']).rstrip('.')}" + (f"; use {replaced} instead" if replaced else "")


def resolve_ids(ids: list[str], known: pd.Series, what: str = "claim") -> list[str]:
    """The ids as the data spell them, whatever case they are typed in.

    Raises KeyError naming every id that matches nothing (with the nearest ids, if any).
    """
    import difflib

    by_lower = {str(k).lower(): str(k) for k in known}
    out, missing = [], []
    for raw in ids:
        hit = by_lower.get(raw.strip().lower())
        if hit is None:
            gone = withdrawal_note(raw)
            if gone:
                missing.append(f"{raw!r} ({gone})")
                continue
            near = [by_lower[n] for n in difflib.get_close_matches(raw.strip().lower(), list(by_lower), n=3)]
            missing.append(f"{raw!r}" + (f" (did you mean {', '.join(near)}?)" if near else ""))
        else:
            out.append(hit)
    if missing:
        raise UnknownIdError(f"no {what} with id {', '.join(missing)}")
    return out
