"""What the benchmark scripts share: the machine they ran on, and benchmarks/results.md, where
`make load-test` writes its own section (between SECTION_START and SECTION_END) inside what
`make bench` writes."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECTION_START = "<!-- serving: written by benchmarks/load.py -->"
SECTION_END = "<!-- /serving -->"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, StopIteration):
        pass
    import pandas
    import pyarrow

    return f"{os.cpu_count()} cores ({cpu}){memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}"


def write_section(text: str, path: Path = HERE / "results.md") -> None:
    """Put the section into results.md, replacing an earlier one and keeping the rest."""
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmark results\n"
    pattern = re.compile(re.escape(SECTION_START) + ".*?" + re.escape(SECTION_END), re.S)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")
