"""Losses of the elite and of the party, 1937-38.

Checks the relations of the theme and draws:
- elite losses as shares of their bodies (CC members, congress delegates,
  marshals, army commanders) and the Stalin lists by sentence;
- party members repressed or expelled in 1937-38, by source.
"""

from __future__ import annotations

import numpy as np

import repression_data as rd
from chartkit import COLOURS, finish, plt, thousands, write_relations

THEME = "elite_losses"

# (label, claim of the part, claim of the whole): the shares the texts give as "x out of y".
SHARES = [
    ("CC members executed (Reiman)", "RM-0045", "RM-0046"),
    ("17th Congress delegates arrested (Reiman)", "RM-0048", "RM-0047"),
    ("Marshals purged (web page)", "HR-0012", "HR-0013"),
    ("Army commanders purged (web page)", "HR-0014", "HR-0015"),
]
# The Stalin lists of 1938 (Reiman): names, and sentences by kind.
LISTS_TOTAL = "RM-0036"
LISTS_SENTENCES = [("death", "RM-0037"), ("ten years' imprisonment", "RM-0038"), ("eight years in prison", "RM-0040")]

# Party members repressed or expelled in 1937 and 1938, by source.
PARTY_BY_SOURCE = [
    ("Shvernik Commission: victims", "RM-0051", "RM-0052"),
    ("Khlevniuk: expelled", "RM-0065", "RM-0066"),
]


def elite_shares() -> None:
    claims = rd.load("claims").set_index("claim_id")
    labels, shares, ids = [], [], []
    for label, part, whole in SHARES:
        p, w = claims.at[part, "value"], claims.at[whole, "value"]
        labels.append(f"{label}\n{claims.at[part, 'value_printed']} of {claims.at[whole, 'value_printed']}")
        shares.append(100 * p / w)
        ids += [part, whole]
    list_ids = [LISTS_TOTAL] + [c for _, c in LISTS_SENTENCES]
    names = claims.at[LISTS_TOTAL, "value"]
    for kind, claim_id in LISTS_SENTENCES:
        labels.append(f"Stalin lists 1938 (Reiman): sentenced to {kind}\n{claims.at[claim_id, 'value_printed']} of {claims.at[LISTS_TOTAL, 'value_printed']} names")
        shares.append(100 * claims.at[claim_id, "value"] / names)
    ids += list_ids
    y = np.arange(len(labels))[::-1]
    fig, ax = plt.subplots(figsize=(9, 6))
    fig.subplots_adjust(bottom=0.14, left=0.42)
    ax.barh(y, shares, color=[COLOURS[3]] * len(SHARES) + [COLOURS[4]] * (len(labels) - len(SHARES)))
    for yi, s in zip(y, shares):
        ax.text(s + 1, yi, f"{s:.0f}%", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Percent of the body or of the names on the lists (computed from the printed counts)")
    ax.set_title("Elite losses as shares, 1937-38")
    finish(fig, ax, "elite_losses_shares", ids)


def party_by_source() -> None:
    claims = rd.load("claims").set_index("claim_id")
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    fig.subplots_adjust(bottom=0.2)
    x = np.arange(2)
    ids, highest = [], 0.0
    for i, (label, y1937, y1938) in enumerate(PARTY_BY_SOURCE):
        values = [claims.at[y1937, "value"], claims.at[y1938, "value"]]
        bars = ax.bar(x + (i - 0.5) * 0.38, values, 0.38, color=COLOURS[i], label=label)
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=8)
        ids += [y1937, y1938]
        highest = max(highest, *values)
    ax.set_ylim(0, highest * 1.35)
    later = claims.loc["RM-0054"]
    ax.text(0.02, 0.96, f"Later sources, 1937-38 together: more than {later['value']:,.0f} victims (Reiman)",
            transform=ax.transAxes, ha="left", fontsize=8, color="#333333")
    ids.append("RM-0054")
    ax.set_xticks(x, ["1937", "1938"])
    ax.set_ylabel("Party members")
    thousands(ax)
    ax.set_title("Party members repressed or expelled, 1937 and 1938, by source")
    ax.legend(frameon=False, loc="upper right", bbox_to_anchor=(1, 0.88))
    finish(fig, ax, "party_members_by_source", ids)


def main() -> None:
    write_relations(THEME)
    elite_shares()
    party_by_source()


if __name__ == "__main__":
    main()
