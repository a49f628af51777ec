# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one layer that talks to AWS: auth options, clients with botocore retries, typed errors, waits."""

from __future__ import annotations

import math

from ansible.module_utils.basic import env_fallback

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


class Clients:
    """One AwsClient per service, each built on first use (clients.rds, .ec2, .iam, .kms, .sts, .cloudwatch), so a
    run that needs no EC2, IAM or KMS check never builds those clients."""

    SERVICES = ("rds", "ec2", "iam", "kms", "sts", "cloudwatch")

    def __init__(self, params):
        self._params = params
        self._built = {}

    def __getattr__(self, service):
        if service not in Clients.SERVICES:
            raise AttributeError(service)
        if service not in self._built:
            self._built[service] = connect(self._params, service)
        return self._built[service]


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

    def paginate(self, method, result_key, **kwargs):
        if not self._client.can_paginate(method):
            return self.call(method, **kwargs).get(result_key, [])
        try:
            pages = self._client.get_paginator(method).paginate(**kwargs)
            return pages.build_full_result().get(result_key, [])
        except (ClientError, BotoCoreError) as exc:
            raise _to_aws_error(exc, self._operation_name(method), kwargs) from None

    def wait(self, name, timeout, expect=None, **kwargs):
        """Run the waiter `name` from waiters.WAITERS; `expect` fills its {placeholders}."""
        spec = WAITERS[name]
        delay = spec["delay"]
        attempts = max(1, int(math.ceil(timeout / float(delay))) + 1)
        try:
            if "builtin" in spec:
                waiter = self._client.get_waiter(spec["builtin"])
                waiter.wait(WaiterConfig={"Delay": delay, "MaxAttempts": attempts}, **kwargs)
            else:
                model = _waiter_model(name, spec, attempts, expect or {})
                create_waiter_with_client(name, model, self._client).wait(**kwargs)
        except WaiterError as exc:
            last_seen = _summarise(spec, exc.last_response)
            what = spec["description"].format(**dict(kwargs, **(expect or {})))
            if "Max attempts exceeded" in str(exc):
                raise WaitTimeoutError(what, timeout, last_seen) from None
            error = (exc.last_response or {}).get("Error")
            if error:
                raise AwsError(error.get("Code", "Unknown"), spec["api"], error.get("Message", "")) from None
            raise AuroraError(
                f"Stopped waiting for {what}: it reached a state it cannot leave ({last_seen})."
            ) from None


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
