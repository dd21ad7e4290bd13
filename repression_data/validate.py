"""Check the parsed tables against the schemas and against each other.

pandera does the column and row checks declared in :mod:`schemas`; this
module adds the checks that span tables (a claim's source, vocabulary,
page range and line count) and turns every failure into a Problem that
names the raw file, the record and the field.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from . import schemas
from .errors import Problem
from .rawspec import VOCABULARIES


@dataclass(frozen=True)
class Origin:
    """Where a row of a parsed table came from."""

    file: str
    line: int
    record_id: str
    id_column: str

    @property
    def record(self) -> str:
        label = f"line {self.line}"
        if self.record_id:
            label += f" ({self.id_column} {self.record_id})"
        return label


def _describe(check: str, failure: object) -> str:
    value = repr(failure)
    if check.startswith("isin("):
        return f"{value} is not an allowed value"
    if check == "field_uniqueness":
        return f"{value} appears more than once; ids must be unique"
    if check.startswith("str_length("):
        length = len(failure) if isinstance(failure, str) else "?"
        return f"has {length} characters, outside the allowed {check[len('str_length'):]}"
    if check.startswith("str_matches("):
        return f"{value} does not match the pattern {check[len('str_matches('):-1]}"
    if check.startswith("greater_than_or_equal_to("):
        return f"{value} is below the minimum {check[len('greater_than_or_equal_to('):-1]}"
    if check.startswith("less_than_or_equal_to("):
        return f"{value} is above the maximum {check[len('less_than_or_equal_to('):-1]}"
    if check == "not_nullable":
        return "is empty but required"
    return f"{value} fails the check {check}"


def run_schema(schema: pa.DataFrameSchema, df: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    """Validate ``df`` lazily and return one Problem per failing cell or row."""
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _problems_from(exc.failure_cases, origins)
    return []


def _problems_from(failures: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    problems = []
    for case in failures.itertuples(index=False):
        index = case.index
        check = str(case.check)
        if index is None or pd.isna(index):
            where = origins[0].file if origins else "?"
            problems.append(Problem(where, "", str(case.column or ""), f"{case.failure_case} ({check})"))
            continue
        origin = origins[int(index)]
        if check in schemas.CHECK_FIELDS:
            field, message = schemas.CHECK_FIELDS[check]
        else:
            field, message = str(case.column), _describe(check, case.failure_case)
        problems.append(Problem(origin.file, origin.record, field, message))
    # A dataframe-level check reports every column of a failing row: keep one.
    return list(dict.fromkeys(problems))


def claim_schema(vocabularies: dict[str, pd.DataFrame], regions: pd.DataFrame, sources: pd.DataFrame) -> pa.DataFrameSchema:
    """The claims schema with the vocabularies of this build filled in."""
    schema = schemas.ClaimSchema.to_schema()
    allowed = {column: sorted(vocabularies[name]["term"]) for name, column in VOCABULARIES.items()}
    allowed["region"] = sorted(regions["region"])
    allowed["source_id"] = sorted(sources["source_id"])
    for column, values in allowed.items():
        schema = schema.update_column(column, checks=[*schema.columns[column].checks, pa.Check.isin(values)])
    return schema


def cross_check_claims(claims: pd.DataFrame, sources: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    """Checks a claim needs its source for: id prefix, page range, line count."""
    problems = []
    by_id = sources.set_index("source_id")
    for i, claim in enumerate(claims.itertuples(index=False)):
        if claim.source_id not in by_id.index:
            continue  # reported by the schema
        source = by_id.loc[claim.source_id]
        origin = origins[i]
        prefix = f"{source.claim_prefix}-"
        if isinstance(claim.claim_id, str) and not claim.claim_id.startswith(prefix):
            problems.append(Problem(origin.file, origin.record, "claim_id", f"must start with {prefix!r}, the claim_prefix of source {claim.source_id!r}"))
        if not pd.isna(claim.page):
            if pd.isna(source.first_page) or pd.isna(source.last_page):
                problems.append(Problem(origin.file, origin.record, "page", f"is {claim.page}, but source {claim.source_id!r} has no page numbers (leave page empty)"))
            elif not source.first_page <= claim.page <= source.last_page:
                problems.append(Problem(origin.file, origin.record, "page", f"{claim.page} is outside the text's pages {source.first_page}-{source.last_page}"))
        if not pd.isna(claim.line) and claim.line > source.text_lines:
            problems.append(Problem(origin.file, origin.record, "line", f"{claim.line} is beyond the last line ({source.text_lines}) of {source.text_file}"))
    return problems


def check_pages(claims: pd.DataFrame, origins: list[Origin], page_maps: dict) -> list[Problem]:
    """Where a source has a page map, each claim's page must be the one it derives.

    The map (data/raw/pages/<source_id>.csv) is the documented method; a page
    known better than the map gives is added to the map as a marker.
    """
    problems = []
    for i, claim in enumerate(claims.itertuples(index=False)):
        page_map = page_maps.get(claim.source_id)
        if page_map is None or pd.isna(claim.line):
            continue
        expected = page_map.page_of(int(claim.line))
        actual = None if pd.isna(claim.page) else int(claim.page)
        if actual != expected:
            shown = "empty" if expected is None else expected
            problems.append(Problem(origins[i].file, origins[i].record, "page", f"is {actual}, but the page map of {claim.source_id} gives {shown} for line {claim.line}"))
    return problems


def cross_check_regions(regions: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    known = set(regions["region"])
    problems = []
    for i, parent in enumerate(regions["parent"]):
        if not pd.isna(parent) and parent not in known:
            problems.append(Problem(origins[i].file, origins[i].record, "parent", f"{parent!r} is not a region in this file"))
    return problems


def cross_check_relations(relations: pd.DataFrame, claims: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    """Operands and results are claims of the relation's own source, in the right number."""
    from .relations import ARITY, MIN_ARITY, operand_claims

    source_of = dict(zip(claims["claim_id"], claims["source_id"]))
    problems = []
    for i, rel in enumerate(relations.itertuples(index=False)):
        origin = origins[i]
        ids = rel.operands.split(";") if isinstance(rel.operands, str) else []
        operand_ids = [c for operand in ids for c in operand_claims(operand)]
        for field, claim_ids in (("operands", operand_ids), ("result", [rel.result] if isinstance(rel.result, str) else [])):
            for claim_id in claim_ids:
                if claim_id not in source_of:
                    problems.append(Problem(origin.file, origin.record, field, f"{claim_id!r} is not a claim"))
                elif source_of[claim_id] != rel.source_id:
                    problems.append(Problem(origin.file, origin.record, field, f"{claim_id} is a claim of {source_of[claim_id]}, not of {rel.source_id}"))
        expected = ARITY.get(rel.operation)
        if expected and len(ids) != expected:
            problems.append(Problem(origin.file, origin.record, "operands", f"{rel.operation} takes {expected} operand(s), not {len(ids)}"))
        least = MIN_ARITY.get(rel.operation)
        if least and len(ids) < least:
            problems.append(Problem(origin.file, origin.record, "operands", f"{rel.operation} takes at least {least} operands"))
        has_result = isinstance(rel.result, str) and bool(rel.result)
        has_constant = not pd.isna(rel.result_constant)
        if rel.operation == "part_of" and (has_result or has_constant):
            problems.append(Problem(origin.file, origin.record, "result", "part_of states no result: leave result and result_constant empty"))
        elif rel.operation != "part_of" and has_result == has_constant:
            problems.append(Problem(origin.file, origin.record, "result", "give exactly one of result (a claim id) and result_constant"))
    return problems
