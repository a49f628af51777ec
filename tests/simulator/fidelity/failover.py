"""FailoverDBCluster as Aurora does it.

Stock moto flips the writer flag instantly, picks the first reader it finds (ignoring promotion tiers),
accepts a target from another cluster, records no event and never shows ``failing-over``. Aurora:
- promotes the requested reader, or else the reader with the best (lowest) promotion tier, the largest
  instance class breaking ties (Aurora user guide, "Fault tolerance for an Aurora DB cluster");
- shows the cluster ``failing-over`` and the old writer and the target ``rebooting`` meanwhile;
- records "Started cross AZ failover to DB instance: X" and "Completed failover to DB instance: X" as
  db-cluster events;
- restarts the old writer and the promoted reader, so their pending-reboot parameters apply (and only theirs).
"""

from __future__ import annotations

import re

from moto.rds.exceptions import InvalidDBClusterStateFault, InvalidParameterValue, RDSClientError
from moto.rds.models import DBCluster, DBInstanceClustered, RDSBackend

from tests.simulator.fidelity import events, parameter_groups
from tests.simulator.support import lookup
from tests.simulator.support.patching import Patches
from tests.simulator.transitions import SCHEDULER

PATCHES = Patches(__name__)

NAMED_SIZES = {"nano": 0.125, "micro": 0.25, "small": 0.5, "medium": 1, "large": 2, "xlarge": 4, "metal": 1000}


def class_size(instance_class: str) -> float:
    """Relative size of ``db.r6g.4xlarge``-style classes: 4xlarge = 4 x xlarge, metal beats everything."""
    size = instance_class.rsplit(".", 1)[-1]
    match = re.fullmatch(r"(\d+)xlarge", size)
    if match:
        return int(match.group(1)) * NAMED_SIZES["xlarge"]
    return NAMED_SIZES.get(size, 0)


def choose_target(readers: list[DBInstanceClustered]) -> DBInstanceClustered:
    return min(
        readers,
        key=lambda db: (int(db.promotion_tier), -class_size(db.db_instance_class), db.db_instance_identifier),
    )


def pick_target(backend: RDSBackend, cluster: DBCluster, requested: str | None) -> DBInstanceClustered:
    members = lookup.members(backend, cluster)
    if requested is not None:
        target = backend.databases.get(requested)
        if target is None:
            raise InvalidParameterValue(f"Cannot find target instance: {requested}")
        if target not in members:
            raise InvalidParameterValue(
                f"Target instance {target.db_instance_identifier} is not a member of DB cluster "
                f"{cluster.db_cluster_identifier}"
            )
        if target.is_cluster_writer:
            raise InvalidParameterValue(
                f"Target instance {target.db_instance_identifier} is already the writer of DB cluster "
                f"{cluster.db_cluster_identifier}"
            )
        if target.status != "available":
            raise RDSClientError(
                "InvalidDBInstanceState",
                f"Instance {target.db_instance_identifier} should be in valid state for failover.",
            )
        return target
    readers = [db for db in members if not db.is_cluster_writer and db.status == "available"]
    if not readers:
        raise InvalidDBClusterStateFault(
            f"Database cluster:{cluster.db_cluster_identifier} should have at least two database instances in "
            "valid states or a valid target instance for failover."
        )
    return choose_target(readers)


def failover(backend: RDSBackend, cluster_identifier: str, target_identifier: str | None) -> DBCluster:
    cluster = lookup.cluster(backend, cluster_identifier)
    if cluster.status != "available":
        raise InvalidDBClusterStateFault(
            f"DbCluster {cluster.db_cluster_identifier} is in {cluster.status} state but expected it to be one "
            "of available."
        )
    target = pick_target(backend, cluster, target_identifier)
    writer = next((db for db in lookup.members(backend, cluster) if db.is_cluster_writer), None)
    name = target.db_instance_identifier
    events.record_cluster(backend, cluster, f"Started cross AZ failover to DB instance: {name}", "failover")
    instances = [db for db in (writer, target) if db is not None]

    def show(status: str) -> None:
        cluster.status = status
        for db in instances:
            db.status = "rebooting"

    def completed() -> None:
        if writer is not None:
            writer.is_cluster_writer = False
        target.is_cluster_writer = True
        cluster.status = "available"
        for db in instances:
            db.status = "available"
            parameter_groups.apply_pending_reboot(db)
        events.record_cluster(backend, cluster, f"Completed failover to DB instance: {name}", "failover")

    SCHEDULER.start(("failover", id(cluster)), [("failing-over", "cluster.failing-over")], show, completed)
    return cluster


def failover_db_cluster(self: RDSBackend, db_cluster_identifier, target_db_instance_identifier=None) -> DBCluster:
    return failover(self, db_cluster_identifier, target_db_instance_identifier)


PATCHES.replace(RDSBackend, "failover_db_cluster", failover_db_cluster)
