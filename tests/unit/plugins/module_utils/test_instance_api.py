"""instance_api.check: the checks before the first change, what they cost and what a locked-down account gets."""

from ansible_collections.aurora.mysql.plugins.module_utils import instance_api, instance_plan
from tests.unit.builders import (
    KEY_ARN,
    MONITORING_ROLE,
    MONITORING_TRUST,
    RecordingClients,
    denied,
    instance_desired,
    instance_view,
    raw_cluster,
)

CLUSTER = raw_cluster(DBClusterMembers=[])
ROLE = {"Role": {"Arn": MONITORING_ROLE, "AssumeRolePolicyDocument": MONITORING_TRUST}}
OFFERED = {"OrderableDBInstanceOptions": [{"DBInstanceClass": "db.r6g.xlarge"}]}


def test_a_plan_with_nothing_to_create_or_change_costs_no_call():
    desired = instance_desired()
    plan = instance_plan.plan(instance_view(), CLUSTER, desired)
    assert not plan
    clients = RecordingClients()
    assert instance_api.check(clients, plan, desired, CLUSTER) == []
    assert clients.calls() == []


def test_a_create_asks_for_the_class_at_the_cluster_version_and_reads_the_role():
    desired = instance_desired(performance_insights_kms_key_id=KEY_ARN)
    plan = instance_plan.plan({}, CLUSTER, desired)
    clients = RecordingClients(
        rds={"describe_orderable_db_instance_options": OFFERED},
        iam={"get_role": ROLE},
        kms={"describe_key": {"KeyMetadata": {"Arn": KEY_ARN, "KeyState": "Enabled"}}},
    )
    assert instance_api.check(clients, plan, desired, CLUSTER) == []
    assert clients.calls() == [
        ("rds", "describe_orderable_db_instance_options"),
        ("iam", "get_role"),
        ("kms", "describe_key"),
    ]
    assert clients.rds.calls[0][1] == {
        "Engine": "aurora-mysql",
        "EngineVersion": "8.0.mysql_aurora.3.07.1",
        "DBInstanceClass": "db.r6g.xlarge",
        "MaxRecords": 20,
    }
    assert clients.iam.calls[0][1] == {"RoleName": "rds-enhanced-monitoring-role"}


def test_a_locked_down_account_gets_warnings_instead_of_failures():
    desired = instance_desired(performance_insights_kms_key_id=KEY_ARN)
    plan = instance_plan.plan({}, CLUSTER, desired)
    clients = RecordingClients(
        rds={"describe_orderable_db_instance_options": denied("AccessDenied", "DescribeOrderableDBInstanceOptions")},
        iam={"get_role": denied("AccessDenied", "GetRole")},
        kms={"describe_key": denied("AccessDeniedException", "DescribeKey")},
    )
    warnings = instance_api.check(clients, plan, desired, CLUSTER)
    assert [warning.split(":")[0] for warning in warnings] == [
        "skipped the check of instance_class",
        "skipped the check of monitoring_role_arn",
        "skipped the check of performance_insights_kms_key_id",
    ]
    assert "allow iam:GetRole to have it checked before any change" in warnings[1]


def test_without_the_cluster_the_check_reads_it_for_its_version():
    desired = instance_desired()
    plan = instance_plan.plan({}, CLUSTER, desired)
    clients = RecordingClients(
        rds={"describe_db_clusters": {"DBClusters": [CLUSTER]}, "describe_orderable_db_instance_options": OFFERED},
        iam={"get_role": ROLE},
    )
    assert instance_api.check(clients, plan, desired) == []
    assert clients.calls()[:2] == [("rds", "describe_db_clusters"), ("rds", "describe_orderable_db_instance_options")]
