"""Fixtures of the evidence tests: the guide's prerequisites in a fresh simulator, and a playbook runner.

Every test starts from an empty simulator (tests/conftest.py resets it), so each makes its own prerequisites.
"""

from __future__ import annotations

import boto3
import pytest

from tests.evidence import ansible_run
from tests.evidence.aws_state import REGION, load_demo_prereqs
from tests.evidence.guide import PASSWORD


@pytest.fixture
def aws_env(sim, monkeypatch) -> dict[str, str]:
    """The simulator's environment, also set in this process for boto3 and modules run in-process."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in sim.env.items():
        monkeypatch.setenv(name, value)
    return dict(sim.env)


@pytest.fixture
def clients(aws_env):
    session = boto3.session.Session(region_name=REGION)
    return {service: session.client(service) for service in ("rds", "ec2", "cloudwatch")}


@pytest.fixture
def prereqs(sim, aws_env) -> dict:
    """The role variables pointing at the guide's prerequisites (VPC, 3 subnets, security group, KMS key, ...).

    The request counts are zeroed afterwards, so a test's counts are its own calls only.
    """
    session = boto3.session.Session(region_name=REGION)
    made = load_demo_prereqs().create_prerequisites(session, "myapp")
    sim.client.reset_counts()
    return made


@pytest.fixture
def guide_vars(prereqs) -> dict:
    """The guide's role variables for cluster `myapp`: the prerequisites, a password and a short wait."""
    return dict(prereqs, aurora_mysql_master_user_password=PASSWORD, aurora_mysql_wait_timeout=30)


@pytest.fixture
def playbook(sim, tmp_path):
    """playbook(path, extra_vars, *flags, label=..., env=...) -> PlaybookRun against this test's simulator."""

    def run(path, extra_vars, *flags, label="run", env=None):
        return ansible_run.run_playbook(path, sim.env, tmp_path, extra_vars, *flags, label=label, env=env)

    return run
