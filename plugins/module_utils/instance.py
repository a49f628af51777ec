# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An Aurora DB instance: its settings (FIELDS), what a task asks (Desired), and the snake_case view. Pure.

`None` in desired means "leave it alone"; queued (pending) values count as already requested. instance_plan.py
plans, instance_api.py calls AWS.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, replace
from urllib.parse import unquote

from ansible_collections.aurora.mysql.plugins.module_utils import fields, kms, rds, validate
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import CASELESS, CREATE_ONLY, DEFERRED, KMS_KEY, Field
from ansible_collections.aurora.mysql.plugins.module_utils.module import TAGS_ARGUMENT_SPEC, WAIT_ARGUMENT_SPEC

# Failover order: 0 is promoted first.
PROMOTION_TIERS = (0, 15)
# arn:<partition>:iam::<account>:role/<path/>name (IAM User Guide, "IAM identifiers"); the name is the last part.
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/(?:[^/]+/)*([\w+=,.@-]{1,64})$")
# RDS instance class names: db.<family>.<size>, such as db.r6g.large or db.serverless.
_INSTANCE_CLASS = re.compile(r"^db\.[a-z0-9-]+(\.[a-z0-9]+)?$")
# Aurora User Guide, USER_Monitoring.OS.Enabling.md (Prerequisites): "The trusted entity for your role is the AWS
# service monitoring.rds.amazonaws.com".
MONITORING_SERVICE = "monitoring.rds.amazonaws.com"
_SUGGESTED_CLASSES = 6


def _cluster_identifier(option, value):
    return None if value is None else validate.identifier(option, value.lower())


def _role_arn(option, value):
    if value is not None and not _ROLE_ARN.match(value):
        raise ValidationError(option, f"'{value}' is not an IAM role ARN like arn:aws:iam::123456789012:role/name")
    return value


def role_name(arn):
    return _ROLE_ARN.match(arn).group(1)


# option, CreateDBInstance/ModifyDBInstance key, argument spec; then the DescribeDBInstances key where it differs,
# and how the setting changes. DEFERRED: RDS applies the change in the next maintenance window unless
# apply_immediately, and shows it queued until then.
FIELDS = (
    Field("cluster_identifier", "DBClusterIdentifier", change=CREATE_ONLY, compare=CASELESS, check=_cluster_identifier),
    Field("engine", "Engine", dict(type="str", default="aurora-mysql"), change=CREATE_ONLY, compare=CASELESS),
    Field("availability_zone", "AvailabilityZone", change=CREATE_ONLY),
    Field("instance_class", "DBInstanceClass", change=DEFERRED, compare=CASELESS, check=fields.lowered),
    # Read from DBParameterGroups by normalise().
    Field("db_parameter_group_name", "DBParameterGroupName", describe=None, compare=CASELESS, check=fields.lowered),
    Field("publicly_accessible", "PubliclyAccessible", "bool"),
    Field(
        "monitoring_interval",
        "MonitoringInterval",
        dict(type="int", choices=list(validate.MONITORING_INTERVALS)),
        check=fields.one_of(validate.MONITORING_INTERVALS),
    ),
    Field("monitoring_role_arn", "MonitoringRoleArn", check=_role_arn),
    Field(
        "performance_insights_enabled",
        "EnablePerformanceInsights",
        "bool",
        describe="PerformanceInsightsEnabled",
        read=bool,
        param="enable_performance_insights",
    ),
    Field(
        "performance_insights_retention_period",
        "PerformanceInsightsRetentionPeriod",
        "int",
        check=fields.one_of(validate.PI_RETENTION_PERIODS),
    ),
    Field(
        "performance_insights_kms_key_id",
        "PerformanceInsightsKMSKeyId",
        dict(type="str", no_log=False),
        compare=KMS_KEY,
    ),
    Field("auto_minor_version_upgrade", "AutoMinorVersionUpgrade", "bool"),
    Field("promotion_tier", "PromotionTier", "int", check=fields.in_range(*PROMOTION_TIERS)),
    Field("ca_certificate_identifier", "CACertificateIdentifier", change=DEFERRED),
)
FIELD_KEYS = tuple(row.option for row in FIELDS)
# What diff mode shows: the part of a view that desired state speaks about.
STATE_KEYS = ("identifier",) + FIELD_KEYS + ("tags",)

ARGUMENT_SPEC = dict(
    identifier=dict(type="str", required=True),
    apply_immediately=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent", "rebooted"], default="present"),
    reboot_if_pending=dict(type="bool", default=False),
    **fields.argument_spec(FIELDS),
    **TAGS_ARGUMENT_SPEC,
    **WAIT_ARGUMENT_SPEC,
)
REQUIRED_IF = [("state", "present", ["cluster_identifier"])]


@dataclass(frozen=True)
class Desired:
    """What the task asks; None in `options` means the task leaves that setting alone."""

    identifier: str
    state: str
    options: dict
    tags: dict | None = None
    purge_tags: bool = True
    apply_immediately: bool = False
    reboot_if_pending: bool = False
    wait: bool = True


