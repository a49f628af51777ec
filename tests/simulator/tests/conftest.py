"""Clients of the test's own simulator; a test file that needs a cluster in place overrides ``rds``."""

from __future__ import annotations

import pytest


@pytest.fixture
def rds(sim):
    return sim.boto3("rds")


@pytest.fixture
def ec2(sim):
    return sim.boto3("ec2")


@pytest.fixture
def kms(sim):
    return sim.boto3("kms")
