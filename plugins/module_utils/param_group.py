# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parameter groups (cluster or instance scope): what a task asks, the snake_case view, and the catalogue.

The catalogue is the parameter metadata values are validated against ({name: Parameter dict}): the family's
engine defaults as AWS describes them, or the group's own rows when they carry it. Pure: param_group_plan.py
plans, param_group_api.py calls AWS.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.aurora.mysql.plugins.module_utils import fields, validate
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.fields import CREATE_ONLY, Field
from ansible_collections.aurora.mysql.plugins.module_utils.module import (
    ASSUME_DELETED_SPEC,
    STATE_ARGUMENT_SPEC,
    TAGS_ARGUMENT_SPEC,
)
from ansible_collections.aurora.mysql.plugins.module_utils.rds import PENDING_REBOOT

SCOPES = ("cluster", "instance")
APPLY_METHODS = ("auto", "immediate", PENDING_REBOOT)
DEFAULT_FAMILY = "aurora-mysql8.0"
# The cluster and instance APIs name the group the same way but for this prefix.
_PREFIXES = {"cluster": "DBClusterParameterGroup", "instance": "DBParameterGroup"}

# option, CreateDB(Cluster)ParameterGroup key, DescribeDB(Cluster)ParameterGroups key: both fixed at create.
FIELDS = (
    Field("family", "DBParameterGroupFamily", dict(type="str", default=DEFAULT_FAMILY), change=CREATE_ONLY),
    Field("description", "Description", change=CREATE_ONLY),
)

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    scope=dict(type="str", required=True, choices=list(SCOPES)),
    parameters=dict(type="dict"),
    apply_method=dict(type="str", choices=list(APPLY_METHODS), default="auto"),
    purge_parameters=dict(type="bool", default=False),
    **fields.argument_spec(FIELDS),
    **STATE_ARGUMENT_SPEC,
    **TAGS_ARGUMENT_SPEC,
    **ASSUME_DELETED_SPEC,
)


@dataclass(frozen=True)
class Desired:
    name: str
    scope: str
    state: str
    family: str = DEFAULT_FAMILY
    description: str | None = None
    parameters: dict | None = None  # None: the task leaves the parameters alone
    apply_method: str = "auto"
    purge_parameters: bool = False
    tags: dict | None = None
    purge_tags: bool = True
    assume_deleted: tuple = ()


def desired_from_params(params):
    """The requested state from module params; raises ValidationError before any AWS call."""
    parameters = params.get("parameters")
    if parameters is not None:
        bad = [str(key) for key in parameters if not isinstance(key, str) or not key.strip()]
        if bad:
            raise ValidationError("parameters", f"parameter names must be non-empty strings, got {', '.join(bad)}")
    description = params.get("description")
    if description is not None and not description.strip():
        raise ValidationError("description", "must not be blank")
    return Desired(
        name=validate.identifier("name", params["name"], max_length=255).lower(),
        scope=validate.one_of("scope", params["scope"], SCOPES),
        state=params.get("state") or "present",
        family=(params.get("family") or DEFAULT_FAMILY).strip().lower(),
        description=description,
        parameters=dict(parameters) if parameters is not None else None,
        apply_method=validate.one_of("apply_method", params.get("apply_method") or "auto", APPLY_METHODS),
        purge_parameters=bool(params.get("purge_parameters")),
        tags=validate.tags("tags", params.get("tags")),
        purge_tags=params.get("purge_tags", True),
        assume_deleted=validate.assume_deleted(params),
    )


def group_key(scope):
    """What the API calls a group of this scope: DBClusterParameterGroup or DBParameterGroup."""
    return _PREFIXES[scope]


def name_key(scope):
    """The request key that names a group of this scope."""
    return f"{group_key(scope)}Name"


def normalise(raw, scope, tags):
    """One snake_case shape for both DescribeDBParameterGroups and DescribeDBClusterParameterGroups entries."""
    view = dict(name=raw.get(name_key(scope)), scope=scope)
    view.update(fields.read(raw, FIELDS))
    view.update(arn=raw.get(f"{_PREFIXES[scope]}Arn"), tags=dict(tags or {}))
    return view


def user_parameters(raw_parameters):
    """{name: {value, apply_type}} for the parameters a user has set (Source user)."""
    return {
        item["ParameterName"]: dict(value=item.get("ParameterValue"), apply_type=item.get("ApplyType"))
        for item in raw_parameters
        if item.get("Source") == "user"
    }


def catalogue_of(raw_defaults):
    return {item["ParameterName"]: item for item in raw_defaults}


# What a parameter row must carry to validate a value; DescribeDB(Cluster)Parameters rows carry the same as the
# engine defaults (with AllowedValues when the parameter has a fixed set).
_SPEC_KEYS = ("DataType", "ApplyType", "IsModifiable")


def group_catalogue(current):
    """{name: Parameter} of the group's user-set rows that carry full metadata; {} for a missing group."""
    rows = (current or {}).get("specs", {})
    return {name: row for name, row in rows.items() if all(key in row for key in _SPEC_KEYS)}


def needs_engine_defaults(current, desired):
    """True when the group's own rows cannot answer the request, so the family's engine defaults must be read.

    They answer a rerun: every listed name is set already and its row carries the metadata validation uses.
    They cannot answer a missing group, a name not set yet (it may be unknown, and needs suggestions) or a
    purge that resets a value (its new value is the engine default).
    """
    if desired.parameters is None:
        return False
    if current is None:
        return True
    known = group_catalogue(current)
    if any(name not in known for name in desired.parameters):
        return True
    resets = [name for name in current["parameters"] if name not in desired.parameters]
    return bool(desired.purge_parameters and resets)


def check_fixed(current_group, desired):
    """Refuse changes RDS cannot make to an existing group, and a create that lacks what it needs."""
    if current_group is None:
        if desired.description is None:
            raise ValidationError("description", f"is required to create parameter group '{desired.name}'")
        return
    if (current_group["family"] or "").lower() != desired.family:
        raise ValidationError(
            "family",
            f"parameter group '{current_group['name']}' has family {current_group['family']}, not {desired.family};"
            " a group's family cannot change: use a new group name, or delete this group first",
        )
    if desired.description is not None and desired.description != current_group["description"]:
        raise ValidationError(
            "description",
            f"parameter group '{current_group['name']}' is described as '{current_group['description']}'; RDS cannot"
            " change the description of an existing group: omit description, or use a new group name",
        )
