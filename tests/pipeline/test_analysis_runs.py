"""The analysis scripts run as forks of one runner that paid the imports once (issue 24, item 3):
each as `python script.py` would run it, none seeing what another did, the first failure stopping the run."""

from __future__ import annotations

import os
import sys

import pytest

from repression_data.pipeline import analysis_runs

SCRIPTS = {
    "a_writes.py": "import json, sys, pathlib\nimport helper\nGLOBAL_MARK = 1\nsys.modules['leak'] = object()\n"
                   "pathlib.Path('a.out').write_text(json.dumps([__name__, sys.argv[0].endswith('a_writes.py'), helper.WORD]))\n",
    "b_isolated.py": "import sys, pathlib\npathlib.Path('b.out').write_text(str('leak' in sys.modules))\n",
    "c_fails.py": "import sys\nsys.exit(3)\n",
    "d_never.py": "import pathlib\npathlib.Path('d.out').write_text('ran')\n",
}


@pytest.fixture(params=["fork", "fresh interpreters"])
def mode(request, monkeypatch):
    if request.param == "fork" and not analysis_runs.forking():
        pytest.skip("forking runner on Linux only")
    if request.param != "fork":
        monkeypatch.setattr(analysis_runs, "forking", lambda: False)
    return request.param


def scripts(folder, names):
    (folder / "helper.py").write_text("WORD = 'from the script folder'\n")
    for name in names:
        (folder / name).write_text(SCRIPTS[name])
    return [folder / name for name in names]


def env():
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


def test_each_script_runs_as_main_in_its_folder_and_sees_nothing_of_the_others(tmp_path, mode):
    paths = scripts(tmp_path, ["a_writes.py", "b_isolated.py"])
    assert analysis_runs.run_all(paths, tmp_path, env()) == (None, 0)
    assert (tmp_path / "a.out").read_text() == '["__main__", true, "from the script folder"]'
    assert (tmp_path / "b.out").read_text() == "False"


def test_the_first_failure_stops_the_run_and_is_named_with_its_status(tmp_path, mode):
    paths = scripts(tmp_path, ["a_writes.py", "c_fails.py", "d_never.py"])
    failed, status = analysis_runs.run_all(paths, tmp_path, env())
    assert (failed.name, status) == ("c_fails.py", 3)
    assert not (tmp_path / "d.out").exists()


def test_an_exception_exits_1_with_its_traceback(tmp_path, mode, capfd):
    (tmp_path / "e_raises.py").write_text("raise ValueError('bad figure')\n")
    failed, status = analysis_runs.run_all([tmp_path / "e_raises.py"], tmp_path, env())
    assert (failed.name, status) == ("e_raises.py", 1)
    assert "ValueError: bad figure" in capfd.readouterr().err
