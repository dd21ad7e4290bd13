"""The ``repression-data`` command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import OutputError, Problem, RawDataError
from .loader import IntegrityError
from .paths import NoCheckoutError, SourcesSettingError, check_sources_folder, find_checkout, processed_dir, sources_dir, sources_unavailable_reason

DESCRIPTION = """\
The numbers five texts print about the Soviet terror of the 1930s, as tables
with provenance (text, page, line, quote, reading, producer).

Commands that read the shipped tables (they work wherever the package is installed):
  list        the tables and their row counts
  search      find claims by words, with filters (measure, source, region, year, ...)
  show        claims in full: figure, quote, place in the text and citation
  compare     every figure for one quantity side by side, with producers
  cite        the citation of a claim, a table or the package (apa, bibtex)
  relations   the texts' arithmetic recomputed and judged
  serve       browse the data in a web browser (Datasette; the [serve] extra)
  verify      every shipped file against the sha256 in its manifest
  release     write a citable release bundle into a new folder
  diff        claims added, removed and changed between two release bundles

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

NO_CHECKOUT = ("{command} needs the raw data of a checkout of the repository (data/raw), and there is none here: "
               "run it inside a clone (git clone ... && cd repression-data), or pass --raw FOLDER. "
               "list, search, show, compare, cite, relations, serve, verify, release and diff work without one.")


def _checkout(args: argparse.Namespace) -> Path | None:
    return find_checkout()


def _raw_dir(args: argparse.Namespace) -> Path:
    """--raw, else data/raw of the checkout that holds the current folder (or this package)."""
    if getattr(args, "raw", None):
        return Path(args.raw).resolve()
    checkout = _checkout(args)
    if checkout is None:
        raise NoCheckoutError(NO_CHECKOUT.format(command=args.command))
    return checkout / "data" / "raw"


def _out_dir(args: argparse.Namespace) -> Path:
    """--out (not resolved: a symlink given as --out is refused, not followed), else data/processed beside the raw data."""
    if getattr(args, "out", None):
        return Path(os.path.abspath(args.out))
    return _raw_dir(args).parent / "processed"


def _is_checkout_processed(out: Path, raw: Path) -> bool:
    """Is ``out`` the data/processed of the checkout that holds ``raw`` (where the generated documents belong)?"""
    checkout = raw.parent.parent
    return out == raw.parent / "processed" and (checkout / "docs").is_dir()


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_tables
    from .guard import BUILD, check_output_folder, protected_folders

    raw = _raw_dir(args)
    out = check_output_folder(_out_dir(args), BUILD, protected_folders(raw))
    tables = build_tables(raw, previous=out)
    write_build(tables, out, raw)
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    print(f"built {out}: {counts}")
    return 0


def write_build(tables, out: Path, raw: Path) -> None:
    """Swap the tables in at ``out``; for the checkout's data/processed, write the generated documents too."""
    from .build import generated_documents
    from .output import write_tables_atomically

    documents = generated_documents(tables, __version__)
    write_tables_atomically(tables, out, __version__, documents)
    if _is_checkout_processed(out, raw):
        write_generated_docs(tables, raw.parent.parent)


def generated_docs(tables, checkout: Path) -> dict[Path, str]:
    """The files generated from the schemas beside the data: the codebook, CITATION.cff and
    the id list of this version (data/published/<version>.csv), by their paths in the checkout."""
    from .build import generated_documents

    return {checkout / relative: text for relative, text in generated_documents(tables, __version__).items()}


def write_generated_docs(tables, checkout: Path) -> None:
    from .output import write_text_atomically

    for path, text in generated_docs(tables, checkout).items():
        write_text_atomically(path, text)


def stale_docs(tables, checkout: Path) -> list[Problem]:
    """The generated documents of the checkout that differ from what this build generates."""
    problems = []
    for path, text in generated_docs(tables, checkout).items():
        try:
            same = path.read_bytes() == text.encode("utf-8")
        except OSError:
            same = False
        if not same:
            problems.append(Problem(str(path.relative_to(checkout)), "", "", "is missing, damaged or stale: run 'repression-data build' and commit"))
    return problems


