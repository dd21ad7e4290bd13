"""The declared version ranges are honest: their floors are what the oldest CI environment installs."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement

from repression_data.paths import REPO_DIR
from repression_data.pipeline.versions import pins

DECLARED = {Requirement(r).name: Requirement(r).specifier for r in tomllib.loads((REPO_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}


def test_the_oldest_environment_pins_the_floor_of_every_dependency():
    oldest = pins(REPO_DIR / "constraints-oldest.txt")
    for name, specifier in DECLARED.items():
        floor = next(s.version for s in specifier if s.operator == ">=")
        assert name in oldest, f"constraints-oldest.txt does not pin {name}"
        assert oldest[name].startswith(floor) or oldest[name] == floor + ".0" or oldest[name] == floor + ".0.0", (name, floor, oldest[name])
        assert specifier.contains(oldest[name]), (name, oldest[name])
    assert {"numpy"} <= set(oldest)


def test_versions_known_broken_are_excluded_and_the_pins_are_allowed():
    assert not DECLARED["pyarrow"].contains("19.0.0") and DECLARED["pyarrow"].contains("19.0.1")
    pinned = pins(REPO_DIR / "constraints.txt")
    for name, specifier in DECLARED.items():
        assert specifier.contains(pinned[name]), (name, pinned[name])


def test_ci_runs_both_environments():
    script = (REPO_DIR / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (REPO_DIR / "Makefile").read_text(encoding="utf-8")
    assert "make test\n" in script and "make test-oldest" in script
    assert "-c constraints-oldest.txt" in makefile and "-c constraints.txt" in makefile
