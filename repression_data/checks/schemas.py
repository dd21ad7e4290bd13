"""The tables' schemas: what each column holds and what makes a row valid.

These pandera models are the single description of the tables. The build
validates against them, and the column descriptions document the data.
Importing this module imports pandera, so the loader never imports it.
"""

from __future__ import annotations

from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from repression_data.engine.order import ORDER_OPERATIONS, SCALES
from repression_data.engine.restatements import KINDS as RESTATEMENT_KINDS
from repression_data.read.rawspec import FIGURE_KINDS

CLAIM_ID_PATTERN = r"^[A-Z]{2,4}-\d{4,}$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SOURCE_KINDS = ["monograph", "article_abstract", "book_chapter", "web_page"]
REGION_TYPES = ["country", "union_republic", "autonomous_republic", "territory", "region", "city", "district", "other"]
ALL_QUALIFIERS_NEED_VALUE = ["exact", "approx", "more_than", "at_least", "less_than", "at_most"]


def _text(description: str, nullable: bool = False, **kwargs) -> object:
    return pa.Field(description=description, nullable=nullable, **kwargs)


class SourceSchema(pa.DataFrameModel):
    """One row per source text (data/raw/sources.csv)."""

    source_id: Series[str] = _text("Stable slug naming the text, e.g. 'getty-naumov-1999'.", unique=True, str_matches=SLUG_PATTERN)
    claim_prefix: Series[str] = _text("Prefix of the ids of this text's claims, e.g. 'GN' for GN-0001.", unique=True, str_matches=r"^[A-Z]{2,4}$")
    authors: Series[str] = _text("Authors as 'Surname, Initials'; several separated by '; '.", nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(description="Year of publication.", nullable=True, ge=1900, le=2100)
    title: Series[str] = _text("Title of the text.")
    container: Series[str] = _text("Journal, book or site the text appears in.", nullable=True)
    publisher: Series[str] = _text("Publisher and place.", nullable=True)
    pages: Series[str] = _text("Printed page range of the text as published, e.g. '182-192'.", nullable=True)
    first_page: Series[pd.Int64Dtype] = pa.Field(description="Lowest printed page a claim may cite; null where the text has no pages.", nullable=True, ge=1)
    last_page: Series[pd.Int64Dtype] = pa.Field(description="Highest printed page a claim may cite; null where the text has no pages.", nullable=True, ge=1)
    doi: Series[str] = _text("DOI, where known.", nullable=True)
    url: Series[str] = _text("URL, where known.", nullable=True)
    kind: Series[str] = _text("Kind of text: " + ", ".join(SOURCE_KINDS) + ".", isin=SOURCE_KINDS)
    text_file: Series[str] = _text("File name of the plain-text copy in the sources folder (not shipped).", unique=True)
    text_sha256: Series[str] = _text("SHA-256 of that file: the exact text the quotes and lines refer to.", str_matches=r"^[0-9a-f]{64}$")
    text_lines: Series[pd.Int64Dtype] = pa.Field(description="Number of lines in that file; a claim's line must not exceed it.", ge=1)
    note: Series[str] = _text("The text's nature and reliability, and what was recorded from it.")

    @pa.dataframe_check(name="first_page_not_after_last_page")
    def _pages_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["first_page"] > df["last_page"]).fillna(False)


