"""Read a sentence about the terror: its figures, each with what it counts, where, when and of whom.

``read_sentence(sentence, words)`` finds every figure in a sentence, in order:
digits with separators ("353,074"), decimals with a scale word ("1.5 million"),
number words ("two million", "three-quarters of a million", "thirty-six"),
ranges ("5-8 million", "between 600,000 and 700,000") and vague phrases
("hundreds of thousands"). Each figure is an interval of the true values its
words allow, by the package's one rounding rule (``intervals.claim_interval``):
"1.5 million" is 1.45-1.55 million, "some 3,500" 3,450-3,550, "more than
700,000" above 700,000, "nearly 700,000" 650,000-700,000.

Around each figure it reads, from ``words`` (the rows of the check_words
table: phrase, kind, term, value_low, value_high, period_start, period_end):
the measure (the nearest measure word: "shot", "arrested", "sentenced to
death"), whether it is a plan ("quota", "set out to"), the category ("army
officers", "party members"), the region, a named operation (Order 00447, with
its category and period) and the period: a span of years ("in 1937-38", "from
1936 to 1938"), one year ("in 1937 alone"), a running total to a date ("by
November 1938") or a named period ("during the Great Terror", whose dates are
the check_words table's). Nothing here reads a file; words come from the caller.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field

from repression_data.engine.intervals import claim_interval

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
GENERIC_CATEGORY = "all_persons"  # the category of a figure that names no group ("people")
GAP_WORDS = 6  # words a gapped phrase ("sentenced ... to death") allows between its parts
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})

_NUMWORD = "|".join(sorted(UNITS, key=len, reverse=True))
_SCALE = r"(?:(?:\s+|-)?(?:million|thousand|billion|mln|mn|m)|k)\b"
_SCALE_AHEAD = r"(?=(?:\s+|-)?(?:million|thousand|billion|mln|mn|m)\b)"
# a decimal comma before a scale word ("1,5 million"), a vulgar fraction ("1½ million"), a dot between thousands with
# exactly three digits after it and no scale word or percent sign ("681.692"); then the digits of the English print
_DIGITS = rf"(?<![\w.,])\d{{1,3}},\d{{1,2}}{_SCALE_AHEAD}|(?<![\w.,])\d+[½¼¾]|(?<![\w.,])\d{{1,3}}(?:\.\d{{3}})+(?![\d,.]*\d)(?!{_SCALE_AHEAD[3:-1]}|\s*(?:%|per\s*cent|percent))|" \
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]*\d)|(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]*\d)|(?<![\w.,])\d+(?:\.\d+)?(?!\d)"
_WORDS = (rf"(?:(?:{_NUMWORD}|a|an)(?:[\s-]+(?:and\s+)?(?:{_NUMWORD}|hundred|thousand|million|billion|half|quarters?|thirds?|a|of))*"
          rf"(?:[\s-]+(?:hundred|thousand|million|billion))?|half\s+a\s+(?:million|thousand)|a\s+(?:quarter|third)\s+of\s+a\s+(?:million|thousand))")
FIGURE_RE = re.compile(rf"(?P<num>{_DIGITS})(?P<scale>{_SCALE})?(?P<pct>\s*(?:%|per\s*cent|percent))?|\b(?P<words>{_WORDS})\b", re.IGNORECASE)
RANGE_RE = re.compile(r"^\s*(?:-|–|—|to|or|and)\s*$", re.IGNORECASE)
YEAR = r"(?:18|19|20)\d\d"
MONTH = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
PERIOD_RES = [
    ("span", re.compile(rf"\b(?:between|from)\s+(?:(?:\d{{1,2}}\s+)?(?:{MONTH})\s+)?(?P<a>{YEAR})\s+(?:and|to|until|till|through)\s+"
                        rf"(?:(?:\d{{1,2}}\s+)?(?:{MONTH})\s+)?(?P<b>{YEAR})\b", re.IGNORECASE)),
    ("span", re.compile(rf"\b(?:in\s+)?(?P<a>{YEAR})\s+and\s+(?P<b>{YEAR})\b", re.IGNORECASE)),
    ("span", re.compile(rf"\b(?P<a>{YEAR})\s*(?:-|–|—|/|to)\s*(?P<b>{YEAR}|\d\d)\b(?!,\d)", re.IGNORECASE)),
    ("by", re.compile(rf"\b(?:by|until|till|up\s+to|through)\s+(?:the\s+end\s+of\s+|the\s+beginning\s+of\s+)?(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{MONTH})?\s*(?P<a>{YEAR})\b", re.IGNORECASE)),
    ("year", re.compile(rf"\b(?:(?P<d>\d{{1,2}})\s+)?(?P<m>{MONTH})?\s*(?P<a>{YEAR})\b(?:\s+alone)?", re.IGNORECASE)),
]
# numbers that are not counts: a label ("Figure 1", "Table 2", "p. 591", "No. 3") and a ratio ("1 in 3", "one in five")
LABEL_RE = re.compile(r"\b(?:figure|fig\.|table|chart|graph|map|page|pp?\.|no\.|footnote|note|chapter|ch\.|vol\.|volume|section|"
                      r"part)\s*\d+[a-z]?\b|#\s*\d+\b", re.IGNORECASE)
RATIO_RE = re.compile(rf"(?<![\w.,])(?:\d+|{_NUMWORD}|a|an)\s+in\s+(?:every\s+)?(?!{YEAR}\b)(?:\d+|{_NUMWORD})\b", re.IGNORECASE)
NOT_A_COUNT_AFTER = re.compile(rf"^\s*(?:{MONTH})\b|^(?:st|nd|rd|th)\b|^\s*(?:years?|months?|days?|times)\b", re.IGNORECASE)
# terminal control sequences (CSI "ESC [ 31 m", OSC "ESC ] 0 ; title BEL") and other control characters (tab and newline kept)
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without terminal control sequences or control characters: a reader's input is read and printed back clean."""
    return _CONTROL.sub("", text)


