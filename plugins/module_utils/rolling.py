# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rolling reboot, pure: which members need a restart, the zero-downtime order to restart them in, and the checks
the step runner (rolling_api.py) makes between steps.

The cluster is read as rds.topology(). The order is a pure function of it (plan()), so check mode returns exactly
the steps a real run takes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import failover, states, validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan
from ansible_collections.aurora.mysql.plugins.module_utils.rds import PENDING_REBOOT

# Queued instance changes that take effect only when the instance restarts, named as RDS names them. A queued
# rename is not one of them, but applying the queue would carry it out too, which is why plan() refuses it.
RESTART_CHANGES = {
    "ca_certificate_identifier": "CACertificateIdentifier",
    "db_instance_class": "DBInstanceClass",
    "processor_features": "ProcessorFeatures",
}
RENAME_CHANGE = "db_instance_identifier"
# After a parameter change RDS shows `applying` before `pending-reboot` or `in-sync` (service model,
# DBParameterGroupStatus.ParameterApplyStatus; the order: no AWS source found). AWS's CloudFormation handlers wait
# until no member is applying (DBInstancePredicates: isDBParameterGroupNotApplying and
# isDBClusterParameterGroupNotApplying).
APPLYING = "applying"
MAX_STEP_TIMEOUT = 24 * 3600
MAX_LAG_MS = 24 * 3600 * 1000

ARGUMENT_SPEC = dict(
    cluster_identifier=dict(type="str", required=True),
    preserve_writer=dict(type="bool", default=True),
    allow_downtime=dict(type="bool", default=False),
    max_replica_lag_ms=dict(type="int"),
    include_queued_changes=dict(type="bool", default=True),
    step_timeout=dict(type="int", default=1800),
)


@dataclass(frozen=True)
class Desired:
    cluster: str
    preserve_writer: bool = True
    allow_downtime: bool = False
    include_queued_changes: bool = True
    max_replica_lag_ms: int | None = None
    step_timeout: int = 1800


def desired_from_params(params):
    """The run's options, validated before any AWS call."""
    return Desired(
        cluster=validate.identifier("cluster_identifier", params["cluster_identifier"]),
        preserve_writer=bool(params["preserve_writer"]),
        allow_downtime=bool(params["allow_downtime"]),
        include_queued_changes=bool(params["include_queued_changes"]),
        max_replica_lag_ms=validate.int_range("max_replica_lag_ms", params.get("max_replica_lag_ms"), 1, MAX_LAG_MS),
        step_timeout=validate.int_range("step_timeout", params["step_timeout"], 1, MAX_STEP_TIMEOUT),
    )


def needs(member, include_queued):
    """The member view plus what it still needs: reasons (empty = nothing), queued, parameters_pending, renaming."""
    pending = member["pending_modified_values"]
    queued = {name: pending[key] for key, name in RESTART_CHANGES.items() if pending.get(key) not in (None, [], {})}
    queued = queued if include_queued else {}
    parameters = []
    if member["parameter_apply_status"] == PENDING_REBOOT:
        parameters.append(f"parameter group {member['db_parameter_group_name']} is pending-reboot")
    if member["cluster_parameter_apply_status"] == PENDING_REBOOT:
        parameters.append("cluster parameter group is pending-reboot")
    return dict(
        member,
        reasons=parameters + [f"queued {name} change to {queued[name]}" for name in sorted(queued)],
        queued=queued,
        parameters_pending=bool(parameters),
        renaming=pending.get(RENAME_CHANGE),
    )


def members(topology, include_queued):
    return [needs(member, include_queued) for member in topology["members"]]


def member(topology, identifier, include_queued):
    found = [m for m in members(topology, include_queued) if m["instance_identifier"] == identifier]
    if not found:
        raise AuroraError(f"{identifier} is no longer a member of cluster {topology['identifier']}")
    return found[0]


def state(topology, include_queued):
    """What the diff shows: the writer and the members that still need a reboot."""
    if topology is None:
        return {"writer": None, "pending_reboot": []}
    pending = [m["instance_identifier"] for m in members(topology, include_queued) if m["reasons"]]
    return {"writer": topology["writer"], "pending_reboot": pending}


def _least_important_first(member):
    # The reverse of the order Aurora promotes in: highest tier, then smallest class, so the reader Aurora would
    # promote first keeps serving the longest.
    return (-member["promotion_tier"], failover.class_size(member["instance_class"]), member["instance_identifier"])


def _step(action, member, reasons):
    role = "writer" if member["is_writer"] else "reader"
    return {"action": action, "instance": member["instance_identifier"], "role": role, "reasons": list(reasons)}


def _check_ready(topology, current, todo, include_queued):
    name = topology["identifier"]
    down = [f"{m['instance_identifier']} is {m['status']}" for m in current if m["status"] != "available"]
    if topology["status"] != "available" or down:
        states = "; ".join([f"the cluster is {topology['status']}"] + down)
        raise ValidationError(
            "cluster_identifier",
            f"cluster {name} is not ready for a rolling reboot ({states}): every member must be available first, "
            "so that no more than one instance is ever down",
        )
    if topology["writer"] is None:
        raise ValidationError("cluster_identifier", f"cluster {name} has no writer")
    renaming = [m for m in todo if m["renaming"] and m["queued"]]
    if include_queued and renaming:
        named = ", ".join(f"{m['instance_identifier']} -> {m['renaming']}" for m in renaming)
        raise ValidationError(
            "include_queued_changes",
            f"applying the queued changes would also carry out the queued rename ({named}); apply or cancel the "
            "rename first, or set include_queued_changes=false",
        )


