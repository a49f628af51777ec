"""RDS-style pagination for Describe* calls: MaxRecords 20..100 (default 100) and an opaque Marker."""

from __future__ import annotations

import base64
import binascii

from moto.rds.exceptions import InvalidParameterValue

# Service model, DescribeDBEngineVersionsMessage.MaxRecords (and every Describe* with MaxRecords): "Default: 100
# Constraints: Minimum 20, maximum 100." The refusal's wording: no AWS source found.
DEFAULT_MAX_RECORDS = 100
MIN_MAX_RECORDS = 20


def paginate(rows: list[dict], marker: str | None, max_records: object, key: str) -> tuple[list[dict], str | None]:
    """One page of rows (already in RDS's order) and the Marker of the next page, None on the last.

    The marker names the next page's first row by `key`, so a page boundary survives rows added before it.
    Service model, DescribeDBEngineVersionsMessage.Marker: "An optional pagination token provided by a previous
    request"; what is inside it is ours (RDS documents it as opaque).
    """
    size = DEFAULT_MAX_RECORDS if max_records is None else int(max_records)
    if not MIN_MAX_RECORDS <= size <= DEFAULT_MAX_RECORDS:
        raise InvalidParameterValue(
            f"Invalid value {size} for MaxRecords. Must be between {MIN_MAX_RECORDS} and {DEFAULT_MAX_RECORDS}"
        )
    start = 0
    if marker:
        first = _decode_marker(marker, key)
        start = next((index for index, row in enumerate(rows) if row[key] == first), len(rows))
    page, rest = rows[start : start + size], rows[start + size :]
    return page, (_encode_marker(rest[0][key], key) if rest else None)


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
