"""The fidelity rules as build checks (issue 20, item 6), so that the kinds of fault found by hand cannot come back.

- **No period past the producer's date.** A figure a speaker, memo or report
  gives cannot count what happened after the speech or the document: a
  claim's ``period_end`` never falls after the last day its producer's
  ``date`` can mean ('1937' -> 31 December 1937, '1937-02' -> 28 February
  1937, '1937-02-26' -> that day). The exception: a plan (a measure whose
  ``figure_kind`` is ``plan``: a limit, quota or cap) and any figure of a
  decree, order or decision (producer kind ``decree``) may run to the end of
  the operation it governs, which the document itself fixes in advance. A
  producer with no date, or a date that does not parse, is not checked.
- **The producer is the body that counted, not the book that printed it.**
  A producer whose kind is a published collection of documents
  (``document_collection``) or a publication of another's archival data
  (``scholarly_publication``) must name in ``derived_from`` the producer whose
  figures it passes on.

Each problem names the file, the record and the field.
"""

from __future__ import annotations


import pandas as pd

from repression_data.engine.weighing import last_day
from repression_data.errors import Problem
from repression_data.read.origins import Origins

PASSES_ON = ("document_collection", "scholarly_publication")  # producer kinds that print another's figures
GOVERNS = "decree"  # a producer kind whose figures may run to the end of what it governs
PLAN = "plan"


def check_periods_within_producer_dates(claims: pd.DataFrame, origins: Origins, producers: pd.DataFrame, figure_kinds: dict[str, str]) -> list[Problem]:
    """A claim's period ends no later than its producer's date, except a plan or a decree's figure (see the module docstring)."""
    dated = {p: last_day(d) for p, d in zip(producers["producer_id"], producers["date"])}
    kind = dict(zip(producers["producer_id"], producers["kind"]))
    problems = []
    if "producer_id" not in claims.columns:
        return problems
    for i, (claim_id, producer, end, measure) in enumerate(zip(claims["claim_id"], claims["producer_id"], claims["period_end"], claims["measure"])):
        if not isinstance(producer, str) or pd.isna(end) or dated.get(producer) is None:
            continue
        if figure_kinds.get(measure) == PLAN or kind.get(producer) == GOVERNS:
            continue
        if pd.Timestamp(end) > dated[producer]:
            origin = origins[i]
            problems.append(Problem(origin.file, origin.record, "period_end",
                                    f"{claim_id}'s period ends {pd.Timestamp(end).date()}, after the date of its producer {producer} ({dated[producer].date()}): "
                                    "a speech or document cannot count what came after it (only a plan or a decree's figure may run to the end of the operation it governs)"))
    return problems


def check_collections_name_their_producer(producers: pd.DataFrame, origins: Origins) -> list[Problem]:
    """A published collection or publication of archival data names in derived_from whose figures it prints."""
    problems = []
    for i, row in enumerate(producers.itertuples(index=False)):
        if row.kind in PASSES_ON and not (isinstance(row.derived_from, str) and row.derived_from.strip()):
            origin = origins[i]
            problems.append(Problem(origin.file, origin.record, "derived_from",
                                    f"{row.producer_id} is a {row.kind}: it prints another body's figures, so derived_from must name the body that counted them"))
    return problems
