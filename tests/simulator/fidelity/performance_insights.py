"""Performance Insights settings of clusters and instances, as RDS stores and reports them.

Stock moto drops EnablePerformanceInsights, PerformanceInsightsRetentionPeriod and PerformanceInsightsKMSKeyId on
the floor. Here the request values are kept on the model (``_sim_pi_*``) and shown through properties:
- a period defaults to 7 days and a key to the account's default key once Performance Insights is on (service
  model, CreateDBInstanceMessage.PerformanceInsightsRetentionPeriod "Default: 7 days" and
  PerformanceInsightsKMSKeyId "If you don't specify a value ... Amazon RDS uses your default KMS key");
- neither is shown while it is off (no AWS source found; Aurora User Guide, tut-restore-cluster.md shows only
  "PerformanceInsightsEnabled": false for an instance without it);
- an instance without settings of its own shows its cluster's (no AWS source found: the service model documents
  cluster-level Performance Insights, not how members report it; the collection must read each instance);
- a named key is stored as its ARN, and an unknown one refused (kms_keys.py).
"""

from __future__ import annotations

from moto.rds.models import DBCluster, DBInstance, RDSBackend

from tests.simulator.fidelity import kms_keys
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

DEFAULT_RETENTION = 7  # days; the free tier RDS picks when EnablePerformanceInsights comes without a period
KMS_KEY = "performance_insights_kms_key_id"
# Request key -> where the setting is kept on the model.
SETTINGS = {
    "enable_performance_insights": "_sim_pi_enabled",
    "performance_insights_retention_period": "_sim_pi_retention",
    KMS_KEY: "_sim_pi_kms",
}


def resolve_key(backend: RDSBackend, kwargs) -> None:
    """A named Performance Insights key is stored as its ARN, or refused."""
    if kwargs.get(KMS_KEY) is not None:
        kwargs[KMS_KEY] = kms_keys.arn(backend, kwargs[KMS_KEY])


def store(resource, kwargs) -> None:
    """Keep the request's settings on the cluster or instance; a setting not sent keeps its value."""
    for key, attribute in SETTINGS.items():
        if kwargs.get(key) is not None:
            setattr(resource, attribute, kwargs[key])


def take(kwargs) -> dict:
    """Remove the settings from a request moto would otherwise half-handle; ``store`` them afterwards."""
    return {key: kwargs.pop(key) for key in SETTINGS if key in kwargs}


def _own_or_clusters(instance: DBInstance, attribute: str):
    own = getattr(instance, attribute, None)
    if own is not None:
        return own
    cluster = getattr(instance, "cluster", None)
    return getattr(cluster, attribute, None) if cluster is not None else None


def _instance_enabled(self: DBInstance) -> bool:
    return bool(_own_or_clusters(self, "_sim_pi_enabled"))


def _instance_retention(self: DBInstance) -> int | None:
    if not _instance_enabled(self):
        return None
    return _own_or_clusters(self, "_sim_pi_retention") or DEFAULT_RETENTION


def _instance_key(self: DBInstance) -> str | None:
    if not _instance_enabled(self):
        return None
    return _own_or_clusters(self, "_sim_pi_kms") or kms_keys.default_arn(self.backend)


def _cluster_enabled(self: DBCluster) -> bool | None:
    return getattr(self, "_sim_pi_enabled", None)


def _cluster_retention(self: DBCluster) -> int | None:
    if not _cluster_enabled(self):
        return None
    return getattr(self, "_sim_pi_retention", None) or DEFAULT_RETENTION


def _cluster_key(self: DBCluster) -> str | None:
    if not _cluster_enabled(self):
        return None
    return getattr(self, "_sim_pi_kms", None) or kms_keys.default_arn(self.backend)


PATCHES.replace(DBInstance, "performance_insights_enabled", property(_instance_enabled))
PATCHES.replace(DBInstance, "performance_insights_retention_period", property(_instance_retention))
PATCHES.replace(DBInstance, "performance_insights_kms_key_id", property(_instance_key))
PATCHES.replace(DBCluster, "performance_insights_enabled", property(_cluster_enabled))
PATCHES.replace(DBCluster, "performance_insights_retention_period", property(_cluster_retention))
PATCHES.replace(DBCluster, "performance_insights_kms_key_id", property(_cluster_key))
