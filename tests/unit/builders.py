"""Builders the unit tests share: module params as the guide sets them, and describe output as RDS, EC2 and
CloudWatch return it. Every test file takes its inputs from here rather than from another test file.

`<resource>_params(**overrides)` are a module's params (every option present, as Ansible passes them);
`raw_<resource>(**overrides)` are one Describe* entry.
"""

from __future__ import annotations

import datetime
import json

from ansible_collections.aurora.mysql.plugins.module_utils import (
    alarm,
    aws,
    blue_green,
    cluster,
    instance,
    param_group,
    rds,
    rolling,
    subnet_group,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AwsError

NOW = datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
PASSWORD = "Guide-Passw0rd!"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"
GUIDE_KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/your-kms-key-id"
GUIDE_LOGS = ["audit", "error", "general", "slowquery"]
MONITORING_ROLE = "arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role"
SNS = "arn:aws:sns:us-east-1:123456789012:db-alerts"
INSTANCE_GROUP = "myapp-aurora-mysql8-instance"


def _unset(spec):
    """Every option of an argument spec at its default, as AnsibleModule hands params to a module."""
    return {name: option.get("default") for name, option in spec.items()}


# --- cluster ---

GUIDE_CLUSTER = dict(
    engine_version="8.0.mysql_aurora.3.07.1",
    master_username="admin",
    master_user_password=PASSWORD,
    db_subnet_group_name="myapp-aurora-subnets",
    vpc_security_group_ids=["sg-0123456789abcdef0"],
    db_cluster_parameter_group_name="myapp-aurora-mysql8-cluster",
    storage_encrypted=True,
    kms_key_id=GUIDE_KMS_KEY,
    backup_retention_period=14,
    preferred_backup_window="02:00-03:00",
    preferred_maintenance_window="sun:04:00-sun:05:00",
    enable_cloudwatch_logs_exports=list(GUIDE_LOGS),
    deletion_protection=True,
)


def cluster_params(guide=True, **overrides):
    """aurora_cluster's params: the guide's step 3 (or only the identifier), with overrides."""
    result = dict(_unset(cluster.ARGUMENT_SPEC), identifier="myapp-aurora-cluster")
    if guide:
        result.update(GUIDE_CLUSTER)
    result.update(overrides)
    return result


def cluster_desired(guide=True, **overrides):
    return cluster.desired_from_params(cluster_params(guide, **overrides), NOW)


def raw_cluster(**overrides):
    """A DescribeDBClusters entry for the cluster the guide creates, as real RDS returns it."""
    result = dict(
        DBClusterIdentifier="myapp-aurora-cluster",
        DBClusterArn="arn:aws:rds:us-east-1:123456789012:cluster:myapp-aurora-cluster",
        Status="available",
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.07.1",
        Endpoint="myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com",
        ReaderEndpoint="myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com",
        Port=3306,
        MasterUsername="admin",
        DBSubnetGroup="myapp-aurora-subnets",
        VpcSecurityGroups=[{"VpcSecurityGroupId": "sg-0123456789abcdef0", "Status": "active"}],
        DBClusterParameterGroup="myapp-aurora-mysql8-cluster",
        StorageEncrypted=True,
        KmsKeyId=GUIDE_KMS_KEY,
        BackupRetentionPeriod=14,
        PreferredBackupWindow="02:00-03:00",
        PreferredMaintenanceWindow="sun:04:00-sun:05:00",
        EnabledCloudwatchLogsExports=["slowquery", "audit", "general", "error"],
        DeletionProtection=True,
        CopyTagsToSnapshot=False,
        IAMDatabaseAuthenticationEnabled=False,
        BacktrackWindow=0,
        DBClusterMembers=[],
        TagList=[],
    )
    result.update(overrides)
    return result


def cluster_view(**overrides):
    return cluster.normalise(raw_cluster(**overrides))


def cluster_members(*specs, writer=None):
    """DBClusterMembers from (identifier, tier) pairs; the first is the writer unless `writer` names another."""
    writer = writer or specs[0][0]
    return [
        {"DBInstanceIdentifier": name, "IsClusterWriter": name == writer, "PromotionTier": tier} for name, tier in specs
    ]


# --- blue/green deployment ---

BG_ARN = "arn:aws:rds:us-east-1:123456789012"


def blue_green_params(**overrides):
    """aurora_blue_green's params: the guide's cluster taken to version 3."""
    result = dict(
        _unset(blue_green.ARGUMENT_SPEC),
        name="myapp-upgrade-to-v3",
        source_cluster="myapp-aurora-cluster",
        target_engine_version="8.0.mysql_aurora.3.07.1",
        target_db_cluster_parameter_group_name="myapp-aurora-mysql8-cluster",
        target_db_parameter_group_name="myapp-aurora-mysql8-instance",
    )
    result.update(overrides)
    return result


def blue_green_desired(**overrides):
    return blue_green.desired_from_params(blue_green_params(**overrides))


def raw_blue_green(renamed=False, **overrides):
    """A DescribeBlueGreenDeployments entry shaped like the AWS CLI examples' Aurora MySQL deployment: AVAILABLE, or
    after its switchover (`renamed`: Source the -old1 cluster, Target the original name). None drops a key."""
    blue, green = "myapp-aurora-cluster", "myapp-aurora-cluster-green-3rnukl"
    source, target = (f"{blue}-old1", blue) if renamed else (blue, green)
    result = dict(
        BlueGreenDeploymentIdentifier="bgd-wi89nwzglccsfake",
        BlueGreenDeploymentName="myapp-upgrade-to-v3",
        Source=f"{BG_ARN}:cluster:{source}",
        Target=f"{BG_ARN}:cluster:{target}",
        SwitchoverDetails=[
            dict(
                SourceMember=f"{BG_ARN}:cluster:{source}",
                TargetMember=f"{BG_ARN}:cluster:{target}",
                Status="SWITCHOVER_COMPLETED" if renamed else "AVAILABLE",
            )
        ],
        Tasks=[
            dict(Name=name, Status="COMPLETED")
            for name in (
                "CREATING_READ_REPLICA_OF_SOURCE",
                "DB_ENGINE_VERSION_UPGRADE",
                "CREATE_DB_INSTANCES_FOR_CLUSTER",
            )
        ],
        Status="AVAILABLE",
        CreateTime=NOW,
        TagList=[{"Key": "change", "Value": "CHG-1"}],
    )
    result.update(overrides)
    return {key: value for key, value in result.items() if value is not None}


def blue_green_view(renamed=False, **overrides):
    return blue_green.normalise(raw_blue_green(renamed, **overrides))


def blue_green_source(
    engine="aurora-mysql",
    status="available",
    engine_version="5.7.mysql_aurora.2.12.3",
    manage_master_user_password=False,
    group="myapp-aurora-mysql57-cluster",
    binlog_format="ROW",
    writer=True,
    writer_status="in-sync",
    deployments=(),
    **overrides,
):
    """blue_green_api.read_source()'s facts for the guide's cluster on version 2, ready for blue/green."""
    raw = raw_cluster(
        Engine=engine,
        Status=status,
        EngineVersion=engine_version,
        DBClusterParameterGroup=group,
        DBClusterMembers=[
            dict(member, DBClusterParameterGroupStatus=writer_status)
            for member in cluster_members(("myapp-aurora-writer", 1), writer="myapp-aurora-writer" if writer else "-")
        ],
    )
    if manage_master_user_password:
        raw["MasterUserSecret"] = {"SecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:x"}
    facts = dict(
        cluster=cluster.normalise(raw),
        members=rds.members(raw, [raw_instance()]),
        binlog_format=binlog_format,
        deployments=list(deployments),
        region="us-east-1",
    )
    facts.update(overrides)
    return facts


# --- instance ---


def raw_instance(**overrides):
    """A DescribeDBInstances entry for the guide's writer."""
    raw = {
        "DBInstanceIdentifier": "myapp-aurora-writer",
        "DBInstanceArn": "arn:aws:rds:us-east-1:123456789012:db:myapp-aurora-writer",
        "DBInstanceStatus": "available",
        "DBInstanceClass": "db.r6g.xlarge",
        "Engine": "aurora-mysql",
        "DBClusterIdentifier": "myapp-aurora-cluster",
        "AvailabilityZone": "us-east-1a",
        "Endpoint": {"Address": "myapp-aurora-writer.abc.us-east-1.rds.amazonaws.com", "Port": 3306},
        "DBParameterGroups": [{"DBParameterGroupName": INSTANCE_GROUP, "ParameterApplyStatus": "in-sync"}],
        "PendingModifiedValues": {},
        "PubliclyAccessible": False,
        "MonitoringInterval": 10,
        "MonitoringRoleArn": MONITORING_ROLE,
        "PerformanceInsightsEnabled": True,
        "PerformanceInsightsRetentionPeriod": 7,
        "PerformanceInsightsKMSKeyId": KEY_ARN,
        "AutoMinorVersionUpgrade": True,
        "PromotionTier": 1,
        "CACertificateIdentifier": "rds-ca-rsa2048-g1",
        "TagList": [{"Key": "env", "Value": "prod"}],
    }
    raw.update(overrides)
    return raw


def instance_params(**overrides):
    """aurora_instance's params for the guide's writer (step 4)."""
    result = dict(
        _unset(instance.ARGUMENT_SPEC),
        identifier="myapp-aurora-writer",
        cluster_identifier="myapp-aurora-cluster",
        instance_class="db.r6g.xlarge",
        db_parameter_group_name=INSTANCE_GROUP,
        monitoring_interval=10,
        monitoring_role_arn=MONITORING_ROLE,
        enable_performance_insights=True,
        performance_insights_retention_period=7,
        auto_minor_version_upgrade=True,
    )
    result.update(overrides)
    return result


def instance_desired(**overrides):
    return instance.desired_from_params(instance_params(**overrides))


def instance_view(**overrides):
    return instance.normalise(raw_instance(**overrides))


# --- subnet group ---

GUIDE_SUBNETS = ["subnet-abc123", "subnet-def456", "subnet-ghi789"]
_ZONES = {"subnet-abc123": "us-east-1a", "subnet-def456": "us-east-1b", "subnet-ghi789": "us-east-1c"}


def subnet_group_params(**overrides):
    result = dict(
        _unset(subnet_group.ARGUMENT_SPEC),
        name="myapp-aurora-subnets",
        description="Subnets for Aurora MySQL cluster",
        subnet_ids=list(GUIDE_SUBNETS),
    )
    result.update(overrides)
    return result


def subnet_group_desired(**overrides):
    return subnet_group.desired_from_params(subnet_group_params(**overrides))


def raw_subnet_group(subnets=None, description="Subnets for Aurora MySQL cluster"):
    return dict(
        DBSubnetGroupName="myapp-aurora-subnets",
        DBSubnetGroupDescription=description,
        VpcId="vpc-1",
        SubnetGroupStatus="Complete",
        DBSubnetGroupArn="arn:aws:rds:us-east-1:123456789012:subgrp:myapp-aurora-subnets",
        Subnets=[
            dict(SubnetIdentifier=subnet, SubnetAvailabilityZone={"Name": _ZONES.get(subnet, "us-east-1a")})
            for subnet in (subnets or GUIDE_SUBNETS)
        ],
    )


def subnet_group_view(subnets=None, tags=None, description="Subnets for Aurora MySQL cluster"):
    return subnet_group.normalise(raw_subnet_group(subnets, description), tags)


# --- parameter groups ---


def parameter_row(name, data_type, apply_type="dynamic", allowed=None, value=None, modifiable=True):
    """A Parameter as DescribeEngineDefault(Cluster)Parameters lists it."""
    row = dict(ParameterName=name, DataType=data_type, ApplyType=apply_type, IsModifiable=modifiable)
    if allowed is not None:
        row["AllowedValues"] = allowed
    if value is not None:
        row["ParameterValue"] = value
    return row


CATALOGUE = param_group.catalogue_of(
    [
        parameter_row("slow_query_log", "boolean", allowed="0,1", value="0"),
        parameter_row("long_query_time", "float", allowed="0-31536000", value="10"),
        parameter_row("log_output", "string", allowed="TABLE,FILE,NONE", value="FILE"),
        parameter_row("require_secure_transport", "boolean", allowed="ON,OFF"),
        parameter_row("performance_schema", "boolean", apply_type="static", allowed="0,1"),
        parameter_row("binlog_format", "string", apply_type="static", allowed="ROW,STATEMENT,MIXED,OFF", value="OFF"),
        parameter_row("innodb_page_size", "integer", apply_type="static", allowed="4096-65536", modifiable=False),
    ]
    + [parameter_row(f"auto_param_{index:02d}", "integer", allowed="0-100") for index in range(25)]
)
GUIDE_INSTANCE_PARAMETERS = {"slow_query_log": 1, "long_query_time": 1, "log_output": "FILE"}


def param_group_params(**overrides):
    result = dict(
        _unset(param_group.ARGUMENT_SPEC),
        name="MyApp-Aurora-MySQL8-Instance",
        scope="instance",
        description="Instance parameters for Aurora MySQL 8.0",
    )
    result.update(overrides)
    return result


def param_group_desired(**overrides):
    return param_group.desired_from_params(param_group_params(**overrides))


def param_group_current(
    user=None,
    tags=None,
    family="aurora-mysql8.0",
    description="Instance parameters for Aurora MySQL 8.0",
    users=(),
    metadata=False,
):
    """What param_group_api.read() returns for the guide's instance group with these user-set values; with
    `metadata`, its rows carry the catalogue's DataType, ApplyType and AllowedValues, as AWS lists them."""
    raw = dict(
        DBParameterGroupName=INSTANCE_GROUP,
        DBParameterGroupFamily=family,
        Description=description,
        DBParameterGroupArn=f"arn:aws:rds:us-east-1:123456789012:pg:{INSTANCE_GROUP}",
    )
    rows = [
        dict(CATALOGUE[name] if metadata else {"ApplyType": CATALOGUE[name]["ApplyType"]}, ParameterName=name)
        | {"ParameterValue": value, "Source": "user"}
        for name, value in (user or {}).items()
    ]
    return dict(
        group=param_group.normalise(raw, "instance", tags),
        parameters=param_group.user_parameters(rows),
        specs=param_group.catalogue_of(rows),
        users=list(users),
    )


def group_user(kind, identifier, cluster=None, instances=(), pending_reboot=()):
    """One entry of rds.subnet_group_users() / rds.parameter_group_users()."""
    return dict(
        kind=kind,
        identifier=identifier,
        cluster=cluster,
        instances=sorted(instances),
        pending_reboot=sorted(pending_reboot),
    )


# --- alarm ---


def alarm_params(**overrides):
    """aurora_alarm's params for the guide's deadlock alarm."""
    result = dict(
        _unset(alarm.ARGUMENT_SPEC),
        name="aurora-myapp-deadlocks",
        metric_name="Deadlocks",
        statistic="Sum",
        period=300,
        evaluation_periods=1,
        threshold=5.0,
        comparison_operator="GreaterThanThreshold",
        cluster_identifier="myapp-aurora-cluster",
        alarm_actions=[SNS],
    )
    result.update(overrides)
    return result


def alarm_desired(**overrides):
    return alarm.desired_from_params(alarm_params(**overrides))


def raw_alarm(**overrides):
    """The guide's deadlock alarm as DescribeAlarms returns it, with state fields and AWS's omissions."""
    result = {
        "AlarmName": "aurora-myapp-deadlocks",
        "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:aurora-myapp-deadlocks",
        "MetricName": "Deadlocks",
        "Namespace": "AWS/RDS",
        "Statistic": "Sum",
        "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "myapp-aurora-cluster"}],
        "Period": 300,
        "EvaluationPeriods": 1,
        "Threshold": 5,
        "ComparisonOperator": "GreaterThanThreshold",
        "AlarmActions": [SNS],
        "OKActions": [],
        "InsufficientDataActions": [],
        "ActionsEnabled": True,
        "StateValue": "ALARM",
        "StateReason": "Threshold Crossed",
        "StateUpdatedTimestamp": datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC),
    }
    result.update(overrides)
    return result