class ClaimSchema(pa.DataFrameModel):
    """One row per number printed in a source (data/raw/claims/<source_id>.csv)."""

    claim_id: Series[str] = _text("Stable id: the source's claim_prefix, a hyphen and a serial number, e.g. 'RM-0007'. Never reused.", unique=True, str_matches=CLAIM_ID_PATTERN)
    source_id: Series[str] = _text("The text that prints the figure (see the sources table).")
    page: Series[pd.Int64Dtype] = pa.Field(description="Printed page when the evidence pins it (page_basis 'printed' or 'counted'); null where the text has no page numbers or the evidence allows only a range (page_low..page_high).", nullable=True, ge=1)
    line: Series[pd.Int64Dtype] = pa.Field(description="1-based line of the text file where the number is printed.", ge=1)
    locator: Series[str] = _text("Place in the text a reader would cite: 'Table 5', 'fn. 182', 'Document 54', 'abstract'.", str_length={"min_value": 1})
    quote: Series[str] = _text("Shortest verbatim span (<= 200 characters, OCR errors kept, line breaks as single spaces) showing the figure and what it counts.", str_length={"min_value": 1, "max_value": 200})
    value_printed: Series[str] = _text("The number exactly as printed: '33'7544', 'one-third', 'dozens'.", str_length={"min_value": 1})
    value: Series[float] = pa.Field(description="The number read (a percent as printed, 38 for 38%; a fraction between 0 and 1); null when vague.", nullable=True, ge=0)
    value_low: Series[float] = pa.Field(description="Lower bound, for ranges and vague words.", nullable=True, ge=0)
    value_high: Series[float] = pa.Field(description="Upper bound, for ranges and vague words.", nullable=True, ge=0)
    qualifier: Series[str] = _text("How the text qualifies the number: exact, approx, more_than, at_least, less_than, at_most, range, vague (see the qualifiers table).")
    unit: Series[str] = _text("Unit of value (see the units table): persons, percent, fraction, lists, years, ...")
    measure: Series[str] = _text("What is counted (see the measures table): arrests, executions, expulsions, ...")
    category: Series[str] = _text("The group counted (see the categories table).")
    region: Series[str] = _text("Normalised region (see the regions table); 'USSR' for all-union figures.")
    region_printed: Series[str] = _text("The region's name as the text prints it; null when the text names none.", nullable=True)
    period_start: Series[pd.Timestamp] = pa.Field(description="First day of the period counted; null when the text gives no time.", nullable=True)
    period_end: Series[pd.Timestamp] = pa.Field(description="Last day of the period counted (equal to period_start for an 'as of' date).", nullable=True)
    attributed_to: Series[str] = _text("Producer the text credits for the figure, in the text's words; null when it is the text's own.", nullable=True)
    producer_id: Series[str] = _text("Who first produced the figure (see the producers table): one id for one real producer, whatever the wording of attributed_to; null only where the figure is the text's own.", nullable=True)
    derived: Series[bool] = pa.Field(description="True when the text presents the figure as computed from its other figures.")
    reading_note: Series[str] = _text("Why value differs from value_printed, or what is uncertain.", nullable=True)
    reading_basis: Series[str] = _text("How value was read from the print: as_printed (no correction), confirmed (by the text's arithmetic or a repetition), "
                                       "ocr_habit (a substitution this OCR makes elsewhere), undecided (no single value; see the readings table).",
                                       isin=["as_printed", "confirmed", "ocr_habit", "undecided"])
    reading_evidence: Series[str] = _text("For confirmed, the relation(s) or claim(s) that confirm the reading; for ocr_habit, at least two other places "
                                          "(claim ids or text lines) where the OCR makes the same substitution; else null.", nullable=True)
    page_low: Optional[Series[pd.Int64Dtype]] = pa.Field(description="Lowest page the evidence allows for the claim's line (equal to page when pinned); counted by the build from the page breaks and anchors of data/raw/pages. Null where the text has no page numbers.", nullable=True, ge=1)
    page_high: Optional[Series[pd.Int64Dtype]] = pa.Field(description="Highest page the evidence allows (equal to page when pinned). Cite 'pp. page_low-page_high' when they differ.", nullable=True, ge=1)
    page_basis: Optional[Series[str]] = _text("How the page is known: 'printed' (the page's own number survives in the OCR), 'counted' (counted from the page breaks between anchors that agree), 'range' (the evidence allows page_low..page_high; page is null). Null where the text has no page numbers.", nullable=True, isin=["printed", "counted", "range"])
    quantity_id: Optional[Series[str]] = _text("The quantity this claim measures with other claims (see the quantities table); null where nothing else measures the same thing.", nullable=True)

    @pa.dataframe_check(name="page_within_page_low_and_page_high")
    def _page_in_range(cls, df: pd.DataFrame) -> Series[bool]:
        if "page_low" not in df.columns:
            return pd.Series(True, index=df.index)
        outside = (df["page_low"] > df["page_high"]) | (df["page"] < df["page_low"]) | (df["page"] > df["page_high"])
        return ~outside.fillna(False).astype(bool)

    @pa.dataframe_check(name="value_low_not_above_value")
    def _low_le_value(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["value_low"] > df["value"]).fillna(False)

    @pa.dataframe_check(name="value_high_not_below_value")
    def _value_le_high(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["value"] > df["value_high"]).fillna(False)

    @pa.dataframe_check(name="value_low_not_above_value_high")
    def _low_le_high(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["value_low"] > df["value_high"]).fillna(False)

    @pa.dataframe_check(name="percent_at_most_100")
    def _percent_le_100(cls, df: pd.DataFrame) -> Series[bool]:
        is_percent = df["unit"] == "percent"
        too_big = (df[["value", "value_low", "value_high"]] > 100).any(axis=1)
        return ~(is_percent & too_big)

    @pa.dataframe_check(name="fraction_at_most_1")
    def _fraction_le_1(cls, df: pd.DataFrame) -> Series[bool]:
        is_fraction = df["unit"] == "fraction"
        too_big = (df[["value", "value_low", "value_high"]] > 1).any(axis=1)
        return ~(is_fraction & too_big)

    @pa.dataframe_check(name="period_end_not_before_start")
    def _period_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return ~(df["period_end"] < df["period_start"]).fillna(False)

    @pa.dataframe_check(name="quote_contains_value_printed")
    def _quote_has_value(cls, df: pd.DataFrame) -> Series[bool]:
        pairs = zip(df["quote"].fillna(""), df["value_printed"].fillna(""))
        return pd.Series([printed in quote for quote, printed in pairs], index=df.index)

    @pa.dataframe_check(name="value_present_unless_range_or_vague")
    def _value_needed(cls, df: pd.DataFrame) -> Series[bool]:
        # A definite figure whose print cannot be read fully keeps value empty
        # and bounds the possible readings with value_low and value_high.
        unread = df["value_low"].notna() & df["value_high"].notna()
        return ~(df["qualifier"].isin(ALL_QUALIFIERS_NEED_VALUE) & df["value"].isna() & ~unread)

    @pa.dataframe_check(name="no_figure_has_no_value")
    def _no_figure_empty(cls, df: pd.DataFrame) -> Series[bool]:
        # A printed dash (OCR '0') gives no figure: nothing may be read into it.
        has_any = df["value"].notna() | df["value_low"].notna() | df["value_high"].notna()
        return ~((df["qualifier"] == "no_figure") & has_any)

    @pa.dataframe_check(name="range_has_both_bounds")
    def _range_bounds(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["qualifier"] == "range") & (df["value_low"].isna() | df["value_high"].isna()))

    @pa.dataframe_check(name="vague_has_value_or_bound")
    def _vague_bounds(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["qualifier"] == "vague") & df["value"].isna() & df["value_low"].isna() & df["value_high"].isna())


