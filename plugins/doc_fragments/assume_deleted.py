# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The group modules (aurora_subnet_group, aurora_param_group): their users are clusters and instances.
    DOCUMENTATION = r"""
options:
  assume_deleted:
    description:
      - With O(state=absent), the identifiers of the clusters and instances using the group that an earlier task of
        the play deletes; the instances of a cluster named here count as deleted with it.
      - Check mode takes them as gone, so that a check run of a teardown predicts the delete of a group whose users
        an earlier task only predicted deleted. Any other user, of whatever engine, keeps the group in use and the
        delete is refused, in check mode as in a real run.
      - A real run ignores it and reads who uses the group as it is, so it changes nothing there.
    type: list
    elements: str
    default: []
"""

    # aurora_cluster: what keeps a cluster from being deleted is its member instances.
    CLUSTER = r"""
options:
  assume_deleted:
    description:
      - With O(state=absent), the identifiers of member instances that an earlier task of the play deletes.
      - Check mode takes them as gone, so that a check run of a teardown predicts the delete of a cluster whose
        instances an earlier task only predicted deleted, where it would otherwise refuse a cluster that still has
        instances. Any other member still blocks the delete, in check mode as in a real run.
      - A real run ignores it and reads the cluster as it is, so it changes nothing there.
    type: list
    elements: str
    default: []
"""
