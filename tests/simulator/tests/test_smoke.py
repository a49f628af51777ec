"""The smoke script, run against the session's simulator exactly as a person runs it against ``make sim``."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT


def test_smoke_script_passes_against_a_running_simulator(sim):
    result = subprocess.run(
        [sys.executable, "-m", "tests.simulator.smoke", "--endpoint", sim.endpoint],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "smoke test passed"
    assert sum(line.startswith("ok  ") for line in lines) == 12
    assert sim.client.config() == {"scale": 0.0}  # the script puts the scale back
