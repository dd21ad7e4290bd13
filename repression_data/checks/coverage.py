"""Completeness audit: is every number in the texts accounted for?

Every numeric token of every text (digit strings, and number words) is put
in exactly one class:

- ``claim``: a claim of that source is printed on that line and its
  value_printed contains the token;
- ``rule:<name>``: a documented rule says the token is not a claim (a year,
  a date, an archival or page reference, a footnote marker, a document
  number, ...); the rules are the functions in RULES, each with its reason;
- ``hand``: listed in data/raw/coverage/exclusions.csv with a one-line reason,
  or inside a section listed in data/raw/coverage/sections.csv (an index, a
  list of documents);
- ``unclassified``: none of the above. The audit fails while any remain.

It needs the texts (REPRESSION_DATA_SOURCES) and runs on the raw claims.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from repression_data.errors import Problem, RawDataError
from repression_data.read.folder import parse_file
from repression_data.read.rawspec import COVERAGE_EXCLUSIONS, COVERAGE_SECTIONS

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
    "thousand thousands million millions dozen dozens half third thirds quarter quarters"
).split()
TOKEN = re.compile(r"\d[\d,.]*\d|\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
TIME_UNITS = r"(?:days?|weeks?|months?|years?|hours?|minutes?|decades?|centur(?:y|ies)|nights?)"


@dataclass(frozen=True)
class Token:
    source_id: str
    line: int
    start: int
    text: str
    line_text: str

    @property
    def before(self) -> str:
        return self.line_text[: self.start]

    @property
    def after(self) -> str:
        return self.line_text[self.start + len(self.text):]

    @property
    def is_word(self) -> bool:
        return not self.text[0].isdigit()


def _year(t: Token) -> bool:
    """A year (1800-2099), a decade ('1930s'), or the second year of a span ('1937-38')."""
    if t.is_word:
        return False
    digits = t.text.replace(",", "").replace(".", "")
    if len(digits) == 4 and 1800 <= int(digits) <= 2099 and "," not in t.text:
        return True
    return bool(re.search(r"\b1[89]\d\d\s*[-–]\s*$", t.before)) and len(digits) <= 2


def _split_year(t: Token) -> bool:
    """A year the OCR split or glued: '193 5', 'I 934', '192os', '193718' (year and note marker)."""
    if t.is_word:
        return False
    if re.fullmatch(r"19[0-5]", t.text) and re.match(r"\s?[\dzjoOIlSq]|os\b|o's", t.after):
        return True
    if re.fullmatch(r"9[0-5]\d", t.text) and re.search(r"\b[Il1]\s?$", t.before):
        return True
    if len(t.text) <= 2 and re.search(r"\b(?:19|1 9|I9|l9)\s?[\dzjoOIlSq]?\s$", t.before):
        return True
    return bool(re.fullmatch(r"19[0-5]\d\d{1,3}", t.text))


def _date(t: Token) -> bool:
    """A day of the month next to a month name, or a date written with dots or slashes."""
    if t.is_word:
        return False
    if re.match(r"^\s*(?:[–-]\s*\d{1,2}\s+)?" + MONTHS, t.after) or re.search(MONTHS + r"\s*$", t.before):
        return len(t.text) <= 2
    return bool(re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}", t.text))


def _archival(t: Token) -> bool:
    """An archival reference: fond, opis', delo, list (f. 17, op. 120, d. 184, ll. 63-66)."""
    return not t.is_word and bool(
        re.search(r"(?:\b[fdlFDLОO]|\bop|\bOp|\bОp|\bll|\bIl|\bII|\bfond|\bdelo|\bP)[.-]\s*(?:P[.-])?[\d,\s.-]*$", t.before)
    )


def _citation_page(t: Token) -> bool:
    """A page, volume, issue or note number in a reference (p. 93, pp. 13-27, vol. II, no. 3, n. 5)."""
    return not t.is_word and bool(
        re.search(r"(?:\bpp?|\bvol|\bno|\bnos|\bn|\bNo|\bVol|\bch|\bart|№)\.?\s*[\d,\s–-]*(?:and\s+)?$", t.before)
    )


