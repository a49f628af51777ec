"""Blue/green deployments: what CreateBlueGreenDeployment requires and builds, the switchover and its failures,
deletion with and without the green environment, describing, and what a deployment forbids its clusters."""

from __future__ import annotations

import re

import pytest

from tests.simulator.fidelity.blue_green import check_blue_green_version
from tests.simulator.tests import builders

V2 = "5.7.mysql_aurora.2.12.3"
V3 = builders.VERSION
GREEN = re.compile(r"^(?P<base>.+)-green-[a-z0-9]{6}$")


@pytest.fixture
def rds(sim):
    """A version 2 cluster ready for blue/green: binary logging on in its custom cluster group, a custom instance
    group, a writer and a reader with different classes, tiers and monitoring; version 3 target groups in place."""
    client = sim.boto3("rds")
    role = builders.monitoring_role(sim.boto3("iam"))
    builders.binlog_cluster_group(client, "blue-cluster", "aurora-mysql5.7")
    builders.instance_group(client, "blue-instance", "aurora-mysql5.7")
    builders.cluster_group(client, "green-cluster", "aurora-mysql8.0")
    builders.instance_group(client, "green-instance", "aurora-mysql8.0")
    builders.cluster(client, EngineVersion=V2, DBClusterParameterGroupName="blue-cluster", StorageEncrypted=True)
    builders.instance(
        client,
        "writer",
        PromotionTier=0,
        DBParameterGroupName="blue-instance",
        MonitoringInterval=10,
        MonitoringRoleArn=role,
        EnablePerformanceInsights=True,
    )
    builders.instance(
        client, "reader-1", PromotionTier=1, DBInstanceClass="db.r6g.xlarge", DBParameterGroupName="blue-instance"
    )
    return client


def source_arn(rds, identifier: str = builders.CLUSTER) -> str:
    return builders.describe_cluster(rds, identifier)["DBClusterArn"]


def create(rds, name: str = "upgrade-to-v3", **overrides) -> dict:
    settings = {
        "BlueGreenDeploymentName": name,
        "Source": source_arn(rds),
        "TargetEngineVersion": V3,
        "TargetDBClusterParameterGroupName": "green-cluster",
        "TargetDBParameterGroupName": "green-instance",
    }
    settings.update(overrides)
    request = {key: value for key, value in settings.items() if value is not None}  # None: leave the setting out
    return rds.create_blue_green_deployment(**request)["BlueGreenDeployment"]


def describe(rds, identifier: str) -> dict:
    return rds.describe_blue_green_deployments(BlueGreenDeploymentIdentifier=identifier)["BlueGreenDeployments"][0]


def name_of(arn: str) -> str:
    return arn.rsplit(":", 1)[1]


def deployment_events(rds, identifier: str) -> list[str]:
    found = rds.describe_events(SourceIdentifier=identifier, SourceType="blue-green-deployment")["Events"]
    return [event["Message"] for event in found]


def cluster_names(rds) -> set[str]:
    return {cluster["DBClusterIdentifier"] for cluster in rds.describe_db_clusters()["DBClusters"]}


def instance_names(rds) -> set[str]:
    return {db["DBInstanceIdentifier"] for db in rds.describe_db_instances()["DBInstances"]}


# --- creation ----------------------------------------------------------------------------------------------------


def test_the_create_answer_is_provisioning_with_pending_tasks_and_no_target(rds):
    answer = create(rds)
    assert re.fullmatch(r"bgd-[a-z0-9]{16}", answer["BlueGreenDeploymentIdentifier"])
    assert answer["Status"] == "PROVISIONING"
    assert "Target" not in answer
    assert answer["Tasks"] == [
        {"Name": "CREATING_READ_REPLICA_OF_SOURCE", "Status": "PENDING"},
        {"Name": "DB_ENGINE_VERSION_UPGRADE", "Status": "PENDING"},
        {"Name": "CREATE_DB_INSTANCES_FOR_CLUSTER", "Status": "PENDING"},
    ]
    assert [name_of(row["SourceMember"]) for row in answer["SwitchoverDetails"]] == [
        builders.CLUSTER,
        "writer",
        "reader-1",
    ]
    assert all(set(row) == {"SourceMember", "Status"} for row in answer["SwitchoverDetails"])
    assert {row["Status"] for row in answer["SwitchoverDetails"]} == {"PROVISIONING"}


