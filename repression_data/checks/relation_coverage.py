"""Completeness audit of the relations: is every sentence that states arithmetic accounted for?

A sentence of a text that holds one of the TRIGGERS ("percent", "%", "half",
"third", "times", "total", "out of", "of whom", "of these", "the rest",
"remaining", "more than ... than", and the words of order and trend of
:mod:`order_coverage`: "fewer", "lower", "lowest", "fell", "rise", "steadily",
"majority", "nearly all", "roughly the same", ...) may state a relation between figures. Each
mention of a trigger (source, line, trigger) is put in exactly one class:

- ``relation``: the trigger's own figure (of the claims whose quote covers
  the trigger, the one printed nearest to it) is an operand or result of a
  relation (data/raw/relations.csv), or the trigger is printed on a line the
  relation names in its ``lines`` (a statement of order whose own sentence
  holds no figure: "declining steadily every year since 1931" against Table
  5); the relation ids are given;
- ``rule:<name>``: a documented rule says the sentence states no relation
  (it holds no claim at all; "at times"; "many times"; an ordinal "third"; ...);
  the rules are the functions in RULES, each with its reason in its docstring;
- ``hand``: listed in data/raw/coverage/relation_sentences.csv, either as a
  relation (with its relation ids) or as not one (with the reason);
- ``unclassified``: none of the above. The audit fails while any remain.

Rules apply before the hand list, and a hand row that no unclassified
mention needs is reported as stale, so the list holds only what the rules
cannot decide. Keys are (source_id, line, trigger), the line being the one
the trigger is printed on; several mentions of one trigger on one line share
a key. A sentence runs from one full stop (before a capital) to the next,
cut to WINDOW lines either side of the trigger. The audit needs the texts
(REPRESSION_DATA_SOURCES) and the claims' quotes (where each claim is printed).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from repression_data.checks.order_coverage import ORDER_RULES, ORDER_TRIGGERS
from repression_data.engine.relations import operand_claims
from repression_data.errors import Problem, RawDataError
from repression_data.read.folder import parse_file
from repression_data.read.rawspec import RELATION_SENTENCES

HAND_FILE = Path("coverage") / "relation_sentences.csv"
STATUSES = ("relation", "not_relation")

# trigger name -> pattern; matched case-insensitively over the text with line breaks
# (a word hyphenated across a line break, 'per-\ncent', is found).
TRIGGERS: dict[str, str] = {
    "percent": r"\bper-?\s*cent",
    "%": r"%",
    "half": r"\bhalf\b",
    "third": r"\bthirds?\b",
    "times": r"\btimes\b",
    "total": r"\btotals?\b",
    "out of": r"\bout\s+of\b",
    "of whom": r"\bof\s+whom\b",
    "of these": r"\bof\s+these\b",
    "the rest": r"\bthe\s+rest\b",
    "remaining": r"\bremaining\b",
    "more than ... than": r"\bmore\s+than\b(?=[^.;]*?\bthan\b)",
    **ORDER_TRIGGERS,  # statements of order and trend (issue 20): checks/order_coverage.py
}
# A sentence ends at a full stop, question or exclamation mark (with any closing quote and note marker,
# in digits or superscript)
# before a capital. Blank lines end none: the OCR breaks sentences with blank lines at page breaks.
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*[\d⁰¹²³⁴⁵⁶⁷⁸⁹]{0,3}\s+(?=[\"“‘(\[]?[A-Z])")
WINDOW = 3  # a sentence is cut to three lines either side of its trigger (tables have no full stops)


@dataclass(frozen=True)
class Mention:
    """One trigger printed in a sentence of a text."""

    source_id: str
    line: int
    trigger: str
    start: int  # offset of the trigger in the text
    end: int
    sentence: str  # the sentence, line breaks kept
    sentence_start: int  # offset of the sentence in the text
    first_line: int
    last_line: int

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.source_id, self.line, self.trigger)

    @property
    def before(self) -> str:
        return self.sentence[: self.start - self.sentence_start]

    @property
    def after(self) -> str:
        return self.sentence[self.end - self.sentence_start:]

    @property
    def matched(self) -> str:
        return self.sentence[self.start - self.sentence_start: self.end - self.sentence_start]


@dataclass
class Context:
    """What the rules may look at besides the sentence: where each claim's quote is printed."""

    claim_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def claims_in(self, source_id: str, start: int, end: int) -> int:
        """How many claims' quotes overlap the text from ``start`` to ``end``."""
        return sum(1 for a, b in self.claim_spans.get(source_id, []) if a < end and b > start)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _sentence_bounds(text: str) -> list[int]:
    """Offsets where sentences begin; a full stop after a lone capital (an initial, 'G. M.') ends none."""
    starts = [0]
    for m in SENTENCE_END.finditer(text):
        if m.group(0)[0] == "." and re.search(r"(?:^|[\s(])[A-Z]$", text[max(0, m.start() - 2): m.start()]):
            continue
        starts.append(m.end())
    return starts


