"""A release bundle has a README: what each file is, how to open it, how to cite it, how to check the
checksums (issue 23, item 6)."""

from __future__ import annotations

import hashlib
import json

from repression_data.paths import CHECKOUT_PROCESSED_DIR, REPO_DIR
from repression_data.publish.release import build_release, check_bundle
from repression_data.shipped.citation import cite_package


def test_the_bundle_s_readme_names_every_file_it_holds_and_says_how_to_open_cite_and_check(tmp_path):
    bundle = build_release(CHECKOUT_PROCESSED_DIR, REPO_DIR, tmp_path / "bundle")
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in bundle.iterdir() if p.is_file())
    missing = [name for name in files if f"`{name}`" not in readme]
    assert not missing, missing
    assert "## How to open it" in readme and "## How to cite it" in readme and "## How to check the files" in readme
    assert cite_package("apa") in readme and "sha256sum -c SHA256SUMS" in readme
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    assert f"{manifest['tables']['claims']['rows']} rows" in readme
    assert check_bundle(bundle) == []  # the README is listed in SHA256SUMS with its own sha256
    listed = dict(reversed(line.split("  ")) for line in (bundle / "SHA256SUMS").read_text().splitlines())
    assert listed["README.md"] == hashlib.sha256((bundle / "README.md").read_bytes()).hexdigest()
