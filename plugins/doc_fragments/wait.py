# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Wait for the operation to finish before returning.
      - With V(false) the module returns right after the API call; see the module's notes for what to wait on later.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait before failing with a timeout error that names what was awaited.
      - The resource is polled every few seconds, so the wait ends soon after it is ready.
    type: int
    default: 1800
"""
