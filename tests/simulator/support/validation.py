"""Input checks RDS makes before it touches anything, with the fault code RDS uses for each.

Every function raises moto's RDSClientError subclasses, which moto serialises as a proper RDS error response.
None means "not given" throughout, so callers pass request values straight in.
"""

from __future__ import annotations

import re

from moto.rds.exceptions import InvalidParameterCombination, InvalidParameterValue

from tests.simulator.catalog import aurora_mysql_versions

IDENTIFIER = re.compile(r"^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$")

# CreateDBInstance / ModifyDBInstance: "Valid Values: 0, 1, 5, 10, 15, 30, 60".
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)

# Aurora MySQL log types that CloudWatch Logs export accepts.
AURORA_MYSQL_LOG_TYPES = ("audit", "error", "general", "slowquery", "iam-db-auth-error", "instance")

INSTANCE_CLASS = re.compile(r"^db\.(serverless|[a-z0-9-]+\.[a-z0-9]+)$")


def identifier(value: str | None, parameter: str) -> None:
    """1-63 letters, digits or hyphens; starts with a letter; no trailing or double hyphen."""
    if value is not None and not IDENTIFIER.match(value):
        raise InvalidParameterValue(
            f"The parameter {parameter} is not a valid identifier. Identifiers must begin with a letter; "
            "must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain "
            "two consecutive hyphens."
        )


def master_password(password: str | None) -> None:
    """Aurora MySQL: 8 to 41 printable ASCII characters, none of / ' " @ or space."""
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
    if tier is not None and not 0 <= int(tier) <= 15:
        raise InvalidParameterValue(f"Invalid value {tier} for PromotionTier. Valid values are 0 through 15.")


def monitoring(interval: int | None, role_arn: str | None) -> None:
    """The interval must be one RDS offers, and a role is needed exactly when the interval is above 0."""
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
    """Aurora keeps automated backups for 1 to 35 days; 0 (no backups) is not possible for Aurora."""
    if days is not None and not 1 <= int(days) <= 35:
        raise InvalidParameterValue(
            f"Invalid backup retention period: {days}. Backup retention period must be between 1 and 35 days."
        )


def performance_insights_retention(days: int | None) -> None:
    """7 (free tier), a whole number of months counted as 31 days up to 23 months, or 731 (two years)."""
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
    """Only versions in the simulator's catalogue exist (RDS answers the same for a version it does not offer)."""
    if engine != "aurora-mysql" or version is None:
        return
    if version not in known_versions():
        raise InvalidParameterCombination(f"Cannot find version {version} for {engine}")


def known_versions() -> list[str]:
    return [row["EngineVersion"] for row in aurora_mysql_versions()]


def version_key(version: str) -> tuple[int, ...]:
    """``8.0.mysql_aurora.3.05.2`` -> (8, 0, 3, 5, 2), so versions compare the way RDS orders them."""
    return tuple(int(part) for part in re.findall(r"\d+", version))


def upgrade(engine: str, current: str, target: str, allow_major: bool | None) -> None:
    """RDS refuses downgrades and needs AllowMajorVersionUpgrade to change the MySQL major version."""
    engine_version(engine, target)
    if version_key(target) < version_key(current):
        raise InvalidParameterCombination(f"Cannot upgrade {engine} from {current} to {target}")
    if target.split(".")[:2] != current.split(".")[:2] and not allow_major:
        raise InvalidParameterCombination(
            "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version."
        )


def log_types(engine: str, version: str, types: list[str] | None) -> None:
    unknown = [log_type for log_type in types or [] if log_type not in AURORA_MYSQL_LOG_TYPES]
    if engine == "aurora-mysql" and unknown:
        raise InvalidParameterCombination(
            f"You cannot use the log types '{', '.join(unknown)}' with engine version {engine} {version}. "
            "For supported log types, see the documentation."
        )


def instance_class(value: str | None) -> None:
    if value is not None and not INSTANCE_CLASS.match(value):
        raise InvalidParameterValue(f"Invalid DB Instance class: {value}")
