# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Aurora MySQL DB cluster: its options (FIELDS), what a task asks (Desired), and the snake_case view. Pure.

Every setting is one row of FIELDS; the module's argument spec, the request keys, the compare set and the plain
part of normalise() and effective() all derive from it. cluster_plan.py plans, cluster_api.py calls AWS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version, fields, kms, rds, tags, validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import CREATE_ONLY, DEFERRED, KMS_KEY, RULE, Field
from ansible_collections.aurora.mysql.plugins.module_utils.module import (
    ASSUME_DELETED_SPEC,
    TAGS_ARGUMENT_SPEC,
    WAIT_ARGUMENT_SPEC,
)

_MASTER_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,15}$")
_DATABASE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_SECURITY_GROUP = re.compile(r"^sg-[0-9a-f]{8,17}$")
# RDS limits for Aurora MySQL.
BACKUP_RETENTION_DAYS = (1, 35)
PORTS = (1150, 65535)
MAX_BACKTRACK_SECONDS = 259200
MAX_CAPACITY_ACU = 256.0
SNAPSHOT_TIME_FORMAT = "%Y%m%d%H%M%S"
DEFAULT_ENGINE = "aurora-mysql"
# Security groups on their way out are already requested gone.
_LEAVING_GROUP_STATUSES = ("removing", "removed")
# The member fields aurora_cluster returns; aurora_cluster_info returns the whole member view.
_MEMBER_KEYS = ("instance_identifier", "is_writer", "promotion_tier")


def _matching(pattern):
    def check(option, value):
        if value is not None and not pattern.match(value):
            raise ValidationError(
                option, f"'{value}' must start with a letter and hold only letters, digits and underscores"
            )
        return value

    return check


def _sorted_set(_option, values):
    return sorted(set(values)) if values is not None else None


def _security_groups(option, values):
    for value in values or []:
        if not _SECURITY_GROUP.match(value):
            raise ValidationError(option, f"'{value}' is not a security group id like sg-0123abcd")
    return _sorted_set(option, values)


def _scaling(option, value):
    if value is None:
        return None
    low, high = float(value["min_capacity"]), float(value["max_capacity"])
    for name, capacity in (("min_capacity", low), ("max_capacity", high)):
        if not 0 <= capacity <= MAX_CAPACITY_ACU or (capacity * 2) != int(capacity * 2):
            raise ValidationError(f"{option}.{name}", f"{capacity} must be a multiple of 0.5 between 0 and 256")
    if high < 1 or low > high:
        raise ValidationError(option, f"max_capacity {high} must be at least 1 and not below min_capacity {low}")
    return {"min_capacity": low, "max_capacity": high}


def _scaling_request(value):
    return {"MinCapacity": value["min_capacity"], "MaxCapacity": value["max_capacity"]}


def _scaling_view(config):
    if not config or config.get("MinCapacity") is None:
        return None
    return {"min_capacity": float(config["MinCapacity"]), "max_capacity": float(config["MaxCapacity"])}


def _active_groups(groups):
    return sorted(
        group["VpcSecurityGroupId"] for group in groups or [] if group.get("Status") not in _LEAVING_GROUP_STATUSES
    )


def _secret_key(secret):
    return (secret or {}).get("KmsKeyId")


def _lower_or_none(value):
    return (value or "").lower() or None


