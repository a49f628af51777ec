"""POST /_sim/status: any documented status, forced on a cluster, an instance or a parameter status, sticks."""

from __future__ import annotations

import time

import pytest

from tests.simulator.client import SimError
from tests.simulator.tests import builders


@pytest.fixture
def rds(sim):
    client = sim.boto3("rds")
    builders.cluster(client)
    builders.instance(client, "writer")
    return client


def test_a_forced_cluster_status_sticks(sim, rds):
    answer = sim.client.force_cluster_status(builders.CLUSTER, "inaccessible-encryption-credentials")
    assert answer == {"cluster": builders.CLUSTER, "status": "inaccessible-encryption-credentials"}
    for _ in range(3):
        assert builders.describe_cluster(rds)["Status"] == "inaccessible-encryption-credentials"


def test_a_forced_status_ends_the_transition_it_interrupts(sim, rds):
    sim.client.set_scale(0.01)
    builders.cluster(rds, "young")
    sim.client.force_cluster_status("young", "migration-failed")
    time.sleep(1.5)  # creating then backing-up would have ended after 1.2 s
    assert builders.describe_cluster(rds, "young")["Status"] == "migration-failed"


def test_a_forced_instance_status_sticks(sim, rds):
    answer = sim.client.force_instance_status("writer", status="storage-full")
    assert answer["status"] == "storage-full"
    assert builders.describe_instance(rds, "writer")["DBInstanceStatus"] == "storage-full"
    assert builders.describe_cluster(rds)["Status"] == "available"


def test_forced_parameter_statuses(sim, rds):
    sim.client.force_instance_status("writer", parameter_apply_status="failed-to-apply")
    assert builders.apply_status(rds, "writer") == {"default.aurora-mysql8.0": "failed-to-apply"}
    sim.client.force_instance_status("writer", cluster_parameter_group_status="pending-database-upgrade")
    assert builders.member_status(rds) == {"writer": "pending-database-upgrade"}
    assert builders.apply_status(rds, "writer") == {"default.aurora-mysql8.0": "failed-to-apply"}


def test_a_forced_applying_stays_until_a_restart(sim, rds):
    sim.client.force_instance_status("writer", parameter_apply_status="applying")
    assert builders.apply_status(rds, "writer") == {"default.aurora-mysql8.0": "applying"}
    rds.reboot_db_instance(DBInstanceIdentifier="writer")
    assert builders.apply_status(rds, "writer") == {"default.aurora-mysql8.0": "in-sync"}


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"cluster": builders.CLUSTER, "status": "storage-full"}, 400),  # an instance status, not a cluster's
        ({"cluster": builders.CLUSTER, "status": "avalable"}, 400),
        ({"instance": "writer", "status": "sleeping"}, 400),
        ({"instance": "writer", "parameter_apply_status": "pending"}, 400),
        ({"cluster": builders.CLUSTER, "instance": "writer", "status": "available"}, 400),
        ({"status": "available"}, 400),
        ({"instance": "writer"}, 400),
        ({"cluster": builders.CLUSTER, "status": "available", "colour": "red"}, 400),
        ({"cluster": "missing", "status": "available"}, 404),
        ({"instance": "missing", "status": "available"}, 404),
    ],
)
def test_refusals(sim, rds, payload, status):
    with pytest.raises(SimError) as excinfo:
        sim.client._call("POST", "/_sim/status", payload)
    assert f"HTTP {status}" in str(excinfo.value)
    assert builders.describe_cluster(rds)["Status"] == "available"
