# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record which tasks (and loop items) reported a change, to compare a check run with the real run after it.

Writes $RECORD_CHANGES_DIR/check.json for a --check run and apply.json otherwise: a sorted list of
[task name, item label or null]. Only this scenario enables it.
"""

from __future__ import annotations

import json
import os

from ansible import context
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: record_changes
type: aggregate
short_description: Record changed tasks and items to a JSON file
description:
  - Writes the changed tasks and loop items of a run to E(RECORD_CHANGES_DIR)/check.json or apply.json.
requirements:
  - enabled in callbacks_enabled
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "record_changes"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._changed = []

    def _record(self, result, item=None):
        if result._result.get("changed"):
            self._changed.append([result._task.get_name(include_role_fqcn=False), item])

    def v2_runner_on_ok(self, result):
        # A loop's task-level result only sums up its items, which are recorded one by one.
        if "results" not in result._result:
            self._record(result)

    def v2_runner_item_on_ok(self, result):
        label = result._result.get("_ansible_item_label", result._result.get("item"))
        self._record(result, str(label))

    def v2_playbook_on_stats(self, stats):
        directory = os.environ.get("RECORD_CHANGES_DIR")
        if not directory:
            return
        os.makedirs(directory, exist_ok=True)
        name = "check.json" if context.CLIARGS.get("check") else "apply.json"
        with open(os.path.join(directory, name), "w") as handle:
            json.dump(sorted(self._changed, key=lambda entry: (entry[0], entry[1] or "")), handle, indent=1)
