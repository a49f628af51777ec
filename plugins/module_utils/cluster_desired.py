# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a task asks of a cluster, validated and normalised before any AWS call. None means unmanaged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ansible_collections.aurora.mysql.plugins.module_utils import validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

_ENGINE_VERSION = re.compile(r"^\d+\.\d+\.mysql_aurora\.\d+\.\d+\.\d+$")
_MASTER_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,15}$")
_DATABASE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_SECURITY_GROUP = re.compile(r"^sg-[0-9a-f]{8,17}$")
# RDS limits for Aurora MySQL; the role's input filter imports them so it refuses exactly what this module does.
BACKUP_RETENTION_DAYS = (1, 35)
PORTS = (1150, 65535)
MAX_BACKTRACK_SECONDS = 259200
MAX_CAPACITY_ACU = 256.0
SNAPSHOT_TIME_FORMAT = "%Y%m%d%H%M%S"

# Options copied from params after their checks; each value is None when the task leaves it unmanaged.
_PLAIN_OPTIONS = (
    "engine",
    "manage_master_user_password",
    "master_user_secret_kms_key_id",
    "storage_encrypted",
    "kms_key_id",
    "storage_type",
    "deletion_protection",
    "copy_tags_to_snapshot",
    "iam_database_authentication",
)


@dataclass
class Desired:
    identifier: str
    state: str
    options: dict
    password: str | None = field(default=None, repr=False)
    update_password: str = "on_create"
    allow_major_version_upgrade: bool = False
    apply_immediately: bool = False
    tags: dict | None = None
    purge_tags: bool = True
    final_snapshot_identifier: str | None = None
    wait_for_members: bool = False


def desired_from_params(params, now):
    """Validate and normalise the module's params; `now` (UTC datetime) names a default final snapshot."""
    identifier = validate.identifier("identifier", params["identifier"]).lower()
    options = {name: params.get(name) for name in _PLAIN_OPTIONS}
    options.update(
        engine_version=_engine_version(params.get("engine_version")),
        master_username=_matching("master_username", params.get("master_username"), _MASTER_USERNAME),
        database_name=_matching("database_name", params.get("database_name"), _DATABASE_NAME),
        port=validate.int_range("port", params.get("port"), *PORTS),
        db_subnet_group_name=_lower(params.get("db_subnet_group_name")),
        vpc_security_group_ids=_security_groups(params.get("vpc_security_group_ids")),
        db_cluster_parameter_group_name=_lower(params.get("db_cluster_parameter_group_name")),
        backup_retention_period=validate.int_range(
            "backup_retention_period", params.get("backup_retention_period"), *BACKUP_RETENTION_DAYS
        ),
        enable_cloudwatch_logs_exports=_sorted_set(params.get("enable_cloudwatch_logs_exports")),
        backtrack_window=validate.int_range(
            "backtrack_window", params.get("backtrack_window"), 0, MAX_BACKTRACK_SECONDS
        ),
        serverless_v2_scaling=_scaling(params.get("serverless_v2_scaling")),
    )
    options["preferred_backup_window"], options["preferred_maintenance_window"] = validate.windows(
        params.get("preferred_backup_window"), params.get("preferred_maintenance_window")
    )
    password = params.get("master_user_password")
    if password is not None:
        validate.password("master_user_password", password)
    _check_combinations(options, password)
    return Desired(
        identifier=identifier,
        state=params["state"],
        options=options,
        password=password,
        update_password=params.get("update_password") or "on_create",
        allow_major_version_upgrade=bool(params.get("allow_major_version_upgrade")),
        apply_immediately=bool(params.get("apply_immediately")),
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        final_snapshot_identifier=_final_snapshot(params, identifier, now),
        wait_for_members=bool(params.get("wait_for_members")),
    )


def _engine_version(value):
    if value is not None and not _ENGINE_VERSION.match(value):
        raise ValidationError(
            "engine_version", f"'{value}' is not a full Aurora MySQL version such as 8.0.mysql_aurora.3.07.1"
        )
    return value


def _matching(option, value, pattern):
    if value is not None and not pattern.match(value):
        raise ValidationError(
            option, f"'{value}' must start with a letter and hold only letters, digits and underscores"
        )
    return value


def _lower(value):
    # RDS stores subnet and parameter group names in lower case.
    return value.lower() if value is not None else None


def _sorted_set(values):
    return sorted(set(values)) if values is not None else None


def _security_groups(values):
    if values is None:
        return None
    for value in values:
        if not _SECURITY_GROUP.match(value):
            raise ValidationError("vpc_security_group_ids", f"'{value}' is not a security group id like sg-0123abcd")
    return sorted(set(values))


def _scaling(value):
    if value is None:
        return None
    low, high = float(value["min_capacity"]), float(value["max_capacity"])
    for name, capacity in (("min_capacity", low), ("max_capacity", high)):
        if not 0 <= capacity <= MAX_CAPACITY_ACU or (capacity * 2) != int(capacity * 2):
            raise ValidationError(
                f"serverless_v2_scaling.{name}", f"{capacity} must be a multiple of 0.5 between 0 and 256"
            )
    if high < 1 or low > high:
        raise ValidationError(
            "serverless_v2_scaling", f"max_capacity {high} must be at least 1 and not below min_capacity {low}"
        )
    return {"min_capacity": low, "max_capacity": high}


def _check_combinations(options, password):
    if password is not None and options["manage_master_user_password"]:
        raise ValidationError(
            "master_user_password", "cannot be set while manage_master_user_password is true (Secrets Manager owns it)"
        )
    if options["master_user_secret_kms_key_id"] is not None and not options["manage_master_user_password"]:
        raise ValidationError("master_user_secret_kms_key_id", "needs manage_master_user_password: true")
    if options["kms_key_id"] is not None and options["storage_encrypted"] is False:
        raise ValidationError("kms_key_id", "needs storage_encrypted: true; an unencrypted cluster has no key")


def _final_snapshot(params, identifier, now):
    if params.get("skip_final_snapshot"):
        if params.get("final_snapshot_identifier") is not None:
            raise ValidationError("final_snapshot_identifier", "cannot be used with skip_final_snapshot: true")
        return None
    if params.get("final_snapshot_identifier") is not None:
        return validate.identifier("final_snapshot_identifier", params["final_snapshot_identifier"], max_length=255)
    return f"{identifier}-final-{now.strftime(SNAPSHOT_TIME_FORMAT)}"
