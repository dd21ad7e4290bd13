"""The terminal's lookups, answered from the shipped SQLite database with the standard library.

``show``, ``search``, ``cite``, ``compare`` and ``relations`` of ``repression-data`` read
``repression-data.db`` (``database.connect``) and write through ``references``, the same
wording ``rd.cite`` uses; neither pandas nor pyarrow is imported. They give the same answers
as the pandas functions of the Python API (``shipped.search.search``, ``rd.cite``,
``rd.compare``, ``rd.evaluate_relations``): a test compares them for every claim.

What the database's tables do not hold is written into it at build time
(``publish/lookups.py``): ``lookup_relations`` (every relation recomputed and judged, as
``rd.evaluate_relations`` gives it), ``lookup_compare`` (``rd.compare`` of every quantity) and
``lookup_table_citations`` (``rd.cite`` of every table). Records are dicts of plain values
(dates as 'YYYY-MM-DD' text, a missing value as None).
"""

from __future__ import annotations

import json
import re

from repression_data.shipped import database
from repression_data.shipped.loader import tables
from repression_data.shipped.references import cite_claims, cite_package, describe, iso
from repression_data.words import period_label, search_words

SEARCHED = ["claim_id", "quote", "value_printed", "reading_note", "measure", "category", "attributed_to", "region", "region_printed", "locator"]
RESULT_COLUMNS = ["claim_id", "text", "page", "locator", "value_printed", "value", "value_low", "value_high", "qualifier", "unit",
                  "counts", "measure", "category", "region", "period_start", "period_end", "producer", "quote", "reading_note"]
VERDICTS = ("consistent", "consistent_for_some_readings", "inconsistent", "not_computable")


class SearchError(KeyError):
    """A filter names a term the data do not use; the message lists the terms that exist."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class UnknownIdError(KeyError):
    """An id that names nothing in the data."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


# --- the tables, read once per process --------------------------------------------------------------

_CACHE: dict = {}


def _cached(key: str, make):
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def claims() -> list[dict]:
    """Every claim, in the table's order."""
    return _cached("claims", lambda: database.rows("SELECT * FROM claims ORDER BY rowid"))


def sources() -> dict[str, dict]:
    return _cached("sources", lambda: {s["source_id"]: s for s in database.rows("SELECT * FROM sources ORDER BY rowid")})


def table_names() -> list[str]:
    """The shipped tables (those ``rd.load`` accepts), sorted."""
    return _cached("tables", tables)


def _optional(name: str, sql: str) -> list[dict]:
    return database.rows(sql) if name in table_names() and database.has_table(name) else []


def table_rows(name: str) -> tuple[list[dict], list[str]]:
    """Every row of a shipped table (one ``rd.load`` accepts), in its order, with its columns."""
    if name not in table_names():
        raise UnknownIdError(f"no table {name!r}; the tables are: {', '.join(table_names())}")
    return database.rows(f"SELECT * FROM [{name}] ORDER BY rowid"), database.columns(name)


def claim_ids() -> list[str]:
    return [c["claim_id"] for c in claims()]


# --- ids --------------------------------------------------------------------------------------------

def withdrawal_note(id_: str) -> str | None:
    """What happened to a withdrawn id (typed in any case): its version, reason and replacement; None if it was never withdrawn."""
    for row in _optional("withdrawn", "SELECT * FROM withdrawn ORDER BY rowid"):
        if str(row["id"]).lower() == str(id_).strip().lower():
            replaced = row["replaced_by"] if isinstance(row["replaced_by"], str) and row["replaced_by"] else None
            return (f"{row['id']} was withdrawn in version {row['version']}: {str(row['reason']).rstrip('.')}"
                    + (f"; use {replaced} instead" if replaced else ""))
    return None


