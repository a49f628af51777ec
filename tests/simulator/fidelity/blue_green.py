"""Blue/green deployments of Aurora MySQL clusters: Create, Describe, Switchover and DeleteBlueGreenDeployment.

What stock moto 5.2.5 does (models.py BlueGreenDeployment and RDSBackend.*_blue_green_deployment): creation is
instant and checks nothing but a Secrets-Manager password; two tasks (CREATING_READ_REPLICA_OF_SOURCE,
CONFIGURE_BACKUPS) born COMPLETED; one SwitchoverDetails row; SwitchoverTimeout ignored; at switchover only the
clusters are renamed (green instances keep their -green- names, blue instances keep theirs); DeleteTarget after a
switchover silently ignored; no events. The four handlers are replaced here. The deployment record, the guards other
files call and the switchover controls are in support/deployments.py.

Sources, cited below by these short names:
- "service model": botocore's RDS model, CreateBlueGreenDeploymentRequest, BlueGreenDeployment, SwitchoverDetail,
  BlueGreenDeploymentTask, the operations' error lists;
- "Aurora User Guide, <file>.md": the 2023-06 crawl, blue-green-deployments-overview.md, -creating.md,
  -switching.md, -deleting.md, USER_Events.Messages.md;
- "newer guide": https://docs.amazonaws.cn/en_us/AmazonRDS/latest/AuroraUserGuide/blue-green-deployments-considerations.html;
- "CLI examples": aws/aws-cli awscli/examples/rds/create-, describe-, switchover-, delete-blue-green-deployment.rst,
  sanitised real responses of an Aurora MySQL deployment;
- real output quoted in https://github.com/rlister/stax/pull/61 (a real Aurora switchover, polled) and
  https://github.com/aws/aws-advanced-jdbc-wrapper/issues/1920 and /678 (real events and endpoints).

Choices where no AWS source was found (the collection must read the state, never rely on these): the codes and
wording of every refusal but the ones the service model names; which failure leaves which Status (a failed or
timed-out switchover ends SWITCHOVER_FAILED, see ``cancel``); the durations (transitions.py); that deletion
protection is copied to green; the ordering of DescribeBlueGreenDeployments (oldest first).
"""

from __future__ import annotations

import random
import re
import string

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.rds.exceptions import (
    BlueGreenDeploymentAlreadyExistsFault,
    BlueGreenDeploymentNotFoundFault,
    DBClusterNotFoundError,
    InvalidDBClusterStateFault,
    InvalidParameterCombination,
    InvalidParameterValue,
    RDSClientError,
)
from moto.rds.models import DBCluster, RDSBackend
from moto.rds.responses import RDSResponse

from tests.simulator.catalog import CLUSTER, INSTANCE, aurora_mysql_versions, default_aurora_mysql_version
from tests.simulator.fidelity import clusters, events, instances
from tests.simulator.fidelity.parameter_groups.lookup import (
    check_family_matches,
    engine_family,
    ensure_default,
    find_cluster_group_for_cluster,
    find_group,
    instance_group_name,
    is_default_name,
)
from tests.simulator.fidelity.parameter_groups.status import cluster_group_status
from tests.simulator.support import deployments, lifecycle, lookup, validation
from tests.simulator.support.deployments import (
    AVAILABLE,
    DELETING,
    SWITCHOVER_COMPLETED,
    SWITCHOVER_FAILED,
    SWITCHOVER_IN_PROGRESS,
    Deployment,
    Pair,
)
from tests.simulator.support.paging import paginate
from tests.simulator.support.patching import Patches
from tests.simulator.transitions import SCHEDULER

PATCHES = Patches(__name__)

# Service model, CreateBlueGreenDeploymentRequest.BlueGreenDeploymentName: pattern and length 1..60.
NAME = re.compile(r"^[a-zA-Z](?:-?[a-zA-Z0-9]+)*$")
MAX_NAME = 60
# Service model, DatabaseArn: "arn:[A-Za-z][0-9A-Za-z-:._]*"; the parts: arn:partition:rds:region:account:type:name.
SOURCE_ARN = re.compile(r"^arn:[A-Za-z][0-9A-Za-z-]*:rds:([0-9a-z-]*):([0-9]*):(cluster|db):([0-9A-Za-z-]+)$")
# The tasks of an Aurora source, in order: CLI examples (create and describe). CREATE_CUSTOM_ENDPOINTS follows them
# only when the cluster has custom endpoints: the CLI example's cluster has two and lists it, the real Aurora
# deployment polled in https://github.com/rlister/stax/pull/61 has none and lists these three. moto has no custom
# endpoints (CreateDBClusterEndpoint), so it never appears here.
TASKS = ("CREATING_READ_REPLICA_OF_SOURCE", "DB_ENGINE_VERSION_UPGRADE", "CREATE_DB_INSTANCES_FOR_CLUSTER")
# Aurora User Guide, blue-green-deployments-switching.md: a timeout "between 30 seconds and 3,600 seconds (one hour)
# ... The default timeout period is 300 seconds"; service model, SwitchoverTimeout min 30.
DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT = 300, 30, 3600
# Instance-only settings: service model, CreateBlueGreenDeploymentRequest ("If you're creating a blue/green
# deployment from an Aurora DB cluster, don't specify this parameter"; "This setting doesn't apply to Amazon Aurora
# blue/green deployments"). Refusing them, and TargetResourceConfigurations (not modelled): no AWS source found.
NOT_FOR_AURORA = (
    "TargetDBInstanceClass",
    "TargetIops",
    "TargetStorageType",
    "TargetAllocatedStorage",
    "TargetStorageThroughput",
    "UpgradeTargetStorageConfig",
    "TargetResourceConfigurations",
)


