"""The guide's cluster on Aurora MySQL version 2 taken to version 3 the way issue 17's role will: a minor upgrade in
place, then a major one by blue/green deployment, switched over and cleaned up, with time passing (scaled) and every
wait written as a poll on what RDS reports, never on how long things take."""

from __future__ import annotations

import json

from tests.simulator.tests import builders

CLUSTER = "myapp-aurora-cluster"
WRITER, READERS = "myapp-aurora-writer", ("myapp-aurora-reader-1", "myapp-aurora-reader-2")
START, MINOR, MAJOR = "5.7.mysql_aurora.2.12.1", "5.7.mysql_aurora.2.12.4", "8.0.mysql_aurora.3.07.1"
BINLOG = {"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}
MONITORING_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "monitoring.rds.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def parameter_groups(rds, family: str, suffix: str) -> tuple[str, str]:
    """The guide's two groups for one family, binary logging on in the cluster one (blue/green needs it on the source,
    and the new production keeps it for the next upgrade)."""
    cluster_group = f"myapp-aurora-{suffix}-cluster"
    instance_group = f"myapp-aurora-{suffix}-instance"
    builders.cluster_group(rds, cluster_group, family)
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName=cluster_group, Parameters=[*builders.GUIDE_CLUSTER_PARAMETERS, BINLOG]
    )
    builders.instance_group(rds, instance_group, family)
    rds.modify_db_parameter_group(DBParameterGroupName=instance_group, Parameters=builders.GUIDE_INSTANCE_PARAMETERS)
    return cluster_group, instance_group


def guide_cluster(sim, rds) -> None:
    ec2, iam = sim.boto3("ec2"), sim.boto3("iam")
    subnets = builders.subnets(ec2)
    vpc = ec2.describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]
    group = ec2.create_security_group(GroupName="myapp-aurora", Description="aurora", VpcId=vpc)["GroupId"]
    rds.create_db_subnet_group(
        DBSubnetGroupName="myapp-aurora-subnets", DBSubnetGroupDescription="x", SubnetIds=subnets
    )
    role = iam.create_role(
        RoleName="rds-enhanced-monitoring-role", AssumeRolePolicyDocument=json.dumps(MONITORING_TRUST)
    )["Role"]["Arn"]
    cluster_group, instance_group = parameter_groups(rds, "aurora-mysql5.7", "mysql57")
    builders.cluster(
        rds,
        CLUSTER,
        EngineVersion=START,
        DBSubnetGroupName="myapp-aurora-subnets",
        VpcSecurityGroupIds=[group],
        DBClusterParameterGroupName=cluster_group,
        StorageEncrypted=True,
        BackupRetentionPeriod=14,
        PreferredBackupWindow="02:00-03:00",
        PreferredMaintenanceWindow="sun:04:00-sun:05:00",
        EnableCloudwatchLogsExports=["audit", "error", "general", "slowquery"],
        DeletionProtection=True,
    )
    for name, instance_class in (
        (WRITER, "db.r6g.xlarge"),
        (READERS[0], "db.r6g.xlarge"),
        (READERS[1], "db.r6g.large"),
    ):
        builders.instance(
            rds,
            name,
            CLUSTER,
            DBInstanceClass=instance_class,
            DBParameterGroupName=instance_group,
            MonitoringInterval=10,
            MonitoringRoleArn=role,
            EnablePerformanceInsights=True,
            PerformanceInsightsRetentionPeriod=7,
        )
        if name == WRITER:  # the guide waits for the writer before it adds readers
            wait_instance(rds, WRITER)
    for name in READERS:
        wait_instance(rds, name)


def wait_instance(rds, name: str) -> None:
    builders.watch(lambda: builders.describe_instance(rds, name)["DBInstanceStatus"], lambda s: s == "available")


def wait_cluster(rds, name: str, version: str) -> dict:
    def state():
        cluster = builders.describe_cluster(rds, name)
        return cluster["Status"], cluster["EngineVersion"]

    builders.watch(state, lambda value: value == ("available", version))
    return builders.describe_cluster(rds, name)


def wait_deployment(rds, identifier: str, status: str) -> dict:
    def read():
        return rds.describe_blue_green_deployments(BlueGreenDeploymentIdentifier=identifier)["BlueGreenDeployments"][0]

    builders.watch(lambda: read()["Status"], lambda value: value == status)
    return read()


def endpoints(rds) -> dict[str, str]:
    cluster = builders.describe_cluster(rds, CLUSTER)
    found = {"cluster": cluster["Endpoint"], "reader": cluster["ReaderEndpoint"]}
    for name in (WRITER, *READERS):
        found[name] = builders.describe_instance(rds, name)["Endpoint"]["Address"]
    return found


