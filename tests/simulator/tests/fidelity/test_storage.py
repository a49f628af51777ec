"""Cluster storage fidelity: StorageType and KMS keys as RDS reports them (stock moto echoes requests, or gp2)."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders


def test_an_unencrypted_cluster_reports_no_key(rds):
    created = builders.cluster(rds)
    builders.instance(rds, "writer")
    assert created["StorageEncrypted"] is False
    assert "KmsKeyId" not in builders.describe_cluster(rds)
    assert "KmsKeyId" not in builders.describe_instance(rds, "writer")


def test_a_cluster_without_storage_type_is_aurora_standard_and_does_not_say_so(rds):
    created = builders.cluster(rds)
    builders.instance(rds, "writer")
    # Service model, CreateDBClusterMessage.StorageType: "The storage type isn't returned when you set it to aurora".
    assert "StorageType" not in created
    assert "StorageType" not in builders.describe_cluster(rds)
    assert builders.describe_instance(rds, "writer")["StorageType"] == "aurora"


def test_allocated_storage_varies(rds):
    assert builders.cluster(rds)["AllocatedStorage"] == 1
    builders.instance(rds, "writer")
    assert builders.describe_instance(rds, "writer")["DBInstanceStatus"] == "available"  # scale 0
    # Service model, DBCluster.AllocatedStorage: "For Aurora, AllocatedStorage can vary".
    assert builders.describe_cluster(rds)["AllocatedStorage"] == 15


def test_io_optimized_is_reported_by_the_cluster_and_its_members(rds):
    created = builders.cluster(rds, StorageType="aurora-iopt1")
    builders.instance(rds, "writer")
    assert created["StorageType"] == "aurora-iopt1"
    assert builders.describe_cluster(rds)["StorageType"] == "aurora-iopt1"
    assert builders.describe_instance(rds, "writer")["StorageType"] == "aurora-iopt1"
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, StorageType="aurora", ApplyImmediately=True)
    assert "StorageType" not in builders.describe_cluster(rds)
    assert builders.describe_instance(rds, "writer")["StorageType"] == "aurora"


@pytest.mark.parametrize("storage_type", ["gp2", "io1", "standard"])
def test_storage_types_aurora_does_not_offer_are_refused(rds, storage_type):
    message = builders.fails("StorageTypeNotSupported", builders.cluster, rds, StorageType=storage_type)
    assert message == f"Invalid storage type: {storage_type}"
    builders.cluster(rds)
    builders.fails(
        "StorageTypeNotSupported", rds.modify_db_cluster, DBClusterIdentifier=builders.CLUSTER, StorageType=storage_type
    )
    assert "StorageType" not in builders.describe_cluster(rds)
