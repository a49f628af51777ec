# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reads behind aurora_plan, and every step planned with its resource's own plan function.

One read per resource: the subnet group, each parameter group with its user-set parameters, the cluster (its tags
come with it), every listed or member instance in one DescribeDBInstances, every alarm in one DescribeAlarms. Tags
that need a call of their own are read only for a step that manages them (or, in diff mode, for a step that
changes, so its diff is the module's). The checks that need other services (engine versions, engine defaults,
subnets, and whatever cluster_api.check and instance_api.check ask) run only for values a step creates or changes.
"""

from __future__ import annotations

import contextlib
import time

from ansible_collections.aurora.mysql.plugins.module_utils import (
    alarm,
    cluster,
    cluster_api,
    cluster_plan,
    instance,
    instance_api,
    instance_plan,
    kms_api,
    param_group_api,
    param_group_plan,
    rds,
    subnet_group,
    subnet_group_api,
    topology,
    upgrade_api,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError, WaitTimeoutError


def wait_for_members(client, identifier, timeout):
    """Wait up to `timeout` seconds for every member to be available; seconds waited. Running out of time is no
    error here: the caller waits in rounds and shows the members between them."""
    started = time.monotonic()
    with contextlib.suppress(WaitTimeoutError):
        rds.wait_members_available(client, identifier, timeout)
    return round(time.monotonic() - started, 1)


class Planner:
    """Plans the steps in build order; a step's refusal is collected, and the later steps are still planned."""

    def __init__(self, clients, params, diff_mode):
        self.clients = clients
        self.params = params
        self.diff_mode = diff_mode
        self.variables = params["variables"] or {}
        self.kms_lookup = kms_api.key_arn_lookup(params)
        self.steps, self.diffs, self.errors, self.warnings = {}, [], [], []
        self.subnet_group = None  # as the run leaves it
        self.group_plans = {}  # scope -> (group name, Plan)
        self.cluster = None  # (raw DBCluster or None, Plan, Desired, predicted view)
        self.instances = []  # raw DBInstances of the listed instances and the members
        self.predicted = {}  # identifier -> instance view once its step ran
        self.alarms = {}  # name -> raw MetricAlarm
        self.silent_alarms = []  # steps of alarms that notify no one

    def run(self, steps):
        for step in steps:
            try:
                resource, work, diff = getattr(self, f"_{step.kind}")(step)
            except ValidationError as err:
                message = topology.named(step.name, err.option, topology.reason_of(err), self.variables)
                if message not in self.errors:
                    self.errors.append(message)
                continue
            self.steps[step.name] = topology.step_result(resource, work)
            # What a step's module would warn of (a cluster ahead of the version asked for, ...), said here too.
            self.warnings += work.details.get("warnings", [])
            if work.changed and self.diff_mode:
                self.diffs.append(topology.diff_entry(step.name, diff))

    def _with_tags(self, desired, work):
        """Whether to read tags the first read spared: only when a diff of a changing step shows them."""
        return desired.tags is None and work.changed and self.diff_mode

    def _subnet_group(self, step):
        desired = step.desired
        rds_client = self.clients.rds
        current, _users = subnet_group_api.read(rds_client, desired, with_tags=desired.tags is not None)
        facts = None
        if subnet_group.needs_subnet_facts(current, desired):
            facts = subnet_group_api.read_subnet_facts(self.clients.ec2, desired.subnet_ids)
        work = subnet_group.plan(current, desired)
        if current and self._with_tags(desired, work):
            current, _users = subnet_group_api.read(rds_client, desired)
        self.subnet_group = subnet_group.predict(current, desired, work, facts)
        return desired.name, work, dict(before=current or {}, after=self.subnet_group or {})

    def _parameter_group(self, step):
        desired = step.desired
        client = self.clients.rds
        current = param_group_api.read(
            client, desired.scope, desired.name, with_tags=desired.tags is not None, with_users=False
        )
        catalogue = param_group_api.catalogue_for(client, current, desired)
        work = param_group_plan.plan(current, desired, catalogue)
        if current and self._with_tags(desired, work):
            current = param_group_api.read(client, desired.scope, desired.name, with_users=False)
        self.group_plans[desired.scope] = (desired.name, work)
        group = param_group_plan.predict(current, desired, work)
        return desired.name, work, param_group_plan.diff(current, group, work)

    def _cluster(self, step):
        raw = rds.describe_cluster(self.clients.rds, step.desired.identifier)
        current = cluster.normalise(raw)
        desired = cluster.resolve_kms_aliases(step.desired, current, self.kms_lookup)
        # The cluster counts as planned (for the instances) even when a check below refuses it.
        self.cluster = (raw, None, desired, None)
        work = cluster_plan.plan(current, desired)
        self.cluster = (raw, work, desired, cluster_plan.predict(current, work, desired))
        self.warnings += cluster_api.check(self.clients, work, desired, subnet_group=self.subnet_group)
        return desired.identifier, work, cluster_plan.diff(current, work, desired)

    def read_instances(self, steps):
        """Every listed instance and every member of the cluster, in one DescribeDBInstances."""
        raw = self.cluster[0] if self.cluster else None
        listed = [step.desired.identifier for step in steps if step.kind == "instance"]
        members = [m["DBInstanceIdentifier"] for m in (raw or {}).get("DBClusterMembers") or []]
        wanted = sorted(set(listed) | set(members))
        if wanted:
            filters = [{"Name": "db-instance-id", "Values": wanted}]
            self.instances = self.clients.rds.paginate("describe_db_instances", "DBInstances", Filters=filters)
        return [member for member in members if member not in listed]

    def _instance(self, step):
        raw_cluster, cluster_work, cluster_desired, _predicted = self.cluster
        desired = instance.resolve_kms_aliases(step.desired, self.kms_lookup)
        found = {raw["DBInstanceIdentifier"]: raw for raw in self.instances}
        writer = rds.writer_of(raw_cluster)
        current = instance.normalise(found.get(desired.identifier), is_writer=writer == desired.identifier)
        # A cluster this run only plans is what a check run of the module meets: the create is planned without it.
        work = instance_plan.plan(current, raw_cluster, desired, check_mode=raw_cluster is None)
        joined = topology.cluster_as_planned(raw_cluster, cluster_work, cluster_desired)
        self.warnings += instance_api.check(self.clients, work, desired, cluster=joined)
        predicted = instance_plan.predict(current, raw_cluster, desired, work)
        if desired.state != "absent":
            self.predicted[desired.identifier] = predicted
        return desired.identifier, work, instance_plan.diff(current, predicted)

    def read_alarms(self, steps):
        names = [step.desired.name for step in steps if step.kind == "alarm"]
        if not names:
            return {}
        found = self.clients.cloudwatch.paginate(
            "describe_alarms", "MetricAlarms", AlarmNames=names, AlarmTypes=["MetricAlarm"]
        )
        return {raw["AlarmName"]: raw for raw in found}

    def _alarm(self, step):
        desired = step.desired
        raw = self.alarms.get(desired.name)
        current = self._alarm_view(raw, desired.tags is not None)
        work = alarm.plan(current, desired)
        if desired.state == "present" and not alarm.merged(current, desired)["alarm_actions"]:
            self.silent_alarms.append(step.name)
        if current and self._with_tags(desired, work):
            current = self._alarm_view(raw, True)
        return desired.name, work, alarm.diff(current, alarm.predict(current, desired, work))

    def _alarm_view(self, raw, with_tags):
        if raw is None:
            return None
        tag_list = []
        if with_tags:
            tag_list = self.clients.cloudwatch.call("list_tags_for_resource", ResourceARN=raw["AlarmArn"]).get("Tags")
        return alarm.normalise(raw, tag_list)


