"""What the raw files hold and how each cell is read.

One place lists, for every raw table, its columns, which must be filled
and how to convert them; the build reads this, and so can the docs.
"""

from __future__ import annotations

from dataclasses import dataclass

from repression_data.read import parse

STR = "str"
INT = "Int64"
FLOAT = "float64"
BOOL = "bool"
DATE = "datetime64[ns]"


@dataclass(frozen=True)
class Column:
    name: str
    convert: parse.Converter
    dtype: str
    required: bool  # the cell must not be empty


@dataclass(frozen=True)
class RawSpec:
    id_column: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def converters(self) -> dict[str, parse.Converter]:
        return {c.name: c.convert for c in self.columns}

    @property
    def dtypes(self) -> dict[str, str]:
        return {c.name: c.dtype for c in self.columns}

    @property
    def required(self) -> set[str]:
        return {c.name for c in self.columns if c.required}


def _text(name: str, required: bool = True) -> Column:
    return Column(name, parse.to_text, STR, required)


SOURCES = RawSpec(
    id_column="source_id",
    columns=(
        _text("source_id"),
        _text("claim_prefix"),
        _text("authors", required=False),
        Column("year", parse.to_int, INT, False),
        _text("title"),
        _text("container", required=False),
        _text("publisher", required=False),
        _text("pages", required=False),
        Column("first_page", parse.to_int, INT, False),
        Column("last_page", parse.to_int, INT, False),
        _text("doi", required=False),
        _text("url", required=False),
        _text("kind"),
        _text("text_file"),
        _text("text_sha256"),
        Column("text_lines", parse.to_int, INT, True),
        _text("note"),
    ),
)

# The claims files carry every claim column but source_id, which is the file's name.
CLAIMS = RawSpec(
    id_column="claim_id",
    columns=(
        _text("claim_id"),
        Column("page", parse.to_int, INT, False),
        Column("line", parse.to_int, INT, True),
        _text("locator"),
        _text("quote"),
        _text("value_printed"),
        Column("value", parse.to_float, FLOAT, False),
        Column("value_low", parse.to_float, FLOAT, False),
        Column("value_high", parse.to_float, FLOAT, False),
        _text("qualifier"),
        _text("unit"),
        _text("measure"),
        _text("category"),
        _text("region"),
        _text("region_printed", required=False),
        Column("period_start", parse.to_start_date, DATE, False),
        Column("period_end", parse.to_end_date, DATE, False),
        _text("attributed_to", required=False),
        Column("derived", parse.to_bool, BOOL, False),
        _text("reading_note", required=False),
        _text("reading_basis"),
        _text("reading_evidence", required=False),
        _text("producer_id", required=False),
    ),
)

# Who first produced each figure (data/raw/producers.csv).
PRODUCERS = RawSpec(
    id_column="producer_id",
    columns=(
        _text("producer_id"), _text("name"), _text("kind"), _text("date", required=False),
        _text("archival_reference", required=False), _text("derived_from", required=False), _text("note", required=False),
    ),
)

# Candidate readings of prints that cannot be decided (data/raw/readings.csv).
READINGS = RawSpec(
    id_column="claim_id",
    columns=(_text("claim_id"), Column("value", parse.to_float, FLOAT, True), _text("evidence")),
)

# Arithmetic the texts state between their figures (data/raw/relations.csv).
RELATIONS = RawSpec(
    id_column="relation_id",
    columns=(
        _text("relation_id"),
        _text("source_id"),
        _text("theme"),
        _text("locator"),
        _text("description"),
        _text("operation"),
        _text("operands"),
        _text("result", required=False),
        Column("result_constant", parse.to_float, FLOAT, False),
        _text("note", required=False),
        _text("result_qualifier", required=False),
        _text("unlinked_operands", required=False),
        _text("unlinked_reason", required=False),
        _text("word", required=False),
        _text("word_reading", required=False),
        _text("passages", required=False),
        _text("slip_kind", required=False),
        _text("acknowledged", required=False),
        _text("explanation", required=False),
        _text("bound_as_value", required=False),
        _text("lines", required=False),
    ),
)

# Quantities compared across texts, and the claims joined to them by hand.
QUANTITIES = RawSpec(
    id_column="quantity_id",
    columns=(
        _text("quantity_id"), _text("label"), _text("measure"), _text("category"), _text("region"),
        Column("period_start", parse.to_start_date, DATE, False),
        Column("period_end", parse.to_end_date, DATE, False),
        _text("note", required=False),
        _text("comparison", required=False),
        _text("acknowledged_source", required=False),
        Column("acknowledged_line", parse.to_int, INT, False),
        _text("acknowledged_quote", required=False),
    ),
)
# Figures that repeat, round or revise another claim's count (data/raw/restatements.csv).
RESTATEMENTS = RawSpec(
    id_column="claim_id",
    columns=(_text("claim_id"), _text("restates"), _text("kind"), _text("reason")),
)
QUANTITY_MEMBERS = RawSpec(
    id_column="claim_id",
    columns=(_text("quantity_id"), _text("claim_id"), _text("scope"), _text("reason")),
)