def test_the_deployment_keeps_its_tags(rds):
    tags = [{"Key": "change", "Value": "CHG-42"}]
    identifier = create(rds, Tags=tags)["BlueGreenDeploymentIdentifier"]
    assert describe(rds, identifier)["TagList"] == tags


def test_the_deployment_is_tagged_by_its_arn(rds):
    identifier = create(rds, Tags=[{"Key": "change", "Value": "CHG-42"}])["BlueGreenDeploymentIdentifier"]
    arn = source_arn(rds).rsplit(":cluster:", 1)[0] + f":deployment:{identifier}"
    rds.add_tags_to_resource(
        ResourceName=arn, Tags=[{"Key": "owner", "Value": "dba"}, {"Key": "change", "Value": "43"}]
    )
    rds.remove_tags_from_resource(ResourceName=arn, TagKeys=["owner"])
    assert rds.list_tags_for_resource(ResourceName=arn)["TagList"] == [{"Key": "change", "Value": "43"}]
    assert describe(rds, identifier)["TagList"] == [{"Key": "change", "Value": "43"}]
    missing = arn.rsplit(":", 1)[0] + ":bgd-0000000000000000"
    builders.fails("BlueGreenDeploymentNotFoundFault", rds.list_tags_for_resource, ResourceName=missing)


def test_green_copies_the_topology_on_the_target_version_and_groups(rds, sim):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    deployment = describe(rds, identifier)
    assert deployment["Status"] == "AVAILABLE"
    assert {task["Status"] for task in deployment["Tasks"]} == {"COMPLETED"}
    assert {row["Status"] for row in deployment["SwitchoverDetails"]} == {"AVAILABLE"}
    targets = [name_of(row["TargetMember"]) for row in deployment["SwitchoverDetails"]]
    assert [GREEN.match(name)["base"] for name in targets] == [builders.CLUSTER, "writer", "reader-1"]
    assert len({name[-6:] for name in targets}) == 3  # each resource its own suffix
    assert name_of(deployment["Target"]) == targets[0]

    green = builders.describe_cluster(rds, targets[0])
    assert green["EngineVersion"] == V3
    assert green["DBClusterParameterGroup"] == "green-cluster"
    assert green["StorageEncrypted"] is True
    assert green["KmsKeyId"] == builders.describe_cluster(rds)["KmsKeyId"]
    assert builders.writer_of(rds, targets[0]) == [targets[1]]
    writer, reader = (builders.describe_instance(rds, name) for name in targets[1:])
    assert (writer["DBInstanceClass"], writer["PromotionTier"]) == (builders.INSTANCE_CLASS, 0)
    assert (reader["DBInstanceClass"], reader["PromotionTier"]) == ("db.r6g.xlarge", 1)
    assert writer["MonitoringInterval"] == 10
    assert writer["MonitoringRoleArn"] == sim.boto3("iam").get_role(RoleName="rds-monitoring-role")["Role"]["Arn"]
    assert writer["PerformanceInsightsEnabled"] is True and reader["PerformanceInsightsEnabled"] is False
    assert builders.apply_status(rds, targets[1]) == {"green-instance": "in-sync"}
    # Blue is untouched.
    blue = builders.describe_cluster(rds)
    assert (blue["EngineVersion"], blue["DBClusterParameterGroup"]) == (V2, "blue-cluster")
    assert deployment_events(rds, identifier) == [
        "Blue/green deployment tasks completed. You can make more modifications to the green environment databases "
        "or switch over the deployment."
    ]