def _reference_line(t: Token) -> bool:
    """A page, volume or year number in a bibliographic line of a note.

    The line must name an archive, a place of publication or a journal, and
    the token must sit where references put numbers (after a comma, a
    parenthesis, a semicolon or a colon, or in a page range) and look like one
    (no thousands separator, unless a year is glued to a page: '1991,151').
    A figure in a note ('1936 - 23,279 persons') is therefore not excluded.
    """
    if t.is_word:
        return False
    looks_like_reference = not re.search(r",\d{3}\b", t.text) or bool(re.fullmatch(r"1[89]\d\d,\d{1,4}", t.text))
    if not looks_like_reference or re.match(r"\s*(?:persons|people|percent|%|members|victims)", t.after):
        return False
    archive = r"RTsKh|GARF|TsKhSD|TsGA|RGASPI|\b[fd]\.\s*[\dzIlro]|\b[oa]p\.\s*[\dzIlro]|\b11\.\s*\d|\bII\.|\bIl\."
    note_start = r"^\s*[\dIlrzoOS ]{1,4}\s?\.\s"
    if re.search(archive, t.line_text) or (re.search(note_start, t.line_text) and re.search(r"\b1\s?9\s?\d\s?\d\b|19[\dzjo]{2}", t.line_text)):
        return True
    placed_like_reference = bool(re.search(r"(?:[,(;:]|\d[-–])\s*$", t.before)) or bool(re.match(r"\s*[-–]\s*\d", t.after))
    return placed_like_reference and bool(re.search(r"Vol\.|pp\.|\*[A-Z]|DOI|eds?\.,|Moscow|Leningrad, 19|New York|Cambridge|London|Oxford|Paris|Berkeley|Princeton|Bloomington|Press|Voprosy|Izvestiia TsK|Istochnik|Kommunist|Pravda,|Review|Studies|ibid|Ibid", t.line_text))


def _footnote_marker(t: Token) -> bool:
    """A note number: at the start of a note line ('36. See ...') or glued to the end of a word or quotation."""
    if t.is_word:
        return False
    if re.fullmatch(r"\s*", t.before) and re.match(r"\s*[.)]?\s", t.after + " "):
        return len(t.text) <= 3
    return bool(re.search(r"[A-Za-z\"'”’.,;:)\]]$", t.before)) and len(t.text) <= 3


def _document_number(t: Token) -> bool:
    """A document, protocol, order, item, article, table, chapter or congress number."""
    return not t.is_word and bool(
        re.search(r"(?:Document|Documents|Protocol|Order|order|No|#|item|Item|point|Article|article|Table|Chapter|Appendix|Point|protocol|Paragraph|paragraph|section|Section|Copy|copy)\.?\s*(?:no\.|No\.|#)?\s*[\d,\s.-]*$", t.before)
    )


def _ordinal_or_name(t: Token) -> bool:
    """An ordinal (17th Congress), a plan's name (Five-Year Plan), or 'one' as a pronoun or article."""
    if re.match(r"(?:st|nd|rd|th)\b", t.after):
        return True
    if re.match(r"[- ]?[Yy]ear [Pp]lan", t.after):
        return True
    if t.text.lower() == "one" and not re.match(r"[- ](?:hundred|thousand|million|half|third|quarter|fifth)", t.after, re.I):
        return True
    return t.text.lower() in ("third", "quarter") and not re.search(r"\b(?:one|two)[- ]$", t.before, re.I)


def _duration(t: Token) -> bool:
    """A length of time (two weeks, three months) that is not a sentence; sentences are claims."""
    near = t.line_text[max(0, t.start - 40): t.start + len(t.text) + 40]
    return bool(re.match(r"[- ]" + TIME_UNITS + r"\b", t.after, re.I)) and not re.search(r"sentenc|prison|camp|exile|term|jail|confine", near, re.I)


def _half_of_period(t: Token) -> bool:
    """'the first half of 1937', 'half an hour': a part of a period, not a quantity."""
    return t.text.lower() == "half" and bool(re.search(r"(?:first|second|latter)\s+$", t.before, re.I) or re.match(r"\s+(?:an? hour|a day|a year|the year|of the year|of 19)", t.after, re.I))


def _money(t: Token) -> bool:
    """An amount of money."""
    return bool(re.match(r"\s*(?:rubles?|roubles?|kopeks?|dollars?|pounds?)", t.after, re.I) or re.search(r"(?:\$|rubles?\s*)$", t.before))


def _age_or_time(t: Token) -> bool:
    """An age ('forty-year-old', 'aged 50') or a time of day."""
    return bool(re.match(r"[- ]?years?[- ]old|:\d\d| ?o'clock| ?[ap]\.m\.", t.after) or re.search(r"aged\s+$|age of\s+$", t.before))


RULES: dict[str, Callable[[Token], bool]] = {
    "year": _year,
    "split_year": _split_year,
    "date": _date,
    "archival_reference": _archival,
    "citation_page": _citation_page,
    "reference_line": _reference_line,
    "footnote_marker": _footnote_marker,
    "document_number": _document_number,
    "ordinal_or_name": _ordinal_or_name,
    "duration": _duration,
    "half_of_period": _half_of_period,
    "money": _money,
    "age_or_time": _age_or_time,
}


