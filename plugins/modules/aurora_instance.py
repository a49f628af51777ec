#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_instance
short_description: Create, modify, reboot and delete the writer and reader instances of an Aurora MySQL cluster
version_added: 0.1.0
description:
  - Manages one DB instance of an Aurora MySQL cluster, as the guide's steps 4 and 5 and its failover
    priority step do with C(aws rds create-db-instance) and C(aws rds modify-db-instance).
  - Options left unset are not managed; a change RDS has queued (pending modified values, a parameter group
    change) counts as already requested, so a rerun does not send it again.
  - A different O(cluster_identifier), O(engine) or O(availability_zone) for an existing instance, or a new
    O(performance_insights_kms_key_id) once Performance Insights is on, is refused before any change, since RDS
    cannot change them.
  - Check mode and diff mode run the same plan as a real run and skip only the API calls, except that check mode
    plans the create of an instance whose cluster does not exist yet; see O(cluster_identifier).
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  identifier:
    description:
      - The DB instance identifier. RDS stores it lower-cased.
    type: str
    required: true
  cluster_identifier:
    description:
      - The cluster the instance belongs to. Required with O(state=present); the cluster must exist.
      - In check mode a missing cluster is taken as one an earlier task (M(aurora.mysql.aurora_cluster)) would create,
        so a missing instance is predicted created in it. The checks that need the cluster, such as O(engine) against
        the cluster's engine, are then left to the real run, which refuses a missing cluster before any change.
    type: str
  instance_class:
    description:
      - The instance class, for example V(db.r6g.xlarge). Required to create the instance.
      - Without O(apply_immediately) a change waits for the next maintenance window.
      - When the task creates the instance or changes its class, the class is looked up with
        C(rds:DescribeOrderableDBInstanceOptions) at the cluster's engine version first (at any version while the
        cluster does not exist yet), check mode included. A class the engine does not offer there, or a name that
        is no instance class at all, is refused before anything changes, naming some classes that are offered.
    type: str
  engine:
    description:
      - The engine; it must match the cluster's (not compared in check mode while the cluster does not exist).
    type: str
    default: aurora-mysql
  db_parameter_group_name:
    description:
      - The instance-level DB parameter group.
      - A new group applies only after a reboot; see O(reboot_if_pending).
    type: str
  availability_zone:
    description:
      - The Availability Zone to create the instance in. RDS picks one when unset. Cannot be changed later.
    type: str
  publicly_accessible:
    description:
      - Whether the instance gets a public IP address. Created private (V(false)) when unset.
    type: bool
  monitoring_interval:
    description:
      - Seconds between Enhanced Monitoring metrics; V(0) turns Enhanced Monitoring off.
    type: int
    choices: [0, 1, 5, 10, 15, 30, 60]
  monitoring_role_arn:
    description:
      - The IAM role (its ARN) that lets RDS send Enhanced Monitoring metrics to CloudWatch Logs.
      - Required when O(monitoring_interval) is above 0.
      - When the task sends it, the role is read with C(iam:GetRole) first, check mode included. A role that does not
        exist in the account, or that does not trust C(monitoring.rds.amazonaws.com), is refused before anything
        changes. Its permissions policy (C(AmazonRDSEnhancedMonitoringRole)) is not checked.
    type: str
  enable_performance_insights:
    description:
      - Whether Performance Insights is on.
    type: bool
  performance_insights_retention_period:
    description:
      - Days of Performance Insights data to keep. V(7), a multiple of 31 up to V(713), or V(731).
    type: int
  performance_insights_kms_key_id:
    description:
      - The KMS key (id, ARN or alias) that encrypts Performance Insights data. RDS cannot change it once set.
      - When the task sends it, the key is described with C(kms:DescribeKey) first, check mode included. A key that
        does not exist, is disabled or pending deletion, or belongs to another region is refused before anything
        changes.
    type: str
  auto_minor_version_upgrade:
    description:
      - Whether minor engine upgrades are applied in the maintenance window.
    type: bool
  promotion_tier:
    description:
      - The failover priority, V(0) (promoted first) to V(15).
    type: int
  ca_certificate_identifier:
    description:
      - The certificate authority for the instance's server certificate, for example V(rds-ca-rsa2048-g1).
    type: str
  apply_immediately:
    description:
      - Apply a change of O(instance_class) or O(ca_certificate_identifier) now instead of in the next maintenance
        window. RDS applies the other changes at once in either case.
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the instance; V(absent) deletes it.
      - V(rebooted) makes the same changes as V(present) on an existing instance, then reboots it and, with
        O(wait), waits until it is available with its parameter group in-sync. It always reports a change.
    type: str
    choices: [present, absent, rebooted]
    default: present
  reboot_if_pending:
    description:
      - With O(state=present), reboot when the instance's parameter group shows V(pending-reboot), or when this task
        changes the group, so static parameters take effect. Without a pending reboot nothing happens, so the task
        stays idempotent.
    type: bool
    default: false
