"""A bounded load test of `repression-data serve`: 20 concurrent clients against 127.0.0.1.

Run with `make load-test`. Starts the server on a free port of 127.0.0.1,
sends a bounded number of requests (claim pages, full-text searches, the JSON
API filtered by measure, the faceted claims table, canned queries) from 20
threads, stops at the count or the time budget, whichever comes first, stops
the server, and writes the timings into the "Serving" section of
benchmarks/results.md (the rest of the file is left as `make bench` wrote it).

Only loopback addresses are ever targeted: ``run_load`` refuses any other.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from results import SECTION_END, SECTION_START, machine, write_section  # noqa: E402

REPO = HERE.parent
CLIENTS = 20
REQUESTS_PER_CLIENT = 30
TIME_BUDGET_S = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, time_limit_ms: int = 1000) -> subprocess.Popen:
    """`repression-data serve` on 127.0.0.1:port, returned once it answers (RuntimeError after 60 s)."""
    process = subprocess.Popen([sys.executable, "-m", "repression_data.cli", "serve", "--port", str(port), "--time-limit-ms", str(time_limit_ms)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {process.stdout.read()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/-/versions.json")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not answer within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def request_mix(claim_ids: list[str], measures: list[str], words: list[str], database: str = "repression-data") -> list[tuple[str, str]]:
    """(kind, path) pairs: claim pages, searches, the JSON API by measure, facets, canned queries; taken from the data."""
    mix = []
    for i, claim_id in enumerate(claim_ids):
        mix.append(("claim page", f"/{database}/claims/{claim_id}"))
        word = words[i % len(words)]
        mix.append(("search", f"/{database}/claims?_search={quote(word)}"))
        mix.append(("JSON by measure", f"/{database}/claims.json?measure={quote(measures[i % len(measures)])}&_shape=array"))
    mix.append(("faceted table", f"/{database}/claims_cited"))
    mix.append(("canned query", f"/{database}/slips"))
    return mix


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_load(base_url: str, mix: list[tuple[str, str]], clients: int = CLIENTS, per_client: int = REQUESTS_PER_CLIENT,
             budget_s: float = TIME_BUDGET_S) -> dict:
    """Send at most clients * per_client requests, stopping after budget_s; timings by kind.

    Raises ValueError for a target that is not a loopback address.
    """
    parts = urlsplit(base_url)
    if not _is_loopback(parts.hostname or ""):
        raise ValueError(f"load tests target this machine only (127.0.0.1, ::1, localhost), not {parts.hostname!r}")
    deadline = time.monotonic() + budget_s
    timings: list[tuple[str, float, int]] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        for j in range(per_client):
            if time.monotonic() > deadline:
                break
            kind, path = mix[(k * per_client + j) % len(mix)]
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            with lock:
                timings.append((kind, time.perf_counter() - start, status))
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    def stats(values: list[float]) -> dict:
        ordered = sorted(values)
        return {"n": len(ordered), "p50": statistics.median(ordered), "p95": ordered[max(0, int(round(0.95 * len(ordered))) - 1)], "max": ordered[-1]}

    kinds = sorted({k for k, _, _ in timings})
    return {
        "clients": clients, "requests": len(timings), "seconds": elapsed, "errors": sum(1 for _, _, s in timings if s != 200),
        "all": stats([t for _, t, _ in timings]), "by_kind": {k: stats([t for kk, t, _ in timings if kk == k]) for k in kinds},
        "complete": len(timings) == clients * per_client,
    }


def render(result: dict, machine: str) -> str:
    lines = [SECTION_START, "## Serving (`repression-data serve`, Datasette)", "",
             f"Machine: {machine}. Generated by `make load-test` (benchmarks/load.py): {result['clients']} concurrent clients against "
             f"127.0.0.1, {result['requests']} requests in {result['seconds']:.1f} s ({result['requests'] / result['seconds']:.0f} per second), "
             f"{result['errors']} errors" + ("" if result["complete"] else "; stopped by the time budget") + ".", "",
             "| requests | n | median (ms) | p95 (ms) | max (ms) |", "|---|---|---|---|---|"]
    for kind, s in [*result["by_kind"].items(), ("all", result["all"])]:
        lines.append(f"| {kind} | {s['n']} | {1000 * s['p50']:.0f} | {1000 * s['p95']:.0f} | {1000 * s['max']:.0f} |")
    lines.append(SECTION_END)
    return "\n".join(lines)


def main() -> int:
    import repression_data as rd

    claims = rd.load("claims")
    claim_ids = list(claims["claim_id"].iloc[:: max(1, len(claims) // 60)])
    measures = sorted(claims["measure"].unique())
    words = sorted({w.strip(".,;:'\"()").lower() for q in claims["quote"].head(200) for w in q.split() if len(w) > 5 and w.isalpha()})
    port = free_port()
    server = start_server(port)
    try:
        load = f"; load average {os.getloadavg()[0]:.1f} when it started (other work on the machine slows every figure)"
        result = run_load(f"http://127.0.0.1:{port}", request_mix(claim_ids, measures, words))
    finally:
        stop_server(server)
    text = render(result, machine() + load)
    write_section(text)
    print(text)
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
