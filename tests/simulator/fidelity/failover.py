"""FailoverDBCluster as Aurora does it.

Stock moto flips the writer flag instantly, picks the first reader it finds (ignoring promotion tiers),
accepts a target from another cluster, records no event and never shows ``failing-over``. Aurora:
- promotes the requested reader, or else the reader with the best (lowest) promotion tier, the largest
  instance class breaking ties (Aurora User Guide, Concepts.AuroraHighAvailability.md: "If two or more Aurora
  Replicas share the same priority, then Amazon RDS promotes the replica that is largest in size. If two or more
  Aurora Replicas share the same priority and size, then Amazon RDS promotes an arbitrary replica"; here the
  identifier decides that last tie, so tests can rely on it and the collection must not);
- shows the cluster ``failing-over`` (Aurora User Guide, Aurora.Status.md) and the old writer and the target
  ``rebooting`` meanwhile (the instances' status during a failover: no AWS source found);
- records "Started cross AZ failover to DB instance: X" (RDS-EVENT-0073) and "Completed failover to DB instance:
  X" (RDS-EVENT-0071) as db-cluster events (Aurora User Guide, USER_Events.Messages.md; RDS says "same AZ"
  (RDS-EVENT-0072) when the target shares the writer's zone, which is not modelled, nor are RDS-EVENT-0069/0070 of a
  failed failover);
- restarts the old writer and the promoted reader, and only them (Aurora User Guide, USER_RebootCluster.md: "Aurora
  MySQL only restarts the writer DB instance and the failover target during a failover"), so their pending-reboot
  parameters apply (that a failover restart applies them: no AWS source found; the collection must read
  ParameterApplyStatus after a failover, not assume it).
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
    """Relative size of ``db.r6g.4xlarge``-style classes: 4xlarge = 4 x xlarge, metal beats everything.

    Aurora User Guide, Concepts.DBInstanceClass.md (the hardware table grows with the size name); the ranking of
    "metal" above every xlarge is ours (no AWS source found).
    """
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
    """The requested reader, or the best one (service model, FailoverDBClusterMessage.TargetDBInstanceIdentifier:
    "The name of the DB instance to promote").

    The refusals' codes: InvalidDBInstanceState and InvalidDBClusterStateFault are in the service model's
    FailoverDBCluster errors; InvalidParameterValue for a target that is missing, elsewhere or already the writer,
    and every message's wording: no AWS source found.
    """
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
    # Only from available: service model, FailoverDBCluster errors (InvalidDBClusterStateFault); the wording: no AWS
    # source found.
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