def resolve_ids(ids: list[str], known: list[str], what: str = "claim") -> list[str]:
    """The ids as the data spell them, whatever case they are typed in.

    Raises UnknownIdError naming every id that matches nothing (with the nearest ids, or why it was withdrawn).
    """
    import difflib  # only for an id that matches nothing

    by_lower = {str(k).lower(): str(k) for k in known}
    out, missing_ = [], []
    for raw in ids:
        hit = by_lower.get(raw.strip().lower())
        if hit is not None:
            out.append(hit)
            continue
        gone = withdrawal_note(raw)
        if gone:
            missing_.append(f"{raw!r} ({gone})")
            continue
        near = [by_lower[n] for n in difflib.get_close_matches(raw.strip().lower(), list(by_lower), n=3)]
        missing_.append(f"{raw!r}" + (f" (did you mean {', '.join(near)}?)" if near else ""))
    if missing_:
        raise UnknownIdError(f"no {what} with id {', '.join(missing_)}")
    return out


def match_term(value: str | None, allowed, what: str) -> str | None:
    """The term of ``allowed`` that ``value`` names, whatever its case (a space for '_' too); SearchError with the
    nearest terms ("did you mean executions?") and every term if none."""
    if value is None:
        return None
    terms = sorted({str(a) for a in allowed if a is not None})
    typed = value.strip().lower()
    found = [t for t in terms if t.lower() in (typed, typed.replace(" ", "_"))]
    if not found:
        import difflib  # only for a term that matches nothing

        near = difflib.get_close_matches(typed.replace(" ", "_"), [t.lower() for t in terms], n=3, cutoff=0.6)
        spelled = {t.lower(): t for t in terms}
        hint = f" (did you mean {' or '.join(spelled[n] for n in near)}?)" if near else ""
        raise SearchError(f"unknown {what} {value!r}{hint}; the {what}s are: {', '.join(terms)}")
    return found[0]


# --- show and cite ----------------------------------------------------------------------------------

def _claim(claim_id: str) -> dict:
    if "claims" in _CACHE:
        found = [c for c in claims() if c["claim_id"] == claim_id]
    else:  # one row, not the table
        found = database.rows("SELECT * FROM claims WHERE claim_id = ?", (claim_id,))
    if not found:
        raise UnknownIdError(f"no claim with id {claim_id!r}")
    return found[0]


def find_claim_ids(ids: list[str]) -> list[str]:
    """The claim ids as the data spell them, typed in any case; UnknownIdError (as ``resolve_ids``) for those that match nothing."""
    out = []
    for raw in ids:
        found = database.rows("SELECT claim_id FROM claims WHERE claim_id = ? COLLATE NOCASE", (raw.strip(),))
        if len(found) != 1:
            return resolve_ids(ids, claim_ids())  # names every unknown id, with the nearest ones
        out.append(found[0]["claim_id"])
    return out


def show(claim_id: str) -> str:
    """``repression-data show``: the claim in full (``references.describe``)."""
    claim = _claim(claim_id)
    candidates = []
    if claim["reading_basis"] == "undecided":
        candidates = [(r["value"], r["evidence"]) for r in
                      _optional("readings", "SELECT * FROM readings ORDER BY rowid") if r["claim_id"] == claim_id]
    labels = {name: _labels(name) for name in ("measures", "categories", "qualifiers")}
    return describe(claim, sources()[claim["source_id"]], candidates, labels)


def cite(what, style: str = "apa") -> str:
    """The citation of the package (``what`` None), a claim (any case), some claims (a list: one reference or
    BibTeX entry per text) or a table, as ``rd.cite`` gives it.

    Raises UnknownIdError for anything else, ValueError for a style the thing cannot be cited in.
    """
    if what is None:
        return cite_package(style)
    names = {t.lower(): t for t in table_names()}
    if isinstance(what, str) and what.lower() in names:
        if style != "apa":
            raise ValueError(f"a table is cited in apa style only (the texts behind it, with their pages), not {style!r}; cite its claims for bibtex")
        found = database.rows("SELECT citation FROM lookup_table_citations WHERE table_name = ?", (names[what.lower()],))
        return found[0]["citation"] if found else ""
    wanted = [what] if isinstance(what, str) else list(what)
    try:
        ids = find_claim_ids(wanted)
    except UnknownIdError as exc:
        raise UnknownIdError(f"{exc}; nor is it a table ({', '.join(table_names())})") from None
    chosen = [_claim(claim_id) for claim_id in ids]
    return cite_claims([(claim, sources()[claim["source_id"]]) for claim in chosen], style)


