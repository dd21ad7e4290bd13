"""Check the parsed tables against the schemas and against each other.

pandera does the column and row checks declared in :mod:`schemas`; this
module adds the checks that span tables (a claim's source, vocabulary,
page range and line count) and turns every failure into a Problem that
names the raw file, the record and the field.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from repression_data.checks import schemas
from repression_data.engine.operations import ARITY, BOUND_CHECKS, MIN_ARITY
from repression_data.engine.order import ORDER_OPERATIONS
from repression_data.engine.relations import NOT_PRINTED, operand_claims
from repression_data.errors import Problem
from repression_data.read.origins import Origin, Origins
from repression_data.read.rawspec import VOCABULARIES


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
    """Checks a claim needs its source for: id prefix, page range, line count.

    Vectorised over the claims table (it may hold a million rows); Python runs
    only over the failing rows, to word their messages.
    """
    joined = claims[["claim_id", "source_id", "page", "line"]].merge(
        sources[["source_id", "claim_prefix", "first_page", "last_page", "text_lines", "text_file"]], on="source_id", how="left"
    )
    known = joined["claim_prefix"].notna()  # unknown sources are reported by the schema
    prefix = joined["claim_id"].astype("str").str.split("-", n=1).str[0]
    bad_prefix = known & joined["claim_id"].notna() & (prefix != joined["claim_prefix"])
    has_page = known & joined["page"].notna()
    no_pages = has_page & (joined["first_page"].isna() | joined["last_page"].isna())
    outside = has_page & ~no_pages & ((joined["page"] < joined["first_page"]) | (joined["page"] > joined["last_page"]))
    too_far = known & joined["line"].notna() & (joined["line"] > joined["text_lines"])
    failures = [
        (bad_prefix, "claim_id", lambda r: f"must start with '{r.claim_prefix}-', the claim_prefix of source {r.source_id!r}"),
        (no_pages, "page", lambda r: f"is {r.page}, but source {r.source_id!r} has no page numbers (leave page empty)"),
        (outside, "page", lambda r: f"{r.page} is outside the text's pages {r.first_page}-{r.last_page}"),
        (too_far, "line", lambda r: f"{r.line} is beyond the last line ({r.text_lines}) of {r.text_file}"),
    ]
    problems = []
    for mask, field, message in failures:
        for i in mask[mask.fillna(False)].index:
            problems.append(Problem(origins[i].file, origins[i].record, field, message(joined.loc[i])))
    return problems


def cross_check_regions(regions: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    known = set(regions["region"])
    problems = []
    for i, parent in enumerate(regions["parent"]):
        if not pd.isna(parent) and parent not in known:
            problems.append(Problem(origins[i].file, origins[i].record, "parent", f"{parent!r} is not a region in this file"))
    return problems


def cross_check_relations(relations: pd.DataFrame, claims: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    """Operands and results are claims of the relation's own source (an 'equal' relation
    may name another text's claim as its result or operand), in the right number."""

    source_of = dict(zip(claims["claim_id"], claims["source_id"]))
    problems = []
    for i, rel in enumerate(relations.itertuples(index=False)):
        origin = origins[i]
        ids = rel.operands.split(";") if isinstance(rel.operands, str) else []
        operand_ids = [c for operand in ids for c in operand_claims(operand)]
        result_ids = [rel.result] if isinstance(rel.result, str) and rel.result != NOT_PRINTED else []
        for field, claim_ids in (("operands", operand_ids), ("result", result_ids)):
            for claim_id in claim_ids:
                if claim_id not in source_of:
                    problems.append(Problem(origin.file, origin.record, field, f"{claim_id!r} is not a claim"))
                elif source_of[claim_id] != rel.source_id and rel.operation != "equal":
                    # Only an 'equal' relation may set a text's figure beside another text's
                    # (evidence that a figure is of another kind than its sentence says).
                    problems.append(Problem(origin.file, origin.record, field, f"{claim_id} is a claim of {source_of[claim_id]}, not of {rel.source_id}"))
        expected = ARITY.get(rel.operation)
        if expected and len(ids) != expected:
            problems.append(Problem(origin.file, origin.record, "operands", f"{rel.operation} takes {expected} operand(s), not {len(ids)}"))
        least = MIN_ARITY.get(rel.operation)
        if least and len(ids) < least:
            problems.append(Problem(origin.file, origin.record, "operands", f"{rel.operation} takes at least {least} operands"))
        has_result = isinstance(rel.result, str) and bool(rel.result)
        has_constant = not pd.isna(rel.result_constant)
        checks_only = rel.operation == "part_of" or rel.operation in BOUND_CHECKS or rel.operation in ORDER_OPERATIONS
        if checks_only and (has_result or has_constant):
            problems.append(Problem(origin.file, origin.record, "result", f"{rel.operation} states no result: leave result and result_constant empty"))
        elif rel.operation in BOUND_CHECKS and any(o == NOT_PRINTED or "+" in o for o in ids):
            problems.append(Problem(origin.file, origin.record, "operands", f"{rel.operation} takes single claims as operands"))
        elif not checks_only and has_result == has_constant:
            problems.append(Problem(origin.file, origin.record, "result", "give exactly one of result (a claim id) and result_constant"))
        qualifier = getattr(rel, "result_qualifier", None)
        if isinstance(qualifier, str) and qualifier:
            if not has_constant:
                problems.append(Problem(origin.file, origin.record, "result_qualifier", "qualifies result_constant: leave it empty when there is no constant"))
            elif qualifier not in RESULT_QUALIFIERS:
                problems.append(Problem(origin.file, origin.record, "result_qualifier", f"{qualifier!r} is not one of {', '.join(RESULT_QUALIFIERS)}"))
        unlinked = getattr(rel, "unlinked_operands", None)
        reason = getattr(rel, "unlinked_reason", None)
        if isinstance(unlinked, str) and unlinked:
            for claim_id in unlinked.split(";"):
                if claim_id not in operand_ids:
                    problems.append(Problem(origin.file, origin.record, "unlinked_operands", f"{claim_id!r} is not an operand of this relation"))
            if not (isinstance(reason, str) and reason.strip()):
                problems.append(Problem(origin.file, origin.record, "unlinked_reason", "say why the operands in unlinked_operands are not linked"))
        elif isinstance(reason, str) and reason:
            problems.append(Problem(origin.file, origin.record, "unlinked_operands", "unlinked_reason is given but no operand is named"))
    return problems


