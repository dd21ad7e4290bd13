"""Citable releases: a bundle of every table with its description, and the diff of two bundles.

A bundle holds every table as Parquet and CSV, the manifest, datapackage.json,
the codebook, CITATION.cff, the CHANGELOG, .zenodo.json, a README (what each file is, how to
open, cite and check it) and SHA256SUMS. Built
twice from the same commit it is byte-identical (no timestamps anywhere).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd

from repression_data import metadata
from repression_data.checks.bindings import corrections_errata
from repression_data.files import STAGING_MARKER, replace_folder, sha256_of, staging_folder
from repression_data.engine.relations import evaluate as evaluate_relations
from repression_data.paths import PACKAGE_DIR
from repression_data.publish.bundle_readme import bundle_readme
from repression_data.shipped.citation import citation_cff, cite_source
from repression_data.shipped.loader import load, read_table, verify_all

CLAIM_FIELDS_COMPARED = ["value_printed", "value", "value_low", "value_high", "qualifier", "reading_note", "reading_basis", "reading_evidence", "unit", "measure",
                         "category", "region", "period_start", "period_end", "attributed_to", "producer_id", "locator", "page", "line", "quote",
                         "page_low", "page_high", "page_basis"]


RESOURCE_TYPES = {"monograph": "publication-book", "book_chapter": "publication-section", "article_abstract": "publication-article",
                  "web_page": "other"}


def _creator(author: dict) -> dict:
    if author.get("kind") == "organisation":
        return {"person_or_org": {"type": "organizational", "name": author["name"]}}
    return {"person_or_org": {"type": "personal", "given_name": author["given"], "family_name": author["family"]}}


def zenodo_metadata(sources: pd.DataFrame | None = None) -> dict:
    """.zenodo.json in Zenodo's record metadata (InvenioRDM): organisations typed as organisations,
    and the texts behind the data as references and, where they have a DOI, ISBN or URL, as related identifiers."""

    sources = load("sources") if sources is None else sources
    related = []
    for source in sources.sort_values("source_id").itertuples(index=False):
        kind = {"resource_type": {"id": RESOURCE_TYPES.get(source.kind, "other")}, "relation_type": {"id": "references"}}
        for scheme in ("doi", "isbn", "url"):
            value = getattr(source, scheme, None)
            if isinstance(value, str) and value:
                related.append({"identifier": value, "scheme": scheme, **kind})
    return {
        "metadata": {
            "title": metadata.TITLE, "resource_type": {"id": "dataset"}, "version": metadata.VERSION,
            "publication_date": metadata.RELEASE_DATE, "description": metadata.DESCRIPTION,
            "creators": [_creator(a) for a in metadata.AUTHORS],
            "rights": [{"id": metadata.LICENSE.lower()}, {"id": metadata.CODE_LICENSE.lower()}],
            "subjects": [{"subject": k} for k in metadata.KEYWORDS],
            "related_identifiers": related,
            "references": [{"reference": cite_source(row)} for _, row in sources.sort_values("source_id").iterrows()],
        },
        "access": {"record": "public", "files": "public"},
    }


def package_file(repo: Path | None, name: str) -> Path:
    """A file a bundle carries beside the tables (LICENSE, LICENSE-DATA, CHANGELOG.md): from the
    checkout when there is one, else from the installed package (the wheel ships them in _meta)."""
    if repo is not None and (repo / name).is_file():
        return repo / name

    shipped = PACKAGE_DIR / "_meta" / name
    if shipped.is_file():
        return shipped
    raise FileNotFoundError(f"{name} is neither in the checkout ({repo}) nor in the installed package ({shipped.parent})")


def errata(withdrawn: pd.DataFrame, corrections: pd.DataFrame | None = None) -> str:
    """ERRATA.md of a release: every id withdrawn so far, with its date, version, reason and replacement,
    then every recorded correction (checks/bindings.py)."""
    lines = [f"# Errata: repression-data {metadata.VERSION}", "",
             "Ids once published and then withdrawn. A withdrawn id is never used again; cite the replacement where there is one.", ""]
    if withdrawn.empty:
        lines.append("Nothing has been withdrawn.")
    else:
        lines += ["| id | kind | date | version | reason | replaced by |", "|---|---|---|---|---|---|"]
        for row in withdrawn.sort_values(["version", "kind", "id"]).itertuples(index=False):
            date = row.date.strftime("%Y-%m-%d") if hasattr(row.date, "strftime") else str(row.date)
            reason = str(row.reason).replace("|", "/").replace("\n", " ")
            lines.append(f"| `{row.id}` | {row.kind} | {date} | {row.version} | {reason} | {row.replaced_by if isinstance(row.replaced_by, str) else ''} |")
    lines += corrections_errata(corrections)
    return "\n".join(lines) + "\n"


def build_release(processed: Path, repo: Path | None, out: Path) -> Path:
    """Write the bundle into ``out`` (replacing it atomically).

    ``repo`` is the checkout, or None for an installed package (the codebook,
    licences and CHANGELOG then come from the package). Refuses processed
    files that do not match their manifest, and a checkout's codebook that is
    not the one the manifest records.
    """

    problems = verify_all(processed)
    if problems:
        raise RuntimeError("the processed files do not match their manifest:\n" + "\n".join(problems))
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    codebook = repo / "docs" / "codebook.md" if repo is not None else None
    recorded = manifest.get("documents", {}).get("docs/codebook.md")
    if codebook is not None and recorded and sha256_of(codebook) != recorded:
        raise RuntimeError(f"{codebook} is not the codebook the manifest records: run 'repression-data build'")
    staging = staging_folder(out)
    try:
        for path in sorted(processed.iterdir()):
            if path.is_file():
                shutil.copyfile(path, staging / path.name)
        if not (staging / "codebook.md").is_file():  # tables built before the codebook shipped with them
            shutil.copyfile(repo / "docs" / "codebook.md", staging / "codebook.md")
        for name in ("CHANGELOG.md", "LICENSE", "LICENSE-DATA"):
            shutil.copyfile(package_file(repo, name), staging / name)
        (staging / "CITATION.cff").write_text(citation_cff(), encoding="utf-8")
        sources = read_table(processed / "sources.parquet")
        (staging / ".zenodo.json").write_text(json.dumps(zenodo_metadata(sources), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        withdrawn_entry = manifest["tables"].get("withdrawn")
        withdrawn = read_table(processed / withdrawn_entry["files"]["parquet"]["path"], withdrawn_entry.get("dates", ())) if withdrawn_entry else pd.DataFrame()
        corrections_entry = manifest["tables"].get("corrections")
        corrections = read_table(processed / corrections_entry["files"]["parquet"]["path"], corrections_entry.get("dates", ())) if corrections_entry else None
        (staging / "ERRATA.md").write_text(errata(withdrawn, corrections), encoding="utf-8")
        (staging / "README.md").write_text(bundle_readme(manifest), encoding="utf-8")
        sums = [f"{sha256_of(p)}  {p.name}" for p in sorted(staging.iterdir()) if p.is_file() and p.name != STAGING_MARKER]
        (staging / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
        replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def check_bundle(folder: Path) -> list[str]:
    """Every problem with a bundle's SHA256SUMS: missing, a file that differs, a file it does not list."""
    sums = folder / "SHA256SUMS"
    if not folder.is_dir():
        return [f"{folder} is not a folder"]
    if not sums.is_file():
        return [f"{folder} is not a release bundle (no SHA256SUMS)"]
    problems, listed = [], set()
    for number, line in enumerate(sums.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if not name or "/" in name or name in ("..", "."):
            problems.append(f"{sums}, line {number}: not a 'sha256  name' line")
            continue
        listed.add(name)
        path = folder / name
        if not path.is_file():
            problems.append(f"{path} is listed in SHA256SUMS but missing")
        elif sha256_of(path) != digest:
            problems.append(f"{path} does not match its sha256 in SHA256SUMS: the bundle is damaged or was changed")
    for path in sorted(folder.iterdir()):
        if path.name not in listed and path.name != "SHA256SUMS":
            problems.append(f"{path} is not listed in SHA256SUMS")
    if "manifest.json" not in listed:
        problems.append(f"{folder} has no manifest.json")
    return problems


def _keys(folder: Path) -> dict[str, list[str]]:
    """Each table's primary key, from the bundle's datapackage.json."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: list(r["schema"]["primaryKey"]) for r in package["resources"]}


def _table(folder: Path, name: str) -> pd.DataFrame:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return read_table(folder / manifest["tables"][name]["files"]["parquet"]["path"], manifest["tables"][name].get("dates", ()))


def _same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return bool(a == b)


def diff_bundles(old: Path, new: Path) -> dict:
    """Every table compared row by row on its primary key: added, removed and changed (field by field).

    Returns {"tables": {name: {"added", "removed", "changed"}}, "only_old", "only_new", "errata"} where errata
    is the withdrawn rows the new bundle adds, and "unwithdrawn" lists removed ids no withdrawal accounts for.
    """
    old_keys, new_keys = _keys(old), _keys(new)
    result: dict = {"tables": {}, "only_old": sorted(set(old_keys) - set(new_keys)), "only_new": sorted(set(new_keys) - set(old_keys))}
    for name in sorted(set(old_keys) & set(new_keys)):
        key = new_keys[name]
        before, after = _table(old, name), _table(new, name)
        label = lambda frame: frame[key].astype("str").agg("/".join, axis=1) if len(frame) else pd.Series([], dtype="str")  # noqa: E731
        before.index, after.index = label(before), label(after)
        added = sorted(set(after.index) - set(before.index))
        removed = sorted(set(before.index) - set(after.index))
        changes = []
        fields = [c for c in after.columns if c in before.columns and c not in key]
        for row in sorted(set(before.index) & set(after.index)):
            for field in fields:
                a, b = before.at[row, field], after.at[row, field]
                if not _same(a, b):
                    changes.append((row, field, a, b))
        result["tables"][name] = {"added": added, "removed": removed, "changed": changes,
                                  "rows_old": before, "rows_new": after}
    for name in sorted(set(old_keys) & set(new_keys)):
        part = result["tables"][name]
        part["columns_added"] = [c for c in part["rows_new"].columns if c not in part["rows_old"].columns]
        part["columns_removed"] = [c for c in part["rows_old"].columns if c not in part["rows_new"].columns]
    result["verdicts"], result["verdict_notes"] = _verdicts(result, old, new, old_keys, new_keys)
    withdrawn_new = _table(new, "withdrawn") if "withdrawn" in new_keys else pd.DataFrame(columns=["id", "kind"])
    withdrawn_old = _table(old, "withdrawn") if "withdrawn" in old_keys else pd.DataFrame(columns=["id", "kind"])
    before = set(zip(withdrawn_old["kind"], withdrawn_old["id"]))
    result["errata"] = withdrawn_new[[(k, i) not in before for k, i in zip(withdrawn_new["kind"], withdrawn_new["id"])]]
    gone = set(zip(withdrawn_new["kind"], withdrawn_new["id"]))
    kind_of = {"claims": "claim", "relations": "relation", "quantities": "quantity"}
    result["unwithdrawn"] = [(name, row) for name, kind in kind_of.items() if name in result["tables"]
                             for row in result["tables"][name]["removed"] if (kind, row) not in gone]
    return result


def _relation_verdicts(folder: Path, keys: dict[str, list[str]]) -> pd.Series:
    """relation_id -> verdict, as this version's engine judges the bundle's relations, claims and readings."""
    readings = _table(folder, "readings") if "readings" in keys else None
    words = _table(folder, "order_words") if "order_words" in keys else None
    judged = evaluate_relations(_table(folder, "relations"), _table(folder, "claims"), readings, words)
    return pd.Series(judged["verdict"].values, index=judged["relation_id"].values)


def _verdicts(result: dict, old: Path, new: Path, old_keys: dict, new_keys: dict) -> tuple[list[tuple[str, str, object, object]], list[str]]:
    """Every changed verdict: (kind, id, old, new) for a quantity's agreement and a relation's verdict; and notes on what could not be compared."""
    verdicts, notes = [], []
    quantities = result["tables"].get("quantities")
    if quantities is not None:
        verdicts += [("quantity agreement", row, a, b) for row, field, a, b in quantities["changed"] if field == "agreement"]
        verdicts += [("quantity agreement", row, None, quantities["rows_new"].at[row, "agreement"]) for row in quantities["added"]
                     if "agreement" in quantities["rows_new"].columns]
    if "relations" in old_keys and "relations" in new_keys:
        try:
            before, after = _relation_verdicts(old, old_keys), _relation_verdicts(new, new_keys)
        except (KeyError, ValueError, TypeError) as error:  # a bundle too old for this engine
            notes.append(f"relation verdicts not compared: {error}")
        else:
            for relation_id in sorted(set(before.index) | set(after.index)):
                a, b = before.get(relation_id), after.get(relation_id)
                if a != b:
                    verdicts.append(("relation verdict", relation_id, a, b))
            notes.append("relation verdicts as this version's engine judges each bundle's relations and claims (a change of the engine's rules is in the CHANGELOG)")
    return verdicts, notes


def render_diff_bundles(result: dict, old: Path, new: Path) -> str:
    lines = []
    verdicts = result.get("verdicts", [])
    lines.append(f"verdicts: {len(verdicts)} changed ({old} -> {new})")
    lines += [f"~ {kind} {row}: {_show(a)} -> {_show(b)}" for kind, row, a, b in verdicts]
    lines += [f"  ({note})" for note in result.get("verdict_notes", [])]
    claims = result["tables"].get("claims")
    if claims is not None:
        lines.append(f"claims: {len(claims['added'])} added, {len(claims['removed'])} removed, "
                     f"{len({c[0] for c in claims['changed']})} changed ({old} -> {new})")
        after, before = claims["rows_new"], claims["rows_old"]
        for claim_id in claims["added"]:
            lines.append(f"+ {claim_id}: {after.at[claim_id, 'value_printed']!r} ({after.at[claim_id, 'measure']}, {after.at[claim_id, 'source_id']})")
        for claim_id in claims["removed"]:
            lines.append(f"- {claim_id}: {before.at[claim_id, 'value_printed']!r} ({before.at[claim_id, 'measure']}, {before.at[claim_id, 'source_id']})")
        for claim_id, field, a, b in claims["changed"]:
            lines.append(f"~ {claim_id} {field}: {_show(a)} -> {_show(b)}")
    unchanged = []
    for name, part in result["tables"].items():
        if name == "claims":
            continue
        if not (part["added"] or part["removed"] or part["changed"] or part.get("columns_added") or part.get("columns_removed")):
            unchanged.append(name)
            continue
        lines.append(f"{name}: {len(part['added'])} added, {len(part['removed'])} removed, {len({c[0] for c in part['changed']})} changed")
        lines += [f"+ {name} column {column}" for column in part.get("columns_added", [])]
        lines += [f"- {name} column {column}" for column in part.get("columns_removed", [])]
        lines += [f"+ {name} {row}" for row in part["added"]]
        lines += [f"- {name} {row}" for row in part["removed"]]
        lines += [f"~ {name} {row} {field}: {_show(a)} -> {_show(b)}" for row, field, a, b in part["changed"]]
    if unchanged:
        lines.append(f"unchanged: {', '.join(unchanged)}")
    for name in result["only_old"]:
        lines.append(f"table {name}: only in {old}")
    for name in result["only_new"]:
        lines.append(f"table {name}: new in {new}")
    lines.append(f"errata: {len(result['errata'])} id(s) withdrawn since {old}")
    for row in result["errata"].itertuples(index=False):
        replaced = f"; replaced by {row.replaced_by}" if isinstance(row.replaced_by, str) and row.replaced_by else ""
        lines.append(f"! {row.kind} {row.id} withdrawn in {row.version} ({_show(row.date)}): {row.reason}{replaced}")
    for name, row in result["unwithdrawn"]:
        lines.append(f"!! {name} {row} is gone without a withdrawal: the new bundle breaks a published id")
    return "\n".join(lines)


def diff_claims(old: Path, new: Path) -> dict[str, pd.DataFrame]:
    """Claims added, removed and changed (field by field) between two bundles."""
    before = read_table(old / "claims.parquet").set_index("claim_id")
    after = read_table(new / "claims.parquet").set_index("claim_id")
    added = after.loc[sorted(set(after.index) - set(before.index))].reset_index()
    removed = before.loc[sorted(set(before.index) - set(after.index))].reset_index()
    changes = []
    for claim_id in sorted(set(before.index) & set(after.index)):
        for field in CLAIM_FIELDS_COMPARED:
            a = before.at[claim_id, field] if field in before.columns else None  # older bundles lack the page range
            b = after.at[claim_id, field] if field in after.columns else None
            if not ((pd.isna(a) and pd.isna(b)) or a == b):
                changes.append({"claim_id": claim_id, "field": field, "old": a, "new": b})
    return {"added": added, "removed": removed, "changed": pd.DataFrame(changes, columns=["claim_id", "field", "old", "new"])}


def _show(value) -> str:
    """A cell as a reader would write it: 23279, not np.float64(23279.0)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (pd.Timestamp, dt.date)):  # dates are Parquet date32: datetime.date when read directly
        return value.strftime("%Y-%m-%d")
    return repr(value)


def render_diff(result: dict, old: Path, new: Path) -> str:
    """The diff as text: every table (claims first, field by field), then the errata."""
    if "tables" in result:
        return render_diff_bundles(result, old, new)
    return _render_claims(result, old, new)


def _render_claims(result: dict[str, pd.DataFrame], old: Path, new: Path) -> str:
    lines = [f"claims: {len(result['added'])} added, {len(result['removed'])} removed, {result['changed']['claim_id'].nunique()} changed ({old} -> {new})"]
    for row in result["added"].itertuples(index=False):
        lines.append(f"+ {row.claim_id}: {row.value_printed!r} ({row.measure}, {row.source_id})")
    for row in result["removed"].itertuples(index=False):
        lines.append(f"- {row.claim_id}: {row.value_printed!r} ({row.measure}, {row.source_id})")
    for row in result["changed"].itertuples(index=False):
        lines.append(f"~ {row.claim_id} {row.field}: {_show(row.old)} -> {_show(row.new)}")
    return "\n".join(lines)
