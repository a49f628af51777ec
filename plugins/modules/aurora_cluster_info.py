#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_cluster_info
short_description: Read Aurora MySQL clusters, their endpoints, writer, readers, members and recent events
version_added: 0.1.0
description:
  - Returns what an application's write pool and read pool need (the cluster endpoint, the reader endpoint and the
    port, as in the guide's "Understanding Aurora Endpoints"), plus each instance's own endpoint.
  - The writer is the one RDS names, whichever instance won the writer role (instances created together race for
    it) or a failover left there.
  - Also returns the writer, the readers in the order Aurora would promote them, every member's status, class,
    promotion tier and parameter apply status, the cluster's pending modified values and, when asked, its recent
    RDS events.
  - With O(wait_for_members=true) it first waits until every instance of the cluster is available, which is the
    one wait needed after starting several instances with O(aurora.mysql.aurora_instance#module:wait=false).
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  cluster_identifier:
    description:
      - The DB cluster to read, whatever its engine.
      - When omitted, every Aurora MySQL (V(aurora-mysql)) cluster of the region is returned.
      - A cluster that does not exist gives an empty RV(clusters) list, not an error.
    type: str
  events_since_minutes:
    description:
      - Also return each cluster's RDS events (source type V(db-cluster)) of the last this many minutes,
        like C(aws rds describe-events --source-type db-cluster --duration N).
      - Between 1 and 20160 (14 days, all RDS keeps).
    type: int
  wait_for_members:
    description:
      - Wait until every instance of the cluster (or of every Aurora MySQL cluster) is available before reading.
      - An instance in a state it does not leave by waiting (C(stopped) with its cluster, C(storage-full),
        C(incompatible-parameters), ...) fails the wait at once, saying what to do.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds O(wait_for_members) may wait before failing with an error that names the instances
        not yet available.
    type: int
    default: 1800
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.attributes
  - aurora.mysql.attributes.INFO_MODULE
"""

EXAMPLES = r"""
- name: Get all endpoints for the cluster, as in the guide's describe-db-clusters query
  aurora.mysql.aurora_cluster_info:
    cluster_identifier: myapp-aurora-cluster
  register: aurora

- name: Configure the app's write pool (cluster endpoint) and read pool (reader endpoint)
  ansible.builtin.set_fact:
    myapp_db_write_host: "{{ aurora.clusters[0].endpoints.writer }}"
    myapp_db_read_host: "{{ aurora.clusters[0].endpoints.reader }}"
    myapp_db_port: "{{ aurora.clusters[0].endpoints.port }}"

- name: Watch the events of the last 30 minutes, like aws rds describe-events --duration 30
  aurora.mysql.aurora_cluster_info:
    cluster_identifier: myapp-aurora-cluster
    events_since_minutes: 30
  register: aurora_events

- name: Wait once for every instance started with wait=false, then read the cluster
  aurora.mysql.aurora_cluster_info:
    cluster_identifier: myapp-aurora-cluster
    wait_for_members: true
    wait_timeout: 3600

- name: List every Aurora MySQL cluster of the region
  aurora.mysql.aurora_cluster_info:
  register: all_clusters
"""

RETURN = r"""
clusters:
  description:
    - The clusters found, sorted by identifier.
    - The cluster fields are named as in the RV(aurora.mysql.aurora_cluster#module:cluster) result of
      M(aurora.mysql.aurora_cluster); O(events_since_minutes) adds RV(clusters[].events).
  returned: always
  type: list
  elements: dict
  contains:
    identifier:
      description: The DB cluster identifier.
      type: str
      sample: myapp-aurora-cluster
    arn:
      description: The cluster ARN.
      type: str
      sample: arn:aws:rds:us-east-1:123456789012:cluster:myapp-aurora-cluster
    resource_id:
      description: The cluster resource ID.
      type: str
      sample: cluster-ABCDEFGHIJKLMNOPQRSTUVWXY
    status:
      description: The RDS status of the cluster.
      type: str
      sample: available
    engine:
      description: The engine.
      type: str
      sample: aurora-mysql
    engine_version:
      description: The engine version the cluster runs.
      type: str
      sample: 8.0.mysql_aurora.3.07.1
    endpoint:
      description: The cluster (writer) endpoint.
      type: str
      sample: myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com
    reader_endpoint:
      description: The reader endpoint.
      type: str
      sample: myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com
    port:
      description: The port.
      type: int
      sample: 3306
    master_username:
      description: The master user name.
      type: str
      sample: admin
    manage_master_user_password:
      description: Whether Secrets Manager keeps the master password.
      type: bool
      sample: false
    master_user_secret_arn:
      description: The ARN of the Secrets Manager secret; null when the password is not managed there.
      type: str
      sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-0a1b2c
    master_user_secret_kms_key_id:
      description: The KMS key of the secret; null when the password is not managed there.
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666
    database_name:
      description: The database created with the cluster; null when none was.
      type: str
      sample: myapp
    db_subnet_group_name:
      description: The DB subnet group.
      type: str
      sample: myapp-aurora-subnets
    vpc_security_group_ids:
      description: The VPC security groups, sorted; groups being removed are left out.
      type: list
      elements: str
      sample: [sg-0123456789abcdef0]
    db_cluster_parameter_group_name:
      description: The DB cluster parameter group.
      type: str
      sample: myapp-aurora-mysql8-cluster
    storage_encrypted:
      description: Whether the storage is encrypted.
      type: bool
      sample: true
    kms_key_id:
      description: The storage KMS key ARN; null for an unencrypted cluster.
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/your-kms-key-id
    storage_type:
      description: V(aurora) or V(aurora-iopt1).
      type: str
      sample: aurora
    backup_retention_period:
      description: Days automated backups are kept.
      type: int
      sample: 14
    preferred_backup_window:
      description: The daily backup window (UTC).
      type: str
      sample: "02:00-03:00"
    preferred_maintenance_window:
      description: The weekly maintenance window (UTC), lower case.
      type: str
      sample: "sun:04:00-sun:05:00"
    enable_cloudwatch_logs_exports:
      description: The log types exported to CloudWatch Logs, sorted.
      type: list
      elements: str
      sample: [audit, error, general, slowquery]
    deletion_protection:
      description: Whether deletion protection is on.
      type: bool
      sample: true
    copy_tags_to_snapshot:
      description: Whether tags are copied to snapshots.
      type: bool
      sample: false
    iam_database_authentication:
      description: Whether IAM database authentication is on.
      type: bool
      sample: false
    backtrack_window:
      description: The backtrack window in seconds; 0 when backtracking is off.
      type: int
      sample: 0
    serverless_v2_scaling:
      description: The Serverless v2 capacity range; null when none is set.
      type: dict
      sample: {min_capacity: 0.5, max_capacity: 16.0}
    multi_az:
      description: Whether the cluster has instances in more than one Availability Zone.
      type: bool
      sample: true
    availability_zones:
      description: The cluster's Availability Zones, sorted.
      type: list
      elements: str
      sample: [us-east-1a, us-east-1b, us-east-1c]
    cluster_create_time:
      description: When the cluster was created, ISO 8601.
      type: str
      sample: "2024-05-01T09:00:00+00:00"
    tags:
      description: The cluster's tags, as a dictionary.
      type: dict
      sample: {env: prod}
    endpoints:
      description: The connection endpoints, for an application's write and read pools.
      type: dict
      contains:
        writer:
          description: The cluster endpoint; it always points at the current writer.
          type: str
          sample: myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com
        reader:
          description: The reader endpoint; it balances connections across the readers.
          type: str
          sample: myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com
        port:
          description: The port of every endpoint.
          type: int
          sample: 3306
        instances:
          description: Each instance's own endpoint address (null while an instance is being created).
          type: dict
          sample: {myapp-aurora-writer: myapp-aurora-writer.abc123.us-east-1.rds.amazonaws.com}
    writer:
      description: The writer instance, or null when the cluster has none.
      type: str
      sample: myapp-aurora-writer
    readers:
      description: The reader instances, in the order Aurora promotes them (lowest tier, then largest class).
      type: list
      elements: str
      sample: [myapp-aurora-reader-1, myapp-aurora-reader-2]
    members:
      description: Every instance of the cluster, the writer first, then the readers in promotion order.
      type: list
      elements: dict
      contains:
        instance_identifier:
          description: The DB instance identifier.
          type: str
          sample: myapp-aurora-reader-1
        is_writer:
          description: Whether the instance is the cluster's writer.
          type: bool
          sample: false
        promotion_tier:
          description: The failover priority, 0 (first) to 15.
          type: int
          sample: 0
        status:
          description: The instance status.
          type: str
          sample: available
        instance_class:
          description: The instance class.
          type: str
          sample: db.r6g.xlarge
        availability_zone:
          description: The instance's Availability Zone.
          type: str
          sample: us-east-1a
        address:
          description: The instance endpoint address; null while the instance is being created.
          type: str
          sample: myapp-aurora-reader-1.abc123.us-east-1.rds.amazonaws.com
        db_parameter_group_name:
          description: The instance's DB parameter group.
          type: str
          sample: myapp-aurora-mysql8-instance
        parameter_apply_status:
          description: Whether the DB parameter group is applied (V(in-sync)) or waits for a reboot (V(pending-reboot)).
          type: str
          sample: in-sync
        cluster_parameter_apply_status:
          description: The same, for the cluster parameter group on this instance.
          type: str
          sample: in-sync
        pending_modified_values:
          description: The instance's queued changes, in snake_case.
          type: dict
          sample: {db_instance_class: db.r6g.2xlarge}
    pending_modified_values:
      description: The cluster's queued changes, in snake_case; a queued password shows only as C(********).
      type: dict
      sample: {engine_version: 8.0.mysql_aurora.3.08.0}
    events:
      description: The cluster's RDS events of the last O(events_since_minutes) minutes, oldest first.
      type: list
      elements: dict
      returned: when O(events_since_minutes) is set
      contains:
        date:
          description: When the event happened, ISO 8601.
          type: str
          sample: "2024-05-01T10:00:03.120000+00:00"
        message:
          description: The event message.
          type: str
          sample: "Completed failover to DB instance: myapp-aurora-reader-1"
        source_identifier:
          description: The cluster.
          type: str
          sample: myapp-aurora-cluster
"""

from ansible_collections.aurora.mysql.plugins.module_utils import aws, cluster_info, cluster_info_api
from ansible_collections.aurora.mysql.plugins.module_utils.module import run_module


def run(module):
    desired = cluster_info.desired_from_params(module.params)
    client = aws.connect(module.params, "rds")
    listed = None
    if desired.wait_for_members:
        listed = cluster_info_api.wait_for_members(client, desired, module.params["wait_timeout"])
    found = cluster_info_api.read(client, desired, listed)
    return dict(changed=False, clusters=[cluster_info.normalise(*entry) for entry in found])


def main():
    run_module(cluster_info.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