# Qualifiers a stated constant may carry (one-sided ones need a claim with its value).
RESULT_QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")


def check_producers(producers: pd.DataFrame, origins: Origins, kinds: set[str]) -> list[Problem]:
    """Each producer's kind is a term of producer_kinds; derived_from names a
    producer of the same file; following derived_from never comes back to
    where it started (a producer cannot pass on its own figures)."""
    known = set(producers["producer_id"].dropna())
    parent = {pid: der for pid, der in zip(producers["producer_id"], producers["derived_from"]) if isinstance(der, str)}
    problems = []
    for i, row in enumerate(producers.itertuples(index=False)):
        origin = origins[i]
        if isinstance(row.kind, str) and row.kind not in kinds:
            problems.append(Problem(origin.file, origin.record, "kind", f"{row.kind!r} is not a term of producer_kinds ({', '.join(sorted(kinds))})"))
        if not isinstance(row.derived_from, str):
            continue
        if row.derived_from not in known:
            problems.append(Problem(origin.file, origin.record, "derived_from", f"{row.derived_from!r} is not a producer_id of this file"))
            continue
        path, current = [row.producer_id], row.derived_from
        while current in parent and current not in path:
            path.append(current)
            current = parent[current]
        if current == row.producer_id:
            problems.append(Problem(origin.file, origin.record, "derived_from", "makes a cycle: " + " -> ".join([*path, current])))
    return problems


