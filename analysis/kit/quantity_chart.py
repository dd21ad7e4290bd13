"""One quantity's chart: every figure for it side by side, one mark per independent root, coloured by root.

A dot for a count, a diamond for an approximate figure, a bar for a range or a vague phrase's bounds, an
arrow for an open bound; plans beside outcomes; figures of another scope listed under the chart, not drawn
(like with like). Every word from the data: the quantity's label and note, each claim's reading, producer,
text and locator. Used by analysis/quantities.py."""

from __future__ import annotations

import textwrap

import matplotlib.dates
import pandas as pd

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands
from kit.marks import one_mark_per_root
from kit.names import CHAR_INCH, CLASS_SHORT, GREY, MARKERS, SCOPE_WORDS, prints_line, reading, root_name


def row_label(row, texts: dict[str, str], width: int) -> str:
    claims = rd.load("claims").set_index("claim_id")
    c = claims.loc[row["claim_id"]]
    scope = SCOPE_WORDS.get(row["scope"], row["scope"])
    first = f"{reading(row)}: {row['producer']}"
    lines = textwrap.wrap(first, width, break_long_words=False, break_on_hyphens=False)
    lines.append(f"{texts[c['source_id']]}, {c['locator']}; {row['claim_id']}")
    if row.get("closed"):
        lines += textwrap.wrap(f"closed by its parts: {row['closed']}", width, break_long_words=False, break_on_hyphens=False)
    if row.get("also"):
        lines += textwrap.wrap(f"also printed: {row['also']}", width, break_long_words=False, break_on_hyphens=False)
    if scope:
        lines += textwrap.wrap(f"{scope}: {row['scope_reason']}", width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines)


def closed_by_parts(side: pd.DataFrame) -> pd.DataFrame:
    """An open bound that a sum relation of exact counts closes ('more than 33,000': 9,941 + 23,434) is drawn up to the sum, which
    the label gives: the arrow stops where the text's own parts stop it (as the quantity's judgement does)."""
    relations = rd.load("relations")
    claims = rd.load("claims").set_index("claim_id")
    side = side.copy()
    side["closed"] = ""
    for i, row in side.iterrows():
        if row["qualifier"] not in ("more_than", "at_least"):
            continue
        for r in relations[(relations["operation"] == "sum") & (relations["result"] == row["claim_id"])].itertuples(index=False):
            parts = [c for c in str(r.operands).split(";") if c]
            if parts and all(c in claims.index and claims.at[c, "qualifier"] == "exact" and not pd.isna(claims.at[c, "value"]) for c in parts):
                total = float(sum(claims.at[c, "value"] for c in parts))
                if total >= row["value"]:
                    side.at[i, "value_high"] = total
                    side.at[i, "closed"] = f"{' + '.join(str(claims.at[c, 'value_printed']) for c in parts)} = {total:,.0f} ({r.relation_id})"
    return side


def draw_figure(ax, y: float, row, colour: str, top: float, log: bool) -> None:
    """Dot, diamond, bar between bounds, or arrow for an open bound; never past a bound the figure gives."""
    value, low, high = row["value"], row["value_low"], row["value_high"]
    if row["qualifier"] == "range" or pd.isna(value):
        if not pd.isna(low) and not pd.isna(high):
            ax.plot([low, high], [y, y], color=colour, lw=4, solid_capstyle="butt")
            ax.plot([low, high], [y, y], "|", color=colour, markersize=10)
        elif not pd.isna(low):
            ax.annotate("", xy=(min(low * 1.6 if log else low + 0.1 * top, top), y), xytext=(low, y), arrowprops=dict(arrowstyle="-|>", color=colour, lw=2))
            ax.plot(low, y, "|", color=colour, markersize=10)
        return
    if row.get("closed"):  # the bound as printed (a tick) and the count its parts give (a dot), joined
        ax.plot([value, high], [y, y], color=colour, lw=1.5)
        ax.plot(value, y, "|", color=colour, markersize=10)
        ax.plot(high, y, "o", color=colour, markersize=7, zorder=3)
        return
    if row["qualifier"] in ("more_than", "at_least"):
        end = high if not pd.isna(high) else min(value * 1.6 if log else value + 0.1 * top, top)
        ax.annotate("", xy=(end, y), xytext=(value, y), arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.5))
    if row["qualifier"] in ("less_than", "at_most"):
        ax.annotate("", xy=(value / (1.6 if log else 1.12), y), xytext=(value, y), arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.5))
    ax.plot(value, y, MARKERS.get(row["qualifier"], "o"), color=colour, markersize=7, zorder=3)


