# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check a role's variables against its meta/argument_specs.yml before Ansible's own check does.

Ansible's check stops at a role's first task with the whole argument spec in its result (kilobytes of option
descriptions) and says nothing of a misspelt variable, which it never sees. This runs first (the role depends on a
role whose only task is this one) and refuses with one short line per problem: the variable, its value, what it
must be, and for an unknown name the nearest known one. It accepts exactly what Ansible's check accepts: each value
goes through the same ArgumentSpecValidator, and only the wording is ours.
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.plugins.action import ActionBase

from ansible_collections.aurora.mysql.plugins.module_utils.spec_check import nearest, value_problems


def load_options(path, entry_point="main"):
    """The options of one entry point of a role's argument_specs.yml."""
    with open(path, encoding="utf-8") as handle:
        data = AnsibleLoader(handle.read()).get_single_data() or {}
    try:
        return dict(data["argument_specs"][entry_point]["options"])
    except (KeyError, TypeError):
        raise AnsibleError(f"{path} has no options for entry point '{entry_point}'") from None


def problems(variables, options, prefix, known=()):
    """Every problem with `variables` ({name: templated value}) under `options`, sorted by variable."""
    found = []
    for name in sorted(variables):
        if name in options:
            found.extend(value_problems(name, variables[name], options[name]))
        elif name.startswith(prefix) and name not in known:
            found.append(f"{name}: not a variable of this role{nearest(name, options)}")
    return found


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("spec", "entry_point", "prefix", "known"))

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        spec_path = self._task.args.get("spec")
        if not spec_path or not os.path.isfile(spec_path):
            raise AnsibleError(f"spec: no argument_specs file at {spec_path!r}")
        options = load_options(spec_path, self._task.args.get("entry_point") or "main")
        prefix = self._task.args.get("prefix") or ""
        known = set(self._task.args.get("known") or ())
        names = [name for name in task_vars if name in options or (prefix and name.startswith(prefix))]
        variables, found = {}, []
        for name in names:
            try:
                variables[name] = self._templar.template(task_vars[name])
            except AnsibleError as err:
                found.append(f"{name}: cannot be templated: {to_text(err.message if hasattr(err, 'message') else err)}")
        found.extend(problems(variables, options, prefix, known))
        result["changed"] = False
        if found:
            result.update(failed=True, msg="\n".join(found))
        else:
            result["msg"] = f"{len(variables)} variable(s) checked"
        return result