class ReadingSchema(pa.DataFrameModel):
    """One row per candidate reading of a print that cannot be decided (data/raw/readings.csv)."""

    claim_id: Series[str] = _text("The claim whose print is undecided (reading_basis 'undecided').", str_matches=CLAIM_ID_PATTERN)
    value: Series[float] = pa.Field(description="One value the print may stand for.", ge=0)
    evidence: Series[str] = _text("What supports this reading: the substitution it assumes and where the OCR makes it.", str_length={"min_value": 1})

    @pa.dataframe_check(name="one_row_per_candidate")
    def _unique(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["claim_id", "value"], keep=False)


THEMES = ["party_screenings", "secret_police_statistics", "mass_operations", "elite_losses", "other"]
RELATION_OPERATIONS = ["percent", "fraction", "ratio", "sum", "difference", "percent_change", "fraction_decline", "equal", "part_of"]
# Added for relations stated through an implied figure (repression_data.relations.DERIVED_OPERATIONS, BOUND_CHECKS).
RELATION_OPERATIONS += ["whole_from_percent", "percent_of_implied_whole", "percent_decline", "part_of_percent", "part_of_fraction", "rest_percent_between"]
RELATION_OPERATIONS += ["percent_lower_as_higher"]
# Statements of order and trend (repression_data.engine.order.ORDER_OPERATIONS).
RELATION_OPERATIONS += list(ORDER_OPERATIONS)
PASSAGES = ["one", "across"]


