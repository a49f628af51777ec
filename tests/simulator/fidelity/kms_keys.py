"""KMS keys the way RDS reports them: always the full key ARN, resolved through the KMS service itself.

A request may name a key by key id, key ARN, alias name (``alias/x``) or alias ARN; RDS stores and reports
``arn:aws:kms:<region>:<account>:key/<key-id>`` for all four (DBCluster.KmsKeyId, DBInstance.KmsKeyId and
PerformanceInsightsKMSKeyId). Stock moto echoes the request value, and ``default_kms_key_id`` when none came.
A key that does not exist, or is disabled or pending deletion, is refused with KMSKeyNotAccessibleFault.
Without a key RDS uses the account's AWS managed ``aws/rds`` key, which AWS creates on first use.

Sources: the four forms, service model, CreateDBClusterMessage.KmsKeyId ("the key ARN, key ID, alias ARN, or alias
name"); the ARN reported whatever the form, Aurora User Guide, tut-restore-cluster.md (KmsKeyId
"arn:aws:kms:...:key/...") (that an alias is resolved to its key's ARN: no AWS source found beyond that example);
KMSKeyNotAccessibleFault "The specified KMS key [arn:...] does not exist, is not enabled or you do not have
permissions to access it." for a key of another region (https://github.com/hashicorp/terraform-provider-aws/issues/16362;
moto's wording says "Specified KMS key"); the default key, CreateDBClusterMessage.KmsKeyId ("Amazon RDS uses your
default KMS key ... a different default KMS key for each Amazon Web Services Region"); created on first use, AWS
Support as quoted in https://github.com/cloudposse/terraform-aws-rds-cluster/pull/107.
"""

from __future__ import annotations

from moto.kms.models import KmsBackend, kms_backends
from moto.rds.exceptions import KMSKeyNotAccessibleFault
from moto.rds.models import RDSBackend

RDS_MANAGED_ALIAS = "alias/aws/rds"
RDS_MANAGED_DESCRIPTION = "Default key that protects my RDS database volumes when no other key is defined"


def _kms(account_id: str, region: str) -> KmsBackend:
    return kms_backends[account_id][region]


def _home(backend: RDSBackend, reference: str) -> KmsBackend:
    """A key or alias ARN may point into another account (RDS allows that for shared keys); anything else is local.

    Service model, CreateDBClusterMessage.KmsKeyId: "To use a KMS key in a different Amazon Web Services account,
    specify the key ARN or alias ARN."
    """
    if reference.startswith("arn:"):
        parts = reference.split(":")
        if len(parts) >= 6 and parts[3] == backend.region_name and parts[4]:
            return _kms(parts[4], parts[3])
        # A key in another region can never encrypt this region's storage.
        raise KMSKeyNotAccessibleFault(reference)
    return _kms(backend.account_id, backend.region_name)


def arn(backend: RDSBackend, reference: str) -> str:
    """The key ARN for any of the four ways to name a key, or KMSKeyNotAccessibleFault."""
    kms = _home(backend, reference)
    alias = kms.get_alias_name(reference)
    key_id = kms.get_key_id_from_alias(alias) if alias.startswith("alias/") else kms.get_key_id(reference)
    key = kms.keys.get(key_id or "")
    if key is None or key.key_state != "Enabled":
        raise KMSKeyNotAccessibleFault(reference)
    if alias == RDS_MANAGED_ALIAS:
        _mark_aws_managed(key)
    return key.arn


def default_arn(backend: RDSBackend) -> str:
    """The account's aws/rds key; moto's KMS creates a reserved alias's key the first time it is looked up."""
    return arn(backend, RDS_MANAGED_ALIAS)


def _mark_aws_managed(key) -> None:
    """moto's on-demand key says CUSTOMER / "Default key"; DescribeKey on the real one says AWS (KeyManager AWS marks
    an AWS managed key: KMS API reference, KeyMetadata.KeyManager; the description text: no AWS source found)."""
    key.key_manager = "AWS"
    key.description = RDS_MANAGED_DESCRIPTION