def test_tasks_and_status_move_with_time(sim, rds):
    sim.client.set_scale(0.0005)  # about a second for the whole green environment
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]

    def state():
        deployment = describe(rds, identifier)
        return deployment["Status"], tuple(task["Status"] for task in deployment["Tasks"])

    seen = builders.watch(state, lambda value: value[0] == "AVAILABLE")
    assert seen[0] == ("PROVISIONING", ("IN_PROGRESS", "PENDING", "PENDING"))
    assert ("PROVISIONING", ("COMPLETED", "IN_PROGRESS", "PENDING")) in seen
    assert seen[-1] == ("AVAILABLE", ("COMPLETED", "COMPLETED", "COMPLETED"))
    statuses = [status for status, _ in seen]
    assert statuses.index("AVAILABLE") == len(statuses) - 1


def test_without_target_settings_green_keeps_the_version_and_groups(rds):
    deployment = rds.create_blue_green_deployment(BlueGreenDeploymentName="same", Source=source_arn(rds))
    green = name_of(describe(rds, deployment["BlueGreenDeployment"]["BlueGreenDeploymentIdentifier"])["Target"])
    described = builders.describe_cluster(rds, green)
    assert (described["EngineVersion"], described["DBClusterParameterGroup"]) == (V2, "blue-cluster")
    members = [member["DBInstanceIdentifier"] for member in described["DBClusterMembers"]]
    assert {group for member in members for group in builders.apply_status(rds, member)} == {"blue-instance"}


def test_a_major_version_alone_names_its_default_version(rds):
    identifier = create(rds, TargetEngineVersion="8.0")["BlueGreenDeploymentIdentifier"]
    green = builders.describe_cluster(rds, name_of(describe(rds, identifier)["Target"]))
    assert green["EngineVersion"] == "8.0.mysql_aurora.3.08.2"  # the catalogue's default


def test_binary_logging_must_be_on_in_a_custom_cluster_group(rds):
    builders.cluster(rds, "default-group", EngineVersion=V2)
    builders.instance(rds, "default-writer", cluster_identifier="default-group")
    message = builders.fails("SourceClusterNotSupportedFault", create, rds, Source=source_arn(rds, "default-group"))
    assert "default.aurora-mysql5.7" in message and "binlog_format" in message
    builders.cluster_group(rds, "no-binlog", "aurora-mysql5.7")
    builders.cluster(rds, "no-binlog", EngineVersion=V2, DBClusterParameterGroupName="no-binlog")
    builders.instance(rds, "no-binlog-writer", cluster_identifier="no-binlog")
    message = builders.fails("SourceClusterNotSupportedFault", create, rds, Source=source_arn(rds, "no-binlog"))
    assert "binlog_format is OFF" in message
    assert rds.describe_blue_green_deployments()["BlueGreenDeployments"] == []


def test_the_writer_must_be_in_sync_with_the_cluster_group(rds):
    rds.modify_db_cluster_parameter_group(
        DBClusterParameterGroupName="blue-cluster",
        Parameters=[{"ParameterName": "binlog_format", "ParameterValue": "MIXED", "ApplyMethod": "pending-reboot"}],
    )
    message = builders.fails("SourceClusterNotSupportedFault", create, rds)
    assert "writer" in message and "pending-reboot" in message
    rds.reboot_db_instance(DBInstanceIdentifier="writer")
    assert create(rds)["Status"] == "PROVISIONING"


def test_a_secrets_manager_password_is_not_supported(rds):
    rds.create_db_cluster(
        DBClusterIdentifier="managed",
        Engine=builders.ENGINE,
        EngineVersion=V2,
        MasterUsername="admin",
        ManageMasterUserPassword=True,
        DBClusterParameterGroupName="blue-cluster",
    )
    builders.instance(rds, "managed-writer", cluster_identifier="managed")
    message = builders.fails("SourceClusterNotSupportedFault", create, rds, Source=source_arn(rds, "managed"))
    assert "Secrets Manager" in message


