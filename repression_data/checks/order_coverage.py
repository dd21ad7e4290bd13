"""The words of order and trend that the relation-coverage audit looks for, and the idioms it sets aside.

A sentence that says one figure is lower, higher, fewer, the lowest since, falling steadily, a
majority, nearly half, roughly comparable or a small part of another states a relation of order
(issue 20); :mod:`relation_coverage` files each such mention as a relation, a rule below, or a
hand row, like the arithmetic triggers. The OCR breaks words across lines with a hyphen ("re-
duced", "ar- rests"), so each trigger word also matches with a hyphen and a line break inside it.

Each rule says why a mention states no relation of order; its reason is its docstring.
"""

from __future__ import annotations

import re


def _word(*words: str) -> str:
    """A pattern for whole words, tolerant of a hyphen and a line break inside a word ('re- duced')."""
    def broken(word: str) -> str:
        return "(?:-\\s+)?".join(re.escape(ch) if ch != " " else "\\s+" for ch in word)
    return r"\b(?:" + "|".join(broken(w) for w in words) + r")\b"


ORDER_TRIGGERS: dict[str, str] = {
    "fewer": _word("fewer"),
    "less ... than": r"\bless\b(?=[^.;]{0,80}?\bthan\b)",
    "more X than": r"\bmore\s+(?!than\b)(?=[^.;]{1,80}?\bthan\b)",
    "lower": _word("lower", "lowered", "lowers"),
    "higher": _word("higher"),
    "lowest": _word("lowest", "fewest", "smallest"),
    "highest": _word("highest", "largest", "greatest", "peak", "peaks", "peaked"),
    "greater/larger/smaller": _word("greater", "larger", "smaller"),
    "fell": _word("fell", "fall", "falls", "falling", "fallen"),
    "drop": _word("drop", "drops", "dropped", "dropping"),
    "decline": _word("decline", "declined", "declines", "declining"),
    "rise": _word("rose", "rise", "rises", "rising", "risen", "raise", "raised", "raises", "raising"),
    "grow": _word("grew", "grow", "grows", "growing", "grown", "growth", "swell", "swelled", "swelling", "swollen"),
    "increase": _word("increase", "increased", "increases", "increasing"),
    "reduce": _word("reduce", "reduced", "reduces", "reducing", "reduction", "decrease", "decreased", "decreases",
                    "decreasing", "diminish", "diminished", "diminishes", "diminishing"),
    "doubled": r"\b(?:doubled|doubling|tripled|twice\s+as|half\s+as\s+many)\b",
    "exceed": _word("exceed", "exceeds", "exceeded", "exceeding", "surpass", "surpassed", "surpasses", "outstrip", "outstripped",
                    "outnumber", "outnumbered", "outdistance", "outdistanced"),
    "compared": _word("compare", "compared", "compares", "comparing", "comparable", "comparably", "comparison"),
    "roughly the same": r"\broughly\s+(?:comparable|the\s+same|equal|similar)\b",
    "majority": _word("majority", "minority"),
    "most": r"\bmost\b",
    "nearly all": r"\b(?:nearly|almost|virtually)\s+all\b",
    "small part": r"\bsmall\s+(?:part|portion|share|fraction|minority)\b|\bfraction\b",
    "few": r"\b(?:few|handful)\b",
    "bulk": r"\b(?:bulk|overwhelming(?:ly)?|great\s+mass|greater\s+part)\b",
    "steadily": _word("steadily"),
    "closest": r"\bclosest\s+to\s+the\s+mark\b",
    "varied": r"\bvar(?:ied|y|ies)\s+(?:considerably|greatly|widely)\b",
}

NUMBER = r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|hundreds?|thousands?|a\s+thousand|a\s+million|half|a\s+third|a\s+quarter)"


def bound_qualifier(m, ctx) -> bool:
    """'(not / no / a little) fewer / less / more than' followed directly by a number: a bound on one figure
    ('not less than 10 years', 'fewer than ten Politburo leaders'), with no second 'than' after it."""
    if m.trigger not in ("fewer", "less ... than"):
        return False
    if not re.match(r"\s*(?:-\s+)?(?:er)?\s+than\s+" + NUMBER, m.after, re.I) and not re.match(r"\s+than\s+" + NUMBER, m.after, re.I):
        return False
    rest = re.sub(r"^\s*(?:er)?\s+than\s+", "", m.after, flags=re.I)
    return not re.search(r"\bthan\b", rest, re.I)


def fall_idiom(m, ctx) -> bool:
    """'fall' as the season ('in the fall of 1932', 'fall 1936', 'Fall-Winter'), or 'fall into / under / on',
    'the fall of' a person or a government, 'fell from power', 'The Rise and Fall': no figure falls."""
    if m.trigger != "fell":
        return False
    word = m.matched.lower()
    return bool(
        re.match(r"\s+(?:of\s+)?(?:19\d\d|l9\d\d|i9\d\d)", m.after, re.I)
        or re.search(r"\b(?:the|that|this|late|early|in|by|until|since|autumn|and)\s+$", m.before, re.I) and word == "fall"
        or re.match(r"\s*-\s*winter|\s+(?:into|under|on|upon|in\s+line|out|apart|victim|ill|silent|back|prey|to\s+pieces|within|short)\b", m.after, re.I)
        or re.match(r"\s+from\s+(?:power|grace|favor|office)", m.after, re.I)
        or re.search(r"\brise\s+and\s+$", m.before, re.I)
    )


