"""Input checks RDS makes before it touches anything, with the fault code RDS uses for each.

Every function raises moto's RDSClientError subclasses, which moto serialises as a proper RDS error response.
None means "not given" throughout, so callers pass request values straight in. Each check names its source
(fidelity/__init__.py says how sources are cited); where only the code is sourced, the wording is ours.
"""

from __future__ import annotations

import re

from moto.rds.exceptions import InvalidParameterCombination, InvalidParameterValue

from tests.simulator.catalog import aurora_mysql_versions, valid_upgrade_targets

# Service model, CreateDBClusterMessage.DBClusterIdentifier / CreateDBInstanceMessage.DBInstanceIdentifier:
# "1 to 63 letters, numbers, or hyphens. First character must be a letter. Can't end with a hyphen or contain
# two consecutive hyphens."
IDENTIFIER = re.compile(r"^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$")

# Service model, CreateDBInstanceMessage.MonitoringInterval: "Valid Values: 0 | 1 | 5 | 10 | 15 | 30 | 60".
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)

# Service model, CreateDBClusterMessage.EnableCloudwatchLogsExports: "Aurora MySQL - audit | error | general |
# instance | slowquery | iam-db-auth-error".
AURORA_MYSQL_LOG_TYPES = ("audit", "error", "general", "slowquery", "iam-db-auth-error", "instance")

# The shape db.<family>.<size> (or db.serverless): no AWS source found for a syntax rule; RDS refuses unknown
# classes with "InvalidParameterValue: Invalid DB Instance class: db.r4.large" (quoted in
# https://github.com/ryanmurakami/trash-panda-buffet/issues/5), also for real classes a region does not offer.
INSTANCE_CLASS = re.compile(r"^db\.(serverless|[a-z0-9-]+\.[a-z0-9]+)$")


def identifier(value: str | None, parameter: str) -> None:
    """1-63 letters, digits or hyphens; starts with a letter; no trailing or double hyphen (IDENTIFIER).

    Wording as RDS answers it: "The parameter FinalDBSnapshotIdentifier is not a valid identifier. Identifiers
    must begin with a letter; ..." (https://github.com/hashicorp/terraform/issues/1251).
    """
    if value is not None and not IDENTIFIER.match(value):
        raise InvalidParameterValue(
            f"The parameter {parameter} is not a valid identifier. Identifiers must begin with a letter; "
            "must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain "
            "two consecutive hyphens."
        )


def master_password(password: str | None) -> None:
    """8 to 41 printable ASCII characters, none of / ' " @ or space.

    Length and the slash, double quote and at sign: service model, CreateDBClusterMessage.MasterUserPassword ("Must
    contain from 8 to 41 characters. Can contain any printable ASCII character except" those three). Space and the
    wording: "Only printable ASCII characters besides '/', '@', '\"', ' ' may be used." (quoted in
    https://github.com/crossplane/crossplane/issues/88). The single quote is refused here although neither source
    forbids it (only the RDS console does); the length messages: no AWS source found.
    """
    if password is None:
        return
    if len(password) < 8:
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters."
        )
    if len(password) > 41:
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password because it is longer than 41 characters."
        )
    if any(not (33 <= ord(char) <= 126) or char in "/'\"@" for char in password):
        raise InvalidParameterValue(
            "The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides "
            "'/', '@', '\"', ''' and ' ' may be used."
        )


def promotion_tier(tier: int | None) -> None:
    """Service model, CreateDBInstanceMessage.PromotionTier: "Valid Values: 0 - 15" (wording: no AWS source found)."""
    if tier is not None and not 0 <= int(tier) <= 15:
        raise InvalidParameterValue(f"Invalid value {tier} for PromotionTier. Valid values are 0 through 15.")


def monitoring(interval: int | None, role_arn: str | None) -> None:
    """The interval must be one RDS offers, and a role is needed exactly when the interval is above 0.

    Service model, CreateDBInstanceMessage.MonitoringInterval / MonitoringRoleArn. Both refusals as RDS words them:
    https://github.com/cloudposse/terraform-aws-rds/pull/75 (role missing) and
    https://github.com/azavea/terraform-aws-postgresql-rds/issues/31 (interval 0 with a role).
    """
    if interval is not None and int(interval) not in MONITORING_INTERVALS:
        raise InvalidParameterValue(
            f"Invalid value {interval} for MonitoringInterval. Valid values are: 0, 1, 5, 10, 15, 30, 60."
        )
    if interval and not role_arn:
        raise InvalidParameterCombination(
            "A MonitoringRoleARN value is required if you specify a MonitoringInterval value other than 0."
        )
    if role_arn and interval == 0:
        raise InvalidParameterCombination(
            "You must specify a MonitoringInterval value other than 0 when you specify a MonitoringRoleARN value."
        )


