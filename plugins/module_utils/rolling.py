# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rolling reboot: which members need a restart, the zero-downtime order to restart them in, and the step runner.

The order is a pure function of the describe output (plan()), so check mode returns exactly the steps a real run
takes. The runner re-reads the cluster before and during every step, waits until every member is back before the
next one, and stops at the first step that fails or runs out of time: a later step never starts after a failure.
"""

from __future__ import annotations

import datetime
import time

from ansible_collections.aurora.mysql.plugins.module_utils import failover, rds, validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.waiters import FAILOVER_POLL_DELAY, POLL_DELAY

PENDING_REBOOT = "pending-reboot"
# Queued instance changes that take effect only when the instance restarts. A queued rename is not one of them,
# but applying the queue would carry it out too, which is why plan() refuses it.
RESTART_FIELDS = ("DBInstanceClass", "CACertificateIdentifier", "ProcessorFeatures")
RENAME_FIELD = "DBInstanceIdentifier"
# States an instance does not leave by itself: waiting for them to pass would only burn the step timeout.
BROKEN_STATUSES = ("failed", "incompatible-parameters", "inaccessible-encryption-credentials", "storage-full")
LAG_METRIC = "AuroraReplicaLag"
LAG_WINDOW_SECONDS = 60
# CloudWatch publishes RDS metrics once a minute; polling faster only repeats the same answer.
LAG_POLL_DELAY = 10
MAX_STEP_TIMEOUT = 24 * 3600
MAX_LAG_MS = 24 * 3600 * 1000


def desired_from_params(params):
    """The run's options, validated before any AWS call."""
    lag = params.get("max_replica_lag_ms")
    return {
        "cluster": validate.identifier("cluster_identifier", params["cluster_identifier"]),
        "preserve_writer": bool(params["preserve_writer"]),
        "allow_downtime": bool(params["allow_downtime"]),
        "include_queued_changes": bool(params["include_queued_changes"]),
        "max_replica_lag_ms": validate.int_range("max_replica_lag_ms", lag, 1, MAX_LAG_MS),
        "step_timeout": validate.int_range("step_timeout", params["step_timeout"], 1, MAX_STEP_TIMEOUT),
    }


def queued_restart_changes(instance):
    """The instance's queued changes that need a restart: {field: requested value}."""
    queued = instance.get("PendingModifiedValues") or {}
    return {field: queued[field] for field in RESTART_FIELDS if queued.get(field) not in (None, [], {})}


def parameter_reasons(cluster_member, instance):
    """Why the parameter groups need a reboot: the instance's own groups, and the cluster group for this member."""
    reasons = [
        f"parameter group {group.get('DBParameterGroupName')} is pending-reboot"
        for group in instance.get("DBParameterGroups", [])
        if group.get("ParameterApplyStatus") == PENDING_REBOOT
    ]
    if cluster_member.get("DBClusterParameterGroupStatus") == PENDING_REBOOT:
        reasons.append("cluster parameter group is pending-reboot")
    return reasons


def members(cluster, instances, include_queued):
    """failover.members() plus what each member still needs: reasons (empty = nothing), queued, parameters."""
    by_id = {instance["DBInstanceIdentifier"]: instance for instance in instances}
    raw = {member["DBInstanceIdentifier"]: member for member in cluster.get("DBClusterMembers", [])}
    result = []
    for member in failover.members(cluster, instances):
        identifier = member["identifier"]
        instance = by_id.get(identifier, {})
        queued = queued_restart_changes(instance) if include_queued else {}
        parameters = parameter_reasons(raw[identifier], instance)
        result.append(
            dict(
                member,
                reasons=parameters + [f"queued {field} change to {queued[field]}" for field in sorted(queued)],
                queued=queued,
                parameters_pending=bool(parameters),
                renaming=(instance.get("PendingModifiedValues") or {}).get(RENAME_FIELD),
            )
        )
    return result


def _least_important_first(member):
    # The reverse of the order Aurora promotes in: highest tier, then smallest class, so the reader Aurora would
    # promote first keeps serving the longest.
    return (-member["promotion_tier"], failover.class_size(member["instance_class"]), member["identifier"])


