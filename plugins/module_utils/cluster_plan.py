# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure cluster plan (create, modify only what differs from the requested state, or delete), its refusals,
and what it predicts: check mode's result and diff mode's before/after."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import engine_version, fields, kms, validate
from ansible_collections.aurora.mysql.plugins.module_utils.cluster import FIELDS, OPTION_KEYS, effective, settings_view
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import CREATE_ONLY, RULE
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan

PASSWORD_MARKER = "(hidden; a new value is sent)"
_BY_OPTION = {row.option: row for row in FIELDS}
# Compared one to one against the requested state; RULE rows have rules of their own below.
_COMPARED = tuple(row.option for row in FIELDS if row.change != CREATE_ONLY and row.compare != RULE)
_FIXED = fields.named(FIELDS, CREATE_ONLY)


def plan(current, desired, *, assume_deleted=()):
    """current: cluster.normalise() of the described cluster, or None; desired: cluster.Desired.

    assume_deleted: member instances an earlier task deletes, which a delete then takes as gone.
    """
    if desired.state == "absent":
        return _delete_plan(current, desired, assume_deleted)
    if current is None:
        return _create_plan(desired)
    return _modify_plan(current, desired)


def _create_plan(desired):
    options = desired.options
    if options["master_username"] is None:
        raise ValidationError("master_username", "is required to create the cluster")
    if desired.password is None and not options["manage_master_user_password"]:
        raise ValidationError(
            "master_user_password", "is required to create the cluster, unless manage_master_user_password is true"
        )
    if options["kms_key_id"] is not None and options["storage_encrypted"] is not True:
        raise ValidationError("kms_key_id", "needs storage_encrypted: true to create an encrypted cluster")
    changes = {option: value for option, value in options.items() if value is not None}
    return Plan.create(
        fields.create_request(FIELDS, {"DBClusterIdentifier": desired.identifier}, changes, desired.tags),
        changes,
        desired.tags,
        wait="cluster_available" if desired.wait else None,
        details={"send_password": desired.password is not None},
    )


def _modify_plan(current, desired):
    if current["status"] == "deleting":
        raise ValidationError("state", f"cluster {desired.identifier} is being deleted; wait until it is gone")
    requested = effective(current)
    options = desired.options
    _refuse_fixed(requested, options)
    _check_windows(requested, options)
    changes = {
        option: options[option]
        for option in _COMPARED
        if options[option] is not None and options[option] != requested[option]
    }
    details = {}
    upgrade = _engine_version_change(current, requested, desired, changes, details)
    _held_for_queued_upgrade(current, desired, changes, details)
    _backtrack_change(requested, options, changes)
    send_password = _password_changes(requested, desired, changes)
    tag_plan = TagPlan.between(current["tags"], desired.tags, desired.purge_tags)
    request = _modify_request(requested, desired, changes, send_password, upgrade)
    details["send_password"] = send_password
    return Plan(
        action="modify" if request else "",
        changes=changes,
        tags=tag_plan,
        wait=_present_wait(current, desired, request, tag_plan, upgrade),
        request=request,
        details=details,
    )


def _present_wait(current, desired, request, tag_plan, upgrade):
    """The new version running when an upgrade is sent immediately; applied changes when sent immediately; else
    available, which an unchanged cluster may still not be, for instance after a run with wait: false."""
    if not desired.wait:
        return None
    if upgrade and desired.apply_immediately:
        return "cluster_upgraded"
    if request and desired.apply_immediately:
        return "cluster_applied"
    if request or tag_plan or current["status"] != "available" or desired.wait_for_members:
        return "cluster_available"
    return None


def _shown(value):
    return "(not set)" if value is None else f"'{value}'"


def _refuse_fixed(requested, options):
    for option in _FIXED:
        wanted = options[option]
        if wanted is not None and not fields.same(_BY_OPTION[option], wanted, requested[option]):
            raise ValidationError(
                option,
                f"cannot change once the cluster exists: it is {_shown(requested[option])}, the task asks for "
                f"{_shown(wanted)}. Create a new cluster (or restore a snapshot into one) to change it.",
            )


def _check_windows(requested, options):
    """A new window must not overlap the window the cluster keeps."""
    if options["preferred_backup_window"] is None and options["preferred_maintenance_window"] is None:
        return
    backup = options["preferred_backup_window"] or requested["preferred_backup_window"]
    maintenance = options["preferred_maintenance_window"] or requested["preferred_maintenance_window"]
    validate.windows(backup, maintenance)


