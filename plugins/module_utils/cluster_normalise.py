# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one snake_case view of a DBCluster, the same view with queued changes counted as made, and KMS key ids."""

from __future__ import annotations

import re

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.aurora.mysql.plugins.module_utils import tags

LOG_TYPES = ("audit", "error", "general", "slowquery")

# The options a task can set; `cluster` returns them all, so its keys do not depend on the task.
OPTION_KEYS = (
    "engine",
    "engine_version",
    "master_username",
    "manage_master_user_password",
    "master_user_secret_kms_key_id",
    "database_name",
    "port",
    "db_subnet_group_name",
    "vpc_security_group_ids",
    "db_cluster_parameter_group_name",
    "storage_encrypted",
    "kms_key_id",
    "storage_type",
    "backup_retention_period",
    "preferred_backup_window",
    "preferred_maintenance_window",
    "enable_cloudwatch_logs_exports",
    "deletion_protection",
    "copy_tags_to_snapshot",
    "iam_database_authentication",
    "backtrack_window",
    "serverless_v2_scaling",
)

# Security groups on their way out are already requested gone.
_LEAVING_GROUP_STATUSES = ("removing", "removed")
_KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[^:]*:[^:]*:key/(.+)$")


def normalise(raw):
    """Snake_case, stable keys, normalised values. `raw` is a DescribeDBClusters entry, or None."""
    if raw is None:
        return None
    encrypted = bool(raw.get("StorageEncrypted"))
    secret = raw.get("MasterUserSecret") or {}
    result = {
        "identifier": raw["DBClusterIdentifier"],
        "arn": raw.get("DBClusterArn"),
        "status": raw.get("Status"),
        "engine": raw.get("Engine"),
        "engine_version": raw.get("EngineVersion"),
        "endpoint": raw.get("Endpoint"),
        "reader_endpoint": raw.get("ReaderEndpoint"),
        "port": raw.get("Port"),
        "master_username": raw.get("MasterUsername"),
        "manage_master_user_password": bool(secret),
        "master_user_secret_arn": secret.get("SecretArn"),
        "master_user_secret_kms_key_id": secret.get("KmsKeyId"),
        "database_name": raw.get("DatabaseName"),
        "db_subnet_group_name": raw.get("DBSubnetGroup"),
        "vpc_security_group_ids": sorted(
            group["VpcSecurityGroupId"]
            for group in raw.get("VpcSecurityGroups") or []
            if group.get("Status") not in _LEAVING_GROUP_STATUSES
        ),
        "db_cluster_parameter_group_name": raw.get("DBClusterParameterGroup"),
        "storage_encrypted": encrypted,
        # RDS names no key for an unencrypted cluster.
        "kms_key_id": raw.get("KmsKeyId") if encrypted else None,
        # RDS leaves StorageType out of the answer for standard Aurora storage.
        "storage_type": raw.get("StorageType") or "aurora",
        "backup_retention_period": raw.get("BackupRetentionPeriod"),
        "preferred_backup_window": raw.get("PreferredBackupWindow"),
        "preferred_maintenance_window": (raw.get("PreferredMaintenanceWindow") or "").lower() or None,
        "enable_cloudwatch_logs_exports": sorted(set(raw.get("EnabledCloudwatchLogsExports") or [])),
        "deletion_protection": bool(raw.get("DeletionProtection")),
        "copy_tags_to_snapshot": bool(raw.get("CopyTagsToSnapshot")),
        "iam_database_authentication": bool(raw.get("IAMDatabaseAuthenticationEnabled")),
        "backtrack_window": raw.get("BacktrackWindow") or 0,
        "serverless_v2_scaling": _scaling(raw.get("ServerlessV2ScalingConfiguration")),
        "tags": tags.to_dict(raw.get("TagList")),
        "members": sorted(
            (
                {
                    "instance_identifier": member["DBInstanceIdentifier"],
                    "is_writer": bool(member.get("IsClusterWriter")),
                    "promotion_tier": member.get("PromotionTier"),
                }
                for member in raw.get("DBClusterMembers") or []
            ),
            key=lambda member: member["instance_identifier"],
        ),
        "pending_modified_values": _pending(raw.get("PendingModifiedValues")),
    }
    return result


def _scaling(config):
    if not config or config.get("MinCapacity") is None:
        return None
    return {"min_capacity": float(config["MinCapacity"]), "max_capacity": float(config["MaxCapacity"])}


def _pending(pending):
    result = camel_dict_to_snake_dict(pending or {})
    # RDS masks a queued password already; never pass on whatever stands there.
    if "master_user_password" in result:
        result["master_user_password"] = "********"
    return result


def effective(current):
    """The normalised cluster with its queued (pending) changes counted as made: they are already requested."""
    if current is None:
        return None
    pending = current["pending_modified_values"]
    result = dict(current)
    for key in ("engine_version", "backup_retention_period", "storage_type"):
        if pending.get(key) is not None:
            result[key] = pending[key]
    if pending.get("iam_database_authentication_enabled") is not None:
        result["iam_database_authentication"] = bool(pending["iam_database_authentication_enabled"])
    logs = pending.get("pending_cloudwatch_logs_exports") or {}
    if logs:
        enabled = set(current["enable_cloudwatch_logs_exports"]) | set(logs.get("log_types_to_enable") or [])
        result["enable_cloudwatch_logs_exports"] = sorted(enabled - set(logs.get("log_types_to_disable") or []))
    return result


def settings_view(cluster):
    """The options and tags of a normalised cluster: what diff before/after shows."""
    if not cluster:
        return {}
    view = {key: cluster.get(key) for key in OPTION_KEYS}
    view["identifier"] = cluster["identifier"]
    view["tags"] = dict(cluster.get("tags") or {})
    return view


def is_kms_alias(value):
    return value.startswith("alias/") or ":alias/" in value


def kms_key_suffix(value):
    """The bare key id of a key id or key ARN; aliases have none without a KMS lookup."""
    if value is None or is_kms_alias(value):
        return None
    match = _KEY_ARN.match(value)
    return match.group(1) if match else value


def same_kms_key(desired, current):
    """Whether two key references name the same key; aliases must be resolved to key ARNs first."""
    desired_id = kms_key_suffix(desired)
    return desired_id is not None and desired_id == kms_key_suffix(current)
