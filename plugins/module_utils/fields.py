# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field tables: one row per setting of a resource, from which its request, its view and its comparison derive.

A row names the setting once in each vocabulary (module option, snake_case view key, API request key,
Describe* key) and says how it changes. The cluster and the instance each keep a table of these rows; adding a
setting to either is one row (plus its documentation) there.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible.module_utils.common.dict_transformations import camel_dict_to_snake_dict

from ansible_collections.aurora.mysql.plugins.module_utils import kms, validate
from ansible_collections.aurora.mysql.plugins.module_utils import tags as tag_utils

# How a setting changes once the resource exists.
MUTABLE = "mutable"  # sent at once
DEFERRED = "deferred"  # RDS may queue it in PendingModifiedValues until the maintenance window
CREATE_ONLY = "create_only"  # fixed at create: a different value is refused, never sent
RULE = "rule"  # compared by a rule of the resource's own (its _plan module says which)

# How a wanted value compares with the one the resource has.
EQUAL = "equal"
CASELESS = "caseless"
KMS_KEY = "kms_key"  # a key id and a key ARN name the same key


def _as_is(value):
    return value


def _checked_as_is(_option, value):
    return value


@dataclass(frozen=True)
class Field:
    option: str  # the view key; also the module option unless `param` names another
    request: str | None  # the Create*/Modify* argument
    spec: object = "str"  # the module's argument spec entry for the option, or just its type
    describe: str | None = ""  # the Describe* key read() copies; "" when it is the request key, None when
    # normalise() derives the value itself
    change: str = MUTABLE
    compare: str = EQUAL
    read: object = _as_is  # Describe* value -> view value
    check: object = _checked_as_is  # (option, module param) -> desired value; raises ValidationError
    to_request: object = _as_is  # desired value -> request value
    param: str | None = None

    @property
    def option_name(self):
        """The module option this row reads."""
        return self.param or self.option

    @property
    def describe_key(self):
        return self.request if self.describe == "" else self.describe

    @property
    def argument_spec(self):
        return dict(type=self.spec) if isinstance(self.spec, str) else self.spec


def argument_spec(fields):
    """The module's argument spec entries of the rows."""
    return {field.option_name: field.argument_spec for field in fields}


def one_of(allowed):
    """A row check: the value is one of `allowed` (None passes: unmanaged)."""

    def check(option, value):
        return validate.one_of(option, value, allowed)

    return check


def in_range(low, high):
    """A row check: an integer from `low` to `high` (None passes: unmanaged)."""

    def check(option, value):
        return validate.int_range(option, value, low, high)

    return check


def lowered(_option, value):
    """A row check for names RDS stores in lower case."""
    return value.lower() if isinstance(value, str) else value


def desired_values(params, fields):
    """{view key: checked value} of every row; None where the task leaves the setting alone."""
    return {field.option: field.check(field.option_name, params.get(field.option_name)) for field in fields}


def read(raw, fields):
    """{view key: value} of the rows that copy a Describe* key."""
    return {field.option: field.read(raw.get(field.describe_key)) for field in fields if field.describe_key}


def request(fields, values):
    """The API arguments for {view key: value}."""
    by_option = {field.option: field for field in fields}
    return {by_option[key].request: by_option[key].to_request(value) for key, value in values.items()}


def create_request(fields, named, values, tags=None):
    """Create* arguments: the resource's name ({key: name}), the rows' values and its tags, when it has any."""
    result = dict(named, **request(fields, values))
    if tags:
        result["Tags"] = tag_utils.to_list(tags)
    return result


def same(field, wanted, have):
    if field.compare == KMS_KEY:
        return kms.same_key(wanted, have)
    if field.compare == CASELESS and isinstance(wanted, str) and isinstance(have, str):
        return wanted.lower() == have.lower()
    return wanted == have


def _pending_key(field):
    """The key RDS queues a change of this row under, once PendingModifiedValues is in snake_case."""
    return next(iter(camel_dict_to_snake_dict({field.describe_key: None})))


def as_options(fields, pending):
    """`pending` (rds.pending_values() output) with the deferred rows' changes under their view keys."""
    renamed = dict(pending)
    for field in fields:
        if field.change == DEFERRED and _pending_key(field) in renamed:
            renamed[field.option] = renamed.pop(_pending_key(field))
    return renamed


def queued(fields, pending):
    """{view key: requested value} of the deferred rows RDS has queued in `pending`."""
    by_option = as_options(fields, pending)
    return {
        field.option: field.read(by_option[field.option])
        for field in fields
        if field.change == DEFERRED and by_option.get(field.option) is not None
    }


def named(fields, *changes):
    """The view keys of the rows that change in one of these ways."""
    return tuple(field.option for field in fields if field.change in changes)
