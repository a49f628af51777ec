"""Create the guide's prerequisites in the local simulator and write them as the role's extra vars.

The guide starts from "a VPC with private subnets in different AZs, a security group, a KMS key"; its later steps
also name an SNS topic (alarm actions) and an Enhanced Monitoring role. This makes all of them with plain boto3 and
writes the role variables that point at them:

    python scripts/demo_prereqs.py --output tests/output/demo/prereqs.json

It reads AWS_ENDPOINT_URL / AWS_REGION and refuses any endpoint that is not on loopback: it is for the simulator,
never for a real account. Running it twice reuses what the first run made (found by name tag), so the output
stays the same.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import boto3

VPC_CIDR = "10.0.0.0/16"
SUBNET_CIDRS = ("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24")
AZ_SUFFIXES = ("a", "b", "c")
MYSQL_PORT = 3306
MONITORING_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
MONITORING_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "monitoring.rds.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
# What the managed policy grants, for a simulator that does not ship AWS managed policies.
MONITORING_INLINE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "arn:aws:logs:*:*:log-group:RDS*",
        }
    ],
}


def refuse_real_aws(endpoint: str | None) -> None:
    host = urlsplit(endpoint or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"demo_prereqs: AWS_ENDPOINT_URL must be a local simulator, got {endpoint!r}")


def _name_filter(name: str) -> list[dict]:
    return [{"Name": "tag:Name", "Values": [name]}]


def _name_tags(resource: str, name: str) -> list[dict]:
    return [{"ResourceType": resource, "Tags": [{"Key": "Name", "Value": name}]}]


def ensure_vpc(ec2, name: str) -> str:
    found = ec2.describe_vpcs(Filters=_name_filter(name))["Vpcs"]
    if found:
        return found[0]["VpcId"]
    return ec2.create_vpc(CidrBlock=VPC_CIDR, TagSpecifications=_name_tags("vpc", name))["Vpc"]["VpcId"]


def ensure_subnets(ec2, vpc_id: str, name: str, region: str) -> list[str]:
    subnet_ids = []
    for index, (cidr, suffix) in enumerate(zip(SUBNET_CIDRS, AZ_SUFFIXES, strict=True), start=1):
        subnet_name = f"{name}-private-{index}"
        found = ec2.describe_subnets(Filters=_name_filter(subnet_name) + [{"Name": "vpc-id", "Values": [vpc_id]}])
        if found["Subnets"]:
            subnet_ids.append(found["Subnets"][0]["SubnetId"])
            continue
        created = ec2.create_subnet(
            VpcId=vpc_id,
            CidrBlock=cidr,
            AvailabilityZone=f"{region}{suffix}",
            TagSpecifications=_name_tags("subnet", subnet_name),
        )
        subnet_ids.append(created["Subnet"]["SubnetId"])
    return subnet_ids


def ensure_security_group(ec2, vpc_id: str, name: str) -> str:
    group_name = f"{name}-aurora-mysql"
    found = ec2.describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [group_name]}, {"Name": "vpc-id", "Values": [vpc_id]}]
    )["SecurityGroups"]
    if found:
        return found[0]["GroupId"]
    group_id = ec2.create_security_group(
        GroupName=group_name, Description="Aurora MySQL from inside the VPC", VpcId=vpc_id
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": MYSQL_PORT, "ToPort": MYSQL_PORT, "IpRanges": [{"CidrIp": VPC_CIDR}]}
        ],
    )
    return group_id


def ensure_kms_key(kms, name: str) -> str:
    alias = f"alias/{name}-aurora"
    for entry in kms.list_aliases()["Aliases"]:
        if entry["AliasName"] == alias and entry.get("TargetKeyId"):
            return kms.describe_key(KeyId=entry["TargetKeyId"])["KeyMetadata"]["Arn"]
    key = kms.create_key(Description=f"Aurora MySQL storage encryption for {name}")["KeyMetadata"]
    kms.create_alias(AliasName=alias, TargetKeyId=key["KeyId"])
    return key["Arn"]


def ensure_topic(sns) -> str:
    # CreateTopic is idempotent by name.
    return sns.create_topic(Name="db-alerts")["TopicArn"]


def ensure_monitoring_role(iam) -> str:
    role_name = "rds-enhanced-monitoring-role"
    try:
        return iam.get_role(RoleName=role_name)["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        pass
    arn = iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(MONITORING_TRUST))["Role"]["Arn"]
    try:
        iam.attach_role_policy(RoleName=role_name, PolicyArn=MONITORING_POLICY_ARN)
    except iam.exceptions.NoSuchEntityException:
        iam.put_role_policy(
            RoleName=role_name, PolicyName="enhanced-monitoring", PolicyDocument=json.dumps(MONITORING_INLINE_POLICY)
        )
    return arn


def create_prerequisites(session, name: str) -> dict:
    """Make (or find) every prerequisite and return the role variables that point at them."""
    region = session.region_name
    ec2 = session.client("ec2")
    vpc_id = ensure_vpc(ec2, f"{name}-vpc")
    return {
        "aurora_mysql_region": region,
        "aurora_mysql_subnet_ids": ensure_subnets(ec2, vpc_id, name, region),
        "aurora_mysql_vpc_security_group_ids": [ensure_security_group(ec2, vpc_id, name)],
        "aurora_mysql_kms_key_id": ensure_kms_key(session.client("kms"), name),
        "aurora_mysql_alarm_actions": [ensure_topic(session.client("sns"))],
        "aurora_mysql_monitoring_role_arn": ensure_monitoring_role(session.client("iam")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True, type=Path, help="JSON file of extra vars to write")
    parser.add_argument("--name", default="myapp", help="aurora_mysql_name the resources are named after")
    args = parser.parse_args(argv)

    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    refuse_real_aws(endpoint)
    session = boto3.session.Session(region_name=os.environ.get("AWS_REGION") or "us-east-1")
    extra_vars = create_prerequisites(session, args.name)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(extra_vars, indent=2) + "\n")
    print(f"prerequisites in {endpoint}, extra vars in {args.output}:")
    print(json.dumps(extra_vars, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
