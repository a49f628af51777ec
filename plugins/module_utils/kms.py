# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which KMS key a reference names, without asking KMS: key ids and key ARNs carry it, aliases do not. Pure."""

from __future__ import annotations

import re

_KEY_ARN = re.compile(r"^arn:aws[a-z-]*:kms:[^:]*:[^:]*:key/(.+)$")


def is_alias(value):
    """An alias name (alias/x) or alias ARN: only KMS knows which key it names."""
    return isinstance(value, str) and (value.startswith("alias/") or ":alias/" in value)


def key_id(value):
    """The bare key id of a key id or key ARN; None for None and for an alias."""
    if value is None or is_alias(value):
        return None
    match = _KEY_ARN.match(value)
    return match.group(1) if match else value


def same_key(wanted, have):
    """Whether two references name the same key; an alias must be resolved to its key ARN first."""
    wanted_id = key_id(wanted)
    return wanted_id is not None and wanted_id == key_id(have)


def resolve_aliases(values, keys, lookup):
    """`values` with the aliases under `keys` swapped for the key ARNs lookup(alias) returns; others untouched."""
    resolved = dict(values)
    for key in keys:
        if is_alias(resolved.get(key)):
            resolved[key] = lookup(resolved[key])
    return resolved
