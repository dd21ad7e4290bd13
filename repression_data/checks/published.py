"""Published ids never vanish: withdrawals, and the comparison with what was published.

A claim, relation, table cell, quantity or quantity member that a build has
published keeps its id for good. To take one out, a historian adds a row to
``data/raw/withdrawn.csv`` (id, kind, date, version, reason, replaced_by);
the build ships those rows as the ``withdrawn`` table, and a withdrawn id is
never used again.

Every build compares its ids with

- the previous build in the output folder (``data/processed``),
- the committed id list of every version (``data/published/<version>.csv``,
  written by each build of the checkout; the lists of earlier versions are
  never rewritten), those beside the raw folder in use and the checkout's own, and
- every release bundle it can see (``release/*/`` beside the raw folder and in the checkout),

and refuses a published id that is neither in the build nor withdrawn,
naming the raw file that lost it.

Ids of the kinds that have no id column of their own:

- cell: ``<table>:<row>:<column>``, e.g. ``secret_police_arrests_1921_39:1921:arrests_total``;
- quantity_member: ``<quantity_id>/<claim_id>``.
"""

from __future__ import annotations

import csv
import json
import re
from itertools import repeat
from pathlib import Path

import pandas as pd

from repression_data.checks.bindings import bindings_of, fields_of
from repression_data.errors import Problem
from repression_data.paths import REPO_DIR
from repression_data.read import parse
from repression_data.read.origins import Origins
from repression_data.read.rawfiles import display_path, read_raw_csv
from repression_data.read.rawspec import DATE, STR, Column, RawSpec
from repression_data.read.wide import WIDE_TABLES
from repression_data.shipped.loader import check_file, read_table

KINDS = ("claim", "relation", "cell", "quantity", "quantity_member")
WITHDRAWN_FILE = "withdrawn.csv"
PUBLISHED_DIR = "published"  # data/published, beside data/raw
LIST_COLUMNS = ["kind", "id", "file", "status"]
BINDING_COLUMNS = ["figure", "reading"]  # see checks/bindings.py

WITHDRAWN = RawSpec(
    id_column="id",
    columns=(
        Column("id", parse.to_text, STR, True),
        Column("kind", parse.to_text, STR, True),
        Column("date", parse.to_start_date, DATE, True),
        Column("version", parse.to_text, STR, True),
        Column("reason", parse.to_text, STR, True),
        Column("replaced_by", parse.to_text, STR, False),
    ),
)

ID_PATTERNS = {
    "claim": r"[A-Z]{2,4}-\d{4,}",
    "relation": r"R-[A-Z]{2,4}-\d{3,}",
    "quantity": r"[a-z0-9]+(-[a-z0-9]+)*",
    "quantity_member": r"[a-z0-9]+(-[a-z0-9]+)*/[A-Z]{2,4}-\d{4,}",
    "cell": r"[a-z0-9_]+:.+:[a-z0-9_]+",
}
VERSION_PATTERN = r"\d+\.\d+\.\d+"
_NOTE_COLUMN = re.compile(r"(?:^|; )([a-z0-9_]+): ")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def cell_id(table: str, row, column: str) -> str:
    return f"{table}:{row}:{column}"


def ids_of(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], str]:
    """Every published id of a set of tables, with the raw file (relative to data/raw) that holds it.

    Works on a fresh build and on the tables of an earlier build or release alike.
    """
    ids: dict[tuple[str, str], str] = {}
    if "claims" in tables:  # a million claims: no per-row Python beyond building the dict
        claims = tables["claims"]
        sources = claims["source_id"].tolist()
        file_of = {source: f"claims/{source}.csv" for source in set(sources)}
        ids.update(zip(zip(repeat("claim"), claims["claim_id"].tolist()), map(file_of.__getitem__, sources)))
    if "relations" in tables:
        for relation_id in tables["relations"]["relation_id"]:
            ids[("relation", relation_id)] = "relations.csv"
    if "quantities" in tables:
        for quantity_id in tables["quantities"]["quantity_id"]:
            ids[("quantity", quantity_id)] = "quantities.csv"
    if "quantity_members" in tables:
        members = tables["quantity_members"]
        for quantity_id, claim_id in zip(members["quantity_id"], members["claim_id"]):
            ids[("quantity_member", f"{quantity_id}/{claim_id}")] = "quantity_members.csv"
    for spec in WIDE_TABLES:
        frame = tables.get(spec.name)
        if frame is None:
            continue
        notes = frame["notes"] if "notes" in frame else pd.Series([None] * len(frame))
        for i, row in enumerate(frame[spec.row_column]):
            noted = set(_NOTE_COLUMN.findall(notes.iloc[i])) if isinstance(notes.iloc[i], str) else set()
            for column in spec.columns:
                claim = frame[f"{column}_claim_id"].iloc[i] if f"{column}_claim_id" in frame else None
                if isinstance(claim, str) or column in noted:
                    ids[("cell", cell_id(spec.name, row, column))] = f"tables/{spec.name}.csv"
    return ids


