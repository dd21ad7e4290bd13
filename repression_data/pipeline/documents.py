"""The documents generated beside the data: the codebook, CITATION.cff and the id list of this
version (data/published/<version>.csv), by their paths in the checkout; written atomically, and
compared with what is committed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from repression_data._version import __version__
from repression_data.checks.published import PUBLISHED_DIR, id_list_text
from repression_data.errors import Problem
from repression_data.files import write_text_atomically
from repression_data.publish.codebook import codebook
from repression_data.shipped.citation import citation_cff


def generated_documents(tables: dict[str, pd.DataFrame], version: str, bindings: dict | None = None) -> dict[str, str]:
    """The files generated beside the data, by path relative to the checkout: the codebook,
    CITATION.cff and the list of the ids this version publishes (data/published/<version>.csv).
    ``bindings``: the ids' fingerprints where the build made them already (``build_tables``)."""

    return {"docs/codebook.md": codebook(tables), "CITATION.cff": citation_cff(),
            f"data/{PUBLISHED_DIR}/{version}.csv": id_list_text(tables, bindings or None)}


def is_checkout_processed(out: Path, raw: Path) -> bool:
    """Is ``out`` the data/processed of the checkout that holds ``raw`` (where the generated documents belong)?"""
    checkout = raw.parent.parent
    return out == raw.parent / "processed" and (checkout / "docs").is_dir()


def generated_docs(tables, checkout: Path) -> dict[Path, str]:
    """The files generated from the schemas beside the data: the codebook, CITATION.cff and
    the id list of this version (data/published/<version>.csv), by their paths in the checkout."""

    return {checkout / relative: text for relative, text in generated_documents(tables, __version__).items()}


def write_generated_docs(tables, checkout: Path) -> None:

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
