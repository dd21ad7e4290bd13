"""Citable releases: a bundle of every table with its description, and the diff of two bundles.

A bundle holds every table as Parquet and CSV, the manifest, datapackage.json,
the codebook, CITATION.cff, the CHANGELOG, .zenodo.json and SHA256SUMS. Built
twice from the same commit it is byte-identical (no timestamps anywhere).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd

from . import metadata
from .citation import citation_cff
from .loader import read_table
from .output import replace_folder, sha256_of, staging_folder

CLAIM_FIELDS_COMPARED = ["value_printed", "value", "value_low", "value_high", "qualifier", "reading_note", "unit", "measure",
                         "category", "region", "period_start", "period_end", "attributed_to", "locator", "page", "line", "quote"]


RESOURCE_TYPES = {"monograph": "publication-book", "book_chapter": "publication-section", "article_abstract": "publication-article",
                  "web_page": "other"}


def _creator(author: dict) -> dict:
    if author.get("kind") == "organisation":
        return {"person_or_org": {"type": "organizational", "name": author["name"]}}
    return {"person_or_org": {"type": "personal", "given_name": author["given"], "family_name": author["family"]}}


def zenodo_metadata(sources: pd.DataFrame | None = None) -> dict:
    """.zenodo.json in Zenodo's record metadata (InvenioRDM): organisations typed as organisations,
    and the texts behind the data as references and, where they have a DOI, ISBN or URL, as related identifiers."""
    from .citation import cite_source
    from .loader import load

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
    from .paths import PACKAGE_DIR

    shipped = PACKAGE_DIR / "_meta" / name
    if shipped.is_file():
        return shipped
    raise FileNotFoundError(f"{name} is neither in the checkout ({repo}) nor in the installed package ({shipped.parent})")


def build_release(processed: Path, repo: Path, out: Path) -> Path:
    """Write the bundle into ``out`` (replacing it atomically)."""
    from .loader import verify_all

    problems = verify_all(processed)
    if problems:
        raise RuntimeError("the processed files do not match their manifest:\n" + "\n".join(problems))
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
        sums = [f"{sha256_of(p)}  {p.name}" for p in sorted(staging.iterdir()) if p.is_file()]
        (staging / "SHA256SUMS").write_text("\n".join(sums) + "\n", encoding="utf-8")
        replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def diff_claims(old: Path, new: Path) -> dict[str, pd.DataFrame]:
    """Claims added, removed and changed (field by field) between two bundles."""
    before = read_table(old / "claims.parquet").set_index("claim_id")
    after = read_table(new / "claims.parquet").set_index("claim_id")
    added = after.loc[sorted(set(after.index) - set(before.index))].reset_index()
    removed = before.loc[sorted(set(before.index) - set(after.index))].reset_index()
    changes = []
    for claim_id in sorted(set(before.index) & set(after.index)):
        for field in CLAIM_FIELDS_COMPARED:
            a, b = before.at[claim_id, field], after.at[claim_id, field]
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


def render_diff(result: dict[str, pd.DataFrame], old: Path, new: Path) -> str:
    lines = [f"claims: {len(result['added'])} added, {len(result['removed'])} removed, {result['changed']['claim_id'].nunique()} changed ({old} -> {new})"]
    for row in result["added"].itertuples(index=False):
        lines.append(f"+ {row.claim_id}: {row.value_printed!r} ({row.measure}, {row.source_id})")
    for row in result["removed"].itertuples(index=False):
        lines.append(f"- {row.claim_id}: {row.value_printed!r} ({row.measure}, {row.source_id})")
    for row in result["changed"].itertuples(index=False):
        lines.append(f"~ {row.claim_id} {row.field}: {_show(row.old)} -> {_show(row.new)}")
    return "\n".join(lines)
