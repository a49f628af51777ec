"""Make the checkout importable as ansible_collections.aurora.mysql for pytest.

collections/ansible_collections/aurora/mysql is a committed symlink to the repo root, so putting collections/ on
sys.path is all it takes; no install step and no copy.
"""

import sys
from pathlib import Path

_COLLECTIONS = str(Path(__file__).resolve().parent / "collections")

if _COLLECTIONS not in sys.path:
    sys.path.insert(0, _COLLECTIONS)
