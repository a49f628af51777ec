# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What to tell a task that names an engine version RDS does not offer: the offered versions nearest to it."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils.cluster_plan import version_key

SUGGESTIONS = 5


def closest_versions(wanted, offered, count=SUGGESTIONS):
    """Up to `count` of `offered`, nearest first: the longest shared prefix (same major first), then the smallest
    gap in the first number that differs, then the newer version."""
    want = version_key(wanted)

    def nearness(version):
        have = version_key(version)
        shared = 0
        while shared < min(len(want), len(have)) and want[shared] == have[shared]:
            shared += 1
        gap = abs(want[shared] - have[shared]) if shared < min(len(want), len(have)) else 0
        return (-shared, gap, tuple(-part for part in have))

    return sorted(set(offered), key=nearness)[:count]


def unknown_version_message(wanted, engine, offered):
    suggestions = closest_versions(wanted, offered)
    if not suggestions:
        return f"'{wanted}' is not an {engine} version this region offers, and it lists none"
    return (
        f"'{wanted}' is not an {engine} version this region offers; the nearest offered are "
        f"{', '.join(suggestions)} (aws rds describe-db-engine-versions --engine {engine} lists them all)"
    )