def plan(clients, steps, params, diff_mode, refused=()):
    """(aurora_plan's result without changed, warnings): every step's plan, and what they add up to.

    `refused` are the refusals the arguments already met; the steps that passed are still planned, so that one run
    reports what AWS would refuse too. Every refusal raises at the end, in one ValidationError (" | " between them).
    """
    planner = Planner(clients, params, diff_mode)
    planner.errors = list(refused)
    # The order matters: the cluster's check meets the subnet group as planned, instances the cluster as planned.
    planner.run([step for step in steps if step.kind in ("subnet_group", "parameter_group", "cluster")])
    upgrade = _upgrade(planner, params["upgrade"]) if params.get("upgrade") and planner.cluster else None
    unlisted = planner.read_instances(steps) if planner.cluster else []
    if planner.cluster:
        purged = [_purge_step(identifier) for identifier in unlisted] if params["purge_instances"] else []
        planner.run([step for step in steps if step.kind == "instance"] + purged)
    planner.alarms = planner.read_alarms(steps)
    planner.run([step for step in steps if step.kind == "alarm"])
    if planner.errors:
        raise ValidationError("", " | ".join(planner.errors))
    planner.warnings += topology.silent_alarm_warnings(planner.silent_alarms, planner.variables)
    result = _result(planner, steps, unlisted if not params["purge_instances"] else [])
    if params.get("upgrade"):
        result["upgrade"] = upgrade
    return result, planner.warnings


