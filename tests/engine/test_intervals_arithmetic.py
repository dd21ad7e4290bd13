"""engine/intervals: the arithmetic of intervals and the helpers that read and write a figure, end by end.

Every expected value is worked out by hand from what the operation means (a sum of two intervals, the
quotient of two counts, an end that is open or closed), not copied from the code's output.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from repression_data.engine.intervals import (
    Interval,
    _decimals,
    _fraction_denominator,
    _isna,
    _last_digit_place,
    _scale_of,
    below_word,
    fmt_number,
    is_word,
    prose_step,
    simple_fraction_interval,
    stable,
)


def ends(interval: Interval) -> tuple:
    return interval.lo, interval.hi, interval.lo_open, interval.hi_open


# --- missing values -----------------------------------------------------------------------------------

@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, pd.NaT])
def test_none_nan_and_pandas_missing_values_are_missing(missing):
    assert _isna(missing) is True


@pytest.mark.parametrize("present", [0, 0.0, 1337.0, "", "NA"])
def test_a_number_or_a_string_is_not_missing(present):
    assert _isna(present) is False


# --- building and adding intervals ----------------------------------------------------------------

def test_a_point_is_a_closed_interval_of_one_float():
    p = Interval.point(7)
    assert ends(p) == (7.0, 7.0, False, False) and isinstance(p.lo, float) and isinstance(p.hi, float)
    assert p.is_point


def test_an_interval_with_an_open_end_or_a_width_is_not_a_point():
    assert not Interval(2, 2, lo_open=True).is_point
    assert not Interval(2, 2, hi_open=True).is_point
    assert not Interval(2, 3).is_point


def test_a_sum_adds_the_ends_and_an_end_is_open_when_either_addend_end_is():
    assert ends(Interval(1, 2) + Interval(3, 4)) == (4, 6, False, False)
    assert ends(Interval(1, 2, lo_open=True) + Interval(3, 4)) == (4, 6, True, False)
    assert ends(Interval(1, 2) + Interval(3, 4, lo_open=True)) == (4, 6, True, False)
    assert ends(Interval(1, 2, hi_open=True) + Interval(3, 4)) == (4, 6, False, True)
    assert ends(Interval(1, 2) + Interval(3, 4, hi_open=True)) == (4, 6, False, True)


def test_a_difference_takes_the_far_ends_and_their_openness():
    # [10, 20] - [1, 3] runs from 10 - 3 to 20 - 1; the low end is open when 10 or 3 is excluded
    assert ends(Interval(10, 20) - Interval(1, 3)) == (7, 19, False, False)
    assert ends(Interval(10, 20, lo_open=True) - Interval(1, 3)) == (7, 19, True, False)
    assert ends(Interval(10, 20) - Interval(1, 3, hi_open=True)) == (7, 19, True, False)
    assert ends(Interval(10, 20, hi_open=True) - Interval(1, 3)) == (7, 19, False, True)
    assert ends(Interval(10, 20) - Interval(1, 3, lo_open=True)) == (7, 19, False, True)


def test_scaling_and_shifting_keep_which_ends_are_open():
    assert ends(Interval(1, 2, lo_open=True).scale(3)) == (3, 6, True, False)
    assert ends(Interval(1, 2, hi_open=True).scale(100)) == (100, 200, False, True)
    assert ends(Interval(1, 2, hi_open=True).shift(10)) == (11, 12, False, True)
    assert ends(Interval(1, 2, lo_open=True).shift(-1)) == (0, 1, True, False)


def test_offset_minus_an_interval_swaps_its_ends_and_their_openness():
    # 100 - [10, 30) is (70, 90]: the excluded 30 becomes the excluded 70
    assert ends(Interval(10, 30, hi_open=True).negate_plus(100)) == (70, 90, True, False)
    assert ends(Interval(10, 30, lo_open=True).negate_plus(100)) == (70, 90, False, True)
    assert ends(Interval(0.25, 0.5).negate_plus(1.0)) == (0.5, 0.75, False, False)


# --- division ---------------------------------------------------------------------------------------

def test_a_quotient_of_counts_runs_from_the_least_to_the_greatest_ratio():
    # [6, 12] / [2, 3]: the least is 6 / 3, the greatest 12 / 2
    assert ends(Interval(6, 12).divide(Interval(2, 3))) == (2, 6, False, False)


def test_a_quotient_end_is_open_when_an_end_it_comes_from_is_open():
    assert ends(Interval(6, 12, lo_open=True).divide(Interval(2, 3))) == (2, 6, True, False)
    assert ends(Interval(6, 12).divide(Interval(2, 3, hi_open=True))) == (2, 6, True, False)
    assert ends(Interval(6, 12, hi_open=True).divide(Interval(2, 3))) == (2, 6, False, True)
    assert ends(Interval(6, 12).divide(Interval(2, 3, lo_open=True))) == (2, 6, False, True)


def test_a_divisor_that_may_be_zero_leaves_the_quotient_without_an_upper_bound():
    assert ends(Interval(6, 12).divide(Interval(0, 3))) == (2, math.inf, False, False)
    # an excluded 0 in the divisor still gives no upper bound (the infinite end is not marked open)
    assert ends(Interval(6, 12).divide(Interval(0, 3, lo_open=True))) == (2, math.inf, False, False)


def test_a_divisor_without_an_upper_bound_lets_the_quotient_fall_to_zero():
    assert ends(Interval(6, 12).divide(Interval(2, math.inf))) == (0.0, 6, False, False)


def test_a_divisor_that_is_zero_or_negative_gives_no_finite_quotient():
    assert ends(Interval(1, 2).divide(Interval(0, 0))) == (math.inf, math.inf, False, False)
    assert ends(Interval(1, 2).divide(Interval(-2, -1))) == (math.inf, math.inf, False, False)


# --- overlap, containment, distance ----------------------------------------------------------------

@pytest.mark.parametrize("a, b, shared", [
    (Interval(1, 3), Interval(2, 4), True),
    (Interval(1, 2), Interval(3, 4), False),
    (Interval(3, 4), Interval(1, 2), False),
    (Interval(1, 2), Interval(2, 3), True),                  # touching closed ends share 2
    (Interval(1, 2, hi_open=True), Interval(2, 3), False),  # 2 is excluded from the first
    (Interval(1, 2), Interval(2, 3, lo_open=True), False),  # 2 is excluded from the second
    (Interval(0, 2, lo_open=True), Interval(2, 3), True),   # the open end is elsewhere
    (Interval(2, 5, hi_open=True), Interval(1, 2), True),   # the open end is elsewhere
    (Interval.point(2), Interval(2, 3), True),
    (Interval.point(2), Interval(2, 3, lo_open=True), False),
    (Interval(2, 3, lo_open=True), Interval.point(2), False),
    (Interval.point(3), Interval(2, 3, hi_open=True), False),
    (Interval(2, 3, hi_open=True), Interval.point(3), False),
    (Interval(1, 5), Interval(2, 3), True),                  # one inside the other
    (Interval(500, math.inf, lo_open=True), Interval.point(501), True),
    (Interval(500, math.inf, lo_open=True), Interval.point(500), False),
])
def test_two_intervals_overlap_when_they_share_a_value(a, b, shared):
    assert a.overlaps(b) is shared
    assert b.overlaps(a) is shared


def test_floating_point_noise_is_forgiven_but_a_real_gap_is_not():
    # 0.1 + 0.2 is 0.30000000000000004: it still touches a share that ends at 0.3
    assert Interval(0.1 + 0.2, 1).overlaps(Interval(0, 0.3))
    assert Interval(0, 0.3).overlaps(Interval(0.1 + 0.2, 1))
    # at a billion, a tenth is noise (1e-10 of the figure) and ten is a gap (1e-8 of it)
    assert Interval(1e9 + 0.1, 2e9).overlaps(Interval(0, 1e9))
    assert not Interval(1e9 + 10, 2e9).overlaps(Interval(0, 1e9))
    assert not Interval(0, 1e9).overlaps(Interval(1e9 + 10, 2e9))


def test_containment_holds_an_interval_within_the_ends():
    assert Interval(0, 10).contains(Interval(2, 3))
    assert Interval(0, 10).contains(Interval(0, 10))
    assert not Interval(0, 10).contains(Interval(2, 11))
    assert not Interval(0, 10).contains(Interval(-1, 3))


def test_containment_with_an_unbounded_end():
    assert Interval(0, math.inf).contains(Interval(5, math.inf))
    assert not Interval(0, 10).contains(Interval(5, math.inf))
    assert not Interval(0, math.inf).contains(Interval(-math.inf, 5))


def test_an_interval_unbounded_on_both_sides_contains_itself():
    # no finite end to take the scale of the noise from (this raised TypeError: max() of one float)
    assert Interval(-math.inf, math.inf).contains(Interval(-math.inf, math.inf))
    assert Interval(-math.inf, math.inf).contains(Interval(-math.inf, 5))


def test_containment_forgives_floating_point_noise_at_the_scale_of_the_figures():
    assert Interval(0, 0.3).contains(Interval(0, 0.1 + 0.2))
    assert Interval(0, 1e9).contains(Interval(0, 1e9 + 0.1))
    assert not Interval(0, 1e9).contains(Interval(0, 1e9 + 10))
    assert Interval(1e9, 2e9).contains(Interval(1e9 - 0.1, 2e9))
    assert not Interval(1e9, 2e9).contains(Interval(1e9 - 10, 2e9))


def test_distance_is_signed_and_zero_for_an_overlap():
    assert Interval(5, 6).distance(Interval(1, 2)) == 3.0
    assert Interval(1, 2).distance(Interval(5, 6)) == -3.0
    assert Interval(1, 3).distance(Interval(2, 4)) == 0.0
    # touching at an excluded end: no shared value, but no gap either
    assert Interval(2, 3).distance(Interval(1, 2, hi_open=True)) == 0.0
    assert Interval(1, 2, hi_open=True).distance(Interval(2, 3)) == 0.0


# --- writing an interval ----------------------------------------------------------------------------

@pytest.mark.parametrize("interval, written", [
    (Interval.point(1337), "1,337"),
    (Interval(0.1 + 0.2, 0.3), "0.3"),
    (Interval(37.5, 38.5), "[37.5, 38.5]"),
    (Interval(500, math.inf, lo_open=True), "(500, no upper bound)"),
    (Interval(500, math.inf), "[500, no upper bound)"),
    (Interval(0, 500, hi_open=True), "[0, 500)"),
    (Interval(2, 2, hi_open=True), "[2, 2)"),
    (Interval(2, 2, lo_open=True), "(2, 2]"),
    (Interval(-math.inf, 3), "[no lower bound, 3]"),
])
def test_an_interval_is_written_with_brackets_for_its_ends(interval, written):
    assert interval.text() == written


# --- numbers ------------------------------------------------------------------------------------------

def test_stable_keeps_twelve_significant_digits():
    assert stable(1 / 3) == 0.333333333333
    assert stable(1234567.123456789) == 1234567.12346
    assert stable(0.1 + 0.2) == 0.3
    assert stable(math.inf) == math.inf and stable(-math.inf) == -math.inf
    assert math.isnan(stable(math.nan)) and stable(None) is None and stable(pd.NA) is pd.NA


@pytest.mark.parametrize("value, written", [
    (math.inf, "no upper bound"),
    (-math.inf, "no lower bound"),
    (1337.0, "1,337"),
    (1500000.0, "1,500,000"),
    ((0.1 + 0.2) * 1e7, "3,000,000"),   # the noise of the product is not written
    (100.0, "100"),
    (100.25, "100.3"),                  # from 100 on: one decimal, a half rounded up
    (1234.5, "1,234.5"),
    (-150.5, "-150.5"),
    (99.5, "99.5"),
    (37.5, "37.5"),
    (0.25, "0.25"),
    (1 / 12, "0.08333"),                # below 100: four significant digits
    (0.0, "0"),
])
def test_a_number_is_written_as_a_reader_reads_it(value, written):
    assert fmt_number(value) == written


@pytest.mark.parametrize("value, place", [
    (117000, 1000), (3.5, 0.1), (40, 10), (7, 1), (0.25, 0.01), (-300, 100), (1500000, 100000), (0, 1),
])
def test_the_place_of_the_last_nonzero_digit(value, place):
    assert _last_digit_place(value) == pytest.approx(place)


@pytest.mark.parametrize("value, step", [
    (3500, 500),        # 7 x 500
    (3.5, 0.5),         # 7 x 0.5
    (40, 10),           # 4 x 10
    (117000, 1000),     # 117 x 1,000
    (250, 50),          # 5 x 50
    (1500000, 500000),  # 3 x 500,000
    (700000, 100000),   # 7 x 100,000
    (1000, 1000),       # 1 x 1,000
    (45, 5),
    (7, 1),
    (0.3, 0.1),
    (1.25, 0.05),       # 25 x 0.05
    (-3500, 500),
    (0, 1),
])
def test_the_prose_step_is_the_coarsest_round_step_that_divides_the_figure(value, step):
    assert prose_step(value) == pytest.approx(step)


@pytest.mark.parametrize("value, places", [(38.0, 0), (8.8, 1), (0.65, 2), (0.125, 3)])
def test_decimals_counts_the_printed_decimal_places(value, places):
    assert _decimals(value) == places


@pytest.mark.parametrize("printed, word", [
    ("thirty-six", True), ("one-third", True), ("three-quarters of a million", True), ("two", True),
    ("1,337", False), ("3.5 million", False), ("38%", False), ("IV", False), ("", False),
])
def test_a_number_in_words_has_letters_and_no_digit(printed, word):
    assert is_word(printed) is word


@pytest.mark.parametrize("printed, factor", [
    ("3.5 million", 1e6), ("177 thousand", 1e3), ("1.2 billion", 1e9), ("Two Million", 1e6), ("1,337", 1.0),
])
def test_a_scale_word_gives_the_magnitude(printed, factor):
    assert _scale_of(printed) == factor


@pytest.mark.parametrize("printed, denominator", [
    ("half", 2), ("two halves", 2), ("one-third", 3), ("two-thirds", 3), ("a quarter", 4), ("three-quarters", 4),
    ("a fourth", 4), ("three-fourths", 4), ("one-fifth", 5), ("four-fifths", 5), ("one-sixth", 6),
    ("five-sixths", 6), ("an eighth", 8), ("three-eighths", 8), ("one-tenth", 10), ("nine-tenths", 10),
    ("Half", 2), ("thirty-six", None), ("halfway", None),
])
def test_a_fraction_word_gives_its_denominator(printed, denominator):
    assert _fraction_denominator(printed) == denominator


@pytest.mark.parametrize("fraction, denominator, lo, hi", [
    (0.5, 2, 5 / 12, 7 / 12),        # between 1/3 and 2/3
    (1 / 3, 3, 7 / 24, 5 / 12),      # between 1/4 and 1/2
    (0.6667, 3, 7 / 12, 17 / 24),    # two-thirds as printed to four places: between 1/2 and 3/4
    (0.25, 4, 1 / 8, 7 / 24),        # between 0 and 1/3
    (0.75, 4, 17 / 24, 7 / 8),       # between 2/3 and 1
    (0.2, 5, 1 / 10, 9 / 40),        # its own denominator: between 0 and 1/4
    (0.4, 5, 11 / 30, 9 / 20),       # between 1/3 and 1/2
    (0.1, 10, 1 / 20, 19 / 180),     # between 0 and 1/9
    (0.0, 2, 0.0, 1 / 8),            # nothing below 0
    (1.0, 2, 7 / 8, 1.0),            # nothing above 1
])
def test_a_simple_fraction_stands_for_the_values_nearer_to_it_than_to_another(fraction, denominator, lo, hi):
    assert simple_fraction_interval(fraction, denominator) == pytest.approx((lo, hi))


@pytest.mark.parametrize("quote, printed, word", [
    ("almost one-third of them", "one-third", "almost"),
    ("nearly 700,000 were shot", "700,000", "nearly"),
    ("NEARLY 700,000 were shot", "700,000", "nearly"),
    ("just  under 5 percent", "5 percent", "just under"),
    ("not quite half of them", "half", "not quite"),
    ("close to 1 million", "1 million", "close to"),
    ("nearly all 700 delegates", "700", "nearly"),
    ("nearly (700,000) were shot", "700,000", "nearly"),
    ("700,000, nearly all of them", "700,000", None),
    ("almost certainly more than 700,000", "700,000", None),
    (math.nan, "700,000", None),
    ("nearly 700,000", "", None),
])
def test_a_word_right_before_the_figure_puts_it_below(quote, printed, word):
    assert below_word(quote, printed) == word


def test_a_count_divided_by_a_share_below_one_grows():
    # 6-12 persons are 0.5-0.8 of a whole: the whole is 6 / 0.8 to 12 / 0.5
    assert ends(Interval(6, 12).divide(Interval(0.5, 0.8))) == (7.5, 24, False, False)
    assert ends(Interval(6, 12).divide(Interval(0.5, 0.8, lo_open=True))) == (7.5, 24, False, True)


def test_a_value_at_infinity_overlaps_no_finite_figure():
    # a quotient by zero is [inf, inf]: it shares no value with a stated figure
    assert not Interval(math.inf, math.inf).overlaps(Interval(0, 5))
    assert not Interval(-math.inf, -math.inf).overlaps(Interval(0, 5))
    assert Interval(math.inf, math.inf).overlaps(Interval(0, math.inf))


def test_noise_is_a_billionth_of_the_figure_and_at_least_a_billionth():
    # a difference computed as 0.1 + 0.2 - 0.3 (5.6e-17) is zero
    assert Interval.point(0.1 + 0.2 - 0.3).overlaps(Interval.point(0))
    # near 1, two billionths is a real difference
    assert not Interval.point(1 + 2e-9).overlaps(Interval.point(1))
    assert not Interval(0, 1).contains(Interval(0, 1 + 2e-9))
    assert Interval(0, 1).contains(Interval(0, 1 + 5e-10))


def test_a_number_word_in_capitals_is_a_word():
    assert is_word("HALF") and is_word("THIRTY-SIX")
