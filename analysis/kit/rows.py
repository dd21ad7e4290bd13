"""Figures as rows of text and bars, grouped under headers: the shared drawing of the comparison charts.

``draw_rows`` draws one row per figure (its reading, measure, producer, period, category, text and locator
above a bar), never past a bound the figure gives: a range is a floating bar between its bounds, "more than"
ends in an arrow, a vague phrase with one bound is an arrow from it, "less than" is an empty dashed bar,
an approximate figure a lighter shade, a plan hatched. ``side`` is one quantity's figures (``rd.compare``),
one mark per independent root (``kit.marks``)."""

from __future__ import annotations

import textwrap

import pandas as pd

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands
from kit.marks import one_mark_per_root
from kit.names import SCOPE_WORDS, prints_line, reading, text_names

WRAP = 110
LINE = 0.145  # inches per line of 7.5-point text
SCOPE_LEGEND = {"same": "outcome", "plan": "plan (a limit)", "plan_presented_as_outcome": "plan presented as outcome", "different_scope": "another scope"}


def period(start, end) -> str:
    """'1937-38', '1937', 'on 1 Jan 1939', '5 Aug 1937 to 1 Nov 1938', 'no period given'."""
    if pd.isna(start) and pd.isna(end):
        return "no period given"
    if pd.isna(start):
        return f"to {end:%-d %b %Y}"
    if pd.isna(end):
        return f"from {start:%-d %b %Y}"
    if start == end:
        return f"on {end:%-d %b %Y}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}-{str(end.year)[2:] if start.year // 100 == end.year // 100 else end.year}"
    return f"{start:%-d %b %Y} to {end:%-d %b %Y}"


def described(claim_ids: list[str], producers: dict[str, str], texts: dict[str, str]) -> pd.DataFrame:
    """The claims with the columns rd.compare gives (producer, independent_producer, scope), for figures not taken from a quantity."""
    claims = rd.load("claims").set_index("claim_id").loc[claim_ids].reset_index()
    table = rd.load("producers").set_index("producer_id") if "producers" in rd.tables() else None
    names, roots = [], []
    for c in claims.itertuples(index=False):
        producer = getattr(c, "producer_id", None)
        if isinstance(producer, str) and table is not None:
            names.append(producers.get(producer, producer))
            root = producer
            while isinstance(table.at[root, "derived_from"], str) and table.at[root, "derived_from"]:
                root = table.at[root, "derived_from"]
            roots.append(root)
        else:
            names.append(f"{texts[c.source_id]}, its own figure")
            roots.append(f"text:{c.source_id}")
    return claims.assign(producer=names, independent_producer=roots, scope="same", scope_reason=None)


def bars_key(rows: pd.DataFrame, grey_other: bool = True) -> str:
    """The key to every kind of bar drawn (rubric rule 4): only the kinds these rows use."""
    q, scopes = set(rows["qualifier"]), set(rows["scope"])
    kinds = [("solid bar: a figure as printed", bool(q & {"exact", "more_than", "at_least"})), ("lighter bar: an approximate figure ('about')", "approx" in q),
             ("floating bar: a range, or the bounds of a vague word", bool(q & {"range", "vague"})),
             ("arrow: an open bound ('more than', 'at least')", bool(q & {"more_than", "at_least"})),
             ("empty dashed bar: an upper bound ('less than', 'at most')", bool(q & {"less_than", "at_most"})),
             ("hatched: a plan (a limit), not an outcome", bool(scopes & {"plan", "plan_presented_as_outcome"})),
             ("grey: another scope", "different_scope" in scopes and grey_other)]
    return "Bars: " + "; ".join(k for k, used in kinds if used) + "."


