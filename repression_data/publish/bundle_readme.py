"""README.md of a release bundle: what each file is, how to open it, how to cite it, how to check the checksums.

Written from the bundle's own manifest and the catalogue, so it lists exactly the files the bundle holds.
"""

from __future__ import annotations

from repression_data import metadata
from repression_data.publish.catalog import tables as catalogue
from repression_data.shipped.citation import cite_package

# The files every bundle holds besides the tables, in the order the README lists them.
BUNDLE_FILES = {
    "README.md": "this file",
    "codebook.md": "every table and column described, with the vocabularies (read this first)",
    "CITATION.cff": "how to cite this release, in the Citation File Format (GitHub and Zenodo read it)",
    "CHANGELOG.md": "what changed in each release, with the ids of the claims concerned",
    "ERRATA.md": "figures withdrawn since an earlier release, each with its reason",
    "LICENSE-DATA": f"the data's licence ({metadata.LICENSE})",
    "LICENSE": f"the code's licence ({metadata.CODE_LICENSE})",
    "manifest.json": "every table's file names, rows, columns and sha256 (what `repression-data verify` checks)",
    "datapackage.json": "the same tables as a Frictionless Data Package (schemas, keys, licences)",
    ".zenodo.json": "the record's metadata for Zenodo",
    "SHA256SUMS": "the sha256 of every other file of the bundle",
}


def bundle_readme(manifest: dict) -> str:
    """The README of a bundle whose manifest is ``manifest`` (its "tables" and "database" entries)."""
    version = manifest.get("version", metadata.VERSION)
    titles = {info.name: info.title for info in catalogue()}
    wheel = f"repression_data-{version}-py3-none-any.whl"
    lines = [f"# {metadata.NAME} {version}", "", metadata.DESCRIPTION, "",
             "These numbers are people who were shot, imprisoned and expelled: each figure is given as its text prints it, "
             "with the page and a verbatim quote, never a \"fixed\" number.", "",
             "## What each file is", "",
             "Every table comes three times, with the same rows: `.csv` (any tool), `.xlsx` (Excel, LibreOffice; "
             "its first sheet describes the columns) and `.parquet` (pandas, R's arrow, DuckDB).", "",
             "| table | what it holds | files |", "|---|---|---|"]
    for name, entry in sorted(manifest.get("tables", {}).items()):
        files = ", ".join(f"`{file['path']}`" for _, file in sorted(entry.get("files", {}).items()))
        lines.append(f"| {name} | {titles.get(name, name)} ({entry.get('rows', '?')} rows) | {files} |")
    database = manifest.get("database")
    lines += ["", "| file | what it is |", "|---|---|"]
    if database:
        lines.append(f"| `{database['path']}` | every table in one SQLite database, with keys, full-text search and views |")
    lines += [f"| `{name}` | {what} |" for name, what in BUNDLE_FILES.items()]
    lines += ["", "## How to open it", "",
              "- In a spreadsheet: open `claims.xlsx` (or any `.xlsx`); the header is frozen and every column has a filter. "
              "Opening a `.csv` in Excel may change prints such as `936.750` and, without the import dialog, letters outside English: "
              "prefer the `.xlsx`.",
              "- In a web browser or a database tool: open the SQLite file with Datasette, DB Browser for SQLite, or `sqlite3`.",
              "- In Python: `pandas.read_parquet(\"claims.parquet\")`; in R: `arrow::read_parquet(\"claims.parquet\")`; "
              "in DuckDB: `select * from 'claims.parquet'`.",
              f"- As a Python package, with the commands `repression-data show`, `search`, `cite` and `serve`: install the wheel "
              f"published beside this bundle, `pip install \"./{wheel}\"` (add `[serve]` for the browser: "
              f"`pip install \"./{wheel}[serve]\"`).", "",
              "## How to cite it", "",
              "Cite the release:", "", f"> {cite_package('apa')}", "",
              "and, for every figure you use, the text and page it comes from: each claim gives them (`source_id`, `locator`, "
              "`page`; the sources table gives the full reference), and `repression-data cite CLAIM_ID` writes the citation. "
              "`CITATION.cff` holds the release's citation for reference managers.", "",
              "## How to check the files", "",
              "`SHA256SUMS` lists the sha256 of every other file. In this folder:", "",
              "```sh", "sha256sum -c SHA256SUMS          # Linux", "shasum -a 256 -c SHA256SUMS      # macOS", "```", "",
              "On Windows (PowerShell), `Get-FileHash -Algorithm SHA256 claims.csv` prints a file's sha256 to compare with its line. "
              "With the package installed, `repression-data verify --out .` checks the tables against `manifest.json`, and "
              "`repression-data diff OLD_BUNDLE NEW_BUNDLE` refuses bundles whose files do not match their SHA256SUMS.", ""]
    return "\n".join(lines)