notes:
  - With O(wait=false) the module returns right after the API call. Start the writer and every reader that way,
    then wait once for all of them with M(aurora.mysql.aurora_cluster_info) and
    O(aurora.mysql.aurora_cluster_info#module:wait_for_members=true); the instances are then created in parallel,
    in about the time of one.
  - With O(wait=true) the module warns when the instance is left waiting for a reboot to apply its parameter group.
    With O(wait=false) it does not, since whoever waits afterwards (the role aurora.mysql.aurora_mysql) says it.
  - A modify or a reboot of an instance that is still creating or modifying first waits until it is available, even
    with O(wait=false), because RDS refuses the call before that; one RDS refuses because the instance turned busy
    after it was read is sent again once it is available.
  - After a parameter change RDS shows the instance's parameter group C(applying) before C(pending-reboot) or
    C(in-sync). With O(wait=true) or O(reboot_if_pending=true) the module waits for that to settle before it decides
    whether a reboot is pending (check mode too, as the wait only reads), so it never reports nothing to do while
    the change is still applying.
  - RV(instance.is_writer) is the writer as RDS names it. Instances created together race for the writer role, so
    the writer may be another instance than the first created; that is not an error.
  - With O(wait=true) a task with nothing to change still waits for an instance an earlier run left creating or
    modifying. An instance (or a cluster) in a state it does not leave by waiting (C(stopped) with its cluster,
    C(storage-full), C(incompatible-parameters), ...) fails such a task at once, before any change and check mode
    included, saying what to do; so does adding or removing an instance of a stopped cluster.
  - Deleting the last instance of a cluster with deletion protection is allowed; RDS protects the cluster, not its
    instances.
  - The checks before a change read only what the task sends. One whose read the caller may not make (an
    C(AccessDenied) from C(rds:DescribeOrderableDBInstanceOptions), C(iam:GetRole) or C(kms:DescribeKey)) is skipped
    with a warning that names the permission.
  - An error about something that does not exist (the cluster, the role, a KMS key) names the region and the
    account the run looked in; the account is asked of C(sts:GetCallerIdentity) only then.
extends_documentation_fragment:
  - aurora.mysql.auth
  - aurora.mysql.tags
  - aurora.mysql.wait
  - aurora.mysql.attributes
  - aurora.mysql.attributes.ALL
attributes:
  check_mode:
    details:
      - A missing instance of a cluster that does not exist is predicted created, so that a check run of
        M(aurora.mysql.aurora_cluster) then this module on an empty account predicts both. Every check that does not
        need the cluster still runs; the real run refuses a missing cluster before any change.
"""

EXAMPLES = r"""
# The guide's steps 4 and 5, started together and awaited once: three instances in about the time of one.
- name: Create the writer and the readers without waiting for each
  aurora.mysql.aurora_instance:
    identifier: "{{ item.identifier }}"
    cluster_identifier: myapp-aurora-cluster
    instance_class: "{{ item.instance_class }}"
    engine: aurora-mysql
    db_parameter_group_name: myapp-aurora-mysql8-instance
    monitoring_interval: 10
    monitoring_role_arn: arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role
    enable_performance_insights: true
    performance_insights_retention_period: 7
    auto_minor_version_upgrade: true
    promotion_tier: "{{ item.promotion_tier | default(omit) }}"
    wait: false
  loop:
    - {identifier: myapp-aurora-writer, instance_class: db.r6g.xlarge}
    - {identifier: myapp-aurora-reader-1, instance_class: db.r6g.xlarge, promotion_tier: 0}
    - {identifier: myapp-aurora-reader-2, instance_class: db.r6g.large, promotion_tier: 1}

- name: Wait once for every instance of the cluster
  aurora.mysql.aurora_cluster_info:
    cluster_identifier: myapp-aurora-cluster
    wait_for_members: true

- name: Failover priority, as in the guide (modify-db-instance --promotion-tier)
  aurora.mysql.aurora_instance:
    identifier: myapp-aurora-reader-1
    cluster_identifier: myapp-aurora-cluster
    promotion_tier: 0

- name: Resize a reader now instead of in the maintenance window
  aurora.mysql.aurora_instance:
    identifier: myapp-aurora-reader-2
    cluster_identifier: myapp-aurora-cluster
    instance_class: db.r6g.xlarge
    apply_immediately: true

- name: Reboot only if a static parameter change is waiting for it
  aurora.mysql.aurora_instance:
    identifier: myapp-aurora-writer
    cluster_identifier: myapp-aurora-cluster
    reboot_if_pending: true

- name: Reboot unconditionally
  aurora.mysql.aurora_instance:
    identifier: myapp-aurora-writer
    state: rebooted

- name: Remove a reader
  aurora.mysql.aurora_instance:
    identifier: myapp-aurora-reader-2
    state: absent
"""

RETURN = r"""
instance:
  description:
    - The instance as RDS reports it after the change (and the wait), or as the plan predicts it in check mode.
    - Empty after a delete that waited, and when the instance does not exist.
  returned: always
  type: dict
  contains:
    identifier:
      description: The DB instance identifier.
      type: str
      sample: myapp-aurora-writer
    arn:
      description: The instance ARN; null in check mode for an instance not created yet.
      type: str
      sample: arn:aws:rds:us-east-1:123456789012:db:myapp-aurora-writer
    status:
      description: The instance status, for example V(creating), V(available), V(modifying), V(rebooting).
      type: str
      sample: available
    cluster_identifier:
      description: The cluster the instance belongs to.
      type: str
      sample: myapp-aurora-cluster
    engine:
      description: The engine.
      type: str
      sample: aurora-mysql
    instance_class:
      description: The instance class in use now; a queued change shows in RV(instance.pending_modified_values).
      type: str
      sample: db.r6g.xlarge
    endpoint:
      description: The instance endpoint; address and port are null until RDS assigns them.
      type: dict
      contains:
        address:
          description: The DNS name.
          type: str
          sample: myapp-aurora-writer.abcdefghij.us-east-1.rds.amazonaws.com
        port:
          description: The port.
          type: int
          sample: 3306
    is_writer:
      description: Whether the instance is the cluster's writer.
      type: bool
      sample: true
    promotion_tier:
      description: The failover priority, 0 (first) to 15.
      type: int
      sample: 0
    availability_zone:
      description: The Availability Zone.
      type: str
      sample: us-east-1a
    db_parameter_group_name:
      description: The instance's DB parameter group.
      type: str
      sample: myapp-aurora-mysql8-instance
    parameter_apply_status:
      description: The group's apply status; V(pending-reboot) means static parameters wait for a reboot.
      type: str
      sample: in-sync
    pending_modified_values:
      description: Changes RDS has queued, in snake_case (for example RV(instance.instance_class)).
      type: dict
      sample: {instance_class: db.r6g.2xlarge}
    publicly_accessible:
      description: Whether the instance has a public IP address.
      type: bool
      sample: false
    monitoring_interval:
      description: Seconds between Enhanced Monitoring metrics; 0 when off.
      type: int
      sample: 10
    monitoring_role_arn:
      description: The Enhanced Monitoring role.
      type: str
      sample: arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role
    performance_insights_enabled:
      description: Whether Performance Insights is on.
      type: bool
      sample: true
    performance_insights_retention_period:
      description: Days of Performance Insights data kept.
      type: int
      sample: 7
    performance_insights_kms_key_id:
      description: The KMS key ARN that encrypts Performance Insights data.
      type: str
      sample: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    auto_minor_version_upgrade:
      description: Whether minor engine upgrades are applied automatically.
      type: bool
      sample: true
    ca_certificate_identifier:
      description: The certificate authority of the server certificate.
      type: str
      sample: rds-ca-rsa2048-g1
    tags:
      description: The instance's tags.
      type: dict
      sample: {env: prod}
  sample:
    identifier: myapp-aurora-reader-1
    status: available
    instance_class: db.r6g.xlarge
    endpoint: {address: myapp-aurora-reader-1.abcdefghij.us-east-1.rds.amazonaws.com, port: 3306}
    is_writer: false
    promotion_tier: 0
diff:
  description: The managed settings before and after, queued changes counted as requested.
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: The settings before; empty when the instance did not exist.
      type: dict
      sample: {promotion_tier: 1}
    after:
      description: The settings after; empty when the instance is deleted.
      type: dict
      sample: {promotion_tier: 0}
"""

from ansible_collections.aurora.mysql.plugins.module_utils import aws, instance, instance_api, instance_plan, kms_api
from ansible_collections.aurora.mysql.plugins.module_utils.module import run_module
from ansible_collections.aurora.mysql.plugins.module_utils.rds import PENDING_REBOOT


def run(module):
    params = module.params
    desired = instance.desired_from_params(params)
    clients = aws.Clients(params)
    client = clients.rds
    desired = instance.resolve_kms_aliases(desired, kms_api.key_arn_lookup(clients))
    current, cluster = instance_api.read_settled(client, desired, params["wait_timeout"])
    plan = instance_plan.plan(current, cluster, desired, check_mode=module.check_mode)
    for warning in instance_api.check(clients, plan, desired, cluster):
        module.warn(warning)
    predicted = instance_plan.predict(current, cluster, desired, plan)
    after = predicted
    if not module.check_mode and (plan or plan.wait):
        instance_api.apply(client, plan, current, desired, params["wait_timeout"])
        instance_api.wait(client, plan, desired, params["wait_timeout"])
        after = instance_api.read_after(client, plan, desired, predicted)
    # With wait=false the caller takes over what follows the change (the aurora_mysql role waits for the whole
    # cluster and reports pending reboots in its own words), so only a task that waited warns.
    if desired.state == "present" and desired.wait and after.get("parameter_apply_status") == PENDING_REBOOT:
        module.warn(
            f"instance {desired.identifier} needs a reboot to apply its parameter group; "
            "set reboot_if_pending=true (or state=rebooted) to reboot it"
        )
    result = dict(changed=bool(plan), instance=after)
    if module._diff:
        result["diff"] = instance_plan.diff(current, predicted)
    return result


def main():
    run_module(instance.ARGUMENT_SPEC, run, required_if=instance.REQUIRED_IF)


if __name__ == "__main__":
    main()
