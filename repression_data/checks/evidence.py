"""Check the claims against the texts themselves.

The project ships no copy of the texts, so these checks run only where a
setting (REPRESSION_DATA_SOURCES) points at the folder that holds them:
each text must be byte-for-byte the one the registry names (sha256), and
each quote must be found in its text near the claim's line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

import pandas as pd

from repression_data.errors import Problem
from repression_data.files import sha256_of
from repression_data.paths import check_sources_folder, sources_dir, sources_unavailable_reason

WINDOW = 5  # lines either side of a claim's line where its quote may start or end

_SPACE = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(\w)- (\w)")


def fold(text: str) -> str:
    """Whitespace folded to single spaces, as quotes are written."""
    return _SPACE.sub(" ", text).strip()


def unhyphenate(text: str) -> str:
    """Join a word hyphenated across a line break: 'opera- tions' -> 'operations'."""
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def quote_found(quote: str, lines: list[str], line: int, window: int = WINDOW) -> bool:
    """True if ``quote`` occurs in the text around 1-based ``line``."""
    start = max(0, line - 1 - window)
    passage = fold(" ".join(lines[start : line + window]))
    wanted = fold(quote)
    return wanted in passage or unhyphenate(wanted) in unhyphenate(passage)


LOCATE_AT_MOST = 20  # quotes per text looked for elsewhere


class TextIndex:
    """A text folded to one line (and unhyphenated), with where each of its lines begins: finds the
    lines where a quote begins anywhere in the text in one pass of ``str.find``."""

    def __init__(self, lines: list[str]):
        parts, self.starts, self.owner, pos = [], [], [], 0
        for number, line in enumerate(lines, 1):
            folded = fold(line)
            if not folded:
                continue
            if parts:
                pos += 1
            self.starts.append(pos)
            self.owner.append(number)
            parts.append(folded)
            pos += len(folded)
        self.whole = " ".join(parts)
        removed = [m.start(1) + 1 for m in _HYPHEN_BREAK.finditer(self.whole)]  # each join drops "- " here
        self.unhyphenated = unhyphenate(self.whole)
        self.removed_at = [r - 2 * k for k, r in enumerate(removed)]  # the same places, in the unhyphenated text

    def line_of(self, offset: int) -> int:
        return self.owner[max(0, bisect_right(self.starts, offset) - 1)]

    def _all(self, text: str, wanted: str):
        at = text.find(wanted)
        while at != -1:
            yield at
            at = text.find(wanted, at + 1)

    def lines_of(self, quote: str, near: int = 0, at_most: int = 3) -> list[int]:
        """The 1-based lines where ``quote`` begins in the text, the ``at_most`` nearest line ``near``; [] if nowhere."""
        wanted = fold(quote)
        if not wanted:
            return []
        found = {self.line_of(at) for at in self._all(self.whole, wanted)}
        for at in self._all(self.unhyphenated, unhyphenate(wanted)):
            found.add(self.line_of(at + 2 * bisect_right(self.removed_at, at)))
        return sorted(sorted(found, key=lambda n: (abs(n - near), n))[:at_most])


def read_text_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def check_texts(sources: pd.DataFrame, folder: Path) -> list[Problem]:
    """Every text is present and has the registered sha256 and line count."""
    problems = []
    for source in sources.itertuples(index=False):
        path = folder / source.text_file
        where = f"data/raw/sources.csv, source {source.source_id}"
        if not path.is_file():
            problems.append(Problem(where, "", "text_file", f"{source.text_file} is not in {folder}"))
            continue
        digest = sha256_of(path)
        if digest != source.text_sha256:
            problems.append(Problem(where, "", "text_sha256", f"the text in {folder} has sha256 {digest}, not the registered one"))
        count = len(read_text_lines(path))
        if count != source.text_lines:
            problems.append(Problem(where, "", "text_lines", f"the text has {count} lines, not {source.text_lines}"))
    return problems


def check_quotes(claims: pd.DataFrame, sources: pd.DataFrame, folder: Path) -> list[Problem]:
    """Every claim's quote is found within WINDOW lines of its line."""
    problems = []
    files = dict(zip(sources["source_id"], sources["text_file"]))
    for source_id, group in claims.groupby("source_id", sort=True):
        path = folder / files[source_id]
        if not path.is_file():
            continue  # reported by check_texts
        lines = read_text_lines(path)
        index, located = None, 0
        for claim in group.itertuples(index=False):
            if not quote_found(claim.quote, lines, int(claim.line)):
                message = f"not found in {files[source_id]} within {WINDOW} lines of line {claim.line}"
                if located < LOCATE_AT_MOST:
                    located += 1
                    index = TextIndex(lines) if index is None else index
                    elsewhere = index.lines_of(claim.quote, int(claim.line))
                    if elsewhere:
                        message += f", but at line {', '.join(map(str, elsewhere))}: correct 'line' (and the page) if the figure is there"
                    else:
                        message += ", nor anywhere else in the text: copy the quote verbatim (line breaks as single spaces)"
                problems.append(Problem(f"data/raw/claims/{source_id}.csv", f"claim {claim.claim_id}", "quote", message))
    return problems


def check_evidence(tables) -> list[Problem]:
    """Every text's sha256 and every quote, against the texts (skipped, saying why, without them;
    a REPRESSION_DATA_SOURCES that names no folder of the texts is an error)."""

    folder = sources_dir()
    if folder is None:
        print(f"evidence checks skipped: {sources_unavailable_reason()}")
        return []
    check_sources_folder(folder, tables["sources"]["text_file"])
    evidence = check_texts(tables["sources"], folder) + check_quotes(tables["claims"], tables["sources"], folder)
    if not evidence:
        print(f"evidence checked against {folder}: every text's sha256 matches and every quote is found")
    return evidence
