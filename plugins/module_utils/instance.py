# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Aurora DB instances, pure: the snake_case view of DescribeDBInstances, desired state from params, the plan.

No AWS calls here (instance_api.py makes them), so everything below is unit-tested without a network.
`None` in desired means "leave it alone"; queued (pending) values count as already requested.
"""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils import validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

PENDING_REBOOT = "pending-reboot"
# Failover order: 0 is promoted first. The role's input filter imports it.
PROMOTION_TIERS = (0, 15)

# view key -> (CreateDBInstance/ModifyDBInstance parameter, DescribeDBInstances field) for every modifiable field.
MUTABLE = {
    "instance_class": ("DBInstanceClass", "DBInstanceClass"),
    "db_parameter_group_name": ("DBParameterGroupName", None),
    "publicly_accessible": ("PubliclyAccessible", "PubliclyAccessible"),
    "monitoring_interval": ("MonitoringInterval", "MonitoringInterval"),
    "monitoring_role_arn": ("MonitoringRoleArn", "MonitoringRoleArn"),
    "performance_insights_enabled": ("EnablePerformanceInsights", "PerformanceInsightsEnabled"),
    "performance_insights_retention_period": (
        "PerformanceInsightsRetentionPeriod",
        "PerformanceInsightsRetentionPeriod",
    ),
    "performance_insights_kms_key_id": ("PerformanceInsightsKMSKeyId", "PerformanceInsightsKMSKeyId"),
    "auto_minor_version_upgrade": ("AutoMinorVersionUpgrade", "AutoMinorVersionUpgrade"),
    "promotion_tier": ("PromotionTier", "PromotionTier"),
    "ca_certificate_identifier": ("CACertificateIdentifier", "CACertificateIdentifier"),
}
# Fields RDS fixes at creation: a different value for an existing instance is refused, not sent.
IMMUTABLE = {
    "cluster_identifier": "DBClusterIdentifier",
    "engine": "Engine",
    "availability_zone": "AvailabilityZone",
}
# Only these wait for the maintenance window unless apply_immediately; RDS applies every other change at once.
DEFERRABLE = ("instance_class", "ca_certificate_identifier")
# PendingModifiedValues keys that map onto a view key; any other pending key is reported in snake_case.
PENDING_KEYS = {"DBInstanceClass": "instance_class", "CACertificateIdentifier": "ca_certificate_identifier"}
STATE_KEYS = ("identifier",) + tuple(IMMUTABLE) + tuple(MUTABLE) + ("tags",)


def snake(name):
    out = []
    for index, char in enumerate(name):
        upper_run_ends = index + 1 < len(name) and name[index + 1].islower()
        if char.isupper() and index and (name[index - 1].islower() or upper_run_ends):
            out.append("_")
        out.append(char.lower())
    return "".join(out)


def kms_key_id(value):
    """A KMS key ARN and its bare key id name the same key; compare them as the id."""
    if isinstance(value, str) and value.startswith("arn:") and ":key/" in value:
        return value.split(":key/", 1)[1]
    return value


def normalise(raw, is_writer=False):
    """The stable snake_case view of one DescribeDBInstances entry; {} for a missing instance."""
    if not raw:
        return {}
    groups = raw.get("DBParameterGroups") or [{}]
    endpoint = raw.get("Endpoint") or {}
    pending = raw.get("PendingModifiedValues") or {}
    view = {
        "identifier": raw["DBInstanceIdentifier"],
        "arn": raw.get("DBInstanceArn"),
        "status": raw.get("DBInstanceStatus"),
        "endpoint": {"address": endpoint.get("Address"), "port": endpoint.get("Port")},
        "is_writer": bool(is_writer),
        "parameter_apply_status": groups[0].get("ParameterApplyStatus"),
        "pending_modified_values": {PENDING_KEYS.get(key, snake(key)): value for key, value in pending.items()},
        "db_parameter_group_name": groups[0].get("DBParameterGroupName"),
        "tags": tag_utils.to_dict(raw.get("TagList")),
    }
    view.update({key: raw.get(field) for key, field in IMMUTABLE.items()})
    view.update({key: raw.get(field) for key, (_param, field) in MUTABLE.items() if field})
    view["performance_insights_enabled"] = bool(raw.get("PerformanceInsightsEnabled"))
    return view


def requested(view):
    """The view with queued changes in place: what has already been asked of RDS."""
    result = dict(view)
    result.update({key: value for key, value in view.get("pending_modified_values", {}).items() if key in MUTABLE})
    return result


def state_of(view):
    """The part of a view that desired state speaks about: what diff mode shows."""
    return {key: view.get(key) for key in STATE_KEYS} if view else {}


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def desired_from_params(params):
    """Validated desired state; raises ValidationError before any AWS call."""
    desired = {
        "identifier": validate.identifier("identifier", params["identifier"]).lower(),
        "state": params["state"],
        "cluster_identifier": _lower(params.get("cluster_identifier")),
        "engine": params.get("engine"),
        "availability_zone": params.get("availability_zone"),
        "instance_class": _lower(params.get("instance_class")),
        "db_parameter_group_name": _lower(params.get("db_parameter_group_name")),
        "publicly_accessible": params.get("publicly_accessible"),
        "monitoring_interval": validate.one_of(
            "monitoring_interval", params.get("monitoring_interval"), validate.MONITORING_INTERVALS
        ),
        "monitoring_role_arn": params.get("monitoring_role_arn"),
        "performance_insights_enabled": params.get("enable_performance_insights"),
        "performance_insights_retention_period": validate.one_of(
            "performance_insights_retention_period",
            params.get("performance_insights_retention_period"),
            validate.PI_RETENTION_PERIODS,
        ),
        "performance_insights_kms_key_id": params.get("performance_insights_kms_key_id"),
        "auto_minor_version_upgrade": params.get("auto_minor_version_upgrade"),
        "promotion_tier": validate.int_range("promotion_tier", params.get("promotion_tier"), *PROMOTION_TIERS),
        "ca_certificate_identifier": params.get("ca_certificate_identifier"),
        "tags": validate.tags("tags", params.get("tags")),
        "purge_tags": params.get("purge_tags", True),
        "apply_immediately": bool(params.get("apply_immediately")),
        "reboot_if_pending": bool(params.get("reboot_if_pending")),
        "wait": params.get("wait", True),
    }
    if desired["cluster_identifier"] is not None:
        validate.identifier("cluster_identifier", desired["cluster_identifier"])
    _check_monitoring(desired)
    _check_performance_insights(desired)
    return desired


def _check_monitoring(desired):
    interval, role = desired["monitoring_interval"], desired["monitoring_role_arn"]
    if interval and not role:
        raise ValidationError("monitoring_role_arn", f"is required when monitoring_interval is {interval} (above 0)")
    if interval == 0 and role:
        raise ValidationError("monitoring_role_arn", "must not be set when monitoring_interval is 0")


def _check_performance_insights(desired):
    if desired["performance_insights_enabled"] is not False:
        return
    for key in ("performance_insights_retention_period", "performance_insights_kms_key_id"):
        if desired[key] is not None:
            raise ValidationError(key, "cannot be set with enable_performance_insights=false")
