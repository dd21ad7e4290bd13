"""`repression-data serve` as a reader meets it: a real server on 127.0.0.1, a bounded load, and headless Chromium.

The browser test drives Debian's Chromium (/usr/bin/chromium, `apt-get install
chromium`; .ci/run installs it) through playwright, never a browser that
playwright downloads. Without Chromium the test skips, except in CI (CI set),
where it fails. With REPRESSION_DATA_SCREENSHOTS=<folder> it also saves its
screenshots there (docs/img holds the README's).
"""

from __future__ import annotations

import html
import http.client
import json
import os
import socket
import sys
from pathlib import Path

import pytest

pytest.importorskip("datasette", reason="Datasette is the serve extra: pip install 'repression-data[serve]' (make test installs it)")

import repression_data as rd  # noqa: E402
from repression_data.paths import REPO_DIR  # noqa: E402
from repression_data.publish.sqlite import DATABASE_NAME  # noqa: E402
from repression_data.shipped.search import search  # noqa: E402

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
from load import free_port, request_mix, run_load, start_server, stop_server  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")


server_process: list = []


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = start_server(port)
    server_process[:] = [process]
    yield f"http://127.0.0.1:{port}", port
    stop_server(process)


def fetch(host: str, port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read().decode("utf-8")


def test_serve_answers_on_127_0_0_1_with_claim_pages_and_json(server):
    _, port = server
    claim = rd.load("claims").set_index("claim_id").loc["GN-0542"]
    status, body = fetch("127.0.0.1", port, f"/{DATABASE_NAME}/claims/GN-0542")
    assert status == 200 and claim["quote"] in html.unescape(body) and claim["value_printed"] in body
    status, body = fetch("127.0.0.1", port, f"/{DATABASE_NAME}/claims.json?measure=death_sentences&_shape=array&_size=max")
    claims = rd.load("claims")
    assert status == 200 and sorted(r["claim_id"] for r in json.loads(body)) == sorted(claims.loc[claims["measure"] == "death_sentences", "claim_id"])


def listening_addresses(port: int) -> set[str]:
    """The local addresses that sockets listening on ``port`` are bound to, read from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).is_file():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                if len(raw) == 4:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    found.add(socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))))
    return found


def test_serve_listens_on_loopback_only(server):
    _, port = server
    if not Path("/proc/net/tcp").is_file():
        pytest.skip("no /proc/net/tcp on this system to read the listening address from")
    assert listening_addresses(port) == {"127.0.0.1"}


def test_bounded_load_against_loopback(server):
    base, _ = server
    claims = rd.load("claims")
    mix = request_mix(list(claims["claim_id"].head(4)), sorted(claims["measure"].unique())[:2], ["shot", "expelled"])
    result = run_load(base, mix, clients=4, per_client=5, budget_s=60)
    assert result["requests"] == 20 and result["errors"] == 0 and result["complete"]
    assert 0 < result["all"]["p50"] <= result["all"]["p95"] <= result["all"]["max"]
    with pytest.raises(ValueError, match="this machine only"):
        run_load("http://192.0.2.1:8001", mix, clients=1, per_client=1, budget_s=1)


def test_a_reader_searches_a_figure_and_opens_its_claim_in_chromium(server, tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (.ci/run does: apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    base, _ = server
    claim = rd.load("claims").set_index("claim_id").loc["GN-0542"]
    shots = [tmp_path]
    if os.environ.get("REPRESSION_DATA_SCREENSHOTS"):
        shots.append(Path(os.environ["REPRESSION_DATA_SCREENSHOTS"]))
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(f"{base}/{DATABASE_NAME}/claims")
            box = page.locator("input[name=_search]").bounding_box()
            assert box and box["y"] + box["height"] < 900  # the search box on the first screen (column descriptions folded)
            # The figure as a reader types it, without its separators ("681692" for "681,692").
            page.fill("input[name=_search]", claim["value_printed"].replace(",", ""))
            page.press("input[name=_search]", "Enter")
            page.wait_for_url("**_search=**")
            link = page.locator("table.rows-and-columns a[href$='/claims/GN-0542']").first
            assert link.is_visible()
            assert page.locator("table.rows-and-columns").first.bounding_box()["y"] < 900  # the results on the first screen too
            assert "681692.0" not in page.content() and "681,692" in page.inner_text("table.rows-and-columns")
            page.locator("form.filters").first.evaluate("form => form.scrollIntoView()")
            for folder in shots:
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(folder / "search-result.png"))
            link.click()
            page.wait_for_url("**/claims/GN-0542")
            assert page.inner_text("#claim-quote") == f"“{claim['quote']}”"
            assert page.inner_text("#claim-print") == claim["value_printed"]
            assert f"page {claim['page']}" in page.inner_text("#claim-where") and claim["locator"] in page.inner_text("#claim-where")
            assert page.inner_text("#citation-apa") == rd.cite("GN-0542")
            producer = rd.load("producers").set_index("producer_id").loc[claim["producer_id"], "name"]
            assert producer in page.inner_text("#claim-producer")  # the producer the claim's producer_id names
            for folder in shots:
                page.screenshot(path=str(folder / "claim-page.png"), full_page=False)
            page.goto(f"{base}/{DATABASE_NAME}/claims/gn-0542")  # the id in lower case: the claim's page
            assert page.url.endswith("/claims/GN-0542") and page.inner_text("#claim-print") == claim["value_printed"]
            page.goto(f"{base}/{DATABASE_NAME}/claims/GN-9999")  # no such claim: a search box and a way back
            page.fill("#not-found-search input[name=_search]", "ezhov")
            page.press("#not-found-search input[name=_search]", "Enter")
            page.wait_for_url("**_search=ezhov**")
            assert f"{len(search('ezhov'))} rows" in page.inner_text("h3")  # what the terminal finds
        finally:
            browser.close()
    assert (tmp_path / "claim-page.png").stat().st_size > 10_000


def test_the_serving_section_of_results_md_is_replaced_and_the_rest_kept(tmp_path):
    from load import render
    from results import SECTION_END, SECTION_START, write_section

    path = tmp_path / "results.md"
    path.write_text("# Benchmark results\n\n## Growth\n\n| a | b |\n", encoding="utf-8")
    stats = {"n": 2, "p50": 0.01, "p95": 0.02, "max": 0.03}
    result = {"clients": 20, "requests": 2, "seconds": 1.0, "errors": 0, "complete": True, "all": stats, "by_kind": {"claim page": stats}}
    write_section(render(result, "test machine"), path)
    write_section(render({**result, "all": {**stats, "p95": 0.5}}, "test machine"), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results\n\n## Growth\n\n| a | b |") and text.count(SECTION_START) == 1 == text.count(SECTION_END)
    assert "| all | 2 | 10 | 500 | 30 |" in text and "| claim page | 2 | 10 | 20 | 30 |" in text


def test_the_running_server_refuses_hostile_requests_and_stays_bounded(server):
    from load import console, peak_memory_mb

    _, port = server
    process = server_process[0]
    before = console(process)
    hostile = {
        f"/{DATABASE_NAME}.json?sql=SELECT+zeroblob(500000000)": 400,
        f"/{DATABASE_NAME}.json?sql=SELECT+length(replace(hex(zeroblob(300000000)),'0','xx'))": 400,
        f"/{DATABASE_NAME}.json?sql=SELECT+printf('%25.*c',900000,'x')+FROM+claims": 413,
        "/.env": 404, f"/{DATABASE_NAME}/claims.json?_sort=no_such_column": 400, f"/{DATABASE_NAME}/claims?_sort=no_such_column": 400,
    }
    for path, status in hostile.items():
        assert fetch("127.0.0.1", port, path)[0] == status, path
    assert fetch("127.0.0.1", port, f"/{DATABASE_NAME}/claims/GN-0542")[0] == 200  # still up
    assert process.poll() is None and peak_memory_mb(process.pid) < 600
    said = console(process)[len(before):]
    assert "Traceback" not in said and "╭" not in said and len(said.splitlines()) <= len(hostile)
def test_the_check_page_answers_in_words_and_json(server):
    _, port = server
    status, body = fetch("127.0.0.1", port, "/")
    assert status == 200 and 'href="/-/check"' in body
    status, body = fetch("127.0.0.1", port, "/-/check.json?sentence=The%20NKVD%20arrested%20353,074%20people%20in%201937")
    assert status == 200 and json.loads(body) == rd.check("The NKVD arrested 353,074 people in 1937")
    status, body = fetch("127.0.0.1", port, "/-/check.json?sentence=")
    assert status == 400 and "empty" in json.loads(body)["error"]


def test_a_reader_checks_a_sentence_in_chromium(server, tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (.ci/run does: apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    base, _ = server
    sentence = "The NKVD arrested 353,074 people in 1937"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(f"{base}/")
            page.click("#check-link")
            page.wait_for_url("**/-/check")
            page.fill("#check-form textarea[name=sentence]", sentence)
            page.click("#check-form input[type=submit]")
            page.wait_for_url("**sentence=**")
            answer = page.inner_text("#check-answer")
            assert "not consistent with the counts" in answer and "another measure" in answer and "p. 528" in answer
            assert json.loads(page.inner_text("#check-json")) == rd.check(sentence)
            page.screenshot(path=str(tmp_path / "check-page.png"))
        finally:
            browser.close()
    assert (tmp_path / "check-page.png").stat().st_size > 10_000
