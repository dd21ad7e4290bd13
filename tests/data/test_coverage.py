"""The completeness audit: every numeric token of every text is classified."""

from __future__ import annotations

import subprocess
import sys

from repression_data._version import __version__
from repression_data.checks.coverage import RULES, Token


def token(line_text: str, text: str) -> Token:
    return Token("x", 1, line_text.index(text), text, line_text)


def test_rules_recognise_what_they_say_and_not_more():
    assert RULES["year"](token("arrested in 1937 and", "1937"))
    assert not RULES["year"](token("arrested 1,937 people", "1,937"))
    assert RULES["archival_reference"](token("RTsKhIDNI, f. 17, op. 120, d. 184", "184"))
    assert RULES["date"](token("on 30 July 1937", "30"))
    assert RULES["footnote_marker"](token('the shooting."39 In this', "39"))
    assert RULES["document_number"](token("see Document 170 below", "170"))
    assert not RULES["document_number"](token("sentenced 170 people", "170"))
    assert RULES["duration"](token("after two weeks of talks", "two"))
    assert not RULES["duration"](token("sentenced to ten years in camps", "ten"))
    assert RULES["split_year"](token("in 193 5 the", "193"))


def test_every_numeric_token_of_the_texts_is_classified(texts_dir):
    result = subprocess.run([sys.executable, "-m", "repression_data.cli", "coverage"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_coverage_fails_when_a_claim_is_removed(texts_dir, raw_copy):
    header, rows = raw_copy.rows("claims/reiman-2016.csv")
    raw_copy.write_rows("claims/reiman-2016.csv", header, [r for r in rows if r["claim_id"] != "RM-0010"])
    header, rows = raw_copy.rows("withdrawn.csv")  # a published claim leaves only with a withdrawal
    raw_copy.write_rows("withdrawn.csv", header, rows + [{"id": "RM-0010", "kind": "claim", "date": "2026-11-29", "version": __version__,
                                                          "reason": "removed for the test", "replaced_by": ""}])
    result = subprocess.run(
        [sys.executable, "-m", "repression_data.cli", "coverage", "--raw", str(raw_copy.raw)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "reiman-2016 line 49: '23,279'" in result.stdout
