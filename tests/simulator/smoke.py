"""Show, and assert, what makes the simulator more than stock moto. Run it against a running ``make sim``:

    python -m tests.simulator.smoke --endpoint http://127.0.0.1:PORT

It names everything it creates with a fresh suffix and puts the time scale back when done, so it does not
disturb a simulator someone else is using; request counts are compared before and after, never reset.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.simulator.client import SimClient

PASSWORD = "Smoke-test-pw1"
ENGINE = "aurora-mysql"
FAMILY = "aurora-mysql8.0"
INSTANCE_CLASS = "db.r6g.large"
SCALE = 0.004  # transitions in tens of milliseconds to a couple of seconds


def report(text: str) -> None:
    print(f"ok  {text}", flush=True)


def expect_error(code: str, call, *args, **kwargs) -> str:
    try:
        call(*args, **kwargs)
    except ClientError as err:
        actual = err.response["Error"]["Code"]
        assert actual == code, f"expected {code}, got {actual}: {err}"
        return err.response["Error"]["Message"]
    raise AssertionError(f"expected {code}, but the call succeeded")


def watch(read, done, timeout: float = 20.0) -> list[str]:
    """Poll ``read()`` until ``done(value)``; return each distinct value seen, in order."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = read()
        if not seen or seen[-1] != value:
            seen.append(value)
        if done(value):
            return seen
        time.sleep(0.005)
    raise AssertionError(f"timed out; seen so far: {seen}")


