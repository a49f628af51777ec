"""Find clusters and instances the way RDS does: a missing one is a NotFound fault, never a KeyError (HTTP 500).

Service model: DBClusterNotFoundFault (code DBClusterNotFoundFault, HTTP 404) and DBInstanceNotFoundFault (code
DBInstanceNotFound, HTTP 404) in the errors of every call that names a cluster or an instance.
"""

from __future__ import annotations

from moto.rds.exceptions import DBClusterNotFoundError, DBInstanceNotFoundError
from moto.rds.models import DBCluster, DBInstance, DBInstanceClustered, RDSBackend


def cluster(backend: RDSBackend, identifier: str | None) -> DBCluster:
    found = backend.clusters.get(identifier or "")
    if found is None:
        raise DBClusterNotFoundError(identifier)
    return found


def instance(backend: RDSBackend, identifier: str | None) -> DBInstance:
    found = backend.databases.get(identifier or "")
    if found is None:
        raise DBInstanceNotFoundError(identifier)
    return found


def members(backend: RDSBackend, db_cluster: DBCluster) -> list[DBInstanceClustered]:
    """The cluster's instances without moto's side effect of electing a writer while we look."""
    return [
        db
        for db in backend.databases.values()
        if isinstance(db, DBInstanceClustered) and db.db_cluster_identifier == db_cluster.db_cluster_identifier
    ]
