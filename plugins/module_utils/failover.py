# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Failover: which reader to promote, whether a failover is needed at all, and the checks that come first. Pure."""

from __future__ import annotations

import re

from ansible_collections.aurora.mysql.plugins.module_utils import validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

# vCPUs of each size: the same order Aurora uses for "the largest instance" within a promotion tier.
# A metal class is the whole host, larger than any NNxlarge of its family.
_NAMED_SIZES = {"nano": 0.125, "micro": 0.25, "small": 0.5, "medium": 1, "large": 2, "xlarge": 4, "metal": 1000}
_MULTI_XLARGE = re.compile(r"^(\d+)xlarge$")


def desired_from_params(params):
    """The request: cluster and optional target, both validated before any AWS call."""
    target = params.get("target_instance")
    return {
        "cluster": validate.identifier("cluster_identifier", params["cluster_identifier"]),
        "target": None if target is None else validate.identifier("target_instance", target),
    }


def class_size(instance_class):
    """Relative size of 'db.r6g.2xlarge' and friends; unknown sizes (db.serverless) rank lowest."""
    size = (instance_class or "").rsplit(".", 1)[-1]
    if size in _NAMED_SIZES:
        return _NAMED_SIZES[size]
    match = _MULTI_XLARGE.match(size)
    return int(match.group(1)) * 4 if match else 0


def members(cluster, instances):
    """One entry per cluster member: identifier, writer flag, tier, class and status, in a stable order."""
    by_id = {instance["DBInstanceIdentifier"]: instance for instance in instances}
    result = []
    for member in cluster.get("DBClusterMembers", []):
        identifier = member["DBInstanceIdentifier"]
        instance = by_id.get(identifier, {})
        result.append(
            {
                "identifier": identifier,
                "writer": bool(member.get("IsClusterWriter")),
                "promotion_tier": member.get("PromotionTier", instance.get("PromotionTier", 1)),
                "instance_class": instance.get("DBInstanceClass"),
                "status": instance.get("DBInstanceStatus", "unknown"),
            }
        )
    return sorted(result, key=lambda m: m["identifier"])


def promotion_order(candidates, name="identifier"):
    """Readers in the order Aurora promotes them: lowest tier first, then the largest class, then by name."""
    return sorted(candidates, key=lambda m: (m["promotion_tier"], -class_size(m["instance_class"]), m[name]))


def settled(cluster, instances):
    """True when the cluster and every member are available: nothing left to wait for."""
    return cluster.get("Status") == "available" and all(m["status"] == "available" for m in members(cluster, instances))


def plan(cluster, instances, desired):
    """None when the target already writes; else {previous_writer, target}. Raises on any precondition failure.

    Without a target the choice is made here, not left to RDS, so that check mode, the wait and the result
    all name the same instance.
    """
    name = desired["cluster"]
    if cluster is None:
        raise ValidationError("cluster_identifier", f"cluster {name} does not exist")
    current = members(cluster, instances)
    by_id = {m["identifier"]: m for m in current}
    writer = next((m["identifier"] for m in current if m["writer"]), None)
    target = desired["target"]
    if target is not None and target not in by_id:
        known = ", ".join(sorted(by_id)) or "none"
        raise ValidationError("target_instance", f"{target} is not a member of cluster {name} (members: {known})")
    if target is not None and target == writer:
        return None
    if cluster.get("Status") != "available":
        raise ValidationError(
            "cluster_identifier", f"cluster {name} is {cluster.get('Status')}; a failover needs it available"
        )
    if len(current) < 2:
        raise ValidationError(
            "cluster_identifier", f"cluster {name} has {len(current)} member(s); a failover needs a writer and a reader"
        )
    if target is None:
        target = _default_target(name, current)
    elif by_id[target]["status"] != "available":
        raise ValidationError("target_instance", f"{target} is {by_id[target]['status']}; it must be available")
    return {"previous_writer": writer, "target": target}


def _default_target(name, current):
    readers = [m for m in current if not m["writer"]]
    available = [m for m in readers if m["status"] == "available"]
    if not available:
        states = ", ".join(f"{m['identifier']} is {m['status']}" for m in readers)
        raise ValidationError("cluster_identifier", f"cluster {name} has no available reader to promote ({states})")
    return promotion_order(available)[0]["identifier"]
