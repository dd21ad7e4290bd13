"""How a figure, a period and a search are worded for readers: the terminal and the web pages share it.

Plain Python, no pandas needed: a missing value is ``None``, a float NaN, pandas' ``NA`` or ``NaT``.
"""

from __future__ import annotations

import math
import re


def missing(value) -> bool:
    """True for None, NaN, pandas' NA and NaT (tested without importing pandas)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def number(value) -> str:
    """A figure as a reader writes it: 681,692; 30.5; '' for none."""
    if missing(value):
        return ""
    value = float(value)
    if math.isnan(value):
        return ""
    return f"{int(value):,}" if value.is_integer() else f"{value:,.6g}"


def period_label(start, end) -> str:
    """'1937-38', '1937', '1935-05-13', '1937-08-05 to 1938-11-15', or '' with no period.

    ``start`` and ``end`` are dates (datetime.date, datetime or pandas Timestamp); a missing end is the start.
    """
    if missing(start):
        return ""
    end = start if missing(end) else end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        if start.year == end.year:
            return str(start.year)
        same_century = start.year // 100 == end.year // 100
        return f"{start.year}-{end.year % 100:02d}" if same_century else f"{start.year}-{end.year}"
    if start == end:
        return f"{start:%Y-%m-%d}"
    return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


def format_pages(low, high) -> str:
    """'p. 470' for one page, 'pp. 469-470' for a range, '' when unknown."""
    if low is None or high is None or low != low or high != high:  # None or NaN/NA
        return ""
    low, high = int(low), int(high)
    return f"p. {low}" if low == high else f"pp. {low}-{high}"


def _normalise_number(word: str) -> str:
    return word.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", word) else word


def search_words(text: str) -> list[str]:
    """What a search looks for, lower case: each word, and each "quoted phrase" as one piece (its words side by side,
    in that order). The terminal, ``rd.search`` and the browser's search box read a search alike: a claim is found
    when its text holds every piece, in any case, as any part of a word. Double quotes only group words: they are never
    searched for themselves, and an unbalanced one runs to the end of the text (a lone '"' looks for nothing, so it
    finds every claim). A number matches with or without its thousands separators ("681,692" is "681692")."""
    pieces = []
    for phrase, word in re.findall(r'"([^"]*)(?:"|$)|([^\s"]+)', (text or "").lower()):
        if word:
            pieces.append(_normalise_number(word))
        else:
            phrase = " ".join(_normalise_number(w) for w in phrase.split())
            if phrase:
                pieces.append(phrase)
    return pieces
