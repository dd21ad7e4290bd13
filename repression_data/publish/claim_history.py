"""Every change of every field of every claim across the releases, with the CHANGELOG's reason, for the database.

``claim_history(tables)`` compares the claims of each release kept in data/history
(``rd.load("claims", version=...)``, as published) and of this build, in order, and returns one row
per event: a claim first published, a field changed (the value before and after), a claim no longer
published. Fields a release added are not counted as changes of the claims that gained them. The
reason gives its source on each line: the bullet of that version's CHANGELOG section that names the claim's id
(by itself or inside a range such as GN-0210..0213; a bullet that names only the field is no reason), the reason
data/raw/corrections.csv records for the claim in that version, the withdrawal's reason; a change no bullet
names says that the CHANGELOG does not explain it. ``repression-data show ID --history`` and the claim page read the table
``lookup_claim_history`` the build writes from it.
"""

from __future__ import annotations

import re

import pandas as pd

from repression_data import metadata
from repression_data.paths import REPO_DIR
from repression_data.shipped.loader import kept_releases, load
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


_ID = r"(?<![\w-])((?:[A-Z]+-)*[A-Z]+)-(\d+)"
_TO = r"\s*(?:\.\.|–|-)\s*"
_NAMED = re.compile(_ID + r"(?:" + _TO + r"(?:\1-)?(\d+)(?![\w-]))?((?:,\s*\d+(?:" + _TO + r"\d+)?(?![\w-]))*)")
_MORE = re.compile(r"(\d+)(?:" + _TO + r"(\d+))?")


def ids_named(text: str) -> list[tuple[str, int, int]]:
    """The ids a text names, as (prefix, first, last): 'GN-0210' is ('GN', 210, 210); a range 'GN-0210..0213',
    'GN-0148..GN-0165', 'GN-0210–0213' or 'HR-0002-0006' is ('GN', 210, 213); a list goes on with the prefix
    ('GN-0008, 0014, 0045-0050' names GN-0008, GN-0014 and GN-0045 to GN-0050). A range's end keeps its start's
    prefix ('GN-0001..RM-0003' names GN-0001 and RM-0003 alone)."""
    named = []
    for match in _NAMED.finditer(text):
        prefix, first, last = match.group(1), int(match.group(2)), match.group(3)
        named.append((prefix, first, int(last) if last is not None else first))
        for more in _MORE.finditer(match.group(4) or ""):
            named.append((prefix, int(more.group(1)), int(more.group(2) or more.group(1))))
    return named


def names_id(text: str, claim_id: str) -> bool:
    """Whether the text names the id, by itself or inside a range of its prefix ('GN-0211' in 'GN-0210..0213')."""
    match = re.fullmatch(_ID, claim_id)
    if match is None:
        return False
    prefix, number_ = match.group(1), int(match.group(2))
    return any(p == prefix and first <= number_ <= last for p, first, last in ids_named(text))


NOT_EXPLAINED = "The CHANGELOG does not explain this change (no bullet of {version} names {claim_id})."


def _reason(bullets: list[str], claim_id: str, field: str | None, corrected: str | None = None,
            version: str = "") -> str:
    """Why the claim changed, one source a line ('CHANGELOG: ...', 'corrections: ...'): the bullet of the version that
    names the claim (by its id or in a range of ids; a field's words alone never do), and the reason the corrections
    table records for the claim in that version. A change no bullet names says so; a first publication no bullet
    names has no reason ('')."""
    naming = [b for b in bullets if names_id(b, claim_id)]
    words = {field, field.replace("_", " ")} if field else set()
    naming.sort(key=lambda b: not any(re.search(rf"\b{re.escape(w)}", b, flags=re.I) for w in words))  # the field's too first
    lines = [f"CHANGELOG: {_short(b)}" for b in naming[:1]]
    if corrected:
        lines.append(f"corrections: {_short(corrected)}")
    if field and not any(line.startswith("CHANGELOG: ") for line in lines):
        lines.insert(0, NOT_EXPLAINED.format(version=version or "this version", claim_id=claim_id))
    return "\n".join(lines)


def _short(text: str) -> str:
    text = text.replace("`", "").replace("*", "")
    return text if len(text) <= REASON_CHARACTERS else text[: REASON_CHARACTERS - 1] + "…"


def versions_of_build(changelog: str) -> str:
    """The version this build's changes belong to: this version, or the CHANGELOG's unreleased one when this
    version is a release already kept ('0.3.0 (unreleased)')."""
    kept = {r["version"] for r in kept_releases()}
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
    kept = kept_releases()
    steps = [(r["version"], load("claims", version=r["version"])) for r in kept]
    if not steps:
        return pd.DataFrame(columns=COLUMNS)
    steps.append((versions_of_build(changelog), tables["claims"]))
    withdrawn = tables.get("withdrawn")
    why_withdrawn = {} if withdrawn is None else dict(zip(withdrawn["id"], withdrawn["reason"]))
    corrections = tables.get("corrections")
    corrected: dict[tuple[str, str], str] = {}
    if corrections is not None:
        for id_, version_, reason_ in zip(corrections["id"], corrections["version"], corrections["reason"]):
            key = (str(id_), str(version_))
            corrected[key] = f"{corrected[key]}; {reason_}" if key in corrected else str(reason_)
    rows: list[dict] = []
    previous = None
    for step, (version, claims) in enumerate(steps):
        number_ = version.split(" ")[0]
        bullets = sections.get(number_, [])
        if previous is None:
            rows += [{"claim_id": c, "version": version, "change": "published", "reason": ""} for c in claims["claim_id"]]
            previous = claims
            continue
        old, new = previous.set_index("claim_id"), claims.set_index("claim_id")
        if step < len(steps) - 1:  # new in a kept release (this build's new claims have no history yet)
            rows += [{"claim_id": c, "version": version, "change": "published", "reason": _reason(bullets, c, None, corrected.get((c, number_)), number_)}
                     for c in new.index.difference(old.index, sort=False)]
        gone = old.index.difference(new.index, sort=False)
        rows += [{"claim_id": c, "version": version, "change": "removed",
                  "reason": f"withdrawn: {_short(why_withdrawn[c])}" if c in why_withdrawn
                  else _reason(bullets, c, None, corrected.get((c, number_)), number_)} for c in gone]
        both = old.index.intersection(new.index, sort=False)
        for field in [c for c in new.columns if c in old.columns]:
            a, b = old.loc[both, field], new.loc[both, field]
            for claim_id in both[_changed(a, b).to_numpy()]:
                rows.append({"claim_id": claim_id, "version": version, "change": "changed", "field": field,
                             "before": _value(a[claim_id]), "after": _value(b[claim_id]), "reason": _reason(bullets, claim_id, field, corrected.get((claim_id, number_)), number_)})
        previous = claims
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "position"]).astype(object)
    frame = frame.sort_values("claim_id", kind="stable").reset_index(drop=True)
    frame.insert(1, "position", frame.groupby("claim_id").cumcount())
    return frame[COLUMNS]
