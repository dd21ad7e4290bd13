"""Install commands that work as written for how the package was obtained, and no public index name
promised (issue 23, item 5)."""

from __future__ import annotations

import re
import subprocess
import sys

from repression_data import metadata
from repression_data.paths import REPO_DIR


def test_in_a_clone_the_hint_is_the_clone_s_install():
    hint = metadata.install_hint("serve")
    assert "make install" in hint and f'pip install -e "{REPO_DIR}[serve]"' in hint


def test_from_a_wheel_the_hint_names_the_wheel_with_its_extra_and_the_extra_s_packages(monkeypatch, tmp_path):
    monkeypatch.setattr(metadata, "RAW_DIR", tmp_path / "no-raw-data")  # as installed: no clone around the package
    hint = metadata.install_hint("serve")
    wheel = f"repression_data-{metadata.VERSION}-py3-none-any.whl"
    assert f'pip install "./{wheel}[serve]"' in hint
    assert re.search(r'pip install "datasette[<>=,.0-9]+"', hint), hint  # the extra's packages, as the copy declares them
    assert "[" not in metadata.install_hint().split("(")[0]


def test_no_command_or_readme_promises_a_name_on_a_public_index():
    promised = re.compile(r"""pip install ['"]?repression[-_]data(\[|['"\s]|$)""")
    files = [REPO_DIR / "README.md", *sorted((REPO_DIR / "repression_data").rglob("*.py"))]
    wrong = [f"{path.relative_to(REPO_DIR)}:{n}" for path in files for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if promised.search(line)]
    assert not wrong, wrong


def test_a_missing_library_names_the_command_that_installs_it(tmp_path):
    code = ("import sys; sys.modules['pandera'] = None; sys.argv = ['repression-data', 'validate']; "
            "from repression_data.cli.main import main; sys.exit(main())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_DIR)
    assert result.returncode == 1, result.stderr
    assert "pandera is not installed" in result.stderr and "make install" in result.stderr and "Traceback" not in result.stderr
