# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure plan for one Aurora DB instance, the state it predicts, and the API arguments it turns into.

A plan is a dict holding only work to do, so `bool(plan)` is `changed`:
  create: {view key: value}    modify: {view key: new value}    tags: {"set": {...}, "remove": [...]}
  reboot: True                 delete: True
Check mode, diff mode and the real run all use this one plan; check mode only skips the API calls. The one
difference: a check run plans the create of an instance whose cluster does not exist yet, since an earlier task
may only have predicted that cluster, and skips the checks that need it; a real run refuses before any change.
"""

from __future__ import annotations

import copy

from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.instance import (
    DEFERRABLE,
    IMMUTABLE,
    MUTABLE,
    PENDING_REBOOT,
    kms_key_id,
    requested,
    state_of,
)

# What RDS gives a new instance for the settings CreateDBInstance leaves out; check mode predicts these.
CREATE_DEFAULTS = {
    "promotion_tier": 1,
    "auto_minor_version_upgrade": True,
    "monitoring_interval": 0,
    "performance_insights_enabled": False,
}
# Compared without regard to case: RDS stores these lower-cased.
_CASELESS = ("instance_class", "db_parameter_group_name", "cluster_identifier", "engine")


def plan(current, cluster, desired, *, check_mode=False):
    """What turns `current` (a view, {} when missing) into `desired`; `cluster` is the raw DBCluster or None.

    `check_mode` lets a create go ahead without its cluster, which a real run refuses.
    """
    state = desired["state"]
    identifier = desired["identifier"]
    if state == "absent":
        return {"delete": True} if current and current["status"] != "deleting" else {}
    if not current:
        if state == "rebooted":
            raise ValidationError(
                "identifier", f"instance {identifier} does not exist, so it cannot be rebooted; create it first"
            )
        return {"create": _create_fields(cluster, desired, check_mode)}
    if current["status"] == "deleting":
        raise ValidationError("state", f"instance {identifier} is being deleted; wait until it is gone, then rerun")
    _refuse_immutable(current, desired)
    result = {}
    changes = _changes(requested(current), desired)
    _refuse_kms_change(current, changes)
    if changes:
        result["modify"] = changes
    to_set, to_remove = tag_utils.plan(current["tags"], desired["tags"], desired["purge_tags"])
    if to_set or to_remove:
        result["tags"] = {"set": to_set, "remove": to_remove}
    pending_reboot = current["parameter_apply_status"] == PENDING_REBOOT or "db_parameter_group_name" in changes
    if state == "rebooted" or (desired["reboot_if_pending"] and pending_reboot):
        result["reboot"] = True
    return result


def _create_fields(cluster, desired, check_mode):
    identifier, cluster_id = desired["identifier"], desired["cluster_identifier"]
    # A check run of aurora_cluster then aurora_instance on an empty account only predicted the cluster, so a
    # check run takes a missing cluster as one still to come; a real run cannot create into it.
    if cluster is None and not check_mode:
        raise ValidationError(
            "cluster_identifier", f"cluster {cluster_id} does not exist; create it before instance {identifier}"
        )
    if desired["instance_class"] is None:
        raise ValidationError("instance_class", f"is required to create instance {identifier}")
    # Without the cluster its engine is unknown; the real run compares them before it creates anything.
    if cluster is not None and not _same("engine", cluster.get("Engine"), desired["engine"]):
        raise ValidationError(
            "engine", f"'{desired['engine']}' is not the engine of cluster {cluster_id}, '{cluster.get('Engine')}'"
        )
    if desired["monitoring_role_arn"] and not desired["monitoring_interval"]:
        raise ValidationError("monitoring_interval", "must be above 0 when monitoring_role_arn is set")
    fields = {key: desired[key] for key in tuple(IMMUTABLE) + tuple(MUTABLE) if desired[key] is not None}
    # RDS makes an instance in a default VPC public unless told otherwise; the module defaults to private.
    fields.setdefault("publicly_accessible", False)
    if desired["tags"]:
        fields["tags"] = desired["tags"]
    return fields


def _same(key, current, wanted):
    if key == "performance_insights_kms_key_id":
        return kms_key_id(current) == kms_key_id(wanted)
    if key in _CASELESS and isinstance(current, str) and isinstance(wanted, str):
        return current.lower() == wanted.lower()
    return current == wanted


def _refuse_immutable(current, desired):
    for key in IMMUTABLE:
        wanted = desired.get(key)
        if wanted is not None and not _same(key, current.get(key), wanted):
            raise ValidationError(
                key,
                f"instance {current['identifier']} has {key} '{current.get(key)}'; RDS cannot change it to "
                f"'{wanted}' (delete and recreate the instance instead)",
            )


def _managed(key, current, desired):
    """Role ARN only matters with monitoring on; retention and KMS key only with Performance Insights on."""
    if key == "monitoring_role_arn":
        interval = desired["monitoring_interval"]
        return bool(current.get("monitoring_interval") if interval is None else interval)
    if key in ("performance_insights_retention_period", "performance_insights_kms_key_id"):
        enabled = desired["performance_insights_enabled"]
        return bool(current.get("performance_insights_enabled") if enabled is None else enabled)
    return True


def _changes(current, desired):
    return {
        key: desired[key]
        for key in MUTABLE
        if desired.get(key) is not None
        and _managed(key, current, desired)
        and not _same(key, current.get(key), desired[key])
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


def predict(current, cluster, desired, work):
    """The view the plan leads to, built from the plan alone: check mode's result and diff mode's `after`."""
    if desired["state"] == "absent":
        # A delete with wait ends when the instance is gone; without wait it is left deleting.
        return {} if not current or (work and desired["wait"]) else dict(current, status="deleting")
    if work.get("create"):
        return _predict_created(cluster, desired, work["create"])
    after = copy.deepcopy(current)
    for key, value in work.get("modify", {}).items():
        if key in DEFERRABLE and not desired["apply_immediately"]:
            after["pending_modified_values"][key] = value
        else:
            after[key] = value
            after["pending_modified_values"].pop(key, None)
    if "db_parameter_group_name" in work.get("modify", {}):
        after["parameter_apply_status"] = PENDING_REBOOT
    if work.get("reboot") and after["parameter_apply_status"] == PENDING_REBOOT:
        after["parameter_apply_status"] = "in-sync"
    if "tags" in work:
        after["tags"] = tag_utils.after(current["tags"], work["tags"]["set"], work["tags"]["remove"])
    return after


def _predict_created(cluster, desired, fields):
    view = dict.fromkeys(tuple(IMMUTABLE) + tuple(MUTABLE))
    view.update(CREATE_DEFAULTS)
    view.update({key: value for key, value in fields.items() if key != "tags"})
    view.update(
        identifier=desired["identifier"],
        arn=None,
        status="creating",
        endpoint={"address": None, "port": None},
        # RDS makes the first instance of a cluster its writer; a cluster still to come (check mode) has none yet.
        is_writer=not (cluster or {}).get("DBClusterMembers"),
        parameter_apply_status=None,
        pending_modified_values={},
        tags=dict(fields.get("tags") or {}),
    )
    return view


def diff(current, predicted):
    return {"before": state_of(requested(current)), "after": state_of(requested(predicted))}


def settle_waiter(predicted):
    """instance_settled waits for nothing pending; when something stays pending by design, wait for available."""
    if predicted.get("pending_modified_values") or predicted.get("parameter_apply_status") == PENDING_REBOOT:
        return "instance_available"
    return "instance_settled"


def create_kwargs(identifier, fields):
    kwargs = {
        (MUTABLE[key][0] if key in MUTABLE else IMMUTABLE[key]): value for key, value in fields.items() if key != "tags"
    }
    kwargs["DBInstanceIdentifier"] = identifier
    if fields.get("tags"):
        kwargs["Tags"] = tag_utils.to_list(fields["tags"])
    return kwargs


def modify_kwargs(identifier, changes, desired):
    """ModifyDBInstance arguments, with the companions RDS wants beside a changed field."""
    fields = dict(changes)
    if fields.get("monitoring_interval") and desired["monitoring_role_arn"]:
        fields["monitoring_role_arn"] = desired["monitoring_role_arn"]
    pi_keys = ("performance_insights_retention_period", "performance_insights_kms_key_id")
    if fields.get("performance_insights_enabled") or any(key in fields for key in pi_keys):
        fields["performance_insights_enabled"] = True
        fields.update({key: desired[key] for key in pi_keys if desired[key] is not None})
    kwargs = {MUTABLE[key][0]: value for key, value in fields.items()}
    kwargs.update(DBInstanceIdentifier=identifier, ApplyImmediately=desired["apply_immediately"])
    return kwargs