def plan(topology, desired, *, check_mode=False):
    """Plan action "reboot" with the ordered steps in details["steps"]; nothing when no member needs a reboot.
    Raises ValidationError when the run cannot be safe.

    Readers one at a time, least important first; then, if the writer needs a reboot, a failover to the best reader
    (every reader is in-sync by then), the old writer's reboot, and the failback when preserve_writer is set.
    A check run may reach a cluster an earlier task only predicted: a cluster still to be made has nothing pending.
    """
    if topology is None:
        if check_mode:
            return Plan()
        raise MissingError("cluster_identifier", f"cluster {desired.cluster} does not exist")
    refuse_stuck(topology)
    current = members(topology, desired.include_queued_changes)
    todo = [m for m in current if m["reasons"]]
    if not todo:
        return Plan()
    _check_ready(topology, current, todo, desired.include_queued_changes)
    writer = next(m for m in current if m["is_writer"])
    readers = [m for m in current if not m["is_writer"]]
    if not readers:
        if not desired.allow_downtime:
            raise ValidationError(
                "allow_downtime",
                f"cluster {desired.cluster} has a single instance ({writer['instance_identifier']}), so rebooting it "
                "takes the cluster down; add a reader for a zero-downtime reboot, or set allow_downtime=true to "
                "accept the outage",
            )
        return _plan([_step("reboot", writer, writer["reasons"])], topology["writer"])
    steps = [
        _step("reboot", m, m["reasons"])
        for m in sorted((m for m in readers if m["reasons"]), key=_least_important_first)
    ]
    if writer["reasons"]:
        target = failover.promotion_order(readers)[0]
        steps.append(
            _step("failover", target, [f"move the writer off {writer['instance_identifier']} before it reboots"])
        )
        steps.append(_step("reboot", writer, writer["reasons"]))
        if desired.preserve_writer:
            steps.append(_step("failover", writer, ["preserve_writer: give the writer role back"]))
    return _plan(steps, topology["writer"])


def _plan(steps, writer):
    numbered = [dict(step, step=number) for number, step in enumerate(steps, start=1)]
    return Plan(
        action="reboot",
        changes={"writer": final_writer(numbered, writer), "pending_reboot": []},
        details={"steps": numbered},
    )


def planned(steps):
    return [dict(step, status="planned", duration_seconds=0.0) for step in steps]


def final_writer(steps, writer):
    """The writer once the steps have run: the last failover's target, else the writer as it is."""
    failovers = [step["instance"] for step in steps if step["action"] == "failover"]
    return failovers[-1] if failovers else writer


def applying(topology):
    """The members whose parameter group or cluster parameter group is still `applying`: until it settles, whether
    they need a reboot is not known."""
    return [
        m["instance_identifier"]
        for m in topology["members"]
        if APPLYING in (m["parameter_apply_status"], m["cluster_parameter_apply_status"])
    ]


def reboot_complete(topology, identifier, include_queued):
    """The instance applied everything it was rebooted for, and every member is available and settled again."""
    return (
        failover.settled(topology)
        and not applying(topology)
        and not member(topology, identifier, include_queued)["reasons"]
    )


def queue_applied(topology, identifier):
    return failover.settled(topology) and not member(topology, identifier, True)["queued"]


def failover_complete(topology, target):
    return failover.settled(topology) and topology["writer"] == target


def refuse_stuck(topology):
    """StuckError for a cluster, a member or a member's parameter group in a state waiting does not leave
    (states.py): no reboot can be safe then, and waiting for it would only burn the step timeout."""
    states.refuse(states.CLUSTER, topology["identifier"], topology["status"])
    for m in topology["members"]:
        states.refuse(states.INSTANCE, m["instance_identifier"], m["status"])
        for status in (m["parameter_apply_status"], m["cluster_parameter_apply_status"]):
            states.refuse(states.PARAMETERS, m["instance_identifier"], status)


def summary(topology):
    """One line of what the cluster looked like, for timeout messages."""
    states = ", ".join(f"{m['instance_identifier']}={m['status']}" for m in topology["members"])
    return f"cluster {topology['status']}, writer {topology['writer']}, {states}"


def refuse_unsafe_reboot(topology, identifier):
    """The runtime guard behind the plan: never the writer while readers exist, never with another member down."""
    current = topology["members"]
    found = next((m for m in current if m["instance_identifier"] == identifier), None)
    if found is None:
        raise AuroraError(f"{identifier} is no longer a member of cluster {topology['identifier']}")
    if found["is_writer"] and len(current) > 1:
        raise AuroraError(f"{identifier} is the writer now; refusing to reboot it while the cluster has readers")
    down = [f"{m['instance_identifier']} is {m['status']}" for m in current if m["status"] != "available"]
    if down:
        raise AuroraError(f"refusing to reboot {identifier} while another member is down ({'; '.join(down)})")


def max_lag(datapoints):
    """The highest AuroraReplicaLag Maximum among the datapoints, or None when there are none (unknown)."""
    values = [point["Maximum"] for point in datapoints if point.get("Maximum") is not None]
    return max(values) if values else None


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
