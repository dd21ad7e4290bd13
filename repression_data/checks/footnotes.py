"""Footnote locators of a text whose footnotes are numbered by superscript markers.

Reiman's chapter (data/raw/sources.csv, ``reiman-2016``) prints no page
numbers; a claim is cited by its footnote. In the text file every paragraph is
one line, each note marker is a run of superscript digits (``¹⁹⁹``) and each
note is a line that begins with its number (``199 See ...``). The locator a
claim must carry follows from the markers around its quote:

- ``text at fn. N``: the quote is in a paragraph of the text and the first
  marker after the quote's end, in that paragraph, is N (the note that closes
  the sentence or passage holding the figure); a paragraph whose line does not
  end a sentence was cut by a block of notes and goes on at the next line of
  text;
- ``text after fn. N``: no marker follows the quote in its paragraph; N is the
  last marker before it (in the paragraph or an earlier one);
- ``fn. N``: the quote is in the note numbered N.

:func:`expected_locator` derives that locator; tests/test_footnotes.py checks
every claim of such a source against it.
"""

from __future__ import annotations

import re

from repression_data.checks.evidence import fold

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_NOTE_LINE = re.compile(r"^(\d{1,4})\s")

LOCATOR = re.compile(r"^(?:text at fn\. (?P<at>\d+)|text after fn\. (?P<after>\d+)|fn\. (?P<note>\d+))$")


def note_number(line_text: str) -> int | None:
    """The number of the note a line begins, or None for a line of the text."""
    match = _NOTE_LINE.match(line_text)
    return int(match.group(1)) if match else None


def markers(line_text: str) -> list[tuple[int, int]]:
    """(character offset, note number) of every superscript marker on a line."""
    return [(m.start(), int(m.group().translate(SUPERSCRIPT))) for m in _MARKER.finditer(line_text)]


def _quote_span(line_text: str, quote: str) -> tuple[int, int] | None:
    """Start and end offsets of ``quote`` in ``line_text``, whitespace folded."""
    folded_line, wanted = fold(line_text), fold(quote)
    at = folded_line.find(wanted)
    if at < 0:
        return None
    # offsets in the folded line map to the original through the count of non-space characters
    def original(offset: int) -> int:
        count = len(folded_line[:offset].replace(" ", ""))
        seen = 0
        for i, ch in enumerate(line_text):
            if seen == count:
                return i
            if not ch.isspace():
                seen += 1
        return len(line_text)

    return original(at), original(at + len(wanted))


def _ends_paragraph(line_text: str) -> bool:
    """A paragraph line that ends a sentence; one that does not was cut by a block of notes."""
    stripped = _MARKER.sub("", line_text.rstrip())
    return not stripped or stripped[-1] in ".!?:\"'”’)…"


def _next_text_line(lines: list[str], line: int) -> int | None:
    """The next 1-based line after ``line`` that is neither blank nor a note."""
    for i in range(line, len(lines)):
        if lines[i].strip() and note_number(lines[i]) is None:
            return i + 1
    return None


def expected_locator(lines: list[str], line: int, quote: str) -> str | None:
    """The footnote locator the markers give a quote on 1-based ``line``.

    Returns None when the quote is not found on that line (the evidence check
    reports that separately).
    """
    text = lines[line - 1]
    number = note_number(text)
    if number is not None:
        return f"fn. {number}"
    span = _quote_span(text, quote)
    if span is None:
        return None
    after = [n for offset, n in markers(text) if offset >= span[1]]
    following = line
    while not after and not _ends_paragraph(lines[following - 1]):
        following = _next_text_line(lines, following)
        if following is None:
            break
        after = [n for _, n in markers(lines[following - 1])]
    if after:
        return f"text at fn. {after[0]}"
    before = [n for offset, n in markers(text) if offset < span[0]]
    for earlier in range(line - 2, -1, -1):
        if before:
            break
        if note_number(lines[earlier]) is None:
            before = [n for _, n in markers(lines[earlier])]
    return f"text after fn. {before[-1]}" if before else None