def test_minor_in_place_then_major_by_blue_green(sim):
    rds = sim.boto3("rds")
    sim.client.set_scale(0.0005)  # AWS-like durations in milliseconds: the whole run takes a few seconds
    guide_cluster(sim, rds)
    wait_cluster(rds, CLUSTER, START)
    before = endpoints(rds)

    # 1. A minor upgrade in place, to a listed target that is not a major one.
    [version] = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=START)["DBEngineVersions"]
    minor_targets = [t["EngineVersion"] for t in version["ValidUpgradeTarget"] if not t["IsMajorVersionUpgrade"]]
    assert MINOR in minor_targets
    rds.modify_db_cluster(DBClusterIdentifier=CLUSTER, EngineVersion=MINOR, ApplyImmediately=True)
    assert wait_cluster(rds, CLUSTER, MINOR)["DBClusterParameterGroup"] == "myapp-aurora-mysql57-cluster"
    for name in (WRITER, *READERS):
        wait_instance(rds, name)
        assert builders.describe_instance(rds, name)["EngineVersion"] == MINOR

    # 2. A major upgrade by blue/green, with version 3 groups.
    [version] = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion=MINOR)["DBEngineVersions"]
    assert {t["EngineVersion"]: t["IsMajorVersionUpgrade"] for t in version["ValidUpgradeTarget"]}[MAJOR] is True
    cluster_group, instance_group = parameter_groups(rds, "aurora-mysql8.0", "mysql80")
    created = rds.create_blue_green_deployment(
        BlueGreenDeploymentName="myapp-aurora-v3",
        Source=builders.describe_cluster(rds, CLUSTER)["DBClusterArn"],
        TargetEngineVersion=MAJOR,
        TargetDBClusterParameterGroupName=cluster_group,
        TargetDBParameterGroupName=instance_group,
    )["BlueGreenDeployment"]
    identifier = created["BlueGreenDeploymentIdentifier"]
    available = wait_deployment(rds, identifier, "AVAILABLE")
    green = {
        row["SourceMember"].rsplit(":", 1)[1]: row["TargetMember"].rsplit(":", 1)[1]
        for row in available["SwitchoverDetails"]
    }
    assert set(green) == {CLUSTER, WRITER, *READERS}
    assert all(target.startswith(f"{source}-green-") for source, target in green.items())
    staged = builders.describe_cluster(rds, green[CLUSTER])
    assert (staged["EngineVersion"], staged["DBClusterParameterGroup"]) == (MAJOR, cluster_group)
    assert builders.writer_of(rds, green[CLUSTER]) == [green[WRITER]]

    # 3. Switchover: the green environment takes the names and the endpoints.
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier, SwitchoverTimeout=600)
    switched = wait_deployment(rds, identifier, "SWITCHOVER_COMPLETED")
    assert switched["Source"].endswith(f":cluster:{CLUSTER}-old1")
    assert switched["Target"].endswith(f":cluster:{CLUSTER}")
    assert endpoints(rds) == before
    live = builders.describe_cluster(rds, CLUSTER)
    assert (live["EngineVersion"], live["DBClusterParameterGroup"]) == (MAJOR, cluster_group)
    assert live["DeletionProtection"] is True
    assert builders.writer_of(rds, CLUSTER) == [WRITER]
    for name in (WRITER, *READERS):
        instance = builders.describe_instance(rds, name)
        assert (instance["EngineVersion"], instance["DBClusterIdentifier"]) == (MAJOR, CLUSTER)
        assert list(builders.apply_status(rds, name)) == [instance_group]
    old = builders.describe_cluster(rds, f"{CLUSTER}-old1")
    assert (old["EngineVersion"], old["DeletionProtection"]) == (MINOR, True)
    assert sorted(member["DBInstanceIdentifier"] for member in old["DBClusterMembers"]) == sorted(
        f"{name}-old1" for name in (WRITER, *READERS)
    )
    assert sim.client.blue_green()["read_only"] == [f"{CLUSTER}-old1"]

    # 4. The deployment goes, the old cluster stays for a rollback window.
    rds.delete_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    builders.watch(
        lambda: rds.describe_blue_green_deployments(
            Filters=[{"Name": "blue-green-deployment-name", "Values": ["myapp-aurora-v3"]}]
        )["BlueGreenDeployments"],
        lambda found: found == [],
    )
    assert {cluster["DBClusterIdentifier"] for cluster in rds.describe_db_clusters()["DBClusters"]} == {
        CLUSTER,
        f"{CLUSTER}-old1",
    }
    assert sim.client.blue_green()["read_only"] == []
    messages = [
        event["Message"]
        for event in rds.describe_events(SourceIdentifier=identifier, SourceType="blue-green-deployment")["Events"]
    ]
    assert messages[0].startswith("Blue/green deployment tasks completed.")
    assert messages[-2:] == ["Switchover completed on blue/green deployment.", "Blue/green deployment deleted."]