def _reboot(member):
    role = "writer" if member["writer"] else "reader"
    return {"action": "reboot", "instance": member["identifier"], "role": role, "reasons": list(member["reasons"])}


def _failover(member, reason):
    role = "writer" if member["writer"] else "reader"
    return {"action": "failover", "instance": member["identifier"], "role": role, "reasons": [reason]}


def _check_ready(name, cluster, current, todo, include_queued):
    down = [f"{m['identifier']} is {m['status']}" for m in current if m["status"] != "available"]
    if cluster.get("Status") != "available" or down:
        states = "; ".join([f"the cluster is {cluster.get('Status')}"] + down)
        raise ValidationError(
            "cluster_identifier",
            f"cluster {name} is not ready for a rolling reboot ({states}): every member must be available first, "
            "so that no more than one instance is ever down",
        )
    if not any(m["writer"] for m in current):
        raise ValidationError("cluster_identifier", f"cluster {name} has no writer")
    renaming = [m for m in todo if m["renaming"] and m["queued"]]
    if include_queued and renaming:
        named = ", ".join(f"{m['identifier']} -> {m['renaming']}" for m in renaming)
        raise ValidationError(
            "include_queued_changes",
            f"applying the queued changes would also carry out the queued rename ({named}); apply or cancel the "
            "rename first, or set include_queued_changes=false",
        )


def plan(cluster, instances, options, check_mode=False):
    """The ordered steps, [] when nothing needs a reboot. Raises ValidationError when the run cannot be safe.

    Readers one at a time, least important first; then, if the writer needs a reboot, a failover to the best reader
    (every reader is in-sync by then), the old writer's reboot, and the failback when preserve_writer is set.
    A check run may reach a cluster an earlier task only predicted: a cluster still to be made has nothing pending.
    """
    name = options["cluster"]
    if cluster is None:
        if check_mode:
            return []
        raise ValidationError("cluster_identifier", f"cluster {name} does not exist")
    current = members(cluster, instances, options["include_queued_changes"])
    todo = [m for m in current if m["reasons"]]
    if not todo:
        return []
    _check_ready(name, cluster, current, todo, options["include_queued_changes"])
    writer = next(m for m in current if m["writer"])
    readers = [m for m in current if not m["writer"]]
    if not readers:
        if not options["allow_downtime"]:
            raise ValidationError(
                "allow_downtime",
                f"cluster {name} has a single instance ({writer['identifier']}), so rebooting it takes the cluster "
                "down; add a reader for a zero-downtime reboot, or set allow_downtime=true to accept the outage",
            )
        return _numbered([_reboot(writer)])
    steps = [_reboot(m) for m in sorted((m for m in readers if m["reasons"]), key=_least_important_first)]
    if writer["reasons"]:
        target = failover.promotion_order(readers)[0]
        steps.append(_failover(target, f"move the writer off {writer['identifier']} before it reboots"))
        steps.append(_reboot(writer))
        if options["preserve_writer"]:
            steps.append(_failover(writer, "preserve_writer: give the writer role back"))
    return _numbered(steps)


def _numbered(steps):
    return [dict(step, step=number) for number, step in enumerate(steps, start=1)]


def planned(steps):
    return [dict(step, status="planned", duration_seconds=0.0) for step in steps]


def final_writer(steps, writer):
    """The writer once the steps have run: the last failover's target, else the writer as it is."""
    failovers = [step["instance"] for step in steps if step["action"] == "failover"]
    return failovers[-1] if failovers else writer


def pending_members(cluster, instances, include_queued):
    return [m["identifier"] for m in members(cluster, instances, include_queued) if m["reasons"]]


def _all_up(cluster, instances):
    return failover.settled(cluster, instances)


def _member(cluster, instances, identifier, include_queued):
    found = [m for m in members(cluster, instances, include_queued) if m["identifier"] == identifier]
    if not found:
        raise AuroraError(f"{identifier} is no longer a member of cluster {cluster.get('DBClusterIdentifier')}")
    return found[0]