def marks_key(side: pd.DataFrame) -> str:
    """The key to the marks used on one chart (rubric rule 4: every mark in the legend)."""
    closed = side["closed"] != "" if "closed" in side.columns else pd.Series(False, index=side.index)
    q = set(side.loc[~closed, "qualifier"])
    kinds = [("\u25cf a count as printed", bool(q & {"exact"})), ("\u25c6 an approximate figure ('about')", "approx" in q),
             ("\u25ac a range, or the bounds of a vague word", bool(q & {"range", "vague"}) or side["value"].isna().any()),
             ("\u2192 an open bound ('more than', 'at least'; '<' for 'less than')", bool(q & {"more_than", "at_least", "less_than", "at_most"})),
             ("| \u2014 \u25cf a bound as printed, joined to the count its parts give", bool((side.get("closed", pd.Series(dtype=str)) != "").any())),
             ("grey: a count of another scope, the reason under its label", bool((side["scope"] == "different_scope").any()))]
    return "Marks: " + "; ".join(k for k, used in kinds if used) + "."


def chart(quantity: pd.Series, texts: dict[str, str], names: dict[str, str]) -> None:
    every = rd.compare(quantity["quantity_id"])
    # Another scope is drawn (grey, below) only when it counts the same measure and category over the same period
    # (a count of another kind set against the estimates); the rest is listed under the chart, not drawn.
    like = (every["measure"] == quantity["measure"]) & (every["category"] == quantity["category"]) \
        & (every["period_start"].fillna(pd.Timestamp(0)) == (quantity["period_start"] if not pd.isna(quantity["period_start"]) else pd.Timestamp(0))) \
        & (every["period_end"].fillna(pd.Timestamp(0)) == (quantity["period_end"] if not pd.isna(quantity["period_end"]) else pd.Timestamp(0)))
    other = every[(every["scope"] == "different_scope") & ~like]
    side = closed_by_parts(one_mark_per_root(every[(every["scope"] != "excluded") & ~((every["scope"] == "different_scope") & ~like)]))
    if quantity["agreement"] == "series":  # a running count at stated dates: on a date axis
        return series_chart(quantity, side, every, texts)
    roots = list(dict.fromkeys(side.loc[side["scope"] != "different_scope", "independent_producer"]))
    colour_of = {root: COLOURS[i % len(COLOURS)] for i, root in enumerate(roots)}
    width = 62
    labels = [row_label(row, texts, width) for _, row in side.iterrows()]
    heights = [0.22 * (label.count("\n") + 1) + 0.12 for label in labels]
    values = pd.concat([side["value"], side["value_low"], side["value_high"]]).dropna()
    values = values[values > 0]
    log = values.max() / values.min() > 20
    top = values.max() * (2.5 if log else 1.18)
    left = CHAR_INCH * max(len(line) for label in labels for line in label.split("\n")) + 0.3
    plot_width = 4.6
    note = (textwrap.wrap(quantity["note"], 120) if isinstance(quantity["note"], str)
            and quantity["agreement"] in ("conflict", "revision", "claim_against_count", "not_contradicted") else [])
    printed = textwrap.wrap(prints_line(side), 150)
    printed = textwrap.wrap(marks_key(side), 150) + printed
    if len(other):  # like with like: figures of another scope are listed in the report, not drawn
        printed += textwrap.wrap(f"Not drawn: {len(other)} figure{'s' if len(other) > 1 else ''} of another scope ("
                                 + "; ".join(f"{reading(r)}, {r['measure'].replace('_', ' ')}, {r['claim_id']}" for _, r in other.iterrows())
                                 + "), listed with the reason in quantities.md.", 150)
    legend_names = [textwrap.fill(root_name(r, names, texts), 55) for r in roots]
    legend_lines = sum(n.count("\n") + 1 for n in legend_names[::2]) if len(roots) > 1 else 0
    head, foot = 0.75 + 0.16 * len(note), 1.0 + 0.14 * len(printed) + (0.45 + 0.15 * legend_lines if legend_lines else 0)
    fig_height = head + foot + sum(heights)
    fig_width = left + plot_width + 0.3
    fig, ax = plt.subplots(figsize=(fig_width, fig_height))
    fig.subplots_adjust(left=left / fig_width, right=1 - 0.3 / fig_width, top=1 - head / fig_height, bottom=foot / fig_height)
    positions, y = [], 0.0
    for h in heights:
        y -= h / 2
        positions.append(y)
        y -= h / 2
    for (_, row), yi in zip(side.iterrows(), positions):
        colour = GREY if row["scope"] == "different_scope" else colour_of[row["independent_producer"]]
        draw_figure(ax, yi, row, colour, top, log)
    ax.set_ylim(y, 0)
    ax.set_yticks(positions, labels, fontsize=7.5)
    for tick, (_, row) in zip(ax.get_yticklabels(), side.iterrows()):
        tick.set_color("#555555" if row["scope"] == "different_scope" else "black")
    if log:
        ax.set_xscale("log")
        ax.set_xlim(values.min() / 1.6, top)
    else:
        ax.set_xlim(0, top)
        thousands(ax, "x")
        ax.xaxis.set_major_locator(plt.MaxNLocator(5))
    ax.set_xlabel("Persons" + (" (log scale)" if log else ""), fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    title = f"{quantity['label']}\n{quantity['agreement'].replace('_', ' ')}: {CLASS_SHORT[quantity['agreement']]}"
    if quantity["agreement"] == "plan_and_outcome" and not pd.isna(quantity["ratio_low"]):
        low, high = quantity["ratio_low"], quantity["ratio_high"]
        title += f" (outcome {low:.1f} times the plan)" if abs(high - low) < 0.05 else f" (outcome {low:.1f} to {high:.1f} times the plan)"
    fig.suptitle(title, fontsize=10, x=0.01, ha="left", y=1 - 0.08 / fig_height, va="top")
    if note:
        fig.text(0.01, 1 - 0.5 / fig_height, "\n".join(note), fontsize=7.5, va="top", ha="left", color="#333333")
    if legend_lines:  # below the axis, above the prints and the source line: never over a figure
        handles = [plt.Line2D([], [], marker="o", ls="", color=colour_of[r]) for r in roots]
        fig.legend(handles, legend_names, title="Colour: independent producer", title_fontsize=7.5, fontsize=7, frameon=False, ncol=2,
                   loc="upper left", bbox_to_anchor=(0.01, (foot - 0.5) / fig_height), alignment="left")
    if printed:
        fig.text(0.01, 0.62 / fig_height, "\n".join(printed), fontsize=7, va="bottom", ha="left", color="#333333")
    finish(fig, ax, f"quantity_{quantity['quantity_id']}", list(every.loc[every["scope"] != "excluded", "claim_id"]), width=170)


def when(row, producers: pd.DataFrame) -> pd.Timestamp:
    """The date a figure was produced (its producer's date: a year is its middle, a month its 15th), else its period's end."""
    date = producers.at[row["producer_id"], "date"] if isinstance(row["producer_id"], str) and row["producer_id"] in producers.index else None
    if isinstance(date, str) and date[:4].isdigit():
        parts = date.split("-")
        return pd.Timestamp(year=int(parts[0]), month=int(parts[1]) if len(parts) > 1 else 7, day=int(parts[2]) if len(parts) > 2 else (15 if len(parts) > 1 else 1))
    return row["period_end"]


def series_chart(quantity: pd.Series, side: pd.DataFrame, every: pd.DataFrame, texts: dict[str, str]) -> None:
    """A series (a running count at stated dates) on a date axis: each figure at the date its producer gave it."""
    producers = rd.load("producers").set_index("producer_id")
    side = side.assign(at=[when(r, producers) for _, r in side.iterrows()]).sort_values("at")
    fig, ax = plt.subplots(figsize=(9.5, 5.6))
    fig.subplots_adjust(left=0.1, right=0.97, top=0.86, bottom=0.3)
    top = pd.concat([side["value"], side["value_low"]]).max() * 1.3
    for i, (_, row) in enumerate(side.iterrows()):
        colour = COLOURS[i % len(COLOURS)]
        value = row["value"] if not pd.isna(row["value"]) else row["value_low"]
        bound = row["qualifier"] in ("more_than", "at_least")
        ax.plot(row["at"], value, "^" if bound else MARKERS.get(row["qualifier"], "o"), color=colour, markersize=8, zorder=3)
        if bound:
            ax.annotate("", xy=(row["at"], value + 0.1 * top), xytext=(row["at"], value), arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.5))
        right = row["at"] > side["at"].min() + (side["at"].max() - side["at"].min()) / 2
        text = textwrap.fill(f"{reading(row)}: {row['producer']} ({row['claim_id']})", 40)
        if row.get("also"):
            text += "\n" + textwrap.fill(f"also printed: {row['also']}", 40)
        ax.annotate(text, (row["at"], value), xytext=(-10 if right else 10, -6), textcoords="offset points", fontsize=7, va="top", ha="right" if right else "left")
    span = side["at"].max() - side["at"].min()
    ax.set_xlim(side["at"].min() - span * 0.08, side["at"].max() + span * 0.08)
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %Y"))
    ax.set_ylim(0, top)
    thousands(ax)
    ax.set_ylabel("Persons", fontsize=9)
    ax.set_xlabel("Date the figure was given (its producer's date)", fontsize=9)
    ax.set_title(f"{quantity['label']}\nseries: {CLASS_SHORT['series']}, on a date axis", fontsize=10, loc="left")
    key = textwrap.wrap(marks_key(side).replace("\u2192", "\u25b2 with an arrow:") + " " + prints_line(side), 150)
    fig.text(0.01, 0.1, "\n".join(key), fontsize=7, va="bottom", ha="left", color="#333333")
    finish(fig, ax, f"quantity_{quantity['quantity_id']}", list(every.loc[every["scope"] != "excluded", "claim_id"]), width=170)
