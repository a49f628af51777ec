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


def region_of(reference):
    """The region a key ARN or alias ARN names; None for a key id or alias name, which mean the caller's region."""
    if isinstance(reference, str) and reference.startswith("arn:"):
        parts = reference.split(":")
        return (parts[3] or None) if len(parts) > 3 else None
    return None


def not_usable(reference, metadata):
    """Why RDS cannot encrypt with the key DescribeKey described, or None when it is enabled.

    RDS answers a key that "does not exist, is not enabled or you do not have permissions to access it" with
    KMSKeyNotAccessibleFault (CreateDBCluster, https://github.com/hashicorp/terraform-provider-aws/issues/16362);
    KeyState is Enabled only for a usable key (KMS service model, KeyMetadata.KeyState; DeletionDate only while
    PendingDeletion).
    """
    state = metadata.get("KeyState")
    if state == "Enabled":
        return None
    named = reference if reference == metadata.get("Arn") else f"{reference} ({metadata.get('Arn')})"
    if state == "PendingDeletion":
        when = metadata.get("DeletionDate")
        when = f" on {when.isoformat() if hasattr(when, 'isoformat') else when}" if when else ""
        return (
            f"KMS key {named} is pending deletion{when}; RDS cannot encrypt with it. Cancel the deletion "
            "(aws kms cancel-key-deletion, then enable-key) or name another key"
        )
    return f"KMS key {named} is {state}, not Enabled; RDS cannot encrypt with it. Enable it or name another key"