def _engine_version_change(current, requested, desired, changes, details):
    """The upgrade the task asks for, recorded in changes and details: {from, to, major}, or None.

    A version below the one running, of the same major version, is what AWS's automatic minor upgrade leaves behind
    (sources.md item 12): converged, reported in details["engine_version_ahead"], never sent (RDS would refuse it on
    every run). An older major version is refused; a major upgrade needs allow_major_version_upgrade and, where the
    cluster uses a custom cluster parameter group, one of the new family (sources.md item 17). Whether RDS offers the
    version as an upgrade target of the running one is cluster_api.check()'s question.
    """
    want = desired.options["engine_version"]
    if want is None or want == requested["engine_version"]:
        return None
    have = current["engine_version"]
    if engine_version.is_ahead(have, want):
        details["engine_version_ahead"] = {"requested": want, "running": have}
        details.setdefault("warnings", []).append(
            f"cluster {desired.identifier} runs '{have}', a higher minor version of the same major version than "
            f"engine_version '{want}' (an automatic minor upgrade, for instance); RDS never downgrades, so it is "
            f"left as it is. Set engine_version to '{have}' to match."
        )
        return None
    if engine_version.is_older_major(have, want):
        raise ValidationError("engine_version", engine_version.older_major_message(have, want))
    major = engine_version.is_major_upgrade(have, want)
    if major and not desired.allow_major_version_upgrade:
        raise ValidationError(
            "allow_major_version_upgrade",
            f"'{have}' to '{want}' is a major version upgrade; set allow_major_version_upgrade: true to make it in "
            "place (or upgrade by blue/green deployment with aurora.mysql.aurora_blue_green)",
        )
    if major:
        _major_upgrade_groups(requested, desired, changes, details)
    changes["engine_version"] = want
    upgrade = {"from": have, "to": want, "major": major}
    details["engine_upgrade"] = upgrade
    return upgrade


def _major_upgrade_groups(requested, desired, changes, details):
    """Aurora User Guide, AuroraMySQL.Updates.MajorVersionUpgrade.md: a major upgrade in place names
    --db-cluster-parameter-group-name "if the cluster uses a custom cluster parameter group" and
    --db-instance-parameter-group-name "if any instances in the cluster use a custom DB parameter group" (the members'
    groups are cluster_api.check()'s to read); "If you specify any custom parameter group during the upgrade process,
    make sure to manually reboot the cluster after the upgrade finishes"."""
    group = requested["db_cluster_parameter_group_name"]
    if "db_cluster_parameter_group_name" not in changes and group and not _is_default_group(group):
        raise ValidationError(
            "db_cluster_parameter_group_name",
            f"the cluster uses the custom cluster parameter group '{group}', of its current major version's family; "
            "a major version upgrade needs a cluster parameter group of the new version's family (RDS refuses the "
            "upgrade without one): name it here (aurora.mysql.aurora_param_group creates it)",
        )
    custom = [
        name
        for name in (changes.get("db_cluster_parameter_group_name"), desired.db_instance_parameter_group_name)
        if name and not _is_default_group(name)
    ]
    if custom:
        details.setdefault("warnings", []).append(
            f"after the major version upgrade of cluster {desired.identifier}, reboot its instances so that they use "
            f"{', '.join(custom)} (aurora.mysql.aurora_rolling_reboot); RDS does not reboot them for it"
        )


def _is_default_group(name):
    return name.startswith("default.")


def _held_for_queued_upgrade(current, desired, changes, details):
    """A major upgrade queued for the maintenance window takes the cluster parameter group named with it along, and
    RDS shows only the version in PendingModifiedValues (service model, ClusterPendingModifiedValues has no group):
    until it runs, the new family's group is not sent again (the running version's family would refuse it)."""
    queued = current["pending_modified_values"].get("engine_version")
    if "engine_version" in changes or not queued:
        return
    if not engine_version.is_major_upgrade(current["engine_version"], queued):
        return
    group = changes.pop("db_cluster_parameter_group_name", None)
    if group is not None:
        details.setdefault("warnings", []).append(
            f"db_cluster_parameter_group_name '{group}' goes with the upgrade to '{queued}' RDS has queued for the "
            f"maintenance window of cluster {desired.identifier}; it is not sent again"
        )


def _backtrack_change(requested, options, changes):
    want = options["backtrack_window"]
    if want is None or want == requested["backtrack_window"]:
        return
    if want > 0 and not requested["backtrack_window"]:
        raise ValidationError(
            "backtrack_window",
            "Aurora turns backtracking on only when a cluster is created (or restored); it is off on this cluster",
        )
    changes["backtrack_window"] = want