@dataclass
class Match:
    start: int
    end: int
    kind: str
    term: str
    row: dict = field(default_factory=dict)


@dataclass
class Period:
    start: str | None  # ISO date; None for a running total ("by November 1938")
    end: str
    words: str
    kind: str  # span, year, by, named


@dataclass
class Figure:
    """One figure of a sentence and what the sentence says it counts."""

    printed: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    unit: str
    why: str
    measure: str | None = None
    plan: bool = False
    category: str | None = None
    operation: str | None = None
    region: str | None = None
    period: Period | None = None


def _digits_value(digits: str, dot_thousands: bool = True) -> float:
    """The number a print in digits stands for: "681,692", "681 692", "1.5"; "1,5" (a decimal comma, before a scale
    word), "1½" (a vulgar fraction) and "681.692" (a dot between thousands: exactly three digits after each dot; not
    before a scale word or a percent sign, ``dot_thousands`` False: "1.500 million", "8.125%")."""
    whole = digits.rstrip("½¼¾")
    fraction = {"½": 0.5, "¼": 0.25, "¾": 0.75}.get(digits[len(whole):], 0.0)
    if re.fullmatch(r"\d{1,3},\d{1,2}", whole):
        return float(whole.replace(",", "."))
    if dot_thousands and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", whole):
        return float(whole.replace(".", ""))
    return float(re.sub(r"[,\s\u00a0\u202f]", "", whole)) + fraction


def _rounding_print(printed: str, value: float | None) -> str:
    """The print the rounding rule reads, so that one figure gets one interval however it is written: a whole number
    before a scale word ("700 thousand", "12 million") as its digits ("700,000", "12,000,000"), whose trailing zeros
    are read as any round count's; a decimal comma or fraction ("1,5 million", "1½ million") as a decimal point
    ("1.5 million"); a dot between thousands ("681.692") as "681,692"."""
    if value is None:
        return printed
    m = re.fullmatch(r"(\d[\d,.½¼¾]*)((?:\s+|-)?(?:million|thousand|billion))", printed, re.IGNORECASE)
    if m and re.fullmatch(r"\d+", m.group(1)) and float(value).is_integer():
        return f"{int(value):,}"
    if m and re.search(r"[,½¼¾]", m.group(1)):
        return f"{fmt_decimal(value / _SCALE_OF[m.group(2).strip(' -').lower()])} {m.group(2).strip(' -').lower()}"
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", printed) and float(value).is_integer() and value >= 1000:
        return f"{int(value):,}"
    return printed


