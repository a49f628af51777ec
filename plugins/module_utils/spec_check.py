# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs checked one value at a time, in short words: the name, the value and what it must be.

Ansible's own check (ArgumentSpecValidator) decides what is accepted; only the wording is ours. Its messages name
the first problem and, for an unknown option, list the whole spec. The role's variable check
(plugins/action/aurora_role_inputs.py) and aurora_plan, which checks every step's arguments, both speak through this.
"""

from __future__ import annotations

import difflib

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_text

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


def shown(value, spec):
    if spec.get("no_log"):
        return "(hidden)"
    text = repr(value) if isinstance(value, str) else to_text(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."


def what(spec):
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


def nearest(name, known):
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
        return [f"{name}: {shown(value, spec)} is not {what(spec)}"]
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
        f"{name}.{key}: not an option of this entry{nearest(key, options)}"
        for key in sorted(map(to_text, mapping))
        if key not in options
    ]
    for key, spec in options.items():
        problems.extend(value_problems(f"{name}.{key}", mapping.get(key), spec))
    return problems


def args_problems(args, spec, **rules):
    """(params, [(option, reason)]): a module's arguments checked against its argument spec, every problem at once.

    params are the arguments as the module would see them (converted, defaults filled), with each refused option
    set back to its default, so that the model's own checks can still run on the rest. `rules` are the module's
    mutually_exclusive / required_if, which Ansible checks on the whole set.
    """
    found = []
    for name in sorted(map(to_text, args)):
        if name not in spec:
            found.append((name, f"not an option of this module{nearest(name, spec)}"))
            continue
        for problem in value_problems(name, args[name], dict(spec[name], required=False)):
            option, _colon, reason = problem.partition(": ")
            found.append((option, reason))
    refused = {option.split(".")[0].split("[")[0] for option, _reason in found}
    kept = {name: value for name, value in args.items() if name in spec and name not in refused}
    for name, option_spec in spec.items():
        if option_spec.get("required") and kept.get(name) is None and name not in refused:
            found.append((name, "is required"))
    result = ArgumentSpecValidator(spec, **rules).validate(kept)
    for message in result.error_messages:
        # Types, choices and required options are worded above; what is left spans several options.
        if message.startswith(("parameters are mutually exclusive", "state is ", "missing parameter(s) required by")):
            found.append(("", message))
    return result.validated_parameters, found