def not_supported(message: str) -> RDSClientError:
    """Service model, SourceClusterNotSupportedFault (400): "The source DB cluster isn't supported for a blue/green
    deployment." RDS puts the specific reason in the message (a real SourceDatabaseNotSupportedFault naming a
    parameter: https://github.com/hashicorp/terraform-provider-aws/issues/49132); ours are worded by us."""
    return RDSClientError("SourceClusterNotSupportedFault", message)


def invalid_state(message: str) -> RDSClientError:
    """Service model, InvalidBlueGreenDeploymentStateFault (400), the only state fault of Switchover and Delete."""
    return RDSClientError("InvalidBlueGreenDeploymentStateFault", message)


def deployment_arn(backend: RDSBackend, deployment: Deployment) -> str:
    """arn:<partition>:rds:<region>:<account>:deployment:<identifier>, as real RDS events name a deployment (SourceArn
    arn:aws:rds:us-east-1:123456789012:deployment:bgd-hdqs3ik6vrwgutsn in a public EventBridge sample of an "RDS Blue
    Green Deployment Event"); the service model's BlueGreenDeployment has no ARN field of its own."""
    return f"arn:{backend.partition}:rds:{backend.region_name}:{backend.account_id}:deployment:{deployment.identifier}"


def record(backend: RDSBackend, deployment: Deployment, message: str, category: str) -> None:
    """Aurora User Guide, USER_Events.Messages.md, blue/green deployment events (SourceType blue-green-deployment).
    Messages keep their final full stop, as the real ones quoted in aws-advanced-jdbc-wrapper#1920 do."""
    arn = deployment_arn(backend, deployment)
    backend.events.append(events.SimEvent("blue-green-deployment", deployment.identifier, arn, message, [category]))


# --- CreateBlueGreenDeployment ---------------------------------------------------------------------------------


def create(backend: RDSBackend, params) -> dict:
    name = params.get("BlueGreenDeploymentName") or ""
    if not NAME.match(name) or len(name) > MAX_NAME:
        raise InvalidParameterValue(
            f"The parameter BlueGreenDeploymentName is not a valid name: {name}. It must begin with a letter, contain "
            f"only ASCII letters, digits and single hyphens, and be at most {MAX_NAME} characters long."
        )
    # Service model, BlueGreenDeploymentName: "Can't be the same as an existing blue/green deployment name".
    if any(deployment.name == name for deployment in backend.blue_green_deployments.values()):
        raise BlueGreenDeploymentAlreadyExistsFault(name)
    for key in NOT_FOR_AURORA:
        if params.get(key) is not None:
            raise InvalidParameterCombination(
                f"{key} doesn't apply to a blue/green deployment of an Aurora DB cluster."
            )
    blue = source_cluster(backend, params.get("Source") or "")
    members = ordered_members(backend, blue)
    check_source(backend, blue, members)
    target = target_version(blue, params.get("TargetEngineVersion"))
    cluster_group = green_cluster_group(backend, blue, target, params.get("TargetDBClusterParameterGroupName"))
    instance_groups = green_instance_groups(backend, blue, members, target, params.get("TargetDBParameterGroupName"))

    pairs = create_green(backend, blue, members, target, cluster_group, instance_groups)
    deployment = Deployment(
        identifier=unused_identifier(backend),
        name=name,
        pairs=pairs,
        tasks=dict.fromkeys(TASKS, "PENDING"),
        tags=list(params.get("Tags") or []),
    )
    backend.blue_green_deployments[deployment.identifier] = deployment
    created = shape(backend, deployment, created=True)
    provision(backend, deployment, upgrading=target != blue.engine_version)
    return created


def create_green(backend: RDSBackend, blue: DBCluster, members: list, target: str, cluster_group: str, groups: list):
    """The green cluster and instances, through CreateDBCluster/CreateDBInstance's own checks; all or nothing (a
    refused instance, say a class the target version does not offer, leaves no green cluster behind)."""
    created: list = []
    try:
        green = backend.create_db_cluster(green_cluster_settings(backend, blue, target, cluster_group))
        created.append(green)
        # Aurora endpoints share one per-account suffix (bg-test.cluster-<XYZ>, bg-test-green-5jznso.cluster-<XYZ>,
        # bg-test-old1.cluster-<XYZ>: https://github.com/aws/aws-advanced-jdbc-wrapper/issues/678); moto draws one per
        # cluster, so green borrows blue's and takes over blue's exact endpoints with its name at switchover.
        green.url_identifier = blue.url_identifier
        pairs = [Pair(blue, green)]
        for member, group in zip(members, groups, strict=True):
            copy = backend.create_db_instance(green_instance_settings(backend, member, green, group))
            created.append(copy)
            pairs.append(Pair(member, copy))
        # "RDS also configures replication from the primary DB instance in the blue environment to the primary DB
        # instance in the green environment" (Aurora User Guide, blue-green-deployments-overview.md): the copy of
        # blue's writer is green's writer, whatever order the copies were made in (no writer race here).
        for pair in pairs[1:]:
            pair.green.is_cluster_writer = bool(pair.blue.is_cluster_writer)
    except Exception:
        for resource in reversed(created):
            forget(backend, resource)
        raise
    return pairs


def forget(backend: RDSBackend, resource) -> None:
    """Undo a creation without a trace: the resource, its status job, its events and moto's automated snapshot
    (moto names it rds:<identifier>-<time>)."""
    SCHEDULER.cancel(lifecycle.key(resource))
    if isinstance(resource, DBCluster):
        identifier, resources, snapshots = resource.db_cluster_identifier, backend.clusters, backend.cluster_snapshots
    else:
        identifier, resources, snapshots = (
            resource.db_instance_identifier,
            backend.databases,
            backend.database_snapshots,
        )
    resources.pop(identifier, None)
    for name in [name for name in snapshots if name.startswith(f"rds:{identifier}-")]:
        del snapshots[name]
    snapshot_prefix = f"rds:{identifier}-"
    backend.events = [
        event
        for event in backend.events
        if event.source_identifier != identifier and not event.source_identifier.startswith(snapshot_prefix)
    ]


