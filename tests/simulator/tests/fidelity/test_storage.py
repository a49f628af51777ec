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


def test_a_cluster_without_storage_type_is_aurora_standard(rds):
    created = builders.cluster(rds)
    builders.instance(rds, "writer")
    assert created["StorageType"] == "aurora"
    cluster = builders.describe_cluster(rds)
    assert (cluster["StorageType"], cluster["AllocatedStorage"]) == ("aurora", 1)
    assert builders.describe_instance(rds, "writer")["StorageType"] == "aurora"


def test_io_optimized_is_reported_by_the_cluster_and_its_members(rds):
    created = builders.cluster(rds, StorageType="aurora-iopt1")
    builders.instance(rds, "writer")
    assert created["StorageType"] == "aurora-iopt1"
    assert builders.describe_cluster(rds)["StorageType"] == "aurora-iopt1"
    assert builders.describe_instance(rds, "writer")["StorageType"] == "aurora-iopt1"
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, StorageType="aurora", ApplyImmediately=True)
    assert builders.describe_cluster(rds)["StorageType"] == "aurora"
    assert builders.describe_instance(rds, "writer")["StorageType"] == "aurora"


@pytest.mark.parametrize("storage_type", ["gp2", "io1", "standard"])
def test_storage_types_aurora_does_not_offer_are_refused(rds, storage_type):
    message = builders.fails("StorageTypeNotSupported", builders.cluster, rds, StorageType=storage_type)
    assert message == f"Invalid storage type: {storage_type}"
    builders.cluster(rds)
    builders.fails(
        "StorageTypeNotSupported", rds.modify_db_cluster, DBClusterIdentifier=builders.CLUSTER, StorageType=storage_type
    )
    assert builders.describe_cluster(rds)["StorageType"] == "aurora"
