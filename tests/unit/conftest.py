"""Unit test fixtures: a module's main() run in-process the way Ansible would, and the `simulator` mark.

Every test that uses the `sim` fixture (tests/conftest.py) is marked `simulator`, so `pytest -m "not simulator"`
runs the unit tests that need no simulator process (seconds), and `-m simulator` the module runs against it.
"""

import json

import pytest
from ansible.module_utils import _internal as module_utils_internal
from ansible.module_utils.common import warnings as ansible_warnings
from ansible.module_utils.testing import patch_module_args


def pytest_collection_modifyitems(items):
    for item in items:
        if "sim" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.simulator)


@pytest.fixture
def run_module(capsys, monkeypatch):
    """run_module(module, args, check_mode=False, diff=False, env=None) -> result dict (failed results too)."""

    def _run(module, args, check_mode=False, diff=False, env=None):
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
        # Ansible keeps warnings in a process-wide list; each real module run is a fresh process.
        monkeypatch.setattr(ansible_warnings, "_global_warnings", {})
        monkeypatch.setattr(ansible_warnings, "_global_deprecations", {})
        # Importing controller code (the filter plugin tests do) flips this for the whole process, and a module
        # would then send its warnings to the controller's display instead of its result.
        monkeypatch.setattr(module_utils_internal, "is_controller", False)
        with patch_module_args(args), pytest.raises(SystemExit):
            module.main()
        return json.loads(capsys.readouterr().out)

    return _run