def source_cluster(backend: RDSBackend, arn: str) -> DBCluster:
    """Service model, CreateBlueGreenDeploymentRequest.Source: "The Amazon Resource Name (ARN) of the source production
    database"; a missing cluster is DBClusterNotFoundFault (in the operation's errors), as is one of another region or
    account (Aurora User Guide, blue-green-deployments-overview.md: "The resources in the blue environment and green
    environment must be in the same AWS account"). A DB instance source (RDS for MySQL) is not modelled."""
    match = SOURCE_ARN.match(arn)
    if match is None:
        raise InvalidParameterValue(f"The parameter Source is not a valid ARN: {arn}")
    region, account, kind, name = match.groups()
    if kind == "db":
        raise RDSClientError(
            "SourceDatabaseNotSupportedFault",
            f"The source DB instance {arn} isn't supported for a blue/green deployment: this simulator models Aurora "
            "MySQL DB cluster sources only.",
        )
    if (region, account) != (backend.region_name, backend.account_id):
        raise DBClusterNotFoundError(name)
    return lookup.cluster(backend, name.lower())


def ordered_members(backend: RDSBackend, cluster: DBCluster) -> list:
    """The writer first, so its green copy is the green writer (moto makes the first member of a cluster its writer)."""
    return sorted(
        lookup.members(backend, cluster),
        key=lambda member: (not member.is_cluster_writer, member.db_instance_identifier),
    )


def check_source(backend: RDSBackend, cluster: DBCluster, members: list) -> None:
    name = cluster.db_cluster_identifier
    # Service model, CreateBlueGreenDeployment errors: InvalidDBClusterStateFault, InvalidDBInstanceStateFault (code
    # InvalidDBInstanceState). When exactly, and the wording: no AWS source found.
    if cluster.status != "available":
        raise InvalidDBClusterStateFault(
            f"DbCluster {name} is in {cluster.status} state but expected it to be one of available."
        )
    for member in members:
        if member.status != "available":
            raise RDSClientError(
                "InvalidDBInstanceState",
                f"DB instance {member.db_instance_identifier} is in {member.status} state but expected it to be one "
                "of available.",
            )
    # Aurora User Guide, blue-green-deployments-overview.md: "Currently, blue/green deployments are supported only for
    # Aurora MySQL" (Aurora PostgreSQL came later; this simulator catalogues aurora-mysql only).
    if cluster.engine != "aurora-mysql":
        raise not_supported(f"Blue/green deployments of {cluster.engine} DB clusters aren't supported: {name}.")
    # Newer guide: "Blue/green deployments don't support managing master user passwords with Amazon Secrets Manager."
    if getattr(cluster, "master_user_secret", None) is not None:
        raise not_supported(
            f"DB cluster {name} manages its master user password with AWS Secrets Manager, which blue/green "
            "deployments don't support."
        )
    # Aurora User Guide, blue-green-deployments-overview.md, limitations: global database members aren't supported.
    if cluster.global_cluster_identifier:
        raise not_supported(f"DB cluster {name} is part of an Aurora global database.")
    check_blue_green_version(cluster.engine_version)
    # One deployment per cluster, until it is deleted: no AWS source found (the collection never creates a second).
    existing = next(iter(deployments.holding(backend, cluster)), None)
    if existing is not None:
        raise not_supported(f"DB cluster {name} is already part of blue/green deployment {existing.identifier}.")
    check_binary_logging(backend, cluster, members)


def check_blue_green_version(version: str) -> None:
    """Aurora User Guide, blue-green-deployments-overview.md: "Aurora MySQL versions 2.08 and 2.09 aren't supported as
    upgrade source or target versions"."""
    aurora_version = version.split(".mysql_aurora.")[-1]
    if aurora_version.startswith(("2.08.", "2.09.")):
        raise not_supported(f"Aurora MySQL version {version} isn't supported as a blue/green source or target version.")


def check_binary_logging(backend: RDSBackend, cluster: DBCluster, members: list) -> None:
    """Aurora User Guide, blue-green-deployments-creating.md: "the DB cluster must be associated with a custom DB
    cluster parameter group with binary logging (binlog_format) turned on ... any binlog format works" and "Blue/green
    deployments require that the writer instance be in sync with the DB cluster parameter group, otherwise creation
    fails". A default group has binlog_format OFF (the catalogue's engine default; RDS's default groups cannot be
    changed). A cluster without a writer has nothing to replicate from (refusing it: no AWS source found)."""
    name, group_name = cluster.db_cluster_identifier, cluster.parameter_group
    group = backend.db_cluster_parameter_groups.get(group_name)
    value = (group.parameters.get("binlog_format") or {}).get("ParameterValue") if group is not None else None
    if is_default_name(group_name) or (value or "OFF").upper() == "OFF":
        raise not_supported(
            f"The DB cluster parameter group {group_name} of DB cluster {name} doesn't turn on binary logging "
            f"(binlog_format is {value or 'OFF'}). Blue/green deployments need a custom DB cluster parameter group "
            "with binlog_format set to ROW, STATEMENT or MIXED."
        )
    writer = next((member for member in members if member.is_cluster_writer), None)
    if writer is None:
        raise not_supported(f"DB cluster {name} has no writer instance to replicate from.")
    status = cluster_group_status(writer)
    if status != "in-sync":
        raise not_supported(
            f"The writer instance {writer.db_instance_identifier} of DB cluster {name} isn't in sync with its DB "
            f"cluster parameter group {group_name} ({status}). Reboot it before you create a blue/green deployment."
        )


