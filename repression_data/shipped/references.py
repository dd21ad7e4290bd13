"""Citations and a claim's description, written from plain rows: the one place their wording lives.

Every function takes rows as mappings (a dict from the shipped database, or a pandas row turned
into one by ``plain``): a missing value is ``None`` (NaN, NA and NaT count as missing too), dates
are ``datetime.date``/``Timestamp`` or ``'YYYY-MM-DD'`` text. No pandas here: the terminal's
lookups and ``rd.cite`` both write through these functions, so they cannot drift apart.
"""

from __future__ import annotations

import re

from repression_data import metadata
from repression_data.words import format_pages, missing

REPOSITORY_NOTE = "Data package (CSV and Parquet with a Frictionless datapackage.json)."


def plain(row) -> dict:
    """A row (dict or pandas Series) as a dict whose missing values are None."""
    items = row.items() if hasattr(row, "items") else row
    return {key: (None if missing(value) else value) for key, value in items}


def _given(row, key):
    value = row.get(key) if hasattr(row, "get") else None
    return None if missing(value) else value


def iso(value) -> str:
    """'1937-08-05' from a date, a Timestamp or that text."""
    return value if isinstance(value, str) else f"{value:%Y-%m-%d}"


def bounds(claim) -> tuple[int | None, int | None]:
    """(page_low, page_high) of a claim, from page where the range columns are absent."""
    low, high = _given(claim, "page_low"), _given(claim, "page_high")
    if low is None or high is None:
        low = high = _given(claim, "page")
    if low is None:
        return None, None
    return int(low), int(high)


def claim_pages(claim) -> str:
    """'p. 470' when the claim's page is pinned, 'pp. 469-470' when the evidence allows a range, '' without pages."""
    low, high = bounds(claim)
    return "" if low is None else format_pages(low, high)


def both_ends(pages: str) -> bool:
    """A page range the registry knows both ends of ('182-192'); never print 'pp. 101-'."""
    ends = pages.replace("–", "-").split("-")
    return len(ends) == 2 and all(end.strip().isdigit() for end in ends)


def _initials(given: str) -> str:
    """'J. Arch' -> 'J. A.'; 'Oleg V.' -> 'O. V.'; 'Jean-Paul' -> 'J.-P.' (APA 7 gives initials, not given names)."""
    out = []
    for name in given.split():
        parts = [p for p in name.split("-") if p]
        out.append("-".join(f"{p[0]}." for p in parts))
    return " ".join(out)


def _people(source) -> list[tuple[str, str]]:
    """(surname, initials) of each author ('Surname, Given' separated by ';' in the sources table)."""
    authors = _given(source, "authors")
    if authors is None:
        return []
    out = []
    for author in (a.strip() for a in authors.split(";") if a.strip()):
        surname, _, given = author.partition(",")
        out.append((surname.strip(), _initials(given.strip())))
    return out


def apa_authors(source) -> str:
    """'Getty, J. A., & Naumov, O. V.'; 'Reiman, M.'; '' without authors (APA 7: up to 20 names, '&' before the last)."""
    names = [f"{surname}, {initials}" if initials else surname for surname, initials in _people(source)]
    if len(names) <= 1:
        return "".join(names)
    if len(names) > 20:
        names = names[:19] + ["... " + names[-1]]
        return ", ".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _sentence(text: str) -> str:
    """The text ending in a full stop (none added after '.', '?' or '!')."""
    text = str(text).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def publisher_name(source) -> str | None:
    """The publisher without its place ('Yale University Press, New Haven and London' -> 'Yale University Press'):
    APA 7 leaves the place out; the sources table gives the place after the first comma."""
    publisher = _given(source, "publisher")
    return None if publisher is None else str(publisher).split(",")[0].strip()


def _year(source) -> str:
    year = _given(source, "year")
    return "n.d." if year is None else str(year)


def cite_source(source) -> str:
    """The APA 7 reference of one row of the sources table, by its kind (monograph, book chapter, article, web page).

    'Getty, J. A., & Naumov, O. V. (1999). The Road to Terror: ... Yale University Press.' Titles are kept as the
    sources table prints them; a DOI is given as https://doi.org/...; a text without an author begins with its title.
    """
    kind = _given(source, "kind") or ""
    authors = apa_authors(source)
    title = _sentence(source["title"])
    parts = [f"{authors} ({_year(source)}).", title] if authors else [title, f"({_year(source)})."]
    container, publisher, pages = _given(source, "container"), publisher_name(source), _given(source, "pages")
    pages = str(pages) if pages is not None and both_ends(str(pages)) else None
    if kind == "monograph":
        parts += [_sentence(publisher)] if publisher else []
    elif "chapter" in kind:
        if container:
            parts.append(f"In {container}" + (f" (pp. {pages})." if pages else "."))
        parts += [_sentence(publisher)] if publisher else []
    else:  # articles, web pages and anything else: the journal or site, with the pages when both ends are known
        if container:
            parts.append(f"{container}, {pages}." if pages else _sentence(container))
    if _given(source, "doi") is not None:
        parts.append(f"https://doi.org/{source['doi']}")
    elif _given(source, "url") is not None:
        parts.append(str(source["url"]))
    return " ".join(parts)


