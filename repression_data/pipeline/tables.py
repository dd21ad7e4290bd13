"""Build ``data/processed`` from ``data/raw``: parse, validate, write.

Data flows one way: raw CSV files -> typed tables -> validation -> Parquet
and CSV files plus a manifest. The output folder is replaced only after
every table has been built and validated, so a failed build leaves the
previous ``data/processed`` exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from repression_data import dtypes
from repression_data._version import __version__
from repression_data.checks import schemas
from repression_data.checks.check_words import check_check_words
from repression_data.checks.coverage import read_coverage_lists
from repression_data.checks.bindings import bindings_of, check_bindings, fields_of, read_corrections
from repression_data.checks.fidelity import check_collections_name_their_producer, check_periods_within_producer_dates
from repression_data.checks.published import check_nothing_vanished, check_withdrawn, earlier_publications, ids_of, name_withdrawals, read_withdrawn
from repression_data.checks.readings import check_reading_bases
from repression_data.checks.relation_coverage import read_hand_list
from repression_data.checks.slips import check_relation_terms, check_slip_kinds
from repression_data.checks.validate import (
    check_claim_producers,
    check_clean_prints,
    check_producers,
    claim_schema,
    cross_check_claims,
    cross_check_regions,
    cross_check_relations,
    run_schema,
)
from repression_data.engine.quantities import SCOPES, build_quantities
from repression_data.engine.restatements import check_restatements
from repression_data.errors import Problem, RawDataError
from repression_data.formats import FORMULA_RULE, formula_like
from repression_data.pipeline.documents import generated_documents, is_checkout_processed, write_generated_docs
from repression_data.publish.catalog import tables as catalogue
from repression_data.publish.write import write_tables_atomically
from repression_data.read.folder import Parsed, check_file_names, parse_claims, parse_file
from repression_data.read.origins import Origins
from repression_data.read.pagefiles import assign_pages, read_page_evidence
from repression_data.read.rawspec import (
    CHECK_WORDS,
    MEASURES,
    ORDER_WORDS,
    ORDER_WORDS_NAME,
    PRODUCER_KINDS,
    PRODUCERS,
    QUANTITIES,
    QUANTITY_MEMBERS,
    READINGS,
    REGIONS,
    RELATIONS,
    RESTATEMENTS,
    SLIP_KINDS,
    SOURCES,
    VOCABULARIES,
    VOCABULARY,
)
from repression_data.read.wide import WIDE_TABLES, build_wide_tables


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


def _stage(problems: list[Problem], function, *args):
    """Run one stage of the build. A stage that breaks on data already reported
    broken is skipped (its problems are known); on valid data an error is ours and propagates."""
    try:
        return function(*args)
    except Exception:
        if problems:
            return None
        raise


def build_tables(raw_dir: Path, previous: Path | None = None, bindings: dict | None = None) -> dict[str, pd.DataFrame]:
    """Parse and validate every raw file; return the processed tables.

    ``previous`` is the folder of the last build (data/processed): every id it
    published must still be there or be withdrawn (see :mod:`published`), as
    must every id of the committed lists (data/published/) and release bundles.
    Raises RawDataError listing every problem found, in every raw file and
    every stage at once. ``bindings``, if given, is filled with the fingerprints of
    every id (checks/bindings.py), for the id list (``generated_documents``).
    """

    root = raw_dir.parent.parent
    problems: list[Problem] = []
    check_file_names(raw_dir, root, problems)

    sources = parse_file(raw_dir / "sources.csv", SOURCES, root, problems)
    vocabularies = {name: parse_file(raw_dir / "vocabularies" / f"{name}.csv", MEASURES if name == "measures" else VOCABULARY, root, problems) for name in VOCABULARIES}
    producer_kinds = parse_file(raw_dir / "vocabularies" / f"{PRODUCER_KINDS}.csv", VOCABULARY, root, problems)
    producers = parse_file(raw_dir / "producers.csv", PRODUCERS, root, problems)
    regions = parse_file(raw_dir / "vocabularies" / "regions.csv", REGIONS, root, problems)
    check_words = parse_file(raw_dir / "vocabularies" / "check_words.csv", CHECK_WORDS, root, problems)
    order_words = parse_file(raw_dir / "vocabularies" / f"{ORDER_WORDS_NAME}.csv", ORDER_WORDS, root, problems)
    slip_kinds = parse_file(raw_dir / "vocabularies" / f"{SLIP_KINDS}.csv", VOCABULARY, root, problems)
    claims = parse_claims(raw_dir / "claims", root, problems)
    relations = parse_file(raw_dir / "relations.csv", RELATIONS, root, problems)
    quantities = parse_file(raw_dir / "quantities.csv", QUANTITIES, root, problems)
    members = parse_file(raw_dir / "quantity_members.csv", QUANTITY_MEMBERS, root, problems)
    readings = parse_file(raw_dir / "readings.csv", READINGS, root, problems)
    restatements = parse_file(raw_dir / "restatements.csv", RESTATEMENTS, root, problems)
    withdrawn, withdrawn_origins = read_withdrawn(raw_dir, root, __version__, problems)
    corrections = read_corrections(raw_dir, root, __version__, problems)

    problems += run_schema(schemas.SourceSchema.to_schema(), sources.frame, sources.origins)
    for name, vocabulary in [*vocabularies.items(), (PRODUCER_KINDS, producer_kinds)]:
        schema = schemas.MeasureSchema if name == "measures" else schemas.VocabularySchema
        problems += run_schema(schema.to_schema(), vocabulary.frame, vocabulary.origins)
    problems += run_schema(schemas.ProducerSchema.to_schema(), producers.frame, producers.origins)
    problems += _stage(problems, check_producers, producers.frame, producers.origins, set(producer_kinds.frame["term"].dropna())) or []
    problems += run_schema(schemas.RegionSchema.to_schema(), regions.frame, regions.origins)
    problems += cross_check_regions(regions.frame, regions.origins)
    problems += run_schema(schemas.CheckWordSchema.to_schema(), check_words.frame, check_words.origins)
    problems += _stage(problems, check_check_words, check_words.frame, check_words.origins, "data/raw/vocabularies/check_words.csv",
                       {n: set(v.frame["term"].dropna()) for n, v in vocabularies.items()}, set(regions.frame["region"].dropna()),
                       set(producer_kinds.frame["term"].dropna())) or []
    schema = claim_schema({n: v.frame for n, v in vocabularies.items()}, regions.frame, sources.frame)
    problems += run_schema(schema, claims.frame, claims.origins)
    problems += cross_check_claims(claims.frame, sources.frame, claims.origins)
    problems += check_clean_prints(claims.frame, claims.origins)
    problems += check_claim_producers(claims.frame, claims.origins, set(producers.frame["producer_id"].dropna()))
    problems += run_schema(schemas.RelationSchema.to_schema(), relations.frame, relations.origins)
    problems += cross_check_relations(relations.frame, claims.frame, relations.origins)
    problems += run_schema(schemas.OrderWordSchema.to_schema(), order_words.frame, order_words.origins)
    problems += run_schema(schemas.VocabularySchema.to_schema(), slip_kinds.frame, slip_kinds.origins)
    problems += check_relation_terms(relations.frame, relations.origins, order_words.frame, set(slip_kinds.frame["term"].dropna()))
    problems += run_schema(schemas.ReadingSchema.to_schema(), readings.frame, readings.origins)
    problems += _check_readings(readings, set(claims.frame["claim_id"]))
    problems += _stage(problems, check_reading_bases, claims.frame, claims.origins, readings.frame, relations.frame) or []
    problems += _stage(problems, check_slip_kinds, relations.frame, relations.origins, claims.frame, readings.frame, order_words.frame) or []
    text_lines = dict(zip(sources.frame["source_id"], sources.frame["text_lines"]))
    evidence = _stage(problems, read_page_evidence, raw_dir / "pages", root, text_lines, problems)
    if evidence is not None:
        problems += _stage(problems, assign_pages, claims.frame, claims.origins, evidence) or []
    read_coverage_lists(raw_dir, root, text_lines, problems)
    _stage(problems, read_hand_list, raw_dir, text_lines, set(relations.frame["relation_id"]), problems)
    unique_claims = claims.frame.drop_duplicates("claim_id")
    wide = _stage(problems, build_wide_tables, raw_dir, unique_claims, root, problems) or {}
    problems += run_schema(schemas.RestatementSchema.to_schema(), restatements.frame, restatements.origins)
    withdrawn_claims = set(withdrawn.loc[withdrawn["kind"] == "claim", "id"]) if "kind" in withdrawn.columns else set()
    problems += _stage(problems, check_restatements, restatements.frame, restatements.origins, unique_claims, withdrawn_claims) or []
    problems += _check_quantity_terms(quantities, members, {n: set(v.frame["term"]) for n, v in vocabularies.items()}, set(regions.frame["region"]))
    measures = vocabularies["measures"].frame
    figure_kinds = dict(zip(measures["term"], measures["figure_kind"])) if "figure_kind" in measures.columns else {}
    problems += _stage(problems, check_periods_within_producer_dates, claims.frame, claims.origins, producers.frame, figure_kinds) or []
    problems += _stage(problems, check_collections_name_their_producer, producers.frame, producers.origins) or []
    quantity_problems: list[Problem] = []
    built = _stage(problems, lambda: build_quantities(unique_claims, quantities.frame, members.frame, members.origins, quantity_problems,
                                                      producers=producers.frame, figure_kinds=figure_kinds, quantity_origins=quantities.origins,
                                                      restatements=restatements.frame, relations=relations.frame))
    problems += quantity_problems
    quantity_table = None
    if built is not None and not quantity_problems:
        quantity_table, quantity_of = built
        if len(unique_claims) == len(claims.frame):
            claims.frame["quantity_id"] = dtypes.text(quantity_of).values

    # Published ids: compare with everything published before, over the tables this build could make.
    partial = {**wide, "claims": claims.frame, "relations": relations.frame, "quantity_members": members.frame}
    partial["quantities"] = quantity_table if quantity_table is not None else quantities.frame  # its ids, even where its computed columns could not be made
    new_ids = ids_of(partial)
    problems += check_withdrawn(withdrawn, withdrawn_origins, new_ids, raw_dir, root)
    earlier = earlier_publications(raw_dir, previous, root, problems)
    unbuilt = {f"tables/{spec.name}.csv" for spec in WIDE_TABLES if spec.name not in wide}
    earlier = [(where, {key: file for key, file in ids.items() if file not in unbuilt}, *rest) for where, ids, *rest in earlier]
    problems += check_nothing_vanished(new_ids, withdrawn, earlier, raw_dir, root)
    fingerprints = bindings_of(partial)  # a column at a time; the fields themselves only to say what changed
    problems += check_bindings(lambda: fields_of(partial), corrections, [(where, *rest) for where, _, *rest in earlier], raw_dir, root, new_ids,
                               new=fingerprints)
    if problems:
        lost = {key for _, ids, *_ in earlier for key in ids if key not in new_ids}
        raise RawDataError(name_withdrawals(problems, withdrawn, lost))

    tables = {
        **wide,
        "claims": claims.frame.sort_values(["source_id", "line", "claim_id"]),
        "sources": sources.frame.sort_values("source_id"),
        "regions": regions.frame.sort_values("region"),
        "check_words": check_words.frame.sort_values(["kind", "phrase"]),
        "producers": producers.frame.sort_values("producer_id"),
        PRODUCER_KINDS: producer_kinds.frame.sort_values("term"),
        ORDER_WORDS_NAME: order_words.frame.sort_values("term"),
        SLIP_KINDS: slip_kinds.frame.sort_values("term"),
        "relations": relations.frame.sort_values("relation_id"),
        "readings": readings.frame.sort_values(["claim_id", "value"]),
        "restatements": restatements.frame.sort_values("claim_id"),
        "quantities": quantity_table.sort_values("quantity_id"),
        "quantity_members": members.frame.sort_values(["quantity_id", "claim_id"]),
        "withdrawn": withdrawn.sort_values(["kind", "id"]),
        "corrections": corrections.sort_values(["version", "kind", "id"]),
    }
    for name, vocabulary in vocabularies.items():
        tables[name] = vocabulary.frame.sort_values("term")
    tables = {name: df.reset_index(drop=True) for name, df in sorted(tables.items())}
    problems += _check_output(tables)
    if problems:
        raise RawDataError(problems)
    if bindings is not None:
        bindings.update(fingerprints)
    return tables


def _check_output(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every processed table against its catalogue schema: a last guard against our own mistakes."""

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
            for i, value in _formula_cells(frame[column]):
                problems.append(Problem(f"data/processed/{name}", f"row {i + 1}", column, f"{value!r} looks like a spreadsheet formula: {FORMULA_RULE}"))
    return problems