def target_version(cluster: DBCluster, requested: str | None) -> str:
    """The green cluster's engine version.

    Aurora User Guide, blue-green-deployments-creating.md: "If not specified, the DB cluster in the green environment
    is created with the same engine version"; "You can specify a higher engine version". Its example, and the CLI
    example, ask for a major version alone ("--target-engine-version 8.0"): here that means the catalogue's default
    version when it is of that major version, else the newest of it (which one RDS picks: no AWS source found). A
    version must be one of the current version's ValidUpgradeTarget (support/validation.upgrade, the words of
    ModifyDBCluster's refusal; for blue/green: no AWS source found), never lower.
    """
    if not requested or requested == cluster.engine_version:
        return cluster.engine_version
    if ".mysql_aurora." not in requested:
        of_major = [row["EngineVersion"] for row in aurora_mysql_versions() if row["MajorEngineVersion"] == requested]
        if not of_major:
            raise InvalidParameterCombination(f"Cannot find major version {requested} for {cluster.engine}")
        default = default_aurora_mysql_version()
        requested = default if default in of_major else max(of_major, key=validation.version_key)
        if requested == cluster.engine_version:
            return requested
    validation.engine_version(cluster.engine, requested)
    check_blue_green_version(requested)
    validation.upgrade(cluster.engine, cluster.engine_version, requested, allow_major=True)
    return requested


def green_cluster_group(backend: RDSBackend, blue: DBCluster, target: str, named: str | None) -> str:
    """Aurora User Guide, blue-green-deployments-creating.md: "If you don't specify a different DB cluster parameter
    group, the DB cluster in the green environment is associated with the same parameter group as the blue DB
    cluster." A named group must exist (service model: DBClusterParameterGroupNotFoundFault) and suit the target
    version's family (parameter_groups.lookup). For a new major version without a named group: a default group maps
    to the new family's default, as in an in-place upgrade (AuroraMySQL.Updates.MajorVersionUpgrade.md), a custom one
    is refused in the words RDS uses for an in-place upgrade (upgrades.check_groups); for blue/green: no AWS source
    found."""
    if named:
        group = find_cluster_group_for_cluster(backend, named)
        check_family_matches(group, blue.engine, target, CLUSTER)
        return group.name
    family = engine_family(blue.engine, target)
    if family == engine_family(blue.engine, blue.engine_version):
        return blue.parameter_group
    if is_default_name(blue.parameter_group):
        ensure_default(backend, f"default.{family}", CLUSTER)
        return f"default.{family}"
    raise InvalidParameterCombination(
        f"The current DB cluster parameter group {blue.parameter_group} is custom. You must explicitly specify a new "
        f"DB cluster parameter group of family {family} (TargetDBClusterParameterGroupName) for the engine version "
        "upgrade."
    )


def green_instance_groups(backend: RDSBackend, blue: DBCluster, members: list, target: str, named: str | None) -> list:
    """Aurora User Guide, blue-green-deployments-creating.md: "If you specify a different DB parameter group, the
    specified parameter group is associated with all of the DB instances ... If you don't ..., each DB instance in the
    green environment is associated with the parameter group of its corresponding blue DB instance." A named group must
    exist (service model: DBParameterGroupNotFoundFault) and suit the target's family; a new major version maps each
    member's group as green_cluster_group does."""
    if named:
        group = find_group(backend, named, INSTANCE)
        check_family_matches(group, blue.engine, target, INSTANCE)
        return [group.name] * len(members)
    family = engine_family(blue.engine, target)
    same_family = family == engine_family(blue.engine, blue.engine_version)
    chosen = []
    for member in members:
        current = instance_group_name(member)
        if same_family:
            chosen.append(current)
        elif is_default_name(current):
            chosen.append(f"default.{family}")
        else:
            raise InvalidParameterCombination(
                f"The current DB instance parameter group {current} of {member.db_instance_identifier} is custom. You "
                f"must explicitly specify a new DB parameter group of family {family} (TargetDBParameterGroupName) for "
                "the engine version upgrade."
            )
    return chosen


def green_name(name: str, taken) -> str:
    """``<name>-green-`` and six random characters, a fresh draw per resource: "The names of the copied DB cluster and
    DB instances are appended with -green-random-characters" (Aurora User Guide, blue-green-deployments-overview.md);
    lowercase letters and digits, each resource its own (CLI examples: my-aurora-mysql-cluster-green-3rnukl,
    my-aurora-mysql-cluster-1-green-gpmaxf). A name that would pass 63 characters is cut short first (no AWS source
    found)."""
    base = name[: 63 - len("-green-xxxxxx")].rstrip("-")
    while True:
        candidate = f"{base}-green-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=6))
        if candidate not in taken:
            return candidate


def unused_identifier(backend: RDSBackend) -> str:
    while True:
        identifier = deployments.new_identifier()
        if identifier not in backend.blue_green_deployments:
            return identifier