class Smoke:
    def __init__(self, endpoint: str) -> None:
        self.sim = SimClient(endpoint)
        config = Config(retries={"mode": "standard", "total_max_attempts": 1})
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
        )
        self.rds = session.client("rds", endpoint_url=endpoint, config=config)
        self.ec2 = session.client("ec2", endpoint_url=endpoint, config=config)
        suffix = uuid.uuid4().hex[:8]
        self.cluster = f"smoke-{suffix}"
        self.group = f"smoke-params-{suffix}"
        self.subnets = f"smoke-subnets-{suffix}"

    def instance_status(self, identifier: str) -> str:
        return self.rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]["DBInstanceStatus"]

    def cluster_status(self) -> str:
        return self.rds.describe_db_clusters(DBClusterIdentifier=self.cluster)["DBClusters"][0]["Status"]

    def apply_status(self, identifier: str) -> str:
        instance = self.rds.describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0]
        return instance["DBParameterGroups"][0]["ParameterApplyStatus"]

    def run(self) -> None:
        before = self.sim.counts()
        previous_scale = self.sim.config()["scale"]
        try:
            self.parameter_errors()
            self.sim.set_scale(SCALE)
            self.cluster_transitions()
            self.instance_class_refused()
            self.duplicate_create()
            self.pending_reboot()
            self.failover()
        finally:
            self.sim.set_scale(previous_scale)
        self.request_counts(before)

    def parameter_errors(self) -> None:
        expect_error("DBParameterGroupNotFound", self.rds.describe_db_parameters, DBParameterGroupName=self.group)
        report("DescribeDBParameters of a missing group: DBParameterGroupNotFound")
        self.rds.create_db_parameter_group(
            DBParameterGroupName=self.group, DBParameterGroupFamily=FAMILY, Description="smoke test"
        )
        static = [{"ParameterName": "performance_schema", "ParameterValue": "1", "ApplyMethod": "immediate"}]
        expect_error(
            "InvalidParameterCombination",
            self.rds.modify_db_parameter_group,
            DBParameterGroupName=self.group,
            Parameters=static,
        )
        report("static parameter with ApplyMethod=immediate: InvalidParameterCombination")
        unknown = [{"ParameterName": "no_such_parameter", "ParameterValue": "1", "ApplyMethod": "immediate"}]
        expect_error(
            "InvalidParameterValue",
            self.rds.modify_db_parameter_group,
            DBParameterGroupName=self.group,
            Parameters=unknown,
        )
        report("unknown parameter: InvalidParameterValue")

    def cluster_transitions(self) -> None:
        vpc = self.ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
        subnet_ids = [
            self.ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{index}.0/24", AvailabilityZone=zone)["Subnet"][
                "SubnetId"
            ]
            for index, zone in enumerate(("us-east-1a", "us-east-1b"), start=1)
        ]
        self.rds.create_db_subnet_group(
            DBSubnetGroupName=self.subnets, DBSubnetGroupDescription="smoke test", SubnetIds=subnet_ids
        )
        self.rds.create_db_cluster(
            DBClusterIdentifier=self.cluster,
            Engine=ENGINE,
            MasterUsername="admin",
            MasterUserPassword=PASSWORD,
            DBSubnetGroupName=self.subnets,
        )
        seen = watch(self.cluster_status, lambda status: status == "available")
        assert seen == ["creating", "backing-up", "available"], seen
        report(f"cluster statuses at scale {SCALE}: {' -> '.join(seen)}")
        instances = [f"{self.cluster}-writer", f"{self.cluster}-reader"]
        for identifier in instances:
            self.rds.create_db_instance(
                DBInstanceIdentifier=identifier,
                DBClusterIdentifier=self.cluster,
                Engine=ENGINE,
                DBInstanceClass=INSTANCE_CLASS,
                DBParameterGroupName=self.group,
            )
        # Both are created together, so both must still be creating now and both become available later.
        assert [self.instance_status(identifier) for identifier in instances] == ["creating", "creating"]
        for identifier in instances:
            watch(lambda i=identifier: self.instance_status(i), lambda status: status == "available")
        report("instance statuses: creating -> available")
        # Created together, they raced for the writer role; the simulator lets the last one win unless told otherwise.
        assert self.writer() == instances[-1], self.writer()
        report(f"writer race: {self.writer()} (created last) is the writer")

    def writer(self) -> str:
        members = self.rds.describe_db_clusters(DBClusterIdentifier=self.cluster)["DBClusters"][0]["DBClusterMembers"]
        return next(member["DBInstanceIdentifier"] for member in members if member["IsClusterWriter"])

    def instance_class_refused(self) -> None:
        message = expect_error(
            "InvalidParameterCombination",
            self.rds.create_db_instance,
            DBInstanceIdentifier=f"{self.cluster}-small",
            DBClusterIdentifier=self.cluster,
            Engine=ENGINE,
            DBInstanceClass="db.t3.small",
        )
        assert message.startswith("RDS does not support creating a DB instance with the following combination"), message
        report("db.t3.small on Aurora MySQL 3: InvalidParameterCombination, as DescribeOrderableDBInstanceOptions says")

    def duplicate_create(self) -> None:
        expect_error(
            "DBClusterAlreadyExistsFault",
            self.rds.create_db_cluster,
            DBClusterIdentifier=self.cluster,
            Engine=ENGINE,
            MasterUsername="someone-else",
            MasterUserPassword=PASSWORD,
        )
        kept = self.rds.describe_db_clusters(DBClusterIdentifier=self.cluster)["DBClusters"][0]
        assert kept["MasterUsername"] == "admin" and len(kept["DBClusterMembers"]) == 2, kept
        report("CreateDBCluster on an existing identifier: DBClusterAlreadyExistsFault, original kept")

    def pending_reboot(self) -> None:
        writer = f"{self.cluster}-writer"
        static = [{"ParameterName": "performance_schema", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}]
        self.rds.modify_db_parameter_group(DBParameterGroupName=self.group, Parameters=static)
        seen = watch(lambda: self.apply_status(writer), lambda status: status != "applying")
        assert seen == ["applying", "pending-reboot"], seen
        report("static parameter change: ParameterApplyStatus applying -> pending-reboot")
        self.rds.reboot_db_instance(DBInstanceIdentifier=writer)
        seen = watch(lambda: self.instance_status(writer), lambda status: status == "available")
        assert seen == ["rebooting", "available"], seen
        assert self.apply_status(writer) == "in-sync"
        report("reboot: rebooting -> available, ParameterApplyStatus back to in-sync")

    def failover(self) -> None:
        reader = next(name for name in (f"{self.cluster}-writer", f"{self.cluster}-reader") if name != self.writer())
        self.rds.failover_db_cluster(DBClusterIdentifier=self.cluster, TargetDBInstanceIdentifier=reader)
        seen = watch(self.cluster_status, lambda status: status == "available")
        assert seen == ["failing-over", "available"], seen
        members = self.rds.describe_db_clusters(DBClusterIdentifier=self.cluster)["DBClusters"][0]["DBClusterMembers"]
        writers = [member["DBInstanceIdentifier"] for member in members if member["IsClusterWriter"]]
        assert writers == [reader], members
        found = self.rds.describe_events(SourceIdentifier=self.cluster, SourceType="db-cluster", Duration=30)
        messages = [event["Message"] for event in found["Events"]]
        assert f"Started cross AZ failover to DB instance: {reader}" in messages, messages
        assert f"Completed failover to DB instance: {reader}" in messages, messages
        report(f"failover: {' -> '.join(seen)}, writer now {reader}, events: {messages[-2:]}")

    def request_counts(self, before: dict[str, int]) -> None:
        after = self.sim.counts()
        delta = {action: after.get(action, 0) - before.get(action, 0) for action in after}
        expected = {
            "CreateDBCluster": 2,
            "CreateDBInstance": 3,
            "FailoverDBCluster": 1,
            "RebootDBInstance": 1,
            "ModifyDBParameterGroup": 3,
        }
        for action, count in expected.items():
            assert delta.get(action) == count, f"{action}: expected {count} requests, counted {delta.get(action)}"
        assert delta.get("DescribeDBClusters", 0) >= 3, delta
        shown = ", ".join(f"{action}={count}" for action, count in sorted(delta.items()) if count)
        report(f"request counts for this run: {shown}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.simulator.smoke", description=__doc__)
    parser.add_argument("--endpoint", default=os.environ.get("AWS_ENDPOINT_URL"), help="default: $AWS_ENDPOINT_URL")
    args = parser.parse_args(argv)
    if not args.endpoint:
        parser.error("give --endpoint or set AWS_ENDPOINT_URL")
    Smoke(args.endpoint).run()
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