# option, request key (CreateDBCluster and ModifyDBCluster share them), argument spec; then the DescribeDBClusters
# key where it differs from the request key, and how the option changes. compare=RULE rows are compared by a rule
# of their own in cluster_plan.py.
_PASSWORD_SECRET = dict(describe="MasterUserSecret", compare=RULE)
FIELDS = (
    Field("engine", "Engine", dict(type="str", choices=[DEFAULT_ENGINE], default=DEFAULT_ENGINE), change=CREATE_ONLY),
    Field("engine_version", "EngineVersion", change=DEFERRED, compare=RULE, check=engine_version.full_version),
    Field("master_username", "MasterUsername", change=CREATE_ONLY, check=_matching(_MASTER_USERNAME)),
    Field(
        "manage_master_user_password",
        "ManageMasterUserPassword",
        dict(type="bool", no_log=False),
        read=bool,
        **_PASSWORD_SECRET,
    ),
    Field(
        "master_user_secret_kms_key_id",
        "MasterUserSecretKmsKeyId",
        dict(type="str", no_log=False),
        read=_secret_key,
        **_PASSWORD_SECRET,
    ),
    Field("database_name", "DatabaseName", change=CREATE_ONLY, check=_matching(_DATABASE_NAME)),
    Field("port", "Port", "int", check=fields.in_range(*PORTS)),
    Field("db_subnet_group_name", "DBSubnetGroupName", describe="DBSubnetGroup", check=fields.lowered),
    Field(
        "vpc_security_group_ids",
        "VpcSecurityGroupIds",
        dict(type="list", elements="str"),
        describe="VpcSecurityGroups",
        read=_active_groups,
        check=_security_groups,
    ),
    Field(
        "db_cluster_parameter_group_name",
        "DBClusterParameterGroupName",
        describe="DBClusterParameterGroup",
        check=fields.lowered,
    ),
    Field("storage_encrypted", "StorageEncrypted", "bool", change=CREATE_ONLY, read=bool),
    # normalise() names no key for an unencrypted cluster, as RDS does not.
    Field("kms_key_id", "KmsKeyId", dict(type="str", no_log=False), change=CREATE_ONLY, compare=KMS_KEY),
    # RDS leaves StorageType out of the answer for standard Aurora storage.
    Field(
        "storage_type",
        "StorageType",
        dict(type="str", choices=["aurora", "aurora-iopt1"]),
        change=DEFERRED,
        read=lambda value: value or "aurora",
    ),
    Field(
        "backup_retention_period",
        "BackupRetentionPeriod",
        "int",
        change=DEFERRED,
        check=fields.in_range(*BACKUP_RETENTION_DAYS),
    ),
    Field("preferred_backup_window", "PreferredBackupWindow"),
    Field("preferred_maintenance_window", "PreferredMaintenanceWindow", read=_lower_or_none),
    # Queued changes arrive as PendingCloudwatchLogsExports, which effective() reads.
    Field(
        "enable_cloudwatch_logs_exports",
        "EnableCloudwatchLogsExports",
        dict(type="list", elements="str", choices=["audit", "error", "general", "slowquery"]),
        describe="EnabledCloudwatchLogsExports",
        read=lambda value: sorted(set(value or [])),
        check=_sorted_set,
    ),
    Field("deletion_protection", "DeletionProtection", "bool", read=bool),
    Field("copy_tags_to_snapshot", "CopyTagsToSnapshot", "bool", read=bool),
    Field(
        "iam_database_authentication",
        "EnableIAMDatabaseAuthentication",
        "bool",
        describe="IAMDatabaseAuthenticationEnabled",
        change=DEFERRED,
        read=bool,
    ),
    Field(
        "backtrack_window",
        "BacktrackWindow",
        "int",
        compare=RULE,
        read=lambda value: value or 0,
        check=fields.in_range(0, MAX_BACKTRACK_SECONDS),
    ),
    Field(
        "serverless_v2_scaling",
        "ServerlessV2ScalingConfiguration",
        dict(
            type="dict",
            options=dict(
                min_capacity=dict(type="float", required=True), max_capacity=dict(type="float", required=True)
            ),
        ),
        read=_scaling_view,
        check=_scaling,
        to_request=_scaling_request,
    ),
)
# The options a task can set; `cluster` returns them all, so its keys do not depend on the task.
OPTION_KEYS = tuple(row.option for row in FIELDS)

ARGUMENT_SPEC = dict(
    identifier=dict(type="str", required=True),
    allow_major_version_upgrade=dict(type="bool", default=False),
    db_instance_parameter_group_name=dict(type="str"),
    master_user_password=dict(type="str", no_log=True),
    update_password=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
    apply_immediately=dict(type="bool", default=False),
    skip_final_snapshot=dict(type="bool", default=False),
    final_snapshot_identifier=dict(type="str"),
    wait_for_members=dict(type="bool", default=False),
    **fields.argument_spec(FIELDS),
    # started / stopped: cluster_run.py.
    state=dict(type="str", choices=["present", "absent", "started", "stopped"], default="present"),
    **TAGS_ARGUMENT_SPEC,
    **ASSUME_DELETED_SPEC,
    **WAIT_ARGUMENT_SPEC,
)


@dataclass(frozen=True)
class Desired:
    """What the task asks; None in `options` means the task leaves that setting alone."""

    identifier: str
    state: str
    options: dict
    password: str | None = field(default=None, repr=False)
    update_password: str = "on_create"
    allow_major_version_upgrade: bool = False
    # Sent only with a major version upgrade: RDS's DBInstanceParameterGroupName for every member.
    db_instance_parameter_group_name: str | None = None
    apply_immediately: bool = False
    tags: dict | None = None
    purge_tags: bool = True
    final_snapshot_identifier: str | None = None
    wait_for_members: bool = False
    wait: bool = True
    assume_deleted: tuple = ()