def cite_all(whats: list[str], style: str = "apa") -> str:
    """``repression-data cite A B ...``: the claims together (one block per text, at the first claim's place), each table apart."""
    names = {t.lower() for t in table_names()}
    claims_ = [w for w in whats if w.lower() not in names]
    out, done = [], False
    for what in whats:
        if what.lower() in names:
            out.append(cite(what, style))
        elif not done:
            out.append(cite(claims_, style))
            done = True
    return "\n\n".join(out)


def ever_published() -> list[str]:
    """The ids of claims a release published that this build no longer holds (withdrawn): they still have a history."""
    if not database.has_table("lookup_claim_history"):
        return []
    return [r["claim_id"] for r in database.rows("SELECT DISTINCT claim_id FROM lookup_claim_history WHERE change = 'removed'")]


def history(claim_id: str) -> str:
    """``repression-data show ID --history``: every change of every field of the claim across the releases, with the
    version and its reason: the CHANGELOG bullet that names the claim, the corrections table's reason, or a plain
    word that the CHANGELOG does not explain the change (the table lookup_claim_history the build writes)."""
    if not database.has_table("lookup_claim_history"):
        return f"{claim_id}: this database keeps no history of the releases"
    events = database.rows("SELECT * FROM lookup_claim_history WHERE claim_id = ? ORDER BY position", (claim_id,))
    if not events:
        return f"{claim_id}: new in this build; in no release yet"
    lines = [f"{claim_id}: its history across the releases"]
    for event in events:
        if event["change"] == "published":
            what = "first published"
        elif event["change"] == "removed":
            what = "no longer published"
        else:
            what = f"{event['field']}: {event['before'] if event['before'] is not None else '(none)'} -> " \
                   f"{event['after'] if event['after'] is not None else '(none)'}"
        lines.append(f"  {event['version']}: {what}")
        for reason in (event["reason"] or "").splitlines():
            source, said = reason.split(": ", 1) if reason.startswith(("CHANGELOG: ", "corrections: ", "withdrawn: ")) else ("", reason)
            lines.append(f"      why ({source}): {said}" if source else f"      {said}")
    return "\n".join(lines)


# --- search -----------------------------------------------------------------------------------------

def short_source(source: dict) -> str:
    """'Getty and Naumov 1999', 'Reiman 2016', 'Anonymous n.d.': the text as a reader names it."""
    authors = source["authors"] if isinstance(source["authors"], str) else ""
    surnames = [a.split(",")[0].strip() for a in authors.split(";") if a.strip()]
    who = "Anonymous" if not surnames else surnames[0] if len(surnames) == 1 else " and ".join(surnames) if len(surnames) == 2 else f"{surnames[0]} et al."
    return f"{who} {'n.d.' if source['year'] is None else source['year']}"


def _day(value):
    """A date (datetime.date) from a date or its YYYY-MM-DD text; None for none."""
    from datetime import date  # search alone needs it

    return None if value is None else date.fromisoformat(iso(value)[:10])


def counts_label(claim: dict) -> str:
    """What a claim counts, in one line: 'executions of all_persons, USSR, 1937-38'."""
    parts = [f"{claim['measure']} of {claim['category']}", claim["region"],
             period_label(_day(claim["period_start"]), _day(claim["period_end"]))]
    return ", ".join(p for p in parts if isinstance(p, str) and p)


def counts_words(record: dict) -> str:
    """What a claim counts in readers' words, from the vocabularies' labels: 'Executions: all persons, USSR, 1937-38'."""
    measure = _labels("measures").get(record["measure"]) or record["measure"]
    category = _labels("categories").get(record["category"]) or str(record["category"])
    category = category[:1].lower() + category[1:] if category[1:2].islower() else category  # 'All persons' -> 'all persons'; 'NKVD' stays
    period = period_label(_day(record["period_start"]), _day(record["period_end"]))
    return ", ".join(p for p in (f"{measure}: {category}", record["region"], period) if isinstance(p, str) and p)


