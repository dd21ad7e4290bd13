"""Shared look of the charts: colour-blind-safe colours, a source line, deterministic files.

Every chart names its source (text, table or note, and pages) in a line built
from the claims it plots, so a reader can find each figure in print.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import repression_data as rd  # noqa: E402
from repression_data import places  # noqa: E402

# Where outputs go; the tests point this elsewhere to compare two runs.
OUTPUT = Path(os.environ.get("REPRESSION_DATA_ANALYSIS_OUTPUT") or Path(__file__).resolve().parent.parent / "output")
CHARTS = OUTPUT / "charts"
# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# The package's own style, on top of matplotlib's built-in defaults: a user's
# matplotlibrc (or one in the current folder) and any style set before are
# ignored, so the charts are the same on every machine with the same versions.
STYLE = {
    "svg.hashsalt": "repression-data",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=COLOURS),
    # Text in charts is text: a locator, label or quote holding '$' or a backslash is drawn
    # as printed, never as math or TeX.
    "text.usetex": False,
    "text.parse_math": False,
    # rcdefaults() keeps these from the user's matplotlibrc; they shape date axes.
    "timezone": "UTC",
    "date.epoch": pd.Timestamp(0).isoformat(),  # the Unix epoch, matplotlib's own default
}


def use_package_style() -> None:
    """Reset matplotlib to its built-in defaults, then apply STYLE."""
    matplotlib.rcdefaults()
    plt.rcParams.update(STYLE)


use_package_style()


def claims_by_id(ids: list[str]) -> pd.DataFrame:
    claims = rd.load("claims").set_index("claim_id")
    return claims.loc[ids]


def source_line(claim_ids: list[str]) -> str:
    """'Source: Getty and Naumov (1999), Table 5, p. 588; ...' for the claims plotted."""
    claims = rd.load("claims").set_index("claim_id").loc[claim_ids]
    sources = rd.load("sources").set_index("source_id")
    parts = []
    for source_id, group in claims.groupby("source_id", sort=True):
        source = sources.loc[source_id]
        who = source["authors"].split(";")[0].split(",")[0] if isinstance(source["authors"], str) else "Anonymous web page"
        if isinstance(source["authors"], str) and ";" in source["authors"]:
            who += " et al." if source["authors"].count(";") > 1 else " and " + source["authors"].split(";")[1].split(",")[0].strip()
        year = f" ({source['year']})" if pd.notna(source["year"]) else ""
        where = places(group.reset_index())  # each locator with its own pages (rd.places)
        parts.append(f"{who}{year}: {where}")
    return "Source: " + "; ".join(parts) + ". Figures as printed (repression-data claims)."


def plain_log_ticks(fig) -> None:
    """Label log axes 1,000,000 rather than with math text (which is off, so that data is drawn as printed)."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "log":
                axis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
                axis.set_minor_formatter(matplotlib.ticker.NullFormatter())


def finish(fig, ax_or_none, name: str, claim_ids: list[str], width: int = 110) -> list[Path]:
    """Add the source line and save PNG and SVG with no timestamps."""
    import textwrap

    plain_log_ticks(fig)
    fig.text(0.01, 0.005, textwrap.fill(source_line(claim_ids), width), fontsize=7, va="bottom", ha="left", color="#333333")
    CHARTS.mkdir(parents=True, exist_ok=True)
    # Which claims each chart rests on, for the reading-dependencies table (one id a line, sorted).
    (OUTPUT / "chart_claims").mkdir(parents=True, exist_ok=True)
    (OUTPUT / "chart_claims" / f"{name}.txt").write_text("".join(f"{c}\n" for c in sorted({c for c in claim_ids if isinstance(c, str)})), encoding="utf-8")
    paths = [CHARTS / f"{name}.png", CHARTS / f"{name}.svg"]
    fig.savefig(paths[0], dpi=120, metadata={"Software": None})
    fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return paths


def thousands(ax, axis: str = "y") -> None:
    fmt = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def write_relations(theme: str) -> pd.DataFrame:
    """Evaluate the relations of one theme and write them for the report."""
    result = rd.evaluate_relations(theme)
    folder = OUTPUT / "relations"
    folder.mkdir(parents=True, exist_ok=True)
    result.to_csv(folder / f"{theme}.csv", index=False, lineterminator="\n")
    counts = result["verdict"].value_counts().to_dict()
    print(f"{theme}: {len(result)} relations {counts}")
    return result
