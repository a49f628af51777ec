# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' own input rules, applied to the aurora_mysql role's variables before the role's first AWS call."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.aurora.mysql.plugins.module_utils import alarm, subnet_group, validate
from ansible_collections.aurora.mysql.plugins.module_utils.cluster import BACKUP_RETENTION_DAYS, PORTS
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.instance import PROMOTION_TIERS

DOCUMENTATION = r"""
name: role_input_errors
author: aurora.mysql contributors
version_added: 0.1.0
short_description: What the aurora_mysql role's modules would refuse, found without calling AWS
description:
  - Checks the variables of the role C(aurora.mysql.aurora_mysql) with the rules the collection's modules apply to
    the options the role passes them (C(plugins/module_utils/validate.py) and the alarm rules), so the role can refuse
    bad input before it changes anything rather than when the module of a later step runs.
  - Checks every identifier the role uses (cluster, instances, subnet group, both parameter groups, alarm names, the
    final snapshot), the backup and maintenance windows and their overlap, the backup retention, the port, the
    master password (only when set), each instance's promotion tier, monitoring interval, Performance Insights
    retention and parameter group, each alarm's settings, and the tags.
  - With O(_input.aurora_mysql_state=absent) only the names a teardown uses are checked.
  - Makes no AWS call. Rules that need AWS (parameter names and values, engine versions) stay with the modules.
positional: _input
options:
  _input:
    description:
      - The role's variables by name, for example C(aurora_mysql_cluster_identifier). Variables left out are not
        checked; null means unset.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Refuse bad input before any AWS call
  ansible.builtin.assert:
    that: _errors | length == 0
    fail_msg: "{{ _errors | join(' | ') }}"
  vars:
    _errors: >-
      {{ {'aurora_mysql_cluster_identifier': aurora_mysql_cluster_identifier,
          'aurora_mysql_backup_retention_period': aurora_mysql_backup_retention_period,
          'aurora_mysql_instances': aurora_mysql_instances} | aurora.mysql.role_input_errors }}

# {'aurora_mysql_backup_retention_period': 40} | aurora.mysql.role_input_errors
# => ['aurora_mysql_backup_retention_period: 40 is out of range; it must be between 1 and 35']
"""

RETURN = r"""
_value:
  description:
    - One message per mistake, each starting with the role variable it is about, for example
      C(aurora_mysql_instances[1].promotion_tier). Empty when the modules would accept every value.
  type: list
  elements: str
"""

# aurora_param_group and aurora_cluster (final snapshots) allow longer identifiers than clusters and instances.
LONG_IDENTIFIER = 255


def _whole(option, value):
    """Survey answers and `-e name=value` arrive as strings, which the modules' argument specs would convert."""
    if isinstance(value, bool):
        raise ValidationError(option, f"{value} is not a whole number")
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError(option, f"'{value}' is not a whole number") from None


def _in_range(option, value, bounds):
    return validate.int_range(option, _whole(option, value), *bounds)


def _one_of(option, value, allowed):
    return validate.one_of(option, _whole(option, value), allowed)


def _subnet_group_name(option, value):
    # aurora_subnet_group's own rule: a wider alphabet than identifiers, and `default` reserved.
    _renamed(option, subnet_group.desired_from_params, dict(name=value, state="absent"))


def _alarm_name(option, value):
    # aurora_alarm checks nothing but the name of an alarm to delete.
    _renamed(option, alarm.desired_from_params, dict(name=value, state="absent"))


# (role variable, check, further arguments): the variables both a build and a teardown name things with.
_NAME_CHECKS = (
    ("aurora_mysql_cluster_identifier", validate.identifier, ()),
    ("aurora_mysql_subnet_group_name", _subnet_group_name, ()),
    ("aurora_mysql_cluster_parameter_group_name", validate.identifier, (LONG_IDENTIFIER,)),
    ("aurora_mysql_instance_parameter_group_name", validate.identifier, (LONG_IDENTIFIER,)),
)
# The role passes these with `default(omit, true)`: an empty value leaves the option out.
OMITTED_WHEN_EMPTY = ("aurora_mysql_port", "aurora_mysql_master_user_password")
# What only a build passes on. The windows are checked together, in _window_errors.
_BUILD_CHECKS = (
    ("aurora_mysql_backup_retention_period", _in_range, (BACKUP_RETENTION_DAYS,)),
    ("aurora_mysql_port", _in_range, (PORTS,)),
    ("aurora_mysql_master_user_password", validate.password, ()),
    ("aurora_mysql_monitoring_interval", _one_of, (validate.MONITORING_INTERVALS,)),
    ("aurora_mysql_tags", validate.tags, ()),
)


