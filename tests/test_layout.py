"""The house as the README's "How the code is laid out" describes it: stages in folders, imports only
downward (import-linter's contracts in pyproject.toml), analysis/ through the public face only, no
module over 500 lines, and imports inside functions only where they keep a heavy library away."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import repression_data as rd
from repression_data.paths import REPO_DIR

PACKAGE = REPO_DIR / "repression_data"
STAGES = ("engine", "shipped", "read", "checks", "publish", "pipeline", "serve", "cli")
ENTRY_POINTS = ("__main__.py", "pages.py")  # above cli: `python -m repression_data[.pages]`
ROOT = REPO_DIR
LINT = Path(sys.executable).parent / "lint-imports"
# Where a stage may import the package inside a function, and why: the command and the face stay light
# (no pandas for --help and the lookups), and the server loads Datasette and pandera only when it starts.
LAZY_ALLOWED = {"__init__.py": "the face hands its names on lazily", "cli": "each command imports the stage it needs",
                "serve/app.py": "the plugin (Datasette) and the catalogue (pandera) only when the server starts"}


def _lint(root: Path) -> subprocess.CompletedProcess:
    if not LINT.exists():
        pytest.fail(f"lint-imports is not installed beside {sys.executable}: install the test extra (make install)")
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True)


def test_the_import_contracts_hold():
    result = _lint(REPO_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "KEPT" in result.stdout


@pytest.mark.parametrize("module,back_import", [
    ("engine/intervals.py", "from repression_data.cli import common"),  # the engine reaching up to the command
    ("read/parse.py", "from repression_data.shipped import loader"),   # sideways between independent stages
    ("engine/pages.py", "import pathlib"),                              # the engine touching files
])
def test_a_back_import_breaks_the_contracts(tmp_path, module, back_import):
    """A copy of the package with one import that breaks the rule: lint-imports fails and names it."""
    shutil.copytree(PACKAGE, tmp_path / "repression_data", ignore=shutil.ignore_patterns("__pycache__", "_processed"))
    shutil.copy(REPO_DIR / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "repression_data" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{back_import}  # deliberately against the rule\n", encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout + result.stderr
    assert "repression_data." + module.removesuffix(".py").replace("/", ".") in result.stdout


def test_the_package_lives_in_stage_folders_each_saying_what_it_may_import():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), f"{stage}/ has no __init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, f"{stage}/__init__.py does not say what the stage may import"
    # a stage named like a name of the face would replace it on the package once imported (rd.check)
    assert not set(STAGES) & set(rd.__all__), set(STAGES) & set(rd.__all__)
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "_version.py", "dtypes.py", "errors.py", "files.py", "formats.py", "metadata.py", "pages.py", "paths.py", "words.py"]


def test_the_old_entry_points_are_only_entry_points():
    """``python -m repression_data`` and ``python -m repression_data.pages`` keep working; the two modules hold a
    docstring and an ``if __name__ == "__main__":`` block that hands over to the command line, nothing else."""
    for name in ENTRY_POINTS:
        body = ast.parse((PACKAGE / name).read_text(encoding="utf-8")).body
        assert isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant), name
        assert len(body) == 2 and isinstance(body[1], ast.If) and ast.unparse(body[1].test) == "__name__ == '__main__'", name
    run = subprocess.run([sys.executable, "-m", "repression_data.pages"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode != 0 and "usage: python -m repression_data.pages" in run.stderr
    run = subprocess.run([sys.executable, "-m", "repression_data", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and "repression-data" in run.stdout


def test_no_module_is_over_500_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert not long, long


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node, node.module, alias.name


def test_analysis_imports_nothing_but_the_public_face():
    face = set(rd.__all__)
    wrong = []
    for script in sorted((REPO_DIR / "analysis").rglob("*.py")):
        for node, module, name in _imports(script):
            if module.startswith("repression_data.") or (module == "repression_data" and name is not None and name not in face):
                wrong.append(f"{script.relative_to(REPO_DIR)}:{node.lineno} imports {module}{'.' + name if name else ''}")
    assert not wrong, wrong


def test_every_name_of_the_face_is_there():
    for name in rd.__all__:
        assert getattr(rd, name) is not None, name


def test_imports_inside_functions_only_where_they_keep_a_library_away():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in LAZY_ALLOWED or relative.split("/")[0] in LAZY_ALLOWED:
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("repression_data")):
                        wrong.append(f"{relative}:{node.lineno} {function.name} imports {node.module}")
    assert not wrong, wrong
