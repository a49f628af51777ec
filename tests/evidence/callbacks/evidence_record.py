# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Record every task result of a run as JSON, for the evidence tests to read instead of parsing screen output.

Writes a list of {host, task, action, item, status, changed, ignored, msg, result} to $EVIDENCE_RECORD_FILE when the
run ends; `action` is the module the task ran, as the task names it.
Loop tasks are recorded item by item (their task-level result only sums the items up).
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: evidence_record
type: aggregate
short_description: Record task results to a JSON file
description:
  - Writes each task (and loop item) result of a run to E(EVIDENCE_RECORD_FILE).
requirements:
  - enabled in callbacks_enabled
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "evidence_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._records = []

    def _record(self, result, status, item=None, ignored=False):
        data = result._result
        self._records.append(
            {
                "host": result._host.get_name(),
                "task": result._task.get_name(include_role_fqcn=False),
                "action": result._task.action,
                "item": item,
                "status": status,
                "changed": bool(data.get("changed")),
                "ignored": ignored,
                "msg": data.get("msg"),
                "result": data,
            }
        )

    @staticmethod
    def _label(result):
        return str(result._result.get("_ansible_item_label", result._result.get("item")))

    def v2_runner_on_ok(self, result):
        if "results" not in result._result:
            self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if "results" not in result._result:
            self._record(result, "failed", ignored=ignore_errors)

    def v2_runner_on_skipped(self, result):
        if "results" not in result._result:
            self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_runner_item_on_ok(self, result):
        self._record(result, "ok", item=self._label(result))

    def v2_runner_item_on_failed(self, result):
        self._record(result, "failed", item=self._label(result), ignored=bool(result._task.ignore_errors))

    def v2_runner_item_on_skipped(self, result):
        self._record(result, "skipped", item=self._label(result))

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("EVIDENCE_RECORD_FILE")
        if path:
            with open(path, "w") as handle:
                # default=str: results may hold datetimes and other values JSON has no type for.
                json.dump(self._records, handle, indent=1, default=str)
