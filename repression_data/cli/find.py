"""Subcommands for finding and reading the data without Python: search, show, compare, cite, relations, serve.

``cli.py`` registers them with ``register(subparsers)``. Each prints an
aligned table for people, or CSV or JSON (``--format``) for scripts; ids and
words are matched without regard to case.
"""

from __future__ import annotations

import argparse
import sys

from repression_data.cli.common import add_format, bounded, cell, command, emit, figure


def cmd_search(args: argparse.Namespace) -> int:
    from repression_data.shipped.search import search

    found = search(" ".join(args.text), measure=args.measure, source=args.source, region=args.region, year=args.year,
                   qualifier=args.qualifier, producer=args.producer)
    if args.limit is not None:
        found = found.head(args.limit)
    columns = [("claim_id", "id"), ("text", "text"), ("page", "page"), ("value_printed", "print"), ("value", "value"), ("counts", "what it counts")]
    emit(found, columns, args.format,
         lambda f: [[r["claim_id"], r["text"], cell(r["page"]), cell(r["value_printed"]), figure(r), r["counts"]] for _, r in f.iterrows()])
    if args.format == "table":
        print(f"{len(found)} claim{'s' if len(found) != 1 else ''} found" + (" (repression-data show ID for one in full)" if len(found) else ""), file=sys.stderr)
    return 0 if len(found) else 1


def cmd_show(args: argparse.Namespace) -> int:
    from repression_data.shipped.citation import describe_claim
    from repression_data.shipped.loader import load
    from repression_data.shipped.search import resolve_ids

    ids = resolve_ids(args.claim_id, load("claims")["claim_id"])
    print("\n\n".join(describe_claim(claim_id) for claim_id in ids))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from repression_data import compare
    from repression_data.shipped.loader import load
    from repression_data.shipped.search import resolve_ids

    quantities = load("quantities")
    if not args.quantity:
        columns = [("quantity_id", "quantity"), ("n_claims", "figures"), ("n_texts", "texts"), ("n_producers", "producers"),
                   ("agreement", "agreement"), ("label", "label")]
        emit(quantities, columns, args.format)
        return 0
    (quantity_id,) = resolve_ids([args.quantity], quantities["quantity_id"], "quantity")
    side = compare(quantity_id)
    row = quantities.set_index("quantity_id").loc[quantity_id]
    if args.format == "table":
        print(f"{quantity_id}: {row['label']} ({row['agreement']})")
    columns = [("scope", "scope"), ("claim_id", "id"), ("value_printed", "print"), ("value", "value"), ("qualifier", "qualifier"),
               ("attributed_to", "producer"), ("citation", "where")]
    emit(side, columns, args.format,
         lambda f: [[r["scope"], r["claim_id"], cell(r["value_printed"]), figure(r), r["qualifier"], cell(r["attributed_to"]) or "(the text itself)",
                     r["citation"] + (f"  [{r['scope_reason']}]" if isinstance(r["scope_reason"], str) else "")] for _, r in f.iterrows()])
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    from repression_data import cite
    from repression_data.shipped.loader import load, tables
    from repression_data.shipped.search import SearchError, UnknownIdError, resolve_ids

    if not args.what:
        print(cite(style=args.style))
        return 0
    claims = load("claims")["claim_id"]
    out = []
    for what in args.what:
        if what.lower() in {t.lower() for t in tables()}:
            try:
                out.append(cite(next(t for t in tables() if t.lower() == what.lower()), style=args.style))
            except ValueError as exc:  # a style a table cannot be cited in
                print(f"error: {exc}", file=sys.stderr)
                return 1
            continue
        try:
            (claim_id,) = resolve_ids([what], claims)
        except UnknownIdError as exc:
            raise UnknownIdError(f"{exc}; nor is it a table ({', '.join(tables())})") from None
        try:
            out.append(cite(claim_id, style=args.style))
        except ValueError as exc:
            raise SearchError(str(exc)) from None
    print("\n\n".join(out))
    return 0


