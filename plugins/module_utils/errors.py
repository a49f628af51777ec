# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Typed errors raised by the helpers; run_module() is the only place that turns them into fail_json."""

from __future__ import annotations


class AuroraError(Exception):
    """Base of every error the collection raises on purpose."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def to_result(self):
        return {}


class ValidationError(AuroraError):
    """Bad input, found before any AWS call that changes anything."""

    def __init__(self, option, message):
        super().__init__(f"{option}: {message}" if option else message)
        self.option = option

    def to_result(self):
        return {"option": self.option} if self.option else {}


class MissingError(ValidationError):
    """Something the task names (a cluster, a subnet, a security group, a KMS key, a role) does not exist.

    A wrong region or account is a common cause, so run_module adds where it looked (located()) before it reports the
    error; the account is asked of STS only then.
    """

    def __init__(self, option, message):
        super().__init__(option, message)
        self.detail = message

    def located(self, where):
        """The same error, its message ending with where it looked: "region R, account A" or "region R"."""
        return MissingError(self.option, f"{self.detail} (looked in {where})")


class AwsError(AuroraError):
    """An AWS API call failed; carries the AWS error code and the operation."""

    def __init__(self, code, operation, message):
        super().__init__(f"{operation} failed with {code}: {message}")
        self.code = code
        self.operation = operation
        self.aws_message = message

    def to_result(self):
        return {"error": {"code": self.code, "operation": self.operation, "message": self.aws_message}}


class StuckError(AuroraError):
    """A resource is in a state it does not leave by waiting: the message names it, the state and what to do."""

    def __init__(self, kind, identifier, state, remedy):
        super().__init__(f"{kind} {identifier} is {state}: {remedy}")
        self.kind = kind
        self.identifier = identifier
        self.state = state

    def to_result(self):
        return {"stuck": {"resource": self.kind, "identifier": self.identifier, "state": self.state}}


class WaitTimeoutError(AuroraError):
    """A wait ran out of time; the message names what was awaited and what was seen last."""

    def __init__(self, what, timeout, last_seen=None):
        tail = f"; last seen: {last_seen}" if last_seen else ""
        super().__init__(
            f"Timed out after {timeout} s waiting for {what}{tail}. Raise wait_timeout or check the resource."
        )
        self.what = what
        self.timeout = timeout

    def to_result(self):
        return {"wait": {"what": self.what, "timeout": self.timeout}}
