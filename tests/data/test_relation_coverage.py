"""The relation audit: every sentence with 'percent', 'half', 'of whom', ... is a relation or listed as not one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from repression_data.checks.relation_coverage import RULES, Context, mentions_of
from repression_data.errors import RawDataError
from repression_data.pipeline.tables import build_tables


def mention(text: str, trigger: str):
    found = [m for m in mentions_of("x", text) if m.trigger == trigger]
    assert found, (text, trigger)
    return found[0]


def test_triggers_are_found_across_line_breaks_and_in_their_sentence():
    m = mention("The purge expelled about 18 per-\ncent of the members. Next sentence.", "percent")
    assert m.line == 1 and "Next sentence" not in m.sentence
    assert mention("Of 931 names, 198 of whom were shot.", "of whom").line == 1
    assert mention("There were more than 40 arrests in 1935 than in 1934.", "more than ... than")
    assert not [m for m in mentions_of("x", "There were more than 40 arrests.") if m.trigger == "more than ... than"]
    assert not [m for m in mentions_of("x", "a totally new and totalitarian order") if m.trigger == "total"]


def test_an_initial_does_not_end_a_sentence():
    m = mention("sector G. M. Malenkov, some 3,500 members, about 3.5 percent of all.", "percent")
    assert m.sentence.startswith("sector G. M.")


def test_rules_recognise_what_they_say_and_not_more():
    ctx = Context()
    assert RULES["times_idiom"](mention("He was arrested at times for nothing.", "times"), ctx)
    assert RULES["times_idiom"](mention("Lenin has said this many times.", "times"), ctx)
    assert not RULES["times_idiom"](mention("Convictions were three times higher than in 1934.", "times"), ctx)
    assert RULES["third_ordinal"](mention("The third plenum met in June.", "third"), ctx)
    assert RULES["third_ordinal"](mention("The draft included a third point, removed later.", "third"), ctx)
    assert not RULES["third_ordinal"](mention("It removed almost one-third of its membership.", "third"), ctx)
    assert not RULES["third_ordinal"](mention("A third of the delegates were shot.", "third"), ctx)
    assert RULES["half_of_a_period"](mention("in the first half of 1937 the terror grew", "half"), ctx)
    assert RULES["half_of_a_period"](mention("a two-and-a-half year campaign of murder", "half"), ctx)
    assert not RULES["half_of_a_period"](mention("Arrests fell by more than half from the year before.", "half"), ctx)
    assert RULES["half_in_a_number"](mention("The Gulag housed half a million inmates.", "half"), ctx)
    assert not RULES["half_in_a_number"](mention("two and a half times as many arrests", "half"), ctx)
    assert RULES["out_of_idiom"](mention("they confessed out of loyalty to the party", "out of"), ctx)
    assert not RULES["out_of_idiom"](mention("15,218 arrests out of 177,000 expulsions", "out of"), ctx)


def test_no_claim_rule_needs_a_sentence_without_any_claim():
    text = "About 18 percent of the party's members were expelled."
    m = mention(text, "percent")
    assert RULES["no_claim"](m, Context())
    assert not RULES["no_claim"](m, Context({"x": [(6, 8)]}))  # a claim's quote at '18'


def _run(*extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "repression_data.cli", "relation-coverage", *extra], capture_output=True, text=True)


def test_every_trigger_sentence_of_the_texts_is_classified(texts_dir):
    result = _run()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def _withdraw_relations(raw_copy, ids):
    """Take relations out as a historian must: removed from relations.csv and withdrawn with a reason."""
    header, rows = raw_copy.rows("relations.csv")
    raw_copy.write_rows("relations.csv", header, [r for r in rows if r["relation_id"] not in ids])
    header, rows = raw_copy.rows("withdrawn.csv")
    rows += [{"id": i, "kind": "relation", "date": "2026-11-29", "version": rd_version(), "reason": "removed for the test", "replaced_by": ""} for i in ids]
    raw_copy.write_rows("withdrawn.csv", header, rows)


def rd_version() -> str:
    from repression_data._version import __version__

    return __version__


def test_a_sentence_whose_relation_is_removed_is_reported(texts_dir, raw_copy):
    # the relations of its figures, and those of order that name its line (quotas met: 770,000 > 267,000)
    _withdraw_relations(raw_copy, ("R-RM-002", "R-RM-900", "R-RM-026", "R-RM-027"))
    result = _run("--raw", str(raw_copy.raw))
    assert result.returncode == 1
    assert "reiman-2016 line 59: 'of whom'" in result.stdout  # '267,000 people, 76,000 of whom were executed'


def test_a_sentence_whose_hand_row_is_removed_is_reported(texts_dir, raw_copy):
    header, rows = raw_copy.rows("coverage/relation_sentences.csv")
    raw_copy.write_rows("coverage/relation_sentences.csv", header, [r for r in rows if not (r["line"] == "9406" and r["trigger"] == "times")])
    result = _run("--raw", str(raw_copy.raw))
    assert result.returncode == 1 and "getty-naumov-1999 line 9406: 'times'" in result.stdout


def test_a_stale_hand_row_is_reported(texts_dir, raw_copy):
    header, rows = raw_copy.rows("coverage/relation_sentences.csv")
    rows.append({"source_id": "getty-naumov-1999", "line": "5", "trigger": "half", "status": "not_relation", "relation_id": "", "reason": "x"})
    raw_copy.write_rows("coverage/relation_sentences.csv", header, rows)
    result = _run("--raw", str(raw_copy.raw))
    assert result.returncode == 1 and "stale hand row: getty-naumov-1999 line 5 'half'" in result.stdout


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("relation_id", "R-GN-999", "'R-GN-999' is not a relation"),
        ("trigger", "percentage", "is not one of"),
        ("status", "maybe", "is not one of relation, not_relation"),
        ("line", "999999", "outside the text's lines"),
    ],
)
def test_the_build_refuses_a_bad_hand_row(raw_copy, field, value, message):
    header, rows = raw_copy.rows("coverage/relation_sentences.csv")
    target = next(r for r in rows if r["status"] == "relation")
    target[field] = value
    raw_copy.write_rows("coverage/relation_sentences.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    text = info.value.render()
    assert "relation_sentences.csv" in text and message in text and f"'{field}'" in text


def test_a_sentence_that_is_not_a_relation_needs_its_reason(raw_copy):
    header, rows = raw_copy.rows("coverage/relation_sentences.csv")
    next(r for r in rows if r["status"] == "not_relation")["reason"] = ""
    raw_copy.write_rows("coverage/relation_sentences.csv", header, rows)
    with pytest.raises(RawDataError) as info:
        build_tables(raw_copy.raw)
    assert "needs the reason" in info.value.render()


def test_the_trigger_belongs_to_the_nearest_figure_of_its_quote(texts_dir, raw_copy):
    """'5,131 party members (8 percent of all party members)': 'percent' is the 8's, whose relation is R-GN-201;
    the 5,131's relations (R-GN-051 to R-GN-055) do not cover it."""
    _withdraw_relations(raw_copy, ("R-GN-201",))
    result = _run("--raw", str(raw_copy.raw))
    assert result.returncode == 1 and "getty-naumov-1999 line 9767: 'percent'" in result.stdout


