# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one KMS lookup (DescribeKey): the key ARN an alias names, and the check of a key before RDS is given it."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import aws, kms
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AwsError, MissingError, ValidationError


def key_arn_lookup(clients):
    """lookup(alias) -> key ARN. The KMS client is built on the first lookup, so most runs never build one."""

    def lookup(alias):
        return clients.kms.call("describe_key", KeyId=alias)["KeyMetadata"]["Arn"]

    return lookup


def check(clients, option, reference, warnings):
    """Refuse a key RDS would refuse with KMSKeyNotAccessibleFault: missing, not enabled, or of another region.

    One DescribeKey; without kms:DescribeKey the check is skipped with a warning in `warnings`.
    """
    region = kms.region_of(reference)
    if region is not None and region != clients.kms.region:
        # Aurora User Guide, Overview.Encryption.md: "KMS keys are specific to the AWS Region that they are
        # created in".
        raise ValidationError(
            option,
            f"{reference} is a key of region {region}, and KMS keys work only in their own region; this run "
            f"uses region {clients.kms.region}",
        )
    try:
        metadata = aws.unless_denied(
            warnings,
            f"the check of {option}",
            "kms:DescribeKey",
            lambda: clients.kms.call("describe_key", KeyId=reference)["KeyMetadata"],
        )
    except AwsError as err:
        if err.code == "NotFoundException":
            raise MissingError(option, f"KMS key {reference} does not exist") from None
        if err.code == "InvalidArnException":
            raise ValidationError(
                option, f"'{reference}' is not a KMS key id, key ARN, alias name or alias ARN"
            ) from None
        raise
    if metadata is aws.SKIPPED:
        return
    refusal = kms.not_usable(reference, metadata)
    if refusal:
        raise ValidationError(option, refusal)
