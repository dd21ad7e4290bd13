"""Check a sentence: every figure in it judged against every producer's figure for the quantity it speaks of.

``check(sentence)`` returns::

    {"sentence": str, "figures": [{"printed": str, "low": number|None, "high": number|None,
      "quantity_id": str|None, "verdict": "consistent"|"inconsistent"|"not_covered",
      "compared": [{"claim_id", "value_printed", "producer_id", "producer_kind", "root", "fits"}],
      "confusion": None | {"kind": "measure"|"plan"|"period"|"scope", "quantity_id", "claim_ids", "explanation"}}]}

The figures are read by ``engine.sentence.read_sentence`` with the check_words
table. A figure's quantity is the one with its measure, category (an
operation's category), region (USSR unless named) and period (the years; a
running total "by November 1938" by its end). The verdict is decided by the
figures of producers that counted (check_words gives each producer kind its
role): ``consistent`` when the figure's interval overlaps one of theirs,
``inconsistent`` when it overlaps none; estimates and claims are listed,
never deciding; ``not_covered`` when no quantity, or no count, covers it, and
when the sentence names no period (no year, named period or operation): no
period is chosen for it; the text answer says so and lists the verdict against
each period the data counts (``_no_period`` of ``check_with_notes``). An
inconsistent figure gets the likeliest confusion: the figure fits a count of
another measure (same period, place, category), a limit or plan, another
period, or another scope (category or region), in that order of preference,
counts before estimates. Raises CheckInputError for an empty sentence or one
over 2,000 characters.
"""

from __future__ import annotations

from dataclasses import replace

from repression_data.engine.intervals import Interval, claim_interval, fmt_number
from repression_data.engine.sentence import Figure, Period, printable, read_sentence
from repression_data.shipped.checkdata import CheckData, check_data

MAX_CHARS = 2000
# A figure names a confusion only when it is informative: both ends finite and within this factor of each other
# (the rule of 'corroborated' in issue 20: a count, or an estimate with both ends within a factor of 1.5).
INFORMATIVE_FACTOR = 1.5
CONFUSION_ORDER = ("measure", "plan", "period", "scope")


class CheckInputError(ValueError):
    """A sentence the check cannot read: empty or too long."""


