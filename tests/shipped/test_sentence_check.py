"""The sentence check (issue 22): reading, judging, confusions, bad input, the benchmark and no pandas."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from repression_data.cli.main import main
from repression_data.shipped.sentence_check import CheckInputError, answer_text, check, check_with_notes

ROOT = Path(__file__).resolve().parents[2]
BENCHMARK = ROOT / "benchmarks" / "check_sentences.csv"


def _only(sentence: str) -> dict:
    figures = check(sentence)["figures"]
    assert len(figures) == 1, figures
    return figures[0]


def test_structure_is_exactly_the_issues():
    answer = check("The NKVD executed 353,074 people in 1937")
    assert set(answer) == {"sentence", "figures"}
    f = answer["figures"][0]
    assert set(f) == {"printed", "low", "high", "quantity_id", "verdict", "compared", "confusion"}
    assert set(f["compared"][0]) == {"claim_id", "value_printed", "producer_id", "producer_kind", "root", "fits"}
    assert f["verdict"] == "consistent" and f["confusion"] is None
    json.dumps(answer)


def test_measure_confusion_names_the_executions():
    f = _only("The NKVD arrested 353,074 people in 1937")
    assert f["verdict"] == "inconsistent"
    assert f["confusion"]["kind"] == "measure" and f["confusion"]["quantity_id"] == "executions-ussr-1937"
    assert f["confusion"]["claim_ids"] and f["confusion"]["explanation"]


def test_plan_and_outcome_each_judged_in_order():
    figures = check("Order 00447 set out to shoot 76,000 and shot 390,000")["figures"]
    assert [f["printed"] for f in figures] == ["76,000", "390,000"]
    assert all(f["verdict"] == "consistent" for f in figures)
    assert check("Order 00447 led to 76,000 executions")["figures"][0]["confusion"]["kind"] == "plan"


def test_two_million_fits_no_other_quantity():
    f = _only("In 1937-38 two million people were shot")
    assert f["verdict"] == "inconsistent" and f["confusion"] is None
    assert (f["low"], f["high"]) == (1_500_000, 2_500_000)


def test_period_words_and_named_period():
    assert _only("681,692 people were shot in 1937 alone")["confusion"]["kind"] == "period"
    assert _only("Nearly 700,000 were executed during the Great Terror")["quantity_id"] == "executions-ussr-1937-38"


def test_estimates_never_decide():
    f = _only("Between 5 and 8 million people were arrested in 1937-38")
    assert f["verdict"] == "inconsistent"
    assert any(c["claim_id"] == "GN-0513" and c["fits"] for c in f["compared"])  # Conquest's estimate fits, and does not decide


def test_no_count_is_not_covered():
    assert _only("In 1937, 117,500 party members were expelled")["verdict"] == "not_covered"


def test_text_answer_cites_pages():
    text = answer_text(check_with_notes("The NKVD arrested 353,074 people in 1937"))
    assert "p. 528" in text and "another measure" in text


@pytest.mark.parametrize("bad", ["", "   ", "x" * 2001])
def test_bad_sentences_raise_a_clear_error(bad):
    with pytest.raises(CheckInputError):
        check(bad)


def test_no_figure_gives_empty_figures():
    assert check("Stalin's terror was vast")["figures"] == []


def test_cli_exit_status_and_formats(tmp_path, capsys):
    assert main(["check", "The NKVD arrested 353,074 people in 1937"]) == 0
    assert "not consistent" in capsys.readouterr().out
    f = tmp_path / "s.txt"
    f.write_text("The NKVD executed 353,074 people in 1937\n\nIn 1937-38 two million people were shot\n")
    assert main(["check", "--file", str(f), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    answers = [json.loads(x) for x in lines]  # a blank line is answered in its place (user check B6)
    assert [a["figures"][0]["verdict"] if a["figures"] else a["error"][:18] for a in answers] == ["consistent", "the line is blank:", "inconsistent"]
    f.write_text("The NKVD executed 353,074 people in 1937\n" + "x" * 2001 + "\nIn 1937-38 two million people were shot\n")
    assert main(["check", "--file", str(f), "--format", "jsonl"]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert len(lines) == 3 and "2,001 characters" in lines[1]["error"]  # a line that cannot be read keeps its place
    assert main(["check", ""]) == 1 and "empty" in capsys.readouterr().err
    assert main(["check", "no number at all"]) == 1
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02")
    assert main(["check", "--file", str(binary)]) == 1
    assert "not a text file" in capsys.readouterr().err


def test_benchmark_accuracy_at_least_90_percent():
    rows = list(csv.DictReader(BENCHMARK.open(encoding="utf-8")))
    assert len({r["sentence"] for r in rows}) >= 60
    right = {"quantity": 0, "verdict": 0, "confusion": 0}
    for r in rows:
        figures = check(r["sentence"])["figures"]
        i = int(r["figure"]) - 1
        f = figures[i] if i < len(figures) else {"quantity_id": "?", "verdict": "?", "confusion": {"kind": "?"}}
        right["quantity"] += (f["quantity_id"] or "") == r["quantity_id"]
        right["verdict"] += f["verdict"] == r["verdict"]
        right["confusion"] += ((f["confusion"] or {}).get("kind") or "") == r["confusion"]
    for what, n in right.items():
        assert n / len(rows) >= 0.9, (what, n, len(rows))


def test_check_runs_without_pandas_or_pyarrow():
    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('pandas', 'pyarrow'):\n"
            "            raise ImportError('blocked ' + name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "import repression_data as rd\n"
            "a = rd.check('The NKVD arrested 353,074 people in 1937')\n"
            "assert a['figures'][0]['confusion']['kind'] == 'measure', a\n"
            "from repression_data.cli.main import main\n"
            "assert main(['check', 'The NKVD executed 353,074 people in 1937', '--format', 'json']) == 0\n"
            "assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_rd_check_is_the_sentence_check_before_and_after_the_checks_stage_is_imported():
    code = ("import repression_data as rd\n"
            "first = rd.check('The NKVD executed 353,074 people in 1937')\n"
            "import repression_data.checks.schemas\n"
            "assert rd.check('The NKVD executed 353,074 people in 1937') == first\n"
            "assert rd.check.__module__ == 'repression_data.shipped.sentence_check'\n"
            "assert 'check' in rd.__all__\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_a_claim_the_quantity_shows_beside_it_never_decides():
    # GN-0530 (2,022,976 on 1 January 1939) is shown beside gulag-population-1939 as another scope: it must not decide
    f = _only("Around 1.3 million prisoners were held in the camps in 1939")
    assert f["quantity_id"] == "gulag-population-1939" and f["verdict"] == "not_covered"


def test_not_covered_names_the_nearest_quantities_and_counts_outside_them():
    answer = check_with_notes("In 1936 the NKVD arrested 131,168 people")
    f = answer["figures"][0]
    assert f["quantity_id"] is None and f["verdict"] == "not_covered"
    text = answer_text(answer)
    assert "arrests-ussr-1935" in text and "arrests-ussr-1937" in text  # the neighbouring years
    assert "GN-0466" in text and "p. 588" in text  # the 1953 report's count for 1936, shown, not judged


def test_roots_come_from_a_root_column_where_the_tables_have_one(tmp_path):
    import shutil
    import sqlite3

    from repression_data.shipped.checkdata import CheckData, database_path

    db = tmp_path / "copy.db"
    shutil.copyfile(database_path(), db)
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE claims ADD COLUMN root TEXT")
        conn.execute("UPDATE claims SET root = 'a-root-of-its-own' WHERE claim_id = 'GN-0437'")
    conn.close()
    f = check("The NKVD executed 353,074 people in 1937", CheckData.load(db))["figures"][0]
    assert [c["root"] for c in f["compared"] if c["claim_id"] == "GN-0437"] == ["a-root-of-its-own"]
    assert [c["root"] for c in _only("The NKVD executed 353,074 people in 1937")["compared"] if c["claim_id"] == "GN-0437"] == ["nkvd-1953-report"]


def test_file_gives_one_answer_per_line_numbered_by_the_files_own_lines(tmp_path, capsys):
    """User check B6: a blank line vanished and the error on line 3 said 'line 2'."""
    f = tmp_path / "f3.txt"
    f.write_text("681,692 people were shot in 1937-38\n\nNo figure here\n", encoding="utf-8")
    assert main(["check", "--file", str(f), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    lines = [json.loads(x) for x in captured.out.strip().splitlines()]
    assert [x["line"] for x in lines] == [1, 2, 3]
    assert "blank" in lines[1]["error"] and lines[2]["sentence"] == "No figure here"
    assert "line 3: no figure found" in captured.err and "line 2" not in captured.err
    assert main(["check", "--file", str(f)]) == 1
    out = capsys.readouterr().out
    assert out.index("Line 1") < out.index("Line 2: (blank)") < out.index("Line 3")
    assert main(["check", "--file", str(f), "--format", "json"]) == 1
    assert [x["line"] for x in json.loads(capsys.readouterr().out)] == [1, 2, 3]


def test_terminal_escape_codes_are_neither_read_nor_printed(capsys):
    """User check C5: an OSC title sequence was echoed raw, and ESC[31m was read as a figure."""
    sentence = "\x1b]0;pwned\x07 681,692 people were shot in \x1b[31m1937-38"
    answer = check(sentence)
    assert [f["printed"] for f in answer["figures"]] == ["681,692"] and "\x1b" not in answer["sentence"]
    assert main(["check", sentence]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "pwned" not in out


@pytest.mark.parametrize("sentence, low, high", [
    ("1,5 million people were shot in 1937-38", 1_450_000, 1_550_000),   # a decimal comma: not 1, the '5 million' not dropped
    ("1½ million people were shot in 1937-38", 1_450_000, 1_550_000),
    ("681.692 people were shot in 1937-38", 681_692, 681_692),            # a dot between thousands, not 681.69
    ("About 700k people were shot in 1937-38", 650_000, 750_000),         # not 700
])
def test_european_and_short_prints_keep_their_figure(sentence, low, high):
    """User check B2: '1,5 million' was read as 1, '1½ million' as 1, '681.692' as 681.69, '700k' as 700."""
    f = _only(sentence)
    assert (f["low"], f["high"]) == (low, high)


@pytest.mark.parametrize("sentence", ["700 thousand people were shot in 1937-38", "700,000 people were shot in 1937-38",
                                      "seven hundred thousand people were shot in 1937-38", "0.7 million people were shot in 1937-38"])
def test_one_round_figure_one_interval_whatever_its_wording(sentence):
    """User check B3: '700 thousand' was 699,500-700,500 (not consistent) where '700,000' was 650,000-750,000."""
    f = _only(sentence)
    assert (f["low"], f["high"], f["verdict"]) == (650_000, 750_000, "consistent")


@pytest.mark.parametrize("sentence", ["350,000 people were shot", "328,000 people were shot", "76,000 people were shot"])
def test_no_period_named_no_period_chosen(sentence):
    """User check B4: '350,000 people were shot' was matched to 1937 (where it fits) and judged consistent."""
    answer = check_with_notes(sentence)
    f = answer["figures"][0]
    assert f["quantity_id"] is None and f["verdict"] == "not_covered" and f["compared"] == []
    assert {"executions-ussr-1937", "executions-ussr-1937-38"} <= {q for q, _ in f["_no_period"]}
    text = answer_text(answer)
    assert "names no period" in text and "executions-ussr-1937-38" in text


def test_classic_miscitation_is_named_as_the_confusion():
    """User check B5: 786,098 (the KGB's death sentences of 1930-53, GN-0534) cited as Great Terror executions was
    said to fit no other quantity while the list showed GN-0534 fitting."""
    answer = check_with_notes("Stalin's regime executed 786,098 people during the Great Terror")
    f = answer["figures"][0]
    assert f["verdict"] == "inconsistent"
    assert f["confusion"] is not None and "GN-0534" in f["confusion"]["claim_ids"] and f["confusion"]["kind"] == "measure"
    assert "period" in f["confusion"]["explanation"]
    assert "It fits no other quantity" not in answer_text(answer)


def test_also_given_shows_the_qualifiers():
    """User check C1: RM-0030 ('more than 700,000') and GN-0369 ('at least 328,000') were listed without the words."""
    text = answer_text(check_with_notes("1.5 million people were shot in 1937-38"))
    assert "- more than 700,000 (" in text and "- at least 328,000 (" in text


@pytest.mark.parametrize("sentence", ["Figure 1: 681,692 people were shot in 1937-38",
                                      "1 in 3 of the 681,692 people shot in 1937-38 were peasants",
                                      "681,692 people were shot in 1937-38 (Table 2, p. 591)"])
def test_labels_and_ratios_are_not_counts(sentence):
    """User check C3: 'Figure 1' and '1 in 3' became figures with verdicts."""
    assert [f["printed"] for f in check(sentence)["figures"]] == ["681,692"]


@pytest.mark.parametrize("sentence, low, high", [
    ("8.125% of those arrested in 1937-38 were shot", 8.1245, 8.1255),    # a percent keeps its decimal point
    ("1.500 million people were shot in 1937-38", 1_499_500, 1_500_500),  # before a scale word the dot is a decimal point
])
def test_a_dot_is_a_thousands_separator_only_in_a_bare_count(sentence, low, high):
    f = _only(sentence)
    assert f["low"] == pytest.approx(low) and f["high"] == pytest.approx(high)
