# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RDS calls for one Aurora DB instance: read it with its cluster, carry out a plan, wait, read it again."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import aws, instance, kms_api, rds
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AwsError, MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.instance import normalise


def read_settled(client, desired, timeout):
    """read(), once the instance's parameter group is no longer `applying` when the run decides on a reboot or
    waits: RDS shows `applying` after a parameter change before `pending-reboot` or `in-sync` (AWS's CloudFormation
    handlers wait it out too, DBInstancePredicates.isDBParameterGroupNotApplying), so only then is it known whether
    a reboot is pending. A read-only wait: check mode makes it too and predicts what the real run does."""
    current, cluster = read(client, desired)
    settle = desired.state == "present" and (desired.wait or desired.reboot_if_pending)
    if settle and current.get("parameter_apply_status") == "applying":
        client.wait("instance_parameters_applied", timeout, DBInstanceIdentifier=desired.identifier)
        current, cluster = read(client, desired)
    return current, cluster


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
    ready = {"DBInstanceIdentifier": identifier}
    if work.action == "modify":
        # RDS refuses to modify an instance that is still creating or modifying ("Database instance is not in
        # available state.", terraform-provider-aws#30637), and one may turn busy after it was read.
        if busy:
            client.wait("instance_available", timeout, **ready)
        client.call_when_accepted("modify_db_instance", "instance_available", timeout, ready, **work.request)
        busy = True
    if work.tags:
        tag_utils.apply_rds(client, current["arn"], work.tags)
    if work.details.get("reboot"):
        # RDS reboots only an available instance ("Instance cannot currently reboot due to an in-progress management
        # operation.", terraform-provider-aws#27325), and a modify may just have made it busy.
        if busy:
            client.wait("instance_available", timeout, **ready)
        client.call_when_accepted("reboot_db_instance", "instance_available", timeout, ready, **ready)


def wait(client, work, desired, timeout):
    if work.wait is not None:
        client.wait(work.wait, timeout, DBInstanceIdentifier=desired.identifier)


def read_after(client, work, desired, predicted):
    """The instance as RDS reports it once the plan ran; the writer as the cluster names it (instances created
    together race for it: aws-cdk#30260, terraform-aws-rds-aurora#328), or the prediction until it names one."""
    if work.wait == "instance_deleted":
        return {}
    view, cluster = read(client, desired)
    if view and not (cluster and rds.writer_of(cluster)):
        view["is_writer"] = predicted.get("is_writer", False)
    return view
