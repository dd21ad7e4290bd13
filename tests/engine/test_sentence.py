"""Reading a sentence's figures (engine/sentence.py), with words given by the test."""

from repression_data.engine.sentence import read_sentence

WORDS = [
    {"phrase": "shot", "kind": "measure", "term": "executions"},
    {"phrase": "arrested", "kind": "measure", "term": "arrests"},
    {"phrase": "more than", "kind": "qualifier", "term": "more_than"},
    {"phrase": "some", "kind": "qualifier", "term": "approx"},
    {"phrase": "nearly", "kind": "qualifier", "term": "approx"},
    {"phrase": "quota", "kind": "plan", "term": "plan"},
    {"phrase": "hundreds of thousands", "kind": "vague", "term": "vague", "value_low": 200000.0, "value_high": 999999.0},
    {"phrase": "the great terror", "kind": "period", "term": "1937-38", "period_start": "1937-01-01", "period_end": "1938-12-31"},
]


def test_figures_as_intervals_by_the_package_rule():
    f = read_sentence("1.5 million were shot in 1937-38 and more than 700,000 arrested", WORDS)
    assert [(x.printed, x.low, x.high) for x in f] == [("1.5 million", 1_450_000, 1_550_000), ("700,000", 700_000, None)]
    assert [x.measure for x in f] == ["executions", "arrests"]
    assert f[0].period.start == "1937-01-01" and f[0].period.end == "1938-12-31"


def test_words_fractions_ranges_and_vague():
    f = read_sentence("three-quarters of a million were shot; 5-8 million arrested; hundreds of thousands shot", WORDS)
    assert [(x.low, x.high) for x in f] == [(625_000, 875_000), (5_000_000, 8_000_000), (200_000, 999_999)]


def test_nearly_keeps_the_lower_half_and_years_are_not_figures():
    f = read_sentence("In 1937, nearly 700,000 were shot during the Great Terror", WORDS)
    assert len(f) == 1 and (f[0].low, f[0].high) == (650_000, 700_000)


def test_plan_word_goes_to_its_figure_and_by_a_date_is_a_running_total():
    f = read_sentence("The quota was 76,000 but by November 1938 some 390,000 were shot", WORDS)
    assert [x.plan for x in f] == [True, False]
    assert f[1].period.kind == "by" and f[1].period.end == "1938-11-30" and f[1].period.start is None


def test_number_words_spaces_month_spans_and_document_dates():
    f = read_sentence("one and a half million were arrested; a quarter of a million shot", WORDS)
    assert [x.value for x in f] == [1_500_000, 250_000]
    f = read_sentence("In 1938 328 618 people were shot", WORDS)
    assert [x.value for x in f] == [328_618]
    f = read_sentence("Between August 1937 and November 1938, 390,000 were shot", WORDS)
    assert (f[0].period.start, f[0].period.end) == ("1937-01-01", "1938-12-31")
    f = read_sentence("The order of 30 July 1937 led to 390,000 shot", WORDS)
    assert f[0].period is None  # the order's date is not the period of the figure


def test_gapped_phrase_reads_words_between_its_parts():
    words = WORDS + [{"phrase": "sentenced ... to death", "kind": "measure", "term": "death_sentences"},
                     {"phrase": "sentenced", "kind": "measure", "term": "convictions"}]
    assert read_sentence("The NKVD sentenced 353,074 people to death", words)[0].measure == "death_sentences"
    assert read_sentence("The NKVD sentenced 353,074 people", words)[0].measure == "convictions"


def test_a_named_group_wins_over_people():
    words = WORDS + [{"phrase": "people", "kind": "category", "term": "all_persons"},
                     {"phrase": "counterrevolutionary crimes", "kind": "category", "term": "counterrevolutionary_offenders"}]
    f = read_sentence("In 1938, 593,326 people were arrested for counterrevolutionary crimes", words)
    assert f[0].category == "counterrevolutionary_offenders"
    assert read_sentence("In 1938, 593,326 people were arrested", words)[0].category == "all_persons"