def cmd_relations(args: argparse.Namespace) -> int:
    import pandas as pd

    from repression_data import evaluate_relations
    from repression_data.shipped.loader import load
    from repression_data.shipped.search import SearchError, match_term, resolve_ids

    verdicts = evaluate_relations()
    mask = verdicts["relation_id"].notna()
    if args.verdict:
        every = pd.Series(sorted(set(verdicts["verdict"]) | set(VERDICTS)))  # a verdict no relation has today is still a verdict
        chosen = [match_term(v, every, "verdict") for v in args.verdict]
        mask &= verdicts["verdict"].isin(chosen)
    if args.theme:
        mask &= verdicts["theme"] == match_term(args.theme, verdicts["theme"], "theme")
    if args.source:
        sources = load("sources")
        wanted = args.source.strip().lower()
        ids = {s for s, p in zip(sources["source_id"], sources["claim_prefix"]) if wanted in s.lower() or wanted == str(p).lower()}
        if not ids:
            raise SearchError(f"unknown source {args.source!r}; the sources are: {', '.join(sorted(sources['source_id']))}")
        mask &= verdicts["source_id"].isin(ids)
    if args.claim:
        (claim_id,) = resolve_ids([args.claim], load("claims")["claim_id"])
        mask &= verdicts["claim_ids"].fillna("").str.split(";").map(lambda ids: claim_id in ids)
    found = verdicts[mask].reset_index(drop=True)
    columns = [("relation_id", "id"), ("verdict", "verdict"), ("stated_value", "stated"), ("computed_value", "computed"), ("gap", "gap"),
               ("locator", "where"), ("description", "what the text says")]
    emit(found, columns, args.format)
    if args.format == "table":
        counts = found["verdict"].value_counts().sort_index()
        print(f"{len(found)} relation(s): " + ", ".join(f"{n} {v}" for v, n in counts.items()), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from repression_data.serve.app import serve

    return serve(host=args.host, port=args.port, time_limit_ms=args.time_limit_ms)


VERDICTS = ("consistent", "consistent_for_some_readings", "inconsistent", "not_computable")


def register(sub) -> None:
    """Add the subcommands to the ``repression-data`` parser's subparsers, each with a description and an example."""
    
    s = command(sub, "search", "find claims by words, with filters",
                 "Find claims holding every word of TEXT (any case) in their quote, print, reading note, "
                 "measure, category, producer, region or locator; filters narrow the result. Exit 1 when nothing is found.",
                 'repression-data search "shot in 1937-38" --measure executions')
    s.add_argument("text", nargs="*", help='words to find, e.g. "shot in 1937-38" (none: every claim that passes the filters)')
    s.add_argument("--measure", help="what is counted: executions, arrests, death_sentences, ...")
    s.add_argument("--source", help="the text: its source_id, claim prefix (GN) or author")
    s.add_argument("--region", help="region (USSR, Ukraine, ...) or a name as printed")
    s.add_argument("--year", type=int, help="claims whose period overlaps this year")
    s.add_argument("--qualifier", help="exact, approx, more_than, at_least, less_than, at_most, range, vague")
    s.add_argument("--producer", help="words of the producer the text credits (NKVD, Shvernik, ...)")
    s.add_argument("--limit", type=bounded(1), help="show at most this many (1 or more)")
    add_format(s)
    s.set_defaults(func=cmd_search)

    sh = command(sub, "show", "claims in full: quote, place, reading, producer and citation",
                  "Show one or more claims in full: what each counts, the number as printed and as read (with how it was read), "
                  "the verbatim quote, page, locator and line, the producer and the citation. Ids match in any case; a mistyped "
                  "id gets the ids it most likely means.", "repression-data show GN-0542 rm-0010")
    sh.add_argument("claim_id", nargs="+", help="one or more claim ids, any case (gn-0542 RM-0010)")
    sh.set_defaults(func=cmd_show)

    c = command(sub, "compare", "every figure for one quantity side by side",
                 "Every figure the texts give for one quantity (a measure of a category in a region over a period), side by "
                 "side with its producer, qualifier and citation, then the figures of another scope with how they differ. "
                 "Without QUANTITY: the list of quantities and their agreement.", "repression-data compare executions-ussr-1937-38")
    c.add_argument("quantity", nargs="?", help="a quantity id, e.g. executions-ussr-1937-38")
    add_format(c)
    c.set_defaults(func=cmd_compare)

    ci = command(sub, "cite", "the citation of claims, tables or the package",
                  "The citation of one or more claims (text, page, locator, claim id, version) or tables (the texts behind "
                  "them with their pages); without ID, the package itself.", "repression-data cite GN-0542 --style bibtex")
    ci.add_argument("what", nargs="*", help="claim ids or table names")
    ci.add_argument("--style", choices=("apa", "bibtex", "cff"), default="apa", help="apa (default) or bibtex; cff for the package only")
    ci.set_defaults(func=cmd_cite)

    r = command(sub, "relations", "the texts' arithmetic recomputed and judged",
                 "Every arithmetic relation the texts state between their figures, recomputed and judged: consistent (for "
                 "every or some readings), inconsistent (with the gap) or not computable (with the reason), with its class "
                 "(recomputed, repeated print, weak check).", "repression-data relations --verdict inconsistent")
    r.add_argument("--verdict", action="append", help="only this verdict (repeatable): " + ", ".join(VERDICTS))
    r.add_argument("--theme", help="only this theme")
    r.add_argument("--source", help="only this text (source_id or claim prefix)")
    r.add_argument("--claim", help="only relations that use this claim")
    add_format(r)
    r.set_defaults(func=cmd_relations)

    sv = command(sub, "serve", "browse the data in a web browser (Datasette)",
                  "Serve the SQLite database with Datasette (the optional extra 'serve'; without it, the error says how to install it): a page per claim with "
                  "its quote, reading, page, producer, relations and a cite block; facets, full-text search, canned queries "
                  "and a JSON API. Opened immutable, on 127.0.0.1 unless --host says otherwise, with a time limit on SQL.",
                  "repression-data serve --port 8001")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=bounded(0, 65535), default=8001, help="port, 1-65535, or 0 for any free one (default 8001)")
    sv.add_argument("--time-limit-ms", type=bounded(1), default=1000, help="time limit of one SQL query in milliseconds (default 1000)")
    sv.set_defaults(func=cmd_serve)

