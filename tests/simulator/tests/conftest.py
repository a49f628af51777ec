"""Clients of the test's own simulator (a test file that needs a cluster in place overrides ``rds``), and the
``simulator`` marker on every test here that needs a running simulator: ``pytest -m "not simulator"`` runs the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
MARKER = "simulator: needs a running simulator process (the session's `sim` fixture)"


def pytest_configure(config):
    config.addinivalue_line("markers", MARKER)


def pytest_collection_modifyitems(config, items):
    # The hook sees the whole session's items; only this directory's are ours to mark.
    for item in items:
        if "sim" in getattr(item, "fixturenames", ()) and HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.simulator)


@pytest.fixture
def rds(sim):
    return sim.boto3("rds")


@pytest.fixture
def ec2(sim):
    return sim.boto3("ec2")


@pytest.fixture
def kms(sim):
    return sim.boto3("kms")


@pytest.fixture
def key(kms):
    """A customer key with an alias (alias/aurora-data): every way a request can name a key."""
    metadata = kms.create_key(Description="aurora storage")["KeyMetadata"]
    kms.create_alias(AliasName="alias/aurora-data", TargetKeyId=metadata["KeyId"])
    return metadata