def test_words_of_order_and_trend_are_triggers_even_when_the_ocr_breaks_them():
    assert mention("the population of prisons had indeed been re- duced to a figure below 400,000", "reduce")
    assert mention("NKVD arrests had been declining steadily every year since 1931.", "steadily")
    assert mention("There were fewer arrests in 1935 than in any year since 1929.", "fewer")
    assert mention("the vast majority of those arrested were accused", "majority")
    assert mention("the numbers were roughly comparable.", "roughly the same")
    assert not [m for m in mentions_of("x", "a double-dealer in the party") if m.trigger == "doubled"]


def test_idioms_of_order_are_set_aside_and_statements_are_not():
    ctx = Context()
    assert RULES["fall_idiom"](mention("In the fall of 1932 the famine began.", "fell"), ctx)
    assert RULES["fall_idiom"](mention("They fell from power in 1937.", "fell"), ctx)
    assert not RULES["fall_idiom"](mention("Arrests fell by more than half from the previous year.", "fell"), ctx)
    assert RULES["rise_idiom"](mention("the question of their expulsion has been raised.", "rise"), ctx)
    assert not RULES["rise_idiom"](mention("Convictions rose to 12.5 percent.", "rise"), ctx)
    assert RULES["most_superlative"](mention("one of the most senior officers was shot", "most"), ctx)
    assert not RULES["most_superlative"](mention("Most of them were rank-and-file members.", "most"), ctx)
    assert RULES["rank_or_level_idiom"](mention("the highest measure of social protection", "highest"), ctx)
    assert not RULES["rank_or_level_idiom"](mention("reaching their lowest level since the storm of collectivization", "lowest"), ctx)
    assert RULES["bound_qualifier"](mention("a term of not less than 10 years", "less ... than"), ctx)
    assert not RULES["bound_qualifier"](mention("There were fewer arrests in 1935 than in any year since 1929.", "fewer"), ctx)


def test_a_statement_of_order_is_filed_by_the_lines_its_relation_names(texts_dir):
    """'declining steadily' holds no figure of its own; the relation that reads Table 5 names its line."""
    import repression_data as rd

    relations = rd.load("relations")
    steady = relations[relations["description"].str.contains("declining steadily")].iloc[0]
    assert steady["lines"] and steady["operation"] == "monotone_decline"
    from repression_data.checks.relation_coverage import audit_sentences
    from repression_data.paths import RAW_DIR

    audit = audit_sentences(rd.load("claims"), rd.load("sources"), relations, texts_dir, RAW_DIR)
    table = audit.table()
    row = table[(table["trigger"] == "steadily") & (table["source_id"] == "getty-naumov-1999")]
    assert (row["class"] == "relation").any() and steady["relation_id"] in ";".join(row["relation_id"])
