"""A bounded load test of `repression-data serve`: 20 concurrent clients against 127.0.0.1.

Run with `make load-test`. Starts the server on a free port of 127.0.0.1,
sends a bounded number of requests (claim pages, full-text searches, the JSON
API filtered by measure, the faceted claims table, canned queries, and hostile
requests: huge values and answers, slow and long queries, bad parameters,
unknown URLs) from 20 threads, checks each is answered as it should be (200, or
the 4xx that refuses it), that the server stays up, its peak memory and that its
console shows no traceback, stops at the count or the time budget, whichever comes first, stops
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
import tempfile
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
    """`repression-data serve` on 127.0.0.1:port, returned once it answers (RuntimeError after 60 s).

    Its console (stdout and stderr) goes to a temporary file, read by ``console(process)``: a pipe nobody
    reads would stop the server once full.
    """
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "repression_data.cli", "serve", "--port", str(port), "--time-limit-ms", str(time_limit_ms)],
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    process.console_log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {console(process)}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/-/versions.json")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not answer within 60 s")


def console(process: subprocess.Popen) -> str:
    """What the server has written on its console so far."""
    log = getattr(process, "console_log", None)
    if log is None:
        return ""
    log.flush()
    log.seek(0)
    return log.read()


def peak_memory_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM) in MB, from /proc; None where there is no /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def hostile_mix(database: str = "repression-data") -> list[tuple[str, str, int]]:
    """(kind, path, the status that refuses it): requests a careless or hostile client sends."""
    def sql(query: str) -> str:
        return f"/{database}.json?sql={quote(query)}"

    return [
        ("hostile: huge value", sql("SELECT zeroblob(500000000)"), 400),
        ("hostile: huge value", sql("SELECT length(replace(hex(zeroblob(300000000)), '0', 'xx'))"), 400),
        ("hostile: huge answer", sql("SELECT printf('%.*c', 900000, 'x') FROM claims"), 413),
        ("hostile: slow query", sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"), 400),
        ("hostile: long query", sql("SELECT 1 -- " + "x" * 12000), 200),
        ("hostile: bad parameter", f"/{database}/claims.json?_sort=no_such_column", 400),
        ("hostile: bad parameter", f"/{database}/claims?_size=lots", 400),
        ("hostile: unknown URL", "/.env", 404),
        ("hostile: unknown URL", "/wp-login.php", 404),
        ("hostile: the machine's path", sql("SELECT file FROM pragma_database_list"), 400),
    ]


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log = getattr(process, "console_log", None)
    if log is not None:
        log.close()


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
            kind, path, *expected = mix[(k * per_client + j) % len(mix)]
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
                timings.append((kind, time.perf_counter() - start, status, (expected or [200])[0]))
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

    kinds = sorted({k for k, *_ in timings})
    return {
        "clients": clients, "requests": len(timings), "seconds": elapsed,
        "errors": sum(1 for _, _, s, want in timings if s != want),  # an answer other than the expected one (200, or the refusal)
        "all": stats([t for _, t, *_ in timings]), "by_kind": {k: stats([t for kk, t, *_ in timings if kk == k]) for k in kinds},
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
    if "server" in result:
        server = result["server"]
        peak = "not measured (no /proc)" if server["peak_mb"] is None else f"{server['peak_mb']:.0f} MB"
        lines += ["", f"Hostile requests (the kinds marked hostile: huge values and answers, slow and long queries, bad parameters, "
                      f"unknown URLs, the machine's path) were mixed into the load, each expected to be refused with its 4xx status: "
                      f"the server {'stayed up and answered afterwards' if server['up'] else 'DID NOT stay up'}; its peak resident memory was "
                      f"{peak} (the bound promised: under 600 MB); its console showed {server['tracebacks']} tracebacks "
                      f"and {server['lines']} lines for {result['requests']} requests."]
    lines.append(SECTION_END)
    return "\n".join(lines)


CLAIM_PAGE_ROUNDS = 41
CLAIM_PAGE_TARGET = 1.3


def start_plain_datasette(port: int, database: Path) -> subprocess.Popen:
    """Plain `datasette serve --immutable` (no plugin, no metadata) over the same database: the floor of a claim page."""
    datasette = Path(sys.executable).with_name("datasette")
    process = subprocess.Popen([str(datasette), "serve", "--immutable", str(database), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("plain datasette stopped")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/-/versions.json")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("plain datasette did not answer within 60 s")


def claim_page_ratio(ours_port: int, plain_port: int, claim_ids: list[str], rounds: int = CLAIM_PAGE_ROUNDS,
                     database: str = "repression-data") -> dict:
    """Sequential requests for the same claim rows, alternating between our server and plain Datasette; medians and their ratio.

    Each round asks for another claim (as many as ``claim_ids`` holds), so that no cache of a page's content could help either side."""
    times: dict[str, list[float]] = {"ours": [], "plain": []}
    conns = {name: http.client.HTTPConnection("127.0.0.1", port, timeout=30) for name, port in (("ours", ours_port), ("plain", plain_port))}
    for i in range(rounds + 1):
        path = f"/{database}/claims/{claim_ids[i % len(claim_ids)]}"
        order = ("ours", "plain") if i % 2 else ("plain", "ours")
        for name in order:
            start = time.perf_counter()
            conns[name].request("GET", path)
            response = conns[name].getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{name}: {path} answered {response.status}")
            if i:  # the first round warms both up
                times[name].append(time.perf_counter() - start)
    for conn in conns.values():
        conn.close()
    ours, plain = statistics.median(times["ours"]), statistics.median(times["plain"])
    return {"rounds": rounds, "ours": ours, "plain": plain, "ratio": ours / plain}