def read_withdrawn(raw_dir: Path, root: Path, version: str, problems: list[Problem]) -> tuple[pd.DataFrame, list]:
    """data/raw/withdrawn.csv, read and checked strictly: the table and the origin of each row."""

    table = read_raw_csv(raw_dir / WITHDRAWN_FILE, WITHDRAWN.names, [], problems, root=root, raw_dir=raw_dir)
    if table is None:
        return parse.empty_frame(WITHDRAWN.dtypes), []
    frame = parse.convert_columns(table, WITHDRAWN, problems)
    origins = Origins.of(table, "id")
    seen: set[tuple[str, str]] = set()
    for i, row in enumerate(frame.itertuples(index=False)):
        where = origins[i]
        if row.kind not in KINDS:
            problems.append(Problem(where.file, where.record, "kind", f"{row.kind!r} is not one of {', '.join(KINDS)}"))
        elif isinstance(row.id, str) and not re.fullmatch(ID_PATTERNS[row.kind], row.id):
            problems.append(Problem(where.file, where.record, "id", f"{row.id!r} is not the id of a {row.kind}"))
        if (row.kind, row.id) in seen:
            problems.append(Problem(where.file, where.record, "id", f"the {row.kind} {row.id} is withdrawn more than once"))
        seen.add((row.kind, row.id))
        date_text = table.cells["date"].iloc[i]
        if date_text and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_text):
            problems.append(Problem(where.file, where.record, "date", f"{date_text!r} is not an ISO date (write YYYY-MM-DD)"))
        if isinstance(row.version, str):
            if not re.fullmatch(VERSION_PATTERN, row.version):
                problems.append(Problem(where.file, where.record, "version", f"{row.version!r} is not a version (like {version})"))
            elif _version_key(row.version) > _version_key(version):
                problems.append(Problem(where.file, where.record, "version", f"{row.version} is later than the package's version {version}"))
    return frame, origins


def check_withdrawn(withdrawn: pd.DataFrame, origins, new_ids: dict[tuple[str, str], str], raw_dir: Path, root: Path) -> list[Problem]:
    """A withdrawn id is not used again, and its replacement is a live id of the same kind."""
    problems = []
    for i, row in enumerate(withdrawn.itertuples(index=False)):
        where = origins[i]
        key = (row.kind, row.id)
        if key in new_ids:
            holder = display_path(raw_dir / new_ids[key], root)
            problems.append(Problem(where.file, where.record, "id",
                                    f"the {row.kind} {row.id} is withdrawn, but {holder} still holds it: a withdrawn id is never used again; give the record a new id"))
        replacement = row.replaced_by
        if isinstance(replacement, str) and replacement:
            if (row.kind, replacement) not in new_ids:
                problems.append(Problem(where.file, where.record, "replaced_by", f"{replacement!r} is not a {row.kind} of this build"))
    return problems


def read_id_list(path: Path, root: Path, problems: list[Problem]) -> tuple[dict[tuple[str, str], str], dict]:
    """A committed id list (data/published/<version>.csv): every id it holds, live or withdrawn, and the
    fingerprints of each live id where the list records them (lists from 0.2.0 on; see checks/bindings.py)."""
    table = read_raw_csv(path, LIST_COLUMNS, BINDING_COLUMNS, problems, root=root)
    if table is None:
        return {}, {}
    ids = {(k, i): f for k, i, f in zip(table.cells["kind"], table.cells["id"], table.cells["file"])}
    bindings = {}
    if "figure" in table.columns:
        for k, i, figure, reading in zip(table.cells["kind"], table.cells["id"], table.column("figure"), table.column("reading")):
            if figure:
                bindings[(k, i)] = (figure, reading)
    return ids, bindings