def term_label(vocabulary: str, term) -> str:
    """A term in readers' words (its label in the vocabulary table), the term itself when it has none."""
    return "" if term is None else _labels(vocabulary).get(term) or str(term)


def _producer_names() -> dict[str, str]:
    """The producers table's name of each producer_id (a claim's producer where it carries one; else the text's attribution)."""
    return _cached("producer names", lambda: {p["producer_id"]: p.get("name", p["producer_id"])
                                              for p in _optional("producers", "SELECT * FROM producers")})


def _labels(vocabulary: str) -> dict[str, str]:
    return _cached(f"labels:{vocabulary}", lambda: {r["term"]: r["label"] for r in
                                                    _optional(vocabulary, f"SELECT term, label FROM [{vocabulary}]")
                                                    if "label" in r})


def _text(value) -> str:
    return "" if value is None else str(value)


def _haystack(claim: dict, producer) -> str:
    parts = [_text(claim[c]) for c in SEARCHED if c in claim]
    parts.append(_text(producer))
    parts.append(_text(_labels("measures").get(claim["measure"])))
    parts.append(_text(_labels("categories").get(claim["category"])))
    value = claim["value"]
    parts.append(str(int(value)) if value is not None and value % 1 == 0 else "")
    parts.append(re.sub(r"(?<=\d),(?=\d{3})", "", _text(claim["value_printed"])))
    return " \x1f ".join(parts).lower()


def _holds(haystack: str, words: list[str]) -> bool:
    return all(word in haystack for word in words)


def _source_ids(source: str) -> set[str]:
    wanted = source.strip().lower()
    names = {sid: {sid.lower(), str(s["claim_prefix"]).lower(), short_source(s).lower()} for sid, s in sources().items()}
    chosen = {sid for sid, aliases in names.items() if wanted in aliases or any(wanted in a for a in aliases)}
    if not chosen:
        raise SearchError(f"unknown source {source!r}; the sources are: {', '.join(sorted(names))}")
    return chosen


def search(text: str = "", *, measure: str | None = None, source: str | None = None, region: str | None = None,
           years: tuple[int, int] | None = None, qualifier: str | None = None, producer: str | None = None) -> list[dict]:
    """Claims holding every word of ``text`` that pass every filter: records with RESULT_COLUMNS, best first.

    As ``shipped.search.search`` (its docstring says how words, filters and order work); ``years``
    (first, last) keeps the claims whose period overlaps those years. Raises SearchError for a
    measure, source, region or qualifier the data do not use.
    """
    words = search_words(text)
    searched = bool(words) and database.has_table("lookup_search")
    if searched:  # the words found by SQLite in the haystacks the build stored: only the claims that hold them are read
        holds = " AND ".join("instr(s.haystack, ?) > 0" for _ in words)
        keep = database.rows(f"SELECT c.* FROM claims c JOIN lookup_search s ON s.claim_id = c.claim_id WHERE {holds} ORDER BY c.rowid",
                             tuple(words))
    else:
        keep = list(claims())

    def every(column: str) -> list:
        return [r[column] for r in database.rows(f"SELECT DISTINCT [{column}] FROM claims")]

    if measure is not None:
        term = match_term(measure, every("measure"), "measure")
        keep = [c for c in keep if c["measure"] == term]
    if qualifier is not None:
        term = match_term(qualifier, every("qualifier"), "qualifier")
        keep = [c for c in keep if c["qualifier"] == term]
    if region is not None:
        known = {r for r in every("region") if r is not None}
        wanted = region.strip().lower()
        if wanted in {k.lower() for k in known}:
            term = match_term(region, known, "region")
            keep = [c for c in keep if c["region"] == term]
        else:
            hit = {c["claim_id"] for c in database.rows("SELECT claim_id, region_printed FROM claims")
                   if wanted in _text(c["region_printed"]).lower()}
            if not hit:
                match_term(region, known, "region")  # raises, with the nearest regions
            keep = [c for c in keep if c["claim_id"] in hit]
    if source is not None:
        chosen = _source_ids(source)
        keep = [c for c in keep if c["source_id"] in chosen]
    if years is not None:
        first, last = f"{int(years[0]):04d}-01-01", f"{int(years[1]):04d}-12-31"
        keep = [c for c in keep if c["period_start"] is not None and iso(c["period_start"]) <= last
                and iso(c["period_end"] if c["period_end"] is not None else c["period_start"]) >= first]
    named = _producer_names()
    producers = {c["claim_id"]: named.get(c.get("producer_id")) if named.get(c.get("producer_id")) is not None else c["attributed_to"]
                 for c in keep}
    if producer is not None:
        wanted = producer.strip().lower()
        keep = [c for c in keep if wanted in _text(producers[c["claim_id"]]).lower() or _text(c.get("producer_id")).lower() == wanted]
    phrase: dict[str, float] = {}
    if words:
        if not searched:  # a database without lookup_search: the haystacks made here
            keep = [c for c in keep if _holds(_haystack(c, producers[c["claim_id"]]), words)]
        whole = " ".join(text.lower().split())
        for c in keep:
            quote = str(c["quote"]).lower()
            phrase[c["claim_id"]] = (len(whole) / max(len(quote), 1)) if whole in quote else 0.0
    keep.sort(key=lambda c: (-phrase.get(c["claim_id"], 0.0), c["source_id"], c["line"], c["claim_id"]))
    texts = {sid: short_source(s) for sid, s in sources().items()}
    out = []
    for c in keep:
        extra = {"text": texts[c["source_id"]], "counts": counts_label(c), "producer": producers[c["claim_id"]]}
        out.append({column: extra[column] if column in extra else c[column] for column in RESULT_COLUMNS})
    return out