def reboot_complete(cluster, instances, identifier, include_queued):
    """The instance applied everything it was rebooted for, and every member is available again."""
    return _all_up(cluster, instances) and not _member(cluster, instances, identifier, include_queued)["reasons"]


def queue_applied(cluster, instances, identifier):
    return _all_up(cluster, instances) and not _member(cluster, instances, identifier, True)["queued"]


def failover_complete(cluster, instances, target):
    return _all_up(cluster, instances) and rds.writer_of(cluster) == target


def broken_members(cluster, instances):
    return [
        f"{m['identifier']} is {m['status']}"
        for m in failover.members(cluster, instances)
        if m["status"] in BROKEN_STATUSES
    ]


def summary(cluster, instances):
    """One line of what the cluster looked like, for timeout messages."""
    states = ", ".join(f"{m['identifier']}={m['status']}" for m in failover.members(cluster, instances))
    return f"cluster {cluster.get('Status')}, writer {rds.writer_of(cluster)}, {states}"


def refuse_unsafe_reboot(cluster, instances, identifier):
    """The runtime guard behind the plan: never the writer while readers exist, never with another member down."""
    current = failover.members(cluster, instances)
    member = next((m for m in current if m["identifier"] == identifier), None)
    if member is None:
        raise AuroraError(f"{identifier} is no longer a member of cluster {cluster.get('DBClusterIdentifier')}")
    if member["writer"] and len(current) > 1:
        raise AuroraError(f"{identifier} is the writer now; refusing to reboot it while the cluster has readers")
    down = [f"{m['identifier']} is {m['status']}" for m in current if m["status"] != "available"]
    if down:
        raise AuroraError(f"refusing to reboot {identifier} while another member is down ({'; '.join(down)})")


def max_lag(datapoints):
    """The highest AuroraReplicaLag Maximum among the datapoints, or None when there are none (unknown)."""
    values = [point["Maximum"] for point in datapoints if point.get("Maximum") is not None]
    return max(values) if values else None


def replica_lag_ms(cloudwatch, identifier, now):
    response = cloudwatch.call(
        "get_metric_statistics",
        Namespace="AWS/RDS",
        MetricName=LAG_METRIC,
        Dimensions=[{"Name": "DBInstanceIdentifier", "Value": identifier}],
        StartTime=now - datetime.timedelta(seconds=LAG_WINDOW_SECONDS),
        EndTime=now,
        Period=LAG_WINDOW_SECONDS,
        Statistics=["Maximum"],
    )
    return max_lag(response.get("Datapoints", []))


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc)  # noqa: UP017 - modules also run on Python < 3.11


class StepTimeoutError(AuroraError):
    def __init__(self, what, timeout, last_seen):
        super().__init__(f"Timed out after {timeout} s (step_timeout) waiting for {what}; last seen: {last_seen}.")
        self.what = what
        self.timeout = timeout

    def to_result(self):
        return {"wait": {"what": self.what, "timeout": self.timeout}}


class StepFailedError(AuroraError):
    """A step failed: says which one, with what was done before it. No later step was started."""

    def __init__(self, step, done, steps, cause):
        super().__init__(
            f"Step {step['step']} of {len(steps)} ({step['action']} {step['instance']}) failed: {cause.message} "
            f"Stopped there with {len(done)} step(s) done; no later step was started."
        )
        self.step = step
        self.done = done
        self.steps = steps
        self.cause = cause

    def to_result(self):
        result = dict(self.cause.to_result())
        failed = {key: self.step[key] for key in ("step", "action", "instance", "role")}
        result.update(failed_step=failed, steps=self.done, plan=planned(self.steps))
        return result