def _normal(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def tokens_of(source_id: str, lines: list[str]) -> list[Token]:
    return [Token(source_id, i, m.start(), m.group(0), text) for i, text in enumerate(lines, 1) for m in TOKEN.finditer(text)]


@dataclass
class Audit:
    classes: dict[Token, str]

    def counts(self) -> pd.DataFrame:
        rows = Counter((t.source_id, c.split(":")[0]) for t, c in self.classes.items())
        table = pd.Series(rows).unstack(fill_value=0) if rows else pd.DataFrame()
        return table.reindex(columns=["claim", "rule", "hand", "unclassified"], fill_value=0)

    def unclassified(self) -> list[Token]:
        return [t for t, c in self.classes.items() if c == "unclassified"]


def _claim_index(claims: pd.DataFrame) -> dict[tuple[str, int], list[str]]:
    """(source, line) -> normalised value_printed of the claims printed there.

    A value_printed split over a line break ('mil- lions') covers the next line too.
    """
    index: dict[tuple[str, int], list[str]] = {}
    for claim in claims.itertuples(index=False):
        span = 2 if (" " in claim.value_printed or "-" in claim.value_printed) else 1
        for offset in range(span):
            index.setdefault((claim.source_id, int(claim.line) + offset), []).append(_normal(claim.value_printed))
    return index


def _page_marker_lines(raw_dir: Path) -> set[tuple[str, int]]:
    """Lines that print a page number (the page maps): their numbers are page numbers."""
    marked = set()
    for path in sorted((raw_dir / "pages").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            marked |= {(path.stem, int(r["line"])) for r in csv.DictReader(handle) if r.get("printed")}
    return marked


def _read_hand(raw_dir: Path, sources: pd.DataFrame):
    """Hand exclusions as (source, line, token) keys, and excluded sections, read and checked by the build."""

    problems: list[Problem] = []
    text_lines = dict(zip(sources["source_id"], sources["text_lines"]))
    exclusions, sections = read_coverage_lists(raw_dir, raw_dir.parent.parent, text_lines, problems)
    if problems:
        raise RawDataError(problems)
    keys = {(r.source_id, int(r.line), _normal(r.token)) for r in exclusions.itertuples(index=False)}
    spans = [(r.source_id, int(r.first_line), int(r.last_line)) for r in sections.itertuples(index=False)]
    return keys, spans


def audit(claims: pd.DataFrame, sources: pd.DataFrame, texts_dir: Path, raw_dir: Path) -> Audit:
    index = _claim_index(claims)
    exclusions, sections = _read_hand(raw_dir, sources)
    markers = _page_marker_lines(raw_dir)
    classes: dict[Token, str] = {}
    for source in sources.itertuples(index=False):
        lines = (texts_dir / source.text_file).read_text(encoding="utf-8").splitlines()
        for token in tokens_of(source.source_id, lines):
            if (token.source_id, token.line) in markers and not token.is_word:
                classes[token] = "rule:page_marker"
                continue
            classes[token] = _classify(token, index, exclusions, sections)
    return Audit(classes)


def _classify(token: Token, index, exclusions, sections) -> str:
    norm = _normal(token.text)
    printed = index.get((token.source_id, token.line), [])
    if any(norm and (norm in p or (len(p) >= 2 and p in norm)) for p in printed):
        return "claim"
    for name, rule in RULES.items():
        if rule(token):
            return f"rule:{name}"
    if (token.source_id, token.line, norm) in exclusions:
        return "hand"
    if any(s == token.source_id and a <= token.line <= b for s, a, b in sections):
        return "hand"
    return "unclassified"


def read_coverage_lists(raw_dir: Path, root: Path, text_lines: dict[str, int], problems: list[Problem]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The completeness audit's hand exclusions and excluded sections, checked."""
    folder = raw_dir / "coverage"
    exclusions = parse_file(folder / "exclusions.csv", COVERAGE_EXCLUSIONS, root, problems)
    sections = parse_file(folder / "sections.csv", COVERAGE_SECTIONS, root, problems)
    for parsed, line_fields in ((exclusions, ("line",)), (sections, ("first_line", "last_line"))):
        for i, row in enumerate(parsed.frame.itertuples(index=False)):
            origin = parsed.origins[i]
            if row.source_id not in text_lines:
                problems.append(Problem(origin.file, origin.record, "source_id", f"{row.source_id!r} is not a source"))
                continue
            for field in line_fields:
                value = getattr(row, field)
                if not pd.isna(value) and not 1 <= value <= text_lines[row.source_id]:
                    problems.append(Problem(origin.file, origin.record, field, f"{value} is outside the text's lines 1-{text_lines[row.source_id]}"))
    for i, row in enumerate(sections.frame.itertuples(index=False)):
        if not pd.isna(row.first_line) and not pd.isna(row.last_line) and row.first_line > row.last_line:
            problems.append(Problem(sections.origins[i].file, sections.origins[i].record, "last_line", "is before first_line"))
    return exclusions.frame, sections.frame