def in_text(source, pages: str = "") -> str:
    """The APA 7 parenthetical citation: '(Getty & Naumov, 1999, p. 591)'; three or more authors as 'et al.';
    a text without an author by the first words of its title in quotation marks."""
    people = [surname for surname, _ in _people(source)]
    if not people:
        words = str(source["title"]).split()
        who = '"' + " ".join(words[:4]) + ('..."' if len(words) > 4 else '"')
    else:
        who = people[0] if len(people) == 1 else " & ".join(people) if len(people) == 2 else f"{people[0]} et al."
    return f"({who}, {_year(source)}" + (f", {pages}" if pages else "") + ")"


def bibtex_escape(text: str) -> str:
    """Escape the characters BibTeX treats specially, in one pass."""
    return re.sub(r"[\\{}&%$#_]", lambda m: "\\textbackslash{}" if m.group() == "\\" else "\\" + m.group(), text)


def bibtex_parts(source) -> tuple[str, list[str], list[str]]:
    """A text's BibTeX entry type and its field lines before and after ``pages`` (author, title, year, container,
    publisher; doi, url)."""
    kind = _given(source, "kind") or ""
    entry = "book" if kind == "monograph" else "incollection" if "chapter" in kind else "article" if "article" in kind else "misc"
    container = "journal" if entry == "article" else "booktitle" if entry == "incollection" else "series"
    authors, year = _given(source, "authors"), _given(source, "year")
    head = {"author": " and ".join(a.strip() for a in authors.split(";")) if authors is not None else None,
            "title": _given(source, "title"), "year": None if year is None else str(year),
            container: _given(source, "container"), "publisher": _given(source, "publisher")}
    tail = {"doi": _given(source, "doi"), "url": _given(source, "url")}

    def lines(fields):
        return [f"  {k} = {{{bibtex_escape(v)}}}" for k, v in fields.items() if isinstance(v, str) and v]

    return entry, lines(head), lines(tail)


def bibtex_key(source_id: str) -> str:
    """A text's BibTeX key: its source id with underscores ('getty_naumov_1999'), the same for every claim of it."""
    return source_id.lower().replace("-", "_")


def bibtex_note(places: list[str]) -> str:
    """'p. 591, Document 192 (repression-data claim GN-0542); ...; repression-data version 0.2.0'."""
    return "; ".join([*places, f"repression-data version {metadata.VERSION}"])


def where(claim) -> str:
    """Where a figure is: its pages and locator ('p. 591, Document 192')."""
    pages = claim_pages(claim)
    return ", ".join(([pages] if pages else []) + [str(claim["locator"])])


class SourceCitation:
    """What every citation of one text shares, worked out once: its APA 7 reference, the author-date part of its
    in-text citation, and its BibTeX entry type and fields (the build cites a million claims with it)."""

    def __init__(self, source, source_id: str | None = None):
        self.source_id = source_id or source["source_id"]
        self.reference = cite_source(source)
        self.in_text = in_text(source)[1:-1]  # 'Getty & Naumov, 1999'
        self.entry, head, tail = bibtex_parts(source)
        pages = _given(source, "pages")
        own = [f"  pages = {{{str(pages).replace('-', '--')}}}"] if pages is not None and both_ends(str(pages)) else []
        self.fields = head + own + tail

    def apa_lines(self, claim) -> list[str]:
        """'In the text: (Getty & Naumov, 1999, p. 591)' and 'Where: p. 591, Appendix One; repression-data claim ...'."""
        pages = claim_pages(claim)
        return [f"In the text: ({self.in_text}" + (f", {pages})" if pages else ")"),
                f"Where: {where(claim)}; repression-data claim {claim['claim_id']}, version {metadata.VERSION}"]

    def apa(self, claims) -> str:
        return "\n".join([self.reference] + [line for claim in claims for line in self.apa_lines(claim)])

    def bibtex(self, claims) -> str:
        note = bibtex_note([f"{where(c)} (repression-data claim {c['claim_id']})" for c in claims])
        return f"@{self.entry}{{{bibtex_key(self.source_id)},\n" + ",\n".join(self.fields + [f"  note = {{{bibtex_escape(note)}}}"]) + "\n}"


