"""Which KMS key a reference names, without asking KMS."""

import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import kms
from tests.unit.builders import GUIDE_KMS_KEY, KEY_ARN, KEY_ID


def test_key_forms():
    assert kms.key_id(KEY_ARN) == KEY_ID
    assert kms.key_id(KEY_ID) == KEY_ID
    assert kms.key_id(None) is None
    assert kms.key_id("alias/myapp") is None
    assert kms.key_id("arn:aws:kms:us-east-1:123456789012:alias/myapp") is None
    assert kms.is_alias("alias/myapp") and kms.is_alias("arn:aws:kms:us-east-1:123456789012:alias/myapp")
    assert not kms.is_alias(KEY_ARN) and not kms.is_alias(None)


def test_same_key():
    assert kms.same_key(KEY_ID, KEY_ARN)
    assert kms.same_key(KEY_ARN, KEY_ARN)
    assert not kms.same_key("alias/myapp", KEY_ARN)
    assert not kms.same_key(GUIDE_KMS_KEY, KEY_ARN)
    assert not kms.same_key(KEY_ID, None)
    assert not kms.same_key(None, None)


@pytest.mark.parametrize("alias", ["alias/myapp", "arn:aws:kms:us-east-1:123456789012:alias/myapp"])
def test_only_aliases_under_the_named_keys_are_looked_up(alias):
    looked_up = []

    def lookup(name):
        looked_up.append(name)
        return KEY_ARN

    values = {"a": alias, "b": alias, "c": KEY_ID}
    assert kms.resolve_aliases(values, ["a", "c"], lookup) == {"a": KEY_ARN, "b": alias, "c": KEY_ID}
    assert looked_up == [alias]