def alarm_view(tags=None, **overrides):
    return alarm.normalise(raw_alarm(**overrides), [{"Key": k, "Value": v} for k, v in (tags or {}).items()])


# --- a cluster's members, for failover, rolling reboots and cluster_info ---


def shape(*specs, writer=None, status="available", cluster_pending=(), identifier="c"):
    """(cluster, instances) from (identifier, tier, class[, {instance overrides}]) specs; the first is the writer
    unless `writer` names another. Every instance waits for a reboot of its parameter group unless overridden."""
    raw = {
        "DBClusterIdentifier": identifier,
        "Status": status,
        "DBClusterMembers": [
            dict(
                member,
                DBClusterParameterGroupStatus="pending-reboot"
                if member["DBInstanceIdentifier"] in cluster_pending
                else "in-sync",
            )
            for member in cluster_members(*[(spec[0], spec[1]) for spec in specs], writer=writer)
        ],
    }
    instances = []
    for spec in specs:
        described = {
            "DBInstanceIdentifier": spec[0],
            "DBClusterIdentifier": identifier,
            "DBInstanceClass": spec[2],
            "DBInstanceStatus": "available",
            "DBParameterGroups": [{"DBParameterGroupName": INSTANCE_GROUP, "ParameterApplyStatus": "pending-reboot"}],
            "PendingModifiedValues": {},
        }
        described.update(spec[3] if len(spec) > 3 else {})
        instances.append(described)
    return raw, instances