def test_a_cluster_without_a_writer_has_nothing_to_replicate(rds):
    builders.cluster(rds, "empty", EngineVersion=V2, DBClusterParameterGroupName="blue-cluster")
    builders.fails("SourceClusterNotSupportedFault", create, rds, Source=source_arn(rds, "empty"))


def test_versions_2_08_and_2_09_are_not_supported():
    check_blue_green_version("5.7.mysql_aurora.2.10.2")
    for version in ("5.7.mysql_aurora.2.08.3", "5.7.mysql_aurora.2.09.2"):
        with pytest.raises(Exception, match="isn't supported") as excinfo:
            check_blue_green_version(version)
        assert excinfo.value.code == "SourceClusterNotSupportedFault"


@pytest.mark.parametrize(
    "overrides, code, words",
    [
        ({"TargetEngineVersion": "5.7.mysql_aurora.2.12.0"}, "InvalidParameterCombination", "Cannot find upgrade"),
        ({"TargetEngineVersion": "8.0.mysql_aurora.9.99.9"}, "InvalidParameterCombination", "Cannot find version"),
        ({"TargetDBClusterParameterGroupName": "missing"}, "DBClusterParameterGroupNotFound", "missing"),
        ({"TargetDBParameterGroupName": "missing"}, "DBParameterGroupNotFound", "missing"),
        ({"TargetDBClusterParameterGroupName": "blue-cluster"}, "InvalidParameterCombination", "aurora-mysql8.0"),
        ({"TargetDBParameterGroupName": "blue-instance"}, "InvalidParameterCombination", "aurora-mysql8.0"),
        ({"TargetDBClusterParameterGroupName": None}, "InvalidParameterCombination", "blue-cluster is custom"),
        ({"TargetDBParameterGroupName": None}, "InvalidParameterCombination", "blue-instance"),
        ({"TargetDBInstanceClass": "db.r6g.large"}, "InvalidParameterCombination", "Aurora"),
        ({"BlueGreenDeploymentName": "bad--name"}, "InvalidParameterValue", "BlueGreenDeploymentName"),
        ({"Source": "arn:aws:rds:us-east-1:123456789012:cluster:missing"}, "DBClusterNotFoundFault", "missing"),
        ({"Source": "arn:aws:rds:eu-west-1:123456789012:cluster:aurora-cluster"}, "DBClusterNotFoundFault", ""),
        ({"Source": "not-an-arn"}, "InvalidParameterValue", "Source"),
    ],
)
def test_bad_requests_are_refused_and_create_nothing(rds, overrides, code, words):
    message = builders.fails(code, create, rds, **overrides)
    assert words in message
    assert rds.describe_blue_green_deployments()["BlueGreenDeployments"] == []
    assert cluster_names(rds) == {builders.CLUSTER}
    assert instance_names(rds) == {"writer", "reader-1"}


def test_a_green_instance_refused_leaves_no_green_environment(rds, kms, key):
    # The reader's Performance Insights key is disabled after the reader was made: its green copy is refused.
    builders.instance(rds, "reader-2", EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId=key["Arn"])
    kms.disable_key(KeyId=key["KeyId"])
    builders.fails("KMSKeyNotAccessibleFault", create, rds)
    assert cluster_names(rds) == {builders.CLUSTER}
    assert instance_names(rds) == {"writer", "reader-1", "reader-2"}
    assert rds.describe_blue_green_deployments()["BlueGreenDeployments"] == []
    assert [event for event in rds.describe_events()["Events"] if "green" in event["SourceIdentifier"]] == []
    snapshots = rds.describe_db_snapshots()["DBSnapshots"] + rds.describe_db_cluster_snapshots()["DBClusterSnapshots"]
    assert not [snapshot for snapshot in snapshots if "green" in str(snapshot)]