def render_claim_page(result: dict) -> list[str]:
    met = "met" if result["ratio"] <= CLAIM_PAGE_TARGET else "NOT met"
    return ["", f"Claim page against its floor, measured in the same run: {result['rounds']} sequential requests each, for the same claim rows (a different claim each round), "
                f"alternating between `repression-data serve` and plain `datasette serve --immutable` over the same database "
                f"(no plugin, no metadata): median {1000 * result['ours']:.1f} ms against {1000 * result['plain']:.1f} ms, "
                f"a ratio of {result['ratio']:.2f} (target at most {CLAIM_PAGE_TARGET}: {met})."]


def server_state(process: subprocess.Popen, port: int) -> dict:
    """Is the server still up and answering, its peak memory, and how many tracebacks and lines its console shows."""
    up = process.poll() is None
    if up:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/-/versions.json")
            up = conn.getresponse().status == 200
        except OSError:
            up = False
    text = console(process)
    return {"up": up, "peak_mb": peak_memory_mb(process.pid), "tracebacks": text.count("Traceback"), "lines": len(text.splitlines())}


def main() -> int:
    import repression_data as rd

    claims = rd.load("claims")
    claim_ids = list(claims["claim_id"].iloc[:: max(1, len(claims) // 60)])
    measures = sorted(claims["measure"].unique())
    words = sorted({w.strip(".,;:'\"()").lower() for q in claims["quote"].head(200) for w in q.split() if len(w) > 5 and w.isalpha()})
    port = free_port()
    server = start_server(port)
    plain_port = free_port()
    plain = start_plain_datasette(plain_port, REPO / "data" / "processed" / "repression-data.db")
    try:
        page = claim_page_ratio(port, plain_port, list(claims["claim_id"].iloc[:: max(1, len(claims) // (CLAIM_PAGE_ROUNDS + 1))]))
    finally:
        stop_server(plain)
    try:
        load = f"; load average {os.getloadavg()[0]:.1f} when it started (other work on the machine slows every figure)"
        result = run_load(f"http://127.0.0.1:{port}", request_mix(claim_ids, measures, words) + 3 * hostile_mix())
        result["server"] = server_state(server, port)
    finally:
        stop_server(server)
    text = render(result, machine() + load).replace(SECTION_END, "\n".join(render_claim_page(page)) + "\n" + SECTION_END)
    write_section(text)
    print(text)
    bounded = result["server"]["up"] and (result["server"]["peak_mb"] or 0) < 600 and result["server"]["tracebacks"] == 0
    return 0 if result["errors"] == 0 and bounded and page["ratio"] <= CLAIM_PAGE_TARGET else 1


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