def rolling_desired(**overrides):
    params = dict(
        cluster_identifier="c",
        preserve_writer=True,
        allow_downtime=False,
        include_queued_changes=True,
        max_replica_lag_ms=None,
        step_timeout=1800,
    )
    params.update(overrides)
    return rolling.desired_from_params(params)


IN_SYNC = {"DBParameterGroups": [{"DBParameterGroupName": INSTANCE_GROUP, "ParameterApplyStatus": "in-sync"}]}


class RecordingClient:
    """An AwsClient stand-in: records every call and answers from `answers` ({method: response or callable})."""

    region = "us-east-1"

    def __init__(self, answers=None):
        self.answers = answers or {}
        self.calls = []

    def call(self, method, **kwargs):
        self.calls.append((method, kwargs))
        answer = self.answers.get(method, {})
        return answer(**kwargs) if callable(answer) else answer

    call_or_none = call

    def paginate(self, method, result_key, **kwargs):
        return self.call(method, **kwargs).get(result_key, [])


class RecordingClients:
    """An aws.Clients stand-in: one RecordingClient per service, answering from {service: {method: answer}}."""

    region = "us-east-1"

    def __init__(self, **answers):
        self.by_service = {service: RecordingClient(answers.get(service)) for service in aws.SERVICES}

    def __getattr__(self, service):
        if service not in aws.SERVICES:
            raise AttributeError(service)
        return self.by_service[service]

    def calls(self):
        """Every call made, as (service, method)."""
        return [(service, method) for service, client in self.by_service.items() for method, _kwargs in client.calls]