def cmd_release(args: argparse.Namespace) -> int:
    from .build import build_tables
    from .freshness import compare_with_processed
    from .guard import RELEASE, check_output_folder, protected_folders
    from .release import build_release

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
    from .release import check_bundle, diff_bundles, render_diff

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
    from .build import build_tables
    from .freshness import compare_with_processed

    raw, out = _raw_dir(args), _out_dir(args)
    tables = build_tables(raw, previous=out)
    print(f"raw files valid: {len(tables['claims'])} claims from {len(tables['sources'])} sources")
    problems: list[Problem] = compare_with_processed(tables, out)
    if _is_checkout_processed(out, raw):
        problems += stale_docs(tables, raw.parent.parent)
    if not problems:
        print(f"{out} matches a fresh build")
    problems += check_evidence(tables)
    if problems:
        raise RawDataError(problems)
    return 0


def check_evidence(tables) -> list[Problem]:
    """Every text's sha256 and every quote, against the texts (skipped, saying why, without them;
    a REPRESSION_DATA_SOURCES that names no folder of the texts is an error)."""
    from .evidence import check_quotes, check_texts

    folder = sources_dir()
    if folder is None:
        print(f"evidence checks skipped: {sources_unavailable_reason()}")
        return []
    check_sources_folder(folder, tables["sources"]["text_file"])
    evidence = check_texts(tables["sources"], folder) + check_quotes(tables["claims"], tables["sources"], folder)
    if not evidence:
        print(f"evidence checked against {folder}: every text's sha256 matches and every quote is found")
    return evidence


