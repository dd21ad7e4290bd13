"""Charts are independent of the user's matplotlib setup, and text in them is text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from repression_data.paths import REPO_DIR
from repression_data.pipeline.versions import BYTE_RELEVANT, pins, version_drift

ANALYSIS = REPO_DIR / "analysis"
SCRIPT = "secret_police_statistics.py"  # one script, to keep the test quick


def _run(output: Path, config: Path, cwd: Path) -> dict[str, bytes]:
    env = {**os.environ, "REPRESSION_DATA_ANALYSIS_OUTPUT": str(output), "MPLCONFIGDIR": str(config), "PYTHONHASHSEED": "0"}
    env.pop("MPLBACKEND", None)
    subprocess.run([sys.executable, str(ANALYSIS / SCRIPT)], cwd=cwd, env=env, check=True, capture_output=True)
    return {p.name: p.read_bytes() for p in sorted((output / "charts").iterdir())}


def test_a_users_matplotlibrc_changes_no_chart(tmp_path):
    plain_config, user_config, user_cwd = tmp_path / "plain", tmp_path / "user", tmp_path / "cwd"
    for folder in (plain_config, user_config, user_cwd):
        folder.mkdir()
    rc = "font.family: serif\nfont.size: 22\naxes.facecolor: yellow\nlines.linewidth: 7\nsvg.fonttype: none\ntimezone: Asia/Tokyo\nsavefig.dpi: 300\n"
    (user_config / "matplotlibrc").write_text(rc, encoding="utf-8")
    (user_cwd / "matplotlibrc").write_text(rc, encoding="utf-8")  # matplotlib also reads one in the current folder
    plain = _run(tmp_path / "out-plain", plain_config, ANALYSIS)
    user = _run(tmp_path / "out-user", user_config, user_cwd)
    assert plain and plain == user


@pytest.mark.parametrize("label", ["$5 for 3$ \\\\alpha", "a\\\\nb $x^2$", "100$"])
def test_text_with_dollars_and_backslashes_is_drawn_as_printed(tmp_path, label):
    code = f"""
import sys; sys.path.insert(0, {str(ANALYSIS)!r})
from kit import charts as chartkit; import matplotlib.pyplot as plt
plt.rcParams["svg.fonttype"] = "none"  # keep text as text in the SVG, to read it back
fig, ax = plt.subplots()
ax.set_title({label!r}); ax.set_xlabel({label!r})
fig.savefig({str(tmp_path / 'c.svg')!r})
"""
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env={**os.environ, "MPLCONFIGDIR": str(tmp_path)})
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    from xml.sax.saxutils import escape

    assert svg.count(escape(label)) >= 2, "the label is drawn verbatim (no math text, no TeX)"


def test_constraints_pin_every_version_that_changes_the_bytes():
    pinned = pins(REPO_DIR / "constraints.txt")
    assert set(BYTE_RELEVANT) <= set(pinned)


def test_version_drift_names_each_differing_package(tmp_path):
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("# a comment\npandas==0.0.1\nnumpy==0.0.2  # pinned\nnot-installed-here==1.0\n", encoding="utf-8")
    drift = version_drift(constraints, names=("pandas", "numpy", "not-installed-here"))
    assert drift[0].startswith("pandas ") and "0.0.1 pinned" in drift[0]
    assert "numpy" in drift[1] and "not-installed-here none installed, 1.0 pinned" in drift[2]
    assert version_drift(REPO_DIR / "constraints.txt") == [] or "oldest" in os.environ.get("REPRESSION_DATA_ENV", "")
    assert version_drift(tmp_path / "missing.txt") == []


def test_log_axes_are_labelled_in_plain_numbers_not_math_text(tmp_path):
    code = f"""
import sys; sys.path.insert(0, {str(ANALYSIS)!r})
from kit import charts as chartkit; import matplotlib.pyplot as plt
plt.rcParams["svg.fonttype"] = "none"
fig, ax = plt.subplots()
ax.plot([300_000, 20_000_000], [0, 1]); ax.set_xscale("log")
chartkit.plain_log_ticks(fig)
fig.savefig({str(tmp_path / 'log.svg')!r})
"""
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env={**os.environ, "MPLCONFIGDIR": str(tmp_path)})
    svg = (tmp_path / "log.svg").read_text(encoding="utf-8")
    assert "1,000,000" in svg and "mathdefault" not in svg and "$" not in svg


def test_reproduce_warns_when_the_installed_versions_differ(raw_copy, monkeypatch, capsys):
    from repression_data.cli import main as cli
    from repression_data.pipeline import versions

    monkeypatch.setattr(versions, "version_drift", lambda path: ["matplotlib 3.8.4 installed, 3.11.2 pinned"])
    code = cli.main(["reproduce", "--raw", str(raw_copy.raw)])  # the copy has no analysis/: stops after the warning
    error = capsys.readouterr().err
    assert code == 2
    assert "warning: the installed versions differ from constraints.txt" in error and "matplotlib 3.8.4 installed, 3.11.2 pinned" in error