def denied(code, operation):
    """An answer that raises the AccessDenied an account without the permission gets."""

    def answer(**_kwargs):
        raise AwsError(code, operation, "User: arn:aws:iam::123456789012:user/ci is not authorized")

    return answer


# --- against the simulator: the `sim` fixture of tests/conftest.py ---

READS = ("Describe", "List", "Get")


def mutations(sim):
    """{action: count} of every request the simulator counted that is not a read."""
    return {action: n for action, n in sim.client.counts().items() if not action.startswith(READS)}


def only_reads(sim):
    """True when the simulator counted requests, and every one was a read."""
    counts = sim.client.counts()
    return bool(counts) and all(action.startswith(READS) for action in counts)


def make_cluster(sim, name, members, engine="aurora-mysql", engine_version=None, cluster=None, instance=None):
    """A cluster with its (identifier, class, tier) members, made instantly (scale 0) and read once so all are
    available; the request counts are zeroed afterwards. `cluster` and `instance` are further CreateDBCluster and
    CreateDBInstance arguments (a password in `cluster` replaces the default one). Returns the boto3 RDS client."""
    sim.client.set_scale(0)
    rds = sim.boto3("rds")
    version = {"EngineVersion": engine_version} if engine_version else {}
    settings = cluster or {}
    password = {} if "ManageMasterUserPassword" in settings else {"MasterUserPassword": "correct-horse-battery"}
    rds.create_db_cluster(
        DBClusterIdentifier=name, Engine=engine, MasterUsername="admin", **version, **password, **settings
    )
    for identifier, instance_class, tier in members:
        rds.create_db_instance(
            DBInstanceIdentifier=identifier,
            DBClusterIdentifier=name,
            DBInstanceClass=instance_class,
            Engine=engine,
            PromotionTier=tier,
            **(instance or {}),
        )
    rds.describe_db_instances()
    sim.client.reset_counts()
    return rds