def _years(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    return (start[:4] if start else None, end[:4] if end else None)


def _period_fits(fig: Figure, start: str | None, end: str | None, loose: bool = False) -> bool:
    """The figure's period is the claim's or quantity's: same years, or (a running total) the same month of its end
    (``loose``, for a quantity: the same year of its end)."""
    p = fig.period
    if p is None:
        return True
    if p.kind == "by":
        return bool(end) and end[:7 if not loose else 4] == p.end[:7 if not loose else 4]
    return _years(start, end) == _years(p.start, p.end)


def _claim_interval(c: dict) -> Interval | None:
    """The claim's interval (``intervals.claim_interval``), kept on the claim's dict after the first use."""
    if "_interval" not in c:
        c["_interval"], _ = claim_interval({**c, "quote": c.get("quote") or ""})
    return c["_interval"]


def _fits(fig: Figure, c: dict) -> bool:
    other = _claim_interval(c)
    if other is None:
        return False
    mine = Interval(fig.low if fig.low is not None else 0.0, fig.high if fig.high is not None else float("inf"))
    return mine.lo <= other.hi and other.lo <= mine.hi and not (mine.lo == other.hi and (other.hi_open or mine.lo_open)) \
        and not (other.lo == mine.hi and other.lo_open)


def _same_key(fig: Figure, c: dict, measure: str | None = None, period: bool = True) -> bool:
    return (c.get("measure") == (measure or fig.measure) and c.get("category") == fig.category
            and c.get("region") == (fig.region or "USSR") and (not period or _period_fits(fig, c.get("period_start"), c.get("period_end"))))


def _quantity_for(fig: Figure, data: CheckData) -> str | None:
    """The quantity the figure speaks of: its measure, category, region and period; the likeliest where several match."""
    matches = [q for q in data.quantities.values() if q["measure"] == fig.measure and q["category"] == fig.category
               and q["region"] == (fig.region or "USSR") and _period_fits(fig, q["period_start"], q["period_end"], loose=True)]
    if not matches:
        return None

    def score(q):
        qid = q["quantity_id"]
        own = [data.claims[c] for c in data.of_quantity.get(qid, []) if c in data.claims and data.scope(qid, c) != "different_scope"]
        counts = sum(1 for c in own if data.role(c) == "count" and not data.is_plan(c, qid))
        fits = any(_fits(fig, c) and (i := _claim_interval(c)) is not None and _informative(i.lo, i.hi) for c in own)
        start, end = (q["period_start"] or "")[:4], (q["period_end"] or "")[:4]
        span = int(end) - int(start) if start and end else -1
        # a quantity whose own counts can decide; then one whose figures it fits; then the longest period
        return (counts > 0, fits, span, counts, len(own), qid)
    return max(matches, key=score)["quantity_id"]


def _deciders(fig: Figure, qid: str, data: CheckData) -> list[dict]:
    """Count figures that decide: the quantity's own, and any other claim with the same measure, category, region and period."""
    q = data.quantities[qid]
    if fig.period is None:
        fig.period = Period(q["period_start"], q["period_end"] or "", "", "quantity")
    own = [data.claims[c] for c in data.of_quantity[qid] if c in data.claims and data.scope(qid, c) != "different_scope"]
    # a claim the quantity keeps out or shows beside it (excluded, different_scope) never decides it
    keyed = [c for c in data.claims.values() if _same_key(fig, c) and data.scope(qid, c["claim_id"]) not in ("excluded", "different_scope")]
    pool = {c["claim_id"]: c for c in own + keyed}
    counts = [c for c in pool.values() if data.role(c) == "count" and c.get("unit") == fig.unit and data.is_plan(c, qid) == fig.plan]
    # an open bound ("at least 328,000") decides only where no count gives both ends
    informative = [c for c in counts if (i := _claim_interval(c)) is not None and _informative(i.lo, i.hi)]
    return informative or counts


def _informative(lo: float | None, hi: float | None) -> bool:
    return lo is not None and hi is not None and lo > 0 and hi != float("inf") and hi <= lo * INFORMATIVE_FACTOR


def _confusion(fig: Figure, data: CheckData) -> dict | None:
    """The likeliest confusion: another measure, a plan, another period or another scope whose figure this one fits.

    Only informative figures name one (both ends within a factor of 1.5): 'two million' (1.5-2.5 million) or
    'more than 300,000' fits too much to say what it was taken for."""
    if not _informative(fig.low, fig.high):
        return None
    found: dict[str, list[dict]] = {k: [] for k in CONFUSION_ORDER}
    for c in data.claims.values():
        if c.get("unit") != fig.unit or not _fits(fig, c):
            continue
        interval = _claim_interval(c)
        if interval is None or not _informative(interval.lo, interval.hi):
            continue
        plan = data.is_plan(c)
        same_scope = c.get("category") == fig.category and c.get("region") == (fig.region or "USSR")
        period = _period_fits(fig, c.get("period_start"), c.get("period_end"))
        same_measure = c.get("measure") == fig.measure or (plan and data.measure_kind.get(c.get("measure") or "") == "plan")
        if plan != fig.plan:
            if (same_scope or c.get("category") == fig.category) and (period or fig.period is None or fig.period.kind == "operation"
                                                                   or c.get("category") == fig.category != "all_persons"):
                found["plan"].append(c)
            continue
        if not same_measure and same_scope and period:
            found["measure"].append(c)
        elif same_measure and same_scope and not period and c.get("period_end"):
            found["period"].append(c)
        elif same_measure and not same_scope and period:
            found["scope"].append(c)
    if not any(found.values()) and fig.low == fig.high:
        # an exact figure found nowhere else but in a count of another measure, period or scope at once (786,098
        # executions 'during the Great Terror': the KGB's death sentences of 1930-53) is the classic mis-citation
        for c in data.claims.values():
            if c.get("unit") != fig.unit or data.is_plan(c) != fig.plan or not _fits(fig, c):
                continue
            interval = _claim_interval(c)
            if interval is None or not interval.is_point:
                continue
            differs = _differences(fig, c, data)
            if differs:
                found[differs[0]].append(c)
    best = None
    for kind in CONFUSION_ORDER:
        cands = found[kind]
        if not cands:
            continue
        counts = [c for c in cands if data.role(c) == "count"]
        chosen = counts or cands
        rank = (0 if counts else 1, CONFUSION_ORDER.index(kind))
        if best is None or rank < best[0]:
            best = (rank, kind, chosen)
    if best is None:
        return None
    _, kind, chosen = best
    qids = [c.get("quantity_id") for c in chosen if c.get("quantity_id")]
    qid = max(set(qids), key=qids.count) if qids else None
    chosen = sorted(chosen, key=lambda c: (c.get("quantity_id") != qid, c["claim_id"]))[:6]
    return {"kind": kind, "quantity_id": qid, "claim_ids": [c["claim_id"] for c in chosen],
            "explanation": _explain(kind, fig, chosen, qid, data)}


def _differences(fig: Figure, c: dict, data: CheckData) -> list[str]:
    """What a claim differs in from the figure: 'measure', 'period', 'scope' (category or region), in that order."""
    out = []
    if c.get("measure") != fig.measure:
        out.append("measure")
    if not _period_fits(fig, c.get("period_start"), c.get("period_end")):
        out.append("period")
    if c.get("category") != fig.category or c.get("region") != (fig.region or "USSR"):
        out.append("scope")
    return out


def _what(c: dict, data: CheckData) -> str:
    period = _period_words(c.get("period_start"), c.get("period_end"))
    return f"{data.label('measures', c.get('measure')).lower()} ({data.label('categories', c.get('category')).lower()}, {c.get('region')}{', ' + period if period else ''})"


def _period_words(start: str | None, end: str | None) -> str:
    if not end:
        return ""
    if start and start[:4] == end[:4]:
        return end[:4] if start[5:] == "01-01" and end[5:] == "12-31" else f"{start} to {end}"
    if start and start[5:] == "01-01" and end[5:] == "12-31":
        return f"{start[:4]}-{end[2:4]}"
    return f"{start + ' to ' if start else 'up to '}{end}"


def cite(c: dict) -> str:
    """'Getty and Naumov (1999), p. 591' for a claim: its text and page (or locator)."""
    who = f"{c.get('source_authors') or 'Anonymous'} ({c.get('source_year') or 'n.d.'})"
    page = c.get("page")
    return f"{who}, p. {page}" if page is not None else f"{who}, {c.get('locator')}"


def _explain(kind: str, fig: Figure, chosen: list[dict], qid: str | None, data: CheckData) -> str:
    c = chosen[0]
    head = f"'{fig.printed}' fits {c['value_printed']} ({c['claim_id']}, {cite(c)})"
    differs = _differences(fig, c, data)
    if len(differs) > 1:
        words = {"measure": "measure", "period": "period", "scope": "scope (category or region)"}
        return (f"{head}, a figure of {_what(c, data)}: another {' and '.join(words[d] for d in differs)} at once, "
                "the figure of another count cited for this one.")
    if kind == "measure":
        return f"{head}, a figure of {_what(c, data)}: another measure of the same period and place."
    if kind == "plan":
        return f"{head}, a limit or plan, not an outcome ({_what(c, data)})." if not fig.plan else f"{head}, an outcome, not a plan ({_what(c, data)})."
    if kind == "period":
        return f"{head}, a figure for another period: {_what(c, data)}."
    return f"{head}, a figure of another scope: {_what(c, data)}."


def _nearest_quantities(fig: Figure, data: CheckData, n: int = 3) -> list[str]:
    def years_apart(q) -> int:
        if fig.period is None or not q["period_end"]:
            return 0
        mine = (int((fig.period.start or fig.period.end)[:4]), int(fig.period.end[:4]))
        theirs = (int((q["period_start"] or q["period_end"])[:4]), int(q["period_end"][:4]))
        return max(0, theirs[0] - mine[1], mine[0] - theirs[1])

    def score(q):
        same = ((q["measure"] == fig.measure) * 3 + (q["category"] == fig.category) * 2 + (q["region"] == (fig.region or "USSR"))
                + (fig.period is not None and _period_fits(fig, q["period_start"], q["period_end"])) * 2)
        return (-same, years_apart(q), q["quantity_id"])
    return [q["quantity_id"] for q in sorted(data.quantities.values(), key=score)[:n]]


def _against_each_period(fig: Figure, data: CheckData) -> list[tuple[str, str]]:
    """(quantity id, verdict) for every quantity of the figure's measure, category and region, whatever its period,
    ordered by period: what the figure would be judged against each period a sentence without one might mean."""
    out = []
    for q in sorted(data.quantities.values(), key=lambda q: (q["period_start"] or "", q["period_end"] or "", q["quantity_id"])):
        if q["measure"] != fig.measure or q["category"] != fig.category or q["region"] != (fig.region or "USSR"):
            continue
        one = replace(fig, period=Period(q["period_start"], q["period_end"] or "", "", "quantity"))
        deciders = _deciders(one, q["quantity_id"], data)
        verdict = "no count" if not deciders else "consistent" if any(_fits(one, c) for c in deciders) else "inconsistent"
        out.append((q["quantity_id"], verdict))
    return out


def judge(fig: Figure, data: CheckData) -> dict:
    """The answer for one figure (the structure of ``check``), with 'nearest' and 'cited' kept for the text answer."""
    out = {"printed": fig.printed, "low": fig.low, "high": fig.high, "quantity_id": None, "verdict": "not_covered",
           "compared": [], "confusion": None}
    if fig.measure and fig.unit == "persons" and fig.period is None:
        # the sentence names no period: no period is chosen for it (least of all the one its figure fits); the figure
        # is judged openly against every quantity of its measure, category and region, and the verdict waits for a period
        out["_no_period"] = _against_each_period(fig, data)
        return out
    qid = _quantity_for(fig, data) if fig.measure and fig.unit == "persons" else None
    if qid is None:
        out["_nearest"] = _nearest_quantities(fig, data) if fig.measure else []
        if fig.measure and fig.period is not None:
            # counts of the same thing that no quantity gathers: named in the text answer, never a verdict
            out["_outside"] = [c["claim_id"] for c in data.claims.values() if _same_key(fig, c) and c.get("unit") == fig.unit
                               and data.role(c) == "count"][:5]
        return out
    out["quantity_id"] = qid
    deciders = _deciders(fig, qid, data)
    listed = [data.claims[c] for c in data.of_quantity[qid] if c in data.claims]
    seen = {c["claim_id"] for c in listed}
    listed += [c for c in deciders if c["claim_id"] not in seen]
    out["compared"] = [{"claim_id": c["claim_id"], "value_printed": c["value_printed"], "producer_id": c.get("producer_id"),
                        "producer_kind": c.get("producer_kind"), "root": c.get("root"), "fits": _fits(fig, c)} for c in listed]
    out["_deciding"] = [c["claim_id"] for c in deciders]
    out["_plan"] = fig.plan
    if not deciders:
        out["_no_count"] = True
        return out
    out["verdict"] = "consistent" if any(_fits(fig, c) for c in deciders) else "inconsistent"
    if out["verdict"] == "inconsistent":
        out["confusion"] = _confusion(fig, data)
    return out


def check(sentence: str, data: CheckData | None = None) -> dict:
    """Judge every figure of ``sentence`` (see the module's docstring for the structure returned).

    Raises CheckInputError for an empty sentence or one over 2,000 characters; a
    sentence without a figure gives ``figures`` empty.
    """
    answer = check_with_notes(sentence, data)
    for f in answer["figures"]:
        for key in [k for k in f if k.startswith("_")]:
            del f[key]
    return answer


def check_with_notes(sentence: str, data: CheckData | None = None) -> dict:
    """``check``, with each figure's private notes (_nearest, _deciding, _no_count) kept for the text answer."""
    if isinstance(sentence, str):
        sentence = printable(sentence)  # terminal escape codes are neither read nor printed back
    if not isinstance(sentence, str) or not sentence.strip():
        raise CheckInputError("the sentence is empty: give a sentence with a figure, e.g. \"The NKVD shot 681,692 people in 1937-38\"")
    if len(sentence) > MAX_CHARS:
        raise CheckInputError(f"the sentence has {len(sentence):,} characters; at most {MAX_CHARS:,} can be checked at once")
    data = data or check_data()
    text = " ".join(sentence.split())
    return {"sentence": sentence.strip(), "figures": [judge(f, data) for f in read_sentence(text, data.words)]}


def _fits_numbers(f: dict, c: dict) -> bool:
    other = _claim_interval(c)
    lo, hi = f["low"] if f["low"] is not None else 0.0, f["high"] if f["high"] is not None else float("inf")
    return other is not None and lo <= other.hi and other.lo <= hi


def _range_words(f: dict) -> str:
    lo, hi = f["low"], f["high"]
    if lo is None and hi is None:
        return "no number"
    if lo is None:
        return f"at most {fmt_number(hi)}"
    if hi is None:
        return f"more than {fmt_number(lo)}"
    return fmt_number(lo) if lo == hi else f"{fmt_number(lo)} to {fmt_number(hi)}"


def answer_text(answer: dict, data: CheckData | None = None) -> str:
    """The answer in a reader's words, with the text and page of every figure it uses.

    ``answer`` is what ``check_with_notes`` returns (``check``'s answer works too, without the nearest quantities)."""
    data = data or check_data()
    lines = [f"Sentence: {answer['sentence']}"]
    if not answer["figures"]:
        lines.append("No figure found in this sentence: nothing to check. Write the number in digits or words (\"681,692\", \"1.5 million\").")
        return "\n".join(lines)
    for n, f in enumerate(answer["figures"], 1):
        lines.append("")
        verdict = "not judged: the sentence names no period" if "_no_period" in f else VERDICT_WORDS[f["verdict"]]
        lines.append(f"{n}. '{f['printed']}' (read as {_range_words(f)}): {verdict}")
        qid = f["quantity_id"]
        if "_no_period" in f:
            lines.append("   The sentence names no period, so no verdict: the check does not choose one for it. Name the "
                         "period (\"in 1937-38\", \"in 1938\") to have it judged.")
            if f["_no_period"]:
                lines.append("   Against each period the data counts:")
                lines += [f"   - {data.quantities[q]['label']} ({q}): {VERDICT_WORDS.get(v, 'no producer that counted gives it')}"
                          for q, v in f["_no_period"]]
            continue
        if qid is None:
            near = f.get("_nearest") or []
            lines.append("   No quantity of the data speaks of this figure" + (f"; the nearest: {', '.join(near)}." if near else "."))
            outside = [data.claims[c] for c in f.get("_outside") or []]
            if outside:
                lines.append("   Counts of the same thing that no quantity gathers (shown, not judged):")
                lines += [_figure_line({"claim_id": c["claim_id"], "value_printed": c["value_printed"], "producer_kind": c.get("producer_kind"),
                                        "fits": _fits_numbers(f, c)}, data) for c in outside]
            continue
        q = data.quantities[qid]
        lines.append(f"   It speaks of {q['label']} ({qid})." + (f" Its producers' agreement: {q['agreement'].replace('_', ' ')}." if q.get("agreement") else ""))
        deciding = set(f.get("_deciding", []))
        counts = [c for c in f["compared"] if c["claim_id"] in deciding]
        others = [c for c in f["compared"] if c["claim_id"] not in deciding]
        if f.get("_no_count"):
            lines.append("   No producer that counted gives this quantity: the figures below are estimates or claims, which never decide.")
        if counts:
            lines.append("   The limits (plans) that decide:" if f.get("_plan") else "   The counts that decide:")
            lines += [_figure_line(c, data) for c in counts]
        if others:
            lines.append("   Also given (estimates, claims, other scopes; listed, not deciding):")
            lines += [_figure_line(c, data) for c in others]
        conf = f["confusion"]
        if conf:
            lines.append(f"   Likeliest confusion ({CONFUSION_WORDS[conf['kind']]}): {conf['explanation']}")
        elif f["verdict"] == "inconsistent":
            lines.append("   No confusion is named: no exact or narrow figure of another measure, plan, period or scope matches it "
                         "(a figure marked 'fits' above is of this quantity, or too wide to say what it was taken for).")
    return "\n".join(lines)


VERDICT_WORDS = {"consistent": "consistent with the counts", "inconsistent": "not consistent with the counts",
                 "not_covered": "not covered by the data's counts"}
CONFUSION_WORDS = {"measure": "another measure", "plan": "a plan taken for an outcome, or an outcome for a plan",
                   "period": "another period", "scope": "another scope"}


def _figure_line(c: dict, data: CheckData) -> str:
    claim = data.claims[c["claim_id"]]
    who = claim.get("producer_name") or "unnamed producer"
    kind = (c["producer_kind"] or "no producer named").replace("_", " ")
    mark = "fits" if c["fits"] else "does not fit"
    return f"   - {_with_qualifier(claim, c['value_printed'])} ({_what(claim, data)}): {who}, {kind}; {cite(claim)}; {c['claim_id']}; {mark}"


QUALIFIER_WORDS = {"more_than": "more than", "at_least": "at least", "less_than": "less than", "at_most": "at most", "approx": "about"}


def _with_qualifier(claim: dict, printed: str) -> str:
    """The print with the qualifier of its claim ("more than 700,000"), unless the print already says it."""
    words = QUALIFIER_WORDS.get(claim.get("qualifier") or "")
    if not words or printed.lower().startswith(words.split()[0]):
        return printed
    return f"{words} {printed}"
