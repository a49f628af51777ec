"""Read what an AWS request is (service, action, identifiers) and write errors the way each protocol does.

Four wire protocols reach the simulator:
query          form body ``Action=...`` (RDS, IAM, SNS, STS; EC2 is a query dialect with its own error shape)
json           ``X-Amz-Target: Prefix.Operation`` header, JSON body (KMS, Secrets Manager, CloudWatch today)
rpc-v2-cbor    path ``/service/<svc>/operation/<Op>``, CBOR body (CloudWatch once botocore prefers it)
rest           anything else (S3-like); only counted under its method and path
"""

from __future__ import annotations

import io
import json
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from botocore.parsers import RpcV2CBORParser

# Request parameters worth showing in the request log: they say which resource a call touched.
ID_NAMES = frozenset(
    {
        "DBInstanceIdentifier",
        "DBClusterIdentifier",
        "TargetDBInstanceIdentifier",
        "NewDBInstanceIdentifier",
        "NewDBClusterIdentifier",
        "DBParameterGroupName",
        "DBClusterParameterGroupName",
        "DBSubnetGroupName",
        "DBSnapshotIdentifier",
        "DBClusterSnapshotIdentifier",
        "FinalDBSnapshotIdentifier",
        "SourceIdentifier",
        "ResourceName",
        "AlarmName",
        "AlarmNames",
        "TopicArn",
        "KeyId",
        "SecretId",
        "RoleName",
        "GroupId",
        "SubnetIds",
        "VpcId",
    }
)

# JSON services that also speak the query protocol's error codes through the x-amzn-query-error header.
QUERY_COMPATIBLE_SIGNING_NAMES = frozenset({"monitoring", "sqs"})

_CBOR_PATH = re.compile(r"^/service/(?P<service>[^/]+)/operation/(?P<operation>[^/]+)$")
_MEMBER_SUFFIX = re.compile(r"\.member\.\d+$")


@dataclass
class RequestInfo:
    """What one request asks for, as far as counting, logging and faults need to know."""

    protocol: str
    service: str
    action: str
    ids: dict[str, str] = field(default_factory=dict)


def read_body(environ: dict) -> bytes:
    """Read the whole request body and put it back so the wrapped app can read it again."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return b""
    if environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = stream.read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ.pop("wsgi.input_terminated", None)
    return body


def signing_service(environ: dict) -> str | None:
    """The service name from the SigV4 credential scope: ``Credential=AKID/date/region/SERVICE/aws4_request``."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", auth)
    return match.group(1) if match else None


def identify(environ: dict, body: bytes) -> RequestInfo:
    service = signing_service(environ)
    path = environ.get("PATH_INFO", "")
    cbor_path = _CBOR_PATH.match(path)
    if cbor_path:
        params = _decode_cbor(body)
        return RequestInfo("rpc-v2-cbor", service or cbor_path["service"], cbor_path["operation"], _json_ids(params))
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        prefix, _, operation = target.rpartition(".")
        params = _decode_json(body)
        return RequestInfo("json", service or prefix, operation, _json_ids(params))
    content_type = environ.get("CONTENT_TYPE", "")
    form = _decode_form(body) if content_type.startswith("application/x-www-form-urlencoded") else []
    query = parse_qsl(environ.get("QUERY_STRING", ""))
    pairs = form + query
    action = next((value for key, value in pairs if key == "Action"), None)
    if action:
        protocol = "ec2" if service == "ec2" else "query"
        return RequestInfo(protocol, service or "unknown", action, _query_ids(pairs))
    method = environ.get("REQUEST_METHOD", "GET")
    return RequestInfo("rest", service or "unknown", f"{method} {path}")


def _decode_form(body: bytes) -> list[tuple[str, str]]:
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return []


def _decode_json(body: bytes) -> dict:
    try:
        parsed = json.loads(body or b"{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _decode_cbor(body: bytes) -> dict:
    if not body:
        return {}
    parser = RpcV2CBORParser()
    try:
        parsed = parser.parse_data_item(parser.get_peekable_stream_from_bytes(body))
    except Exception:  # a body we cannot read still gets counted, just without identifiers
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _query_ids(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {key: value for key, value in pairs if _MEMBER_SUFFIX.sub("", key) in ID_NAMES}


def _json_ids(params: dict) -> dict[str, str]:
    # List members are named the way the query protocol names them, so both protocols log alike.
    ids: dict[str, str] = {}
    for key, value in params.items():
        if key not in ID_NAMES:
            continue
        if isinstance(value, str):
            ids[key] = value
        elif isinstance(value, list):
            for index, item in enumerate(value, start=1):
                if isinstance(item, str):
                    ids[f"{key}.member.{index}"] = item
    return ids


@dataclass
class ErrorReply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def throttling(request: RequestInfo) -> ErrorReply:
    """The throttling error a real endpoint of this protocol returns; botocore retries every one of these codes."""
    if request.protocol == "ec2":
        return _error(request, 400, "RequestLimitExceeded", "Request limit exceeded.")
    if request.protocol in ("json", "rpc-v2-cbor"):
        return _error(request, 400, "ThrottlingException", "Rate exceeded", query_code="Throttling")
    return _error(request, 400, "Throttling", "Rate exceeded")


def server_error(request: RequestInfo, status: int) -> ErrorReply:
    """HTTP 500 (InternalFailure) or 503 (ServiceUnavailable) in the protocol's error shape."""
    if request.protocol == "ec2":
        code = "InternalError" if status == 500 else "Unavailable"
    else:
        code = "InternalFailure" if status == 500 else "ServiceUnavailable"
    message = "An internal error has occurred" if status == 500 else "Service is unavailable"
    return _error(request, status, code, message)


def _error(request: RequestInfo, status: int, code: str, message: str, query_code: str | None = None) -> ErrorReply:
    request_id = str(uuid.uuid4())
    fault_type = "Sender" if status < 500 else "Receiver"
    headers = [("x-amzn-RequestId", request_id)]
    if request.protocol == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>"
        ).encode()
        return ErrorReply(status, headers + [("Content-Type", "text/xml")], body)
    if request.protocol in ("json", "rpc-v2-cbor"):
        if request.service in QUERY_COMPATIBLE_SIGNING_NAMES:
            headers.append(("x-amzn-query-error", f"{query_code or code};{fault_type}"))
        payload = {"__type": code, "message": message}
        if request.protocol == "json":
            return ErrorReply(
                status, headers + [("Content-Type", "application/x-amz-json-1.0")], json.dumps(payload).encode()
            )
        headers += [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor")]
        return ErrorReply(status, headers, encode_cbor_text_map(payload))
    if request.protocol == "rest":
        body = f"<Error><Code>{code}</Code><Message>{message}</Message><RequestId>{request_id}</RequestId></Error>"
        return ErrorReply(status, headers + [("Content-Type", "application/xml")], body.encode())
    body = (
        f"<ErrorResponse><Error><Type>{fault_type}</Type><Code>{code}</Code><Message>{message}</Message></Error>"
        f"<RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    return ErrorReply(status, headers + [("Content-Type", "text/xml")], body.encode())


def encode_cbor_text_map(payload: dict[str, str]) -> bytes:
    """CBOR for a flat map of text to text: all an rpc-v2-cbor error body needs (RFC 8949 major types 3 and 5)."""
    out = _cbor_head(5, len(payload))
    for key, value in payload.items():
        for text in (key, value):
            raw = text.encode("utf-8")
            out += _cbor_head(3, len(raw)) + raw
    return out


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([major << 5 | info]) + length.to_bytes(size, "big")
    raise ValueError("CBOR length too large")