def warnings_of(result):
    """The messages of a module result's warnings (ansible-core 2.19 returns each as {"event": {"msg": ...}})."""
    return [warning["event"]["msg"] if isinstance(warning, dict) else warning for warning in result.get("warnings", [])]


# The guide's prerequisites ("a VPC with private subnets in different AZs, a security group, a KMS key", and the
# Enhanced Monitoring role of its step 4), made for real in the simulator: RDS refuses a security group, a role or a
# key that does not exist, and so does the simulator.
MONITORING_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "monitoring.rds.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def monitoring_role(sim, name="rds-enhanced-monitoring-role", trust=None):
    """The Enhanced Monitoring role (trusting RDS monitoring unless `trust` says otherwise); in the simulator's
    account its ARN is the guide's MONITORING_ROLE."""
    policy = json.dumps(MONITORING_TRUST if trust is None else trust)
    role = sim.boto3("iam").create_role(RoleName=name, AssumeRolePolicyDocument=policy)["Role"]
    return role["Arn"]


def network(sim, cidr="10.0.0.0/16", subnet_group="myapp-aurora-subnets"):
    """A VPC with two subnets in two zones, a security group in it, and (unless None) the DB subnet group.
    Returns {vpc_id, subnet_ids, security_group_id}."""
    ec2 = sim.boto3("ec2")
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    prefix = cidr.rsplit(".", 2)[0]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"{prefix}.{n}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"][
            "SubnetId"
        ]
        for n, zone in enumerate("ab")
    ]
    group = ec2.create_security_group(GroupName=f"aurora-{vpc}", Description="Aurora MySQL", VpcId=vpc)["GroupId"]
    if subnet_group:
        sim.boto3("rds").create_db_subnet_group(
            DBSubnetGroupName=subnet_group,
            DBSubnetGroupDescription="Subnets for Aurora MySQL cluster",
            SubnetIds=subnets,
        )
    return {"vpc_id": vpc, "subnet_ids": subnets, "security_group_id": group}


STOPPED = "is stopped: start it (aurora.mysql.aurora_cluster state: started), then rerun"


def stop_cluster(sim, name):
    """Stop a cluster made at scale 0 (StopDBCluster, then a read: stopped by then)."""
    rds = sim.boto3("rds")
    rds.stop_db_cluster(DBClusterIdentifier=name)
    assert rds.describe_db_clusters(DBClusterIdentifier=name)["DBClusters"][0]["Status"] == "stopped"
    sim.client.reset_counts()
