# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure cluster plan: create, modify (only what differs from the requested state) or delete, and its refusals."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ansible_collections.aurora.mysql.plugins.module_utils import tags, validate
from ansible_collections.aurora.mysql.plugins.module_utils.cluster_normalise import effective, same_kms_key
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

IMMUTABLE = ("engine", "master_username", "database_name", "storage_encrypted")

# Option -> request key; CreateDBCluster and ModifyDBCluster share these names.
REQUEST_KEYS = {
    "engine": "Engine",
    "engine_version": "EngineVersion",
    "master_username": "MasterUsername",
    "manage_master_user_password": "ManageMasterUserPassword",
    "master_user_secret_kms_key_id": "MasterUserSecretKmsKeyId",
    "database_name": "DatabaseName",
    "port": "Port",
    "db_subnet_group_name": "DBSubnetGroupName",
    "vpc_security_group_ids": "VpcSecurityGroupIds",
    "db_cluster_parameter_group_name": "DBClusterParameterGroupName",
    "storage_encrypted": "StorageEncrypted",
    "kms_key_id": "KmsKeyId",
    "storage_type": "StorageType",
    "backup_retention_period": "BackupRetentionPeriod",
    "preferred_backup_window": "PreferredBackupWindow",
    "preferred_maintenance_window": "PreferredMaintenanceWindow",
    "enable_cloudwatch_logs_exports": "EnableCloudwatchLogsExports",
    "deletion_protection": "DeletionProtection",
    "copy_tags_to_snapshot": "CopyTagsToSnapshot",
    "iam_database_authentication": "EnableIAMDatabaseAuthentication",
    "backtrack_window": "BacktrackWindow",
    "serverless_v2_scaling": "ServerlessV2ScalingConfiguration",
}

# Compared one to one against the requested state; the other options have rules of their own below.
_SIMPLE_MUTABLE = (
    "port",
    "db_subnet_group_name",
    "vpc_security_group_ids",
    "db_cluster_parameter_group_name",
    "storage_type",
    "backup_retention_period",
    "preferred_backup_window",
    "preferred_maintenance_window",
    "enable_cloudwatch_logs_exports",
    "deletion_protection",
    "copy_tags_to_snapshot",
    "iam_database_authentication",
    "serverless_v2_scaling",
)


@dataclass
class ClusterPlan:
    """What to do; empty (falsy) when the cluster already is, or has already been asked to be, as desired."""

    action: str = ""  # create, modify, delete, or "" for nothing
    changes: dict = field(default_factory=dict)  # option -> requested value, as the diff shows it
    request: dict = field(default_factory=dict)  # API keyword arguments, never the password
    tags_to_set: dict = field(default_factory=dict)
    tags_to_remove: list = field(default_factory=list)
    send_password: bool = False
    disable_protection: bool = False
    final_snapshot_identifier: str | None = None

    def __bool__(self):
        return bool(self.action)


def version_key(version):
    """8.0.mysql_aurora.3.07.1 -> (8, 0, 3, 7, 1); the first two numbers are the major version."""
    return tuple(int(part) for part in re.findall(r"\d+", version or ""))


def plan(current, desired):
    """current: normalise() of the described cluster or None; desired: cluster_desired.Desired."""
    if desired.state == "absent":
        return _delete_plan(current, desired)
    if current is None:
        return _create_plan(desired)
    return _modify_plan(current, desired)


def _to_request_value(option, value):
    if option == "serverless_v2_scaling":
        return {"MinCapacity": value["min_capacity"], "MaxCapacity": value["max_capacity"]}
    return value


def _create_plan(desired):
    options = desired.options
    if options["master_username"] is None:
        raise ValidationError("master_username", "is required to create the cluster")
    if desired.password is None and not options["manage_master_user_password"]:
        raise ValidationError(
            "master_user_password", "is required to create the cluster, unless manage_master_user_password is true"
        )
    if options["kms_key_id"] is not None and options["storage_encrypted"] is not True:
        raise ValidationError("kms_key_id", "needs storage_encrypted: true to create an encrypted cluster")
    changes = {option: value for option, value in options.items() if value is not None}
    request = {"DBClusterIdentifier": desired.identifier}
    request.update({REQUEST_KEYS[option]: _to_request_value(option, value) for option, value in changes.items()})
    if desired.tags:
        request["Tags"] = tags.to_list(desired.tags)
    return ClusterPlan(
        action="create",
        changes=changes,
        request=request,
        tags_to_set=dict(desired.tags or {}),
        send_password=desired.password is not None,
    )


def _modify_plan(current, desired):
    if current["status"] == "deleting":
        raise ValidationError("state", f"cluster {desired.identifier} is being deleted; wait until it is gone")
    requested = effective(current)
    options = desired.options
    _refuse_immutable(requested, options)
    _check_windows(requested, options)
    changes = {
        option: options[option]
        for option in _SIMPLE_MUTABLE
        if options[option] is not None and options[option] != requested[option]
    }
    major = _engine_version_change(current, requested, desired, changes)
    _backtrack_change(requested, options, changes)
    send_password = _password_changes(requested, desired, changes)
    to_set, to_remove = tags.plan(current["tags"], desired.tags, desired.purge_tags)
    request = _modify_request(requested, desired, changes, send_password, major)
    return ClusterPlan(
        action="modify" if request or to_set or to_remove else "",
        changes=changes,
        request=request,
        tags_to_set=to_set,
        tags_to_remove=to_remove,
        send_password=send_password,
    )


def _shown(value):
    return "(not set)" if value is None else f"'{value}'"


