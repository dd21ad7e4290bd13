"""repression_data: the quantitative claims of scholarly texts on the Soviet
terror of the 1930s, as validated tables with provenance.

    import repression_data as rd
    rd.tables()            # the names of the shipped tables
    claims = rd.load("claims")

Importing the package and loading a table use only pandas and pyarrow;
the validation machinery (pandera) is imported by the build alone.
"""

from ._version import __version__
from .loader import load, tables

__all__ = ["__version__", "cite", "compare", "evaluate_relations", "load", "tables"]


def cite(what: str | None = None, style: str = "apa") -> str:
    """The package's citation (style apa, bibtex or cff); or, given a claim id or a
    table name, the citations of the texts behind it, with pages."""
    from .citation import cite as _cite

    return _cite(what, style)


def compare(quantity_id: str):
    """Every figure for one quantity side by side: a DataFrame, one row per claim.

    Columns: scope (same, plan, plan_presented_as_outcome, different_scope),
    claim_id, value_printed, value (persons), value_low, value_high,
    qualifier, measure, figure_kind (plan, flow, stock, change, proposal),
    category, period_start, period_end, attributed_to (the text's wording),
    producer_id, producer, producer_kind, independent_producer (the root of
    derived_from), citation, quote and scope_reason (why a figure of another
    scope differs). The figures come from the claims table; the producers
    from the producers table. Raises KeyError for an unknown quantity id.
    """
    from .quantities import compare as _compare

    names = set(tables())
    return _compare(quantity_id, load("claims"), load("sources"), load("quantities"), load("quantity_members"),
                    load("producers") if "producers" in names else None, load("measures"))


def evaluate_relations(theme: str | None = None):
    """Recompute every relation the texts state (or those of one theme) and judge it.

    Returns a DataFrame, one row per relation, with the stated and computed
    values and intervals, the verdict (consistent, consistent_for_some_readings,
    inconsistent, not_computable), the check class (recomputed, repeated_print,
    weak), the gap, and the tolerance used with its reason
    (``repression_data.relations.RESULT_COLUMNS``). An unknown theme raises
    ValueError naming the known themes.
    """
    from .relations import UnknownThemeError, evaluate, known_themes

    relations = load("relations")
    if theme is not None:
        themes = known_themes(relations)
        if theme not in themes:
            raise UnknownThemeError(f"unknown theme {theme!r}; the themes are: {', '.join(themes)}")
        relations = relations[relations["theme"] == theme]
    readings = load("readings") if "readings" in tables() else None
    return evaluate(relations, load("claims"), readings)