class RelationSchema(pa.DataFrameModel):
    """One row per arithmetic relation a text states between its figures (data/raw/relations.csv)."""

    relation_id: Series[str] = _text("Stable id: 'R-', the source's claim_prefix, a hyphen and a serial number.", unique=True, str_matches=r"^R-[A-Z]{2,4}-\d{3,}$")
    source_id: Series[str] = _text("The text that states the relation.")
    theme: Series[str] = _text("Theme of the analysis script that checks it: " + ", ".join(THEMES) + ".", isin=THEMES)
    locator: Series[str] = _text("Where the text states it.")
    description: Series[str] = _text("The relation in words, quoting the text.")
    operation: Series[str] = _text("percent (100*A/B), fraction (A/B), ratio (A/B), sum, difference (A-B), percent_change (100*(A-B)/B), fraction_decline ((B-A)/B), equal, part_of (the parts, then the whole: sum of parts <= whole), whole_from_percent (100*A/B), percent_of_implied_whole (100*A/(100*B/C)), percent_decline (100*(B-A)/B), part_of_percent (A <= B*C/100), part_of_fraction (A <= B*C), rest_percent_between (100*(B-A)/B between C and D), percent_lower_as_higher (100*A/(100-A)); and the statements of order: less_than, greater_than, not_greater, lowest_since, highest_among, monotone_decline, monotone_rise, share_greater, share_word, ratio_word, spread_word, closest_to, within_bounds (see the relations report).", isin=RELATION_OPERATIONS)
    operands: Series[str] = _text("Operands A;B;... in order: each a claim id, claim ids joined by '+' (their sum), or '?' for a figure the text uses but does not print.", str_matches=r"^(\?|[A-Z]{2,4}-\d{4,}(\+[A-Z]{2,4}-\d{4,})*)(;(\?|[A-Z]{2,4}-\d{4,}(\+[A-Z]{2,4}-\d{4,})*))*$")
    result: Series[str] = _text("Claim id of the result the text states; '?' when the text implies a result it does not print; empty when a constant or nothing is stated.", nullable=True)
    result_constant: Series[float] = pa.Field(description="The stated result when the text implies it without printing it (e.g. 100 for shares of a whole).", nullable=True)
    note: Series[str] = _text("What a reviewer needs to know.", nullable=True)
    result_qualifier: Series[str] = _text("How a result_constant is stated (a qualifier term: exact when empty; approx for 'roughly the same number').", nullable=True)
    unlinked_operands: Series[str] = _text("Operand claim ids (';'-separated) taken from a passage the text does not link to this relation; the relation is then not computable.", nullable=True)
    unlinked_reason: Series[str] = _text("Why those operands are not linked: where they are printed and what the text leaves unsaid.", nullable=True)
    word: Series[str] = _text("The vague word a statement of order uses ('majority', 'roughly comparable'): a term of the order_words table, whose interval the share or ratio must meet.", nullable=True)
    word_reading: Series[str] = _text("How the words of a statement of order were read (which years 'since 1930' covers, what 'steadily' asks).", nullable=True)
    passages: Series[str] = _text("'one' (empty): the figures stand in one passage; 'across': two passages or documents give them (two figures for one thing, or a share in one place and its counts in another); a failing verdict is then a contradiction.", nullable=True, isin=PASSAGES)
    slip_kind: Series[str] = _text("Who slipped, where the verdict is inconsistent or a contradiction: a term of the slip_kinds table (the author's arithmetic, a producer's slip relayed, a print or OCR defect, a disagreement between producers, a discrepancy the data explain). The build refuses a failing verdict without one.", nullable=True)
    acknowledged: Series[str] = _text("Whether the text notices the discrepancy: 'no', or the text's own words that notice it (a quote).", nullable=True)
    explanation: Series[str] = _text("How the data explain a discrepancy that stays on show (R-GN-085: the 36th is Stalin).", nullable=True)
    bound_as_value: Series[str] = _text("Operand claim ids (';'-separated) whose printed bound is the figure itself (the term 'up to 3 years' being divided), read as that bound rather than every value up to it.", nullable=True)
    lines: Series[str] = _text("The text's lines (';'-separated) where the relation is stated, when they are not the lines of its claims; relation-coverage files a sentence on these lines as this relation's.", nullable=True, str_matches=r"^\d+(;\d+)*$")


class VocabularySchema(pa.DataFrameModel):
    """A controlled vocabulary: measures, units, qualifiers or categories."""

    term: Series[str] = _text("The code used in the claims table.", unique=True, str_matches=r"^[a-z0-9]+(_[a-z0-9]+)*$")
    label: Series[str] = _text("Short human-readable name.")
    description: Series[str] = _text("What the term means and how it differs from its neighbours.")


