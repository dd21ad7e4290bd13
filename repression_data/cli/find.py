"""Subcommands for finding and reading the data without Python: search, show, compare, cite, relations, serve.

``cli.py`` registers them with ``register(subparsers)``. Each prints an
aligned table for people, or CSV or JSON (``--format``) for scripts; ids and
words are matched without regard to case.
"""

from __future__ import annotations

import argparse
import sys

from repression_data.cli.common import add_format, bounded, cell, command, emit, figure
from repression_data.shipped.lookups import VERDICTS  # the standard library only: the help lists them


def year_span(text: str) -> tuple[int, int]:
    """An argparse type: '1937' -> (1937, 1937); '1937-1938', '1937-38' or '1937..1938' -> (1937, 1938)."""
    import re

    match = re.fullmatch(r"\s*(\d{4})\s*(?:(?:-|–|\.\.|to)\s*(\d{2}|\d{4}))?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year or a span of years (1937, 1937-1938 or 1937-38)")
    first = int(match.group(1))
    last = match.group(2)
    last = first if last is None else int(last) if len(last) == 4 else first // 100 * 100 + int(last)
    if last < first:
        raise argparse.ArgumentTypeError(f"{text!r}: the span ends before it begins")
    return first, last


def cmd_search(args: argparse.Namespace) -> int:
    from repression_data.shipped.lookups import RESULT_COLUMNS, counts_words, search

    years = None if not args.year else (min(first for first, _ in args.year), max(last for _, last in args.year))
    found = search(" ".join(args.text), measure=args.measure, source=args.source, region=args.region,
                   years=years, qualifier=args.qualifier, producer=args.producer)
    if args.limit is not None:
        found = found[: args.limit]
    columns = [("claim_id", "id"), ("text", "text"), ("page", "page"), ("value_printed", "print"), ("value", "value"),
               ("producer", "producer"), ("counts", "what it counts")]
    emit(found, RESULT_COLUMNS, columns, args.format,
         lambda f: [[r["claim_id"], r["text"], cell(r["page"]), cell(r["value_printed"]), figure(r), cell(r["producer"]) or "(the text itself)",
                     counts_words(r)] for r in f], wide=args.wide)
    if args.format == "table":
        print(f"{len(found)} claim{'s' if len(found) != 1 else ''} found" + (" (repression-data show ID for one in full)" if len(found) else ""), file=sys.stderr)
    return 0 if len(found) else 1


def cmd_show(args: argparse.Namespace) -> int:
    from repression_data.shipped.lookups import claim_ids, ever_published, find_claim_ids, history, resolve_ids, show, table_names, table_rows

    names = {t.lower(): t for t in table_names()}
    tables = [names[w.strip().lower()] for w in args.claim_id if w.strip().lower() in names]
    wanted = [w for w in args.claim_id if w.strip().lower() not in names]
    ids = resolve_ids(wanted, claim_ids() + ever_published()) if args.history else find_claim_ids(wanted)  # a withdrawn id has a history
    if ids:
        print("\n\n".join(history(claim_id) if args.history else show(claim_id) for claim_id in ids))
    for name in tables:  # a table's rows, as the shipped table holds them
        records, columns = table_rows(name)
        print(f"\n{name}: {len(records)} row{'s' if len(records) != 1 else ''}" if ids or name != tables[0] else f"{name}: {len(records)} rows")
        emit(records, columns, [(c, c) for c in columns], "table", wide=args.wide)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from repression_data.shipped.database import columns as table_columns
    from repression_data.shipped.lookups import compare, quantities, resolve_ids, term_label

    every = quantities()
    if not args.quantity:
        columns = [("quantity_id", "quantity"), ("n_claims", "figures"), ("n_texts", "texts"), ("n_producers", "producers"),
                   *([("n_informative", "informative")] if "n_informative" in table_columns("quantities") else []), ("agreement", "agreement"), ("label", "label")]
        emit(every, table_columns("quantities"), columns, args.format, wide=args.wide)
        return 0
    (quantity_id,) = resolve_ids([args.quantity], [q["quantity_id"] for q in every], "quantity")
    side = compare(quantity_id)
    row = next(q for q in every if q["quantity_id"] == quantity_id)
    if args.format == "table":
        print(f"{quantity_id}: {row['label']} ({str(row['agreement']).replace('_', ' ')})")
        for field, words in (("acknowledgement", "acknowledged by the text"), ("adjustment", "adjustment")):
            if isinstance(row.get(field), str) and row[field]:
                print(f"{words}: {row[field]}")
    columns = [("scope", "scope"), ("claim_id", "id"), ("value_printed", "print"), ("value", "value"), ("qualifier", "qualifier"),
               ("attributed_to", "producer"), ("citation", "where")]
    emit(side, list(side[0]) if side else [c for c, _ in columns], columns, args.format,
         lambda f: [[r["scope"].replace("_", " "), r["claim_id"], cell(r["value_printed"]), figure(r), term_label("qualifiers", r["qualifier"]).lower(),
                     cell(r["attributed_to"]) or "(the text itself)",
                     r["citation"] + (f"  [{r['scope_reason']}]" if isinstance(r["scope_reason"], str) else "")] for r in f], wide=args.wide)
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    from repression_data.shipped.lookups import SearchError, cite, cite_all, table_names

    if not args.what:
        print(cite(None, style=args.style))
        return 0
    try:
        print(cite_all(args.what, style=args.style))
    except ValueError as exc:
        if any(w.lower() in {t.lower() for t in table_names()} for w in args.what) and args.style != "apa" and "table" in str(exc):
            print(f"error: {exc}", file=sys.stderr)  # a style a table cannot be cited in
            return 1
        raise SearchError(str(exc)) from None
    return 0


