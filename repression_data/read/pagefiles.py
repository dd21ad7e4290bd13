"""Read and check the page evidence of data/raw/pages/ (see pages.py for the method).

``<source_id>.csv`` lists the printed markers (line, page, kind, printed,
note); the folder ``<source_id>/`` holds ``breaks.csv`` (line, kind, text),
``index_anchors.csv`` (page, index_line, index_entry, passage_line, passage,
note) and ``corrections.csv`` (kind, first_line, last_line, pages, evidence).
Every problem names the file, the record and the field.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from repression_data.engine.pages import BREAK_KINDS, CORRECTION_KINDS, Anchor, Correction, PageEvidence
from repression_data.errors import Problem, RawDataError
from repression_data.read import parse
from repression_data.read.origins import Origins
from repression_data.read.rawfiles import read_raw_csv
from repression_data.read.rawfiles import read_raw_csv as _read_csv
from repression_data.read.rawspec import INDEX_ANCHORS, PAGE_BREAKS, PAGE_CORRECTIONS, PAGE_MARKER_KINDS, PAGE_MARKERS, SOURCES, RawSpec

CORRECTION_SIGNS = {"lost_page": 1, "missed_break": 1, "false_break": -1, "short_page": 0}


def _read(path: Path, spec: RawSpec, root: Path, problems: list[Problem], required: bool = True):
    if not path.is_file() and not required:
        return None, []
    table = read_raw_csv(path, spec.names, [], problems, root=root)
    if table is None:
        return None, []

    return parse.convert_columns(table, spec, problems), Origins.of(table, spec.id_column)


def _inside(value, last: int) -> bool:
    return not pd.isna(value) and 1 <= int(value) <= last


def read_source(folder: Path, source_id: str, root: Path, last_line: int, problems: list[Problem]) -> PageEvidence | None:
    """The page evidence of one source, or None when its files hold problems (all reported)."""
    before = len(problems)
    markers, origins = _read(folder / f"{source_id}.csv", PAGE_MARKERS, root, problems)
    anchors: list[tuple[Anchor, object, str]] = []
    front = 0
    if markers is not None:
        for i, row in enumerate(markers.itertuples(index=False)):
            origin = origins[i]
            if row.kind not in PAGE_MARKER_KINDS:
                problems.append(Problem(origin.file, origin.record, "kind", f"{row.kind!r} is not one of {', '.join(PAGE_MARKER_KINDS)}"))
            elif not _inside(row.line, last_line):
                problems.append(Problem(origin.file, origin.record, "line", f"{row.line} is outside the text's lines 1-{last_line}"))
            elif row.kind == "front_matter_end":
                front = int(row.line)
            elif pd.isna(row.page) or row.page < 1:
                problems.append(Problem(origin.file, origin.record, "page", "is empty or below 1 but required for a page marker"))
            else:
                anchors.append((Anchor(int(row.line), int(row.page), row.kind), origin, "page"))

    sub = folder / source_id
    breaks: list[int] = []
    table, origins = _read(sub / "breaks.csv", PAGE_BREAKS, root, problems)
    if table is not None:
        for i, row in enumerate(table.itertuples(index=False)):
            origin = origins[i]
            if row.kind not in BREAK_KINDS:
                problems.append(Problem(origin.file, origin.record, "kind", f"{row.kind!r} is not one of {', '.join(BREAK_KINDS)}"))
            elif not _inside(row.line, last_line):
                problems.append(Problem(origin.file, origin.record, "line", f"{row.line} is outside the text's lines 1-{last_line}"))
            elif breaks and row.line <= breaks[-1]:
                problems.append(Problem(origin.file, origin.record, "line", f"{row.line} does not come after the break at line {breaks[-1]}"))
            else:
                breaks.append(int(row.line))

    table, origins = _read(sub / "index_anchors.csv", INDEX_ANCHORS, root, problems, required=False)
    if table is not None:
        for i, row in enumerate(table.itertuples(index=False)):
            origin = origins[i]
            bad = False
            for name in ("index_line", "passage_line"):
                if not _inside(getattr(row, name), last_line):
                    problems.append(Problem(origin.file, origin.record, name, f"{getattr(row, name)} is outside the text's lines 1-{last_line}"))
                    bad = True
            if not bad and not pd.isna(row.page) and row.page >= 1:
                anchors.append((Anchor(int(row.passage_line), int(row.page), "index"), origin, "page"))
            elif not bad:
                problems.append(Problem(origin.file, origin.record, "page", "must be a page number of at least 1"))

    corrections: list[tuple[Correction, object]] = []
    table, origins = _read(sub / "corrections.csv", PAGE_CORRECTIONS, root, problems, required=False)
    if table is not None:
        for i, row in enumerate(table.itertuples(index=False)):
            origin = origins[i]
            if row.kind not in CORRECTION_KINDS:
                problems.append(Problem(origin.file, origin.record, "kind", f"{row.kind!r} is not one of {', '.join(CORRECTION_KINDS)}"))
                continue
            if not (_inside(row.first_line, last_line) and _inside(row.last_line, last_line)) or row.first_line > row.last_line:
                problems.append(Problem(origin.file, origin.record, "last_line", f"lines {row.first_line}-{row.last_line} are not an ordered place inside the text's lines 1-{last_line}"))
                continue
            try:
                pages = int(str(row.pages))
            except ValueError:
                problems.append(Problem(origin.file, origin.record, "pages", f"{row.pages!r} is not a whole number"))
                continue
            sign = CORRECTION_SIGNS[row.kind]
            if (sign > 0 and pages < 1) or (sign < 0 and pages > -1) or (sign == 0 and pages != 0):
                problems.append(Problem(origin.file, origin.record, "pages", f"{pages} does not fit a {row.kind} (lost pages and missed breaks add pages, a false break takes one away, a short page adds none)"))
                continue
            corrections.append((Correction(row.kind, int(row.first_line), int(row.last_line), pages), origin))

    ordered = sorted(anchors, key=lambda item: (item[0].line, item[0].page))
    for (a, _, _), (b, origin, name) in zip(ordered, ordered[1:]):
        if b.page < a.page:
            problems.append(Problem(origin.file, origin.record, name, f"page {b.page} at line {b.line} comes after page {a.page} at line {a.line}: pages go backwards"))
    for a, origin, name in ordered:
        for c, _ in corrections:
            if c.first_line < a.line < c.last_line:
                problems.append(Problem(origin.file, origin.record, name, f"the anchor at line {a.line} lies inside the place of a {c.kind} (lines {c.first_line}-{c.last_line}); narrow the correction at the anchor"))
    if len(problems) > before:
        return None
    return PageEvidence(tuple(breaks), tuple(a for a, _, _ in ordered), tuple(c for c, _ in corrections), front)


def read_page_evidence(folder: Path, root: Path, text_lines: dict[str, int], problems: list[Problem]) -> dict[str, PageEvidence]:
    """The page evidence of every source that has a markers file in ``folder``, keyed by source id."""
    evidence = {}
    for path in sorted(folder.glob("*.csv")):
        if path.stem not in text_lines:
            problems.append(Problem(str(path.relative_to(root)), "", "", f"names no source: {path.stem!r} is not a source_id"))
            continue
        found = read_source(folder, path.stem, root, int(text_lines[path.stem]), problems)
        if found is not None:
            evidence[path.stem] = found
    return evidence


def assign_pages(claims: pd.DataFrame, origins, evidence: dict[str, PageEvidence]) -> list[Problem]:
    """Fill ``page``, ``page_low``, ``page_high`` and ``page_basis`` of every claim, in place.

    Where a source has page evidence the build counts each claim's page; a
    page written in the raw file must be the pinned page, and must be empty
    where the evidence allows only a range. Elsewhere the raw page (if any) is
    taken as printed. Returns the problems, naming file, record and field.
    Each distinct (source, line) is counted once, so a million claims cost
    little more than the lines they stand on.
    """
    given = claims["page"].astype("Int64")
    low = given.copy()
    high = given.copy()
    basis = pd.Series(pd.NA, index=claims.index, dtype="object")
    basis[given.notna()] = "printed"
    counted_mask = claims["source_id"].isin(list(evidence)) & claims["line"].notna()
    problems: list[Problem] = []
    if counted_mask.any():
        keys = claims.loc[counted_mask, ["source_id", "line"]].drop_duplicates()
        found = {(s, int(l)): evidence[s].page_of(int(l)) for s, l in zip(keys["source_id"], keys["line"])}
        ranges = [found[(s, int(l))] for s, l in zip(claims.loc[counted_mask, "source_id"], claims.loc[counted_mask, "line"])]
        low[counted_mask] = pd.array([None if r is None else r.low for r in ranges], dtype="Int64")
        high[counted_mask] = pd.array([None if r is None else r.high for r in ranges], dtype="Int64")
        basis[counted_mask] = [pd.NA if r is None else r.basis for r in ranges]
        pinned = low.where(low == high).astype("Int64")
        wrong = counted_mask & given.notna() & (pinned.isna() | (given != pinned)).fillna(True)
        for i in wrong[wrong].index:
            claim, r = claims.loc[i], found[(claims.at[i, "source_id"], int(claims.at[i, "line"]))]
            if r is None:
                message = f"is {given[i]}, but line {claim.line} is in the front matter of {claim.source_id}, which has no arabic pages (leave page empty)"
            else:
                allowed = f"p. {r.low}" if r.pinned else f"only pp. {r.low}-{r.high} (leave page empty)"
                message = f"is {given[i]}, but the page evidence of {claim.source_id} (data/raw/pages) gives {allowed} for line {claim.line}"
            position = claims.index.get_loc(i)
            problems.append(Problem(origins[position].file, origins[position].record, "page", message))
        given = given.where(~counted_mask, pinned)
    claims["page"] = given
    claims["page_low"] = low
    claims["page_high"] = high
    claims["page_basis"] = basis.astype(claims["region_printed"].dtype).where(basis.notna(), None)
    return problems


def segment_report(raw_dir: Path) -> tuple[str, bool]:
    """Every segment between two anchors of every source with page evidence: the
    breaks counted (with the corrections inside it) against the pages printed.

    Returns the report and whether every segment agrees. Raises RawDataError
    when the page files hold problems.
    """

    problems: list[Problem] = []
    root = raw_dir.parent.parent
    table = _read_csv(raw_dir / "sources.csv", SOURCES.names, [], problems, root=root)
    if table is None or problems:
        raise RawDataError(problems)
    text_lines = {s: int(n) for s, n in zip(table.column("source_id"), table.column("text_lines")) if str(n).isdigit()}
    evidence = read_page_evidence(raw_dir / "pages", root, text_lines, problems)
    if problems:
        raise RawDataError(problems)
    lines, ok = [], True
    for source_id, found in sorted(evidence.items()):
        kinds = {}
        for a in found.anchors:
            kinds[a.kind] = kinds.get(a.kind, 0) + 1
        lines.append(f"{source_id}: {len(found.breaks)} breaks, {len(found.anchors)} anchors ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), {len(found.corrections)} corrections")
        for a, b, counted, printed in found.segments():
            inside = [c for c in found.corrections if a.line <= c.first_line and c.last_line <= b.line]
            note = "; ".join(f"{c.kind} {c.pages:+d} at l. {c.first_line}-{c.last_line}" for c in inside)
            flag = "ok" if counted == printed else f"DISAGREES by {printed - counted:+d}"
            ok = ok and counted == printed
            lines.append(f"  l. {a.line:>6} p. {a.page:>4} ({a.kind}) -> l. {b.line:>6} p. {b.page:>4} ({b.kind}): {counted} counted, {printed} printed, {flag}" + (f"  [{note}]" if note else ""))
        hits = sum(found.predict(a) == a.page for a in found.anchors)
        lines.append(f"  each anchor counted from the one before it, itself left out: {hits} of {len(found.anchors)} exact")
    return "\n".join(lines), ok
