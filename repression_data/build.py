"""Build ``data/processed`` from ``data/raw``: parse, validate, write.

Data flows one way: raw CSV files -> typed tables -> validation -> Parquet
and CSV files plus a manifest. The output folder is replaced only after
every table has been built and validated, so a failed build leaves the
previous ``data/processed`` exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import dtypes, parse, schemas
from .errors import Problem, RawDataError
from .output import FORMULA_RULE, formula_like, write_tables_atomically
from .rawfiles import read_raw_csv
from .quantities import SCOPES, build_quantities
from .rawspec import CLAIM_COLUMNS, CLAIMS, COVERAGE_EXCLUSIONS, COVERAGE_SECTIONS, MEASURES, PRODUCER_KINDS, PRODUCERS, QUANTITIES, QUANTITY_MEMBERS, READINGS, REGIONS, RELATIONS, SOURCES, VOCABULARIES, VOCABULARY, RawSpec
from .pagefiles import assign_pages, read_page_evidence
from .readings import check_reading_bases
from .wide import build_wide_tables
from .validate import Origin, Origins, check_claim_producers, check_producers, claim_schema, cross_check_claims, cross_check_regions, cross_check_relations, run_schema


@dataclass
class Parsed:
    """A typed table and where each of its rows came from."""

    frame: pd.DataFrame
    origins: Origins = field(default_factory=lambda: Origins([], [], [], ""))


def _parse(path: Path, spec: RawSpec, root: Path, problems: list[Problem]) -> Parsed:
    table = read_raw_csv(path, spec.names, [], problems, root=root)
    if table is None:
        return Parsed(parse.empty_frame(spec.dtypes))
    return Parsed(parse.convert_columns(table, spec, problems), Origins.of(table, spec.id_column))


def _parse_claims(claims_dir: Path, root: Path, problems: list[Problem]) -> Parsed:
    """Read every data/raw/claims/<source_id>.csv; the file name gives source_id."""
    frames: list[pd.DataFrame] = []
    origins = Origins([], [], [], CLAIMS.id_column)
    files = sorted(claims_dir.glob("*.csv"))
    if not files:
        problems.append(Problem(str(claims_dir), "", "", "holds no claims files (<source_id>.csv)"))
    for path in files:
        parsed = _parse(path, CLAIMS, root, problems)
        if not len(parsed.origins):
            continue
        frames.append(parsed.frame.assign(source_id=dtypes.text([path.stem] * len(parsed.frame), index=parsed.frame.index)))
        origins.extend(parsed.origins)
    if not frames:
        frames = [parse.empty_frame({"source_id": "str", **CLAIMS.dtypes})]
    frame = pd.concat(frames, ignore_index=True)[CLAIM_COLUMNS]
    return Parsed(frame, origins)


def read_relation_sentences(raw_dir: Path, text_lines: dict[str, int], relation_ids: set[str], problems: list[Problem]) -> None:
    """The relation audit's hand list (data/raw/coverage/relation_sentences.csv), checked; see relation_coverage."""
    from .relation_coverage import read_hand_list

    read_hand_list(raw_dir, text_lines, relation_ids, problems)


