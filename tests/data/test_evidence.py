"""Claims against the texts: skipped, with the reason, where the texts are absent."""

from __future__ import annotations

from repression_data.checks.evidence import check_quotes, check_texts, quote_found
from repression_data.paths import RAW_DIR
from repression_data.pipeline.tables import build_tables


def test_quote_matching_folds_whitespace_and_joins_hyphenated_words():
    lines = ["the largest cate-", "gory of people expelled in these opera- ", "tions (passive members)"]
    assert quote_found("gory of people expelled in these opera- tions", lines, 2)
    assert quote_found("expelled in these operations", lines, 2)
    assert not quote_found("expelled in those operations", lines, 2)
    assert not quote_found("gory of people", ["x"] * 20 + lines, 2), "outside the window"


def test_texts_match_the_registry(texts_dir, built_tables):
    tables = built_tables
    problems = check_texts(tables["sources"], texts_dir)
    assert problems == [], "\n".join(map(str, problems))


def test_every_quote_is_found_near_its_line(texts_dir, built_tables):
    tables = built_tables
    problems = check_quotes(tables["claims"], tables["sources"], texts_dir)
    assert problems == [], "\n".join(map(str, problems))


def test_a_quote_not_in_the_text_is_reported(texts_dir, built_tables):
    tables = built_tables
    claims = tables["claims"].copy()
    row = claims.index[claims["claim_id"] == "RM-0010"][0]
    claims.loc[row, "quote"] = "1936 – 23,297 persons"
    problems = check_quotes(claims, tables["sources"], texts_dir)
    assert [str(p) for p in problems] == [
        "data/raw/claims/reiman-2016.csv, claim RM-0010, field 'quote': not found in 004_ff02eae95da1d9ab.txt within 5 lines of line 49, "
        "nor anywhere else in the text: copy the quote verbatim (line breaks as single spaces)"
    ]


def test_a_changed_text_is_reported(texts_dir, tmp_path, built_tables):
    tables = built_tables
    for source in tables["sources"].itertuples():
        (tmp_path / source.text_file).write_bytes((texts_dir / source.text_file).read_bytes())
    altered = tmp_path / "004_ff02eae95da1d9ab.txt"
    altered.write_text(altered.read_text(encoding="utf-8").replace("23,279", "23,297"), encoding="utf-8")
    problems = check_texts(tables["sources"], tmp_path)
    assert len(problems) == 1 and problems[0].field == "text_sha256" and "reiman-2016" in problems[0].file


def test_every_acknowledgement_of_a_conflict_is_found_in_its_text(texts_dir):
    from repression_data.checks.evidence import read_text_lines

    quantities = __import__("pandas").read_csv(RAW_DIR / "quantities.csv", dtype=str, keep_default_na=False)
    sources = build_tables(RAW_DIR)["sources"].set_index("source_id")
    given = quantities[quantities["acknowledged_quote"] != ""]
    assert len(given) >= 4
    for q in given.itertuples(index=False):
        lines = read_text_lines(texts_dir / sources.at[q.acknowledged_source, "text_file"])
        assert quote_found(q.acknowledged_quote, lines, int(q.acknowledged_line)), q.quantity_id