def producer_roots(producers: pd.DataFrame) -> dict[str, str]:
    """producer_id -> its root: the producer reached by following derived_from
    to one that derives from none (itself when independent). Assumes no cycles."""
    parent = {pid: der for pid, der in zip(producers["producer_id"], producers["derived_from"]) if isinstance(der, str)}
    roots = {}
    for pid in producers["producer_id"]:
        current, seen = pid, {pid}
        while current in parent and parent[current] not in seen:
            current = parent[current]
            seen.add(current)
        roots[pid] = current
    return roots


def check_claim_producers(claims: pd.DataFrame, origins: Origins, producers: set[str]) -> list[Problem]:
    """A claim's producer_id, where given, is a producer."""
    bad = claims["producer_id"].notna() & ~claims["producer_id"].isin(list(producers))
    return [Problem(origins[i].file, origins[i].record, "producer_id", f"{claims.at[i, 'producer_id']!r} is not a producer_id of data/raw/producers.csv")
            for i in claims.index[bad]]


# A print that can be read one way only: digits, with commas between groups of
# three, an optional decimal part, and an optional percent sign.
CLEAN_PRINT = r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<percent>%|per ?cent)?"


# A note that explains a reading speaks of the reading: the OCR, the print, a scale word, an equation.
READING_WORDS = r"(?i)\b(?:read|reads|reading|ocr|ocr'd|print|printed|prints|misprint|misprinted|typo|error|million|millions|thousand|thousands|billion|digit|digits|transposed|rounded)\b|="


def check_clean_prints(claims: pd.DataFrame, origins: list[Origin]) -> list[Problem]:
    """Where ``value_printed`` is an unambiguous number, ``value`` must be it, unless ``reading_note`` says why.

    The codebook's conventions apply: a percent is recorded as printed (38 for
    '38%'), a fraction between 0 and 1 (a printed '38%' of unit fraction is 0.38).
    A print such as '193.083' (an OCR'd '193,083') is clean in form but not in
    meaning: its reading needs a note, and the note is what this asks for. A
    note about something else (who was counted) does not explain a reading: it
    must speak of the reading (the OCR, the print, a misprint, a scale word
    such as 'million', or an equation), see READING_WORDS.
    """
    text = claims["value_printed"].astype("str").str.strip()
    found = text.str.fullmatch(CLEAN_PRINT).fillna(False).astype(bool)
    text = text[found]  # vectorised string operations only: a claims table may hold a million rows
    percent = text.str.contains(r"(?:%|per ?cent)$", regex=True).fillna(False).astype(bool)
    number = text.str.replace(r"\s*(?:%|per ?cent)$", "", regex=True).str.replace(",", "", regex=False)
    printed = pd.to_numeric(number, errors="coerce")
    value = claims.loc[found, "value"]
    fraction = claims.loc[found, "unit"].eq("fraction") & percent
    expected = printed.where(~fraction, printed / 100)
    differs = value.notna() & ((value - expected).abs() > 1e-9 * expected.abs().clip(lower=1))
    notes = claims.loc[found, "reading_note"]
    no_note = notes.isna() | notes.astype("str").str.strip().eq("")
    explains = notes.astype("str").str.contains(READING_WORDS, regex=True).fillna(False).astype(bool)
    problems = []
    for i in differs[differs & (no_note | ~explains)].index:
        shown = f"{expected[i]:,.15g}"
        said = ("say in reading_note why the value differs" if no_note[i] else
                "reading_note does not say why the value differs (say how the print is read: OCR, a misprint, 'million', ...)")
        problems.append(Problem(origins[i].file, origins[i].record, "value",
                                f"is {claims.at[i, 'value']:,.15g}, but value_printed {claims.at[i, 'value_printed']!r} reads {shown}; "
                                f"record the print as it is, or {said}"))
    return problems