class OrderWordSchema(VocabularySchema):
    """The vague words of order and share ("majority", "nearly half", "roughly comparable"), each with the interval it stands for and why."""

    scale: Series[str] = _text("What the word bounds: share (a part over its whole, 0 to 1), ratio (A over B) or spread (largest over smallest).", isin=list(SCALES))
    low: Series[float] = pa.Field(description="Lowest value the word allows (a share as a fraction: 0.5, not 50).", ge=0)
    high: Series[float] = pa.Field(description="Highest value the word allows; empty for no upper bound.", nullable=True)
    low_open: Series[bool] = pa.Field(description="True when the lowest value itself is excluded ('more than half').")
    high_open: Series[bool] = pa.Field(description="True when the highest value itself is excluded ('nearly half' is below one half).")


class MeasureSchema(VocabularySchema):
    """The measures vocabulary: what is counted, and what kind of figure it is."""

    figure_kind: Series[str] = _text("What kind of figure a claim of this measure is: " + "; ".join(f"{k} ({v})" for k, v in FIGURE_KINDS.items()) + ".", isin=list(FIGURE_KINDS))


class CheckWordSchema(pa.DataFrameModel):
    """The words the sentence check reads (data/raw/vocabularies/check_words.csv): phrase, kind of word, the term it stands for."""

    phrase: Series[str] = _text("A phrase a reader may write, in lower case ('shot', 'sentenced to death', 'the great terror'); ' ... ' lets up to six words stand between its parts ('sentenced ... to death').", unique=True)
    kind: Series[str] = _text("What kind of word it is: measure, category, region, qualifier, vague, plan, operation, period or producer_kind.")
    term: Series[str] = _text("The term it stands for: a measure, category, region or qualifier term; for an operation its category; "
                              "for a period its name; for a producer kind whether its figures decide a verdict (count) or are listed apart (estimate, claim).")
    value_low: Series[float] = pa.Field(description="For a vague phrase: the least number of people it allows.", nullable=True)
    value_high: Series[float] = pa.Field(description="For a vague phrase: the most it allows (null: no upper bound).", nullable=True)
    period_start: Series[pa.DateTime] = pa.Field(description="For a period or an operation: its first day.", nullable=True)
    period_end: Series[pa.DateTime] = pa.Field(description="For a period or an operation: its last day.", nullable=True)
    note: Series[str] = _text("Why the phrase stands for that term, with the passages that define it.", nullable=True)


DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ProducerSchema(pa.DataFrameModel):
    """One row per producer of figures: who first counted, estimated or set a number (data/raw/producers.csv)."""

    producer_id: Series[str] = _text("Stable slug naming the producer, e.g. 'nkvd-1953-report'. One real producer, one id.", unique=True, str_matches=SLUG_PATTERN)
    name: Series[str] = _text("The producer: body or person, document, date, as the texts describe it.")
    kind: Series[str] = _text("Kind of producer (see the producer_kinds table): archival statistical report, archival document, decree, official statement, commission, official publication, historian's estimate, popular estimate, ...")
    date: Series[str] = _text("When it produced the figures, as precisely as the texts give it (YYYY, YYYY-MM or YYYY-MM-DD); null when they do not say.", nullable=True, str_matches=DATE_PATTERN)
    archival_reference: Series[str] = _text("Fond, opis, delo and list where the texts print them; null when they print none.", nullable=True)
    derived_from: Series[str] = _text("The producer whose figures this one only passes on (an article that publishes a report, a note on a report); null for an independent producer.", nullable=True)
    note: Series[str] = _text("What a reader should know: which tables and claims draw on it, and why derived_from is set or left empty.", nullable=True)


class RegionSchema(pa.DataFrameModel):
    """Normalised regions, with their type and the region that contains them."""

    region: Series[str] = _text("Normalised English name, as used in the claims table.", unique=True)
    type: Series[str] = _text("Kind of territory: " + ", ".join(REGION_TYPES) + ".", isin=REGION_TYPES)
    parent: Series[str] = _text("The region that contains it (null for the USSR).", nullable=True)
    note: Series[str] = _text("Other names and changes of name.", nullable=True)