def test_names_are_unique_and_a_cluster_is_in_one_deployment(rds):
    create(rds)
    builders.fails("BlueGreenDeploymentAlreadyExistsFault", create, rds)
    message = builders.fails("SourceClusterNotSupportedFault", create, rds, name="another")
    assert "already part of blue/green deployment" in message


def test_a_busy_source_is_refused(sim, rds):
    sim.client.set_scale(1)
    builders.instance(rds, "reader-2")  # creating for minutes
    builders.fails("InvalidDBInstanceState", create, rds)


# --- switchover ----------------------------------------------------------------------------------------------------


def test_switchover_renames_everything_and_moves_the_endpoints(rds):
    before = builders.describe_cluster(rds)
    writer_endpoint = builders.describe_instance(rds, "writer")["Endpoint"]["Address"]
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green_names = [name_of(row["TargetMember"]) for row in describe(rds, identifier)["SwitchoverDetails"]]
    green_resource_id = builders.describe_cluster(rds, green_names[0])["DbClusterResourceId"]

    answer = rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier, SwitchoverTimeout=600)
    assert answer["BlueGreenDeployment"]["Status"] == "SWITCHOVER_IN_PROGRESS"
    assert {row["Status"] for row in answer["BlueGreenDeployment"]["SwitchoverDetails"]} == {"AVAILABLE"}

    after = describe(rds, identifier)
    assert after["Status"] == "SWITCHOVER_COMPLETED"
    assert {row["Status"] for row in after["SwitchoverDetails"]} == {"SWITCHOVER_COMPLETED"}
    assert (name_of(after["Source"]), name_of(after["Target"])) == (f"{builders.CLUSTER}-old1", builders.CLUSTER)
    assert [(name_of(row["SourceMember"]), name_of(row["TargetMember"])) for row in after["SwitchoverDetails"]] == [
        (f"{builders.CLUSTER}-old1", builders.CLUSTER),
        ("writer-old1", "writer"),
        ("reader-1-old1", "reader-1"),
    ]
    assert cluster_names(rds) == {builders.CLUSTER, f"{builders.CLUSTER}-old1"}
    assert instance_names(rds) == {"writer", "reader-1", "writer-old1", "reader-1-old1"}

    live = builders.describe_cluster(rds)
    assert live["DbClusterResourceId"] == green_resource_id  # the resource id stays with the green cluster
    assert (live["Endpoint"], live["ReaderEndpoint"]) == (before["Endpoint"], before["ReaderEndpoint"])
    assert live["EngineVersion"] == V3
    assert sorted(member["DBInstanceIdentifier"] for member in live["DBClusterMembers"]) == ["reader-1", "writer"]
    assert builders.writer_of(rds) == ["writer"]
    assert builders.describe_instance(rds, "writer")["Endpoint"]["Address"] == writer_endpoint
    assert builders.describe_instance(rds, "writer")["DBClusterIdentifier"] == builders.CLUSTER
    old = builders.describe_cluster(rds, f"{builders.CLUSTER}-old1")
    assert old["EngineVersion"] == V2 and old["DbClusterResourceId"] == before["DbClusterResourceId"]
    assert old["Endpoint"].startswith(f"{builders.CLUSTER}-old1.cluster-")
    assert builders.describe_instance(rds, "writer-old1")["DBClusterIdentifier"] == f"{builders.CLUSTER}-old1"
    assert deployment_events(rds, identifier)[1:] == [
        "Switchover started on blue/green deployment.",
        f"Switchover from primary {builders.CLUSTER} to {green_names[0]} started.",
        f"Switchover from primary {builders.CLUSTER} to {green_names[0]} completed. Renamed databases.",
        "Switchover completed on blue/green deployment.",
    ]


def test_a_taken_old1_name_makes_old2(rds):
    builders.cluster(rds, f"{builders.CLUSTER}-old1")
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    assert name_of(describe(rds, identifier)["Source"]) == f"{builders.CLUSTER}-old2"
    assert {"writer-old1", "reader-1-old1"} <= instance_names(rds)


