# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls for one Aurora DB instance: read it with its cluster, carry out a plan, wait, read it again."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import aws, instance, kms_api, rds
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AwsError, MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.instance import normalise


def read(client, desired):
    """(view of the instance or {}, raw DBCluster or None): the cluster says who the writer is."""
    raw = rds.describe_instance(client, desired.identifier)
    cluster_id = (raw or {}).get("DBClusterIdentifier") or desired.options["cluster_identifier"]
    cluster = rds.describe_cluster(client, cluster_id) if cluster_id else None
    writer = rds.writer_of(cluster) if cluster else None
    return normalise(raw, is_writer=bool(raw) and writer == raw["DBInstanceIdentifier"]), cluster


def check(clients, work, desired, cluster=None):
    """Refuse, before anything changes (check mode included), what RDS would refuse only when the call is made: an
    instance class not offered at the cluster's engine version, an Enhanced Monitoring role that is missing or does
    not trust monitoring.rds.amazonaws.com, a Performance Insights KMS key RDS cannot use. Returns warnings: the
    checks skipped for lack of a permission.

    Only values the plan sends are checked, so a plan with nothing to create or change costs no call. `cluster` is
    the raw DBCluster when the caller read it (its engine version); else it is read when the class is checked.
    """
    warnings = []
    if work.action not in ("create", "modify"):
        return warnings
    if "instance_class" in work.changes:
        _check_class(clients, work.changes["instance_class"], desired, cluster, warnings)
    if work.request.get("MonitoringRoleArn"):
        _check_monitoring_role(clients, work.request["MonitoringRoleArn"], warnings)
    if work.request.get("PerformanceInsightsKMSKeyId"):
        kms_api.check(clients, "performance_insights_kms_key_id", work.request["PerformanceInsightsKMSKeyId"], warnings)
    return warnings


def _check_class(clients, wanted, desired, cluster, warnings):
    """One DescribeOrderableDBInstanceOptions for the class at the cluster's version (at any version while the
    cluster is still to come); a refusal costs a second, to name classes that are offered."""
    if cluster is None and desired.options["cluster_identifier"]:
        cluster = rds.describe_cluster(clients.rds, desired.options["cluster_identifier"])
    engine = desired.options["engine"] or rds.AURORA_MYSQL
    query = {"Engine": engine}
    version = (cluster or {}).get("EngineVersion")
    if version:
        query["EngineVersion"] = version
    found = aws.unless_denied(
        warnings,
        "the check of instance_class",
        "rds:DescribeOrderableDBInstanceOptions",
        lambda: clients.rds.call(
            "describe_orderable_db_instance_options", DBInstanceClass=wanted, MaxRecords=20, **query
        ),
    )
    if found is aws.SKIPPED or found.get("OrderableDBInstanceOptions"):
        return
    offered = clients.rds.paginate("describe_orderable_db_instance_options", "OrderableDBInstanceOptions", **query)
    raise ValidationError(
        "instance_class",
        instance.unoffered_class(
            wanted, engine, version, clients.rds.region, {row["DBInstanceClass"] for row in offered}
        ),
    )


def _check_monitoring_role(clients, arn, warnings):
    """The role must exist and trust monitoring.rds.amazonaws.com, or RDS refuses it with InvalidParameterValue "IAM
    role ARN value is invalid or does not include the required permissions for: ENHANCED_MONITORING"
    (https://github.com/claranet/terraform-aws-aurora/pull/23). Its policy (AmazonRDSEnhancedMonitoringRole) is not
    read: that would take iam:ListAttachedRolePolicies and iam:ListRolePolicies as well."""
    name = instance.role_name(arn)
    try:
        role = aws.unless_denied(
            warnings,
            "the check of monitoring_role_arn",
            "iam:GetRole",
            lambda: clients.iam.call("get_role", RoleName=name),
        )
    except AwsError as err:
        if err.code == "NoSuchEntity":
            raise MissingError("monitoring_role_arn", f"IAM role {name} does not exist") from None
        raise
    if role is aws.SKIPPED:
        return
    role = role["Role"]
    if role.get("Arn") != arn:
        raise ValidationError("monitoring_role_arn", f"'{arn}' is not this account's role {name}, {role.get('Arn')}")
    if not instance.trusts_monitoring(role.get("AssumeRolePolicyDocument")):
        raise ValidationError(
            "monitoring_role_arn",
            f"IAM role {name} does not trust {instance.MONITORING_SERVICE}: its trust policy must allow that "
            "service sts:AssumeRole, or RDS refuses the role for Enhanced Monitoring",
        )


def apply(client, work, current, desired, timeout):
    """Make the plan's calls. A modify or reboot of a busy instance first waits until RDS accepts it."""
    identifier = desired.identifier
    if work.action == "create":
        client.call("create_db_instance", **work.request)
        return
    if work.action == "delete":
        client.call("delete_db_instance", **work.request)
        return
    busy = current["status"] != "available"
    if work.action == "modify":
        # RDS refuses to modify an instance that is still creating or modifying.
        if busy:
            client.wait("instance_available", timeout, DBInstanceIdentifier=identifier)
        client.call("modify_db_instance", **work.request)
        busy = True
    if work.tags:
        tag_utils.apply_rds(client, current["arn"], work.tags)
    if work.details.get("reboot"):
        # RDS reboots only an available instance, and a modify may just have made it busy.
        if busy:
            client.wait("instance_available", timeout, DBInstanceIdentifier=identifier)
        client.call("reboot_db_instance", DBInstanceIdentifier=identifier)


def wait(client, work, desired, timeout):
    if work.wait is not None:
        client.wait(work.wait, timeout, DBInstanceIdentifier=desired.identifier)


def read_after(client, work, desired, predicted):
    """The instance as RDS reports it once the plan ran; the writer comes from the cluster, or the prediction
    until the cluster names one."""
    if work.wait == "instance_deleted":
        return {}
    if work.action == "create" and work.wait is None:
        # Just started, so the cluster may not name its writer yet: the prediction answers without a read.
        view, cluster = normalise(rds.describe_instance(client, desired.identifier)), None
    else:
        view, cluster = read(client, desired)
    if view and not (cluster and rds.writer_of(cluster)):
        view["is_writer"] = predicted.get("is_writer", False)
    return view