def mentions_of(source_id: str, text: str) -> list[Mention]:
    """Every trigger of every sentence of one text, in order."""
    lines = _line_starts(text)
    sentences = _sentence_bounds(text)
    found = []
    for trigger, pattern in TRIGGERS.items():
        for m in re.finditer(pattern, text, re.IGNORECASE):
            line = bisect.bisect_right(lines, m.start())
            s = bisect.bisect_right(sentences, m.start()) - 1
            start = max(sentences[s], lines[max(0, line - 1 - WINDOW)])
            stop = sentences[s + 1] if s + 1 < len(sentences) else len(text)
            stop = min(stop, lines[line + WINDOW] if line + WINDOW < len(lines) else len(text))
            found.append(Mention(
                source_id, line, trigger, m.start(), m.end(), text[start:stop], start,
                bisect.bisect_right(lines, start), bisect.bisect_right(lines, max(start, stop - 1)),
            ))
    return sorted(found, key=lambda x: (x.start, x.trigger))


# ---- rules: each says why a mention states no relation -------------------------------------

def _no_claim(m: Mention, ctx: Context) -> bool:
    """The sentence holds no claim (no claim's quote overlaps it): every number in it, if any, is a year,
    a date, a reference, a note marker or a number the number audit (`coverage`) excludes with its
    reason, so it relates no recorded figures."""
    return ctx.claims_in(m.source_id, m.sentence_start, m.sentence_start + len(m.sentence)) == 0


def _times_idiom(m: Mention, ctx: Context) -> bool:
    """'times' as a period or a frequency word, not a multiple: 'at times', 'many times', 'in times of',
    'hard times', 'several times', 'The New York Times'."""
    if m.trigger != "times":
        return False
    if m.matched == "Times" and not re.search(r"(?:^|[.!?]\s*)$", m.before):
        return True
    return bool(re.search(r"\b(?:at|many|several|some|other|hard|difficult|modern|these|those|our|all|in|troubled|earlier|recent|Stalin's|Soviet|numerous|countless|different|various|few|other)\s+$", m.before, re.I))


def _third_ordinal(m: Mention, ctx: Context) -> bool:
    """'third' as an ordinal (the third plenum, a third point, the Third International), not a fraction:
    not preceded by 'one' or 'two' and not followed by 'of' or by the end of a phrase."""
    if m.trigger != "third" or m.matched.lower() == "thirds":
        return False
    if re.search(r"\b(?:one|two)[- ]?\s*$", m.before, re.I):
        return False
    return bool(re.match(r"[- ]?\s*[A-Za-z]", m.after)) and not re.match(r"\s+of\b", m.after, re.I)


