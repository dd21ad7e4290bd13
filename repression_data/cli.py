"""The ``repression-data`` command: build, validate, list, show."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import OutputError, Problem, RawDataError
from .loader import IntegrityError
from .paths import CHECKOUT_PROCESSED_DIR, RAW_DIR, processed_dir, sources_dir, sources_unavailable_reason


def _raw_dir(args: argparse.Namespace) -> Path:
    return Path(args.raw).resolve() if args.raw else RAW_DIR


def _out_dir(args: argparse.Namespace) -> Path:
    return Path(os.path.abspath(args.out)) if args.out else CHECKOUT_PROCESSED_DIR


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_tables
    from .guard import BUILD, check_output_folder, protected_folders

    raw = _raw_dir(args)
    out = check_output_folder(_out_dir(args), BUILD, protected_folders(raw))
    tables = build_tables(raw, previous=out)
    write_build(tables, out)
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    print(f"built {out}: {counts}")
    return 0


def write_build(tables, out: Path) -> None:
    """Swap the tables in at ``out``; for the checkout's data/processed, write the generated documents too."""
    from .build import generated_documents
    from .output import write_tables_atomically

    documents = generated_documents(tables, __version__)
    write_tables_atomically(tables, out, __version__, documents)
    if out == CHECKOUT_PROCESSED_DIR:
        write_generated_docs(tables)


def generated_docs(tables) -> dict[Path, str]:
    """The files generated from the schemas beside the data: the codebook, CITATION.cff and
    the id list of this version (data/published/<version>.csv), by their paths in the checkout."""
    from .build import generated_documents
    from .paths import REPO_DIR

    return {REPO_DIR / relative: text for relative, text in generated_documents(tables, __version__).items()}


def write_generated_docs(tables) -> None:
    from .output import write_text_atomically

    for path, text in generated_docs(tables).items():
        write_text_atomically(path, text)


def stale_docs(tables) -> list[Problem]:
    """The generated documents of the checkout that differ from what this build generates."""
    from .paths import REPO_DIR

    problems = []
    for path, text in generated_docs(tables).items():
        try:
            same = path.read_bytes() == text.encode("utf-8")
        except OSError:
            same = False
        if not same:
            problems.append(Problem(str(path.relative_to(REPO_DIR)), "", "", "is missing, damaged or stale: run 'repression-data build' and commit"))
    return problems


def cmd_release(args: argparse.Namespace) -> int:
    from .build import build_tables
    from .freshness import compare_with_processed
    from .guard import RELEASE, check_output_folder, protected_folders
    from .paths import REPO_DIR
    from .release import build_release

    processed = processed_dir()
    out = check_output_folder(Path(args.out), RELEASE, {**protected_folders(), "the processed data": processed})
    if RAW_DIR.is_dir() and processed == CHECKOUT_PROCESSED_DIR:
        tables = build_tables(RAW_DIR, previous=processed)
        problems = compare_with_processed(tables, processed) + stale_docs(tables)
        if problems:
            print("refusing to release: data/processed is stale against data/raw; run 'repression-data build' (and commit) first:", file=sys.stderr)
            raise RawDataError(problems)
    out = build_release(processed, REPO_DIR, out)
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

    out = _out_dir(args)
    tables = build_tables(_raw_dir(args), previous=out)
    print(f"raw files valid: {len(tables['claims'])} claims from {len(tables['sources'])} sources")
    problems: list[Problem] = compare_with_processed(tables, out)
    if out == CHECKOUT_PROCESSED_DIR:
        problems += stale_docs(tables)
    if not problems:
        print(f"{out} matches a fresh build")
    problems += check_evidence(tables)
    if problems:
        raise RawDataError(problems)
    return 0


def check_evidence(tables) -> list[Problem]:
    """Every text's sha256 and every quote, against the texts (skipped, saying why, without them)."""
    from .evidence import check_quotes, check_texts

    folder = sources_dir()
    if folder is None:
        print(f"evidence checks skipped: {sources_unavailable_reason()}")
        return []
    evidence = check_texts(tables["sources"], folder) + check_quotes(tables["claims"], tables["sources"], folder)
    if not evidence:
        print(f"evidence checked against {folder}: every text's sha256 matches and every quote is found")
    return evidence


