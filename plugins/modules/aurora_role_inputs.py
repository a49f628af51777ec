#!/usr/bin/python
# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aurora_role_inputs
short_description: Check a role's variables against its argument spec, one short line per problem
version_added: 0.2.0
description:
  - Checks every variable named in a role's C(meta/argument_specs.yml), and every variable with O(prefix) that the
    spec does not know, before the role runs. Fails with one line per problem, all at once, naming the variable
    (down to a list entry's option, for example C(aurora_mysql_instances[1].promotion_tier)), its value, and what it
    must be, and for an unknown name the nearest known one.
  - It accepts exactly what Ansible's own argument spec check accepts (it runs the same validator on each value);
    it exists because Ansible's check prints the whole spec with its error and cannot see a misspelt variable.
  - Values of options marked C(no_log) are never shown.
  - The role M(aurora.mysql.aurora_mysql) runs it through its dependency C(aurora.mysql.aurora_mysql_inputs).
    It runs on the controller and calls no AWS API.
author:
  - aurora.mysql maintainers (!UNKNOWN)
options:
  spec:
    description:
      - Path of the role's C(meta/argument_specs.yml).
    type: path
    required: true
  entry_point:
    description:
      - The entry point whose options are checked.
    type: str
    default: main
  prefix:
    description:
      - Variables whose names start with it belong to the role; one the spec does not know is refused.
    type: str
  known:
    description:
      - Names with O(prefix) that are right although the spec does not list them (facts the role sets, variables of
        the collection's playbooks).
    type: list
    elements: str
    default: []
attributes:
  action:
    description:
      - Indicates this has a corresponding action plugin, so some parts of the options are run on the controller.
    support: full
    details: Runs on the controller only.
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This action does not modify state.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
    support: full
    details: This action does not modify state.
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: all
"""

EXAMPLES = r"""
- name: Check the role's variables first
  aurora.mysql.aurora_role_inputs:
    spec: "{{ role_path }}/../aurora_mysql/meta/argument_specs.yml"
    prefix: aurora_mysql_
    known: [aurora_mysql_endpoints]
"""

RETURN = r"""
msg:
  description: The problems, one per line, or how many variables were checked.
  returned: always
  type: str
  sample: "aurora_mysql_port: 'abc' is not an integer"
"""

from ansible.module_utils.basic import AnsibleModule


def main():
    # The work happens in the action plugin of the same name, on the controller; reaching this is a setup error.
    module = AnsibleModule(
        argument_spec=dict(
            spec=dict(type="path", required=True),
            entry_point=dict(type="str", default="main"),
            prefix=dict(type="str"),
            known=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    module.fail_json(msg="aurora_role_inputs runs as an action plugin on the controller; it has no remote part")


if __name__ == "__main__":
    main()