def _half_of_a_period(m: Mention, ctx: Context) -> bool:
    """'the first half of 1937', 'half an hour', 'a year and a half', 'a two-and-a-half year campaign',
    'half-measures': a part of a period or an idiom, not a share."""
    if m.trigger != "half":
        return False
    return bool(
        re.search(r"(?:first|second|latter|early|earlier|later)\s+$", m.before, re.I)
        or re.match(r"(?:\s+(?:an? hour|a day|a year|the year|of the year|of 19|of the 19|a century|the time)|-(?:hearted|way|truths?|measures?|dead|starved|fully))", m.after, re.I)
        or (re.search(r"\band[- ]a[- ]?$", m.before, re.I) and re.match(r"[- ]+(?:years?|months?|hours?|days?|weeks?)\b", m.after, re.I))
        or (re.search(r"\b(?:a|an)\s+\w+\s+and\s+a\s+$", m.before, re.I) and re.match(r"\s*[,.;)]", m.after))
    )


def _half_in_a_number(m: Mention, ctx: Context) -> bool:
    """'half' inside a number ('half a million', 'one-and-a-half to two million'), not a share of another figure."""
    if m.trigger != "half" or re.match(r"[- ]+times\b", m.after, re.I):
        return False
    return bool(
        re.match(r"\s+(?:a\s+)?(?:million|thousand|hundred)\b", m.after, re.I)
        or (re.search(r"\b(?:one|two|three|four|five)[- ]and[- ]a[- ]$", m.before, re.I) and re.match(r"[- ]+to\b|[- ]+(?:million|thousand)", m.after, re.I))
    )


def _out_of_idiom(m: Mention, ctx: Context) -> bool:
    """'out of' in an idiom (out of fear, out of loyalty, came out of the plenum, went out of its way), not 'n out of N'."""
    if m.trigger != "out of":
        return False
    return bool(re.match(r"\s+(?:sheer|fear|loyalty|desperation|the window|(?:its|his|her|their|our|my) way|the June|the (?:plenum|meeting|session)|control|print|office|favor|power|hand|touch|date|the question)\b", m.after, re.I)
                or re.search(r"\b(?:came|come|comes|went|go|grew|grow|threw|thrown|sorting|sort|get|got|carried|carry)\s+$", m.before, re.I))


def _the_rest_of_a_whole_not_counted(m: Mention, ctx: Context) -> bool:
    """'the rest of the/his/their ...' followed by a word for a place, a time or a text (the rest of the
    country, of his life, of the war, of the document): a part of something not counted."""
    if m.trigger != "the rest":
        return False
    return bool(re.match(r"\s+of\s+(?:the|his|her|their|its|our|this|that)?\s*(?:country|world|USSR|Soviet Union|party leadership|leadership|life|lives|war|decade|year|period|day|night|session|meeting|plenum|text|document|letter|speech|book|chapter|story|time|century|Politburo|Central Committee|Europe|population|society|nation)\b", m.after, re.I))


RULES: dict[str, Callable[[Mention, Context], bool]] = {
    "no_claim": _no_claim,
    "times_idiom": _times_idiom,
    "third_ordinal": _third_ordinal,
    "half_of_a_period": _half_of_a_period,
    "half_in_a_number": _half_in_a_number,
    "out_of_idiom": _out_of_idiom,
    "the_rest_of_a_whole_not_counted": _the_rest_of_a_whole_not_counted,
    **ORDER_RULES,
}


def rule_reasons() -> dict[str, str]:
    """Rule name -> its reason (the first line of its docstring, folded)."""
    return {name: " ".join((rule.__doc__ or "").split()) for name, rule in RULES.items()}


# ---- the hand list ---------------------------------------------------------------------------

