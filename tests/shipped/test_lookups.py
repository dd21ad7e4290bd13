"""The terminal's lookups answer from the shipped SQLite database without pandas, and give the
answers the pandas functions of the Python API give: for every claim, every quantity, every
relation, every table and a set of searches."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import repression_data as rd
from repression_data.publish.lookups import json_records
from repression_data.shipped import database, lookups
from repression_data.shipped.citation import describe_claim
from repression_data.shipped.loader import IntegrityError, data_root
from repression_data.shipped.search import search as pandas_search

SEARCHES = [
    ("shot in 1937-38", {}), ("681692", {}), ("681,692", {}), ("ezhov", {}), ("kulak", {}), ("", {"measure": "executions"}),
    ("shot", {"measure": "Executions"}), ("", {"source": "GN"}), ("", {"source": "getty"}), ("", {"region": "ukraine"}),
    ("", {"producer": "nkvd"}), ("", {"qualifier": "approx"}), ("1937", {"measure": "arrests"}), ("", {}),
    ("", {"years": (1937, 1937)}), ("", {"years": (1937, 1938)}), ("", {"years": (1921, 1930)}),
]


def _pandas_records(frame: pd.DataFrame) -> list[dict]:
    return [json.loads(r) for r in json_records(frame)]


@pytest.mark.parametrize("text,filters", SEARCHES)
def test_search_gives_what_the_pandas_search_gives(text, filters):
    ours = lookups.search(text, **filters)
    if "years" in filters:  # the pandas search takes one year: a span is the claims that overlap any of its years
        first, last = filters["years"]
        ids: list[str] = []
        for year in range(first, last + 1):
            ids += [i for i in pandas_search(text, year=year)["claim_id"] if i not in ids]
        assert sorted(r["claim_id"] for r in ours) == sorted(ids)
        return
    theirs = _pandas_records(pandas_search(text, **filters))
    assert ours == theirs


def test_every_claim_shows_and_cites_as_the_pandas_functions_do(monkeypatch):
    from repression_data.shipped import citation

    frames = {name: rd.load(name) for name in ("claims", "sources", "readings", "measures", "categories", "qualifiers")}
    monkeypatch.setattr(citation, "load", lambda name: frames[name].copy() if name in frames else rd.load(name))
    for claim_id in rd.load("claims")["claim_id"]:
        assert lookups.show(claim_id) == describe_claim(claim_id)
        assert lookups.cite(claim_id) == rd.cite(claim_id)
        assert lookups.cite(claim_id.lower(), style="bibtex") == rd.cite(claim_id, style="bibtex")


def test_every_table_and_the_package_cite_as_rd_cite_does():
    for name in rd.tables():
        assert lookups.cite(name) == rd.cite(name)
    for style in ("apa", "bibtex", "cff"):
        assert lookups.cite(None, style) == rd.cite(style=style)


def test_every_quantity_compares_as_rd_compare_does():
    quantities = rd.load("quantities")
    assert lookups.quantities() == _pandas_records(quantities)
    for quantity_id in quantities["quantity_id"]:
        assert lookups.compare(quantity_id) == _pandas_records(rd.compare(quantity_id))


def test_relations_are_those_rd_evaluate_relations_gives():
    ours, columns = lookups.relations()
    theirs = rd.evaluate_relations()
    assert ours == _pandas_records(theirs[theirs["relation_id"].notna()]) and columns == list(theirs.columns)
    inconsistent, _ = lookups.relations(verdicts=["Inconsistent"])
    assert [r["relation_id"] for r in inconsistent] == list(theirs.loc[theirs["verdict"] == "inconsistent", "relation_id"])
    with pytest.raises(lookups.SearchError, match="the verdicts are"):
        lookups.relations(verdicts=["wrong"])


def test_unknown_ids_get_the_nearest_and_withdrawn_ids_say_why():
    with pytest.raises(lookups.UnknownIdError, match="did you mean GN-0542"):
        lookups.find_claim_ids(["GN-05422"])
    withdrawn = rd.load("withdrawn")
    if len(withdrawn):
        gone = withdrawn["id"].iloc[0]
        with pytest.raises(lookups.UnknownIdError, match="was withdrawn in version"):
            lookups.find_claim_ids([gone.lower()])


LOOKUPS_WITHOUT_PANDAS = """
import sys
sys.modules["pandas"] = None  # 'import pandas' now fails
sys.modules["pyarrow"] = None
from repression_data.cli.main import main
for args in (["show", "GN-0542", "rm-0010"], ["search", "shot in 1937-38"], ["search", "--measure", "executions", "--format", "json"],
             ["search", "681692", "--format", "csv"], ["cite", "GN-0542", "--style", "bibtex"], ["cite", "claims"], ["cite"],
             ["compare"], ["compare", "executions-ussr-1937-38"], ["relations", "--claim", "GN-0542"], ["relations", "--verdict", "inconsistent"]):
    code = main(args)
    assert code == 0, (args, code)
