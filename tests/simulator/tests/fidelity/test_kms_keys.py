"""KMS keys as RDS resolves them: any way of naming a key reported as its ARN, the aws/rds key, refusals."""

from __future__ import annotations

import pytest

from tests.simulator.tests import builders

ACCOUNT_PREFIX = "arn:aws:kms:us-east-1:123456789012:"


def key_references(key) -> dict[str, str]:
    return {
        "key-id": key["KeyId"],
        "key-arn": key["Arn"],
        "alias-name": "alias/aurora-data",
        "alias-arn": f"{ACCOUNT_PREFIX}alias/aurora-data",
    }


@pytest.mark.parametrize("form", ["key-id", "key-arn", "alias-name", "alias-arn"])
def test_the_cluster_and_its_members_report_the_key_arn_however_it_was_named(rds, key, form):
    created = builders.cluster(rds, StorageEncrypted=True, KmsKeyId=key_references(key)[form])
    builders.instance(rds, "writer")
    assert created["KmsKeyId"] == key["Arn"]
    assert builders.describe_cluster(rds)["KmsKeyId"] == key["Arn"]
    member = builders.describe_instance(rds, "writer")
    assert (member["StorageEncrypted"], member["KmsKeyId"]) == (True, key["Arn"])


def test_encryption_without_a_key_uses_the_aws_managed_rds_key(rds, kms):
    builders.cluster(rds, StorageEncrypted=True)
    builders.instance(rds, "writer")
    reported = builders.describe_cluster(rds)["KmsKeyId"]
    managed = kms.describe_key(KeyId="alias/aws/rds")["KeyMetadata"]
    assert reported == managed["Arn"]
    assert reported.startswith(f"{ACCOUNT_PREFIX}key/")
    assert managed["KeyManager"] == "AWS"
    assert builders.describe_instance(rds, "writer")["KmsKeyId"] == managed["Arn"]
    # One managed key per account and region: a second cluster gets the same one.
    builders.cluster(rds, "second", StorageEncrypted=True)
    assert builders.describe_cluster(rds, "second")["KmsKeyId"] == managed["Arn"]


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
    message = builders.fails(
        "KMSKeyNotAccessibleFault", builders.cluster, rds, StorageEncrypted=True, KmsKeyId=reference
    )
    assert reference in message
    assert rds.describe_db_clusters()["DBClusters"] == []


def test_a_disabled_key_is_refused(rds, kms, key):
    kms.disable_key(KeyId=key["KeyId"])
    builders.fails("KMSKeyNotAccessibleFault", builders.cluster, rds, StorageEncrypted=True, KmsKeyId=key["Arn"])