def read_hand_list(raw_dir: Path, text_lines: dict[str, int], relation_ids: set[str], problems: list[Problem]) -> pd.DataFrame:
    """data/raw/coverage/relation_sentences.csv, checked: known source and trigger, line inside the text,
    status relation (with existing relation ids, ';'-separated) or not_relation (with a reason); no key twice."""

    path = raw_dir / HAND_FILE
    if not path.exists():
        return pd.DataFrame(columns=[c.name for c in RELATION_SENTENCES.columns])
    parsed = parse_file(path, RELATION_SENTENCES, raw_dir.parent.parent, problems)
    seen = set()
    for i, row in enumerate(parsed.frame.itertuples(index=False)):
        origin = parsed.origins[i]

        def bad(field_name: str, message: str) -> None:
            problems.append(Problem(origin.file, origin.record, field_name, message))

        if row.source_id not in text_lines:
            bad("source_id", f"{row.source_id!r} is not a source")
        elif not pd.isna(row.line) and not 1 <= row.line <= text_lines[row.source_id]:
            bad("line", f"{row.line} is outside the text's lines 1-{text_lines[row.source_id]}")
        if row.trigger not in TRIGGERS:
            bad("trigger", f"{row.trigger!r} is not one of {', '.join(TRIGGERS)}")
        if row.status not in STATUSES:
            bad("status", f"{row.status!r} is not one of {', '.join(STATUSES)}")
        ids = [r for r in str(row.relation_id or "").split(";") if r] if isinstance(row.relation_id, str) else []
        if row.status == "relation":
            if not ids:
                bad("relation_id", "a relation needs its relation id(s)")
            for rid in ids:
                if rid not in relation_ids:
                    bad("relation_id", f"{rid!r} is not a relation")
        if row.status == "not_relation" and ids:
            bad("relation_id", "leave empty for not_relation")
        if row.status == "not_relation" and not (isinstance(row.reason, str) and row.reason.strip()):
            bad("reason", "a sentence that is not a relation needs the reason")
        key = (row.source_id, row.line, row.trigger)
        if key in seen:
            bad("line", f"{row.source_id} line {row.line} {row.trigger!r} is listed twice")
        seen.add(key)
    return parsed.frame


# ---- the audit -------------------------------------------------------------------------------

@dataclass
class SentenceAudit:
    classes: dict[Mention, str]
    relation_ids: dict[Mention, str]
    stale: list[tuple[str, int, str]]  # hand rows that match no mention

    def counts(self) -> pd.DataFrame:
        rows = Counter((m.source_id, c.split(":")[0]) for m, c in self.classes.items())
        table = pd.Series(rows).unstack(fill_value=0) if rows else pd.DataFrame()
        return table.reindex(columns=["relation", "rule", "hand", "unclassified"], fill_value=0)

    def unclassified(self) -> list[Mention]:
        return [m for m, c in self.classes.items() if c == "unclassified"]

    def table(self) -> pd.DataFrame:
        """One row per key: source_id, line, trigger, class, relation_id, the sentence (folded)."""
        rows = {}
        for m, c in self.classes.items():
            if m.key not in rows:
                rows[m.key] = {"source_id": m.source_id, "line": m.line, "trigger": m.trigger, "class": c,
                               "relation_id": self.relation_ids.get(m, ""), "sentence": " ".join(m.sentence.split())}
            elif c == "unclassified":
                rows[m.key]["class"] = c
        return pd.DataFrame(list(rows.values()))


def _related_claims(relations: pd.DataFrame) -> dict[str, list[str]]:
    """claim id -> ids of the relations it is an operand or result of."""

    related: dict[str, list[str]] = {}
    for rel in relations.itertuples(index=False):
        ids = [c for o in rel.operands.split(";") for c in operand_claims(o)]
        if isinstance(rel.result, str) and rel.result and rel.result != "?":
            ids.append(rel.result)
        for c in ids:
            related.setdefault(c, []).append(rel.relation_id)
    return related


