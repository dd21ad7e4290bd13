"""The audits of the data against the texts: coverage, relation-coverage and pages."""

from __future__ import annotations

import argparse
import sys

from repression_data.cli.common import command, raw_dir
from repression_data.paths import check_sources_folder, sources_dir, sources_unavailable_reason


def audit_inputs(args: argparse.Namespace, command: str):
    """(texts folder, raw folder, built tables) for an audit against the texts, or None after saying what is missing.

    The checkout is looked for first, then the texts, so that one run names everything the command lacks.
    """
    from repression_data.pipeline.tables import build_tables

    raw = raw_dir(args)
    folder = sources_dir()
    if folder is None:
        print(f"{command} needs the texts: {sources_unavailable_reason()}", file=sys.stderr)
        return None
    tables = build_tables(raw)
    check_sources_folder(folder, tables["sources"]["text_file"])
    return folder, raw, tables


def _list_left(left: list, limit: int, describe) -> None:
    """Print the first ``limit`` unclassified items, one line each, and how many more there are."""
    for item in left[:limit]:
        print(f"  unclassified: {describe(item)}")
    if len(left) > limit:
        print(f"  ... and {len(left) - limit} more")


def cmd_coverage(args: argparse.Namespace) -> int:
    """Classify every numeric token of the texts; fail while any is unclassified."""
    from repression_data.checks.coverage import audit

    inputs = audit_inputs(args, "coverage")
    if inputs is None:
        return 2
    folder, raw, tables = inputs
    result = audit(tables["claims"], tables["sources"], folder, raw)
    print(result.counts().to_string())
    left = result.unclassified()
    _list_left(left, args.limit, lambda t: f"{t.source_id} line {t.line}: {t.text!r} in {t.line_text.strip()[:90]!r}")
    print(f"{len(left)} numeric token(s) unclassified" if left else "every numeric token is classified")
    return 1 if left else 0


def cmd_relation_coverage(args: argparse.Namespace) -> int:
    """Classify every sentence with a relation trigger; fail while any is unclassified or a hand row is stale."""
    from repression_data.checks.relation_coverage import audit_sentences

    inputs = audit_inputs(args, "relation-coverage")
    if inputs is None:
        return 2
    folder, raw, tables = inputs
    result = audit_sentences(tables["claims"], tables["sources"], tables["relations"], folder, raw)
    print(result.counts().to_string())
    if args.table:
        result.table().to_csv(args.table, index=False, lineterminator="\n")
        print(f"wrote {args.table}")
    left = result.unclassified()
    _list_left(left, args.limit, lambda m: f"{m.source_id} line {m.line}: {m.trigger!r} in {' '.join(m.sentence.split())[:160]!r}")
    for source_id, line, trigger in result.stale:
        print(f"  stale hand row: {source_id} line {line} {trigger!r} matches no unclassified trigger; remove it from data/raw/coverage/relation_sentences.csv")
    print(f"{len(left)} trigger mention(s) unclassified" if left else "every trigger mention is classified")
    return 1 if left or result.stale else 0


def cmd_pages(args: argparse.Namespace) -> int:
    if args.breaks:  # the page breaks of one text, as data/raw/pages/<source_id>/breaks.csv holds them
        from repression_data.engine.pages import breaks_csv

        try:
            with open(args.breaks, encoding="utf-8") as handle:
                sys.stdout.write(breaks_csv(handle.read().splitlines()))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"error: cannot read {args.breaks}: {exc}", file=sys.stderr)
            return 1
        return 0
    from repression_data.read.pagefiles import segment_report

    report, ok = segment_report(raw_dir(args))
    print(report)
    return 0 if ok else 1


def register(sub) -> None:
    """Add coverage, relation-coverage and pages to the command's subparsers."""
    raw_help = "raw data folder (default: data/raw of the checkout holding the current folder)"
    c = command(sub, "coverage", "is every number in the texts recorded?", "Classify every numeric token of the texts (a claim, a "
                 "documented rule, or a hand exclusion with its reason); fails while any is unclassified. Needs "
                 "REPRESSION_DATA_SOURCES.", "REPRESSION_DATA_SOURCES=../sources repression-data coverage --limit 10")
    c.add_argument("--raw", help=raw_help)
    c.add_argument("--limit", type=int, default=50, help="how many unclassified tokens to list")
    c.set_defaults(func=cmd_coverage)

    rc = command(sub, "relation-coverage", "is every sentence with a relation word a relation?",
                  "Classify every sentence of the texts with 'percent', '%', 'half', 'third', 'times', 'total', 'out of', "
                  "'of whom', 'of these', 'the rest', 'remaining' or 'more than ... than' as a relation (by its claims), a "
                  "documented rule, or a hand row with its reason; exit 1 while any is left over. Needs REPRESSION_DATA_SOURCES.",
                  "repression-data relation-coverage --table /tmp/mentions.csv")
    rc.add_argument("--raw", help="raw data folder (default: data/raw of this checkout)")
    rc.add_argument("--limit", type=int, default=50, help="how many unclassified mentions to list")
    rc.add_argument("--table", help="also write every mention's class to this CSV file")
    rc.set_defaults(func=cmd_relation_coverage)

    pg = command(sub, "pages", "page breaks counted between page anchors",
                  "Report each stretch of an OCR'd text between two page anchors (printed markers, the first page, index "
                  "anchors): the page breaks counted against the pages the anchors give, with the corrections applied; "
                  "exit 1 if a stretch disagrees.", "repression-data pages")
    pg.add_argument("--raw", help="raw data folder (default: data/raw of this checkout)")
    pg.add_argument("--breaks", metavar="TEXT_FILE", help="instead, print the page breaks found in TEXT_FILE as CSV "
                    "(what data/raw/pages/<source_id>/breaks.csv holds)")
    pg.set_defaults(func=cmd_pages)
