"""repression_data: the quantitative claims of scholarly texts on the Soviet terror of the 1930s,
as validated tables with provenance.

    import repression_data as rd
    rd.tables()            # the names of the shipped tables
    claims = rd.load("claims")

This is the package's public face: what analysis scripts and readers use. Its names are handed on
lazily, so importing the package costs almost nothing; loading a table uses only pandas and pyarrow,
and the validation machinery (pandera) is imported by the build alone.

- ``load(name, verify=True, version=None)``, ``tables()``: the shipped tables (``repression_data.shipped.loader``);
  ``version="0.1.0"``: a table exactly as that release published it (``releases()``: the earlier releases kept in data/history, then this version, marked current);
- ``cite(what=None, style="apa")``: citations of the package, a claim, a list of claims (one reference per text) or a table;
- ``compare(quantity_id)``: every figure for one quantity side by side;
- ``evaluate_relations(theme=None)``: the texts' arithmetic recomputed and judged;
- ``places(claims)``: each locator of a group of claims with its pages ("ch. 11, p. 470; Appendix One, p. 588");
- ``bounds(claim)``: (low, high) of the values a claim's print allows (its rounding, bounds, range);
- ``below_word(quote, printed)``: the word ("nearly", "almost") that puts a figure's true value below it;
- ``period_label(start, end)``, ``figure_words(value)``: a period and a figure as readers write them
  ("1937-38"; "681,692").
"""

from __future__ import annotations

from importlib import import_module

from repression_data._version import __version__

# name -> (module, attribute): imported on first use.
_HANDED_ON = {
    "load": ("repression_data.shipped.loader", "load"),
    "tables": ("repression_data.shipped.loader", "tables"),
    "releases": ("repression_data.shipped.loader", "releases"),
    "places": ("repression_data.shipped.citation", "places"),
    "below_word": ("repression_data.engine.intervals", "below_word"),
    "check": ("repression_data.shipped.sentence_check", "check"),
    "bounds": ("repression_data.engine.intervals", "bounds"),
    "period_label": ("repression_data.words", "period_label"),
    "figure_words": ("repression_data.words", "number"),
}

__all__ = ["__version__", "below_word", "bounds", "check", "cite", "compare", "evaluate_relations", "figure_words", "load", "period_label", "places",
           "releases", "rounding_rule_changes", "tables"]


def __getattr__(name: str):
    if name in _HANDED_ON:
        module, attribute = _HANDED_ON[name]
        value = getattr(import_module(module), attribute)
        globals()[name] = value  # the next use finds it directly
        return value
    raise AttributeError(f"module 'repression_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HANDED_ON))


def cite(what=None, style: str = "apa") -> str:
    """The package's citation (style apa, with its release year, bibtex or cff); given a claim id, the text's
    APA 7 reference, the in-text citation with the page and where the figure is (or a BibTeX entry for the
    text, the page and claim in its note); given a list of claim ids, one reference or entry per text; given a
    table name, the texts behind it, with pages."""
    from repression_data.shipped.citation import cite as _cite

    return _cite(what, style)


def compare(quantity_id: str):
    """Every figure for one quantity side by side: a DataFrame, one row per claim.

    Columns: scope (same, plan, plan_presented_as_outcome, different_scope),
    claim_id, value_printed, value (persons), value_low, value_high,
    qualifier, measure, figure_kind (plan, flow, stock, change, proposal),
    category, period_start, period_end, attributed_to (the text's wording),
    producer_id, producer, producer_kind, independent_producer (the root of
    derived_from, or of the count a repeat or rounding restates), restates
    ('rounding of GN-0465': the restatements table), citation, quote and
    scope_reason (why a figure of another scope differs). The figures come from the claims table; the producers
    from the producers table. Raises KeyError for an unknown quantity id.
    """
    from repression_data.engine.quantities import SideBySide
    from repression_data.shipped.loader import load

    sides = _prepared("compare", _COMPARED, lambda present: SideBySide(*[load(n) if n in present else None for n in _COMPARED]))
    return sides(quantity_id)


# The tables ``compare`` reads, in SideBySide's order (producers and restatements are absent from the oldest releases).
_COMPARED = ("claims", "sources", "quantities", "quantity_members", "producers", "measures", "restatements")
_OPTIONAL = ("producers", "restatements", "readings", "order_words")
_EVALUATED = ("relations", "claims", "readings", "order_words")
_PREPARED: dict = {}


def _prepared(what, names: tuple, make):
    """What ``make`` prepares from the tables ``names``, once per process for one set of their files.

    The key is each table's ``checksum``: the sha256 the manifest records, with the file's size, time and inode,
    so that a new build, or a file changed, replaced or removed since, is read (and so checked) again.
    ``make`` is given the names of the shipped tables. A table required but missing raises as ``load`` does.
    """
    from repression_data.shipped.loader import checksum, tables

    present = set(tables())
    key = tuple(checksum(n) if n in present or n not in _OPTIONAL else "" for n in names)
    hit = _PREPARED.get(what)
    if hit is None or hit[0] != key:
        hit = _PREPARED[what] = (key, make(present))
    return hit[1]


def rounding_rule_changes():
    """The relation verdicts that the rule of round figures in prose changes.

    A round figure in prose ("some 3,500", "about 3.5 percent") stands for every
    value that rounds to it at the coarsest step among 10^k and 5 x 10^k that
    divides it (3,500 -> 3,250-3,750); the former rule took half the place of
    its last non-zero digit (3,450-3,550). Returns a DataFrame, one row per
    changed verdict: relation_id, description, former_verdict, verdict,
    former_reason (the reason the former rule gave).
    """
    from repression_data.engine.relations import rule_changes
    from repression_data.shipped.loader import load, tables

    readings = load("readings") if "readings" in tables() else None
    words = load("order_words") if "order_words" in tables() else None
    return rule_changes(load("relations"), load("claims"), readings, words)


def evaluate_relations(theme: str | None = None):
    """Recompute every relation the texts state (or those of one theme) and judge it.

    Returns a DataFrame, one row per relation, with the stated and computed
    values and intervals, the verdict (consistent, consistent_for_some_readings,
    inconsistent, contradiction, not_computable), the check class (recomputed,
    repeated_print, order, weak), who slipped (slip_kind, acknowledged,
    explanation) where the figures do not bear it out, the gap, and the tolerance used with its reason
    (``repression_data.engine.relations.RESULT_COLUMNS``). An unknown theme raises
    ValueError naming the known themes.
    """
    from repression_data.engine.relations import UnknownThemeError, evaluate, known_themes
    from repression_data.shipped.loader import load

    def judged(present):
        relations = load("relations")
        if theme is not None:
            themes = known_themes(relations)
            if theme not in themes:
                raise UnknownThemeError(f"unknown theme {theme!r}; the themes are: {', '.join(themes)}")
            relations = relations[relations["theme"] == theme]
        return evaluate(relations, load("claims"), load("readings") if "readings" in present else None,
                        load("order_words") if "order_words" in present else None)

    if theme is not None and not isinstance(theme, str):  # a theme is a name: anything else names no theme
        themes = known_themes(load("relations"))
        raise UnknownThemeError(f"unknown theme {theme!r}; the themes are: {', '.join(themes)}")
    evaluated = _prepared(("evaluate_relations", theme), _EVALUATED, judged)  # each theme (and all) judged once
    return evaluated.copy(deep=True)  # a frame of the caller's own