def _upgrade(planner, options):
    """The upgrade's facts (upgrade_api.plan); its refusals join the steps', named by the caller's variables."""

    def name_of(option):
        return topology.variable_for(topology.UPGRADE, option, planner.variables) or option

    facts, refused = upgrade_api.plan(planner.clients.rds, planner.cluster[0], options, name_of)
    for option, reason in refused:
        message = topology.named(topology.UPGRADE, option, reason, planner.variables)
        if message not in planner.errors:
            planner.errors.append(message)
    return facts


def _purge_step(identifier):
    desired = instance.Desired(identifier=identifier, state="absent", options={}, wait=False)
    return topology.Step(topology.instance_step(identifier), "instance", desired)


def _result(planner, steps, unlisted):
    raw_cluster, cluster_work, cluster_desired, predicted_cluster = planner.cluster
    view = topology.view_of_cluster(raw_cluster, planner.instances)
    changed_steps = [name for name, result in planner.steps.items() if result["changed"]]
    instance_steps = [step for step in steps if step.kind == "instance"]
    planned = [planner.steps[step.name] for step in instance_steps if step.name in planner.steps]
    creates = any(result["action"] == "create" for result in planned)
    first_build = not (raw_cluster or {}).get("DBClusterMembers")
    cluster_group = (predicted_cluster or {}).get("db_cluster_parameter_group_name")
    pending = topology.pending_reboot(view["members"], planner.predicted, planner.group_plans, cluster_group)
    queued = _queued(planner, cluster_desired, predicted_cluster, view["members"])
    needs = {
        "members_wait": any(name.startswith("instance ") for name in changed_steps)
        or any(member["status"] != "available" for member in view["members"]),
        "rolling_apply": bool(pending) or any(entry["resource"].startswith("instance ") for entry in queued),
        "writer_placement": instance_steps[0].desired.identifier if first_build and creates else None,
    }
    result = dict(
        steps=planner.steps,
        changed_steps=changed_steps,
        status=view["status"],
        endpoints=view["endpoints"],
        members=view["members"],
        writer=view["writer"],
        pending_reboot=pending,
        queued=queued,
        needs=needs,
        unlisted_instances=unlisted,
        summary=topology.summary_lines(planner.steps, changed_steps, needs, pending),
    )
    if planner.diff_mode:
        result["diff"] = planner.diffs
    return result


def _queued(planner, cluster_desired, predicted_cluster, members):
    found = []
    if predicted_cluster:
        found += topology.queued(
            f"cluster {cluster_desired.identifier}",
            predicted_cluster.get("pending_modified_values"),
            predicted_cluster.get("preferred_maintenance_window"),
            topology.CLUSTER_APPLY_NOW.format(identifier=cluster_desired.identifier),
        )
    windows = {raw["DBInstanceIdentifier"]: raw.get("PreferredMaintenanceWindow") for raw in planner.instances}
    members = {member["instance_identifier"] for member in members}
    # One vocabulary for every instance: the instance view's, whose queued keys are its option names.
    views = {raw["DBInstanceIdentifier"]: instance.normalise(raw) for raw in planner.instances}
    views = {identifier: view for identifier, view in views.items() if identifier in members}
    views.update(planner.predicted)
    for identifier, view in sorted(views.items()):
        found += topology.queued(
            f"instance {identifier}",
            view.get("pending_modified_values"),
            windows.get(identifier),
            topology.INSTANCE_APPLY_NOW,
        )
    return found
