"""How the analysis names what it shows: a figure as read, the texts and producers by name, the scope
of a figure. Shared by the theme scripts; every word comes from the data through the package's face."""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from repression_data import below_word

MARKERS = {"exact": "o", "approx": "D", "more_than": ">", "at_least": ">", "less_than": "<", "at_most": "<"}
PREFIX = {"approx": "about ", "more_than": "more than ", "at_least": "at least ", "less_than": "less than ", "at_most": "at most "}
GREY = "#8a8a8a"
CLASS_WORDS = {
    "corroborated": "at least two independent producers give informative figures (a count, or an estimate within a factor of 1.5) that agree",
    "not_contradicted": "the figures agree, but fewer than two independent producers give an informative one: the agreement rests on an open bound, "
                        "a vague word, a wide range or a figure without its period; not corroboration",
    "revision": "one producer adjusts another's count; the adjustment is shown",
    "claim_against_count": "a participant's claim (testimony) set against the figures of others, never counted as one more count",
    "conflict": "independent producers disagree beyond rounding and bounds; whether the text acknowledges it is shown",
    "repeated": "one independent producer, printed again (a text's own rounding of a count roots to that count)",
    "series": "a running count the text presents at stated dates",
    "plan_and_outcome": "a plan beside its outcome",
    "different_scope": "one figure, the others of another scope",
    "single": "one figure",
}
CLASS_SHORT = {  # for a chart's title
    "corroborated": "independent informative figures agree", "not_contradicted": "agreement resting on weak figures, not corroboration",
    "revision": "one producer revises another's count", "claim_against_count": "a participant's claim against the figures",
    "conflict": "independent producers disagree", "repeated": "one independent producer, printed again", "series": "a running count at stated dates",
    "plan_and_outcome": "a plan beside its outcome", "different_scope": "one figure, the others of another scope", "single": "one figure",
}
SCOPE_WORDS = {"same": "", "plan": "plan", "plan_presented_as_outcome": "plan presented as outcome", "different_scope": "another scope"}
CHAR_INCH = 0.066  # width of one character of 7.5-point DejaVu Sans, generously


def number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def reading(row) -> str:
    """The value as read, in words: 'about 750,000', 'nearly 750,000', 'more than 72,000', '500,000 to 7,000,000'."""
    value, low, high = row["value"], row["value_low"], row["value_high"]
    if row["qualifier"] == "range" or pd.isna(value):
        if not pd.isna(low) and not pd.isna(high):
            return f"{number(low)} to {number(high)}"
        if not pd.isna(low):
            return f"at least {number(low)}"
        return f"up to {number(high)}"
    below = below_word(row.get("quote", ""), str(row["value_printed"]))  # "nearly three-quarters of a million"
    if below and row["qualifier"] not in ("more_than", "at_least", "less_than", "at_most"):
        return f"{below} {number(value)}"
    return PREFIX.get(row["qualifier"], "") + number(value)


def printed_differs(row) -> bool:
    """True when the print is not simply the reading written with digits and commas."""
    printed = str(row["value_printed"]).strip()
    for x in (row["value"], row["value_low"], row["value_high"]):
        if not pd.isna(x) and printed in (number(x), f"{x:.0f}", f"{x:g}"):
            return False
    return True


def prints_line(side: pd.DataFrame) -> str:
    shown = [f"{c} '{p}'" for c, p, d in zip(side["claim_id"], side["value_printed"], [printed_differs(r) for _, r in side.iterrows()]) if d]
    return ("As printed (the labels give the reading): " + "; ".join(shown) + ".") if shown else ""


def text_names() -> dict[str, str]:
    """Source id -> 'Getty and Naumov (1999)', 'web page' for the anonymous one."""
    names = {}
    for s in rd.load("sources").itertuples(index=False):
        if isinstance(s.authors, str):
            surnames = [a.split(",")[0].strip() for a in s.authors.split(";")]
            who = surnames[0] if len(surnames) == 1 else " and ".join(surnames) if len(surnames) == 2 else surnames[0] + " et al."
            names[s.source_id] = f"{who} ({s.year})" if not pd.isna(s.year) else who
        else:
            names[s.source_id] = "anonymous web page"
    return names


def producer_names() -> dict[str, str]:
    if "producers" not in rd.tables():
        return {}
    producers = rd.load("producers")
    return dict(zip(producers["producer_id"], producers["name"]))


def root_name(root: str, names: dict[str, str], texts: dict[str, str]) -> str:
    if isinstance(root, str) and " + " in root:  # a rounding of a sum of counts of several producers
        return " and ".join(root_name(r, names, texts) for r in root.split(" + "))
    if isinstance(root, str) and root.startswith("text:"):
        return f"{texts.get(root[5:], root[5:])}, its own figure"
    return names.get(root, root)


def producer_of(claim) -> str:
    """The name of the body or person that counted a claim's figure, or '<text>, its own figure'."""
    producer = claim["producer_id"]
    if isinstance(producer, str):
        return producer_names().get(producer, producer)
    return f"{text_names()[claim['source_id']]}, its own figure"


def span(claim_ids) -> str:
    """'1935-37 (Table 4)': the period the claims cover (earliest start to latest end) and their locators, for a title."""
    claims = rd.load("claims").set_index("claim_id").loc[[c for c in claim_ids if isinstance(c, str)]]
    period = rd.period_label(claims["period_start"].min(), claims["period_end"].max()) if claims["period_start"].notna().any() else ""
    return f"{period} ({'; '.join(dict.fromkeys(claims['locator']))})".strip()
