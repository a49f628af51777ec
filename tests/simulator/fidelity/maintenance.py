"""The maintenance window, on demand (control API only): what RDS does to a cluster when its window comes.

``POST /_sim/maintenance`` calls ``run``. Stock moto has no maintenance at all. At the window RDS:
- applies the changes that were waiting for it (PendingModifiedValues of the cluster and of its instances): service
  model, ModifyDBClusterMessage.ApplyImmediately ("If this parameter is disabled, changes to the DB cluster are
  applied during the next maintenance window") and ModifyDBInstanceMessage.ApplyImmediately; Aurora User Guide,
  USER_UpgradeDBInstance.Maintenance.md ("Deferred DB cluster and instance modifications ... are applied during the
  maintenance window"). They apply as ApplyImmediately would apply them (clusters.py, instances.py);
- upgrades the cluster to a higher minor version of the same major when automatic minor upgrades are on: Aurora User
  Guide, AuroraMySQL.Updates.Patching.md ("Aurora only performs the automatic upgrade if all DB instances in your DB
  cluster have this setting turned on"; "Auto minor version upgrades are performed to the default minor version",
  the catalogue's ValidUpgradeTarget with AutoUpgrade true) and USER_UpgradeDBInstance.Maintenance.md ("Automatic
  upgrades occur during the maintenance window"). The cluster shows ``upgrading`` (Aurora.Status.md) and records
  RDS-EVENT-0286 "Database cluster engine version upgrade started." and RDS-EVENT-0173 "Database cluster engine
  version has been upgraded." (USER_Events.Messages.md). The request may name the version instead (any higher one of
  the same major), so a test can bump a cluster whose catalogue version has no automatic target.
Not modelled: the AutoMinorVersionUpgrade setting of the cluster itself (the instances' settings decide, per the
source above) and whether DescribePendingMaintenanceActions lists the upgrade first (no AWS source found).
"""

from __future__ import annotations

from moto.rds.models import DBCluster, RDSBackend

from tests.simulator.catalog import valid_upgrade_targets
from tests.simulator.fidelity import clusters, events, instances
from tests.simulator.support import lifecycle, lookup, pending, validation


class MaintenanceError(ValueError):
    """The request names an unknown cluster (``missing`` set), a busy one, or a version it cannot move to."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


def automatic_target(cluster: DBCluster, members: list) -> str | None:
    """The version an automatic minor upgrade moves the cluster to now, or None."""
    if not members or not all(member.auto_minor_version_upgrade for member in members):
        return None
    for target in valid_upgrade_targets(cluster.engine_version):
        if target["AutoUpgrade"] and not target["IsMajorVersionUpgrade"]:
            return target["EngineVersion"]
    return None


def check_requested(cluster: DBCluster, version: str) -> None:
    """A named version must be known, higher and of the same major version."""
    if version not in validation.known_versions():
        raise MaintenanceError(f"unknown aurora-mysql version {version}")
    current = cluster.engine_version
    if version.split(".mysql_aurora.")[0] != current.split(".mysql_aurora.")[0]:
        raise MaintenanceError(f"{version} is not a minor version of {current}'s major version")
    if validation.version_key(version) <= validation.version_key(current):
        raise MaintenanceError(f"{version} is not higher than {current}")


def upgrade(backend: RDSBackend, cluster: DBCluster, target: str) -> None:
    events.record_cluster(backend, cluster, "Database cluster engine version upgrade started", "maintenance")

    def upgraded() -> None:
        cluster.engine_version = target
        cluster.status = "available"
        events.record_cluster(backend, cluster, "Database cluster engine version has been upgraded", "maintenance")

    lifecycle.start(cluster, [("upgrading", "cluster.upgrading")], upgraded)


def run(backend: RDSBackend, request: dict) -> dict:
    """``request``: {"cluster": id, "engine_version": optional version, "minor_upgrade": true (default) or false}."""
    unknown = set(request) - {"cluster", "engine_version", "minor_upgrade", "region"}
    if unknown:
        raise MaintenanceError(f"unknown settings: {sorted(unknown)}")
    cluster = backend.clusters.get(request.get("cluster") or "")
    if cluster is None:
        raise MaintenanceError(f"no DB cluster {request.get('cluster')}", missing=True)
    if cluster.status != "available":
        raise MaintenanceError(f"DB cluster {cluster.db_cluster_identifier} is {cluster.status}, not available")
    requested = request.get("engine_version")
    if requested is not None:
        check_requested(cluster, requested)
    members = lookup.members(backend, cluster)
    applied = {"cluster": dict(pending.shown(cluster))}
    for member in members:
        if pending.shown(member) and member.status == "available":
            applied[member.db_instance_identifier] = pending.shown(member)
            instances.apply_pending(backend, member)
    clusters.apply_pending(backend, cluster)
    clusters.settle(cluster, immediately=True)
    target = None
    if cluster.status == "available":
        target = requested or (automatic_target(cluster, members) if request.get("minor_upgrade", True) else None)
    if target:
        upgrade(backend, cluster, target)
    return {
        "cluster": cluster.db_cluster_identifier,
        "applied": {name: values for name, values in applied.items() if values},
        "engine_version_upgrade": target,
    }
