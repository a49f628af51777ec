# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one layer that talks to AWS: auth options, clients with botocore retries, typed errors, waits."""

from __future__ import annotations

import math
import time

from ansible.module_utils.basic import env_fallback

from ansible_collections.aurora.mysql.plugins.module_utils import states
from ansible_collections.aurora.mysql.plugins.module_utils.errors import (
    AuroraError,
    AwsError,
    ValidationError,
    WaitTimeoutError,
)
from ansible_collections.aurora.mysql.plugins.module_utils.version import COLLECTION_VERSION
from ansible_collections.aurora.mysql.plugins.module_utils.waiters import WAITERS

try:
    import boto3
    import jmespath
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError, WaiterError
    from botocore.waiter import WaiterModel, create_waiter_with_client

    HAS_BOTO3 = True
    BOTO3_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by run_module
    HAS_BOTO3 = False
    BOTO3_IMPORT_ERROR = exc

USER_AGENT = f"aurora.mysql/{COLLECTION_VERSION}"

# Option names, aliases and environment variables follow amazon.aws, so module_defaults and
# existing inventories carry over unchanged.
AUTH_ARGUMENT_SPEC = dict(
    region=dict(
        type="str",
        aliases=["aws_region", "ec2_region"],
        fallback=(env_fallback, ["AWS_REGION", "AWS_DEFAULT_REGION", "EC2_REGION"]),
    ),
    profile=dict(
        type="str",
        aliases=["aws_profile"],
        fallback=(env_fallback, ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"]),
    ),
    access_key=dict(
        type="str",
        aliases=["aws_access_key_id", "aws_access_key", "ec2_access_key"],
        no_log=False,
        fallback=(env_fallback, ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "EC2_ACCESS_KEY"]),
    ),
    secret_key=dict(
        type="str",
        aliases=["aws_secret_access_key", "aws_secret_key", "ec2_secret_key"],
        no_log=True,
        fallback=(env_fallback, ["AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "EC2_SECRET_KEY"]),
    ),
    session_token=dict(
        type="str",
        aliases=["aws_session_token", "security_token", "aws_security_token", "access_token"],
        no_log=True,
        fallback=(env_fallback, ["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "EC2_SECURITY_TOKEN"]),
    ),
    endpoint_url=dict(
        type="str",
        aliases=["aws_endpoint_url", "ec2_url"],
        fallback=(env_fallback, ["AWS_ENDPOINT_URL", "AWS_URL", "EC2_URL"]),
    ),
    validate_certs=dict(type="bool", default=True),
    aws_ca_bundle=dict(type="path", fallback=(env_fallback, ["AWS_CA_BUNDLE"])),
    retry_mode=dict(type="str", choices=["standard", "adaptive"], default="standard"),
    max_attempts=dict(type="int", default=10),
)

AUTH_MUTUALLY_EXCLUSIVE = [["profile", "access_key"], ["profile", "secret_key"], ["profile", "session_token"]]

# Request fields whose values must never reach a message, even if AWS or botocore echoes them.
SECRET_FIELDS = ("MasterUserPassword", "NewMasterUserPassword", "Password")

NOT_FOUND_CODES = frozenset(
    {
        "DBClusterNotFoundFault",
        "DBInstanceNotFound",
        "DBInstanceNotFoundFault",
        "DBSubnetGroupNotFoundFault",
        "DBParameterGroupNotFound",
        "DBParameterGroupNotFoundFault",
        "DBClusterParameterGroupNotFound",
        "DBClusterParameterGroupNotFoundFault",
        "DBClusterSnapshotNotFoundFault",
        "ResourceNotFound",
        "ResourceNotFoundException",
    }
)


# A read the caller may not make: IAM's code, KMS's, EC2's (the codes AWS's own CloudFormation handlers treat as
# one, aws-rds-cfn-common ErrorCode.java). A pre-change check that meets one is skipped with a warning.
ACCESS_DENIED_CODES = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation"})
# A modify or reboot RDS refuses while the resource is busy: "DB cluster is not available for modification with
# status modifying" (aws-controllers-k8s/community#1107), "Database instance is not in available state."
# (terraform-provider-aws#30637); codes as the service model names them on the wire.
BUSY_CODES = frozenset({"InvalidDBClusterStateFault", "InvalidDBInstanceState", "InvalidDBInstanceStateFault"})
SKIPPED = object()
SERVICES = ("rds", "ec2", "iam", "kms", "cloudwatch", "sts")


class Clients:
    """One AwsClient per service for a module run, each built from the module's params on first use.

    Modules pass it to the checks and reads that may need another service, so a run that never asks IAM never
    builds an IAM client.
    """

    def __init__(self, params):
        self._params = params
        self._built = {}

    def get(self, service):
        if service not in SERVICES:
            raise ValueError(f"no client for {service}")
        if service not in self._built:
            self._built[service] = connect(self._params, service)
        return self._built[service]

    rds = property(lambda self: self.get("rds"))
    ec2 = property(lambda self: self.get("ec2"))
    iam = property(lambda self: self.get("iam"))
    kms = property(lambda self: self.get("kms"))
    cloudwatch = property(lambda self: self.get("cloudwatch"))
    sts = property(lambda self: self.get("sts"))

    @property
    def region(self):
        built = next(iter(self._built.values()), None) or self.sts
        return built.region

    def location(self):
        """'region R, account A' for an error about something that does not exist. The account is asked of STS
        (GetCallerIdentity) only here, so only such an error costs the call; the region alone when STS fails."""
        try:
            region = self.region
        except AuroraError:
            return "the configured region"
        try:
            account = self.sts.call("get_caller_identity")["Account"]
        except AuroraError:
            return f"region {region}"
        return f"region {region}, account {account}"


def unless_denied(warnings, check, permission, read):
    """read(), or SKIPPED with a warning when the caller may not make that read: a locked-down account gets its
    pre-change check skipped, never a failure."""
    try:
        return read()
    except AwsError as err:
        if err.code not in ACCESS_DENIED_CODES:
            raise
    warnings.append(
        f"skipped {check}: {permission} was denied; allow {permission} to have it checked before any change"
    )
    return SKIPPED


def connect(params, service):
    """Build an AwsClient from a module's params (the AUTH_ARGUMENT_SPEC options)."""
    if params.get("max_attempts") is not None and params["max_attempts"] < 1:
        raise ValidationError("max_attempts", "must be at least 1")
    session = boto3.session.Session(
        profile_name=params.get("profile"),
        aws_access_key_id=params.get("access_key"),
        aws_secret_access_key=params.get("secret_key"),
        aws_session_token=params.get("session_token"),
        region_name=params.get("region"),
    )
    if not session.region_name:
        raise ValidationError("region", "no region given: set region, or AWS_REGION / AWS_DEFAULT_REGION")
    config = Config(
        retries={
            "mode": params.get("retry_mode") or "standard",
            "total_max_attempts": params.get("max_attempts") or 10,
        },
        user_agent_extra=USER_AGENT,
    )
    verify = params.get("aws_ca_bundle") or params.get("validate_certs", True)
    client = session.client(service, endpoint_url=params.get("endpoint_url"), config=config, verify=verify)
    return AwsClient(client)


def _scrub(text, kwargs):
    for field in SECRET_FIELDS:
        secret = kwargs.get(field)
        if isinstance(secret, str) and secret:
            text = text.replace(secret, "********")
    return text


def _to_aws_error(exc, operation, kwargs):
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = error.get("Code", "Unknown")
        message = error.get("Message", str(exc))
    else:
        code = type(exc).__name__
        message = str(exc)
    return AwsError(code, operation, _scrub(message, kwargs))


class AwsClient:
    """A boto3 client whose calls raise AwsError and whose waits raise WaitTimeoutError."""

    def __init__(self, client):
        self._client = client

    @property
    def region(self):
        return self._client.meta.region_name

    def _operation_name(self, method):
        return self._client.meta.method_to_api_mapping.get(method, method)

    def call(self, method, **kwargs):
        try:
            response = getattr(self._client, method)(**kwargs)
        except (ClientError, BotoCoreError) as exc:
            raise _to_aws_error(exc, self._operation_name(method), kwargs) from None
        response.pop("ResponseMetadata", None)
        return response

    def call_or_none(self, method, **kwargs):
        """Like call(), but a NotFound answer returns None: the resource is simply missing."""
        try:
            return self.call(method, **kwargs)
        except AwsError as err:
            if err.code in NOT_FOUND_CODES:
                return None
            raise

    def call_when_accepted(self, method, waiter, timeout, wait_args, **kwargs):
        """call(), sent again once `waiter` (with wait_args) has seen the resource ready when RDS refused it as busy.

        The caller waits before a call to a resource it read busy; this covers one that turned busy since (an
        immediate change RDS starts a few moments after reporting it available). Sent at most twice: a refusal
        that waiting does not cure (an engine upgrade without a healthy writer) comes back the second time.
        """
        try:
            return self.call(method, **kwargs)
        except AwsError as err:
            if err.code not in BUSY_CODES:
                raise
        self.wait(waiter, timeout, **wait_args)
        return self.call(method, **kwargs)

    def paginate(self, method, result_key, **kwargs):
        if not self._client.can_paginate(method):
            return self.call(method, **kwargs).get(result_key, [])
        try:
            pages = self._client.get_paginator(method).paginate(**kwargs)
            return pages.build_full_result().get(result_key, [])
        except (ClientError, BotoCoreError) as exc:
            raise _to_aws_error(exc, self._operation_name(method), kwargs) from None

    def wait(self, name, timeout, expect=None, between=None, **kwargs):
        """Run the waiter `name` from waiters.WAITERS; `expect` fills its {placeholders}.

        A state the resource cannot leave by waiting ends the wait at once with a StuckError (states.py).
        `between(response)` is called with each answer that ends no wait, and may raise to end it.
        """
        spec = WAITERS[name]
        delay = spec["delay"]
        attempts = max(1, int(math.ceil(timeout / float(delay))) + 1)
        waiter = create_waiter_with_client(name, _waiter_model(name, spec, attempts, expect or {}), self._client)
        what = spec["description"].format(**dict(kwargs, **(expect or {})))
        try:
            if between is None:
                waiter.wait(**kwargs)
            else:
                self._wait_between(waiter, between, attempts, delay, kwargs)
        except WaiterError as exc:
            response = exc.last_response or {}
            last_seen = _summarise(spec, response)
            if "Max attempts exceeded" in str(exc):
                raise WaitTimeoutError(what, timeout, last_seen) from None
            error = response.get("Error")
            if error:
                raise AwsError(error.get("Code", "Unknown"), spec["api"], error.get("Message", "")) from None
            _raise_stuck(spec, response)
            raise AuroraError(
                f"Stopped waiting for {what}: it reached a state it cannot leave ({last_seen})."
            ) from None

    @staticmethod
    def _wait_between(waiter, between, attempts, delay, kwargs):
        # One poll per botocore wait (MaxAttempts 1 polls once and never sleeps), so `between` sees every answer.
        for attempt in range(attempts):
            try:
                waiter.wait(WaiterConfig={"Delay": delay, "MaxAttempts": 1}, **kwargs)
                return
            except WaiterError as exc:
                if "Max attempts exceeded" not in str(exc) or attempt == attempts - 1:
                    raise
                between(exc.last_response or {})
            time.sleep(delay)


def _raise_stuck(spec, response):
    """The StuckError for the first resource of the answer in a state it cannot leave, if any."""
    for kind, pairs, allowed in spec.get("stuck", ()):
        for identifier, state in jmespath.search(pairs, response) or []:
            states.refuse(kind, identifier, state, allowed)


def _fill(value, expect):
    return value.format(**expect) if isinstance(value, str) else value


def _waiter_model(name, spec, attempts, expect):
    acceptors = [dict(acceptor, expected=_fill(acceptor["expected"], expect)) for acceptor in spec["acceptors"]]
    return WaiterModel(
        {
            "version": 2,
            "waiters": {
                name: {
                    "operation": spec["api"],
                    "delay": spec["delay"],
                    "maxAttempts": attempts,
                    "acceptors": acceptors,
                }
            },
        }
    )


def _summarise(spec, response):
    if not response or "summary" not in spec:
        return None
    try:
        return jmespath.search(spec["summary"], response)
    except Exception:  # pylint: disable=broad-except
        return None
