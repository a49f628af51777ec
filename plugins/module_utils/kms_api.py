# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one KMS lookup: the key ARN an alias names (DescribeKey)."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import aws


def key_arn_lookup(params):
    """lookup(alias) -> key ARN. The KMS client is built on the first lookup, so most runs never build one."""
    clients = []

    def lookup(alias):
        if not clients:
            clients.append(aws.connect(params, "kms"))
        return clients[0].call("describe_key", KeyId=alias)["KeyMetadata"]["Arn"]

    return lookup
