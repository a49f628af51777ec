#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_cluster
short_description: Create, modify and delete an Amazon Aurora MySQL DB cluster
version_added: 0.1.0
description:
  - Creates an Aurora MySQL DB cluster, brings an existing one to the requested settings, or deletes it.
  - An option left unset is unmanaged; it is never reset to a default.
  - Only the settings that differ are sent. A change RDS already lists in C(PendingModifiedValues) counts as requested
    and is not sent again, so a rerun reports no change and makes only describe calls.
  - Settings that cannot change after create (O(engine), O(master_username), O(database_name), O(storage_encrypted),
    O(kms_key_id)) are compared and a different value is refused with an error, never ignored.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  identifier:
    description:
      - The DB cluster identifier. RDS stores it in lower case.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the cluster, V(absent) deletes it.
      - A cluster that still has instances is never deleted; the error lists them.
      - V(started) starts a stopped cluster (C(StartDBCluster)), also one in
        C(inaccessible-encryption-credentials-recoverable), whose KMS key is then checked again by RDS. V(stopped)
        stops an available one (C(StopDBCluster)), waiting first for it and its instances to be available. Either
        does nothing when the cluster already is so, and waits through C(starting) or C(stopping) with O(wait). They
        only start or stop; any other setting beside them is refused, and the cluster must exist.
      - AWS starts a stopped cluster again by itself after seven days; a rerun with V(stopped) stops it again.
        Stopping drops the changes RDS had queued (PendingModifiedValues), except parameter group changes.
      - A stopped cluster can neither be modified nor gain or lose instances, so a V(present) task that would
        change or wait for a stopped cluster fails at once, saying to start it first.
    type: str
    choices: [present, absent, started, stopped]
    default: present
  engine:
    description:
      - The database engine. Cannot change after create.
    type: str
    choices: [aurora-mysql]
    default: aurora-mysql
  engine_version:
    description:
      - The full engine version, for example V(8.0.mysql_aurora.3.07.1).
      - A higher version than the cluster runs is an upgrade in place (C(ModifyDBCluster)), in the next maintenance
        window or, with O(apply_immediately=true), at once; O(wait) then waits until the cluster (and every
        instance, which RDS upgrades with it) runs the new version.
      - A lower version of the same major version is converged, not refused, when the cluster already runs the higher
        one (what AWS's automatic minor upgrade leaves behind); nothing is sent, RV(engine_version_ahead) reports it
        with a warning, and later runs do not fight it, since RDS never downgrades.
      - A version of an older major version than the cluster runs is refused.
      - A new major version (V(5.7) to V(8.0)) also needs O(allow_major_version_upgrade=true); when the cluster or
        its instances use custom parameter groups, it also needs O(db_cluster_parameter_group_name) and
        O(db_instance_parameter_group_name) of the new version's family. M(aurora.mysql.aurora_blue_green) upgrades
        with far less downtime.
      - When the task would send it (on create, or when it differs from the cluster's version and any queued
        upgrade) it is looked up with C(rds:DescribeDBEngineVersions) first, check mode included. A version the
        region does not offer is refused before anything changes, naming the nearest offered versions; an upgrade
        to a version that is not among the running version's C(ValidUpgradeTarget) is refused, listing them.
    type: str
  allow_major_version_upgrade:
    description:
      - Allow O(engine_version) to name a new major version. Sent only with such an upgrade.
    type: bool
    default: false
  db_instance_parameter_group_name:
    description:
      - The DB parameter group of the new major version's family for every instance of the cluster, sent as
        C(DBInstanceParameterGroupName) with a major version upgrade, and only then (RDS accepts it with nothing else).
      - Required for a major version upgrade when any instance uses a custom DB parameter group, as RDS refuses the
        upgrade without it; checked to exist and to be of the new family before anything changes.
      - After the upgrade RDS does not reboot the instances for a custom group; the module warns, and
        M(aurora.mysql.aurora_rolling_reboot) reboots them.
      - Each instance's group is otherwise managed by M(aurora.mysql.aurora_instance).
    type: str
  master_username:
    description:
      - The master user name. Required to create the cluster; cannot change after create.
    type: str
  master_user_password:
    description:
      - The master password, 8 to 41 printable ASCII characters without V(/), V('), V("), V(@) or space.
      - Required to create the cluster unless O(manage_master_user_password=true).
      - It never appears in the module's output, diff, warnings or error messages.
    type: str
  update_password:
    description:
      - V(on_create) sends O(master_user_password) only when the cluster is created.
      - V(always) sends it on every run, and because RDS never shows the password, every such run reports
        changed.
    type: str
    choices: [on_create, always]
    default: on_create
  manage_master_user_password:
    description:
      - Let RDS generate the master password and keep it in AWS Secrets Manager.
      - Turning it off on an existing cluster needs O(master_user_password), which replaces the secret.
    type: bool
  master_user_secret_kms_key_id:
    description:
      - The KMS key (key id, key ARN, alias name or alias ARN) that encrypts the Secrets Manager secret.
      - Needs O(manage_master_user_password=true). RDS cannot change it while it manages the secret.
    type: str
  database_name:
    description:
      - The name of the database created with the cluster. Cannot change after create.
    type: str
  port:
    description:
      - The port the cluster accepts connections on, 1150 to 65535.
    type: int
  db_subnet_group_name:
    description:
      - The DB subnet group of the cluster.
      - Moving an existing cluster to another subnet group needs O(apply_immediately=true), because RDS does not list
        a queued move among its pending changes.
    type: str
  vpc_security_group_ids:
    description:
      - The VPC security groups of the cluster, compared as a set.
      - When the task sends them (on create, or when they or O(db_subnet_group_name) change) they are looked up with
        C(ec2:DescribeSecurityGroups) first, check mode included. A group that does not exist, or one in another VPC
        than the DB subnet group, is refused before anything changes.
    type: list
    elements: str
  db_cluster_parameter_group_name:
    description:
      - The DB cluster parameter group.
      - With a major version upgrade it must be of the new version's family; it is sent with the upgrade, and while a
        major upgrade waits for the maintenance window, RDS keeps the group named with it (not shown among its pending
        changes), so it is not sent again.
    type: str
  storage_encrypted:
    description:
      - Encrypt the cluster's storage. Cannot change after create.
    type: bool
  kms_key_id:
    description:
      - The KMS key that encrypts the storage, as key id, key ARN, alias name or alias ARN. Cannot change after create.
      - On an existing cluster a key id or key ARN is compared by its key id; an alias is resolved with KMS
        C(DescribeKey) first.
      - To create the cluster the key is described with C(kms:DescribeKey) first, check mode included. A key that
        does not exist, is disabled or pending deletion, or belongs to another region is refused before anything is
        created.
    type: str
  storage_type:
    description:
      - V(aurora) (Aurora Standard) or V(aurora-iopt1) (Aurora I/O-Optimized).
    type: str
    choices: [aurora, aurora-iopt1]
  backup_retention_period:
    description:
      - Days to keep automated backups, 1 to 35.
    type: int
  preferred_backup_window:
    description:
      - The daily backup window, V(hh24:mi-hh24:mi) in UTC, at least 30 minutes.
      - It must not overlap O(preferred_maintenance_window), or the cluster's current one when that is unmanaged.
    type: str
  preferred_maintenance_window:
    description:
      - The weekly maintenance window, V(ddd:hh24:mi-ddd:hh24:mi) in UTC, at least 30 minutes.
    type: str
  enable_cloudwatch_logs_exports:
    description:
      - The log types to export to CloudWatch Logs, compared as a set.
      - Changes go through C(CloudwatchLogsExportConfiguration), enabling and disabling only the difference.
    type: list
    elements: str
    choices: [audit, error, general, slowquery]
  deletion_protection:
    description:
      - Protect the cluster from deletion.
      - With O(state=absent), V(false) turns protection off and then deletes.
    type: bool
  copy_tags_to_snapshot:
    description:
      - Copy the cluster's tags to its snapshots.
    type: bool
  iam_database_authentication:
    description:
      - Map IAM users and roles to database accounts.
    type: bool
  backtrack_window:
    description:
      - The target backtrack window in seconds, 0 to 259200; V(0) turns backtracking off.
      - Aurora turns backtracking on only when a cluster is created, so turning it on later is refused.
    type: int
  serverless_v2_scaling:
    description:
      - The Aurora Serverless v2 capacity range, in Aurora capacity units (multiples of 0.5).
    type: dict
    suboptions:
      min_capacity:
        description:
          - The minimum capacity, 0 to 256.
        type: float
        required: true
      max_capacity:
        description:
          - The maximum capacity, 1 to 256, not below O(serverless_v2_scaling.min_capacity).
        type: float
        required: true
  apply_immediately:
    description:
      - Apply changes now instead of in the next maintenance window, as RDS's C(ApplyImmediately).
      - Changes RDS always applies at once (deletion protection, the password) ignore it.
      - A change that is already queued is not sent again, so this option alone does not bring a queued change
        forward.
    type: bool
    default: false
  skip_final_snapshot:
    description:
      - Delete without a final snapshot.
    type: bool
    default: false
  final_snapshot_identifier:
    description:
      - The final snapshot taken on delete.
      - Defaults to C(<identifier>-final-<YYYYMMDDHHMMSS>) (UTC).
    type: str
  wait_for_members:
    description:
      - With O(wait), also wait until every instance of the cluster is available, for playbooks that created
        instances with O(aurora.mysql.aurora_instance#module:wait=false).
    type: bool
    default: false
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.tags
  - aurora.mysql.assume_deleted.CLUSTER
  - aurora.mysql.wait
  - aurora.mysql.attributes
  - aurora.mysql.attributes.ALL
notes:
  - O(wait) waits until the cluster is available; with O(apply_immediately=true) also until no changes are pending,
    and after an engine upgrade until the cluster and its instances run the new version.
    With O(state=absent) it waits until the cluster is gone, with O(state=stopped) until it is stopped.
  - A wait ends at once, with a message naming the state and what to do, when the cluster reaches a state it does
    not leave by waiting (C(stopped), C(inaccessible-encryption-credentials), C(incompatible-parameters), ...). A
    task that would change a cluster in such a state fails before any change, check mode included.
  - A change to a cluster that is busy (C(creating), C(modifying), C(backing-up), C(upgrading)) is sent once the
    cluster is available, within O(wait_timeout) and even with O(wait=false), because RDS refuses it before; so is
    one RDS refuses because the cluster turned busy after it was read.
  - Turning deletion protection off on the way to a delete waits until the cluster is available again, even with
    O(wait=false), because RDS refuses to delete a cluster that is still modifying.
  - Check mode runs the same plan as a real run and skips only the API calls that change something.
  - The checks before a change read only what the task sends. One whose read the caller may not make (an
    C(AccessDenied) from C(kms:DescribeKey) or C(ec2:DescribeSecurityGroups)) is skipped with a warning that names
    the permission.
  - An error about something that does not exist (a security group, a KMS key) names the region and the account
    the run looked in; the account is asked of C(sts:GetCallerIdentity) only then.
  - In diff mode, before and after show the settings and tags, with queued changes counted as made.
"""

EXAMPLES = r"""
- name: Create the Aurora MySQL cluster (the guide's step 3)
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    engine: aurora-mysql
    engine_version: 8.0.mysql_aurora.3.07.1
    master_username: admin
    master_user_password: "{{ db_password }}"
    db_subnet_group_name: myapp-aurora-subnets
    vpc_security_group_ids: [sg-0123456789abcdef0]
    db_cluster_parameter_group_name: myapp-aurora-mysql8-cluster
    storage_encrypted: true
    kms_key_id: arn:aws:kms:us-east-1:123456789012:key/your-kms-key-id
    backup_retention_period: 14
    preferred_backup_window: "02:00-03:00"
    preferred_maintenance_window: "sun:04:00-sun:05:00"
    enable_cloudwatch_logs_exports: [audit, error, general, slowquery]
    deletion_protection: true

- name: Upgrade to a newer minor version now; a cluster AWS already moved further is left as it is
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    engine_version: 8.0.mysql_aurora.3.08.0
    apply_immediately: true
  register: upgraded

- name: Say so when AWS's automatic minor upgrade is ahead of the playbook
  ansible.builtin.debug:
    msg: "runs {{ upgraded.engine_version_ahead.running }}, asked {{ upgraded.engine_version_ahead.requested }}"
  when: upgraded.engine_version_ahead is defined

- name: A major upgrade in place (blue/green with aurora.mysql.aurora_blue_green takes far less downtime)
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    engine_version: 8.0.mysql_aurora.3.07.1
    allow_major_version_upgrade: true
    db_cluster_parameter_group_name: myapp-aurora-mysql8-cluster
    db_instance_parameter_group_name: myapp-aurora-mysql8-instance
    apply_immediately: true
    wait_timeout: 7200

- name: Let Secrets Manager own the master password
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    master_username: admin
    manage_master_user_password: true
    master_user_secret_kms_key_id: alias/myapp-secrets

- name: Wait once for every instance created with wait=false
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    wait_for_members: true

- name: Stop a development cluster for the night (AWS starts it again after seven days)
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    state: stopped

- name: Start it again in the morning, and wait until it is available
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    state: started

- name: Delete the cluster, turning deletion protection off first; a final snapshot is taken
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    state: absent
    deletion_protection: false

# A teardown whose check run (--check) predicts what the real run does: the instances deleted by the task before
# are only predicted deleted in check mode, so this task is told about them.
- name: Delete the instances, then the cluster
  aurora.mysql.aurora_instance:
    identifier: "{{ item }}"
    state: absent
  loop: [myapp-aurora-writer, myapp-aurora-reader-1]

- name: Delete the cluster its instances left
  aurora.mysql.aurora_cluster:
    identifier: myapp-aurora-cluster
    state: absent
    skip_final_snapshot: true
    assume_deleted: [myapp-aurora-writer, myapp-aurora-reader-1]
"""

RETURN = r"""
cluster:
  description:
    - The cluster after the run, in snake_case; in check mode, as the plan would leave it.
    - Empty when the cluster does not exist.
  returned: always
  type: dict
  sample:
    identifier: myapp-aurora-cluster
    arn: arn:aws:rds:us-east-1:123456789012:cluster:myapp-aurora-cluster
    status: available
    engine: aurora-mysql
    engine_version: 8.0.mysql_aurora.3.07.1
    endpoint: myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com
    reader_endpoint: myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com
    port: 3306
    backup_retention_period: 14
    members: []
    pending_modified_values: {}
  contains:
    identifier:
      description: The DB cluster identifier.
      returned: success
      type: str
      sample: myapp-aurora-cluster
    arn:
      description: The cluster ARN.
      returned: success
      type: str
      sample: arn:aws:rds:us-east-1:123456789012:cluster:myapp-aurora-cluster
    status:
      description: The RDS status of the cluster.
      returned: success
      type: str
      sample: available
    engine:
      description: The engine.
      returned: success
      type: str
      sample: aurora-mysql
    engine_version:
      description: The engine version the cluster runs.
      returned: success
      type: str
      sample: 8.0.mysql_aurora.3.07.1
    endpoint:
      description: The cluster (writer) endpoint.
      returned: success
      type: str
      sample: myapp-aurora-cluster.cluster-abc123.us-east-1.rds.amazonaws.com
    reader_endpoint:
      description: The reader endpoint.
      returned: success
      type: str
      sample: myapp-aurora-cluster.cluster-ro-abc123.us-east-1.rds.amazonaws.com
    port:
      description: The port.
      returned: success
      type: int
      sample: 3306
    master_username:
      description: The master user name.
      returned: success
      type: str
      sample: admin
    manage_master_user_password:
      description: Whether Secrets Manager keeps the master password.
      returned: success
      type: bool
      sample: false
    master_user_secret_arn:
      description: The ARN of the Secrets Manager secret; null when the password is not managed there.
      returned: success
      type: str
      sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-0a1b2c
    master_user_secret_kms_key_id:
      description: The KMS key of the secret; null when the password is not managed there.
      returned: success
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666
    database_name:
      description: The database created with the cluster; null when none was.
      returned: success
      type: str
      sample: myapp
    db_subnet_group_name:
      description: The DB subnet group.
      returned: success
      type: str
      sample: myapp-aurora-subnets
    vpc_security_group_ids:
      description: The VPC security groups, sorted; groups being removed are left out.
      returned: success
      type: list
      elements: str
      sample: [sg-0123456789abcdef0]
    db_cluster_parameter_group_name:
      description: The DB cluster parameter group.
      returned: success
      type: str
      sample: myapp-aurora-mysql8-cluster
    storage_encrypted:
      description: Whether the storage is encrypted.
      returned: success
      type: bool
      sample: true
    kms_key_id:
      description: The storage KMS key ARN; null for an unencrypted cluster.
      returned: success
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/your-kms-key-id
    storage_type:
      description: V(aurora) or V(aurora-iopt1).
      returned: success
      type: str
      sample: aurora
    backup_retention_period:
      description: Days automated backups are kept.
      returned: success
      type: int
      sample: 14
    preferred_backup_window:
      description: The daily backup window (UTC).
      returned: success
      type: str
      sample: "02:00-03:00"
    preferred_maintenance_window:
      description: The weekly maintenance window (UTC), lower case.
      returned: success
      type: str
      sample: "sun:04:00-sun:05:00"
    enable_cloudwatch_logs_exports:
      description: The log types exported to CloudWatch Logs, sorted.
      returned: success
      type: list
      elements: str
      sample: [audit, error, general, slowquery]
    deletion_protection:
      description: Whether deletion protection is on.
      returned: success
      type: bool
      sample: true
    copy_tags_to_snapshot:
      description: Whether tags are copied to snapshots.
      returned: success
      type: bool
      sample: false
    iam_database_authentication:
      description: Whether IAM database authentication is on.
      returned: success
      type: bool
      sample: false
    backtrack_window:
      description: The backtrack window in seconds; 0 when backtracking is off.
      returned: success
      type: int
      sample: 0
    serverless_v2_scaling:
      description: The Serverless v2 capacity range; null when none is set.
      returned: success
      type: dict
      sample: {min_capacity: 0.5, max_capacity: 16.0}
    tags:
      description: The tags, as a dictionary.
      returned: success
      type: dict
      sample: {env: prod}
    members:
      description: The instances of the cluster, sorted by identifier.
      returned: success
      type: list
      elements: dict
      sample: [{instance_identifier: myapp-aurora-writer, is_writer: true, promotion_tier: 1}]
      contains:
        instance_identifier:
          description: The DB instance identifier.
          type: str
          returned: success
          sample: myapp-aurora-writer
        is_writer:
          description: Whether the instance is the cluster's writer.
          type: bool
          returned: success
          sample: true
        promotion_tier:
          description: The failover priority, 0 (first) to 15.
          type: int
          returned: success
          sample: 1
    pending_modified_values:
      description:
        - Changes RDS has queued, in snake_case, for example C(backup_retention_period) or
          C(pending_cloudwatch_logs_exports). A queued password shows only as C(********).
      returned: success
      type: dict
      sample: {engine_version: 8.0.mysql_aurora.3.08.0}
engine_version_ahead:
  description:
    - The cluster runs a higher minor version of the same major version than O(engine_version) asks for, for example
      after AWS's automatic minor upgrade. The cluster is left on its version (RDS never downgrades) and the task
      reports no change for it.
  returned: when the cluster runs a higher minor version than asked
  type: dict
  contains:
    requested:
      description: The O(engine_version) of the task.
      type: str
      sample: 8.0.mysql_aurora.3.07.1
    running:
      description: The version the cluster runs.
      type: str
      sample: 8.0.mysql_aurora.3.08.2
  sample: {requested: 8.0.mysql_aurora.3.07.1, running: 8.0.mysql_aurora.3.08.2}
final_snapshot_identifier:
  description: The final snapshot the delete took.
  returned: when the cluster was deleted with a final snapshot
  type: str
  sample: myapp-aurora-cluster-final-20250101120000
diff:
  description:
    - The settings and tags before and after; a password being sent shows only as a marker.
    - With O(state=started) or O(state=stopped), the status before and after.
  returned: in diff mode
  type: dict
  sample: {before: {backup_retention_period: 7}, after: {backup_retention_period: 14}}
"""

from datetime import datetime, timezone

from ansible_collections.aurora.mysql.plugins.module_utils import aws, cluster, cluster_api, cluster_plan, kms_api
from ansible_collections.aurora.mysql.plugins.module_utils.module import assumed_deleted, run_module


def run(module):
    desired = cluster.desired_from_params(module.params, datetime.now(timezone.utc))
    clients = aws.Clients(module.params)
    client = clients.rds
    current = cluster_api.read(client, desired.identifier)
    desired = cluster.resolve_kms_aliases(desired, current, kms_api.key_arn_lookup(clients))
    plan = cluster_plan.plan(current, desired, assume_deleted=assumed_deleted(module, desired))
    for warning in cluster_api.check(clients, plan, desired):
        module.warn(warning)
    if module.check_mode:
        after = cluster_plan.predict(current, plan, desired)
    else:
        after = _apply(client, plan, current, desired, module.params["wait_timeout"])
    result = dict(changed=bool(plan), cluster=after or {})
    for warning in plan.details.get("warnings", []):
        module.warn(warning)
    if plan.details.get("engine_version_ahead"):
        result["engine_version_ahead"] = plan.details["engine_version_ahead"]
    if plan.details.get("final_snapshot_identifier"):
        result["final_snapshot_identifier"] = plan.details["final_snapshot_identifier"]
    if module._diff:
        result["diff"] = cluster_plan.diff(current, plan, desired)
    return result


def _apply(client, plan, current, desired, timeout):
    if plan:
        cluster_api.apply(client, plan, current, desired, timeout)
    cluster_api.wait(client, plan, desired, timeout)
    return cluster_api.read(client, desired.identifier) if plan or plan.wait else current


def main():
    run_module(cluster.ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
