# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster front the module imports: desired -> plan -> predicted result and diff, all pure.

The pieces live in cluster_desired (params), cluster_normalise (describe output), cluster_plan (the plan) and
cluster_aws (the only cluster code that calls AWS).
"""

from __future__ import annotations

from dataclasses import replace

from ansible_collections.aurora.mysql.plugins.module_utils import tags
from ansible_collections.aurora.mysql.plugins.module_utils.cluster_desired import Desired, desired_from_params
from ansible_collections.aurora.mysql.plugins.module_utils.cluster_normalise import (
    OPTION_KEYS,
    effective,
    is_kms_alias,
    normalise,
    settings_view,
)
from ansible_collections.aurora.mysql.plugins.module_utils.cluster_plan import ClusterPlan, plan

__all__ = [
    "ClusterPlan",
    "Desired",
    "desired_from_params",
    "diff",
    "normalise",
    "plan",
    "predict",
    "resolve_kms_aliases",
]

PASSWORD_MARKER = "(hidden; a new value is sent)"


def resolve_kms_aliases(desired, current, describe_key):
    """Swap KMS aliases for key ARNs where an existing cluster's key must be compared; describe_key(alias) -> ARN.

    A create passes aliases on to RDS as they are, so only an existing cluster costs a KMS call, and only for an
    alias (key ids and key ARNs compare by their key id).
    """
    if current is None or desired.state != "present":
        return desired
    options = dict(desired.options)
    compared = {"kms_key_id": current["storage_encrypted"], "master_user_secret_kms_key_id": _managed(current)}
    for option, needs_compare in compared.items():
        value = options[option]
        if needs_compare and value is not None and is_kms_alias(value):
            options[option] = describe_key(value)
    return replace(desired, options=options)


def _managed(current):
    return bool(current and current["manage_master_user_password"])


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
    result["tags"] = tags.after(base["tags"], cluster_plan.tags_to_set, cluster_plan.tags_to_remove)
    return result


def diff(current, cluster_plan, desired):
    """before/after of the options and tags; queued changes count as made, and the password shows only a marker."""
    before = settings_view(effective(current))
    after = settings_view(predict(current, cluster_plan, desired)) if desired.state == "present" else {}
    if cluster_plan.send_password:
        after["master_user_password"] = PASSWORD_MARKER
    return {"before": before, "after": after}
