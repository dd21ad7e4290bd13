"""Every change of every field of every claim across the releases, with the CHANGELOG's reason, for the database.

``claim_history(tables)`` compares the claims of each release kept in data/history
(``rd.load("claims", version=...)``, as published) and of this build, in order, and returns one row
per event: a claim first published, a field changed (the value before and after), a claim no longer
published. Fields a release added are not counted as changes of the claims that gained them. The
reason is the bullet of that version's CHANGELOG section that names the claim, else one that names
the field, else empty. ``repression-data show ID --history`` and the claim page read the table
``lookup_claim_history`` the build writes from it.
"""

from __future__ import annotations

import re

import pandas as pd

from repression_data import metadata
from repression_data.paths import REPO_DIR
from repression_data.shipped.loader import load, releases
from repression_data.words import missing, number

COLUMNS = ["claim_id", "position", "version", "change", "field", "before", "after", "reason"]
REASON_CHARACTERS = 400


def changelog_sections(text: str) -> dict[str, list[str]]:
    """CHANGELOG.md's bullets by version ('0.2.0': ['Pages of The Road to Terror counted ...', ...]), each on one line."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^## (\S+)", line)
        if heading:
            current = heading.group(1)
            sections[current] = []
        elif current and line.startswith("- "):
            sections[current].append(line[2:].strip())
        elif current and line.startswith("  ") and sections[current] and line.strip():
            sections[current][-1] += " " + line.strip()
    return sections


def _first_unreleased(text: str) -> str | None:
    match = re.search(r"^## (\S+) \(unreleased\)", text, flags=re.M)
    return match.group(1) if match else None


def _value(value) -> str | None:
    if missing(value):
        return None
    if hasattr(value, "strftime"):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return number(value).replace(",", "") if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _reason(bullets: list[str], claim_id: str, field: str | None) -> str:
    """The bullet that names the claim and the field, else the field, else the claim; '' when none does."""
    def names_claim(bullet: str) -> bool:
        return re.search(rf"\b{re.escape(claim_id)}\b", bullet) is not None

    def names_field(bullet: str) -> bool:
        return bool(field) and any(re.search(rf"\b{re.escape(w)}", bullet, flags=re.I) for w in {field, field.replace("_", " ")})

    for test in ((lambda b: names_claim(b) and names_field(b)), names_field, names_claim):
        for bullet in bullets:
            if test(bullet):
                return _short(bullet)
    return ""


def _short(text: str) -> str:
    text = text.replace("`", "").replace("*", "")
    return text if len(text) <= REASON_CHARACTERS else text[: REASON_CHARACTERS - 1] + "…"


def versions_of_build(changelog: str) -> str:
    """The version this build's changes belong to: this version, or the CHANGELOG's unreleased one when this
    version is a release already kept ('0.3.0 (unreleased)')."""
    kept = {r["version"] for r in releases()}
    if metadata.VERSION in kept:
        upcoming = _first_unreleased(changelog)
        return f"{upcoming} (unreleased)" if upcoming else f"{metadata.VERSION} (unreleased)"
    return metadata.VERSION


def _changed(old: pd.Series, new: pd.Series) -> pd.Series:
    """Where two aligned columns differ (two missing values are equal)."""
    try:
        same = old.eq(new).fillna(False).astype(bool)
    except (TypeError, ValueError):
        same = old.astype(object).eq(new.astype(object)).fillna(False).astype(bool)
    return ~(same | (old.isna() & new.isna()))


def claim_history(tables: dict[str, pd.DataFrame], changelog: str | None = None) -> pd.DataFrame:
    """One row per event in each claim's history (COLUMNS), by claim, in the order of the releases, then of the fields.

    A claim new in this build (in no kept release) has no rows: it has no history yet.
    """
    if changelog is None:
        path = REPO_DIR / "CHANGELOG.md"
        changelog = path.read_text(encoding="utf-8") if path.is_file() else ""
    sections = changelog_sections(changelog)
    kept = releases()
    steps = [(r["version"], load("claims", version=r["version"])) for r in kept]
    if not steps:
        return pd.DataFrame(columns=COLUMNS)
    steps.append((versions_of_build(changelog), tables["claims"]))
    withdrawn = tables.get("withdrawn")
    why_withdrawn = {} if withdrawn is None else dict(zip(withdrawn["id"], withdrawn["reason"]))
    rows: list[dict] = []
    previous = None
    for step, (version, claims) in enumerate(steps):
        bullets = sections.get(version.split(" ")[0], [])
        if previous is None:
            rows += [{"claim_id": c, "version": version, "change": "published", "reason": ""} for c in claims["claim_id"]]
            previous = claims
            continue
        old, new = previous.set_index("claim_id"), claims.set_index("claim_id")
        if step < len(steps) - 1:  # new in a kept release (this build's new claims have no history yet)
            rows += [{"claim_id": c, "version": version, "change": "published", "reason": _reason(bullets, c, None)}
                     for c in new.index.difference(old.index, sort=False)]
        gone = old.index.difference(new.index, sort=False)
        rows += [{"claim_id": c, "version": version, "change": "removed",
                  "reason": _short(why_withdrawn[c]) if c in why_withdrawn else _reason(bullets, c, None)} for c in gone]
        both = old.index.intersection(new.index, sort=False)
        for field in [c for c in new.columns if c in old.columns]:
            a, b = old.loc[both, field], new.loc[both, field]
            for claim_id in both[_changed(a, b).to_numpy()]:
                rows.append({"claim_id": claim_id, "version": version, "change": "changed", "field": field,
                             "before": _value(a[claim_id]), "after": _value(b[claim_id]), "reason": _reason(bullets, claim_id, field)})
        previous = claims
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "position"]).astype(object)
    frame = frame.sort_values("claim_id", kind="stable").reset_index(drop=True)
    frame.insert(1, "position", frame.groupby("claim_id").cumcount())
    return frame[COLUMNS]