# Fields that mean "which field to blame" for each dataframe-level check.
CHECK_FIELDS = {
    "first_page_not_after_last_page": ("first_page", "is after last_page"),
    "page_within_page_low_and_page_high": ("page", "is outside page_low..page_high"),
    "value_low_not_above_value": ("value_low", "is greater than value"),
    "value_high_not_below_value": ("value_high", "is less than value"),
    "value_low_not_above_value_high": ("value_low", "is greater than value_high"),
    "percent_at_most_100": ("value", "is a percent over 100"),
    "fraction_at_most_1": ("value", "is a fraction over 1"),
    "period_end_not_before_start": ("period_end", "is before period_start"),
    "quote_contains_value_printed": ("quote", "does not contain value_printed verbatim"),
    "value_present_unless_range_or_vague": ("value", "is empty, but the qualifier says the number is definite (give the value; or, for a print that cannot be read fully, both value_low and value_high; or use 'range' or 'vague')"),
    "range_has_both_bounds": ("value_low", "a range needs both value_low and value_high"),
    "vague_has_value_or_bound": ("value_low", "a vague figure needs at least a value, value_low or value_high"),
}


class QuantitySchema(pa.DataFrameModel):
    """One row per quantity compared across texts and producers (data/raw/quantities.csv, computed columns added)."""

    quantity_id: Series[str] = _text("Stable id of the quantity, e.g. 'executions-ussr-1937-38'.", unique=True, str_matches=SLUG_PATTERN)
    label: Series[str] = _text("What is counted, in words.")
    measure: Series[str] = _text("Measure (see the measures table); for a plan_and_outcome quantity, the outcome's measure.")
    category: Series[str] = _text("Category (see the categories table).")
    region: Series[str] = _text("Region (see the regions table).")
    period_start: Series[pd.Timestamp] = pa.Field(description="First day of the period; null when the quantity has no period.", nullable=True)
    period_end: Series[pd.Timestamp] = pa.Field(description="Last day of the period.", nullable=True)
    comparison: Series[str] = _text("What the comparison is: same (figures for one thing), series (cumulative counts at different dates), plan_and_outcome (a plan beside its outcome).",
                                    isin=["same", "series", "plan_and_outcome"])
    n_claims: Series[int] = pa.Field(description="Figures of the same scope (the outcomes, in a plan_and_outcome quantity).", ge=0)
    n_texts: Series[int] = pa.Field(description="Texts that print them.", ge=0)
    n_producers: Series[int] = pa.Field(description="Independent producers: the roots of derived_from among the producers of the figures (and of the plans); the text itself counts for its own figures.", ge=0)
    producers: Series[str] = _text("The independent producers, '; '-separated producer ids ('text:<source_id>' for a text's own figures).", nullable=True)
    n_plan: Series[int] = pa.Field(description="Plans (limits) set beside the outcome; 0 unless comparison is plan_and_outcome.", ge=0)
    n_different_scope: Series[int] = pa.Field(description="Figures of another scope shown beside them.", ge=0)
    min: Series[pd.Int64Dtype] = pa.Field(description="Smallest figure of the same scope (persons).", nullable=True)
    max: Series[pd.Int64Dtype] = pa.Field(description="Largest figure of the same scope (persons).", nullable=True)
    spread: Series[float] = pa.Field(description="max / min.", nullable=True)
    ratio_low: Series[float] = pa.Field(description="Outcome / plan, lowest (smallest outcome over largest plan); null unless plan_and_outcome.", nullable=True)
    ratio_high: Series[float] = pa.Field(description="Outcome / plan, highest (largest outcome over smallest plan); null unless plan_and_outcome.", nullable=True)
    n_informative: Series[int] = pa.Field(description="Independent producers that give an informative figure: a count, or an estimate with both ends within a factor of 1.5, "
                                          "stating the quantity's own measure, category, region and period (not an open bound, a vague word or a wide range).", ge=0)
    agreement: Series[str] = _text("By the weight of the evidence: repeated (one independent producer, printed again), "
                                   "corroborated (at least two independent producers give informative figures that agree), "
                                   "not_contradicted (the figures agree, but fewer than two independent producers give an informative one: the agreement rests on an open bound, a vague word or a wide range), "
                                   "revision (one producer adjusting another's count; see adjustment), "
                                   "claim_against_count (a participant's claim, testimony, beside the figures of others), "
                                   "conflict (independent producers disagree beyond rounding and bounds; the note says why, acknowledged whether the text says so), "
                                   "series (a running count the text presents at stated dates, rising with the date), "
                                   "plan_and_outcome (a plan beside its outcome, see ratio_low/ratio_high), different_scope (at most one figure of the same scope, the others of another scope), "
                                   "single (one figure, nothing to compare).",
                                   isin=["repeated", "corroborated", "not_contradicted", "revision", "claim_against_count", "conflict", "series",
                                         "plan_and_outcome", "different_scope", "single"])
    acknowledged: Series[str] = _text("For a conflict or a revision: yes when a text says the figures differ (see acknowledgement), no when none does; null otherwise.",
                                      nullable=True, isin=["yes", "no"])
    acknowledgement: Series[str] = _text("The text's words that acknowledge the conflict or the revision, with the source and line.", nullable=True)
    adjustment: Series[str] = _text("For a revision: which figure revises which count, by how much, and why (data/raw/restatements.csv).", nullable=True)
    scope_note: Series[str] = _text("The plans and the figures of another scope, and how each differs.", nullable=True)
    closed_by: Series[str] = _text("A bound the text closes by its parts (a sum relation of exact counts): the judgement uses the sum, not the open bound.", nullable=True)
    note: Series[str] = _text("What a reader should know; for a conflict, why the figures differ.", nullable=True)