def draw_rows(groups: list[tuple[str, pd.DataFrame]], name: str, title: str, subtitle: str = "", unit: str = "Persons", colour_by: str = "measure", grey_other: bool = True) -> None:
    """One row per figure (text above, bar below), grouped under headers; one chart."""
    claims = rd.load("claims").set_index("claim_id")
    measures = rd.load("measures").set_index("term")
    categories = rd.load("categories").set_index("term")
    texts = text_names()
    keys = list(dict.fromkeys(k for _, rows in groups for k, scope in zip(rows[colour_by], rows["scope"]) if scope != "different_scope" or not grey_other))
    colour_of = {k: COLOURS[i % len(COLOURS)] for i, k in enumerate(keys)}
    values = pd.concat([pd.concat([rows["value"], rows["value_low"], rows["value_high"]]) for _, rows in groups]).dropna()
    top = values.max() * 1.08
    items, y = [], 0.0
    for header, rows in groups:
        items.append(("header", y, header, None))
        y -= 0.2 * (header.count("\n") + 1) + 0.12
        for _, row in rows.iterrows():
            c = claims.loc[row["claim_id"]]
            kind = "" if row["scope"] == "same" else SCOPE_WORDS.get(row["scope"], row["scope"])
            first = f"{reading(row)}{'%' if c['unit'] == 'percent' else ''} ({measures.at[row['measure'], 'label'].lower()}): {row['producer']}"
            second = f"{period(c['period_start'], c['period_end'])}; {categories.at[c['category'], 'label']}; {texts[c['source_id']]}, {c['locator']}; {row['claim_id']}"
            lines = textwrap.wrap(first, WRAP, break_long_words=False, break_on_hyphens=False) + textwrap.wrap(second, WRAP, break_long_words=False, break_on_hyphens=False)
            if isinstance(row.get("also"), str) and row["also"]:
                lines += textwrap.wrap(f"also printed: {row['also']}", WRAP, break_long_words=False, break_on_hyphens=False)
            if kind:
                lines += textwrap.wrap(f"{kind}: {row['scope_reason']}", WRAP, break_long_words=False, break_on_hyphens=False)
            items.append(("text", y, "\n".join(lines), row))
            y -= LINE * len(lines) + 0.16
            items.append(("bar", y, None, row))
            y -= 0.28
        y -= 0.15
    every = pd.concat([rows for _, rows in groups])
    printed = textwrap.wrap(bars_key(every, grey_other) + " " + prints_line(every), 150)
    head = 0.85 + (0.18 * len(textwrap.wrap(subtitle, 130)) if subtitle else 0)
    foot = 0.95 + 0.14 * len(printed)
    height = head + foot - y
    fig, ax = plt.subplots(figsize=(9.5, height))
    fig.subplots_adjust(left=0.03, right=0.97, top=1 - head / height, bottom=foot / height)
    for kind, yi, text, row in items:
        if kind == "header":
            ax.text(0, yi, text, fontsize=9.5, fontweight="bold", va="top", ha="left")
        elif kind == "text":
            ax.text(0, yi, text, fontsize=7.5, va="top", ha="left", linespacing=1.25,
                    color="#555555" if row["scope"] == "different_scope" and grey_other else "black")
        else:
            colour = "#9a9a9a" if row["scope"] == "different_scope" and grey_other else colour_of[row[colour_by]]
            hatch = "//" if row["scope"] in ("plan", "plan_presented_as_outcome") else None
            value, low, high = row["value"], row["value_low"], row["value_high"]
            if row["qualifier"] == "range" or pd.isna(value):
                start = 0 if pd.isna(low) else low
                if not pd.isna(high):
                    ax.barh(yi, high - start, left=start, height=0.3, color=colour, hatch=hatch, edgecolor="white")
                else:  # one bound only: an arrow from it, no bar past it
                    ax.annotate("", xy=(min(start + 0.08 * top, top), yi), xytext=(start, yi), arrowprops=dict(arrowstyle="-|>", color=colour, lw=2))
                    ax.plot([start, start], [yi - 0.15, yi + 0.15], color=colour, lw=2)
                continue
            if row["qualifier"] in ("less_than", "at_most"):  # an upper bound: an empty bar up to it
                ax.barh(yi, value, height=0.3, facecolor="none", edgecolor=colour, lw=1.2, ls="--")
                continue
            ax.barh(yi, value, height=0.3, color=colour, hatch=hatch, edgecolor="white", alpha=0.75 if row["qualifier"] == "approx" else 1.0)
            if row["qualifier"] in ("more_than", "at_least"):
                ax.annotate("", xy=(min(value + 0.08 * top, top), yi), xytext=(value, yi), arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.5))
    ax.set_ylim(y, 0.1)
    ax.set_xlim(0, top)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    if unit == "Persons":
        thousands(ax, "x")
    ax.xaxis.set_major_locator(plt.MaxNLocator(6))
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel(unit, fontsize=9)
    fig.suptitle(title, fontsize=11, x=0.03, ha="left", y=1 - 0.1 / height, va="top")
    if subtitle:
        fig.text(0.03, 1 - 0.5 / height, "\n".join(textwrap.wrap(subtitle, 130)), fontsize=8, va="top", ha="left", color="#333333")
    if len(keys) > 1:
        shown = [k for k in keys if not (colour_by == "scope" and k == "different_scope")]
        handles = [plt.Rectangle((0, 0), 1, 1, facecolor=colour_of[k], hatch="//" if k in ("plan", "plan_presented_as_outcome") else None, edgecolor="white") for k in shown]
        names = [measures.at[k, "label"] if colour_by == "measure" else SCOPE_LEGEND.get(k, k) for k in shown]
        ax.legend(handles, names, frameon=False, fontsize=7.5, loc="upper right")
    if printed:
        fig.text(0.01, 0.6 / height, "\n".join(printed), fontsize=7, va="bottom", ha="left", color="#333333")
    ids = list(dict.fromkeys(c for _, rows in groups for c in rows["claim_id"]))
    finish(fig, ax, name, ids, width=170)


def side(quantity_id: str, scopes=("plan", "plan_presented_as_outcome", "same", "different_scope")) -> pd.DataFrame:
    s = one_mark_per_root(rd.compare(quantity_id))
    return s[s["scope"].isin(scopes)].assign(_order=lambda d: d["scope"].map({k: i for i, k in enumerate(scopes)})).sort_values(["_order", "value"]).drop(columns="_order")
