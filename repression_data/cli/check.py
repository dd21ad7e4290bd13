"""``repression-data check``: judge the figures of a sentence (or of a file of sentences, one a line)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from repression_data.cli.common import command
from repression_data.engine.sentence import printable

FORMATS = ("text", "json", "jsonl")
MAX_FILE_BYTES = 5_000_000


def register(sub) -> None:
    c = command(sub, "check", "judge the figures of a sentence against every producer",
                "Read every figure of a sentence about the terror (\"Stalin's NKVD shot 1.5 million people in 1937-38\") with "
                "the rounding its words allow, find the quantity it speaks of (measure, category, region, period), and judge "
                "it against the counts of the producers that counted (archival statistics, commissions); estimates and claims "
                "are listed, never deciding. Where a figure is inconsistent, the likeliest confusion is named: another measure, "
                "a plan taken for an outcome, another period or another scope. Works offline from the shipped tables. The exit "
                "status is 0 when every sentence could be read, whatever the verdicts; 1 for an empty sentence, one without a "
                "figure, one over 2,000 characters, or a file that is not text.",
                "repression-data check \"The NKVD arrested 353,074 people in 1937\"\n"
                "  repression-data check --file sentences.txt --format jsonl")
    c.add_argument("sentence", nargs="?", help="the sentence to check (quote it)")
    c.add_argument("--file", help="a text file of sentences, one a line (one answer a line, numbered by the file's own lines; "
                   "a blank line gets an answer saying it is blank)")
    c.add_argument("--format", choices=FORMATS, default="text", help="text (default): the answer in words, with citations; "
                   "json: the answer's structure; jsonl: one answer a line (for --file)")
    c.set_defaults(func=cmd_check)


def _sentences(args: argparse.Namespace) -> list[tuple[int, str]]:
    """(line number, sentence) of every line: the file's own numbering, blank lines kept (each gets its own answer)."""
    if args.file is None:
        if args.sentence is None:
            raise ValueError("give a sentence (in quotes) or --file F")
        return [(1, args.sentence)]
    if args.sentence is not None:
        raise ValueError("give either a sentence or --file, not both")
    path = Path(args.file)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    data = path.read_bytes()[:MAX_FILE_BYTES + 1]
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; split it")
    if b"\x00" in data:
        raise ValueError(f"{path}: not a text file (it holds binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not a UTF-8 text file (byte {exc.start} cannot be read)") from None
    lines = [line.strip() for line in text.splitlines()]
    if not any(lines):
        raise ValueError(f"{path}: the file holds no sentence")
    return list(enumerate(lines, 1))


def cmd_check(args: argparse.Namespace) -> int:
    from repression_data.shipped.sentence_check import CheckInputError, answer_text, check_with_notes

    try:
        sentences = _sentences(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    status = 0
    out = []
    for n, sentence in sentences:
        where = f"line {n}: " if args.file else ""
        try:
            if args.file and not sentence:
                raise CheckInputError("the line is blank: nothing to check")
            answer = check_with_notes(sentence)
        except CheckInputError as exc:
            if sentence or not args.file:  # a blank line of a file is answered in its place, but it is no error (the exit status stays 0)
                print(printable(f"error: {where}{exc}"), file=sys.stderr)
                status = 1
            # one answer per line, in input order, even for a line that cannot be read
            failed = {"sentence": printable(sentence[:200]), "figures": [], "error": str(exc)}
            if args.file:
                failed = {"line": n, **failed}
            if args.format == "jsonl":
                out.append(json.dumps(failed, ensure_ascii=False))
            elif args.format == "json":
                out.append(failed)
            else:
                out.append(f"{where.capitalize()}{printable(sentence[:200]) or '(blank)'}\nNot checked: {str(exc).rstrip('.')}.")
            continue
        if not answer["figures"]:
            print(printable(f"error: {where}no figure found in {sentence[:80]!r}: write the number in digits or words"), file=sys.stderr)
            status = 1
        public = {"sentence": printable(answer["sentence"]), "figures": [{k: v for k, v in f.items() if not k.startswith("_")} for f in answer["figures"]]}
        if args.file:
            public = {"line": n, **public}
        if args.format == "text":
            out.append((f"Line {n}\n" if args.file else "") + printable(answer_text(answer)))
        elif args.format == "jsonl":
            out.append(json.dumps(public, ensure_ascii=False))
        else:
            out.append(public)
    if not out:
        return status
    if args.format == "json":
        print(json.dumps(out[0] if len(out) == 1 and not args.file else out, ensure_ascii=False, indent=2))
    else:
        print(("\n\n" if args.format == "text" else "\n").join(out))
    return status
