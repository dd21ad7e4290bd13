"""The ``repression-data`` command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from repression_data._version import __version__
from repression_data.cli import audit, check, find
from repression_data.cli.common import command, out_dir, raw_dir
from repression_data.paths import NoCheckoutError, SourcesSettingError, find_checkout, processed_dir

DESCRIPTION = """\
The numbers five texts print about the Soviet terror of the 1930s, as tables
with provenance (text, page, line, quote, reading, producer).

Commands that read the shipped tables (they work wherever the package is installed):
  list        the tables and their row counts
  search      find claims by words, with filters (measure, source, region, year, ...)
  show        claims in full: figure, quote, place in the text and citation
  compare     every figure for one quantity side by side, with producers
  check       judge the figures of a sentence ("The NKVD shot 681,692 people in
              1937-38") against every producer, naming the likeliest confusion
  cite        the citation of a claim, a table or the package (apa, bibtex)
  relations   the texts' arithmetic recomputed and judged
  serve       browse the data in a web browser (Datasette; the [serve] extra)
  verify      every shipped file against the sha256 in its manifest
  release     write a citable release bundle into a new folder
  diff        verdicts and claims changed between two release bundles

Commands that need the raw data of a checkout (a clone of the repository;
found from the current folder, or given with --raw):
  build       data/raw -> data/processed (Parquet, CSV, .xlsx, datapackage.json)
  validate    raw files valid? processed tables up to date? quotes in the texts?
  coverage    is every number in the texts a claim or excluded for a reason?
  relation-coverage
              is every sentence with a relation word ("percent", "of whom", ...)
              a relation, or excluded for a reason?
  pages       page breaks of an OCR'd text counted between its page anchors
  reproduce   build, validate, run every analysis script -> analysis/output

The evidence checks read the source texts from the folder named by the
setting REPRESSION_DATA_SOURCES. Run 'repression-data COMMAND --help' for
a command's options and an example.
"""

def cmd_build(args: argparse.Namespace) -> int:
    from repression_data.pipeline.tables import build_tables, write_build
    from repression_data.publish.guard import BUILD, check_output_folder, protected_folders

    from repression_data.files import exclusive, recover_interrupted

    raw = raw_dir(args)
    out = check_output_folder(out_dir(args), BUILD, protected_folders(raw))
    with exclusive(out):  # a second build of the same folder waits for this one, and says so
        recover_interrupted(out)  # before comparing with the previous build: the one a killed reproduce left
        tables = build_tables(raw, previous=out)
        write_build(tables, out, raw)
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    print(f"built {out}: {counts}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from repression_data.checks.freshness import compare_with_processed
    from repression_data.errors import RawDataError
    from repression_data.pipeline.documents import stale_docs
    from repression_data.pipeline.tables import build_tables
    from repression_data.publish.guard import RELEASE, check_output_folder, protected_folders
    from repression_data.publish.release import build_release

    processed = processed_dir()
    checkout = find_checkout()
    out = check_output_folder(Path(args.out), RELEASE, {**protected_folders(), "the processed data": Path(str(processed))})
    if checkout is not None and Path(str(processed)) == checkout / "data" / "processed":
        tables = build_tables(checkout / "data" / "raw", previous=Path(str(processed)))
        problems = compare_with_processed(tables, Path(str(processed))) + stale_docs(tables, checkout)
        if problems:
            print("refusing to release: data/processed is stale against data/raw; run 'repression-data build' (and commit) first:", file=sys.stderr)
            raise RawDataError(problems)
    out = build_release(processed, checkout, out)
    print(f"release {__version__} written to {out}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from repression_data.publish.release import check_bundle, diff_bundles, render_diff

    old, new = Path(args.old), Path(args.new)
    problems = []
    for folder in (old, new):
        problems += check_bundle(folder)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("refusing to compare: a bundle is not intact (its SHA256SUMS do not match its files)", file=sys.stderr)
        return 1
    print(render_diff(diff_bundles(old, new), old, new))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate the raw files, compare with the processed tables, check the evidence."""
    from repression_data.checks.evidence import check_evidence
    from repression_data.checks.freshness import compare_with_processed
    from repression_data.errors import RawDataError
    from repression_data.pipeline.documents import is_checkout_processed, stale_docs
    from repression_data.pipeline.tables import build_tables

    raw, out = raw_dir(args), out_dir(args)
    tables = build_tables(raw, previous=out)
    print(f"raw files valid: {len(tables['claims'])} claims from {len(tables['sources'])} sources")
    problems = compare_with_processed(tables, out)
    if is_checkout_processed(out, raw):
        problems += stale_docs(tables, raw.parent.parent)
    if not problems:
        print(f"{out} matches a fresh build")
    problems += check_evidence(tables)
    if problems:
        raise RawDataError(problems)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check every processed file against the manifest's sha256."""
    from repression_data.shipped.loader import verify_all

    folder = Path(args.out).resolve() if args.out else processed_dir()
    problems = verify_all(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{folder}: {'every file matches the manifest' if not problems else f'{len(problems)} file(s) differ from the manifest'}")
    return 1 if problems else 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Build, validate (the quotes included), then run every analysis script (the report last); all or nothing."""
    from repression_data.pipeline.reproduce import reproduce

    return reproduce(raw_dir(args), out_dir(args))


def cmd_list(args: argparse.Namespace) -> int:
    from repression_data.shipped.loader import _manifest, data_root

    manifest = _manifest(data_root())
    print(f"repression-data {manifest['version']} ({data_root()})")
    entries = sorted(manifest["tables"].items())
    width = max(len(name) for name, _ in entries)
    digits = max(len(str(entry["rows"])) for _, entry in entries)
    for name, entry in entries:
        print(f"  {name:<{width}}  {entry['rows']:>{digits}} rows")
    return 0


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``only``, the parser of that subcommand alone (every command when it names none)."""
    p = argparse.ArgumentParser(prog="repression-data", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.only = only
    raw_help = "raw data folder (default: data/raw of the checkout holding the current folder)"

    b = command(sub, "build", "data/raw -> data/processed", "Parse and validate the raw files of a checkout and write data/processed: every table as "
                 "Parquet, CSV and .xlsx, with manifest.json, datapackage.json and codebook.md. Nothing is written unless the "
                 "whole build is valid; then docs/codebook.md and CITATION.cff are regenerated.", "repression-data build")
    v = command(sub, "validate", "check raw files, processed tables and quotes", "Validate the raw files, check that data/processed "
                 "is what a build gives now, and (with REPRESSION_DATA_SOURCES set) check every text's sha256 and every quote "
                 "against the texts.", "REPRESSION_DATA_SOURCES=../sources repression-data validate")
    for s_ in (b, v):
        s_.add_argument("--raw", help=raw_help)
        s_.add_argument("--out", help="processed data folder (default: data/processed beside the raw data)")
    r = command(sub, "reproduce", "build, validate, run the analysis", "Build, validate and run every analysis script of the checkout; "
                 "the scripts write analysis/output (tables, the relations report, charts), which replaces the old one only "
                 "when all succeed. Warns when the installed versions differ from constraints.txt.", "repression-data reproduce")
    r.add_argument("--raw", help=argparse.SUPPRESS)
    r.add_argument("--out", help=argparse.SUPPRESS)
    r.set_defaults(func=cmd_reproduce)
    b.set_defaults(func=cmd_build)
    v.set_defaults(func=cmd_validate)

    rl = command(sub, "release", "write a release bundle", "Write a citable bundle of the shipped tables: Parquet, CSV and .xlsx, "
                  "manifest, datapackage.json, codebook, CITATION.cff, CHANGELOG, LICENSE files, .zenodo.json and SHA256SUMS. "
                  "Works from an installed package.", "repression-data release --out release/repression-data-0.2.0")
    rl.add_argument("--out", required=True, help="folder to write the bundle into (replaced)")
    rl.set_defaults(func=cmd_release)
    df = command(sub, "diff", "what changed between two releases", "List every changed verdict (a quantity's agreement, a relation's verdict), then the claims "
                  "and the rows of every table added, removed and changed (field by field) between two release bundles, so you can tell "
                  "whether a figure or a judgement you cited has changed.",
                  "repression-data diff release/repression-data-0.1.0 release/repression-data-0.2.0")
    df.add_argument("old", help="folder of the older bundle")
    df.add_argument("new", help="folder of the newer bundle")
    df.set_defaults(func=cmd_diff)

    vf = command(sub, "verify", "check the shipped files' sha256", "Check every file of the shipped tables (or of --out) "
                  "against the sha256 its manifest records.", "repression-data verify")
    vf.add_argument("--out", help="processed data folder (default: the shipped tables)")
    vf.set_defaults(func=cmd_verify)

    command(sub, "list", "the tables and their row counts", "List the shipped tables with their row counts.",
             "repression-data list").set_defaults(func=cmd_list)
    audit.register(sub)  # coverage, relation-coverage, pages
    find.register(sub)  # search, show, compare, cite, relations, serve
    check.register(sub)  # check a sentence
    if only is not None and only not in sub.choices:  # not a command: the whole parser, to list them in the error
        return parser()
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser(only=argv[0] if argv and not argv[0].startswith("-") else None).parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (`repression-data list | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE
    except KeyboardInterrupt:
        print("stopped (Ctrl-C); what was being written was left as it was", file=sys.stderr)
        return 130  # 128 + SIGINT
    except Exception as exc:  # noqa: BLE001  (sorted out by failure(); anything else is raised again)
        code = failure(exc)
        if code is None:
            raise
        return code


def failure(exc: Exception) -> int | None:
    """Print what went wrong in words and give the exit code; None for an error that is a bug (raised again).

    The error classes are imported here, not at the top: a lookup that succeeds never needs them.
    """
    from repression_data.errors import OutputError, RawDataError
    from repression_data.shipped.loader import IntegrityError

    if isinstance(exc, RawDataError):
        print(exc.render(), file=sys.stderr)
        return 1
    if isinstance(exc, (NoCheckoutError, SourcesSettingError)):
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if isinstance(exc, (KeyError, FileNotFoundError, OutputError, IntegrityError)):
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if isinstance(exc, ModuleNotFoundError) and exc.name and exc.name.split(".")[0] in ("pandera", "matplotlib", "pyarrow", "pandas"):
        from repression_data.metadata import install_hint

        print(f"error: {exc.name.split('.')[0]} is not installed, and this command needs it; install the package with its dependencies: "
              f"{install_hint()}", file=sys.stderr)
        return 1
    return None

if __name__ == "__main__":
    sys.exit(main())
