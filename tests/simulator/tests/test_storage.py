"""Cluster storage fidelity: StorageType and KMS keys as RDS reports them (stock moto echoes requests, or gp2)."""

from __future__ import annotations

import pytest

from tests.simulator.tests import aurora

ACCOUNT_PREFIX = "arn:aws:kms:us-east-1:123456789012:"


@pytest.fixture
def key(kms):
    """A customer key with an alias: the four ways a request can name it, and the ARN RDS reports for all four."""
    metadata = kms.create_key(Description="aurora storage")["KeyMetadata"]
    kms.create_alias(AliasName="alias/aurora-data", TargetKeyId=metadata["KeyId"])
    return metadata


def key_references(key) -> dict[str, str]:
    return {
        "key-id": key["KeyId"],
        "key-arn": key["Arn"],
        "alias-name": "alias/aurora-data",
        "alias-arn": f"{ACCOUNT_PREFIX}alias/aurora-data",
    }


@pytest.mark.parametrize("form", ["key-id", "key-arn", "alias-name", "alias-arn"])
def test_the_cluster_and_its_members_report_the_key_arn_however_it_was_named(rds, key, form):
    created = aurora.cluster(rds, StorageEncrypted=True, KmsKeyId=key_references(key)[form])
    aurora.instance(rds, "writer")
    assert created["KmsKeyId"] == key["Arn"]
    assert aurora.describe_cluster(rds)["KmsKeyId"] == key["Arn"]
    member = aurora.describe_instance(rds, "writer")
    assert (member["StorageEncrypted"], member["KmsKeyId"]) == (True, key["Arn"])


def test_encryption_without_a_key_uses_the_aws_managed_rds_key(rds, kms):
    aurora.cluster(rds, StorageEncrypted=True)
    aurora.instance(rds, "writer")
    reported = aurora.describe_cluster(rds)["KmsKeyId"]
    managed = kms.describe_key(KeyId="alias/aws/rds")["KeyMetadata"]
    assert reported == managed["Arn"]
    assert reported.startswith(f"{ACCOUNT_PREFIX}key/")
    assert managed["KeyManager"] == "AWS"
    assert aurora.describe_instance(rds, "writer")["KmsKeyId"] == managed["Arn"]
    # One managed key per account and region: a second cluster gets the same one.
    aurora.cluster(rds, "second", StorageEncrypted=True)
    assert aurora.describe_cluster(rds, "second")["KmsKeyId"] == managed["Arn"]


def test_an_unencrypted_cluster_reports_no_key(rds):
    created = aurora.cluster(rds)
    aurora.instance(rds, "writer")
    assert created["StorageEncrypted"] is False
    assert "KmsKeyId" not in aurora.describe_cluster(rds)
    assert "KmsKeyId" not in aurora.describe_instance(rds, "writer")


@pytest.mark.parametrize(
    "reference",
    [
        "alias/no-such-alias",
        "0a1b2c3d-1111-2222-3333-444455556666",
        f"{ACCOUNT_PREFIX}key/0a1b2c3d-1111-2222-3333-444455556666",
        "arn:aws:kms:eu-west-1:123456789012:alias/aurora-data",
    ],
)
def test_an_unknown_key_is_refused_and_nothing_is_created(rds, key, reference):
    message = aurora.fails("KMSKeyNotAccessibleFault", aurora.cluster, rds, StorageEncrypted=True, KmsKeyId=reference)
    assert reference in message
    assert rds.describe_db_clusters()["DBClusters"] == []


def test_a_disabled_key_is_refused(rds, kms, key):
    kms.disable_key(KeyId=key["KeyId"])
    aurora.fails("KMSKeyNotAccessibleFault", aurora.cluster, rds, StorageEncrypted=True, KmsKeyId=key["Arn"])


def test_performance_insights_keys_are_reported_as_arns(rds, kms, key):
    aurora.cluster(rds)
    answer = aurora.instance(
        rds, "aliased", EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId="alias/aurora-data"
    )
    assert answer["PerformanceInsightsKMSKeyId"] == key["Arn"]
    assert aurora.describe_instance(rds, "aliased")["PerformanceInsightsKMSKeyId"] == key["Arn"]
    aurora.instance(rds, "defaulted", EnablePerformanceInsights=True)
    managed = kms.describe_key(KeyId="alias/aws/rds")["KeyMetadata"]["Arn"]
    assert aurora.describe_instance(rds, "defaulted")["PerformanceInsightsKMSKeyId"] == managed
    aurora.instance(rds, "later")
    rds.modify_db_instance(
        DBInstanceIdentifier="later", EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=key["KeyId"]
    )
    assert aurora.describe_instance(rds, "later")["PerformanceInsightsKMSKeyId"] == key["Arn"]


def test_an_unknown_performance_insights_key_is_refused(rds):
    aurora.cluster(rds)
    aurora.instance(rds, "writer")
    settings = {"EnablePerformanceInsights": True, "PerformanceInsightsKMSKeyId": "alias/no-such-alias"}
    aurora.fails("KMSKeyNotAccessibleFault", aurora.instance, rds, "reader", **settings)
    assert [db["DBInstanceIdentifier"] for db in rds.describe_db_instances()["DBInstances"]] == ["writer"]
    aurora.fails("KMSKeyNotAccessibleFault", rds.modify_db_instance, DBInstanceIdentifier="writer", **settings)
    assert aurora.describe_instance(rds, "writer")["PerformanceInsightsEnabled"] is False


def test_a_cluster_without_storage_type_is_aurora_standard(rds):
    created = aurora.cluster(rds)
    aurora.instance(rds, "writer")
    assert created["StorageType"] == "aurora"
    cluster = aurora.describe_cluster(rds)
    assert (cluster["StorageType"], cluster["AllocatedStorage"]) == ("aurora", 1)
    assert aurora.describe_instance(rds, "writer")["StorageType"] == "aurora"


def test_io_optimized_is_reported_by_the_cluster_and_its_members(rds):
    created = aurora.cluster(rds, StorageType="aurora-iopt1")
    aurora.instance(rds, "writer")
    assert created["StorageType"] == "aurora-iopt1"
    assert aurora.describe_cluster(rds)["StorageType"] == "aurora-iopt1"
    assert aurora.describe_instance(rds, "writer")["StorageType"] == "aurora-iopt1"
    rds.modify_db_cluster(DBClusterIdentifier=aurora.CLUSTER, StorageType="aurora", ApplyImmediately=True)
    assert aurora.describe_cluster(rds)["StorageType"] == "aurora"
    assert aurora.describe_instance(rds, "writer")["StorageType"] == "aurora"


@pytest.mark.parametrize("storage_type", ["gp2", "io1", "standard"])
def test_storage_types_aurora_does_not_offer_are_refused(rds, storage_type):
    message = aurora.fails("StorageTypeNotSupported", aurora.cluster, rds, StorageType=storage_type)
    assert message == f"Invalid storage type: {storage_type}"
    aurora.cluster(rds)
    aurora.fails(
        "StorageTypeNotSupported", rds.modify_db_cluster, DBClusterIdentifier=aurora.CLUSTER, StorageType=storage_type
    )
    assert aurora.describe_cluster(rds)["StorageType"] == "aurora"
