"""Aurora cluster storage: StorageType and encryption at rest as RDS reports them.

What stock moto 5.2.5 gets wrong, each fixed below:
- an Aurora cluster created without StorageType reports ``gp2``; RDS uses Aurora Standard, ``aurora`` (service
  model, CreateDBClusterMessage.StorageType: "Default: Aurora DB clusters - aurora"). The same source adds "The
  storage type isn't returned when you set it to aurora", where this layer reports StorageType ``aurora``;
- StorageType ``aurora-iopt1`` (I/O-Optimized) crashes CreateDBCluster (KeyError in moto's allocated-storage
  table, HTTP 500), and any other value is accepted; RDS takes ``aurora`` or ``aurora-iopt1`` for Aurora and
  answers StorageTypeNotSupported otherwise ("Valid Values: Aurora DB clusters - aurora | aurora-iopt1", same
  source; the errors of CreateDBCluster and ModifyDBCluster list StorageTypeNotSupportedFault, code
  StorageTypeNotSupported; the wording "Invalid storage type": no AWS source found);
- members report StorageType ``aurora`` whatever their cluster uses; they report their cluster's storage type
  (Aurora User Guide, tut-restore-cluster.md shows a member reporting "aurora"; that an I/O-Optimized cluster's
  members report "aurora-iopt1": no AWS source found);
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
# "For Aurora, AllocatedStorage always returns 1, because Aurora DB cluster storage size is not fixed" (RDS API
# reference, DBCluster.AllocatedStorage, as quoted in https://github.com/cloudtools/troposphere/issues/1374; Aurora
# User Guide, tut-restore-cluster.md shows 1). Today's service model says it "can vary" for Aurora.
AURORA_ALLOCATED_STORAGE = 1


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