_SCALE_OF = {"million": 1e6, "thousand": 1e3, "billion": 1e9}


def fmt_decimal(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def _words_value(text: str) -> float | None:
    """The number a phrase of number words stands for ("two and a half million" -> 2,500,000), or None."""
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t and t not in ("and", "of")]
    total, current, fraction, seen = 0.0, 0.0, 0.0, False
    for k, t in enumerate(tokens):
        if t in UNITS:
            current += UNITS[t]
            seen = True
        elif t in ("a", "an"):
            # "a million", "a thousand": one of them; "half a million", "one and a half": no number of its own
            if not current and not fraction and k + 1 < len(tokens) and tokens[k + 1] in SCALES:
                current = 1
        elif t in FRACTIONS:
            count = current if current and t.endswith("s") else 1
            fraction = count * FRACTIONS[t] if t.endswith("s") or not current else FRACTIONS[t]
            current = 0 if t.endswith("s") or not seen else current
            seen = True
        elif t == "hundred":
            current = max(current, 1) * 100
        elif t in SCALES:
            total += (max(current, 0) + fraction or 1) * SCALES[t]
            current, fraction = 0.0, 0.0
            seen = True
        else:
            return None
    value = total + current + fraction
    return value if seen and value else None


def _phrase_matches(text: str, rows: list[dict]) -> list[Match]:
    """Every phrase of ``rows`` in ``text`` (whole words, case-insensitive), longest first, not overlapping."""
    low = text.lower()
    found: list[Match] = []
    taken = [False] * len(text)
    # a phrase with ' ... ' allows up to GAP_WORDS words between its parts ("sentenced ... to death"); only its parts are taken
    gapped = sorted((r for r in rows if " ... " in r["phrase"]), key=lambda r: -len(r["phrase"]))
    plain = sorted((r for r in rows if " ... " not in r["phrase"]), key=lambda r: -len(r["phrase"]))
    for row in gapped + plain:
        parts = row["phrase"].split(" ... ")
        pattern = rf"(?:\s+[^\s.;]+){{0,{GAP_WORDS}}}?\s+".join(f"({re.escape(p)})" for p in parts)
        for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", low):
            spans = [m.span(i + 1) for i in range(len(parts))]
            if not any(any(taken[a:b]) for a, b in spans):
                found.append(Match(m.start(), m.end(), row["kind"], row["term"], row))
                for a, b in spans:
                    taken[a:b] = [True] * (b - a)
    return sorted(found, key=lambda m: m.start)


def _periods(text: str, named: list[Match]) -> list[tuple[int, int, Period]]:
    out: list[tuple[int, int, Period]] = []
    taken = [False] * len(text)
    for m in named:
        out.append((m.start, m.end, Period(m.row["period_start"], m.row["period_end"], text[m.start:m.end], "named")))
        taken[m.start:m.end] = [True] * (m.end - m.start)
    for kind, rx in PERIOD_RES:
        for m in rx.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            if kind == "year" and (m.group("d") or m.group("m")) and re.search(r"\b(?:of|dated|on)\s*$", text[:m.start()], re.IGNORECASE):
                continue  # the date of a document or an order ("Order 00447 of 30 July 1937"), not a period
            a = int(m.group("a"))
            if kind == "span":
                b = m.group("b")
                b = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
                if b <= a:
                    continue
                p = Period(f"{a}-01-01", f"{b}-12-31", m.group(0), "span")
            else:
                month = MONTHS.get((m.group("m") or "").lower())
                day = m.group("d")
                if month:
                    last = calendar.monthrange(a, month)[1]
                    first_day = f"{a}-{month:02d}-{int(day) if day else 1:02d}"
                    end = f"{a}-{month:02d}-{int(day) if day else last:02d}"
                else:
                    first_day, end = f"{a}-01-01", f"{a}-12-31"
                p = Period(None if kind == "by" else first_day, end, m.group(0).strip(), kind)
            out.append((m.start(), m.end(), p))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return sorted(out, key=lambda x: x[0])


