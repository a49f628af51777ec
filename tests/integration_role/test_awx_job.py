"""site.yml run as an AWX job runs it: ansible-runner over a private data dir, against the simulator."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import ansible_runner
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]

# What an AWX project sync leaves out: VCS metadata, the dev venv, caches and local test output.
PROJECT_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".ansible", ".pytest_cache", ".ruff_cache", "__pycache__", "output", "*.tar.gz"
)
NAME = "awxjob"


@pytest.fixture(scope="module")
def private_data_dir(role_sim, tmp_path_factory):
    """project/ (the checkout), inventory/hosts, env/extravars and env/envvars, as AWX lays them out."""
    root = tmp_path_factory.mktemp("awx_job")
    # symlinks=True keeps collections/ansible_collections/aurora/mysql -> ../../.. pointing into the copy.
    shutil.copytree(REPO_ROOT, root / "project", symlinks=True, ignore=PROJECT_IGNORE)
    (root / "inventory").mkdir()
    # AWX's inventory names localhost; its interpreter is the execution environment's python (here, this venv's).
    (root / "inventory" / "hosts").write_text(
        f"localhost ansible_connection=local ansible_python_interpreter={sys.executable}\n"
    )
    (root / "env").mkdir()
    (root / "env" / "extravars").write_text(yaml.safe_dump(role_sim.extra_vars(NAME)))
    # An AWX AWS credential arrives as these variables; the endpoint points them at the simulator.
    aws_env = {key: role_sim.env[key] for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    aws_env["AWS_REGION"] = role_sim.env["AWS_REGION"]
    aws_env["PATH"] = role_sim.env["PATH"]
    (root / "env" / "envvars").write_text(yaml.safe_dump(aws_env))
    return root


def _run(private_data_dir, role_sim, ident):
    return ansible_runner.run(
        private_data_dir=str(private_data_dir),
        playbook="site.yml",
        ident=ident,
        quiet=True,
    )


def _stats(runner):
    return next(event for event in runner.events if event["event"] == "playbook_on_stats")["event_data"]


def _task_results(runner, task_prefix):
    return [
        event["event_data"]
        for event in runner.events
        if event["event"] == "runner_on_ok" and event["event_data"].get("task", "").startswith(task_prefix)
    ]


def test_site_yml_as_an_awx_job_converges_then_reruns_unchanged(private_data_dir, role_sim):
    first = _run(private_data_dir, role_sim, "first")

    assert (first.status, first.rc) == ("successful", 0), first.stdout.read()
    stats = _stats(first)
    assert stats["failures"] == {} and stats["dark"] == {}
    assert stats["changed"].get("localhost", 0) > 0
    # The endpoints fact the role hands to later plays, as AWX records it in the job's events.
    facts = _task_results(first, "Step 6: set aurora_mysql_endpoints")
    assert len(facts) == 1
    endpoints = facts[0]["res"]["ansible_facts"]["aurora_mysql_endpoints"]
    assert endpoints["writer"].startswith(f"{NAME}-aurora-cluster.cluster-")
    assert endpoints["reader"].startswith(f"{NAME}-aurora-cluster.cluster-ro-")
    assert sorted(endpoints["instances"]) == [
        f"{NAME}-aurora-reader-1",
        f"{NAME}-aurora-reader-2",
        f"{NAME}-aurora-writer",
    ]
    # Each step reported itself, in the guide's order.
    step_order = [
        "Step 1: DB subnet group",
        "Step 2: cluster parameter group",
        "Step 3: cluster",
        "Steps 4-5: start instance",
        "Steps 4-5: wait until every instance",
        "Monitoring: CloudWatch alarm",
        "Summary of",
    ]
    started = [event["event_data"]["task"] for event in first.events if event["event"] == "playbook_on_task_start"]
    positions = [next(i for i, task in enumerate(started) if task.startswith(step)) for step in step_order]
    assert positions == sorted(positions), started

    second = _run(private_data_dir, role_sim, "second")

    assert (second.status, second.rc) == ("successful", 0), second.stdout.read()
    assert _stats(second)["changed"] == {}
