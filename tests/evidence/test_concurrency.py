"""Two converges of the same cluster at the same time end with one cluster.

Both runs succeed, or one fails with a clear message; either way the simulator then holds exactly one finished
guide cluster (nothing duplicated, nothing half-made), and a third run finds nothing left to do. Transitions
run at a small time scale so that the two runs' waits overlap, as they would on AWS.
"""

from __future__ import annotations

import time

import boto3
import pytest

from tests.evidence import ansible_run
from tests.evidence.aws_state import REGION, inventory, topology_problems

# Instances take 480 s x 0.005 = 2.4 s: long enough for the second run to find them still creating.
SCALE = 0.005


def assert_clear(message: str) -> None:
    """The loser must say what happened: that its resource already exists, or at least which resource failed."""
    assert "already exists" in message.lower() or "myapp-" in message, f"not a clear message: {message}"
    for noise in ("Traceback", "MODULE FAILURE", "Exception"):
        assert noise not in message, f"not a clear message: {message}"


@pytest.mark.parametrize("stagger", [0.0, 1.5], ids=["same-moment", "second-run-1.5s-later"])
def test_two_converges_end_with_one_cluster(stagger, sim, guide_vars, playbook, tmp_path):
    sim.client.set_scale(SCALE)

    first = ansible_run.start_playbook(ansible_run.SITE, sim.env, tmp_path, guide_vars, label="first")
    time.sleep(stagger)
    second = ansible_run.start_playbook(ansible_run.SITE, sim.env, tmp_path, guide_vars, label="second")
    runs = [ansible_run.finish_playbook(first), ansible_run.finish_playbook(second)]

    report = "\n\n".join(run.describe() for run in runs)
    assert any(run.ok for run in runs), f"neither run succeeded:\n{report}"
    for run in runs:
        if not run.ok:
            assert_clear(run.failure_message())

    session = boto3.session.Session(region_name=REGION)
    assert topology_problems(inventory(session.client("rds"), session.client("cloudwatch")), "myapp") == [], report

    rerun = playbook(ansible_run.SITE, guide_vars, label="rerun")
    assert rerun.ok, rerun.describe()
    assert rerun.changed() == [], f"the concurrent runs left work undone: {rerun.changed()}"
