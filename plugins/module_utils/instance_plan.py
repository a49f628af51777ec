# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure plan for one Aurora DB instance and the state it predicts.

Actions: create, modify (then a reboot when details["reboot"]), reboot, delete. Check mode, diff mode and the
real run all use this one plan; check mode only skips the API calls. The one difference: a check run plans the
create of an instance whose cluster does not exist yet, since an earlier task may only have predicted that
cluster, and skips the checks that need it; a real run refuses before any change.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from ansible_collections.aurora.mysql.plugins.module_utils import fields, states
from ansible_collections.aurora.mysql.plugins.module_utils.errors import MissingError, ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import CREATE_ONLY, DEFERRED
from ansible_collections.aurora.mysql.plugins.module_utils.instance import (
    FIELD_KEYS,
    FIELDS,
    requested,
    state_of,
)
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan
from ansible_collections.aurora.mysql.plugins.module_utils.rds import PENDING_REBOOT

# What RDS gives a new instance for the settings CreateDBInstance leaves out; check mode predicts these.
CREATE_DEFAULTS = {
    "promotion_tier": 1,
    "auto_minor_version_upgrade": True,
    "monitoring_interval": 0,
    "performance_insights_enabled": False,
}
_BY_OPTION = {row.option: row for row in FIELDS}
_FIXED = fields.named(FIELDS, CREATE_ONLY)
_DEFERRED = fields.named(FIELDS, DEFERRED)
_CHANGEABLE = tuple(key for key in FIELD_KEYS if key not in _FIXED)
_PI_SETTINGS = ("performance_insights_retention_period", "performance_insights_kms_key_id")


def plan(current, cluster, desired, *, check_mode=False):
    """What turns `current` (a view, {} when missing) into `desired`; `cluster` is the raw DBCluster or None.

    `check_mode` lets a create go ahead without its cluster, which a real run refuses.
    """
    identifier = desired.identifier
    if desired.state == "absent":
        return _delete_plan(current, cluster, desired)
    if not current:
        if desired.state == "rebooted":
            raise ValidationError(
                "identifier", f"instance {identifier} does not exist, so it cannot be rebooted; create it first"
            )
        if cluster is not None:
            # A cluster that cannot run (stopped, its KMS key lost, ...) takes no new instance.
            states.refuse(states.CLUSTER, cluster["DBClusterIdentifier"], cluster.get("Status"))
        return _create_plan(cluster, desired, check_mode)
    if current["status"] == "deleting":
        raise ValidationError("state", f"instance {identifier} is being deleted; wait until it is gone, then rerun")
    _refuse_fixed(current, desired)
    changes = _changes(requested(current), desired)
    _refuse_kms_change(current, changes)
    pending_reboot = current["parameter_apply_status"] == PENDING_REBOOT or "db_parameter_group_name" in changes
    reboot = desired.state == "rebooted" or (desired.reboot_if_pending and pending_reboot)
    work = Plan(
        action="modify" if changes else ("reboot" if reboot else ""),
        changes=changes,
        tags=TagPlan.between(current["tags"], desired.tags, desired.purge_tags),
        request=_modify_request(identifier, changes, desired) if changes else _reboot_request(identifier, reboot),
        details={"reboot": reboot},
    )
    if work.action and desired.wait:
        work = replace(work, wait=_settle_wait(predict(current, cluster, desired, work)))
    elif desired.wait and current["status"] != "available":
        # Nothing to send, but wait: true promises an available instance, one an earlier run left creating too.
        work = replace(work, wait="instance_available")
    if work.action or work.wait:
        # RDS refuses to modify or reboot an instance in such a state, and a wait for it would never end.
        states.refuse(states.INSTANCE, identifier, current["status"])
    return work


def _delete_plan(current, cluster, desired):
    wait = "instance_deleted" if desired.wait and current else None
    if not current or current["status"] == "deleting":
        # Already deleting (an earlier run with wait: false, or someone else): nothing to send, but wait: true
        # promises the instance is gone when the task returns.
        return Plan(wait=wait)
    if cluster is not None and cluster.get("Status") in ("stopped", "stopping"):
        # Aurora User Guide, aurora-cluster-stop-start.md: no instance leaves a stopped cluster.
        states.refuse(states.CLUSTER, cluster["DBClusterIdentifier"], cluster["Status"])
    return Plan(action="delete", wait=wait, request={"DBInstanceIdentifier": desired.identifier})