def green_cluster_settings(backend: RDSBackend, blue: DBCluster, target: str, group: str) -> dict:
    """The blue cluster's configuration on the target version and group.

    Aurora User Guide, blue-green-deployments-creating.md: "RDS copies the blue environment's topology to a staging
    area, along with its configured features"; -overview.md: "The green environment also includes the features used by
    the DB cluster, such as DB cluster snapshots, Performance Insights, Enhanced Monitoring", and "You can't change an
    unencrypted DB cluster into an encrypted DB cluster" (encryption and key stay). DeletionProtection is copied as one
    of those settings; the guide only says green "must have deletion protection turned off" for DeleteTarget, so green
    can have it (that it is copied: no AWS source found; the collection reads it before a DeleteTarget).
    """
    settings = {
        "db_cluster_identifier": green_name(blue.db_cluster_identifier, backend.clusters),
        "engine": blue.engine,
        "engine_version": target,
        "master_username": blue.master_username,
        "master_user_password": getattr(blue, "_master_user_password", None),
        "database_name": blue.database_name,
        "db_cluster_parameter_group_name": group,
        "db_subnet_group_name": blue.db_subnet_group_name,
        "vpc_security_group_ids": list(blue.vpc_security_group_ids),
        "port": blue.port,
        "backup_retention_period": blue.backup_retention_period,
        "preferred_backup_window": blue.preferred_backup_window,
        "preferred_maintenance_window": blue.preferred_maintenance_window,
        "storage_encrypted": blue.storage_encrypted,
        "kms_key_id": blue.kms_key_id if blue.storage_encrypted else None,
        "storage_type": blue.storage_type,
        "enable_cloudwatch_logs_exports": list(blue.enabled_cloudwatch_logs_exports),
        "enable_iam_database_authentication": blue.iam_auth,
        "copy_tags_to_snapshot": blue.copy_tags_to_snapshot,
        "deletion_protection": blue.deletion_protection,
        "auto_minor_version_upgrade": blue.auto_minor_version_upgrade,
        "tags": [dict(tag) for tag in blue.tags],
    }
    settings.update(own_performance_insights(blue))
    return {key: value for key, value in settings.items() if value is not None}  # moto's defaults for the rest


def green_instance_settings(backend: RDSBackend, member, green: DBCluster, group: str) -> dict:
    """A blue instance's own configuration (class, tier, Enhanced Monitoring, Performance Insights, ...) in the green
    cluster: "RDS also copies all of the DB instances in the DB cluster" (Aurora User Guide,
    blue-green-deployments-creating.md; the features: as green_cluster_settings)."""
    settings = {
        "db_instance_identifier": green_name(member.db_instance_identifier, backend.databases),
        "db_cluster_identifier": green.db_cluster_identifier,
        "engine": member.engine,
        "db_instance_class": member.db_instance_class,
        "promotion_tier": member.promotion_tier,
        "db_parameter_group_name": group,
        "availability_zone": member.availability_zone,
        "publicly_accessible": member.publicly_accessible,
        "auto_minor_version_upgrade": member.auto_minor_version_upgrade,
        "ca_certificate_identifier": member.ca_certificate_identifier,
        "copy_tags_to_snapshot": member.copy_tags_to_snapshot,
        "monitoring_interval": member.monitoring_interval,
        "monitoring_role_arn": member.monitoring_role_arn,
        "tags": [dict(tag) for tag in member.tags],
    }
    settings.update(own_performance_insights(member))
    return {key: value for key, value in settings.items() if value is not None}  # moto's defaults for the rest


def own_performance_insights(resource) -> dict:
    """The Performance Insights settings a cluster or instance was given itself (performance_insights.py keeps them)."""
    own = {
        "enable_performance_insights": getattr(resource, "_sim_pi_enabled", None),
        "performance_insights_retention_period": getattr(resource, "_sim_pi_retention", None),
        "performance_insights_kms_key_id": getattr(resource, "_sim_pi_kms", None),
    }
    return {key: value for key, value in own.items() if value is not None}


def provision(backend: RDSBackend, deployment: Deployment, upgrading: bool) -> None:
    """PROVISIONING, the tasks PENDING -> IN_PROGRESS -> COMPLETED one after the other, then AVAILABLE once the green
    cluster and every green instance are available, with RDS-EVENT-0244.

    Statuses and task names: service model, BlueGreenDeployment.Status ("PROVISIONING - Resources are being created in
    the green environment"), BlueGreenDeploymentTask.Status; CLI examples (create: all tasks PENDING, every
    SwitchoverDetails row PROVISIONING; describe: all COMPLETED and AVAILABLE). Event: Aurora User Guide,
    USER_Events.Messages.md ("Blue/green deployment tasks completed. You can make more modifications to the green
    environment databases or switch over the deployment.", category creation). The green resources exist (creating)
    from the start; when each appears in RDS, and the DB_ENGINE_VERSION_UPGRADE task of a same-version deployment: no
    AWS source found.
    """
    steps = [
        ("CREATING_READ_REPLICA_OF_SOURCE", "blue-green.replica"),
        ("DB_ENGINE_VERSION_UPGRADE", "blue-green.engine-upgrade" if upgrading else "blue-green.no-engine-upgrade"),
        ("CREATE_DB_INSTANCES_FOR_CLUSTER", "instance.creating"),
    ]

    def show(task: str) -> None:
        for name in deployment.tasks:
            if name == task:
                deployment.tasks[name] = "IN_PROGRESS"
                return
            deployment.tasks[name] = "COMPLETED"

    def provisioned() -> bool:
        if any(not exists(backend, pair.green) or pair.green.status != "available" for pair in deployment.pairs):
            return False
        deployment.tasks = dict.fromkeys(deployment.tasks, "COMPLETED")
        deployment.status = deployment.member_status = AVAILABLE
        record(
            backend,
            deployment,
            "Blue/green deployment tasks completed. You can make more modifications to the green environment "
            "databases or switch over the deployment.",
            "creation",
        )
        return True

    SCHEDULER.start(job_key(deployment), steps, show, provisioned)


def job_key(deployment: Deployment) -> tuple[str, str]:
    return "blue-green", deployment.identifier


