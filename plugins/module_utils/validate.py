# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input checks that run before any AWS call that changes something. Each raises ValidationError naming the option."""

from __future__ import annotations

import re

from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
_DAILY = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_WEEKLY = re.compile(r"^(\w{3}):([01]\d|2[0-3]):([0-5]\d)-(\w{3}):([01]\d|2[0-3]):([0-5]\d)$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_MINUTES = 24 * 60
_WEEK_MINUTES = 7 * _DAY_MINUTES
MIN_WINDOW_MINUTES = 30
# RDS refuses these in a master password; the rest of printable ASCII is allowed.
PASSWORD_FORBIDDEN = ("/", "'", '"', "@", " ")
MONITORING_INTERVALS = (0, 1, 5, 10, 15, 30, 60)
PI_RETENTION_PERIODS = tuple([7] + [31 * months for months in range(1, 24)] + [731])


def identifier(option, value, max_length=63):
    """RDS identifiers: 1-63 letters, digits and hyphens, a letter first, no trailing hyphen and no '--'."""
    if not isinstance(value, str) or not value:
        raise ValidationError(option, "must be a non-empty string")
    if len(value) > max_length:
        raise ValidationError(option, f"'{value}' is {len(value)} characters long; the limit is {max_length}")
    if not _IDENTIFIER.match(value):
        raise ValidationError(
            option, f"'{value}' must start with a letter and contain only ASCII letters, digits and hyphens"
        )
    if value.endswith("-"):
        raise ValidationError(option, f"'{value}' must not end with a hyphen")
    if "--" in value:
        raise ValidationError(option, f"'{value}' must not contain two consecutive hyphens")
    return value


def daily_window(option, value):
    """'hh24:mi-hh24:mi' in UTC, at least 30 minutes; returns (start, end) in minutes of the day."""
    match = _DAILY.match(value or "")
    if not match:
        raise ValidationError(option, f"'{value}' is not a window of the form hh24:mi-hh24:mi (UTC), e.g. 02:00-03:00")
    start = int(match.group(1)) * 60 + int(match.group(2))
    end = int(match.group(3)) * 60 + int(match.group(4))
    _check_length(option, value, (end - start) % _DAY_MINUTES)
    return start, end


def weekly_window(option, value):
    """'ddd:hh24:mi-ddd:hh24:mi' in UTC, at least 30 minutes; returns the value lower-cased as RDS stores it."""
    match = _WEEKLY.match((value or "").lower())
    if not match or match.group(1) not in DAYS or match.group(4) not in DAYS:
        raise ValidationError(
            option, f"'{value}' is not a window of the form ddd:hh24:mi-ddd:hh24:mi (UTC), e.g. sun:04:00-sun:05:00"
        )
    start, end = _weekly_bounds(match)
    _check_length(option, value, (end - start) % _WEEK_MINUTES)
    return value.lower()


def _weekly_bounds(match):
    start = DAYS.index(match.group(1)) * _DAY_MINUTES + int(match.group(2)) * 60 + int(match.group(3))
    end = DAYS.index(match.group(4)) * _DAY_MINUTES + int(match.group(5)) * 60 + int(match.group(6))
    return start, end


def _check_length(option, value, minutes):
    if minutes < MIN_WINDOW_MINUTES:
        raise ValidationError(option, f"'{value}' lasts {minutes} minutes; RDS needs at least {MIN_WINDOW_MINUTES}")


def _circular_overlap(start_a, length_a, start_b, length_b, period):
    return (start_b - start_a) % period < length_a or (start_a - start_b) % period < length_b


def windows_overlap(backup_window, maintenance_window):
    """True when the daily backup window meets the weekly maintenance window on any day of the week."""
    b_start, b_end = daily_window("preferred_backup_window", backup_window)
    b_length = (b_end - b_start) % _DAY_MINUTES
    m_start, m_end = _weekly_bounds(_WEEKLY.match(weekly_window("preferred_maintenance_window", maintenance_window)))
    m_length = (m_end - m_start) % _WEEK_MINUTES
    return any(
        _circular_overlap(day * _DAY_MINUTES + b_start, b_length, m_start, m_length, _WEEK_MINUTES) for day in range(7)
    )


def windows(backup_window, maintenance_window):
    """Validate both windows, and that they do not overlap, as RDS requires."""
    if backup_window is not None:
        daily_window("preferred_backup_window", backup_window)
    if maintenance_window is not None:
        maintenance_window = weekly_window("preferred_maintenance_window", maintenance_window)
    if (
        backup_window is not None
        and maintenance_window is not None
        and windows_overlap(backup_window, maintenance_window)
    ):
        raise ValidationError(
            "preferred_backup_window",
            f"'{backup_window}' overlaps preferred_maintenance_window '{maintenance_window}'; RDS requires them apart",
        )
    return backup_window, maintenance_window


def password(option, value):
    """The master password rules of Aurora MySQL. The value itself never appears in a message."""
    if not isinstance(value, str) or not 8 <= len(value) <= 41:
        raise ValidationError(option, "must be 8 to 41 characters long")
    if any(not 32 <= ord(char) < 127 for char in value):
        raise ValidationError(option, "must contain only printable ASCII characters")
    bad = sorted({char for char in value if char in PASSWORD_FORBIDDEN})
    if bad:
        named = ", ".join("space" if char == " " else repr(char) for char in bad)
        raise ValidationError(option, f"must not contain {named} (RDS forbids / ' \" @ and space)")
    return value


def int_range(option, value, low, high):
    if value is None:
        return None
    if not low <= value <= high:
        raise ValidationError(option, f"{value} is out of range; it must be between {low} and {high}")
    return value


def one_of(option, value, allowed):
    if value is None:
        return None
    if value not in allowed:
        raise ValidationError(option, f"{value} is not allowed; choose one of {', '.join(str(a) for a in allowed)}")
    return value


def tags(option, value):
    """RDS/CloudWatch tag rules: keys 1-128 characters without the aws: prefix, values up to 256."""
    if value is None:
        return None
    result = {}
    for key, tag_value in value.items():
        key = str(key)
        if not 1 <= len(key) <= 128:
            raise ValidationError(option, f"tag key '{key[:40]}' must be 1 to 128 characters long")
        if key.lower().startswith("aws:"):
            raise ValidationError(option, f"tag key '{key}' uses the reserved aws: prefix")
        tag_value = "" if tag_value is None else str(tag_value)
        if len(tag_value) > 256:
            raise ValidationError(option, f"the value of tag '{key}' is longer than 256 characters")
        result[key] = tag_value
    if len(result) > 50:
        raise ValidationError(option, f"{len(result)} tags given; AWS allows at most 50 per resource")
    return result


def assume_deleted(params):
    """The identifiers of option assume_deleted, lower-cased as RDS stores them; only state=absent takes any."""
    values = params.get("assume_deleted") or []
    if values and params.get("state") != "absent":
        raise ValidationError("assume_deleted", "applies only with state=absent")
    return tuple(sorted({identifier("assume_deleted", value).lower() for value in values}))
