# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""run_module(): the single error boundary shared by every module."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.aurora.mysql.plugins.module_utils.aws import (
    AUTH_ARGUMENT_SPEC,
    AUTH_MUTUALLY_EXCLUSIVE,
    BOTO3_IMPORT_ERROR,
    HAS_BOTO3,
    Clients,
)
from ansible_collections.aurora.mysql.plugins.module_utils.errors import AuroraError, AwsError, MissingError

# A create whose response was lost is retried by botocore and then meets the resource it made.
CREATED_BY_LOST_RESPONSE = frozenset(
    (
        "DBClusterAlreadyExistsFault",
        "DBInstanceAlreadyExists",
        "DBSubnetGroupAlreadyExists",
        "DBParameterGroupAlreadyExists",
    )
)

WAIT_ARGUMENT_SPEC = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1800),
)

STATE_ARGUMENT_SPEC = dict(state=dict(type="str", choices=["present", "absent"], default="present"))
# Documented by the aurora.mysql.tags fragment.
TAGS_ARGUMENT_SPEC = dict(tags=dict(type="dict"), purge_tags=dict(type="bool", default=True))

# The resources an earlier task of the play deletes; see assumed_deleted().
ASSUME_DELETED_SPEC = dict(assume_deleted=dict(type="list", elements="str", default=[]))


def assumed_deleted(module, desired):
    """What the plan may take as gone: desired.assume_deleted in check mode, nothing in a real run.

    A check run only predicts the deletes of earlier tasks, so it is told which resources they delete. A real run
    reads what those tasks left: resources really gone, or still deleting and so still counted.
    """
    return desired.assume_deleted if module.check_mode else ()


def build_module(argument_spec, **kwargs):
    """An AnsibleModule with the auth options merged in and check mode supported."""
    spec = dict(AUTH_ARGUMENT_SPEC)
    spec.update(argument_spec)
    mutually_exclusive = list(kwargs.pop("mutually_exclusive", [])) + AUTH_MUTUALLY_EXCLUSIVE
    return AnsibleModule(argument_spec=spec, supports_check_mode=True, mutually_exclusive=mutually_exclusive, **kwargs)


def run_module(argument_spec, run, **kwargs):
    """Build the module, call run(module) -> result dict, and turn typed errors into fail_json.

    This is the only place a module catches exceptions: helpers raise AuroraError subclasses
    (AwsError with code and operation, ValidationError with the option, WaitTimeoutError, StuckError). A
    MissingError gets the region and account the run looked in (issue 15: a wrong region or account is the usual
    cause), the account asked of STS only then.
    """
    module = build_module(argument_spec, **kwargs)
    if not HAS_BOTO3:
        module.fail_json(msg=missing_required_lib("boto3 and botocore"), exception=str(BOTO3_IMPORT_ERROR))
    if module.params.get("wait_timeout") is not None and module.params["wait_timeout"] < 1:
        module.fail_json(msg="wait_timeout: must be at least 1 second", option="wait_timeout")
    try:
        result = _run_converging(module, run)
    except MissingError as err:
        located = err.located(Clients(module.params).location())
        module.fail_json(msg=located.message, **located.to_result())
    except AuroraError as err:
        module.fail_json(msg=err.message, **err.to_result())
    module.exit_json(**result)


def _run_converging(module, run):
    """Run once more when a create lost its response: the second pass sees the resource and converges."""
    try:
        return run(module)
    except AwsError as err:
        if err.code not in CREATED_BY_LOST_RESPONSE:
            raise
    result = run(module)
    result["changed"] = True
    return result
