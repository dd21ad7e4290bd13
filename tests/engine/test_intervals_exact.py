"""engine/intervals: the interval a printed figure stands for, branch by branch, with the explanation a reader sees.

Each expected interval is worked out from what the print means to a historian (README, "What the analysis
reproduces"): "3.5 million" is 3.45-3.55 million, "about 1.5 million" 1.25-1.75 million (3 x 500,000),
"nearly 700,000" the lower half of 650,000-750,000, "one-third" every value nearer to 1/3 than to another
simple fraction. The explanation (`why`) is part of what a reader is shown, so it is checked word for word.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from repression_data.engine.intervals import _rounding, claim_interval, judge, rounding_interval, tolerance


def ends(interval) -> tuple:
    return interval.lo, interval.hi, interval.lo_open, interval.hi_open


def check(value, qualifier, printed, unit, quote, lo, hi, why, half, rule="round_step", exact_round=False):
    interval, said, width = _rounding(value, qualifier, printed, unit, quote, exact_round, rule)
    assert (interval.lo, interval.hi) == pytest.approx((lo, hi)), interval
    assert (interval.lo_open, interval.hi_open) == (False, False)
    assert said == why
    if isinstance(half, float) and math.isnan(half):
        assert math.isnan(width)
    else:
        assert width == pytest.approx(half)


# --- fractions and round phrases in words ---------------------------------------------------------

WHOLE_AND_FRACTION = "in words: a whole number and a fraction, to the nearest 1/2"


@pytest.mark.parametrize("value, printed, unit, lo, hi, half", [
    (2.5, "two and a half", "times", 2.25, 2.75, 0.25),
    (1.5, "one and a half", "persons", 1.25, 1.75, 0.25),
    (2.5e6, "two and a half million", "persons", 2.25e6, 2.75e6, 250000),
])
def test_a_whole_number_and_a_fraction_is_rounded_to_the_step_of_the_fraction(value, printed, unit, lo, hi, half):
    check(value, "exact", printed, unit, "", lo, hi, f"'{printed}' {WHOLE_AND_FRACTION}", half)


@pytest.mark.parametrize("value, printed, magnitude, denominator, lo, hi", [
    (750000, "three-quarters of a million", "million", 4, 625000, 875000),   # README's example
    (5e8, "half a billion", "billion", 2, 2.5e8, 7.5e8),
    (500, "half a thousand", "thousand", 2, 250, 750),
])
def test_a_fraction_of_a_magnitude_is_rounded_to_the_step_of_the_fraction(value, printed, magnitude, denominator, lo, hi):
    why = f"'{printed}' in words: a fraction of a {magnitude}, to the nearest 1/{denominator} of it"
    check(value, "exact", printed, "persons", "", lo, hi, why, (hi - lo) / 2)


def test_half_in_words_is_every_share_nearer_to_a_half_than_to_a_third_or_two_thirds():
    check(0.5, "exact", "half", "fraction", "", 5 / 12, 7 / 12,
          "'half' in words: every value nearer to it than to another simple fraction", 1 / 12)


def test_one_third_in_words_reaches_further_up_than_down_so_has_no_single_half_width():
    # 1/4 lies closer below 1/3 than 1/2 above it: 7/24-5/12, 1/24 below and 1/12 above
    check(1 / 3, "exact", "one-third", "fraction", "", 7 / 24, 5 / 12,
          "'one-third' in words: every value nearer to it than to another simple fraction", math.nan)


def test_a_fraction_in_words_is_read_so_even_when_called_approximate():
    check(0.5, "approx", "a half", "fraction", "", 5 / 12, 7 / 12,
          "'a half' in words: every value nearer to it than to another simple fraction", 1 / 12)


def test_a_multiple_in_words_is_rounded_to_the_nearest_half():
    check(3, "exact", "three", "times", "", 2.75, 3.25, "'three' times: a multiple in words, to the nearest half", 0.25)


def test_an_integer_in_words_is_exact():
    check(36, "exact", "thirty-six", "persons", "", 36, 36, "'thirty-six': an integer in words, exact", 0.0)


def test_an_integer_in_words_called_approximate_is_a_round_figure_in_prose():
    check(30, "approx", "thirty", "persons", "", 25, 35,
          "approximate: a round figure in prose, to its coarsest step of 10 (±5)", 5)


def test_a_round_phrase_with_thousand_is_approximate():
    # "two thousand" is 2 x 1,000: 1,500-2,500
    check(2000, "exact", "two thousand", "persons", "", 1500, 2500,
          "a round phrase: a round figure in prose, to its coarsest step of 1,000 (±500)", 500)


# --- round figures in prose ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, printed, unit, lo, hi, step, half", [
    (3500, "3,500", "persons", 3250, 3750, "500", "250"),                 # some 3,500: 7 x 500
    (3.5, "3.5", "percent", 3.25, 3.75, "0.5", "0.25"),                   # about 3.5 percent: 7 x 0.5
    (40, "40%", "percent", 35, 45, "10", "5"),                            # about 40%
    (117000, "117,000", "persons", 116500, 117500, "1,000", "500"),       # some 117,000: 117 x 1,000
    (1.5e6, "1.5 million", "persons", 1.25e6, 1.75e6, "500,000", "250,000"),  # about 1.5 million: 3 x 500,000
])
def test_an_approximate_figure_stands_for_what_rounds_to_it_at_its_coarsest_step(value, printed, unit, lo, hi, step, half):
    check(value, "approx", printed, unit, "", lo, hi,
          f"approximate: a round figure in prose, to its coarsest step of {step} (±{half})", (hi - lo) / 2)


def test_the_former_rule_takes_half_the_place_of_the_last_nonzero_digit():
    check(3500, "approx", "3,500", "persons", "", 3450, 3550,
          "approximate: half the place of its last non-zero digit (±50)", 50, rule="last_digit")
    check(2000, "exact", "two thousand", "persons", "", 1500, 2500,
          "a round phrase: half the place of its last non-zero digit (±500)", 500, rule="last_digit")


def test_an_unknown_rule_is_refused_naming_the_rules():
    with pytest.raises(ValueError) as refused:
        _rounding(3500, "approx", "3,500", "persons", "", False, "nearest")
    assert str(refused.value) == "unknown prose rounding rule 'nearest'; the rules are: round_step, last_digit"


# --- digits with a scale word -------------------------------------------------------------------------

@pytest.mark.parametrize("value, printed, lo, hi, why, half", [
    (3.5e6, "3.5 million", 3.45e6, 3.55e6, "printed to 0.1 million: ±50,000", 50000),
    (2e6, "2 million", 1.5e6, 2.5e6, "printed to 1 million: ±500,000", 500000),
    (177000, "177 thousand", 176500, 177500, "printed to 1 thousand: ±500", 500),
    (1.25e9, "1.25 billion", 1.245e9, 1.255e9, "printed to 0.01 billion: ±5,000,000", 5e6),
    (2e6, "2 million.", 1.5e6, 2.5e6, "printed to 1 million: ±500,000", 500000),
])
def test_digits_with_a_scale_word_are_rounded_to_their_last_printed_digit(value, printed, lo, hi, why, half):
    check(value, "exact", printed, "persons", "", lo, hi, why, half)


# --- shares, ratios and decimals in digits ----------------------------------------------------------

@pytest.mark.parametrize("value, printed, unit, lo, hi, why, half", [
    (38, "38", "percent", 37.5, 38.5, "a percentage printed to a whole number: ±0.5", 0.5),
    (8.8, "8.8", "percent", 8.75, 8.85, "a percentage printed to 1 decimal place: ±0.05", 0.05),
    (2.55, "2.55", "percent", 2.545, 2.555, "a percentage printed to 2 decimal places: ±0.005", 0.005),
    (0.6, "0.6", "fraction", 0.55, 0.65, "a fraction printed to 1 decimal place: ±0.05", 0.05),
    (1, "1", "fraction", 0.5, 1.5, "a fraction printed to a whole number: ±0.5", 0.5),
    (3, "3", "times", 2.5, 3.5, "a multiple printed to a whole number: ±0.5", 0.5),
    (12.5, "12.5", "persons", 12.45, 12.55, "a number of persons printed to 1 decimal place: ±0.05", 0.05),
    (1.5, "1.5", "years", 1.45, 1.55, "a figure in years printed to 1 decimal place: ±0.05", 0.05),
])
def test_a_share_or_a_decimal_in_digits_is_rounded_to_half_its_last_digit(value, printed, unit, lo, hi, why, half):
    check(value, "exact", printed, unit, "", lo, hi, why, half)


# --- counts in digits -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, printed, lo, hi, half", [
    (177000, "177,000", 176500, 177500, 500),
    (1000, "1,000", 500, 1500, 500),
    (1500000, "1,500,000", 1450000, 1550000, 50000),
])
def test_a_count_ending_in_three_zeros_may_be_rounded_to_its_last_nonzero_digit(value, printed, lo, hi, half):
    why = f"a count printed with trailing zeros, perhaps rounded: ±{half:,}"
    check(value, "exact", printed, "persons", "", lo, hi, why, half)


@pytest.mark.parametrize("value, printed", [(1337, "1,337"), (1500, "1,500"), (500, "500"), (0, "0")])
def test_any_other_count_is_exact(value, printed):
    check(value, "exact", printed, "persons", "", value, value, "a count, exact", 0.0)


def test_a_limit_is_a_plan_in_round_numbers_and_stays_exact():
    interval, why = rounding_interval(2000, "exact", "2,000", "persons", "", "quota_first_category")
    assert ends(interval) == (2000, 2000, False, False) and why == "a count, exact"
    interval, why = rounding_interval(2000, "exact", "2,000", "persons", "", "arrests")
    assert ends(interval) == (1500, 2500, False, False)
    assert why == "a count printed with trailing zeros, perhaps rounded: ±500"


# --- almost, nearly -----------------------------------------------------------------------------------

def test_nearly_a_rounded_count_keeps_the_part_below_it():
    check(700000, "exact", "700,000", "persons", "nearly 700,000 were shot", 650000, 700000,
          "a count printed with trailing zeros, perhaps rounded: ±50,000; 'nearly' keeps the part below 700,000", math.nan)


def test_almost_one_third_keeps_the_part_below_one_third():
    check(1 / 3, "exact", "one-third", "fraction", "almost one-third of them", 7 / 24, 1 / 3,
          "'one-third' in words: every value nearer to it than to another simple fraction; "
          "'almost' keeps the part below 0.3333", math.nan)


def test_close_to_an_approximate_share_keeps_the_part_below_it():
    check(40, "approx", "40%", "percent", "close to 40% of them", 35, 40,
          "approximate: a round figure in prose, to its coarsest step of 10 (±5); 'close to' keeps the part below 40", math.nan)


def test_nearly_three_quarters_of_a_million_keeps_the_part_below_it():
    check(750000, "approx", "three-quarters of a million", "persons", "Nearly three-quarters of a million people were executed",
          625000, 750000, "'three-quarters of a million' in words: a fraction of a million, to the nearest 1/4 of it; "
          "'nearly' keeps the part below 750,000", math.nan)


def test_almost_an_exact_figure_is_below_it_by_less_than_half_its_last_place():
    check(500, "exact", "500", "persons", "almost 500 delegates", 450, 500,
          "'almost': below 500 by less than half the place of its last non-zero digit", math.nan)
    check(36, "exact", "thirty-six", "persons", "nearly thirty-six", 35.5, 36,
          "'nearly': below 36 by less than half the place of its last non-zero digit", math.nan)


def test_a_below_word_elsewhere_in_the_quote_changes_nothing():
    check(700000, "exact", "700,000", "persons", "700,000, nearly all of them shot", 650000, 750000,
          "a count printed with trailing zeros, perhaps rounded: ±50,000", 50000)


# --- tolerance: the half-width a verdict allows ---------------------------------------------------

@pytest.mark.parametrize("args, expected", [
    ((38, "exact", "38"), 0.5),                       # the unit is a percent unless said
    ((8.8, "exact", "8.8"), 0.05),
    ((117000, "approx", "117,000", "persons"), 500),
    ((40, "approx", "40%"), 5),
    ((0.5, "exact", "half", "fraction"), 1 / 12),
    ((1 / 3, "exact", "one-third", "fraction"), 1 / 12),     # the larger side: 5/12 - 1/3
    ((0.6667, "exact", "two-thirds", "fraction"), 0.6667 - 7 / 12),  # the larger side: 2/3 - 7/12
    ((36, "exact", "thirty-six", "persons"), 0.0),
    ((1337, "exact", "1,337", "persons"), 0.0),
])
def test_tolerance_is_the_half_width_of_the_figure_or_its_larger_side(args, expected):
    assert tolerance(*args) == pytest.approx(expected)


# --- claim_interval: a claim row -------------------------------------------------------------------

def claim(**fields):
    base = {"value": math.nan, "value_low": math.nan, "value_high": math.nan, "qualifier": "exact", "value_printed": "",
            "unit": "persons", "quote": "", "measure": "arrests"}
    return base | fields


def test_a_claim_without_value_or_bounds_allows_no_computation():
    assert claim_interval(claim(qualifier="vague", value_printed="many")) == (
        None, "has no value (vague without bounds, or a print that cannot be read)")


def test_a_range_is_the_interval_of_its_bounds():
    interval, why = claim_interval(claim(qualifier="range", value_low=500000.0, value_high=7000000.0,
                                         value_printed="500,000 to 7 million"))
    assert ends(interval) == (500000, 7000000, False, False) and why == "the range 500,000-7,000,000"


@pytest.mark.parametrize("fields, expected, why", [
    (dict(value_low=3.0, value_printed="several"), (3, math.inf, False, False), "vague ('several'): 3 or more"),
    (dict(value_low=3.0, value_high=10.0, value_printed="a few"), (3, 10, False, False),
     "vague ('a few'): 3 or more, at most 10"),
    (dict(value_high=5.0, value_printed="a handful"), (0, 5, False, False), "vague ('a handful'): 0 or more, at most 5"),
])
def test_a_vague_word_with_bounds_is_the_interval_of_its_bounds(fields, expected, why):
    interval, said = claim_interval(claim(qualifier="vague", **fields))
    assert ends(interval) == expected and said == why


def test_a_print_that_cannot_be_read_is_the_interval_of_its_bounds():
    interval, why = claim_interval(claim(value_low=100.0, value_high=200.0, value_printed="1?0"))
    assert ends(interval) == (100, 200, False, False)
    assert why == "a print that cannot be read fully: its bounds 100-200"


def test_a_candidate_reading_replaces_the_value():
    interval, why = claim_interval(claim(value_low=100.0, value_high=200.0, value_printed="1?0"), value=150.0)
    assert ends(interval) == (150, 150, False, False) and why == "a count, exact"


@pytest.mark.parametrize("qualifier, low, high, expected, why", [
    ("more_than", math.nan, math.nan, (200, math.inf, True, False), "more than 200"),
    ("more_than", math.nan, 300.0, (200, 300, True, False), "more than 200, at most 300"),
    ("more_than", math.nan, pd.NA, (200, math.inf, True, False), "more than 200"),
    ("at_least", math.nan, math.nan, (200, math.inf, False, False), "at least 200"),
    ("at_least", math.nan, 300.0, (200, 300, False, False), "at least 200, at most 300"),
    ("less_than", math.nan, math.nan, (0, 200, False, True), "less than 200"),
    ("less_than", 100.0, math.nan, (100, 200, False, True), "less than 200, at least 100"),
    ("less_than", pd.NA, math.nan, (0, 200, False, True), "less than 200"),
    ("at_most", math.nan, math.nan, (0, 200, False, False), "at most 200"),
    ("at_most", 100.0, math.nan, (100, 200, False, False), "at most 200, at least 100"),
])
def test_a_one_sided_figure_is_bounded_on_one_side_by_its_value(qualifier, low, high, expected, why):
    interval, said = claim_interval(claim(value=200.0, value_low=low, value_high=high, qualifier=qualifier, value_printed="200"))
    assert ends(interval) == expected and said == why


def test_a_point_claim_is_read_from_its_print_its_quote_and_its_measure():
    interval, why = claim_interval(claim(value=700000.0, value_printed="700,000", quote="nearly 700,000 were shot"))
    assert ends(interval) == (650000, 700000, False, False)
    assert why.endswith("; 'nearly' keeps the part below 700,000")
    interval, why = claim_interval(claim(value=2000.0, value_printed="2,000", measure="quota_first_category"))
    assert ends(interval) == (2000, 2000, False, False) and why == "a count, exact"
    interval, _ = claim_interval(claim(value=2000.0, value_printed="2,000", measure=math.nan))
    assert ends(interval) == (1500, 2500, False, False)


def test_a_claim_row_without_a_unit_is_a_count_of_persons():
    row = pd.Series(claim(value=12.5, value_printed="12.5")).drop(["unit", "quote", "measure"])
    interval, why = claim_interval(row)
    assert (interval.lo, interval.hi) == pytest.approx((12.45, 12.55))
    assert why == "a number of persons printed to 1 decimal place: ±0.05"


def test_a_claim_is_read_by_the_rule_asked_for():
    row = claim(value=3500.0, qualifier="approx", value_printed="3,500")
    assert ends(claim_interval(row)[0]) == (3250, 3750, False, False)
    assert ends(claim_interval(row, rule="last_digit")[0]) == (3450, 3550, False, False)


# --- judge: one computed value against one stated figure ------------------------------------------

@pytest.mark.parametrize("computed, verdict", [(12, "consistent"), (10, "consistent"), (15, "consistent"),
                                               (9.9, "inconsistent"), (15.1, "inconsistent")])
def test_a_range_holds_the_values_between_its_bounds_inclusive(computed, verdict):
    result, gap, tol = judge(computed, math.nan, "range", "10-15", low=10, high=15)
    assert result == verdict and math.isnan(gap) and math.isnan(tol)


def test_a_range_with_a_stated_figure_reports_the_gap_from_it():
    result, gap, _ = judge(14, 12, "range", "10-15", low=10, high=15)
    assert (result, gap) == ("consistent", 2)


@pytest.mark.parametrize("qualifier, computed, verdict", [
    ("more_than", 201, "consistent"), ("more_than", 200, "inconsistent"),
    ("at_least", 200, "consistent"), ("at_least", 199, "inconsistent"),
    ("less_than", 199, "consistent"), ("less_than", 200, "inconsistent"),
    ("at_most", 200, "consistent"), ("at_most", 201, "inconsistent"),
])
def test_a_one_sided_figure_judges_by_its_side(qualifier, computed, verdict):
    assert judge(computed, 200, qualifier, "200") == (verdict, computed - 200, 0.0)


@pytest.mark.parametrize("computed, stated, printed, verdict", [
    (38.5, 38, "38", "consistent"),     # the top of 37.5-38.5
    (37.5, 38, "38", "consistent"),
    (38.51, 38, "38", "inconsistent"),
    (37.49, 38, "38", "inconsistent"),
    (8.75, 8.8, "8.8", "consistent"),   # 8.75 - 8.8 is -0.0500000000000007 in floating point: noise
    (8.85, 8.8, "8.8", "consistent"),
    (8.86, 8.8, "8.8", "inconsistent"),
])
def test_a_printed_share_holds_what_rounds_to_it(computed, stated, printed, verdict):
    result, gap, tol = judge(computed, stated, "exact", printed)   # the unit is a percent unless said
    assert result == verdict and gap == pytest.approx(computed - stated) and tol == pytest.approx(0.5 if stated == 38 else 0.05)


@pytest.mark.parametrize("computed, verdict", [(0.3, "consistent"), (0.41, "consistent"), (0.29, "inconsistent"),
                                               (0.42, "inconsistent")])
def test_one_third_is_judged_by_its_interval_not_by_a_half_width(computed, verdict):
    # 0.29 is within 1/12 of 1/3, yet below 7/24, nearer to one-quarter
    result, gap, tol = judge(computed, 1 / 3, "exact", "one-third", unit="fraction")
    assert result == verdict and gap == pytest.approx(computed - 1 / 3) and math.isnan(tol)


def test_a_count_is_judged_in_its_own_unit():
    assert judge(1337, 1337, "exact", "1,337", unit="persons") == ("consistent", 0, 0.0)
    assert judge(1338, 1337, "exact", "1,337", unit="persons") == ("inconsistent", 1, 0.0)


def test_a_figure_without_a_print_is_read_by_its_value():
    for printed in ("", None):
        interval, why = rounding_interval(177000, "exact", printed)
        assert ends(interval) == (176500, 177500, False, False)
        assert why == "a count printed with trailing zeros, perhaps rounded: ±500"


def test_rounding_interval_reads_a_figure_as_a_count_of_persons_unless_told():
    interval, why = rounding_interval(12.5, "exact", "12.5")
    assert (interval.lo, interval.hi) == pytest.approx((12.45, 12.55)) and why == "a number of persons printed to 1 decimal place: ±0.05"


def test_tolerance_and_judge_read_a_count_with_three_zeros_as_rounded():
    assert tolerance(177000, "exact", "177,000", "persons") == 500
    assert judge(177400, 177000, "exact", "177,000", unit="persons") == ("consistent", 400, 500)
    assert judge(177600, 177000, "exact", "177,000", unit="persons") == ("inconsistent", 600, 500)


def test_judge_reads_an_approximate_figure_at_its_coarsest_step():
    # "some 3,500" is 3,250-3,750
    assert judge(3700, 3500, "approx", "3,500", unit="persons") == ("consistent", 200, 250)
    assert judge(3800, 3500, "approx", "3,500", unit="persons") == ("inconsistent", 300, 250)


def test_a_missing_print_is_read_from_the_value_and_never_as_the_word_nan():
    from repression_data.engine.intervals import claim_interval

    claim = {"value": 681692.0, "value_printed": float("nan"), "qualifier": "exact", "value_low": float("nan"),
             "value_high": float("nan"), "unit": "persons", "quote": "", "measure": "executions"}
    interval, why = claim_interval(claim)
    assert (interval.lo, interval.hi) == (681692.0, 681692.0) and why == "a count, exact"
    interval, why = claim_interval({**claim, "value_printed": None, "value": 8.8, "unit": "percent"})
    assert (interval.lo, interval.hi) == pytest.approx((8.75, 8.85)) and why == "a percentage printed to 1 decimal place: ±0.05"