ANALYSIS_LIBRARIES = {"chartkit.py"}
ANALYSIS_LAST = "relations_report.py"


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Build, validate, then run every analysis script (the report last)."""
    import shutil
    import subprocess

    from .paths import REPO_DIR

    analysis = REPO_DIR / "analysis"
    if not analysis.is_dir():
        print("reproduce runs in a checkout of the repository (no analysis/ folder here)", file=sys.stderr)
        return 2
    from .build import build_tables
    from .guard import BUILD, check_output_folder, protected_folders
    from .output import replace_folder, staging_folder

    # Everything is validated, the quotes included, before anything is swapped in.
    raw = _raw_dir(args)
    out = check_output_folder(_out_dir(args), BUILD, protected_folders(raw))
    tables = build_tables(raw, previous=out)
    print(f"raw files valid: {len(tables['claims'])} claims from {len(tables['sources'])} sources")
    problems = check_evidence(tables)
    if problems:
        print(f"nothing was written: {out} and analysis/output are as they were", file=sys.stderr)
        raise RawDataError(problems)
    from .build import generated_documents
    from .output import put_back, drop_retired, write_tables

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
    if out == CHECKOUT_PROCESSED_DIR:
        write_generated_docs(tables)
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    """Classify every numeric token of the texts; fail while any is unclassified."""
    from .build import build_tables
    from .coverage import audit

    folder = sources_dir()
    if folder is None:
        print(f"coverage needs the texts: {sources_unavailable_reason()}", file=sys.stderr)
        return 2
    raw = _raw_dir(args)
    tables = build_tables(raw)
    result = audit(tables["claims"], tables["sources"], folder, raw)
    print(result.counts().to_string())
    left = result.unclassified()
    for token in left[: args.limit]:
        print(f"  unclassified: {token.source_id} line {token.line}: {token.text!r} in {token.line_text.strip()[:90]!r}")
    if len(left) > args.limit:
        print(f"  ... and {len(left) - args.limit} more")
    print(f"{len(left)} numeric token(s) unclassified" if left else "every numeric token is classified")
    return 1 if left else 0


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
    import json

    from .loader import _manifest

    manifest = _manifest(processed_dir())
    print(f"repression-data {manifest['version']} ({processed_dir()})")
    for name, entry in sorted(manifest["tables"].items()):
        print(f"  {name:<12} {entry['rows']:>7} rows")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .citation import describe_claim

    print(describe_claim(args.claim_id))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="repression-data", description=__doc__)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="parse and validate data/raw, write data/processed")
    v = sub.add_parser("validate", help="validate data/raw, compare with data/processed, check quotes against the texts")
    for s in (b, v):
        s.add_argument("--raw", help="raw data folder (default: data/raw of this checkout)")
        s.add_argument("--out", help="processed data folder (default: data/processed of this checkout)")
    r = sub.add_parser("reproduce", help="build, validate and run every analysis script (writes analysis/output)")
    r.add_argument("--raw", help=argparse.SUPPRESS)
    r.add_argument("--out", help=argparse.SUPPRESS)
    r.set_defaults(func=cmd_reproduce)
    b.set_defaults(func=cmd_build)
    v.set_defaults(func=cmd_validate)

    c = sub.add_parser("coverage", help="classify every numeric token of the texts (needs REPRESSION_DATA_SOURCES)")
    c.add_argument("--raw", help="raw data folder (default: data/raw of this checkout)")
    c.add_argument("--limit", type=int, default=50, help="how many unclassified tokens to list")
    c.set_defaults(func=cmd_coverage)

    rl = sub.add_parser("release", help="write a release bundle (tables, datapackage.json, codebook, CITATION.cff, CHANGELOG, SHA256SUMS)")
    rl.add_argument("--out", required=True, help="folder to write the bundle into (replaced)")
    rl.set_defaults(func=cmd_release)
    df = sub.add_parser("diff", help="claims added, removed and changed between two release bundles")
    df.add_argument("old")
    df.add_argument("new")
    df.set_defaults(func=cmd_diff)

    vf = sub.add_parser("verify", help="check every processed file against the sha256 in the manifest")
    vf.add_argument("--out", help="processed data folder (default: the shipped tables)")
    vf.set_defaults(func=cmd_verify)

    sub.add_parser("list", help="list the tables with their row counts").set_defaults(func=cmd_list)
    s = sub.add_parser("show", help="show one claim with its citation, page and quote")
    s.add_argument("claim_id")
    s.set_defaults(func=cmd_show)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except RawDataError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
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