def desired_from_params(params):
    """Validated desired state; raises ValidationError before any AWS call."""
    desired = Desired(
        identifier=validate.identifier("identifier", params["identifier"]).lower(),
        state=params["state"],
        options=fields.desired_values(params, FIELDS),
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        apply_immediately=bool(params.get("apply_immediately")),
        reboot_if_pending=bool(params.get("reboot_if_pending")),
        wait=params.get("wait", True),
    )
    _check_monitoring(desired.options)
    _check_performance_insights(desired.options)
    return desired


def _check_monitoring(options):
    interval, role = options["monitoring_interval"], options["monitoring_role_arn"]
    if interval and not role:
        raise ValidationError("monitoring_role_arn", f"is required when monitoring_interval is {interval} (above 0)")
    if interval == 0 and role:
        raise ValidationError("monitoring_role_arn", "must not be set when monitoring_interval is 0")


def _check_performance_insights(options):
    if options["performance_insights_enabled"] is not False:
        return
    for key in ("performance_insights_retention_period", "performance_insights_kms_key_id"):
        if options[key] is not None:
            raise ValidationError(key, "cannot be set with enable_performance_insights=false")


def resolve_kms_aliases(desired, lookup):
    """An alias cannot be compared with the key ARN RDS reports, so look up the key it names."""
    return replace(desired, options=kms.resolve_aliases(desired.options, ["performance_insights_kms_key_id"], lookup))


def normalise(raw, is_writer=False):
    """The stable snake_case view of one DescribeDBInstances entry; {} for a missing instance."""
    if not raw:
        return {}
    groups = raw.get("DBParameterGroups") or [{}]
    endpoint = raw.get("Endpoint") or {}
    view = {
        "identifier": raw["DBInstanceIdentifier"],
        "arn": raw.get("DBInstanceArn"),
        "status": raw.get("DBInstanceStatus"),
        "endpoint": {"address": endpoint.get("Address"), "port": endpoint.get("Port")},
        "is_writer": bool(is_writer),
        "parameter_apply_status": groups[0].get("ParameterApplyStatus"),
        "pending_modified_values": fields.as_options(FIELDS, rds.pending_values(raw.get("PendingModifiedValues"))),
        "db_parameter_group_name": groups[0].get("DBParameterGroupName"),
        "tags": tag_utils.to_dict(raw.get("TagList")),
    }
    view.update(fields.read(raw, FIELDS))
    return view


def requested(view):
    """The view with queued changes in place: what has already been asked of RDS."""
    result = dict(view)
    result.update(fields.queued(FIELDS, view.get("pending_modified_values", {})))
    return result


def state_of(view):
    """The part of a view that desired state speaks about: what diff mode shows."""
    return {key: view.get(key) for key in STATE_KEYS} if view else {}


def trusts_monitoring(document):
    """Whether a role's trust policy lets monitoring.rds.amazonaws.com assume it: an Allow of sts:AssumeRole to that
    service. IAM returns the document URL-encoded; boto3 usually hands it over decoded."""
    if isinstance(document, str):
        try:
            document = json.loads(unquote(document))
        except ValueError:
            return False
    statements = (document or {}).get("Statement") or []
    for statement in statements if isinstance(statements, list) else [statements]:
        actions = statement.get("Action") or []
        actions = actions if isinstance(actions, list) else [actions]
        principal = statement.get("Principal")
        services = principal.get("Service") or [] if isinstance(principal, dict) else []
        services = services if isinstance(services, list) else [services]
        if (
            statement.get("Effect") == "Allow"
            and any(action in ("sts:AssumeRole", "sts:*", "*") for action in actions)
            and MONITORING_SERVICE in services
        ):
            return True
    return False


def unoffered_class(wanted, engine, version, region, offered):
    """Why RDS would refuse `wanted`: not a class name at all, or not offered for the engine at that version.

    RDS answers the first with InvalidParameterValue "Invalid DB Instance class: ..."
    (https://github.com/ryanmurakami/trash-panda-buffet/issues/5) and the second with InvalidParameterCombination "RDS
    does not support creating a DB instance with the following combination: DBInstanceClass=..., Engine=aurora-mysql,
    EngineVersion=..." (https://github.com/code-dot-org/code-dot-org/pull/59735), only when the instance is created.
    `offered` are the classes DescribeOrderableDBInstanceOptions lists: the message names a few, the same family first.
    """
    at = f"{engine} {version}" if version else engine
    if not _INSTANCE_CLASS.match(wanted):
        problem = f"'{wanted}' is not an RDS instance class name (they look like db.r6g.large)"
    else:
        problem = f"'{wanted}' is not offered for {at} in region {region}"
    if not offered:
        return f"{problem}, and RDS lists no class for {at} there"
    family = wanted.rsplit(".", 1)[0] + "." if wanted.count(".") >= 2 else None
    same_family = sorted(name for name in offered if family and name.startswith(family))
    near = difflib.get_close_matches(wanted, sorted(offered), n=_SUGGESTED_CLASSES, cutoff=0.5)
    suggested = list(dict.fromkeys(same_family + near + sorted(offered)))[:_SUGGESTED_CLASSES]
    listing = f"--engine {engine}" + (f" --engine-version {version}" if version else "")
    return (
        f"{problem}; offered are, among others: {', '.join(suggested)} "
        f"(aws rds describe-orderable-db-instance-options {listing} lists them all)"
    )