def rise_idiom(m, ctx) -> bool:
    """'rise to power', 'rose to their feet', 'rise up', 'gave rise', 'raise(d) the question / doubts / hands /
    vigilance / the level', 'the question ... has been raised': no figure rises."""
    if m.trigger != "rise":
        return False
    return bool(
        re.match(r"\s+(?:to\s+(?:power|prominence|their\s+feet|his\s+feet|the\s+top|fame)|up\b|against)", m.after, re.I)
        or re.search(r"\b(?:gave|give|gives|giving|given)\s+$", m.before, re.I)
        or re.match(r"\s+(?:the\s+|a\s+|any\s+|these\s+|this\s+|such\s+)?(?:question|questions|issue|issues|doubts?|hands?|vigilance|level|matter|objections?|suspicions?|concerns?|alarm|voice|voices|the\s+banner)\b", m.after, re.I)
        or (m.matched.lower().startswith("raise") and re.search(r"\b(?:question|questions|issue|matter)\b[^.]{0,80}\b(?:has|have|had|was|were|be|been|is)\s+$", m.before, re.I))
    )


ADJECTIVE = r"\w+(?:ly|ive|ant|ent|ous|ful|al|ic|ible|able|ed|ing|ior|ary|ile|ure|id|ite)\b"


def most_superlative(m, ctx) -> bool:
    """'most' making a superlative ('the most important', 'one of the most senior', 'most likely', 'at most'),
    not a share of a counted whole."""
    if m.trigger != "most":
        return False
    return bool(re.search(r"\b(?:the|a|at|one\s+of\s+the|his|her|their|its|Stalin's)\s+$", m.before, re.I)
                or re.match(r"\s+(?:-\s+)?" + ADJECTIVE, m.after, re.I)
                or re.match(r"\s+(?:important|senior|vicious|dangerous|prominent|famous|likely|probably|often|recently|active|difficult|powerful|loyal|notorious|trusted|striking|visible|bitter|hated)\b", m.after, re.I))


def rank_or_level_idiom(m, ctx) -> bool:
    """higher / lower / highest / lowest with a rank, an authority or a kind of punishment ('the highest measure
    of punishment', 'higher party bodies', 'lower-level cadres', 'Lower Volga'): a place in a hierarchy, not a
    figure's order. 'the lowest level since' is not this idiom."""
    if m.trigger not in ("higher", "lower", "lowest", "highest"):
        return False
    if re.match(r"\s+levels?\s+since\b", m.after, re.I):
        return False
    return bool(re.match(r"(?:\s*-\s*|\s+)(?:measure|education|learning|authorit|instance|organ|echelon|rank|levels?\b|party|bodies|body|court|officials?|"
                         r"leaders?|leadership|Volga|up|ups|command|commanders?|cadres?|functionar|posts?|position|office|councils?|schools?|institutions?|"
                         r"soviets?|committees?|point|degree|stages?|form|principle|priority|interests?|standard|order|power|qualified|class)", m.after, re.I))


def few_period_idiom(m, ctx) -> bool:
    """'a few / the past few / the next few' years, months, weeks, days, words, caveats, pages: a stretch of time
    or a manner of speaking, not a share of a counted whole."""
    if m.trigger != "few":
        return False
    return bool(re.match(r"\s+(?:more\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|words?|caveats?|pages?|lines?|remarks?|comments?|"
                         r"questions?|examples?|times?|moments?|decades?|details?|points?|sentences?|documents?|letters?|notes?)\b", m.after, re.I))


def compare_cross_reference(m, ctx) -> bool:
    """'compare' as a reference to another text or document ('Compare with Document 16', 'compare the
    following'): a pointer, not a comparison of figures."""
    if m.trigger != "compared":
        return False
    return bool(re.match(r"\s+(?:with\s+|to\s+)?(?:Document|Documents|Table|Chapter|fn\.|note|the\s+following|the\s+text|the\s+version|p\.|pp\.)", m.after, re.I))


def increase_non_quantity(m, ctx) -> bool:
    """'increase / increasing' of a quality ('increase vigilance', 'increasing power', 'increased pressure',
    'growing discontent', 'growing tension'): nothing counted grows."""
    if m.trigger not in ("increase", "grow"):
        return False
    return bool(re.match(r"\s+(?:the\s+|their\s+|its\s+|our\s+)?(?:vigilance|party\s+democracy|productivity|control|pressure|tension|tensions|"
                         r"discontent|power|influence|role|authority|suspicion|fear|hostility|repression|terror|attention|activity|"
                         r"demands?|responsibility|militancy|vigil|danger|threat|alarm|criticism|intensity|severity|strength|number\s+of\s+enemies)\b", m.after, re.I))


def larger_places(m, ctx) -> bool:
    """'larger / smaller cities, towns, regions': the size of places, no figure."""
    if m.trigger != "greater/larger/smaller":
        return False
    return bool(re.match(r"\s+(?:cities|city|towns?|regions?|republics?|centers?|centres?|industrial|villages?|scale|context|picture|question|sense|role)\b", m.after, re.I))


ORDER_RULES = {
    "bound_qualifier": bound_qualifier,
    "fall_idiom": fall_idiom,
    "rise_idiom": rise_idiom,
    "most_superlative": most_superlative,
    "rank_or_level_idiom": rank_or_level_idiom,
    "few_period_idiom": few_period_idiom,
    "compare_cross_reference": compare_cross_reference,
    "increase_non_quantity": increase_non_quantity,
    "larger_places": larger_places,
}
