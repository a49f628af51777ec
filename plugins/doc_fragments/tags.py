# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Every module with tags plans them with plan.TagPlan.between(current, tags, purge_tags).
    DOCUMENTATION = r"""
options:
  tags:
    description:
      - The resource's tags, as a dictionary.
      - When omitted, the tags are left alone.
    type: dict
  purge_tags:
    description:
      - Remove the tags that are not in O(tags). Has no effect when O(tags) is omitted.
    type: bool
    default: true
"""