def cite_claims(pairs, style: str = "apa") -> str:
    """The citation of some claims, each given as (claim row, its source's row), one block per text.

    ``apa``: the text's APA 7 reference once, then for each claim the in-text citation with its page
    ('In the text: (Getty & Naumov, 1999, p. 591)') and where the figure is, with the claim id and the
    package version. ``bibtex``: one entry per text however many of its claims are cited (key: the
    source id), the claims' pages, places and ids in ``note``; ``pages`` is the text's own range when
    it is known at both ends (an article). Raises ValueError for another style.
    """
    if style not in ("apa", "bibtex"):
        raise ValueError(f"unknown citation style {style!r} for a claim: use apa or bibtex")
    groups: dict[str, tuple[object, list]] = {}
    for claim, source in pairs:
        groups.setdefault(claim["source_id"], (source, []))[1].append(claim)
    blocks = []
    for source_id, (source, claims) in groups.items():
        text = SourceCitation(source, source_id)
        blocks.append(text.apa(claims) if style == "apa" else text.bibtex(claims))
    return "\n\n".join(blocks)


def cite_claim(claim, source, style: str = "apa") -> str:
    """One claim's citation, from its row of ``claims`` and its source's row of ``sources`` (``cite_claims``)."""
    return cite_claims([(claim, source)], style)


def package_year() -> str:
    """The year of this release (from its release date)."""
    return str(metadata.RELEASE_DATE)[:4]


def cite_package(style: str = "apa") -> str:
    """The package's citation: APA 7 (with its release year), BibTeX (with a year) or CFF.

    The one function the spreadsheets' about sheet, the release bundle and the browser call.
    """
    who = "; ".join(a["name"] for a in metadata.AUTHORS)
    if style == "apa":
        return f"{_sentence(who)} ({package_year()}). {metadata.TITLE} (Version {metadata.VERSION}) [Data set]."
    if style == "bibtex":
        return (f"@misc{{repression_data_{metadata.VERSION.replace('.', '_')},\n  author = {{{{{who}}}}},\n  title = {{{metadata.TITLE}}},\n"
                f"  year = {{{package_year()}}},\n  version = {{{metadata.VERSION}}},\n  note = {{{REPOSITORY_NOTE}}}\n}}")
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


def _number15(value: float) -> str:
    return f"{value:,.15g}"


def describe(claim, source, candidates=(), labels=None) -> str:
    """The claim's figure, what it counts, and where exactly it is printed (``repression-data show``), in readers' words.

    ``claim`` and ``source`` are rows of claims and sources; ``candidates`` the (value, evidence)
    of the readings of an undecided claim; ``labels`` maps a vocabulary ("measures", "categories",
    "qualifiers") to {term: label}: terms are shown by their labels where the vocabulary has one.
    """
    labels = labels or {}

    def word(vocabulary: str, term) -> str:
        return str(labels.get(vocabulary, {}).get(term) or term)

    category = word("categories", claim["category"])
    category = category[:1].lower() + category[1:] if category[1:2].islower() else category
    place = [claim["locator"]]
    pages = claim_pages(claim)
    if pages:
        basis = _given(claim, "page_basis")
        place.insert(0, pages + (f" ({basis})" if isinstance(basis, str) and basis else ""))
    place.append(f"line {claim['line']} of the text copy")
    period = ""
    start, end = _given(claim, "period_start"), _given(claim, "period_end")
    if start is not None:
        period = f"{iso(start)} to {iso(end)}" if end is not None else f"from {iso(start)}"
    low, high = _given(claim, "value_low"), _given(claim, "value_high")
    bounds_ = ""
    if low is not None or high is not None:
        bounds_ = f"[{'' if low is None else _number15(low)} .. {'' if high is None else _number15(high)}]"
    if _given(claim, "value") is None:  # no single value: its bounds, or say so
        value, bounds_ = (bounds_ or "no single value"), ""
    else:
        value = _number15(claim["value"])
        bounds_ = f" {bounds_}" if bounds_ else ""
    attributed = _given(claim, "attributed_to")
    rows = [
        f"{claim['claim_id']}: {word('measures', claim['measure'])}: {category}, {claim['region']}" + (f", {period}" if period else ""),
        f"  printed:   {claim['value_printed']!r} -> {value} {claim['unit']} ({word('qualifiers', claim['qualifier']).lower()}){bounds_}",
        f"  quote:     \"{claim['quote']}\"",
        f"  where:     {', '.join(place)}",
        f"  source:    {cite_source(source)}",
        f"  producer:  {attributed if attributed is not None else '(the text itself)'}"
        + ("; derived by the text from its other figures" if claim["derived"] else ""),
    ]
    basis = _given(claim, "reading_basis")
    if basis is not None:
        evidence = _given(claim, "reading_evidence")
        rows.append(f"  read as:   {str(basis).replace('_', ' ')}" + (f": {evidence}" if isinstance(evidence, str) and evidence else ""))
        if basis == "undecided":
            for value_, evidence_ in candidates:
                rows.append(f"    candidate {value_:,.0f}: {evidence_}")
    note = _given(claim, "reading_note")
    if note:
        rows.append(f"  reading:   {note}")
    if _given(claim, "region_printed") is not None:
        rows.append(f"  region as printed: {claim['region_printed']}")
    return "\n".join(rows)