def cmd_relations(args: argparse.Namespace) -> int:
    from repression_data.shipped.lookups import relations

    found, all_columns = relations(args.verdict, args.theme, args.source, args.claim)
    columns = [("relation_id", "id"), ("verdict", "verdict"), ("stated_value", "stated"), ("computed_value", "computed"), ("gap", "gap"),
               ("locator", "where"), ("description", "what the text says")]
    emit(found, all_columns, columns, args.format,
         lambda f: [[cell(r["relation_id"]), str(r["verdict"]).replace("_", " "), cell(r["stated_value"]), cell(r["computed_value"]), cell(r["gap"]),
                     cell(r["locator"]), cell(r["description"])] for r in f], wide=args.wide)
    if args.format == "table":
        counts: dict[str, int] = {}
        for r in found:
            counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
        print(f"{len(found)} relation(s): " + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from repression_data.serve.app import serve

    return serve(host=args.host, port=args.port, time_limit_ms=args.time_limit_ms)




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
    s.add_argument("--year", type=year_span, action="append",
                   help="claims whose period overlaps this year or span: 1937, 1937-1938 or 1937-38; repeated, the span from the first to the last")
    s.add_argument("--qualifier", help="exact, approx, more_than, at_least, less_than, at_most, range, vague")
    s.add_argument("--producer", help="words of the producer the text credits (NKVD, Shvernik, ...)")
    s.add_argument("--limit", type=bounded(1), help="show at most this many (1 or more)")
    add_format(s)
    s.set_defaults(func=cmd_search)

    sh = command(sub, "show", "claims in full: quote, place, reading, producer and citation",
                  "Show one or more claims in full (or the rows of a table): what each counts, the number as printed and as read (with how it was read), "
                  "the verbatim quote, page, locator and line, the producer and the citation. Ids match in any case; a mistyped "
                  "id gets the ids it most likely means.", "repression-data show GN-0542 rm-0010")
    sh.add_argument("claim_id", nargs="+", help="one or more claim ids, any case (gn-0542 RM-0010), or table names (order_00447_limits: its rows)")
    sh.add_argument("--history", action="store_true", help="every change of the claim across the releases, with the version and the CHANGELOG's reason")
    sh.add_argument("--wide", action="store_true", help="a table's cells whole, however wide (by default it fits the terminal)")
    sh.set_defaults(func=cmd_show)

    c = command(sub, "compare", "every figure for one quantity side by side",
                 "Every figure the texts give for one quantity (a measure of a category in a region over a period), side by "
                 "side with its producer, qualifier and citation, then the figures of another scope with how they differ. "
                 "Without QUANTITY: the list of quantities and their agreement.", "repression-data compare executions-ussr-1937-38")
    c.add_argument("quantity", nargs="?", help="a quantity id, e.g. executions-ussr-1937-38")
    add_format(c)
    c.set_defaults(func=cmd_compare)

    ci = command(sub, "cite", "the citation of claims, tables or the package",
                  "The citation of one or more claims or tables, or (without ID) of the package itself. APA 7 (default): "
                  "the text's reference, the in-text citation with the page, e.g. (Getty & Naumov, 1999, p. 591), and where the "
                  "figure is, with its claim id and the version. BibTeX: one entry per text however many of its claims you cite, "
                  "their pages and places in the note. A table: the texts behind it with their pages.", "repression-data cite GN-0542 --style bibtex")
    ci.add_argument("what", nargs="*", help="claim ids or table names")
    ci.add_argument("--style", "--format", dest="style", choices=("apa", "bibtex", "cff"), default="apa",
                    help="apa (default) or bibtex; cff for the package only (--format is the same option, as in the other commands)")
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

