"""rd.load parses each table once per process, keyed by the file's checksum (issue 24, item 3)."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

import repression_data as rd
from repression_data.shipped import loader


def test_a_table_is_parsed_once_per_process(processed_copy, monkeypatch):
    calls = []
    real = loader.read_table
    monkeypatch.setattr(loader, "read_table", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    first = rd.load("claims")
    second = rd.load("claims")
    pd.testing.assert_frame_equal(first, second)
    assert len(calls) == 1
    assert first is not second


def test_changing_a_loaded_frame_changes_nothing_for_the_next_load(processed_copy):
    first = rd.load("claims")
    original = first.loc[0, "claim_id"]
    first.loc[0, "claim_id"] = "changed"
    del first["quote"]
    again = rd.load("claims")
    assert again.loc[0, "claim_id"] == original and "quote" in again.columns


def test_a_changed_file_is_parsed_again(processed_copy):
    before = rd.load("claims")
    path = processed_copy / "claims.parquet"
    before.head(3).to_parquet(path, index=False)
    manifest = json.loads((processed_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["claims"]["files"]["parquet"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (processed_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert len(rd.load("claims")) == 3


def test_a_changed_file_the_manifest_does_not_know_is_still_refused_after_a_cached_load(processed_copy):
    assert len(rd.load("claims")) > 3
    path = processed_copy / "claims.parquet"
    rd.load("claims").head(3).to_parquet(path, index=False)
    with pytest.raises(loader.IntegrityError, match="claims.parquet"):
        rd.load("claims")


# rd.compare and rd.evaluate_relations prepare what they share once per set of tables (issue 24, item 3).

def _rewrite(folder, name: str, frame: pd.DataFrame) -> None:
    path = folder / f"{name}.parquet"
    frame.to_parquet(path, index=False)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"][name]["files"]["parquet"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_evaluate_relations_of_a_theme_is_the_theme_judged_alone(processed_copy):
    from repression_data.engine.relations import evaluate

    relations, claims = rd.load("relations"), rd.load("claims")
    readings, words = rd.load("readings"), rd.load("order_words")
    themes = sorted(set(relations["theme"]))
    assert len(themes) > 1
    for theme in themes:
        alone = evaluate(relations[relations["theme"] == theme], claims, readings, words)
        pd.testing.assert_frame_equal(rd.evaluate_relations(theme), alone, check_exact=True)
    pd.testing.assert_frame_equal(rd.evaluate_relations(), evaluate(relations, claims, readings, words), check_exact=True)


def test_compare_prepared_once_gives_what_the_engine_gives_for_every_quantity(processed_copy):
    from repression_data.engine.quantities import compare

    tables = [rd.load(n) for n in ("claims", "sources", "quantities", "quantity_members", "producers", "measures", "restatements")]
    for quantity_id in rd.load("quantities")["quantity_id"]:
        pd.testing.assert_frame_equal(rd.compare(quantity_id), compare(quantity_id, *tables), check_exact=True)


def test_changing_a_prepared_answer_changes_nothing_for_the_next_call(processed_copy):
    quantity_id = rd.load("quantities")["quantity_id"].iloc[0]
    side, judged = rd.compare(quantity_id), rd.evaluate_relations()
    side.loc[0, "value"], judged.loc[0, "verdict"] = -1, "changed"
    assert rd.compare(quantity_id).loc[0, "value"] != -1
    assert rd.evaluate_relations().loc[0, "verdict"] != "changed"


def test_a_new_build_is_prepared_again(processed_copy):
    judged = rd.evaluate_relations()
    relation = judged[(judged["operation"] == "sum") & judged["computed_value"].notna()].iloc[0]
    operand = relation["claim_ids"].split(";")[0]
    member = rd.load("quantity_members").iloc[0]  # a figure joined to a quantity by hand
    claims = rd.load("claims")
    changed = claims.copy()
    changed.loc[changed["claim_id"].isin([operand, member["claim_id"]]), "value"] = 123456789.0
    _rewrite(processed_copy, "claims", changed)
    again = rd.evaluate_relations().set_index("relation_id").loc[relation["relation_id"]]
    assert again["computed_value"] != relation["computed_value"]
    side = rd.compare(member["quantity_id"]).set_index("claim_id")
    assert side.at[member["claim_id"], "value"] == 123456789.0


def test_a_table_changed_or_removed_after_a_prepared_answer_is_refused_as_load_refuses_it(processed_copy):
    quantity_id = rd.load("quantities")["quantity_id"].iloc[0]
    rd.compare(quantity_id), rd.evaluate_relations()
    path = processed_copy / "claims.parquet"
    rd.load("claims").head(3).to_parquet(path, index=False)  # the manifest not told
    with pytest.raises(loader.IntegrityError, match="claims.parquet"):
        rd.compare(quantity_id)
    with pytest.raises(loader.IntegrityError, match="claims.parquet"):
        rd.evaluate_relations()
    path.unlink()
    with pytest.raises(loader.MissingTableError, match="claims.parquet"):
        rd.compare(quantity_id)


@pytest.mark.parametrize("theme", [pd.NA, ["mass_operations"], 3, b"mass_operations"])
def test_a_theme_that_is_not_a_name_is_an_unknown_theme(processed_copy, theme):
    from repression_data.engine.relations import UnknownThemeError

    with pytest.raises(UnknownThemeError, match="the themes are"):
        rd.evaluate_relations(theme)


@pytest.mark.parametrize("quantity_id", [["x"], {"x": 1}, None, 3])
def test_a_quantity_that_is_not_a_name_is_unknown(processed_copy, quantity_id):
    with pytest.raises(KeyError, match="the quantities are"):
        rd.compare(quantity_id)