# --- compare and relations --------------------------------------------------------------------------

def quantities() -> list[dict]:
    """The quantities table, in its order."""
    return database.rows("SELECT * FROM quantities ORDER BY rowid")


def compare(quantity_id: str) -> list[dict]:
    """``rd.compare(quantity_id)`` as the build stored it: one record per figure."""
    if not database.has_table("lookup_compare"):
        raise SearchError("this database holds no comparisons (lookup_compare): it was built from tables rd.compare cannot read")
    return [json.loads(r["record"]) for r in
            database.rows("SELECT record FROM lookup_compare WHERE quantity_id = ? ORDER BY position", (quantity_id,))]


def relations(verdicts: list[str] | None = None, theme: str | None = None, source: str | None = None,
              claim: str | None = None) -> tuple[list[dict], list[str]]:
    """The relations recomputed and judged (``rd.evaluate_relations``), filtered; with the columns of a record.

    Raises SearchError for a verdict, theme or source the data do not use, UnknownIdError for an unknown claim.
    """
    stored = database.rows("SELECT * FROM lookup_relations ORDER BY position")
    records = [json.loads(r["record"]) for r in stored]
    columns = list(records[0]) if records else []
    keep = [r for r in records if r["relation_id"] is not None]
    if verdicts:
        every = sorted({r["verdict"] for r in records if r["verdict"] is not None} | set(VERDICTS))
        chosen = {match_term(v, every, "verdict") for v in verdicts}
        keep = [r for r in keep if r["verdict"] in chosen]
    if theme:
        term = match_term(theme, [r["theme"] for r in records], "theme")
        keep = [r for r in keep if r["theme"] == term]
    if source:
        wanted = source.strip().lower()
        ids = {sid for sid, s in sources().items() if wanted in sid.lower() or wanted == str(s["claim_prefix"]).lower()}
        if not ids:
            raise SearchError(f"unknown source {source!r}; the sources are: {', '.join(sorted(sources()))}")
        keep = [r for r in keep if r["source_id"] in ids]
    if claim:
        (claim_id,) = resolve_ids([claim], claim_ids())
        keep = [r for r in keep if claim_id in (r["claim_ids"] or "").split(";")]
    return keep, columns