class Runner:
    """Runs planned steps in order; each step's waits share one deadline, step_timeout after the step starts."""

    def __init__(self, client, options, cloudwatch=None, clock=time.monotonic, sleep=time.sleep, now=_utc_now):
        self._client = client
        self._options = options
        self._cloudwatch = cloudwatch
        self._clock = clock
        self._sleep = sleep
        self._now = now
        self.warnings = []

    def run(self, steps):
        done = []
        for step in steps:
            started = self._clock()
            deadline = started + self._options["step_timeout"]
            try:
                if step["action"] == "reboot":
                    acted = self._reboot(step["instance"], deadline)
                else:
                    acted = self._failover(step["instance"], deadline)
            # The one place below run_module that catches: it adds which step failed and what was done before it.
            except AuroraError as err:
                raise StepFailedError(step, done, steps, err) from None
            status = "done" if acted else "not_needed"
            done.append(dict(step, status=status, duration_seconds=round(self._clock() - started, 1)))
        return done

    def _read(self):
        name = self._options["cluster"]
        cluster = rds.describe_cluster(self._client, name)
        if cluster is None:
            raise AuroraError(f"cluster {name} no longer exists")
        return cluster, rds.cluster_instances(self._client, name)

    def _wait(self, deadline, what, is_done, delay=POLL_DELAY):
        while True:
            cluster, instances = self._read()
            broken = broken_members(cluster, instances)
            if broken:
                raise AuroraError(f"stopped waiting for {what}: {'; '.join(broken)}, a state it does not leave alone.")
            if is_done(cluster, instances):
                return cluster, instances
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise StepTimeoutError(what, self._options["step_timeout"], summary(cluster, instances))
            self._sleep(min(delay, remaining))

    def _reboot(self, identifier, deadline):
        include_queued = self._options["include_queued_changes"]
        cluster, instances = self._read()
        refuse_unsafe_reboot(cluster, instances, identifier)
        member = _member(cluster, instances, identifier, include_queued)
        if member["queued"]:
            # A reboot leaves queued changes queued; ApplyImmediately with no new values applies the queue now.
            self._client.call("modify_db_instance", DBInstanceIdentifier=identifier, ApplyImmediately=True)
            cluster, instances = self._wait(
                deadline,
                f"the queued changes of {identifier} to apply, with every member available",
                lambda c, i: queue_applied(c, i, identifier),
            )
            member = _member(cluster, instances, identifier, include_queued)
        acted = bool(member["queued"])
        if member["parameters_pending"]:
            self._client.call("reboot_db_instance", DBInstanceIdentifier=identifier)
            acted = True
        cluster, _instances = self._wait(
            deadline,
            f"{identifier} to be available and in-sync, with every member available",
            lambda c, i: reboot_complete(c, i, identifier, include_queued),
        )
        if self._options["max_replica_lag_ms"] is not None and rds.writer_of(cluster) != identifier:
            self._wait_for_lag(identifier, deadline)
        return acted

    def _failover(self, target, deadline):
        name = self._options["cluster"]
        cluster, instances = self._read()
        reasons = _member(cluster, instances, target, self._options["include_queued_changes"])["reasons"]
        if reasons:
            raise AuroraError(f"refusing to make {target} the writer: it still needs a reboot ({'; '.join(reasons)})")
        # failover.plan() makes aurora_failover's checks (cluster and target available) and is None when the
        # target already writes.
        acted = bool(failover.plan(cluster, instances, {"cluster": name, "target": target}))
        if acted:
            self._client.call("failover_db_cluster", DBClusterIdentifier=name, TargetDBInstanceIdentifier=target)
        self._wait(
            deadline,
            f"{target} to be the writer of cluster {name}, with every member available",
            lambda c, i: failover_complete(c, i, target),
            delay=FAILOVER_POLL_DELAY,
        )
        return acted

    def _wait_for_lag(self, identifier, deadline):
        limit = self._options["max_replica_lag_ms"]
        while True:
            lag = replica_lag_ms(self._cloudwatch, identifier, self._now())
            if lag is not None and lag < limit:
                return
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            self._sleep(min(LAG_POLL_DELAY, remaining))
        timeout = self._options["step_timeout"]
        if lag is None:
            self.warnings.append(
                f"{identifier}: no {LAG_METRIC} datapoints within step_timeout ({timeout} s); "
                "went on without knowing its replica lag"
            )
            return
        raise AuroraError(
            f"the {LAG_METRIC} of {identifier} was still {lag} ms over the last minute after step_timeout "
            f"({timeout} s); max_replica_lag_ms is {limit}."
        )