def _password_changes(requested, desired, changes):
    """Record Secrets Manager changes; True when the task's password must be sent."""
    manage = desired.options["manage_master_user_password"]
    managed = requested["manage_master_user_password"]
    secret_key = desired.options["master_user_secret_kms_key_id"]
    if manage and not managed:
        changes["manage_master_user_password"] = True
        if secret_key is not None:
            changes["master_user_secret_kms_key_id"] = secret_key
        return False
    secret_key_now = requested["master_user_secret_kms_key_id"]
    if manage and secret_key is not None and not kms.same_key(secret_key, secret_key_now):
        raise ValidationError(
            "master_user_secret_kms_key_id",
            f"RDS cannot change the key of a managed secret: it is {_shown(secret_key_now)}."
            " Turn manage_master_user_password off, then on again with the new key.",
        )
    if manage is False and managed:
        if desired.password is None:
            raise ValidationError(
                "master_user_password", "is required to stop managing the master password in Secrets Manager"
            )
        changes["manage_master_user_password"] = False
        return True
    if desired.password is not None and desired.update_password == "always":
        if managed:
            raise ValidationError(
                "master_user_password",
                "the cluster's password is managed in Secrets Manager; set manage_master_user_password: false to "
                "set your own",
            )
        return True
    return False


def _modify_request(requested, desired, changes, send_password, upgrade):
    if not changes and not send_password:
        return {}
    if "db_subnet_group_name" in changes and not desired.apply_immediately:
        raise ValidationError(
            "apply_immediately",
            "a move to another subnet group never shows among RDS's pending changes, so a queued move would be "
            "sent again on every run; this module moves a cluster only with apply_immediately: true",
        )
    request = {"DBClusterIdentifier": desired.identifier, "ApplyImmediately": desired.apply_immediately}
    request.update(fields.request(FIELDS, {k: v for k, v in changes.items() if k != "enable_cloudwatch_logs_exports"}))
    if "enable_cloudwatch_logs_exports" in changes:
        want, have = set(changes["enable_cloudwatch_logs_exports"]), set(requested["enable_cloudwatch_logs_exports"])
        request["CloudwatchLogsExportConfiguration"] = {
            key: sorted(types)
            for key, types in (("EnableLogTypes", want - have), ("DisableLogTypes", have - want))
            if types
        }
    if "db_subnet_group_name" in changes:
        # Without them RDS puts the moved cluster in the VPC's default security group.
        request["VpcSecurityGroupIds"] = changes.get("vpc_security_group_ids", requested["vpc_security_group_ids"])
    if upgrade and upgrade["major"]:
        request["AllowMajorVersionUpgrade"] = True
        if desired.db_instance_parameter_group_name:
            request["DBInstanceParameterGroupName"] = desired.db_instance_parameter_group_name
    return request


def _delete_plan(current, desired, assume_deleted):
    deleted_wait = "cluster_deleted" if desired.wait else None
    if current is None:
        return Plan()
    if current["status"] == "deleting":
        # Nothing to send, but wait: true promises the cluster is gone when the task returns.
        return Plan(wait=deleted_wait)
    blockers = []
    if current["deletion_protection"] and desired.options["deletion_protection"] is not False:
        blockers.append(
            "deletion protection is on; add deletion_protection: false to this task to turn it off and delete, "
            "or turn it off first"
        )
    members = [m["instance_identifier"] for m in current["members"] if m["instance_identifier"] not in assume_deleted]
    if members:
        blockers.append(
            f"it still has instances {', '.join(members)}; delete them first "
            "(aurora.mysql.aurora_instance with state: absent)"
        )
    if blockers:
        raise ValidationError("state", f"cannot delete cluster {desired.identifier}: " + "; and ".join(blockers))
    request = {"DBClusterIdentifier": desired.identifier}
    if desired.final_snapshot_identifier:
        request["FinalDBSnapshotIdentifier"] = desired.final_snapshot_identifier
    else:
        request["SkipFinalSnapshot"] = True
    return Plan(
        action="delete",
        wait=deleted_wait,
        request=request,
        details={
            "disable_protection": current["deletion_protection"],
            "final_snapshot_identifier": desired.final_snapshot_identifier,
        },
    )


def predict(current, cluster_plan, desired):
    """The cluster as the plan leaves it: check mode's answer, built from the same plan a real run applies."""
    if desired.state == "absent":
        return {}
    if current is None:
        base = dict.fromkeys(OPTION_KEYS)
        base.update(identifier=desired.identifier, status="creating", tags={}, members=[], pending_modified_values={})
    else:
        base = effective(current)
    result = dict(base)
    result.update(cluster_plan.changes)
    result["tags"] = cluster_plan.tags.after(base["tags"])
    return result


def diff(current, cluster_plan, desired):
    """before/after of the options and tags; queued changes count as made, and the password shows only a marker."""
    before = settings_view(effective(current))
    after = settings_view(predict(current, cluster_plan, desired)) if desired.state == "present" else {}
    if cluster_plan.details.get("send_password"):
        after["master_user_password"] = PASSWORD_MARKER
    return {"before": before, "after": after}
