"""Generated metadata: no 'nan' or 'None' anywhere; CITATION.cff and .zenodo.json say what they must."""

from __future__ import annotations

import json
import re

import pytest

import repression_data as rd
from repression_data.paths import CHECKOUT_PROCESSED_DIR, REPO_DIR
from repression_data.publish.release import build_release

LEAKS = re.compile(r"\b(nan|NaN|None|NaT|<NA>)\b")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return build_release(CHECKOUT_PROCESSED_DIR, REPO_DIR, tmp_path_factory.mktemp("release") / "bundle")


def test_no_generated_metadata_file_holds_nan_or_none(bundle):
    files = [p for p in bundle.iterdir() if p.suffix in (".json", ".md", ".cff", "") and p.is_file() and p.name not in ("LICENSE", "LICENSE-DATA", "SHA256SUMS")]
    files += [REPO_DIR / "CITATION.cff", REPO_DIR / "docs" / "codebook.md", CHECKOUT_PROCESSED_DIR / "datapackage.json", CHECKOUT_PROCESSED_DIR / "manifest.json"]
    assert {p.name for p in files} >= {"datapackage.json", "codebook.md", "CITATION.cff", ".zenodo.json", "manifest.json"}
    for path in files:
        text = path.read_text(encoding="utf-8")
        leaks = [m.group(0) for m in LEAKS.finditer(text)]
        assert not leaks, f"{path.name} holds {leaks[:5]}"


def test_no_csv_cell_is_a_leaked_missing_value(bundle):
    import csv

    for path in bundle.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                assert not any(cell in ("nan", "NaN", "None", "NaT", "<NA>") for cell in row), (path.name, row[:3])


def test_the_anonymous_web_page_is_cited_as_anonymous_with_no_date(bundle):
    package = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    titles = [s["title"] for s in package["sources"]]
    assert any(t.startswith("Anonymous (n.d.).") for t in titles) and len(titles) == len(rd.load("sources"))


def test_citation_cff_has_the_version_and_the_release_date():
    text = (REPO_DIR / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{rd.__version__}"' in text
    assert re.search(r"^date-released: \d{4}-\d{2}-\d{2}$", text, re.M)
    assert "  - CC-BY-4.0" in text and "  - MIT" in text


def test_zenodo_metadata_types_organisations_and_links_the_texts(bundle):
    zenodo = json.loads((bundle / ".zenodo.json").read_text(encoding="utf-8"))["metadata"]
    creators = [c["person_or_org"] for c in zenodo["creators"]]
    assert creators and all(c["type"] == "organizational" and "family_name" not in c for c in creators if "contributors" in c["name"])
    sources = rd.load("sources")
    assert len(zenodo["references"]) == len(sources)
    dois = {r["identifier"] for r in zenodo["related_identifiers"] if r["scheme"] == "doi"}
    assert dois == set(sources["doi"].dropna())
    assert all(r["relation_type"]["id"] == "references" for r in zenodo["related_identifiers"])
    assert zenodo["version"] == rd.__version__ and zenodo["publication_date"]
