"""Output fields stock moto leaves out or gets wrong on clusters and instances.

moto's serialiser reads model attributes by their snake_case output name, so each fix is a property:
- an Aurora member's DBSubnetGroup is its cluster's subnet group (moto reports none for cluster members);
- PerformanceInsightsEnabled / RetentionPeriod / KMSKeyId (moto drops the request values on the floor);
- PendingModifiedValues, which RDS always returns for an instance ({} when nothing waits) and returns for a
  cluster only while something waits for the maintenance window;
- a cluster's Status is whatever the transition scheduler says (moto flips "creating" to "available" the
  first time anybody reads it).
"""

from __future__ import annotations

from moto.rds.models import DBCluster, DBInstance, DBInstanceClustered, RDSBackend

from tests.simulator.fidelity import kms_keys

PI_DEFAULT_RETENTION = 7  # days; the free tier RDS picks when EnablePerformanceInsights comes without a period


def default_pi_kms_key(backend: RDSBackend) -> str:
    """RDS encrypts Performance Insights data with the account's aws/rds key when no key is given."""
    return kms_keys.default_arn(backend)


def _cluster_of(instance: DBInstance) -> DBCluster | None:
    return getattr(instance, "cluster", None)


def _pi_setting(instance: DBInstance, name: str):
    """An instance's own Performance Insights setting, else the one its cluster was given."""
    own = getattr(instance, name, None)
    if own is not None:
        return own
    cluster = _cluster_of(instance)
    return getattr(cluster, name, None) if cluster is not None else None


def _instance_pi_enabled(self: DBInstance) -> bool:
    return bool(_pi_setting(self, "_sim_pi_enabled"))


def _instance_pi_retention(self: DBInstance) -> int | None:
    if not _instance_pi_enabled(self):
        return None
    return _pi_setting(self, "_sim_pi_retention") or PI_DEFAULT_RETENTION


def _instance_pi_kms(self: DBInstance) -> str | None:
    if not _instance_pi_enabled(self):
        return None
    return _pi_setting(self, "_sim_pi_kms") or default_pi_kms_key(self.backend)


def _instance_pending(self: DBInstance) -> dict:
    return dict(getattr(self, "_sim_pending", {}))


def _member_subnet_group(self: DBInstanceClustered):
    cluster = _cluster_of(self)
    if cluster is None:
        return None
    return self.backend.subnet_groups.get(cluster.db_subnet_group_name)


def _ignore_subnet_group(self: DBInstanceClustered, value) -> None:
    """moto's DBInstance assigns the group named in CreateDBInstance; a member always uses its cluster's."""


def _cluster_pending(self: DBCluster) -> dict | None:
    return dict(self._sim_pending) if getattr(self, "_sim_pending", None) else None


def _cluster_status(self: DBCluster) -> str:
    return self._status


def _set_cluster_status(self: DBCluster, value: str) -> None:
    self._status = value


def install() -> None:
    DBInstance.performance_insights_enabled = property(_instance_pi_enabled)
    DBInstance.performance_insights_retention_period = property(_instance_pi_retention)
    DBInstance.performance_insights_kms_key_id = property(_instance_pi_kms)
    DBInstance.pending_modified_values = property(_instance_pending)
    DBInstanceClustered.db_subnet_group = property(_member_subnet_group, _ignore_subnet_group)
    DBCluster.pending_modified_values = property(_cluster_pending)
    DBCluster.performance_insights_enabled = property(lambda self: getattr(self, "_sim_pi_enabled", None))
    DBCluster.performance_insights_retention_period = property(
        lambda self: (
            (getattr(self, "_sim_pi_retention", None) or PI_DEFAULT_RETENTION)
            if getattr(self, "_sim_pi_enabled", None)
            else None
        )
    )
    DBCluster.performance_insights_kms_key_id = property(
        lambda self: (
            (getattr(self, "_sim_pi_kms", None) or default_pi_kms_key(self.backend))
            if getattr(self, "_sim_pi_enabled", None)
            else None
        )
    )
    DBCluster.status = property(_cluster_status, _set_cluster_status)
