"""Datasette plugin for the sentence check page: a form, the answer in words, and the same answer as JSON.

Routes (registered by ``serve.make_datasette``):

- ``/-/check?sentence=...``: the page (a form; with a sentence, the answer in a
  reader's words with pages, then the answer as JSON, exactly as ``rd.check``);
- ``/-/check.json?sentence=...``: the JSON alone (status 400 with ``{"error": ...}``
  for an empty sentence or one over 2,000 characters).

The check reads the database Datasette serves (its check_words, quantities and
claims tables), with sqlite3 only.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from datasette import Response, hookimpl

from repression_data.shipped.checkdata import check_data
from repression_data.shipped.sentence_check import CheckInputError, answer_text, check_with_notes

EXAMPLE = "The NKVD arrested 353,074 people in 1937"


def _database_path(datasette) -> Path | None:
    for db in datasette.databases.values():
        if db.path and Path(db.path).name.endswith(".db"):
            return Path(db.path)
    return None


def _answer(datasette, sentence: str) -> tuple[dict | None, str | None]:
    try:
        answer = check_with_notes(sentence, check_data(_database_path(datasette)))
    except (CheckInputError, FileNotFoundError) as exc:
        return None, str(exc)
    return answer, None


def _public(answer: dict) -> dict:
    return {"sentence": answer["sentence"], "figures": [{k: v for k, v in f.items() if not k.startswith("_")} for f in answer["figures"]]}


async def check_json(request, datasette):
    answer, error = _answer(datasette, request.args.get("sentence", ""))
    if error:
        return Response.json({"error": error}, status=400)
    return Response.json(_public(answer))


async def check_page(request, datasette):
    sentence = request.args.get("sentence", "")
    body = ""
    if "sentence" in request.args:
        answer, error = _answer(datasette, sentence)
        if error:
            body = f'<p id="check-error" class="message-error">{html.escape(error)}</p>'
        else:
            data = check_data(_database_path(datasette))
            body = (f'<h2>The answer</h2><pre id="check-answer" style="white-space: pre-wrap">{html.escape(answer_text(answer, data))}</pre>'
                    f'<h2>The same answer as JSON</h2><pre id="check-json" style="white-space: pre-wrap">'
                    f'{html.escape(json.dumps(_public(answer), ensure_ascii=False, indent=2))}</pre>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Check a sentence</title>
<link rel="stylesheet" href="{datasette.urls.static('app.css')}"></head>
<body><section class="content">
<p><a href="{datasette.urls.instance()}">home</a></p>
<h1>Check a sentence</h1>
<p>Write a sentence with a figure about the terror of the 1930s. Each figure is read with the rounding its words allow,
matched to the quantity it speaks of and judged against the counts of the producers that counted (archival statistics,
commissions); estimates and claims are listed, never deciding. Where a figure does not fit, the likeliest confusion is named:
another measure, a plan taken for an outcome, another period or another scope.</p>
<form id="check-form" action="{datasette.urls.path('/-/check')}" method="get">
<p><textarea name="sentence" rows="3" cols="80" maxlength="2000" placeholder="{html.escape(EXAMPLE)}">{html.escape(sentence)}</textarea></p>
<p><input type="submit" value="Check"> <a href="{datasette.urls.path('/-/check.json')}?sentence={html.escape(EXAMPLE)}">JSON</a></p>
</form>
{body}
</section></body></html>"""
    return Response.html(page)


@hookimpl
def register_routes():
    return [(r"^/-/check$", check_page), (r"^/-/check\.json$", check_json)]