def _create_plan(cluster, desired, check_mode):
    options, identifier, cluster_id = desired.options, desired.identifier, desired.options["cluster_identifier"]
    # A check run of aurora_cluster then aurora_instance on an empty account only predicted the cluster, so a
    # check run takes a missing cluster as one still to come; a real run cannot create into it.
    if cluster is None and not check_mode:
        raise MissingError(
            "cluster_identifier", f"cluster {cluster_id} does not exist; create it before instance {identifier}"
        )
    if options["instance_class"] is None:
        raise ValidationError("instance_class", f"is required to create instance {identifier}")
    # Without the cluster its engine is unknown; the real run compares them before it creates anything.
    if cluster is not None and not fields.same(_BY_OPTION["engine"], cluster.get("Engine"), options["engine"]):
        raise ValidationError(
            "engine", f"'{options['engine']}' is not the engine of cluster {cluster_id}, '{cluster.get('Engine')}'"
        )
    if options["monitoring_role_arn"] and not options["monitoring_interval"]:
        raise ValidationError("monitoring_interval", "must be above 0 when monitoring_role_arn is set")
    changes = {key: value for key, value in options.items() if value is not None}
    # RDS makes an instance in a default VPC public unless told otherwise; the module defaults to private.
    changes.setdefault("publicly_accessible", False)
    return Plan.create(
        fields.create_request(FIELDS, {"DBInstanceIdentifier": identifier}, changes, desired.tags),
        changes,
        desired.tags,
        wait="instance_available" if desired.wait else None,
    )


def _refuse_fixed(current, desired):
    for key in _FIXED:
        wanted = desired.options[key]
        if wanted is not None and not fields.same(_BY_OPTION[key], wanted, current.get(key)):
            raise ValidationError(
                key,
                f"instance {current['identifier']} has {key} '{current.get(key)}'; RDS cannot change it to "
                f"'{wanted}' (delete and recreate the instance instead)",
            )


def _managed(key, current, options):
    """Role ARN only matters with monitoring on; retention and KMS key only with Performance Insights on."""
    if key == "monitoring_role_arn":
        interval = options["monitoring_interval"]
        return bool(current.get("monitoring_interval") if interval is None else interval)
    if key in _PI_SETTINGS:
        enabled = options["performance_insights_enabled"]
        return bool(current.get("performance_insights_enabled") if enabled is None else enabled)
    return True


def _changes(current, desired):
    options = desired.options
    return {
        key: options[key]
        for key in _CHANGEABLE
        if options[key] is not None
        and _managed(key, current, options)
        and not fields.same(_BY_OPTION[key], options[key], current.get(key))
    }


def _refuse_kms_change(current, changes):
    if "performance_insights_kms_key_id" not in changes:
        return
    key = current.get("performance_insights_kms_key_id")
    if current.get("performance_insights_enabled") and key:
        raise ValidationError(
            "performance_insights_kms_key_id",
            f"Performance Insights of instance {current['identifier']} already encrypts with '{key}'; "
            "RDS cannot change that key",
        )


def _modify_request(identifier, changes, desired):
    """ModifyDBInstance arguments, with the companions RDS wants beside a changed field."""
    options = desired.options
    sent = dict(changes)
    if sent.get("monitoring_interval") and options["monitoring_role_arn"]:
        sent["monitoring_role_arn"] = options["monitoring_role_arn"]
    if sent.get("performance_insights_enabled") or any(key in sent for key in _PI_SETTINGS):
        sent["performance_insights_enabled"] = True
        sent.update({key: options[key] for key in _PI_SETTINGS if options[key] is not None})
    request = fields.request(FIELDS, sent)
    request.update(DBInstanceIdentifier=identifier, ApplyImmediately=desired.apply_immediately)
    return request


def _reboot_request(identifier, reboot):
    return {"DBInstanceIdentifier": identifier} if reboot else {}


def _settle_wait(predicted):
    """instance_settled waits for nothing pending; when something stays pending by design, wait for available."""
    if predicted.get("pending_modified_values") or predicted.get("parameter_apply_status") == PENDING_REBOOT:
        return "instance_available"
    return "instance_settled"


def predict(current, cluster, desired, work):
    """The view the plan leads to, built from the plan alone: check mode's result and diff mode's `after`."""
    if desired.state == "absent":
        # A delete with wait ends when the instance is gone; without wait it is left deleting.
        return {} if not current or (work.action == "delete" and desired.wait) else dict(current, status="deleting")
    if work.action == "create":
        return _predict_created(cluster, desired, work)
    after = copy.deepcopy(current)
    for key, value in work.changes.items():
        if key in _DEFERRED and not desired.apply_immediately:
            after["pending_modified_values"][key] = value
        else:
            after[key] = value
            after["pending_modified_values"].pop(key, None)
    if "db_parameter_group_name" in work.changes:
        after["parameter_apply_status"] = PENDING_REBOOT
    if work.details.get("reboot") and after["parameter_apply_status"] == PENDING_REBOOT:
        after["parameter_apply_status"] = "in-sync"
    after["tags"] = work.tags.after(current["tags"])
    return after


def _predict_created(cluster, desired, work):
    view = dict.fromkeys(FIELD_KEYS)
    view.update(CREATE_DEFAULTS)
    view.update(work.changes)
    view.update(
        identifier=desired.identifier,
        arn=None,
        status="creating",
        endpoint={"address": None, "port": None},
        # RDS makes the first instance of a cluster its writer; a cluster still to come (check mode) has none yet.
        is_writer=not (cluster or {}).get("DBClusterMembers"),
        parameter_apply_status=None,
        pending_modified_values={},
        tags=work.tags.after({}),
    )
    return view


def diff(current, predicted):
    return {"before": state_of(requested(current)), "after": state_of(requested(predicted))}
