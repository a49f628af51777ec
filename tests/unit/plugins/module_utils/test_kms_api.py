"""The one KMS lookup: a client built on the first lookup only, and the check of a key before RDS gets it."""

import datetime

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import aws, kms_api
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AwsError, MissingError, ValidationError
from tests.unit.builders import KEY_ARN, RecordingClient, RecordingClients


def test_the_kms_client_is_built_once_and_only_when_an_alias_is_looked_up(monkeypatch):
    built = []
    client = RecordingClient({"describe_key": {"KeyMetadata": {"Arn": KEY_ARN}}})

    def connect(params, service):
        built.append(service)
        return client

    monkeypatch.setattr(aws, "connect", connect)
    lookup = kms_api.key_arn_lookup(aws.Clients({"region": "us-east-1"}))
    assert built == []
    assert lookup("alias/a") == KEY_ARN and lookup("alias/b") == KEY_ARN
    assert built == ["kms"]
    assert client.calls == [("describe_key", {"KeyId": "alias/a"}), ("describe_key", {"KeyId": "alias/b"})]


def key(state, **extra):
    return {"describe_key": {"KeyMetadata": dict({"Arn": KEY_ARN, "KeyState": state}, **extra)}}


def test_an_enabled_key_passes():
    warnings = []
    kms_api.check(RecordingClients(kms=key("Enabled")), "kms_key_id", "alias/myapp", warnings)
    assert warnings == []


@pytest.mark.parametrize(
    ("metadata", "words"),
    [
        (key("Disabled"), f"KMS key alias/myapp ({KEY_ARN}) is Disabled, not Enabled"),
        (
            key("PendingDeletion", DeletionDate=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)),
            f"KMS key alias/myapp ({KEY_ARN}) is pending deletion on 2025-02-01T00:00:00+00:00",
        ),
        (key("PendingImport"), "is PendingImport, not Enabled"),
    ],
)
def test_a_key_that_is_not_enabled_is_refused(metadata, words):
    with pytest.raises(ValidationError) as err:
        kms_api.check(RecordingClients(kms=metadata), "kms_key_id", "alias/myapp", [])
    assert err.value.option == "kms_key_id" and words in err.value.message


def test_a_missing_key_is_a_missing_error_and_other_failures_pass_through():
    def missing(**_kwargs):
        raise AwsError("NotFoundException", "DescribeKey", "Alias alias/myapp is not found.")

    with pytest.raises(MissingError, match="KMS key alias/myapp does not exist"):
        kms_api.check(RecordingClients(kms={"describe_key": missing}), "kms_key_id", "alias/myapp", [])

    def throttled(**_kwargs):
        raise AwsError("KMSInternalException", "DescribeKey", "try again")

    with pytest.raises(AwsError):
        kms_api.check(RecordingClients(kms={"describe_key": throttled}), "kms_key_id", "alias/myapp", [])