def _relation_lines(relations: pd.DataFrame) -> dict[tuple[str, int], list[str]]:
    """(source_id, line) -> ids of the relations that name the line in their ``lines`` column."""
    out: dict[tuple[str, int], list[str]] = {}
    if "lines" not in relations.columns:
        return out
    for rel in relations.itertuples(index=False):
        if isinstance(rel.lines, str) and rel.lines:
            for line in rel.lines.split(";"):
                out.setdefault((rel.source_id, int(line)), []).append(rel.relation_id)
    return out


def quote_spans(claims: pd.DataFrame, text: str) -> list[tuple[int, int, object]]:
    """(start, end, claim) of each claim's quote in the text, found near its line; a quote that cannot be
    placed exactly (the quote joined a hyphenated word) spans its whole line."""
    lines = _line_starts(text)
    spans = []
    for claim in claims.itertuples(index=False):
        line = int(claim.line)
        lo = lines[max(0, line - 1 - 5)]
        hi = lines[line + 5] if line + 5 < len(lines) else len(text)
        words = claim.quote.split()
        m = re.search(r"\s+".join(re.escape(w) for w in words), text[lo:hi]) if words else None
        if m:
            spans.append((lo + m.start(), lo + m.end(), claim))
        else:
            spans.append((lines[line - 1], lines[line] if line < len(lines) else len(text), claim))
    return spans


def _own_relations(m: Mention, spans: list[tuple[int, int, object]], related: dict[str, list[str]], text: str) -> list[str]:
    """Relations of the trigger's own figure: among the claims whose quote covers the trigger, the one
    whose printed value stands nearest to it ('5,131 party members (8 percent of ...)': 'percent' is the 8's).
    Empty when that claim is in no relation."""
    covering = []
    for start, end, claim in spans:
        if start <= m.start < end:
            printed = str(claim.value_printed)
            places = [start + x.start() for x in re.finditer(re.escape(printed), text[start:end])] or [start]
            covering.append((min(abs(p - m.start) for p in places), claim))
    if not covering:
        return []
    nearest = min(d for d, _ in covering)
    ids: list[str] = []
    for d, claim in covering:
        if d == nearest and claim.claim_id in related:
            ids += [r for r in related[claim.claim_id] if r not in ids]
    return ids


def audit_sentences(claims: pd.DataFrame, sources: pd.DataFrame, relations: pd.DataFrame, texts_dir: Path, raw_dir: Path) -> SentenceAudit:
    """Classify every trigger mention of every text; raises RawDataError when the hand list is invalid."""
    problems: list[Problem] = []
    text_lines = dict(zip(sources["source_id"], sources["text_lines"]))
    hand = read_hand_list(raw_dir, text_lines, set(relations["relation_id"]), problems)
    if problems:
        raise RawDataError(problems)
    hand_rows = {(r.source_id, int(r.line), r.trigger): r for r in hand.itertuples(index=False)}
    ctx = Context()
    related = _related_claims(relations)
    on_lines = _relation_lines(relations)
    classes: dict[Mention, str] = {}
    relation_ids: dict[Mention, str] = {}
    used = set()
    for source in sources.itertuples(index=False):
        text = (texts_dir / source.text_file).read_text(encoding="utf-8")
        spans = quote_spans(claims[claims["source_id"] == source.source_id], text)
        ctx.claim_spans[source.source_id] = [(a, b) for a, b, _ in spans]
        for m in mentions_of(source.source_id, text):
            own = _own_relations(m, spans, related, text) or on_lines.get((m.source_id, m.line), [])
            if own:
                classes[m], relation_ids[m] = "relation", ";".join(own)
                continue
            rule = next((name for name, check in RULES.items() if check(m, ctx)), None)
            if rule:
                classes[m] = f"rule:{rule}"
            elif m.key in hand_rows:
                used.add(m.key)
                row = hand_rows[m.key]
                classes[m] = "hand"
                relation_ids[m] = row.relation_id if row.status == "relation" else ""
            else:
                classes[m] = "unclassified"
    stale = sorted(set(hand_rows) - used)
    return SentenceAudit(classes, relation_ids, stale)
