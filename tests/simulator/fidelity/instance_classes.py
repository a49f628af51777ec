"""DescribeOrderableDBInstanceOptions for aurora-mysql, and the instance classes CreateDBInstance/ModifyDBInstance take.

Stock moto 5.2.5 answers an empty list for aurora-mysql ("Only the Aurora-Postgresql and Neptune-engine is currently
implemented") and never checks DBInstanceClass on CreateDBInstance or ModifyDBInstance. Here the catalogue
(catalog/instance_classes.py: the Aurora User Guide's "Supported DB engines for DB instance classes" table) answers
both; instances.py calls ``check`` before anything changes.

Refusals, as RDS words them:
- a class the table knows but Aurora MySQL does not offer at that version (db.t2.small, db.t3.small on version 3,
  db.t3.2xlarge on any): InvalidParameterCombination "RDS does not support creating a DB instance with the following
  combination: DBInstanceClass=db.t3.2xlarge, Engine=aurora-mysql, EngineVersion=8.0.mysql_aurora.3.05.2,
  LicenseModel=general-public-license. For supported combinations of instance class and database engine version,
  see the documentation." (https://github.com/code-dot-org/code-dot-org/pull/59735). The same text on
  ModifyDBInstance: no AWS source found (the create text is used, the collection should check before either call);
- a class that does not exist at all (db.r7g.huge, r7g.large): InvalidParameterValue "Invalid DB Instance class:
  db.r4.large" (https://github.com/ryanmurakami/trash-panda-buffet/issues/5, a class the Region lacks); that these two
  get exactly this text: no AWS source found, inferred from that case.
"""

from __future__ import annotations

from moto.core.responses import ActionResult
from moto.ec2.models import ec2_backends
from moto.rds.exceptions import InvalidParameterCombination, InvalidParameterValue
from moto.rds.responses import RDSResponse

from tests.simulator.catalog import aurora_mysql_versions, instance_class_support, orderable_instance_classes
from tests.simulator.support import validation
from tests.simulator.support.paging import paginate
from tests.simulator.support.patching import Patches

PATCHES = Patches(__name__)

ENGINE = "aurora-mysql"
# Service model, DescribeOrderableDBInstanceOptionsMessage.LicenseModel; the value for aurora-mysql: the RDS refusal
# quoted above ("LicenseModel=general-public-license").
LICENSE_MODEL = "general-public-license"
# Service model, DescribeOrderableDBInstanceOptionsMessage.MaxRecords: "Default: 100 Constraints: Minimum 20,
# maximum 1000."
MAX_RECORDS = 1000


def refusal(instance_class: str, engine_version: str) -> InvalidParameterCombination:
    return InvalidParameterCombination(
        "RDS does not support creating a DB instance with the following combination: "
        f"DBInstanceClass={instance_class}, Engine={ENGINE}, EngineVersion={engine_version}, "
        f"LicenseModel={LICENSE_MODEL}. For supported combinations of instance class and database engine version, "
        "see the documentation."
    )


def check(engine: str | None, engine_version: str | None, instance_class: str | None) -> None:
    """Refuse a class Aurora MySQL does not offer at this version (see the module docstring for the two codes)."""
    if instance_class is None:
        return
    validation.instance_class(instance_class)
    if engine != ENGINE or not engine_version:
        return
    if instance_class_support(instance_class) is None:
        raise InvalidParameterValue(f"Invalid DB Instance class: {instance_class}")
    if instance_class not in orderable_instance_classes(engine_version):
        raise refusal(instance_class, engine_version)


def option(engine_version: str, instance_class: str, zones: list[str]) -> dict:
    """One OrderableDBInstanceOption in botocore's shape (service model, OrderableDBInstanceOption).

    No real aurora-mysql response was found; the values follow moto's dump of real us-east-1 aurora-postgresql answers
    (moto/rds/resources/cluster_options/aurora-postgresql.json.gz, made by moto's
    scripts/rds_get_orderable_db_cluster_options.py), where every row has StorageType "aurora", MultiAZCapable and
    ReadReplicaCapable false, Vpc, storage encryption, Enhanced Monitoring, IAM authentication and Performance Insights
    true, SupportedEngineModes ["provisioned"], SupportsClusters true and the Region's zones.
    SupportedActivityStreamModes ["async"]: service model, OrderableDBInstanceOption.SupportedActivityStreamModes
    ("Aurora MySQL and RDS for Oracle return [async] only"). One row per class and version, none per I/O-Optimized
    storage (whether RDS duplicates rows per storage type: no AWS source found).
    """
    return {
        "Engine": ENGINE,
        "EngineVersion": engine_version,
        "DBInstanceClass": instance_class,
        "LicenseModel": LICENSE_MODEL,
        "AvailabilityZones": [{"Name": zone} for zone in zones],
        "MultiAZCapable": False,
        "ReadReplicaCapable": False,
        "Vpc": True,
        "SupportsStorageEncryption": True,
        "StorageType": "aurora",
        "SupportsIops": False,
        "SupportsEnhancedMonitoring": True,
        "SupportsIAMDatabaseAuthentication": True,
        "SupportsPerformanceInsights": True,
        "AvailableProcessorFeatures": [],
        "SupportedEngineModes": ["provisioned"],
        "OutpostCapable": False,
        "SupportedActivityStreamModes": ["async"],
        "SupportsClusters": True,
        "SupportedNetworkTypes": ["IPV4"],
    }


def options(params: dict, zones: list[str]) -> list[dict]:
    """The rows a request asks for: EngineVersion, DBInstanceClass, LicenseModel and Vpc narrow the catalogue.

    Service model, DescribeOrderableDBInstanceOptionsMessage: EngineVersion "Filters the response to show only the
    DB instances that match the specified engine version", DBInstanceClass likewise, Vpc "true to show only VPC
    offerings ... false to show only non-VPC offerings" (Aurora has only VPC ones); Filters "This parameter isn't
    currently supported", so it is ignored. Sorted by version, then class: the order RDS lists them in: no AWS
    source found.
    """
    versions = [row["EngineVersion"] for row in aurora_mysql_versions() if row["Status"] == "available"]
    if params.get("EngineVersion") is not None:
        versions = [version for version in versions if version == params["EngineVersion"]]
    if params.get("LicenseModel") not in (None, LICENSE_MODEL) or params.get("Vpc") is False:
        return []
    rows = []
    for version in sorted(versions, key=validation.version_key):
        for instance_class in orderable_instance_classes(version):
            if params.get("DBInstanceClass") in (None, instance_class):
                rows.append(option(version, instance_class, zones))
    return rows


def _row_key(row: dict) -> str:
    return f"{row['EngineVersion']}/{row['DBInstanceClass']}"


@PATCHES.wrap(RDSResponse, "describe_orderable_db_instance_options")
def describe_orderable_db_instance_options(original, response: RDSResponse) -> ActionResult:
    params = response.params
    if params.get("Engine") != ENGINE:
        return original(response)
    ec2 = ec2_backends[response.current_account][response.region]
    zones = sorted(zone.name for zone in ec2.describe_availability_zones())
    rows = options(params, zones)
    page, marker = paginate(
        rows, params.get("Marker"), params.get("MaxRecords"), "DBInstanceClass", MAX_RECORDS, _row_key
    )
    result: dict = {"OrderableDBInstanceOptions": page}
    if marker:
        result["Marker"] = marker
    return ActionResult(result)
