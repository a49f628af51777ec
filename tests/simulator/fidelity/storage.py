"""Aurora cluster storage: StorageType and encryption at rest as RDS reports them.

What stock moto 5.2.5 gets wrong, each fixed below:
- an Aurora cluster created without StorageType reports ``gp2``; RDS uses Aurora Standard, ``aurora`` (service
  model, CreateDBClusterMessage.StorageType: "Default: Aurora DB clusters - aurora"), and leaves it out of the
  cluster's answer: "When you create an Aurora DB cluster with the storage type set to aurora-iopt1, the storage type
  is returned in the response. The storage type isn't returned when you set it to aurora" (same source);
- StorageType ``aurora-iopt1`` (I/O-Optimized) crashes CreateDBCluster (KeyError in moto's allocated-storage
  table, HTTP 500), and any other value is accepted; RDS takes ``aurora`` or ``aurora-iopt1`` for Aurora and
  answers StorageTypeNotSupported otherwise ("Valid Values: Aurora DB clusters - aurora | aurora-iopt1", same
  source; the errors of CreateDBCluster and ModifyDBCluster list StorageTypeNotSupportedFault, code
  StorageTypeNotSupported; the wording "Invalid storage type": no AWS source found);
- members report StorageType ``aurora`` whatever their cluster uses; they report their cluster's storage type
  (Aurora User Guide, tut-restore-cluster.md shows a member reporting "aurora"; that an I/O-Optimized cluster's
  members report "aurora-iopt1": no AWS source found);
- AllocatedStorage is 1 for good; the current service model says "For Aurora, AllocatedStorage can vary because Aurora
  DB cluster storage size adjusts as needed" (DBCluster.AllocatedStorage). Real answers show 1 (Aurora User Guide,
  Aurora.Viewing.md and tut-restore-cluster.md; AWS CLI example failover-db-cluster.rst) and 15 (Aurora.Viewing.md, a
  cluster with instances). Here a new cluster reports 1 and, once an instance has run on it, 15; when and by how much
  Aurora's figure changes: no AWS source found (the collection must never compare it);
- KmsKeyId is echoed as sent (``default_kms_key_id`` when absent, even for an unencrypted cluster); RDS reports
  the key ARN, the aws/rds key by default and no key when unencrypted (service model, DBCluster.KmsKeyId: "If
  StorageEncrypted is enabled, the Amazon Web Services KMS key identifier"; CreateDBClusterMessage.KmsKeyId: "If the
  StorageEncrypted parameter is enabled ... Amazon RDS uses your default KMS key"; the ARN form: kms_keys.py).
"""

from __future__ import annotations

from moto.rds.exceptions import RDSClientError
from moto.rds.models import DBCluster, DBInstanceClustered, RDSBackend

from tests.simulator.fidelity import kms_keys
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

AURORA_ENGINES = frozenset({"aurora", "aurora-mysql", "aurora-postgresql"})
AURORA_STORAGE_TYPES = ("aurora", "aurora-iopt1")
AURORA_STANDARD = "aurora"
# What a new Aurora cluster reports (moto's table for Aurora engines), and what one reports once an instance has run
# on it (see the module docstring).
AURORA_ALLOCATED_STORAGE = 1
AURORA_STORAGE_IN_USE = 15
_VOLUME_IN_USE = "_sim_volume_in_use"


def check_storage_type(engine: str | None, storage_type: str | None) -> None:
    if engine in AURORA_ENGINES and storage_type is not None and storage_type not in AURORA_STORAGE_TYPES:
        raise RDSClientError("StorageTypeNotSupported", f"Invalid storage type: {storage_type}")


def prepare_type(kwargs) -> None:
    """Before moto builds the cluster: check the storage type and fill in Aurora's default."""
    engine = kwargs.get("engine")
    check_storage_type(engine, kwargs.get("storage_type"))
    if engine in AURORA_ENGINES and not kwargs.get("storage_type"):
        kwargs["storage_type"] = AURORA_STANDARD


def prepare_key(backend: RDSBackend, kwargs) -> None:
    """Before moto builds the cluster: the named key as its ARN, or the aws/rds key when encrypted without one."""
    if kwargs.get("kms_key_id") is not None:
        kwargs["kms_key_id"] = kms_keys.arn(backend, kwargs["kms_key_id"])
    elif kwargs.get("storage_encrypted"):
        kwargs["kms_key_id"] = kms_keys.default_arn(backend)


def finish_create(cluster: DBCluster) -> None:
    """An unencrypted cluster has no key at all (moto fills in a placeholder)."""
    if not cluster.storage_encrypted:
        cluster.kms_key_id = None


def volume_in_use(cluster: DBCluster) -> None:
    """An instance of the cluster has become available: the volume now holds data (see AllocatedStorage above)."""
    setattr(cluster, _VOLUME_IN_USE, True)


def _reported_storage_type(self: DBCluster) -> str | None:
    """DBCluster.StorageType as answered: left out for Aurora Standard (see the module docstring)."""
    if self.engine in AURORA_ENGINES and self.storage_type == AURORA_STANDARD:
        return None
    return self.storage_type


def _reported_allocated_storage(self: DBCluster) -> int:
    if self.engine in AURORA_ENGINES and getattr(self, _VOLUME_IN_USE, False):
        return AURORA_STORAGE_IN_USE
    return self.allocated_storage


def _member_storage_type(self: DBInstanceClustered) -> str:
    return self.cluster.storage_type or AURORA_STANDARD


def _ignore_storage_type(self: DBInstanceClustered, value) -> None:
    """A member's storage belongs to its cluster (RDS refuses StorageType on a member before it gets here: service
    model, CreateDBInstanceMessage.StorageType "doesn't apply to Amazon Aurora DB instances")."""


@PATCHES.wrap(DBCluster, "default_allocated_storage")
def default_allocated_storage(original, engine: str, storage_type: str) -> int:
    if engine in AURORA_ENGINES:
        return AURORA_ALLOCATED_STORAGE
    return original(engine, storage_type)


PATCHES.replace(DBInstanceClustered, "storage_type", property(_member_storage_type, _ignore_storage_type))
# The names the response serialiser looks up first (the API's own field names), so moto's storage_type and
# allocated_storage keep what they hold and only the answer changes.
PATCHES.replace(DBCluster, "StorageType", property(_reported_storage_type))
PATCHES.replace(DBCluster, "AllocatedStorage", property(_reported_allocated_storage))