# Printed page numbers that survive in an OCR'd text (data/raw/pages/<source_id>.csv).
PAGE_MARKERS = RawSpec(
    id_column="line",
    columns=(
        Column("line", parse.to_int, INT, True),
        Column("page", parse.to_int, INT, False),
        _text("kind"),
        _text("printed", required=False),
        _text("note", required=False),
    ),
)
PAGE_MARKER_KINDS = ("foot_folio", "running_head", "first_page", "front_matter_end")

# The page evidence beside the markers (data/raw/pages/<source_id>/): every
# page break of the OCR, anchors from the book's index, and corrections.
PAGE_BREAKS = RawSpec(
    id_column="line",
    columns=(Column("line", parse.to_int, INT, True), _text("kind"), _text("text", required=False)),
)
INDEX_ANCHORS = RawSpec(
    id_column="passage_line",
    columns=(
        Column("page", parse.to_int, INT, True),
        Column("index_line", parse.to_int, INT, True),
        _text("index_entry"),
        Column("passage_line", parse.to_int, INT, True),
        _text("passage"),
        _text("note", required=False),
    ),
)
PAGE_CORRECTIONS = RawSpec(
    id_column="first_line",
    columns=(
        _text("kind"),
        Column("first_line", parse.to_int, INT, True),
        Column("last_line", parse.to_int, INT, True),
        _text("pages"),
        _text("evidence"),
    ),
)

# The completeness audit's hand exclusions and excluded sections (data/raw/coverage/).
COVERAGE_EXCLUSIONS = RawSpec(
    id_column="line",
    columns=(_text("source_id"), Column("line", parse.to_int, INT, True), _text("token"), _text("reason")),
)
COVERAGE_SECTIONS = RawSpec(
    id_column="source_id",
    columns=(_text("source_id"), Column("first_line", parse.to_int, INT, True), Column("last_line", parse.to_int, INT, True), _text("reason")),
)

# The relation audit's hand list (data/raw/coverage/relation_sentences.csv): a sentence with a
# trigger ("percent", "half", "of whom", ...) that is a relation, or is not one and why.
RELATION_SENTENCES = RawSpec(
    id_column="line",
    columns=(
        _text("source_id"), Column("line", parse.to_int, INT, True), _text("trigger"), _text("status"),
        _text("relation_id", required=False), _text("reason", required=False),
    ),
)

VOCABULARY = RawSpec(
    id_column="term",
    columns=(_text("term"), _text("label"), _text("description")),
)

# The measures vocabulary says also what kind of figure each measure is.
MEASURES = RawSpec(
    id_column="term",
    columns=(_text("term"), _text("label"), _text("description"), _text("figure_kind")),
)
# The vague words of order and share, each with its interval and the reason (data/raw/vocabularies/order_words.csv).
ORDER_WORDS = RawSpec(
    id_column="term",
    columns=(
        _text("term"), _text("label"), _text("description"), _text("scale"),
        Column("low", parse.to_float, FLOAT, True), Column("high", parse.to_float, FLOAT, False),
        Column("low_open", parse.to_bool, BOOL, True), Column("high_open", parse.to_bool, BOOL, True),
    ),
)
ORDER_WORDS_NAME = "order_words"
# Who slipped, for every relation the figures do not bear out (data/raw/vocabularies/slip_kinds.csv).
SLIP_KINDS = "slip_kinds"
FIGURE_KINDS = {
    "flow": "people (or cases, lists) counted as events over a period: arrests, sentences, executions, expulsions",
    "stock": "people held or belonging on a date: camp population, party membership, size of a body",
    "plan": "a limit, quota or cap set in advance: not an outcome",
    "change": "an increase or decrease of a stock or a plan over a period: not a stock",
    "proposal": "penalties or measures proposed, not yet imposed: not an outcome",
    "other": "not a count of people (sentence lengths, shares of other kinds, alleged groups)",
}

# The words the sentence check reads (data/raw/vocabularies/check_words.csv): each phrase, what kind of
# word it is and the term it stands for (see repression_data.checks.check_words).
CHECK_WORDS = RawSpec(
    id_column="phrase",
    columns=(
        _text("phrase"), _text("kind"), _text("term"),
        Column("value_low", parse.to_float, FLOAT, False), Column("value_high", parse.to_float, FLOAT, False),
        Column("period_start", parse.to_start_date, DATE, False), Column("period_end", parse.to_end_date, DATE, False),
        _text("note", required=False),
    ),
)

REGIONS = RawSpec(
    id_column="region",
    columns=(_text("region"), _text("type"), _text("parent", required=False), _text("note", required=False)),
)

# Controlled vocabularies: table name -> the claims column it governs.
# The vocabulary of producers' kinds (data/raw/vocabularies/producer_kinds.csv); it governs producers.kind.
PRODUCER_KINDS = "producer_kinds"

VOCABULARIES = {
    "qualifiers": "qualifier",
    "units": "unit",
    "measures": "measure",
    "categories": "category",
}

# Column order of the processed claims table.
CLAIM_COLUMNS = [
    "claim_id", "source_id", "page", "line", "locator", "quote",
    "value_printed", "value", "value_low", "value_high", "qualifier", "reading_note",
    "unit", "measure", "category", "region", "region_printed",
    "period_start", "period_end", "attributed_to", "producer_id", "derived", "reading_basis", "reading_evidence",
]
