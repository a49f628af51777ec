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

import difflib
import os

from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_text
from ansible.parsing.yaml.loader import AnsibleLoader
from ansible.plugins.action import ActionBase

_NOUNS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean (true or false)",
    "list": "a list",
    "dict": "a mapping",
    "path": "a path",
    "raw": "a value",
}
_SHOWN_CHARS = 60


def load_options(path, entry_point="main"):
    """The options of one entry point of a role's argument_specs.yml."""
    with open(path, encoding="utf-8") as handle:
        data = AnsibleLoader(handle.read()).get_single_data() or {}
    try:
        return dict(data["argument_specs"][entry_point]["options"])
    except (KeyError, TypeError):
        raise AnsibleError(f"{path} has no options for entry point '{entry_point}'") from None


def _shown(value, spec):
    if spec.get("no_log"):
        return "(hidden)"
    text = repr(value) if isinstance(value, str) else to_text(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."


def _what(spec):
    kind = spec.get("type", "str")
    noun = _NOUNS.get(kind, f"of type {kind}")
    if kind == "list" and spec.get("elements"):
        element = "entries" if spec.get("options") else _NOUNS.get(spec["elements"], spec["elements"])
        noun = f"a list of {element}"
        if spec["elements"] == "str":
            noun += " (or one comma-separated string)"
    if spec.get("choices"):
        noun += ", one of " + ", ".join(to_text(choice) for choice in spec["choices"])
    return noun


def _nearest(name, known):
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


def _accepted(name, value, spec):
    """Ansible's own verdict on one value, and the value as it converts it."""
    result = ArgumentSpecValidator({name: spec}).validate({name: value})
    return not result.error_messages, result.validated_parameters.get(name, value)


def value_problems(name, value, spec):
    """Short messages for one value; entries of a list (and suboptions of a mapping) are checked one by one."""
    if value is None:
        return [f"{name}: is required"] if spec.get("required") else []
    ok, converted = _accepted(name, value, dict(spec, options=None) if spec.get("options") else spec)
    if not ok:
        return [f"{name}: {_shown(value, spec)} is not {_what(spec)}"]
    options = spec.get("options")
    if not options:
        return []
    if spec.get("type") == "list":
        entry = dict(type=spec.get("elements", "str"), options=options)
        found = []
        for index, item in enumerate(converted):
            found.extend(value_problems(f"{name}[{index}]", item, entry))
        return found
    return _suboption_problems(name, converted, options)


def _suboption_problems(name, mapping, options):
    problems = [
        f"{name}.{key}: not an option of this entry{_nearest(key, options)}"
        for key in sorted(map(to_text, mapping))
        if key not in options
    ]
    for key, spec in options.items():
        problems.extend(value_problems(f"{name}.{key}", mapping.get(key), spec))
    return problems


def problems(variables, options, prefix, known=()):
    """Every problem with `variables` ({name: templated value}) under `options`, sorted by variable."""
    found = []
    for name in sorted(variables):
        if name in options:
            found.extend(value_problems(name, variables[name], options[name]))
        elif name.startswith(prefix) and name not in known:
            found.append(f"{name}: not a variable of this role{_nearest(name, options)}")
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
