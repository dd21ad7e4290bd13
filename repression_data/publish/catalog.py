"""The catalogue of shipped tables: title, description, schema, keys.

One description of every table, from which the build validates its output
and generates datapackage.json and the codebook; nothing there is edited by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.pandas as pa

from repression_data.checks import schemas
from repression_data.read.wide import WIDE_TABLES


@dataclass(frozen=True)
class TableInfo:
    name: str
    title: str
    description: str
    schema: pa.DataFrameSchema
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)  # (fields, resource, fields)


VOCAB_KEYS = [(["qualifier"], "qualifiers", ["term"]), (["unit"], "units", ["term"]), (["measure"], "measures", ["term"]),
              (["category"], "categories", ["term"]), (["region"], "regions", ["region"])]


def _wide_schema(spec) -> pa.DataFrameSchema:
    columns = {spec.row_column: pa.Column("Int64" if spec.row_type == "Int64" else str, unique=True, description=f"Row of the printed table ({spec.row_column}).")}
    for column in spec.columns:
        if spec.is_count(column):
            columns[column] = pa.Column("Int64", pa.Check.ge(0), nullable=True, description=f"The printed cell '{column}', as read (see its claim): a count, a whole number.")
        else:
            columns[column] = pa.Column(float, nullable=True, description=f"The printed cell '{column}', as read (see its claim): a percentage as printed.")
    for column in spec.columns:
        columns[f"{column}_claim_id"] = pa.Column(str, nullable=True, description=f"The claim behind '{column}'.")
    columns["notes"] = pa.Column(str, nullable=True, description="Why a cell is empty (lost in the OCR, not printed, unreadable).")
    return pa.DataFrameSchema(columns, description=spec.title)


def tables() -> list[TableInfo]:
    vocab = "A controlled vocabulary of the claims table: each term used there, with its meaning."
    infos = [
        TableInfo("claims", "Claims", "One row per number printed in a source text, with its provenance and reading.",
                  schemas.ClaimSchema.to_schema(), ["claim_id"],
                  [(["source_id"], "sources", ["source_id"]), *VOCAB_KEYS, (["quantity_id"], "quantities", ["quantity_id"]),
                   (["producer_id"], "producers", ["producer_id"])]),
        TableInfo("sources", "Sources", "The five source texts, identified by the sha256 of the copy the quotes refer to.",
                  schemas.SourceSchema.to_schema(), ["source_id"]),
        TableInfo("relations", "Relations", "Arithmetic relations the texts state between their own figures.",
                  schemas.RelationSchema.to_schema(), ["relation_id"], [(["source_id"], "sources", ["source_id"]), (["slip_kind"], "slip_kinds", ["term"]),
                                                                        (["word"], "order_words", ["term"])]),
        TableInfo("quantities", "Quantities", "Quantities several texts or producers give, with their agreement.",
                  schemas.QuantitySchema.to_schema(), ["quantity_id"]),
        TableInfo("quantity_members", "Quantity members", "Claims joined to, kept out of or shown beside a quantity by hand, with the reason.",
                  schemas.QuantityMemberSchema.to_schema(), ["quantity_id", "claim_id"],
                  [(["quantity_id"], "quantities", ["quantity_id"]), (["claim_id"], "claims", ["claim_id"])]),
        TableInfo("restatements", "Restatements", "Figures that repeat, round or revise a count another claim gives: a repeat or a rounding roots to that count, so that it is never a second witness.",
                  schemas.RestatementSchema.to_schema(), ["claim_id"], [(["claim_id"], "claims", ["claim_id"])]),
        TableInfo("readings", "Readings", "The candidate values of every print that cannot be decided (claims with reading_basis 'undecided'), with the evidence for each.",
                  schemas.ReadingSchema.to_schema(), ["claim_id", "value"], [(["claim_id"], "claims", ["claim_id"])]),
        TableInfo("producers", "Producers", "Who first produced each figure (a report, a decree, a speech, a commission, a historian's estimate), with its kind, date, archival reference and the producer it only passes on.",
                  schemas.ProducerSchema.to_schema(), ["producer_id"],
                  [(["kind"], "producer_kinds", ["term"]), (["derived_from"], "producers", ["producer_id"])]),
        TableInfo("producer_kinds", "Producer kinds", "A controlled vocabulary of the producers table: each kind of producer, with its meaning.",
                  schemas.VocabularySchema.to_schema(), ["term"]),
        TableInfo("order_words", "Order words", "The vague words of share, ratio and spread that statements of order use ('majority', 'nearly half', 'roughly comparable'), each with the interval it stands for and the reason; the relations read them from here.",
                  schemas.OrderWordSchema.to_schema(), ["term"]),
        TableInfo("slip_kinds", "Slip kinds", "Who slipped: the kinds a relation the figures do not bear out is given (the author's arithmetic, a producer's slip relayed, a print or OCR defect, a disagreement between producers, a discrepancy the data explain).",
                  schemas.VocabularySchema.to_schema(), ["term"]),
        TableInfo("corrections", "Corrections", "Errata: every recorded correction of a published id (a better reading, a page, a measure, a fixed quote), with the date, version and reason. The id still names the same figure.",
                  schemas.CorrectionSchema.to_schema(), ["kind", "id", "version"]),
        TableInfo("withdrawn", "Withdrawn ids", "Errata: every id once published and then withdrawn (claims, relations, table cells, quantities, quantity members), with the date, version, reason and replacement. A withdrawn id is never used again.",
                  schemas.WithdrawnSchema.to_schema(), ["kind", "id"]),
        TableInfo("check_words", "Check words", "The words the sentence check (rd.check, repression-data check) reads: each phrase, the kind of word it is and the term it stands for; edited by hand in data/raw/vocabularies/check_words.csv.",
                  schemas.CheckWordSchema.to_schema(), ["phrase"]),
        TableInfo("regions", "Regions", "Normalised regions with their type and parent.", schemas.RegionSchema.to_schema(), ["region"],
                  [(["parent"], "regions", ["region"])]),
    ]
    for name, title in (("measures", "Measures"), ("units", "Units"), ("qualifiers", "Qualifiers"), ("categories", "Categories")):
        schema = schemas.MeasureSchema if name == "measures" else schemas.VocabularySchema
        infos.append(TableInfo(name, title, vocab, schema.to_schema(), ["term"]))
    for spec in WIDE_TABLES:
        keys = [([f"{c}_claim_id"], "claims", ["claim_id"]) for c in spec.columns]
        infos.append(TableInfo(spec.name, spec.title, f"{spec.title}, rebuilt from the claims: each cell names its claim.",
                               _wide_schema(spec), [spec.row_column], keys))
    return sorted(infos, key=lambda t: t.name)
