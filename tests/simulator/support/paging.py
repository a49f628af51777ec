"""RDS-style pagination for Describe* calls: MaxRecords 20..100 (default 100) and an opaque Marker."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from moto.rds.exceptions import InvalidParameterValue

# Service model, DescribeDBEngineVersionsMessage.MaxRecords (and every Describe* with MaxRecords): "Default: 100
# Constraints: Minimum 20, maximum 100." The refusal's wording: no AWS source found.
DEFAULT_MAX_RECORDS = 100
MIN_MAX_RECORDS = 20


def paginate(
    rows: list[dict],
    marker: str | None,
    max_records: object,
    key: str,
    maximum: int = DEFAULT_MAX_RECORDS,
    row_key: Callable[[dict], str] | None = None,
) -> tuple[list[dict], str | None]:
    """One page of rows (already in RDS's order) and the Marker of the next page, None on the last.

    The marker names the next page's first row by `key` (or by ``row_key(row)`` where no one field is unique, `key`
    then only labelling the marker), so a page boundary survives rows added before it. Service model,
    DescribeDBEngineVersionsMessage.Marker: "An optional pagination token provided by a previous request"; what is
    inside it is ours (RDS documents it as opaque). ``maximum``: the largest MaxRecords the call takes (100 for most,
    1000 for DescribeOrderableDBInstanceOptions).
    """
    identify = row_key or (lambda row: row[key])
    size = DEFAULT_MAX_RECORDS if max_records is None else int(max_records)
    if not MIN_MAX_RECORDS <= size <= maximum:
        raise InvalidParameterValue(
            f"Invalid value {size} for MaxRecords. Must be between {MIN_MAX_RECORDS} and {maximum}"
        )
    start = 0
    if marker:
        first = _decode_marker(marker, key)
        start = next((index for index, row in enumerate(rows) if identify(row) == first), len(rows))
    page, rest = rows[start : start + size], rows[start + size :]
    return page, (_encode_marker(identify(rest[0]), key) if rest else None)


def _encode_marker(value: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{key}:{value}".encode()).decode()


def _decode_marker(marker: str, key: str) -> str:
    try:
        text = base64.urlsafe_b64decode(marker.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith(f"{key}:"):
        raise InvalidParameterValue(f"Invalid marker: {marker}")
    return text[len(key) + 1 :]