def desired_from_params(params, now):
    """Validate and normalise the module's params; `now` (UTC datetime) names a default final snapshot."""
    identifier = validate.identifier("identifier", params["identifier"]).lower()
    options = fields.desired_values(params, FIELDS)
    options["preferred_backup_window"], options["preferred_maintenance_window"] = validate.windows(
        options["preferred_backup_window"], options["preferred_maintenance_window"]
    )
    password = params.get("master_user_password")
    if password is not None:
        validate.password("master_user_password", password)
    _check_combinations(options, password)
    if params["state"] in ("started", "stopped"):
        _check_run_state(params["state"], options, password, params.get("tags"))
    return Desired(
        identifier=identifier,
        state=params["state"],
        options=options,
        password=password,
        update_password=params.get("update_password") or "on_create",
        allow_major_version_upgrade=bool(params.get("allow_major_version_upgrade")),
        db_instance_parameter_group_name=fields.lowered(None, params.get("db_instance_parameter_group_name")),
        apply_immediately=bool(params.get("apply_immediately")),
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        final_snapshot_identifier=_final_snapshot(params, identifier, now),
        wait_for_members=bool(params.get("wait_for_members")),
        wait=params.get("wait", True),
        assume_deleted=validate.assume_deleted(params),
    )


def _check_combinations(options, password):
    if password is not None and options["manage_master_user_password"]:
        raise ValidationError(
            "master_user_password", "cannot be set while manage_master_user_password is true (Secrets Manager owns it)"
        )
    if options["master_user_secret_kms_key_id"] is not None and not options["manage_master_user_password"]:
        raise ValidationError("master_user_secret_kms_key_id", "needs manage_master_user_password: true")
    if options["kms_key_id"] is not None and options["storage_encrypted"] is False:
        raise ValidationError("kms_key_id", "needs storage_encrypted: true; an unencrypted cluster has no key")


def _check_run_state(state, options, password, tags):
    """started and stopped only start or stop: a setting beside them would be left unapplied, so it is refused."""
    named = [option for option, value in options.items() if value is not None and option != "engine"]
    named += ["master_user_password"] if password is not None else []
    named += ["tags"] if tags is not None else []
    if named:
        raise ValidationError(
            named[0],
            f"state: {state} only {'starts' if state == 'started' else 'stops'} the cluster; set "
            f"{', '.join(named)} in a task with state: present",
        )


def _final_snapshot(params, identifier, now):
    if params.get("skip_final_snapshot"):
        if params.get("final_snapshot_identifier") is not None:
            raise ValidationError("final_snapshot_identifier", "cannot be used with skip_final_snapshot: true")
        return None
    if params.get("final_snapshot_identifier") is not None:
        return validate.identifier("final_snapshot_identifier", params["final_snapshot_identifier"], max_length=255)
    return f"{identifier}-final-{now.strftime(SNAPSHOT_TIME_FORMAT)}"


def resolve_kms_aliases(desired, current, lookup):
    """Swap KMS aliases for key ARNs where an existing cluster's key must be compared; lookup(alias) -> ARN.

    A create passes aliases on to RDS as they are, so only an existing cluster costs a KMS call, and only for an
    alias (key ids and key ARNs compare by their key id).
    """
    if current is None or desired.state != "present":
        return desired
    compared = [
        option
        for option, has_key in (
            ("kms_key_id", current["storage_encrypted"]),
            ("master_user_secret_kms_key_id", current["manage_master_user_password"]),
        )
        if has_key
    ]
    return replace(desired, options=kms.resolve_aliases(desired.options, compared, lookup))


def normalise(raw):
    """Snake_case, stable keys, normalised values. `raw` is a DescribeDBClusters entry, or None."""
    if raw is None:
        return None
    view = {
        "identifier": raw["DBClusterIdentifier"],
        "arn": raw.get("DBClusterArn"),
        "status": raw.get("Status"),
        "endpoint": raw.get("Endpoint"),
        "reader_endpoint": raw.get("ReaderEndpoint"),
        "master_user_secret_arn": (raw.get("MasterUserSecret") or {}).get("SecretArn"),
    }
    view.update(fields.read(raw, FIELDS))
    if not view["storage_encrypted"]:
        view["kms_key_id"] = None
    view["tags"] = tags.to_dict(raw.get("TagList"))
    view["members"] = [{key: member[key] for key in _MEMBER_KEYS} for member in rds.members(raw)]
    view["pending_modified_values"] = rds.pending_values(raw.get("PendingModifiedValues"))
    return view


def effective(current):
    """The normalised cluster with its queued (pending) changes counted as made: they are already requested."""
    if current is None:
        return None
    pending = current["pending_modified_values"]
    result = dict(current)
    result.update(fields.queued(FIELDS, pending))
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