def role_input_errors(role_vars):
    if not isinstance(role_vars, dict):
        raise AnsibleFilterError(f"role_input_errors expects a dict of role variables, got {type(role_vars).__name__}")
    errors = []
    _check_table(errors, role_vars, _NAME_CHECKS)
    instances = role_vars.get("aurora_mysql_instances") or []
    alarms = role_vars.get("aurora_mysql_alarms") or []
    for index, entry in enumerate(instances):
        _check(errors, validate.identifier, f"aurora_mysql_instances[{index}].identifier", entry.get("identifier"))
    for index, entry in enumerate(alarms):
        _check(errors, _alarm_name, f"aurora_mysql_alarms[{index}].name", entry.get("name"))
    if role_vars.get("aurora_mysql_state", "present") == "absent":
        return errors + _snapshot_errors(role_vars)
    _check_table(errors, role_vars, _BUILD_CHECKS)
    errors += _window_errors(
        role_vars.get("aurora_mysql_preferred_backup_window"),
        role_vars.get("aurora_mysql_preferred_maintenance_window"),
    )
    insights = _flag(role_vars.get("aurora_mysql_performance_insights", True))
    if insights:
        option = "aurora_mysql_performance_insights_retention_period"
        _check(errors, _one_of, option, role_vars.get(option), validate.PI_RETENTION_PERIODS)
    role_tags = role_vars.get("aurora_mysql_tags") or {}
    for index, entry in enumerate(instances):
        errors += _instance_errors(f"aurora_mysql_instances[{index}]", entry, insights, role_tags)
    for index, entry in enumerate(alarms):
        errors += _alarm_errors(f"aurora_mysql_alarms[{index}]", entry, role_vars, role_tags)
    return errors


def _snapshot_errors(role_vars):
    snapshot = role_vars.get("aurora_mysql_final_snapshot_identifier")
    if snapshot in (None, ""):
        return []
    if _flag(role_vars.get("aurora_mysql_skip_final_snapshot", False)):
        return ["aurora_mysql_final_snapshot_identifier: cannot be used with aurora_mysql_skip_final_snapshot: true"]
    errors = []
    _check(errors, validate.identifier, "aurora_mysql_final_snapshot_identifier", snapshot, LONG_IDENTIFIER)
    return errors


def _window_errors(backup, maintenance):
    errors = []
    backup_ok = _check(errors, validate.daily_window, "aurora_mysql_preferred_backup_window", backup)
    maintenance_ok = _check(errors, validate.weekly_window, "aurora_mysql_preferred_maintenance_window", maintenance)
    both = backup_ok and maintenance_ok and None not in (backup, maintenance)
    if both and validate.windows_overlap(backup, maintenance):
        errors.append(
            f"aurora_mysql_preferred_backup_window: '{backup}' overlaps aurora_mysql_preferred_maintenance_window"
            f" '{maintenance}'; RDS requires them apart"
        )
    return errors


def _instance_errors(prefix, entry, role_insights, role_tags):
    """What an entry sets for itself; the role-wide values it inherits were checked under their own names."""
    errors = []
    _check(errors, _in_range, f"{prefix}.promotion_tier", entry.get("promotion_tier"), PROMOTION_TIERS)
    interval = entry.get("monitoring_interval")
    _check(errors, _one_of, f"{prefix}.monitoring_interval", interval, validate.MONITORING_INTERVALS)
    if _flag(entry.get("enable_performance_insights", role_insights)):
        option = f"{prefix}.performance_insights_retention_period"
        retention = entry.get("performance_insights_retention_period")
        _check(errors, _one_of, option, retention, validate.PI_RETENTION_PERIODS)
    group = entry.get("db_parameter_group_name")
    _check(errors, validate.identifier, f"{prefix}.db_parameter_group_name", group, LONG_IDENTIFIER)
    if entry.get("tags"):
        # The instance gets the role's tags and its own together, so AWS's limits apply to both combined.
        _check(errors, validate.tags, f"{prefix}.tags", {**role_tags, **entry["tags"]})
    return errors


def _alarm_errors(prefix, entry, role_vars, role_tags):
    """The entry through aurora_alarm's own checks, with what alarms.yml fills in; its name was checked already."""
    # As for instances: the role's own tags were checked under their name, so only an entry's tags bring news.
    params = dict(entry, tags={**role_tags, **entry["tags"]} if entry.get("tags") else None)
    if entry.get("dimensions") is None:
        # What cluster_identifier becomes, minus its check: the role's identifier was checked under its own name.
        params["dimensions"] = {"DBClusterIdentifier": role_vars.get("aurora_mysql_cluster_identifier")}
    errors = []
    for key in ("period", "evaluation_periods", "datapoints_to_alarm"):
        try:
            params[key] = None if entry.get(key) is None else _whole(f"{prefix}.{key}", entry[key])
        except ValidationError as err:
            errors.append(err.message)
    if errors:
        return errors
    try:
        alarm.desired_from_params(params)
    except ValidationError as err:
        if err.option != "name":
            errors.append(f"{prefix}.{err.message}" if err.option else f"{prefix}: {err.message}")
    except (TypeError, ValueError) as err:
        # A value of the wrong type, such as a threshold that is not a number; the module's argument spec says so.
        errors.append(f"{prefix}: {err}")
    return errors


def _check_table(errors, role_vars, table):
    for option, check, args in table:
        value = role_vars.get(option)
        if value != "" or option not in OMITTED_WHEN_EMPTY:
            _check(errors, check, option, value, *args)


def _check(errors, check, option, value, *args):
    """Run one check under the role variable's name, unless the value is null; True when nothing was wrong."""
    if value is None:
        return True
    try:
        check(option, value, *args)
    except ValidationError as err:
        errors.append(err.message)
        return False
    return True


def _renamed(option, build, params):
    """Run a module's desired_from_params, raising its error under the role variable's name."""
    try:
        build(params)
    except ValidationError as err:
        reason = err.message[len(err.option) + 2 :] if err.option else err.message
        raise ValidationError(option, reason) from None


def _flag(value):
    return boolean(value, strict=False)


class FilterModule:
    def filters(self):
        return {"role_input_errors": role_input_errors}