# --- DescribeBlueGreenDeployments ------------------------------------------------------------------------------


def exists(backend: RDSBackend, resource) -> bool:
    if isinstance(resource, DBCluster):
        return backend.clusters.get(resource.db_cluster_identifier) is resource
    return backend.databases.get(resource.db_instance_identifier) is resource


def member_status(backend: RDSBackend, deployment: Deployment, pair: Pair) -> str:
    """Service model, SwitchoverDetail.Status: also MISSING_SOURCE and MISSING_TARGET, for a member gone."""
    if not exists(backend, pair.blue):
        return "MISSING_SOURCE"
    if not exists(backend, pair.green):
        return "MISSING_TARGET"
    return deployment.member_status


def shape(backend: RDSBackend, deployment: Deployment, created: bool = False) -> dict:
    """Service model, BlueGreenDeployment. Source, Target and the members are ARNs of the objects, so they follow the
    renames of a switchover (CLI examples: after it Source is ...:cluster:my-aurora-mysql-cluster-old1 and Target
    ...:cluster:my-aurora-mysql-cluster). The create response has no Target, its rows no TargetMember and its tasks are
    all PENDING (CLI example, create-blue-green-deployment.rst). StatusDetails is set only with a failure's reason
    (its values: no AWS source found)."""
    result = {
        "BlueGreenDeploymentIdentifier": deployment.identifier,
        "BlueGreenDeploymentName": deployment.name,
        "Source": deployment.blue.arn,
    }
    if not created:
        result["Target"] = deployment.green.arn
    details = []
    for pair in deployment.pairs:
        row = {"SourceMember": pair.blue.arn}
        if not created:
            row["TargetMember"] = pair.green.arn
        row["Status"] = member_status(backend, deployment, pair)
        details.append(row)
    result["SwitchoverDetails"] = details
    result["Tasks"] = [
        {"Name": name, "Status": "PENDING" if created else status} for name, status in deployment.tasks.items()
    ]
    result["Status"] = deployment.status
    if deployment.status_details:
        result["StatusDetails"] = deployment.status_details
    result["CreateTime"] = deployment.create_time
    if deployment.delete_time is not None:
        result["DeleteTime"] = deployment.delete_time
    result["TagList"] = [dict(tag) for tag in deployment.tags]
    return result


def find(backend: RDSBackend, identifier: str | None) -> Deployment:
    """Service model, BlueGreenDeploymentIdentifier "isn't case-sensitive"; BlueGreenDeploymentNotFoundFault (404)."""
    deployment = backend.blue_green_deployments.get(identifier or "")
    if deployment is None:
        raise BlueGreenDeploymentNotFoundFault(identifier)
    return deployment


def describe(backend: RDSBackend, params) -> dict:
    """By identifier, by Filters (service model, DescribeBlueGreenDeploymentsRequest.Filters: blue-green-deployment-
    identifier, blue-green-deployment-name, source and target, the last two ARNs as Source and Target show them),
    MaxRecords 20..100 and Marker (support/paging.py). An unknown filter is refused (no AWS source found)."""
    identifier = params.get("BlueGreenDeploymentIdentifier")
    rows = [find(backend, identifier)] if identifier else list(backend.blue_green_deployments.values())
    readers = {
        "blue-green-deployment-identifier": lambda deployment: deployment.identifier,
        "blue-green-deployment-name": lambda deployment: deployment.name,
        "source": lambda deployment: deployment.blue.arn,
        "target": lambda deployment: deployment.green.arn,
    }
    for entry_filter in params.get("Filters") or []:
        name = entry_filter.get("Name")
        if name not in readers:
            raise InvalidParameterValue(f"Unrecognized filter name: {name}")
        values = set(entry_filter.get("Values") or [])
        rows = [deployment for deployment in rows if readers[name](deployment) in values]
    shaped = [shape(backend, deployment) for deployment in sorted(rows, key=lambda row: row.create_time)]
    page, marker = paginate(shaped, params.get("Marker"), params.get("MaxRecords"), "BlueGreenDeploymentIdentifier")
    result: dict = {"BlueGreenDeployments": page}
    if marker:
        result["Marker"] = marker
    return result


# --- SwitchoverBlueGreenDeployment -----------------------------------------------------------------------------