class RestatementSchema(pa.DataFrameModel):
    """Figures that repeat, round, revise or extend another claim's count (data/raw/restatements.csv)."""

    claim_id: Series[str] = _text("The claim that restates.", unique=True)
    restates: Series[str] = _text("The claim(s) it restates, '; '-separated where it rounds a sum.")
    kind: Series[str] = _text("repeat (the same figure printed again), rounding (a round figure of a count given elsewhere: it holds the count), "
                              "revision (one producer adjusting another's count), extension (an estimate of a wider scope built on the count: "
                              "it counts something else).", isin=RESTATEMENT_KINDS)
    reason: Series[str] = _text("Why, with the lines of the text.")


class QuantityMemberSchema(pa.DataFrameModel):
    """Claims joined to a quantity by hand, with the reason (data/raw/quantity_members.csv)."""

    quantity_id: Series[str] = _text("The quantity.")
    claim_id: Series[str] = _text("The claim.")
    scope: Series[str] = _text("same (joined where the rule cannot see it), plan (a limit beside the outcome of a plan_and_outcome quantity), "
                               "plan_presented_as_outcome (worded as an outcome, but the texts' own figures show it is the plan; the reason gives the evidence), "
                               "different_scope (shown beside it), excluded (kept out although the rule would join it).",
                               isin=["same", "plan", "plan_presented_as_outcome", "different_scope", "excluded"])
    reason: Series[str] = _text("Why.")


WITHDRAWN_KINDS = ["claim", "relation", "cell", "quantity", "quantity_member"]


class WithdrawnSchema(pa.DataFrameModel):
    """One row per withdrawn id (data/raw/withdrawn.csv): the errata of the data."""

    id: Series[str] = _text("The withdrawn id: a claim_id, relation_id, quantity_id, '<quantity_id>/<claim_id>' for a quantity member, or '<table>:<row>:<column>' for a cell of a printed table. Never used again.")
    kind: Series[str] = _text("What the id names: " + ", ".join(WITHDRAWN_KINDS) + ".", isin=WITHDRAWN_KINDS)
    date: Series[pd.Timestamp] = pa.Field(description="Day of the withdrawal.")
    version: Series[str] = _text("The package version that withdraws it (the first release without it).", str_matches=r"^\d+\.\d+\.\d+$")
    reason: Series[str] = _text("Why it was withdrawn.", str_length={"min_value": 1})
    replaced_by: Series[str] = _text("The id of the same kind that replaces it; null when nothing does.", nullable=True)


CORRECTION_KINDS = ["claim", "relation", "cell"]


class CorrectionSchema(pa.DataFrameModel):
    """One row per recorded correction of a published id (data/raw/corrections.csv): the id still names the same figure."""

    id: Series[str] = _text("The corrected id: a claim_id, relation_id or '<table>:<row>:<column>' for a cell of a printed table.")
    kind: Series[str] = _text("What the id names: " + ", ".join(CORRECTION_KINDS) + ".", isin=CORRECTION_KINDS)
    date: Series[pd.Timestamp] = pa.Field(description="Day of the correction.")
    version: Series[str] = _text("The package version that makes it (the first release with it).", str_matches=r"^\d+\.\d+\.\d+$")
    reason: Series[str] = _text("What was corrected and why (a better reading, a page, a measure, a fixed quote).", str_length={"min_value": 1})