def read_coverage_lists(raw_dir: Path, root: Path, text_lines: dict[str, int], problems: list[Problem]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The completeness audit's hand exclusions and excluded sections, checked."""
    folder = raw_dir / "coverage"
    exclusions = _parse(folder / "exclusions.csv", COVERAGE_EXCLUSIONS, root, problems)
    sections = _parse(folder / "sections.csv", COVERAGE_SECTIONS, root, problems)
    for parsed, line_fields in ((exclusions, ("line",)), (sections, ("first_line", "last_line"))):
        for i, row in enumerate(parsed.frame.itertuples(index=False)):
            origin = parsed.origins[i]
            if row.source_id not in text_lines:
                problems.append(Problem(origin.file, origin.record, "source_id", f"{row.source_id!r} is not a source"))
                continue
            for field in line_fields:
                value = getattr(row, field)
                if not pd.isna(value) and not 1 <= value <= text_lines[row.source_id]:
                    problems.append(Problem(origin.file, origin.record, field, f"{value} is outside the text's lines 1-{text_lines[row.source_id]}"))
    for i, row in enumerate(sections.frame.itertuples(index=False)):
        if not pd.isna(row.first_line) and not pd.isna(row.last_line) and row.first_line > row.last_line:
            problems.append(Problem(sections.origins[i].file, sections.origins[i].record, "last_line", "is before first_line"))
    return exclusions.frame, sections.frame


def _check_quantity_terms(quantities: Parsed, members: Parsed, vocab: dict[str, set[str]], regions: set[str]) -> list[Problem]:
    """A quantity's key uses the vocabularies; a member's scope is one of SCOPES; a claim is listed once per quantity."""
    problems = []
    for i, q in enumerate(quantities.frame.itertuples(index=False)):
        origin = quantities.origins[i]
        for field, allowed in (("measure", vocab["measures"]), ("category", vocab["categories"]), ("region", regions)):
            if getattr(q, field) not in allowed:
                problems.append(Problem(origin.file, origin.record, field, f"{getattr(q, field)!r} is not an allowed value"))
    for i, m in enumerate(members.frame.itertuples(index=False)):
        if m.scope not in SCOPES:
            origin = members.origins[i]
            problems.append(Problem(origin.file, origin.record, "scope", f"{m.scope!r} is not one of {', '.join(SCOPES)}"))
    listed = members.frame.duplicated(["quantity_id", "claim_id"], keep="first")
    for i in listed[listed].index:
        origin = members.origins[i]
        problems.append(Problem(origin.file, origin.record, "claim_id", f"{members.frame.at[i, 'claim_id']} is listed twice for {members.frame.at[i, 'quantity_id']}"))
    return problems


def _check_readings(readings: Parsed, claim_ids: set[str]) -> list[Problem]:
    """Every candidate reading names a claim."""
    problems = []
    for i, claim_id in enumerate(readings.frame["claim_id"]):
        if claim_id not in claim_ids:
            origin = readings.origins[i]
            problems.append(Problem(origin.file, origin.record, "claim_id", f"{claim_id!r} is not a claim"))
    return problems


def build_tables(raw_dir: Path) -> dict[str, pd.DataFrame]:
    """Parse and validate every raw file; return the processed tables.

    Raises RawDataError listing every problem found.
    """
    root = raw_dir.parent.parent
    problems: list[Problem] = []

    sources = _parse(raw_dir / "sources.csv", SOURCES, root, problems)
    vocabularies = {name: _parse(raw_dir / "vocabularies" / f"{name}.csv", MEASURES if name == "measures" else VOCABULARY, root, problems) for name in VOCABULARIES}
    producer_kinds = _parse(raw_dir / "vocabularies" / f"{PRODUCER_KINDS}.csv", VOCABULARY, root, problems)
    producers = _parse(raw_dir / "producers.csv", PRODUCERS, root, problems)
    regions = _parse(raw_dir / "vocabularies" / "regions.csv", REGIONS, root, problems)
    claims = _parse_claims(raw_dir / "claims", root, problems)
    relations = _parse(raw_dir / "relations.csv", RELATIONS, root, problems)
    quantities = _parse(raw_dir / "quantities.csv", QUANTITIES, root, problems)
    members = _parse(raw_dir / "quantity_members.csv", QUANTITY_MEMBERS, root, problems)
    readings = _parse(raw_dir / "readings.csv", READINGS, root, problems)

    problems += run_schema(schemas.SourceSchema.to_schema(), sources.frame, sources.origins)
    for name, vocabulary in [*vocabularies.items(), (PRODUCER_KINDS, producer_kinds)]:
        schema = schemas.MeasureSchema if name == "measures" else schemas.VocabularySchema
        problems += run_schema(schema.to_schema(), vocabulary.frame, vocabulary.origins)
    problems += run_schema(schemas.ProducerSchema.to_schema(), producers.frame, producers.origins)
    problems += check_producers(producers.frame, producers.origins, set(producer_kinds.frame["term"].dropna()))
    problems += run_schema(schemas.RegionSchema.to_schema(), regions.frame, regions.origins)
    problems += cross_check_regions(regions.frame, regions.origins)
    schema = claim_schema({n: v.frame for n, v in vocabularies.items()}, regions.frame, sources.frame)
    problems += run_schema(schema, claims.frame, claims.origins)
    problems += cross_check_claims(claims.frame, sources.frame, claims.origins)
    problems += check_claim_producers(claims.frame, claims.origins, set(producers.frame["producer_id"].dropna()))
    problems += run_schema(schemas.RelationSchema.to_schema(), relations.frame, relations.origins)
    problems += cross_check_relations(relations.frame, claims.frame, relations.origins)
    problems += run_schema(schemas.ReadingSchema.to_schema(), readings.frame, readings.origins)
    problems += _check_readings(readings, set(claims.frame["claim_id"]))
    problems += check_reading_bases(claims.frame, claims.origins, readings.frame, relations.frame)
    text_lines = dict(zip(sources.frame["source_id"], sources.frame["text_lines"]))
    problems += assign_pages(claims.frame, claims.origins, read_page_evidence(raw_dir / "pages", root, text_lines, problems))
    read_coverage_lists(raw_dir, root, text_lines, problems)
    read_relation_sentences(raw_dir, text_lines, set(relations.frame["relation_id"]), problems)
    if problems:
        raise RawDataError(problems)
    wide = build_wide_tables(raw_dir, claims.frame, root, problems)
    problems += _check_quantity_terms(quantities, members, {n: set(v.frame["term"]) for n, v in vocabularies.items()}, set(regions.frame["region"]))
    if problems:
        raise RawDataError(problems)
    measures = vocabularies["measures"].frame
    figure_kinds = dict(zip(measures["term"], measures["figure_kind"])) if "figure_kind" in measures.columns else {}
    quantity_table, quantity_of = build_quantities(claims.frame, quantities.frame, members.frame, members.origins, problems,
                                                   producers=producers.frame, figure_kinds=figure_kinds, quantity_origins=quantities.origins)
    if problems:
        raise RawDataError(problems)
    claims.frame["quantity_id"] = dtypes.text(quantity_of).values

    tables = {
        **wide,
        "claims": claims.frame.sort_values(["source_id", "line", "claim_id"]),
        "sources": sources.frame.sort_values("source_id"),
        "regions": regions.frame.sort_values("region"),
        "producers": producers.frame.sort_values("producer_id"),
        PRODUCER_KINDS: producer_kinds.frame.sort_values("term"),
        "relations": relations.frame.sort_values("relation_id"),
        "readings": readings.frame.sort_values(["claim_id", "value"]),
        "quantities": quantity_table.sort_values("quantity_id"),
        "quantity_members": members.frame.sort_values(["quantity_id", "claim_id"]),
    }
    for name, vocabulary in vocabularies.items():
        tables[name] = vocabulary.frame.sort_values("term")
    tables = {name: df.reset_index(drop=True) for name, df in sorted(tables.items())}
    problems += _check_output(tables)
    if problems:
        raise RawDataError(problems)
    return tables


def _check_output(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every processed table against its catalogue schema: a last guard against our own mistakes."""
    from .catalog import tables as catalogue

    problems = []
    for info in catalogue():
        if info.name == "claims":
            continue  # validated on the way in, with messages that name the raw files
        if info.name not in tables:
            problems.append(Problem(f"data/processed/{info.name}", "", "", "the build made no such table"))
            continue
        origins = Origins.numbered(f"data/processed/{info.name}", len(tables[info.name]))
        problems += run_schema(info.schema, tables[info.name], origins)
    for name, frame in tables.items():  # text made by the build (notes of wide tables) obeys the raw files' rule too
        for column in frame.columns:
            if frame[column].dtype == bool or not (frame[column].dtype == object or str(frame[column].dtype) in ("str", "string")):
                continue
            for i, value in zip(frame.index, frame[column]):
                if formula_like(value):
                    problems.append(Problem(f"data/processed/{name}", f"row {i + 1}", column, f"{value!r} looks like a spreadsheet formula: {FORMULA_RULE}"))
    return problems


def build(raw_dir: Path, processed_dir: Path, version: str, spreadsheets: bool = True) -> dict[str, pd.DataFrame]:
    """Build and write; on any problem raise before touching processed_dir.

    ``spreadsheets=False`` leaves out the .xlsx files (the benchmark's synthetic
    sets of a million claims, which a spreadsheet cannot usefully hold)."""
    tables = build_tables(raw_dir)
    write_tables_atomically(tables, processed_dir, version, spreadsheets)
    return tables