def switchover(backend: RDSBackend, params) -> dict:
    """SWITCHOVER_IN_PROGRESS, then the renames, then SWITCHOVER_COMPLETED; or, with a failure or a replica lag the
    timeout does not allow (the controls, support/deployments.SwitchoverControl), rolled back.

    Only from AVAILABLE: service model, InvalidBlueGreenDeploymentStateFault in the operation's errors (wording ours).
    The response still shows every row AVAILABLE, the deployment SWITCHOVER_IN_PROGRESS (CLI example,
    switchover-blue-green-deployment.rst); the rows follow with SWITCHOVER_IN_PROGRESS (real output,
    rlister/stax#61). Events: RDS-EVENT-0247 "Switchover started on blue/green deployment." and RDS-EVENT-0250
    "Switchover from primary source to target started." (Aurora User Guide, USER_Events.Messages.md; names filled in
    as in aws-advanced-jdbc-wrapper#1920: "Switchover from primary insights to insights-green-b7evza started.").
    """
    deployment = find(backend, params.get("BlueGreenDeploymentIdentifier"))
    timeout = params.get("SwitchoverTimeout")
    timeout = DEFAULT_TIMEOUT if timeout is None else int(timeout)
    if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        raise InvalidParameterValue(
            f"Invalid value {timeout} for SwitchoverTimeout. It must be between {MIN_TIMEOUT} and {MAX_TIMEOUT} "
            "seconds."
        )
    if deployment.status != AVAILABLE:
        raise invalid_state(
            f"Blue/green deployment {deployment.identifier} is in {deployment.status} state but expected it to be "
            f"{AVAILABLE} for a switchover."
        )
    if any(member_status(backend, deployment, pair) != AVAILABLE for pair in deployment.pairs):
        raise invalid_state(
            f"Blue/green deployment {deployment.identifier} can't be switched over because a DB cluster or DB "
            "instance of it is missing."
        )
    deployment.status = SWITCHOVER_IN_PROGRESS
    answer = shape(backend, deployment)
    control = deployments.CONTROL
    fail_reason, lag = control.fail_switchover, control.replica_lag
    source, target = deployment.blue.db_cluster_identifier, deployment.green.db_cluster_identifier
    record(backend, deployment, "Switchover started on blue/green deployment.", "notification")
    record(backend, deployment, f"Switchover from primary {source} to {target} started.", "notification")
    steps: list = [("in-progress", "blue-green.switchover")]
    if lag and not fail_reason:
        # "Waits for replication to catch up in the green environment" (Aurora User Guide,
        # blue-green-deployments-switching.md), for as long as the timeout lets it.
        steps.append(("catching-up", min(lag, timeout)))

    def show(_: str) -> None:
        deployment.member_status = SWITCHOVER_IN_PROGRESS

    def finished() -> None:
        if fail_reason:
            cancel(backend, deployment, source, target, fail_reason)
        elif lag > timeout:
            cancel(
                backend,
                deployment,
                source,
                target,
                f"the switchover timeout of {timeout} seconds, replica lag {lag:g} seconds",
            )
        else:
            complete(backend, deployment, source, target)

    SCHEDULER.start(job_key(deployment), steps, show, finished)
    return answer


def complete(backend: RDSBackend, deployment: Deployment, source: str, target: str) -> None:
    """Rename both environments, then SWITCHOVER_COMPLETED.

    Aurora User Guide, blue-green-deployments-switching.md: "RDS renames the DB cluster and DB instances in the green
    environment to match the corresponding DB cluster and DB instances in the blue environment ... RDS renames the DB
    cluster and DB instances in the blue environment by appending -oldn to the current name, where n is a number ...
    RDS also renames the endpoints in the green environment to match the corresponding endpoints in the blue
    environment"; tags "are moved to the new production environment ... The previous production environment also
    retains these tags"; the previous production cluster "only allows read operations until the writer instance is
    rebooted" (support/deployments.mark_read_only). The n: the lowest not taken, per resource (no AWS source found).
    Events: RDS-EVENT-0251 "Switchover from primary source to target completed. Renamed databases." and RDS-EVENT-0248
    "Switchover completed on blue/green deployment." (USER_Events.Messages.md).
    """
    for pair in deployment.pairs:
        is_cluster = isinstance(pair.blue, DBCluster)
        taken = backend.clusters if is_cluster else backend.databases
        original = pair.blue.db_cluster_identifier if is_cluster else pair.blue.db_instance_identifier
        rename = clusters.rename if is_cluster else instances.rename
        rename(backend, pair.blue, old_name(original, taken))
        rename(backend, pair.green, original)
        carried = {tag["Key"]: tag for tag in pair.green.tags}
        carried.update({tag["Key"]: dict(tag) for tag in pair.blue.tags})
        pair.green.tags = list(carried.values())
    deployments.mark_read_only(deployment.blue)
    deployment.status = deployment.member_status = SWITCHOVER_COMPLETED
    record(
        backend,
        deployment,
        f"Switchover from primary {source} to {target} completed. Renamed databases.",
        "notification",
    )
    record(backend, deployment, "Switchover completed on blue/green deployment.", "notification")


def old_name(name: str, taken) -> str:
    base = name[: 63 - len("-old99")].rstrip("-")
    number = 1
    while f"{base}-old{number}" in taken:
        number += 1
    return f"{base}-old{number}"


def cancel(backend: RDSBackend, deployment: Deployment, source: str, target: str, reason: str) -> None:
    """Rolled back: nothing renamed, both environments as they were. Aurora User Guide,
    blue-green-deployments-switching.md: "If the switchover takes longer than the specified duration, then any changes
    are rolled back and no changes are made to either environment" and "If the switchover starts and then stops before
    finishing for any reason, then any changes are rolled back". Events RDS-EVENT-0252 "Switchover from primary source
    to target canceled due to reason." and RDS-EVENT-0249 "Switchover canceled on blue/green deployment."
    (USER_Events.Messages.md, category failure).

    The Status afterwards: no AWS source found. It stays SWITCHOVER_FAILED ("Switchover was attempted but failed",
    service model), every row too, with the reason in StatusDetails; a new switchover needs AVAILABLE, so it is refused
    (the collection reports the failure, its tasks and events, and does not retry on its own).
    """
    deployment.status = deployment.member_status = SWITCHOVER_FAILED
    deployment.status_details = f"Switchover canceled due to {reason}."
    record(backend, deployment, f"Switchover from primary {source} to {target} canceled due to {reason}.", "failure")
    record(backend, deployment, "Switchover canceled on blue/green deployment.", "failure")


# --- DeleteBlueGreenDeployment ---------------------------------------------------------------------------------


