# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failover: which reader to promote, whether a failover is needed at all, and the checks that come first. Pure.

The cluster is read as rds.topology(): its status, its writer and the member views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import states, validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.module import WAIT_ARGUMENT_SPEC
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan

# vCPUs of each size: the same order Aurora uses for "the largest instance" within a promotion tier.
# A metal class is the whole host, larger than any NNxlarge of its family.
_NAMED_SIZES = {"nano": 0.125, "micro": 0.25, "small": 0.5, "medium": 1, "large": 2, "xlarge": 4, "metal": 1000}
_MULTI_XLARGE = re.compile(r"^(\d+)xlarge$")

# Aurora User Guide, USER_Events.Messages.md, DB cluster events: RDS-EVENT-0069 "Cluster failover failed, check the
# health of your cluster instances and try again." and RDS-EVENT-0070 "Promoting previous primary again: name.".
# Real messages carry no event id and may lack the table's final period (the DescribeEvents output in
# AuroraMySQL.Updates.MajorVersionUpgrade.md), so they are matched by their words.
FAILED_FAILOVER_WORDS = ("cluster failover failed", "promoting previous primary again")

ARGUMENT_SPEC = dict(
    cluster_identifier=dict(type="str", required=True),
    target_instance=dict(type="str"),
    **WAIT_ARGUMENT_SPEC,
)


@dataclass(frozen=True)
class Desired:
    cluster: str
    target: str | None = None  # None: the reader Aurora itself would promote
    wait: bool = True


def desired_from_params(params):
    """The request: cluster and optional target, both validated before any AWS call."""
    target = params.get("target_instance")
    return Desired(
        cluster=validate.identifier("cluster_identifier", params["cluster_identifier"]),
        target=None if target is None else validate.identifier("target_instance", target),
        wait=params.get("wait", True),
    )


def class_size(instance_class):
    """Relative size of 'db.r6g.2xlarge' and friends; unknown sizes (db.serverless) rank lowest."""
    size = (instance_class or "").rsplit(".", 1)[-1]
    if size in _NAMED_SIZES:
        return _NAMED_SIZES[size]
    match = _MULTI_XLARGE.match(size)
    return int(match.group(1)) * 4 if match else 0


def promotion_order(members):
    """Readers in the order Aurora promotes them: lowest tier first, then the largest class, then by name."""
    return sorted(
        members, key=lambda m: (m["promotion_tier"], -class_size(m["instance_class"]), m["instance_identifier"])
    )


def settled(topology):
    """True when the cluster and every member are available: nothing left to wait for."""
    return topology["status"] == "available" and all(m["status"] == "available" for m in topology["members"])


def plan(current, desired):
    """A failover to the target, or nothing when it already writes; raises on any precondition failure.

    Without a target the choice is made here, not left to RDS, so that check mode, the wait and the result
    all name the same instance. details: previous_writer, and target (the writer the run ends with).
    """
    name = desired.cluster
    if current is None:
        raise MissingError("cluster_identifier", f"cluster {name} does not exist")
    members = current["members"]
    by_id = {m["instance_identifier"]: m for m in members}
    writer, target = current["writer"], desired.target
    if target is not None and target not in by_id:
        known = ", ".join(sorted(by_id)) or "none"
        raise ValidationError("target_instance", f"{target} is not a member of cluster {name} (members: {known})")
    if target is not None and target == writer:
        # Still wait when asked, so a rerun with wait=true finishes what a wait=false run started.
        wait = "failover_complete" if desired.wait and not settled(current) else None
        if wait:
            states.refuse(states.CLUSTER, name, current["status"])
        return Plan(wait=wait, details={"previous_writer": writer, "target": writer})
    states.refuse(states.CLUSTER, name, current["status"])
    if current["status"] != "available":
        raise ValidationError(
            "cluster_identifier", f"cluster {name} is {current['status']}; a failover needs it available"
        )
    if len(members) < 2:
        raise ValidationError(
            "cluster_identifier", f"cluster {name} has {len(members)} member(s); a failover needs a writer and a reader"
        )
    if target is None:
        target = _default_target(name, members)
    elif by_id[target]["status"] != "available":
        raise ValidationError("target_instance", f"{target} is {by_id[target]['status']}; it must be available")
    return Plan(
        action="failover",
        changes={"writer": target},
        wait="failover_complete" if desired.wait else None,
        request={"DBClusterIdentifier": name, "TargetDBInstanceIdentifier": target},
        details={"previous_writer": writer, "target": target},
    )


def _default_target(name, members):
    readers = [m for m in members if not m["is_writer"]]
    available = [m for m in readers if m["status"] == "available"]
    if not available:
        states = ", ".join(f"{m['instance_identifier']} is {m['status']}" for m in readers)
        raise ValidationError("cluster_identifier", f"cluster {name} has no available reader to promote ({states})")
    return promotion_order(available)[0]["instance_identifier"]


def failure_events(events):
    """The events (rds.events_view()) saying that a failover failed."""
    return [event for event in events if any(words in event["message"].lower() for words in FAILED_FAILOVER_WORDS)]


class FailoverFailedError(AuroraError):
    """RDS gave the failover up and kept the writer (RDS-EVENT-0069/0070): said at once, with the events, rather
    than after the whole wait."""

    def __init__(self, cluster, target, writer, events):
        said = "; ".join(event["message"] for event in failure_events(events))
        super().__init__(
            f"the failover of cluster {cluster} to {target} failed and {writer} is still the writer; RDS said: {said}. "
            "Check the health of the cluster's instances, then rerun."
        )
        self.writer = writer
        self.events = events

    def to_result(self):
        return {"writer": self.writer, "events": self.events}