def test_tags_move_to_the_new_production_and_stay_on_the_old(rds):
    arn = source_arn(rds)
    rds.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "env", "Value": "prod"}])
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    for name in (builders.CLUSTER, f"{builders.CLUSTER}-old1"):
        assert builders.describe_cluster(rds, name)["TagList"] == [{"Key": "env", "Value": "prod"}]


def test_switchover_needs_an_available_deployment_and_a_sane_timeout(sim, rds):
    sim.client.set_scale(1)
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    message = builders.fails(
        "InvalidBlueGreenDeploymentStateFault",
        rds.switchover_blue_green_deployment,
        BlueGreenDeploymentIdentifier=identifier,
    )
    assert "PROVISIONING" in message
    builders.fails(
        "InvalidParameterValue",
        rds.switchover_blue_green_deployment,
        BlueGreenDeploymentIdentifier=identifier,
        SwitchoverTimeout=3601,
    )


def test_during_a_switchover_its_clusters_cannot_be_modified(sim, rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green = name_of(describe(rds, identifier)["Target"])
    sim.client.set_scale(1)  # the switchover takes 11 s
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    for name in (builders.CLUSTER, green):
        builders.fails(
            "InvalidDBClusterStateFault", rds.modify_db_cluster, DBClusterIdentifier=name, BackupRetentionPeriod=3
        )
    builders.fails(
        "InvalidBlueGreenDeploymentStateFault",
        rds.delete_blue_green_deployment,
        BlueGreenDeploymentIdentifier=identifier,
    )
    assert describe(rds, identifier)["Status"] == "SWITCHOVER_IN_PROGRESS"
    assert {row["Status"] for row in describe(rds, identifier)["SwitchoverDetails"]} == {"SWITCHOVER_IN_PROGRESS"}


def test_a_failed_switchover_is_rolled_back_and_reported(sim, rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green = name_of(describe(rds, identifier)["Target"])
    sim.client.set_blue_green(fail_switchover="active writes on the green DB cluster")
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    failed = describe(rds, identifier)
    assert failed["Status"] == "SWITCHOVER_FAILED"
    assert failed["StatusDetails"] == "Switchover canceled due to active writes on the green DB cluster."
    assert {row["Status"] for row in failed["SwitchoverDetails"]} == {"SWITCHOVER_FAILED"}
    assert {task["Status"] for task in failed["Tasks"]} == {"COMPLETED"}
    assert cluster_names(rds) == {builders.CLUSTER, green}
    assert builders.describe_cluster(rds)["EngineVersion"] == V2
    assert deployment_events(rds, identifier)[-2:] == [
        f"Switchover from primary {builders.CLUSTER} to {green} canceled due to active writes on the green DB cluster.",
        "Switchover canceled on blue/green deployment.",
    ]
    failures = rds.describe_events(
        SourceIdentifier=identifier, SourceType="blue-green-deployment", EventCategories=["failure"]
    )["Events"]
    assert len(failures) == 2
    builders.fails(
        "InvalidBlueGreenDeploymentStateFault",
        rds.switchover_blue_green_deployment,
        BlueGreenDeploymentIdentifier=identifier,
    )


def test_a_replica_lag_beyond_the_timeout_times_the_switchover_out(sim, rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green = name_of(describe(rds, identifier)["Target"])
    sim.client.set_blue_green(replica_lag=120)
    sim.client.set_scale(0.01)  # 11 s + 60 s of timeout -> 0.71 s
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier, SwitchoverTimeout=60)
    seen = builders.watch(
        lambda: describe(rds, identifier)["Status"], lambda status: status != "SWITCHOVER_IN_PROGRESS"
    )
    assert seen == ["SWITCHOVER_IN_PROGRESS", "SWITCHOVER_FAILED"]
    assert "timeout of 60 seconds" in describe(rds, identifier)["StatusDetails"]
    assert cluster_names(rds) == {builders.CLUSTER, green}


def test_a_replica_lag_within_the_timeout_only_delays_the_switchover(sim, rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    sim.client.set_blue_green(replica_lag=50)
    sim.client.set_scale(0.01)
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier, SwitchoverTimeout=60)
    seen = builders.watch(
        lambda: describe(rds, identifier)["Status"], lambda status: status != "SWITCHOVER_IN_PROGRESS"
    )
    assert seen == ["SWITCHOVER_IN_PROGRESS", "SWITCHOVER_COMPLETED"]


def test_the_old_cluster_is_read_only_until_its_writer_reboots(sim, rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    assert sim.client.blue_green()["read_only"] == [f"{builders.CLUSTER}-old1"]
    rds.reboot_db_instance(DBInstanceIdentifier="reader-1-old1")
    assert sim.client.blue_green()["read_only"] == [f"{builders.CLUSTER}-old1"]
    rds.reboot_db_instance(DBInstanceIdentifier="writer-old1")
    assert sim.client.blue_green()["read_only"] == []


# --- deletion ------------------------------------------------------------------------------------------------------


def test_delete_without_target_keeps_green(rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green = name_of(describe(rds, identifier)["Target"])
    answer = rds.delete_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)["BlueGreenDeployment"]
    assert answer["Status"] == "DELETING" and answer["DeleteTime"]
    builders.fails(
        "BlueGreenDeploymentNotFoundFault",
        rds.describe_blue_green_deployments,
        BlueGreenDeploymentIdentifier=identifier,
    )
    assert builders.describe_cluster(rds, green)["Status"] == "available"
    assert cluster_names(rds) == {builders.CLUSTER, green}
    assert deployment_events(rds, identifier)[-1] == "Blue/green deployment deleted."
    rds.stop_db_cluster(DBClusterIdentifier=green)  # no longer part of a deployment


def test_delete_with_target_deletes_the_green_environment(rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green = name_of(describe(rds, identifier)["Target"])
    rds.delete_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier, DeleteTarget=True)
    assert builders.describe_cluster(rds, green)["Status"] == "deleting"
    builders.watch(lambda: cluster_names(rds), lambda names: names == {builders.CLUSTER})
    assert instance_names(rds) == {"writer", "reader-1"}


def test_delete_target_is_refused_after_switchover_and_with_deletion_protection(rds):
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, DeletionProtection=True)
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green = name_of(describe(rds, identifier)["Target"])
    assert builders.describe_cluster(rds, green)["DeletionProtection"] is True
    message = builders.fails(
        "InvalidBlueGreenDeploymentStateFault",
        rds.delete_blue_green_deployment,
        BlueGreenDeploymentIdentifier=identifier,
        DeleteTarget=True,
    )
    assert "deletion protection" in message
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    message = builders.fails(
        "InvalidBlueGreenDeploymentStateFault",
        rds.delete_blue_green_deployment,
        BlueGreenDeploymentIdentifier=identifier,
        DeleteTarget=True,
    )
    assert "SWITCHOVER_COMPLETED" in message
    rds.delete_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    assert cluster_names(rds) == {builders.CLUSTER, f"{builders.CLUSTER}-old1"}


def test_deleting_the_deployment_ends_the_read_only_period(sim, rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    rds.switchover_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    rds.delete_blue_green_deployment(BlueGreenDeploymentIdentifier=identifier)
    assert sim.client.blue_green()["read_only"] == []


# --- describing ----------------------------------------------------------------------------------------------------


def test_describe_by_identifier_and_filters(rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    target = describe(rds, identifier)["Target"]
    assert describe(rds, identifier.upper())["BlueGreenDeploymentIdentifier"] == identifier
    for name, value in [
        ("blue-green-deployment-identifier", identifier),
        ("blue-green-deployment-name", "upgrade-to-v3"),
        ("source", source_arn(rds)),
        ("target", target),
    ]:
        found = rds.describe_blue_green_deployments(Filters=[{"Name": name, "Values": [value]}])
        assert [row["BlueGreenDeploymentIdentifier"] for row in found["BlueGreenDeployments"]] == [identifier]
        missed = rds.describe_blue_green_deployments(Filters=[{"Name": name, "Values": ["other"]}])
        assert missed["BlueGreenDeployments"] == []
    builders.fails(
        "InvalidParameterValue", rds.describe_blue_green_deployments, Filters=[{"Name": "engine", "Values": ["x"]}]
    )
    for call in (rds.describe_blue_green_deployments, rds.switchover_blue_green_deployment):
        builders.fails("BlueGreenDeploymentNotFoundFault", call, BlueGreenDeploymentIdentifier="bgd-missing")
    builders.fails(
        "BlueGreenDeploymentNotFoundFault", rds.delete_blue_green_deployment, BlueGreenDeploymentIdentifier="bgd-x"
    )


def test_describe_pages(rds):
    for number in range(21):
        name = f"src-{number}"
        builders.cluster(rds, name, EngineVersion=V2, DBClusterParameterGroupName="blue-cluster")
        builders.instance(rds, f"{name}-writer", cluster_identifier=name)
        create(rds, name=f"bgd-{number}", Source=source_arn(rds, name), TargetDBParameterGroupName="green-instance")
    first = rds.describe_blue_green_deployments(MaxRecords=20)
    assert len(first["BlueGreenDeployments"]) == 20 and first["Marker"]
    second = rds.describe_blue_green_deployments(MaxRecords=20, Marker=first["Marker"])
    assert [row["BlueGreenDeploymentName"] for row in second["BlueGreenDeployments"]] == ["bgd-20"]
    everything = rds.get_paginator("describe_blue_green_deployments").paginate(PaginationConfig={"PageSize": 20})
    assert len(everything.build_full_result()["BlueGreenDeployments"]) == 21


# --- what a deployment forbids its clusters --------------------------------------------------------------------------


def test_clusters_in_a_deployment_cannot_be_stopped(rds):
    identifier = create(rds)["BlueGreenDeploymentIdentifier"]
    green = name_of(describe(rds, identifier)["Target"])
    for name in (builders.CLUSTER, green):
        message = builders.fails("InvalidDBClusterStateFault", rds.stop_db_cluster, DBClusterIdentifier=name)
        assert identifier in message


def test_blue_cannot_overtake_green(rds):
    create(
        rds,
        TargetEngineVersion="5.7.mysql_aurora.2.12.4",
        TargetDBClusterParameterGroupName=None,
        TargetDBParameterGroupName=None,
    )
    message = builders.fails(
        "InvalidParameterCombination",
        rds.modify_db_cluster,
        DBClusterIdentifier=builders.CLUSTER,
        EngineVersion=V3,
        AllowMajorVersionUpgrade=True,
        DBClusterParameterGroupName="green-cluster",
        DBInstanceParameterGroupName="green-instance",
    )
    assert "higher engine version" in message
    rds.modify_db_cluster(DBClusterIdentifier=builders.CLUSTER, EngineVersion="5.7.mysql_aurora.2.12.4")


# --- the control API -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [{"fail_switchover": ""}, {"fail_switchover": 3}, {"replica_lag": -1}, {"replica_lag": True}, {"x": 1}]
)
def test_the_control_refuses_bad_settings(sim, body):
    with pytest.raises(Exception, match="HTTP 400"):
        sim.client.set_blue_green(**body)
    assert sim.client.blue_green() == {"fail_switchover": None, "replica_lag": 0.0, "read_only": []}


def test_the_control_is_cleared_by_delete_and_by_reset(sim):
    assert sim.client.set_blue_green(fail_switchover="x", replica_lag=5)["replica_lag"] == 5
    assert sim.client.clear_blue_green() == {"fail_switchover": None, "replica_lag": 0.0, "read_only": []}
    sim.client.set_blue_green(fail_switchover="x")
    sim.client.reset()
    assert sim.client.blue_green()["fail_switchover"] is None