def id_list_text(tables: dict[str, pd.DataFrame], bindings: dict | None = None) -> str:
    """The id list of a build, as written to data/published/<version>.csv (sorted, deterministic), with the
    fingerprints that bind each id to its figure (checks/bindings.py; ``bindings`` where the build made them)."""
    bindings = bindings_of(tables) if bindings is None else bindings
    rows = [(kind, id_, file, "live", *bindings.get((kind, id_), ("", ""))) for (kind, id_), file in ids_of(tables).items()]
    withdrawn = tables.get("withdrawn")
    if withdrawn is not None:
        rows += [(kind, id_, "withdrawn.csv", "withdrawn", "", "") for kind, id_ in zip(withdrawn["kind"], withdrawn["id"])]
    frame = pd.DataFrame(sorted(set(rows)), columns=LIST_COLUMNS + BINDING_COLUMNS)
    return frame.to_csv(index=False, lineterminator="\n")


def listed_in_history(checkout: Path, problems: list[Problem]) -> dict[tuple[str, str], str]:
    """Every id that any committed version of any id list (data/published/*.csv) ever held, from git's history.

    A list edited to hide a loss still has the id in its history: the build finds it there. Outside a git
    checkout (an installed package, a copy without .git) there is no history to read and this returns nothing.
    """
    import shutil
    import subprocess

    if not (checkout / ".git").exists() or shutil.which("git") is None:
        return {}
    try:
        result = subprocess.run(["git", "-C", str(checkout), "log", "--format=", "-p", "--no-color", "--no-ext-diff", "--no-renames",
                                 "--", f"data/{PUBLISHED_DIR}/"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    ids: dict[tuple[str, str], str] = {}
    for line in result.stdout.splitlines():
        if not line.startswith("+") or line.startswith("+++") or line.startswith("+kind,"):
            continue
        cells = next(csv.reader([line[1:]]), [])
        if len(cells) >= 3 and cells[0] in KINDS:
            ids.setdefault((cells[0], cells[1]), cells[2])
    return ids


def _read_folder(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of a built folder or release bundle that carry ids (after checking their sha256)."""

    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise ValueError(f"{manifest_path} is not a regular file")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        entries = manifest["tables"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{manifest_path} cannot be read ({exc})") from None
    wanted = {"claims", "relations", "quantities", "quantity_members", "withdrawn", *(s.name for s in WIDE_TABLES)}
    tables = {}
    for name in sorted(wanted & set(entries)):
        entry = entries[name]["files"]["parquet"]
        problem = check_file(folder, entry)
        if problem:
            raise ValueError(problem)
        tables[name] = read_table(folder / entry["path"])
    return tables


def _manifest_version(folder: Path) -> str | None:
    try:
        version = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return version if isinstance(version, str) and re.fullmatch(VERSION_PATTERN, version) else None


def earlier_publications(raw_dir: Path, previous: Path | None, root: Path, problems: list[Problem]) -> list[tuple]:
    """(where, ids, version, bindings, fields) of everything published before: the previous build, the id
    lists (and every id git's history shows they held), the release bundles. ``bindings`` maps (kind, id)
    to its fingerprints (checks/bindings.py); ``fields`` to the fields behind them (None for a list)."""
    found = []
    if previous is not None and ((previous / "manifest.json").exists() or (previous / "manifest.json").is_symlink()):
        try:
            tables = _read_folder(previous)
        except ValueError as exc:
            problems.append(Problem(display_path(previous, root), "", "", f"the previous build cannot be compared with: {exc}; "
                                    "restore it (git checkout -- data/processed) or, if it is not yours to keep, move it away"))
        else:
            ids = ids_of(tables)
            if "withdrawn" in tables:
                ids.update({(k, i): "withdrawn.csv" for k, i in zip(tables["withdrawn"]["kind"], tables["withdrawn"]["id"])})
            found.append((display_path(previous, root), ids, _manifest_version(previous), bindings_of(tables), fields_of(tables)))

    # The checkout's lists and releases bind every build of this data, wherever its raw folder is.
    lists = dict.fromkeys(p.resolve() for p in (raw_dir.parent / PUBLISHED_DIR, REPO_DIR / "data" / PUBLISHED_DIR) if p.is_dir())
    for folder in lists:
        for path in sorted(folder.glob("*.csv")):
            ids, bindings = read_id_list(path, root, problems)
            where = display_path(path, root) if path.is_relative_to(root.resolve()) else display_path(path, REPO_DIR)
            found.append((where, ids, path.stem if re.fullmatch(VERSION_PATTERN, path.stem) else None, bindings, None))
    history = listed_in_history(REPO_DIR, problems)
    if history:
        found.append((f"the git history of data/{PUBLISHED_DIR}/", history, None, {}, None))
    releases = dict.fromkeys(p.resolve() for p in (raw_dir.parent.parent / "release", REPO_DIR / "release") if p.is_dir())
    for folder in releases:
        for bundle in sorted(folder.iterdir()):
            if (bundle / "manifest.json").is_file() and (bundle / "SHA256SUMS").is_file():
                try:
                    tables = _read_folder(bundle)
                    found.append((display_path(bundle, root), ids_of(tables), _manifest_version(bundle), bindings_of(tables), fields_of(tables)))
                except ValueError as exc:
                    problems.append(Problem(display_path(bundle, root), "", "", f"a release bundle that cannot be read: {exc}"))
    return found


def check_nothing_vanished(new_ids: dict[tuple[str, str], str], withdrawn: pd.DataFrame, earlier, raw_dir: Path, root: Path) -> list[Problem]:
    """A Problem for each raw file that lost published ids without withdrawing them."""
    gone = set(zip(withdrawn["kind"], withdrawn["id"]))
    lost: dict[tuple[str, str], dict[str, list[str]]] = {}  # (file, kind) -> id -> where published
    reused: dict[tuple[str, str], set[str]] = {}
    for where, ids, *_ in earlier:
        for (kind, id_), file in ids.items():
            if (kind, id_) in new_ids:
                if file == "withdrawn.csv" and (kind, id_) not in gone:
                    reused.setdefault((kind, id_), set()).add(where)
                continue
            if (kind, id_) in gone:
                continue
            if file == "withdrawn.csv":
                file = WITHDRAWN_FILE
            lost.setdefault((file, kind), {}).setdefault(id_, []).append(where)
    problems = []
    for (file, kind), entries in sorted(lost.items()):
        ids = sorted(entries)
        wheres = sorted({w for ws in entries.values() for w in ws})
        shown = ", ".join(ids[:30]) + (f" and {len(ids) - 30} more" if len(ids) > 30 else "")
        if file == WITHDRAWN_FILE:
            message = f"lost the withdrawal of {len(ids)} {kind}(s): {shown} (published in {', '.join(wheres)}); a withdrawal is never removed"
        else:
            message = (f"lost {len(ids)} published {kind}(s): {shown} (published in {', '.join(wheres)}); "
                       f"restore them, or withdraw each in data/raw/{WITHDRAWN_FILE} with a date, version and reason")
        problems.append(Problem(display_path(raw_dir / file, root), "", "", message, rank=1))
    for (kind, id_), wheres in sorted(reused.items()):
        holder = display_path(raw_dir / new_ids[(kind, id_)], root)
        problems.append(Problem(holder, f"{kind} {id_}", "", f"was withdrawn (in {', '.join(sorted(wheres))}) and is used again: a withdrawn id is never reused; give the record a new id"))
    return problems


_NOT_A = re.compile(r"'?\b([A-Za-z0-9_:./-]+)\b'? is not an? (claim|relation|quantity)\b")


def name_withdrawals(problems: list[Problem], withdrawn: pd.DataFrame, lost: set[tuple[str, str]] = frozenset()) -> list[Problem]:
    """Where a problem says an id "is not a claim" (or relation, quantity) and that id was withdrawn,
    say so instead: when, why, and what replaces it. Where the id was published and this build lost it
    (its file could not be read, say), the problem is a consequence: it is shown after the causes."""
    rows = {} if withdrawn is None else {(row.kind, row.id): row for row in withdrawn.itertuples(index=False) if isinstance(row.id, str)}
    named = []
    for problem in problems:
        match = _NOT_A.search(problem.message)
        row = rows.get((match.group(2), match.group(1))) if match else None
        if row is None:
            if match and (match.group(2), match.group(1)) in lost:
                problem = Problem(problem.file, problem.record, problem.field,
                                  problem.message + " (it was published: see the problem with the file that held it)", rank=1)
            named.append(problem)
            continue
        replacement = row.replaced_by if isinstance(row.replaced_by, str) and row.replaced_by else None
        said = (f"{row.id!r} is a withdrawn {row.kind} (data/raw/{WITHDRAWN_FILE}, version {row.version}: {str(row.reason).rstrip('.')}); "
                + (f"use its replacement {replacement}" if replacement else "nothing replaces it: take it out"))
        named.append(Problem(problem.file, problem.record, problem.field, problem.message[: match.start()] + said + problem.message[match.end():]))
    return named