def _formula_cells(values: pd.Series) -> list[tuple]:
    """(index, value) of every cell of ``values`` that formula_like refuses, in order.

    Vectorised: only the cells whose first character could begin a formula ('=', '@', '+', '-')
    go through the rule itself, so a column of a million cells costs one pass in pandas.
    """
    try:
        first = values.str[:1]
    except AttributeError:  # a column of objects none of which is text
        return []
    candidates = values[first.isin(["=", "@", "+", "-"]).fillna(False).astype(bool)]
    return [(i, value) for i, value in candidates.items() if formula_like(value)]


def build(raw_dir: Path, processed_dir: Path, version: str, spreadsheets: bool = True) -> dict[str, pd.DataFrame]:
    """Build and write; on any problem raise before touching processed_dir.

    The manifest records the sha256 of the generated documents; writing them
    beside the checkout's data is the command's job (see cli.cmd_build).
    ``spreadsheets=False`` leaves out the .xlsx files (the benchmark's synthetic
    sets of a million claims, which a spreadsheet cannot usefully hold).
    """
    fingerprints: dict = {}
    tables = build_tables(raw_dir, previous=processed_dir, bindings=fingerprints)
    write_tables_atomically(tables, processed_dir, version, generated_documents(tables, version, fingerprints), spreadsheets=spreadsheets)
    return tables


def write_build(tables, out: Path, raw: Path) -> None:
    """Swap the tables in at ``out``; for the checkout's data/processed, write the generated documents too."""

    documents = generated_documents(tables, __version__)
    write_tables_atomically(tables, out, __version__, documents)
    if is_checkout_processed(out, raw):
        write_generated_docs(tables, raw.parent.parent)
