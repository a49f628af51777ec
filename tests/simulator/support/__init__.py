"""Helpers the fidelity files share: the patch mechanism, lookups, paging, transitions, queued changes, input checks.

Nothing here patches moto by being imported; the fidelity files declare patches and ``fidelity.install`` applies them.
"""
