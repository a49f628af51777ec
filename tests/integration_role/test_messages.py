"""What the role and the playbooks print reads as plain text: no message carries a line break.

Without the clone's ansible.cfg (callback_result_format = yaml), Ansible prints a result's `msg` as a JSON string,
so a line break in a message shows as a literal `\\n` to everyone running the installed collection or AWX. They
come from folded scalars (`>-`): YAML keeps the line break before and after a more-indented line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    path
    for pattern in ("roles/*/tasks/*.yml", "roles/*/handlers/*.yml", "playbooks/*.yml")
    for path in REPO_ROOT.glob(pattern)
)
# Keys whose text is printed: task and play names, and debug/assert/fail messages.
PRINTED = {"name", "msg", "fail_msg", "success_msg"}
# Line breaks inside an expression are Jinja's whitespace, not printed text.
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", flags=re.DOTALL)


def _printed_texts(node, key=None):
    if isinstance(node, dict):
        for child_key, child in node.items():
            yield from _printed_texts(child, child_key)
    elif isinstance(node, list):
        for child in node:
            yield from _printed_texts(child, key)
    elif isinstance(node, str) and key in PRINTED:
        yield node


def test_there_are_files_to_check():
    assert len(FILES) > 10


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(REPO_ROOT)) for p in FILES])
def test_no_printed_text_has_a_line_break(path):
    broken = [text for text in _printed_texts(yaml.safe_load(path.read_text())) if "\n" in JINJA.sub("", text).strip()]
    assert broken == []