print("\\nLOADED:", sorted(m for m in sys.modules if m.split(".")[0] in ("pandas", "pyarrow", "numpy") and sys.modules[m] is not None))
"""


def test_the_lookups_run_with_pandas_unimportable():
    result = subprocess.run([sys.executable, "-c", LOOKUPS_WITHOUT_PANDAS], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "GN-0542" in result.stdout and "@book{getty_naumov_1999" in result.stdout
    assert result.stdout.rstrip().endswith("LOADED: []")


def test_importing_the_package_and_its_command_imports_no_pandas():
    code = ("import sys, repression_data, repression_data.cli.main; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'pyarrow', 'numpy')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stdout + result.stderr


def test_a_changed_database_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    folder.mkdir()
    root = data_root()
    shutil.copy(root / "manifest.json", folder / "manifest.json")
    data = (root / "repression-data.db").read_bytes()
    (folder / "repression-data.db").write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    monkeypatch.setattr(database, "data_root", lambda: folder)
    monkeypatch.setattr(database, "_OPEN", {})
    with pytest.raises(IntegrityError, match="the manifest records"):
        database.connect()


# --- citations people paste (issue 23, item 2) ------------------------------------------------------

def test_a_claim_is_cited_in_apa_7_with_the_page_apart_for_the_text():
    apa = rd.cite("GN-0542")
    reference, in_text, where = apa.splitlines()
    assert reference.startswith("Getty, J. A., & Naumov, O. V. (1999).") and "p. 591" not in reference and "GN-0542" not in reference
    assert reference.endswith("Yale University Press.")  # APA 7: the publisher without its place
    assert in_text == "In the text: (Getty & Naumov, 1999, p. 591)"
    assert "GN-0542" in where and rd.__version__ in where


def test_apa_authors_initials_and_texts_without_an_author():
    from repression_data.shipped.references import apa_authors, cite_source, in_text

    three = {"authors": "Smith, Anna-Maria; Jones, B.; Brown, Carl Dieter", "year": 2001, "title": "A title", "kind": "monograph",
             "container": None, "publisher": "Press, Town", "pages": None, "doi": None, "url": None}
    assert apa_authors(three) == "Smith, A.-M., Jones, B., & Brown, C. D."
    assert in_text(three, "pp. 3-4") == "(Smith et al., 2001, pp. 3-4)"
    assert cite_source(three) == "Smith, A.-M., Jones, B., & Brown, C. D. (2001). A title. Press."
    nobody = {**three, "authors": None, "year": None, "kind": "web_page", "title": "Archives for category: USSR", "container": "A blog",
              "url": "https://example.org/x"}
    assert cite_source(nobody) == "Archives for category: USSR. (n.d.). A blog. https://example.org/x"
    assert in_text(nobody) == '("Archives for category: USSR", n.d.)'
    article = {**three, "kind": "article_abstract", "container": "Journal, vol. 7, no. 2", "pages": "182-192", "doi": "10.1/x"}
    assert cite_source(article).endswith("A title. Journal, vol. 7, no. 2, 182-192. https://doi.org/10.1/x")


def test_bibtex_gives_one_entry_per_text_with_the_pages_in_the_note():
    claims = rd.load("claims")
    several = list(claims.loc[claims["source_id"] == "getty-naumov-1999", "claim_id"][:3]) + ["RM-0010"]
    bib = rd.cite(several, style="bibtex")
    assert bib.count("@book{getty_naumov_1999,") == 1 and bib.count("@incollection{reiman_2016,") == 1 and bib.count("@") == 2
    for claim_id in several:
        assert f"repression-data claim {claim_id}" in bib
    assert lookups.cite(several, style="bibtex") == bib
    assert all("year = {" in entry for entry in bib.split("\n\n"))


def test_the_package_is_cited_with_its_release_year():
    from repression_data import metadata

    year = str(metadata.RELEASE_DATE)[:4]
    assert f"year = {{{year}}}" in rd.cite(style="bibtex")
    assert rd.cite().startswith(f"The repression-data contributors. ({year}).") and f"(Version {rd.__version__}) [Data set]." in rd.cite()


def test_the_database_holds_each_claims_citation_as_rd_cite_gives_it():
    rows = database.rows("SELECT * FROM lookup_claim_citations")
    assert len(rows) == len(rd.load("claims"))
    gn = next(r for r in rows if r["claim_id"] == "GN-0542")
    assert gn["citation"] == rd.cite("GN-0542") and gn["bibtex"] == rd.cite("GN-0542", style="bibtex")
    assert gn["in_text"] == "(Getty & Naumov, 1999, p. 591)" and gn["reference"] == rd.cite("GN-0542").splitlines()[0]
    view = database.rows("SELECT citation FROM claim_citations WHERE claim_id = 'GN-0542'")
    assert view[0]["citation"] == gn["citation"]


def test_a_quoted_phrase_is_one_piece_and_quotes_are_never_searched_for():
    """Check report C4: the terminal found 0 claims for '"were shot"' (it looked for '"were' and 'shot"') and 56 for
    a lone '"'; the browser found 3 and answered an SQLite error. A phrase is now one piece in both."""
    from repression_data.shipped import lookups
    from repression_data.shipped.search import search as frame_search

    assert lookups.search_words('"Were SHOT" 681,692 "x') == ["were shot", "681692", "x"]
    assert lookups.search_words('"') == [] and lookups.search_words('""  ') == []
    found = [c["claim_id"] for c in lookups.search('"were shot"')]
    assert "GN-0542" in found
    assert set(found) < {c["claim_id"] for c in lookups.search("were shot")}  # side by side, not anywhere
    assert len(lookups.search('"')) == len(lookups.search(""))
    assert sorted(frame_search('"were shot"')["claim_id"]) == sorted(found)