def _figures(text: str, blocked: list[bool], vague: list[Match]) -> list[tuple[int, int, str, float | None, float | None, float | None, str, str]]:
    """(start, end, printed, value, low, high, qualifier-from-form, unit) of every figure, in order."""
    raw = []
    for m in vague:
        raw.append((m.start, m.end, text[m.start:m.end], None, m.row.get("value_low"), m.row.get("value_high"), "vague", "persons"))
    for m in FIGURE_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(blocked[s:e]):
            continue
        printed = m.group(0).strip()
        unit = "percent" if m.group("pct") else "persons"
        if m.group("num"):
            digits = m.group("num")
            if not m.group("scale") and not m.group("pct") and re.fullmatch(YEAR, digits):
                continue  # a year
            if digits.startswith("0") and len(digits) > 1 and "." not in digits:
                continue  # an order's number (00447)
            if NOT_A_COUNT_AFTER.search(text[e:e + 12]) and not m.group("scale"):
                continue  # a date or a duration
            value = _digits_value(digits, dot_thousands=not m.group("scale") and not m.group("pct"))
            scale = (m.group("scale") or "").strip(" -").lower()
            value *= {"million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "k": 1e3, "thousand": 1e3, "billion": 1e9}.get(scale, 1)
            if scale in ("m", "mn", "mln"):
                printed = f"{digits} million"
            elif scale == "k":
                printed = f"{digits} thousand"
        else:
            words = m.group("words")
            if words.lower() in ("a", "an", "one", "a half", "half") or re.fullmatch(r"(?:a|an|of|and|\s|-)+", words.lower()):
                continue
            value = _words_value(words)
            if value is None or (value < 2 and not re.search(r"million|thousand|billion", words, re.IGNORECASE)):
                continue
            printed = words.strip()
            if NOT_A_COUNT_AFTER.search(text[e:e + 12]):
                continue
        if any(r[0] <= s < r[1] for r in raw):
            continue
        raw.append((s, e, printed, value, None, None, "exact", unit))
    raw.sort(key=lambda r: r[0])
    # ranges: "5-8 million", "between 600,000 and 700,000", "600,000 to 700,000"
    merged = []
    i = 0
    while i < len(raw):
        r = raw[i]
        if i + 1 < len(raw) and r[3] is not None and raw[i + 1][3] is not None and RANGE_RE.match(text[r[1]:raw[i + 1][0]]) and r[7] == raw[i + 1][7]:
            nxt = raw[i + 1]
            joiner = text[r[1]:nxt[0]].strip().lower()
            between = re.search(r"between\s+$", text[:r[0]], re.IGNORECASE)
            if joiner != "and" or between:
                lo, hi = r[3], nxt[3]
                if lo < hi / 100 and re.search(r"million|thousand|billion", nxt[2], re.IGNORECASE):
                    lo *= hi / float(re.sub(r"[^\d.]", "", nxt[2].split()[0]) or 1) if re.match(r"[\d.]", nxt[2]) else 1
                if lo < hi:
                    s = between.start() if between else r[0]
                    merged.append((s, nxt[1], text[s:nxt[1]].strip(), None, lo, hi, "range", r[7]))
                    i += 2
                    continue
        merged.append(r)
        i += 1
    return merged


def _qualifier_before(text: str, start: int, qualifiers: list[dict]) -> tuple[str | None, int]:
    before = text[:start].lower().rstrip()
    before = re.sub(r"\b(?:a\s+total\s+of|a|an|the)$", "", before).rstrip()
    best = None
    for row in qualifiers:
        if re.search(rf"(?<![\w-]){re.escape(row['phrase'])}$", before) and (best is None or len(row["phrase"]) > len(best["phrase"])):
            best = row
    return (best["term"], len(best["phrase"])) if best else (None, 0)


def _nearest(matches: list[Match], start: int, end: int, lo: int = 0, hi: int | None = None) -> Match | None:
    hi = math.inf if hi is None else hi
    inside = [m for m in matches if m.start >= lo and m.end <= hi]
    if not inside:
        return None
    return min(inside, key=lambda m: (m.start - end if m.start >= end else start - m.end, m.start < start))


def read_sentence(sentence: str, words: list[dict]) -> list[Figure]:
    """Every figure of ``sentence``, in order, with the interval its words allow and its context.

    ``words`` are the check_words rows (dicts). Returns [] when the sentence has no figure.
    """
    text = sentence
    by_kind: dict[str, list[dict]] = {}
    for row in words:
        by_kind.setdefault(row["kind"], []).append(row)
    context = _phrase_matches(text, [r for k in ("measure", "category", "region", "operation", "period", "plan", "vague") for r in by_kind.get(k, [])])
    periods = _periods(text, [m for m in context if m.kind == "period"])
    blocked = [False] * len(text)
    for m in context:
        if m.kind in ("operation", "period"):
            blocked[m.start:m.end] = [True] * (m.end - m.start)
    for s, e, _ in periods:
        blocked[s:e] = [True] * (e - s)
    for rx in (LABEL_RE, RATIO_RE):
        for m in rx.finditer(text):
            blocked[m.start():m.end()] = [True] * (m.end() - m.start())
    vague = [m for m in context if m.kind == "vague"]
    for m in vague:
        blocked[m.start:m.end] = [True] * (m.end - m.start)
    found = _figures(text, blocked, vague)
    figures: list[Figure] = []
    for k, (s, e, printed, value, low, high, form, unit) in enumerate(found):
        qualifier, _ = _qualifier_before(text, s, by_kind.get("qualifier", []))
        qualifier = form if form in ("range", "vague") else (qualifier or "exact")
        claim = {"value": value, "qualifier": qualifier, "value_low": low, "value_high": high, "value_printed": _rounding_print(printed, value),
                 "unit": unit, "quote": text, "measure": ""}
        interval, why = claim_interval(claim)
        lo_b = found[k - 1][1] if k else 0
        hi_b = found[k + 1][0] if k + 1 < len(found) else len(text)
        fig = Figure(printed, s, e, value, None, None, qualifier, unit, why)
        if interval is not None:
            fig.low = None if qualifier in ("less_than", "at_most") and low is None else interval.lo
            fig.high = None if interval.hi == math.inf else interval.hi
        pick = lambda kind: [m for m in context if m.kind == kind]  # noqa: E731
        measure = _nearest(pick("measure"), s, e, lo_b, hi_b) or _nearest(pick("measure"), s, e)
        fig.measure = measure.term if measure else None
        plans = pick("plan")
        fig.plan = any(min(abs(p.start - e), abs(s - p.end)) == min(min(abs(p.start - f[1]), abs(f[0] - p.end)) for f in found) for p in plans)
        operation = _nearest(pick("operation"), s, e)
        # a named group ("counterrevolutionary crimes", "army officers") before the generic "people"
        specific = [m for m in pick("category") if m.term != GENERIC_CATEGORY]
        category = (_nearest(specific, s, e, lo_b, hi_b) or _nearest(pick("category"), s, e, lo_b, hi_b)
                    or _nearest(specific, s, e) or _nearest(pick("category"), s, e))
        fig.operation = text[operation.start:operation.end] if operation else None
        if operation and (category is None or category.term == GENERIC_CATEGORY):
            fig.category = operation.term
        else:
            fig.category = category.term if category else GENERIC_CATEGORY
        region = _nearest(pick("region"), s, e)
        fig.region = region.term if region else None
        if periods:
            p = min(periods, key=lambda x: x[0] - e if x[0] >= e else s - x[1])[2]
            fig.period = p
        elif operation:
            fig.period = Period(operation.row["period_start"], operation.row["period_end"], text[operation.start:operation.end], "operation")
        figures.append(fig)
    return figures