ANALYSIS_LIBRARIES = {"chartkit.py"}
ANALYSIS_LAST = "relations_report.py"


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Build, validate (the quotes included), then run every analysis script (the report last); all or nothing."""
    import shutil
    import subprocess

    from . import versions
    from .build import build_tables, generated_documents
    from .guard import BUILD, check_output_folder, protected_folders
    from .output import drop_retired, put_back, replace_folder, staging_folder, write_tables

    raw = _raw_dir(args)
    checkout = raw.parent.parent
    drift = versions.version_drift(checkout / "constraints.txt")
    if drift:
        print("warning: the installed versions differ from constraints.txt, so the Parquet files and charts may differ "
              "byte for byte from the shipped ones (the figures do not): " + "; ".join(drift), file=sys.stderr)
    analysis = checkout / "analysis"
    if not analysis.is_dir():
        print(f"reproduce runs in a checkout of the repository: {checkout} has no analysis/ folder", file=sys.stderr)
        return 2

    # Everything is validated, the quotes included, before anything is swapped in.
    out = check_output_folder(_out_dir(args), BUILD, protected_folders(raw))
    tables = build_tables(raw, previous=out)
    print(f"raw files valid: {len(tables['claims'])} claims from {len(tables['sources'])} sources")
    problems = check_evidence(tables)
    if problems:
        print(f"nothing was written: {out} and analysis/output are as they were", file=sys.stderr)
        raise RawDataError(problems)

    output = Path(os.environ.get("REPRESSION_DATA_ANALYSIS_OUTPUT") or analysis / "output")
    staging = staging_folder(output)  # the scripts write here; it replaces output only if all succeed
    new = staging_folder(out)
    try:
        write_tables(tables, new, __version__, generated_documents(tables, __version__))
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # The new tables go in for the analysis to read; the old ones wait beside them until it has succeeded.
    replace_folder(new, out, keep_retired=True)
    print(f"built {out}")
    scripts = sorted(p for p in analysis.glob("*.py") if p.name not in ANALYSIS_LIBRARIES | {ANALYSIS_LAST})
    scripts.append(analysis / ANALYSIS_LAST)
    env = {**os.environ, "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "REPRESSION_DATA_ANALYSIS_OUTPUT": str(staging)}
    if (checkout / "repression_data").is_dir():  # the scripts read this checkout's tables, not those of an installed copy
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), *filter(None, [os.environ.get("PYTHONPATH")])])
    try:
        for script in scripts:
            print(f"running analysis/{script.name}")
            result = subprocess.run([sys.executable, str(script)], cwd=analysis, env=env)
            if result.returncode != 0:
                shutil.rmtree(staging, ignore_errors=True)
                put_back(out)
                print(f"analysis/{script.name} failed (exit {result.returncode}); {out} and {output} left as they were", file=sys.stderr)
                return 1
        replace_folder(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        put_back(out)
        raise
    drop_retired(out)
    if _is_checkout_processed(out, raw):
        write_generated_docs(tables, checkout)
    return 0


def _audit_inputs(args: argparse.Namespace, command: str):
    """(texts folder, raw folder, built tables) for an audit against the texts, or None after saying what is missing.

    The checkout is looked for first, then the texts, so that one run names everything the command lacks.
    """
    from .build import build_tables

    raw = _raw_dir(args)
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
    from .coverage import audit

    inputs = _audit_inputs(args, "coverage")
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
    from .relation_coverage import audit_sentences

    inputs = _audit_inputs(args, "relation-coverage")
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


def cmd_verify(args: argparse.Namespace) -> int:
    """Check every processed file against the manifest's sha256."""
    from .loader import verify_all

    folder = Path(args.out).resolve() if args.out else processed_dir()
    problems = verify_all(folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{folder}: {'every file matches the manifest' if not problems else f'{len(problems)} file(s) differ from the manifest'}")
    return 1 if problems else 0


def cmd_list(args: argparse.Namespace) -> int:
    from .loader import _manifest, data_root

    manifest = _manifest(data_root())
    print(f"repression-data {manifest['version']} ({data_root()})")
    entries = sorted(manifest["tables"].items())
    width = max(len(name) for name, _ in entries)
    digits = max(len(str(entry["rows"])) for _, entry in entries)
    for name, entry in entries:
        print(f"  {name:<{width}}  {entry['rows']:>{digits}} rows")
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    from .pagefiles import segment_report

    report, ok = segment_report(_raw_dir(args))
    print(report)
    return 0 if ok else 1


def _command(sub, name: str, summary: str, description: str, example: str):
    """A subcommand with a one-line summary (in the top-level help), a description and an example."""
    return sub.add_parser(name, help=summary, description=f"{description}\n\nExample:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="repression-data", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    raw_help = "raw data folder (default: data/raw of the checkout holding the current folder)"

    b = _command(sub, "build", "data/raw -> data/processed", "Parse and validate the raw files of a checkout and write data/processed: every table as "
                 "Parquet, CSV and .xlsx, with manifest.json, datapackage.json and codebook.md. Nothing is written unless the "
                 "whole build is valid; then docs/codebook.md and CITATION.cff are regenerated.", "repression-data build")
    v = _command(sub, "validate", "check raw files, processed tables and quotes", "Validate the raw files, check that data/processed "
                 "is what a build gives now, and (with REPRESSION_DATA_SOURCES set) check every text's sha256 and every quote "
                 "against the texts.", "REPRESSION_DATA_SOURCES=../sources repression-data validate")
    for s_ in (b, v):
        s_.add_argument("--raw", help=raw_help)
        s_.add_argument("--out", help="processed data folder (default: data/processed beside the raw data)")
    r = _command(sub, "reproduce", "build, validate, run the analysis", "Build, validate and run every analysis script of the checkout; "
                 "the scripts write analysis/output (tables, the relations report, charts), which replaces the old one only "
                 "when all succeed. Warns when the installed versions differ from constraints.txt.", "repression-data reproduce")
    r.add_argument("--raw", help=argparse.SUPPRESS)
    r.add_argument("--out", help=argparse.SUPPRESS)
    r.set_defaults(func=cmd_reproduce)
    b.set_defaults(func=cmd_build)
    v.set_defaults(func=cmd_validate)

    c = _command(sub, "coverage", "is every number in the texts recorded?", "Classify every numeric token of the texts (a claim, a "
                 "documented rule, or a hand exclusion with its reason); fails while any is unclassified. Needs "
                 "REPRESSION_DATA_SOURCES.", "REPRESSION_DATA_SOURCES=../sources repression-data coverage --limit 10")
    c.add_argument("--raw", help=raw_help)
    c.add_argument("--limit", type=int, default=50, help="how many unclassified tokens to list")
    c.set_defaults(func=cmd_coverage)

    rc = _command(sub, "relation-coverage", "is every sentence with a relation word a relation?",
                  "Classify every sentence of the texts with 'percent', '%', 'half', 'third', 'times', 'total', 'out of', "
                  "'of whom', 'of these', 'the rest', 'remaining' or 'more than ... than' as a relation (by its claims), a "
                  "documented rule, or a hand row with its reason; exit 1 while any is left over. Needs REPRESSION_DATA_SOURCES.",
                  "repression-data relation-coverage --table /tmp/mentions.csv")
    rc.add_argument("--raw", help="raw data folder (default: data/raw of this checkout)")
    rc.add_argument("--limit", type=int, default=50, help="how many unclassified mentions to list")
    rc.add_argument("--table", help="also write every mention's class to this CSV file")
    rc.set_defaults(func=cmd_relation_coverage)

    rl = _command(sub, "release", "write a release bundle", "Write a citable bundle of the shipped tables: Parquet, CSV and .xlsx, "
                  "manifest, datapackage.json, codebook, CITATION.cff, CHANGELOG, LICENSE files, .zenodo.json and SHA256SUMS. "
                  "Works from an installed package.", "repression-data release --out release/repression-data-0.2.0")
    rl.add_argument("--out", required=True, help="folder to write the bundle into (replaced)")
    rl.set_defaults(func=cmd_release)
    df = _command(sub, "diff", "what changed between two releases", "List the claims added, removed and changed (field by field) "
                  "between two release bundles, so you can tell whether a figure you cited has changed.",
                  "repression-data diff release/repression-data-0.1.0 release/repression-data-0.2.0")
    df.add_argument("old", help="folder of the older bundle")
    df.add_argument("new", help="folder of the newer bundle")
    df.set_defaults(func=cmd_diff)

    vf = _command(sub, "verify", "check the shipped files' sha256", "Check every file of the shipped tables (or of --out) "
                  "against the sha256 its manifest records.", "repression-data verify")
    vf.add_argument("--out", help="processed data folder (default: the shipped tables)")
    vf.set_defaults(func=cmd_verify)

    pg = _command(sub, "pages", "page breaks counted between page anchors",
                  "Report each stretch of an OCR'd text between two page anchors (printed markers, the first page, index "
                  "anchors): the page breaks counted against the pages the anchors give, with the corrections applied; "
                  "exit 1 if a stretch disagrees.", "repression-data pages")
    pg.add_argument("--raw", help="raw data folder (default: data/raw of this checkout)")
    pg.set_defaults(func=cmd_pages)

    _command(sub, "list", "the tables and their row counts", "List the shipped tables with their row counts.",
             "repression-data list").set_defaults(func=cmd_list)
    from .cli_find import register  # search, show, compare, cite, relations, serve

    register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (`repression-data list | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE
    except RawDataError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except (NoCheckoutError, SourcesSettingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except IntegrityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("pandera", "matplotlib", "pyarrow", "pandas"):
            print(f"error: {exc.name.split('.')[0]} is not installed, and this command needs it; install the package with its dependencies "
                  "('make install', or 'pip install repression-data')", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