def delete(backend: RDSBackend, params) -> dict:
    """DELETING (with DeleteTime), gone a little later with RDS-EVENT-0246 "Blue/green deployment deleted.".

    Service model, DeleteBlueGreenDeploymentRequest.DeleteTarget: "Specifies whether to delete the resources in the
    green environment. You can't specify this option if the blue/green deployment status is SWITCHOVER_COMPLETED";
    Aurora User Guide, blue-green-deployments-deleting.md: with --delete-target the green cluster "must have deletion
    protection turned off"; without, "the cluster is retained, but it's no longer part of a blue/green deployment";
    "Deleting a blue/green deployment doesn't affect the blue environment". Both refusals: InvalidBlueGreenDeployment
    StateFault, the operation's only state fault (wording: no AWS source found); refusing a delete during a switchover
    or of one already deleting: no AWS source found. CLI example, delete-blue-green-deployment.rst: the answer shows
    DELETING and DeleteTime. The green instances and cluster go through their own deletion (instances.py, clusters.py).
    """
    deployment = find(backend, params.get("BlueGreenDeploymentIdentifier"))
    delete_target = bool(params.get("DeleteTarget"))
    if deployment.status in (DELETING, SWITCHOVER_IN_PROGRESS):
        raise invalid_state(
            f"Blue/green deployment {deployment.identifier} can't be deleted while {deployment.status}."
        )
    if delete_target and deployment.status == SWITCHOVER_COMPLETED:
        raise invalid_state(
            f"You can't delete the target of blue/green deployment {deployment.identifier}: its status is "
            f"{SWITCHOVER_COMPLETED}, so the target is the production environment now."
        )
    green = deployment.green
    if delete_target and exists(backend, green) and green.deletion_protection:
        raise invalid_state(
            f"The green DB cluster {green.db_cluster_identifier} of blue/green deployment {deployment.identifier} has "
            "deletion protection turned on. Turn it off before you delete the target."
        )
    if delete_target:
        delete_green(backend, deployment)
    SCHEDULER.cancel(job_key(deployment))
    deployment.status = DELETING
    deployment.delete_time = utcnow()
    answer = shape(backend, deployment)

    def deleted() -> None:
        backend.blue_green_deployments.pop(deployment.identifier, None)
        deployments.writes_allowed_again(deployment.blue)
        record(backend, deployment, "Blue/green deployment deleted.", "deletion")

    SCHEDULER.start(job_key(deployment), [(DELETING, "blue-green.deleting")], lambda _: None, deleted)
    return answer


def delete_green(backend: RDSBackend, deployment: Deployment) -> None:
    for pair in deployment.pairs[1:]:
        if exists(backend, pair.green) and pair.green.status != "deleting":
            backend.delete_db_instance(
                db_instance_identifier=pair.green.db_instance_identifier, skip_final_snapshot=True
            )
    green = deployment.green
    if exists(backend, green) and green.status != "deleting":
        clusters.delete(backend, {"DBClusterIdentifier": green.db_cluster_identifier, "SkipFinalSnapshot": True})


# --- tags ------------------------------------------------------------------------------------------------------

DEPLOYMENT_ARN = re.compile(r"^arn:[A-Za-z][0-9A-Za-z-]*:rds:([0-9a-z-]*):([0-9]*):deployment:([0-9A-Za-z-]+)$")


class DeploymentTags:
    """A deployment as Add/RemoveTagsToResource and ListTagsForResource meet it (moto's tagging interface): "You can
    tag the following Amazon RDS resources: ... Blue/green deployments" (Aurora User Guide, USER_Tagging.md). The tags
    are the deployment's TagList (service model, BlueGreenDeployment.TagList); an added key replaces its value."""

    def __init__(self, deployment: Deployment) -> None:
        self.deployment = deployment

    def get_tags(self) -> list[dict]:
        return [dict(tag) for tag in self.deployment.tags]

    def add_tags(self, tags: list[dict]) -> list[dict]:
        added = {tag["Key"]: {"Key": tag["Key"], "Value": tag.get("Value", "")} for tag in tags}
        kept = [tag for tag in self.deployment.tags if tag["Key"] not in added]
        self.deployment.tags = kept + list(added.values())
        return self.get_tags()

    def remove_tags(self, keys: list[str]) -> None:
        self.deployment.tags = [tag for tag in self.deployment.tags if tag["Key"] not in set(keys)]


@PATCHES.wrap(RDSBackend, "_get_resource_for_tagging")
def resource_for_tagging(original, backend: RDSBackend, arn: str):
    """moto knows no deployment ARN (InvalidParameterValue "Invalid resource name"). A deployment of another region or
    account, or none, is BlueGreenDeploymentNotFoundFault (which code RDS answers there: no AWS source found)."""
    match = DEPLOYMENT_ARN.match(arn or "")
    if match is None:
        return original(backend, arn)
    region, account, identifier = match.groups()
    if (region, account) != (backend.region_name, backend.account_id):
        raise BlueGreenDeploymentNotFoundFault(identifier)
    return DeploymentTags(find(backend, identifier))


# --- the handlers moto's RDSResponse dispatches to ---------------------------------------------------------------


def create_blue_green_deployment(response: RDSResponse) -> ActionResult:
    return ActionResult({"BlueGreenDeployment": create(response.backend, response.params)})


def describe_blue_green_deployments(response: RDSResponse) -> ActionResult:
    return ActionResult(describe(response.backend, response.params))


def switchover_blue_green_deployment(response: RDSResponse) -> ActionResult:
    return ActionResult({"BlueGreenDeployment": switchover(response.backend, response.params)})


def delete_blue_green_deployment(response: RDSResponse) -> ActionResult:
    return ActionResult({"BlueGreenDeployment": delete(response.backend, response.params)})


PATCHES.replace(RDSResponse, "create_blue_green_deployment", create_blue_green_deployment)
PATCHES.replace(RDSResponse, "describe_blue_green_deployments", describe_blue_green_deployments)
PATCHES.replace(RDSResponse, "switchover_blue_green_deployment", switchover_blue_green_deployment)
PATCHES.replace(RDSResponse, "delete_blue_green_deployment", delete_blue_green_deployment)