def backup_retention(days: int | None) -> None:
    """Service model, CreateDBClusterMessage.BackupRetentionPeriod: "Must be a value from 1 to 35" (wording: no AWS
    source found)."""
    if days is not None and not 1 <= int(days) <= 35:
        raise InvalidParameterValue(
            f"Invalid backup retention period: {days}. Backup retention period must be between 1 and 35 days."
        )


def performance_insights_retention(days: int | None) -> None:
    """7, month * 31 for 1-23 months, or 731: service model, CreateDBClusterMessage.PerformanceInsightsRetentionPeriod
    ("If you specify a retention period that isn't valid, such as 94, Amazon RDS issues an error"; wording: no AWS
    source found)."""
    if days is None:
        return
    days = int(days)
    if days in (7, 731) or (days % 31 == 0 and 31 <= days <= 713):
        return
    raise InvalidParameterValue(
        f"Invalid Performance Insights retention period: {days}. Valid values are 7, month * 31 (where month is "
        "a number of months from 1-23), and 731."
    )


def engine_version(engine: str | None, version: str | None) -> None:
    """Only versions in the simulator's catalogue exist.

    RDS: "InvalidParameterCombination: Cannot find version 5.7.12 for aurora-mysql"
    (https://github.com/terraform-aws-modules/terraform-aws-rds-aurora/issues/302). RDS also takes a bare major
    version ("You can supply either 5.7 or 8.0 to use the default engine version", service model,
    CreateDBClusterMessage.EngineVersion), which this check refuses.
    """
    if engine != "aurora-mysql" or version is None:
        return
    if version not in known_versions():
        raise InvalidParameterCombination(f"Cannot find version {version} for {engine}")


def known_versions() -> list[str]:
    return [row["EngineVersion"] for row in aurora_mysql_versions()]


def version_key(version: str) -> tuple[int, ...]:
    """``8.0.mysql_aurora.3.05.2`` -> (8, 0, 3, 5, 2), compared part by part.

    Aurora User Guide, AuroraMySQL.Updates.Versions.md: versions read mysql-major-version.mysql_aurora.
    aurora-mysql-version, the Aurora version being <major>.<minor>.<patch>.
    """
    return tuple(int(part) for part in re.findall(r"\d+", version))


def upgrade(engine: str, current: str, target: str, allow_major: bool | None) -> dict | None:
    """The ValidUpgradeTarget entry of ``current`` that ``target`` names (None for another engine), or RDS's refusal.

    Only a catalogued upgrade target is accepted (catalog/upgrades.py, which DescribeDBEngineVersions lists too), so
    a downgrade, the current version and an unknown version are all refused alike; a target flagged
    IsMajorVersionUpgrade needs AllowMajorVersionUpgrade. Both refusals as Aurora User Guide,
    AuroraMySQL.Updates.MajorVersionUpgrade.md quotes them: InvalidParameterCombination "Cannot find upgrade target
    from 5.7.mysql_aurora.2.10.2 with requested version 5.7.mysql_aurora.2.09.2." and "The AllowMajorVersionUpgrade
    flag must be present when upgrading to a new major version." (service model,
    ModifyDBClusterMessage.AllowMajorVersionUpgrade).
    """
    if engine != "aurora-mysql":
        return None
    entry = next((row for row in valid_upgrade_targets(current) if row["EngineVersion"] == target), None)
    if entry is None:
        raise InvalidParameterCombination(f"Cannot find upgrade target from {current} with requested version {target}.")
    if entry["IsMajorVersionUpgrade"] and not allow_major:
        raise InvalidParameterCombination(
            "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version."
        )
    return entry


def log_types(engine: str, version: str, types: list[str] | None) -> None:
    """AURORA_MYSQL_LOG_TYPES only; the refusal as RDS words it: https://github.com/hashicorp/terraform/issues/22538."""
    unknown = [log_type for log_type in types or [] if log_type not in AURORA_MYSQL_LOG_TYPES]
    if engine == "aurora-mysql" and unknown:
        raise InvalidParameterCombination(
            f"You cannot use the log types '{', '.join(unknown)}' with engine version {engine} {version}. "
            "For supported log types, see the documentation."
        )


def instance_class(value: str | None) -> None:
    """See INSTANCE_CLASS."""
    if value is not None and not INSTANCE_CLASS.match(value):
        raise InvalidParameterValue(f"Invalid DB Instance class: {value}")
