"""The one KMS lookup: a client built on the first lookup only."""

from ansible_collections.aurora.mysql.plugins.module_utils import aws, kms_api
from tests.unit.builders import KEY_ARN, RecordingClient


def test_the_kms_client_is_built_once_and_only_when_an_alias_is_looked_up(monkeypatch):
    built = []
    client = RecordingClient({"describe_key": {"KeyMetadata": {"Arn": KEY_ARN}}})

    def connect(params, service):
        built.append(service)
        return client

    monkeypatch.setattr(aws, "connect", connect)
    lookup = kms_api.key_arn_lookup({"region": "us-east-1"})
    assert built == []
    assert lookup("alias/a") == KEY_ARN and lookup("alias/b") == KEY_ARN
    assert built == ["kms"]
    assert client.calls == [("describe_key", {"KeyId": "alias/a"}), ("describe_key", {"KeyId": "alias/b"})]