def _refuse_immutable(requested, options):
    for option in IMMUTABLE:
        if options[option] is not None and options[option] != requested[option]:
            _immutable(option, requested[option], options[option])
    if options["kms_key_id"] is not None and not same_kms_key(options["kms_key_id"], requested["kms_key_id"]):
        _immutable("kms_key_id", requested["kms_key_id"], options["kms_key_id"])


def _immutable(option, have, want):
    raise ValidationError(
        option,
        f"cannot change once the cluster exists: it is {_shown(have)}, the task asks for {_shown(want)}. "
        "Create a new cluster (or restore a snapshot into one) to change it.",
    )


def _check_windows(requested, options):
    """A new window must not overlap the window the cluster keeps."""
    if options["preferred_backup_window"] is None and options["preferred_maintenance_window"] is None:
        return
    backup = options["preferred_backup_window"] or requested["preferred_backup_window"]
    maintenance = options["preferred_maintenance_window"] or requested["preferred_maintenance_window"]
    validate.windows(backup, maintenance)


def _engine_version_change(current, requested, desired, changes):
    """Record a version change; refuse a downgrade, and a major upgrade that was not allowed. True when major."""
    want = desired.options["engine_version"]
    if want is None or want == requested["engine_version"]:
        return False
    have = current["engine_version"]
    if version_key(want) < version_key(have):
        raise ValidationError("engine_version", f"'{want}' is older than the cluster's '{have}'; RDS cannot downgrade")
    major = version_key(want)[:2] != version_key(have)[:2]
    if major and not desired.allow_major_version_upgrade:
        raise ValidationError(
            "allow_major_version_upgrade",
            f"'{have}' to '{want}' is a major version upgrade; set allow_major_version_upgrade: true to make it",
        )
    changes["engine_version"] = want
    return major


def _backtrack_change(requested, options, changes):
    want = options["backtrack_window"]
    if want is None or want == requested["backtrack_window"]:
        return
    if want > 0 and not requested["backtrack_window"]:
        raise ValidationError(
            "backtrack_window",
            "Aurora turns backtracking on only when a cluster is created (or restored); it is off on this cluster",
        )
    changes["backtrack_window"] = want


def _password_changes(requested, desired, changes):
    """Record Secrets Manager changes; True when the task's password must be sent."""
    manage = desired.options["manage_master_user_password"]
    managed = requested["manage_master_user_password"]
    secret_key = desired.options["master_user_secret_kms_key_id"]
    if manage and not managed:
        changes["manage_master_user_password"] = True
        if secret_key is not None:
            changes["master_user_secret_kms_key_id"] = secret_key
        return False
    secret_key_now = requested["master_user_secret_kms_key_id"]
    if manage and secret_key is not None and not same_kms_key(secret_key, secret_key_now):
        raise ValidationError(
            "master_user_secret_kms_key_id",
            f"RDS cannot change the key of a managed secret: it is {_shown(secret_key_now)}."
            " Turn manage_master_user_password off, then on again with the new key.",
        )
    if manage is False and managed:
        if desired.password is None:
            raise ValidationError(
                "master_user_password", "is required to stop managing the master password in Secrets Manager"
            )
        changes["manage_master_user_password"] = False
        return True
    if desired.password is not None and desired.update_password == "always":
        if managed:
            raise ValidationError(
                "master_user_password",
                "the cluster's password is managed in Secrets Manager; set manage_master_user_password: false to "
                "set your own",
            )
        return True
    return False


def _modify_request(requested, desired, changes, send_password, major):
    if not changes and not send_password:
        return {}
    if "db_subnet_group_name" in changes and not desired.apply_immediately:
        raise ValidationError(
            "apply_immediately",
            "a move to another subnet group never shows among RDS's pending changes, so a queued move would be "
            "sent again on every run; this module moves a cluster only with apply_immediately: true",
        )
    request = {"DBClusterIdentifier": desired.identifier, "ApplyImmediately": desired.apply_immediately}
    for option, value in changes.items():
        if option != "enable_cloudwatch_logs_exports":
            request[REQUEST_KEYS[option]] = _to_request_value(option, value)
    if "enable_cloudwatch_logs_exports" in changes:
        want, have = set(changes["enable_cloudwatch_logs_exports"]), set(requested["enable_cloudwatch_logs_exports"])
        request["CloudwatchLogsExportConfiguration"] = {
            key: sorted(types)
            for key, types in (("EnableLogTypes", want - have), ("DisableLogTypes", have - want))
            if types
        }
    if "db_subnet_group_name" in changes:
        # Without them RDS puts the moved cluster in the VPC's default security group.
        request["VpcSecurityGroupIds"] = changes.get("vpc_security_group_ids", requested["vpc_security_group_ids"])
    if major:
        request["AllowMajorVersionUpgrade"] = True
    return request


def _delete_plan(current, desired):
    if current is None or current["status"] == "deleting":
        return ClusterPlan()
    blockers = []
    if current["deletion_protection"] and desired.options["deletion_protection"] is not False:
        blockers.append(
            "deletion protection is on; add deletion_protection: false to this task to turn it off and delete, "
            "or turn it off first"
        )
    if current["members"]:
        names = ", ".join(member["instance_identifier"] for member in current["members"])
        blockers.append(
            f"it still has instances {names}; delete them first (aurora.mysql.aurora_instance with state: absent)"
        )
    if blockers:
        raise ValidationError("state", f"cannot delete cluster {desired.identifier}: " + "; and ".join(blockers))
    request = {"DBClusterIdentifier": desired.identifier}
    if desired.final_snapshot_identifier:
        request["FinalDBSnapshotIdentifier"] = desired.final_snapshot_identifier
    else:
        request["SkipFinalSnapshot"] = True
    return ClusterPlan(
        action="delete",
        request=request,
        disable_protection=current["deletion_protection"],
        final_snapshot_identifier=desired.final_snapshot_identifier,
    )
