"""The collection as users get it: built, installed from the tarball, and its role included by FQCN."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]

NAME = "galaxy"
RECAP = re.compile(r"localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")

PLAYBOOK = [
    {
        "name": "Someone's existing playbook that adds an Aurora cluster",
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "tasks": [
            {
                "name": "Build the cluster with the installed role",
                "ansible.builtin.include_role": {"name": "aurora.mysql.aurora_mysql"},
            },
            {
                "name": "Use the endpoints the role hands back",
                "ansible.builtin.assert": {
                    "that": [
                        "aurora_mysql_endpoints.writer is match(aurora_mysql_name ~ '-aurora-cluster\\\\.cluster-')",
                        "aurora_mysql_endpoints.instances | length == 3",
                    ]
                },
            },
        ],
    }
]


def _run(argv, cwd, env):
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _recap(stdout):
    ok, changed, unreachable, failed = (int(n) for n in RECAP.search(stdout).groups())
    return dict(ok=ok, changed=changed, unreachable=unreachable, failed=failed)


def test_installed_collection_role_by_fqcn_converges_then_reruns_unchanged(role_sim, tmp_path):
    built = _run(
        ["ansible-galaxy", "collection", "build", "--output-path", str(tmp_path), str(REPO_ROOT)],
        tmp_path,
        role_sim.env,
    )
    assert built.returncode == 0, built.stderr
    (tarball,) = tmp_path.glob("aurora-mysql-*.tar.gz")
    installed_path = tmp_path / "installed"
    # Only this path is searched, so a copy installed elsewhere on the machine can neither stop the install
    # ("already installed") nor stand in for it later.
    only_installed = dict(role_sim.env, ANSIBLE_COLLECTIONS_PATH=str(installed_path))
    installed = _run(
        ["ansible-galaxy", "collection", "install", "--force", str(tarball), "-p", str(installed_path)],
        tmp_path,
        only_installed,
    )
    assert installed.returncode == 0, installed.stderr
    role_dir = installed_path / "ansible_collections" / "aurora" / "mysql" / "roles" / "aurora_mysql"
    assert (role_dir / "meta" / "argument_specs.yml").is_file()

    # Outside the repo, with only the installed copy on the collections path: the checkout cannot leak in.
    project = tmp_path / "elsewhere"
    project.mkdir()
    (project / "ansible.cfg").write_text(f"[defaults]\ncollections_path = {installed_path}\n")
    (project / "playbook.yml").write_text(yaml.safe_dump(PLAYBOOK, sort_keys=False))
    (project / "vars.yml").write_text(yaml.safe_dump(role_sim.extra_vars(NAME)))
    env = dict(only_installed, ANSIBLE_CONFIG=str(project / "ansible.cfg"))
    argv = ["ansible-playbook", "playbook.yml", "-e", "@vars.yml", "-e", f"ansible_python_interpreter={sys.executable}"]

    first = _run(argv, project, env)
    assert first.returncode == 0, first.stdout + first.stderr
    # The role's dynamic include names the file it loaded: the installed copy, not the checkout.
    assert f"included: {role_dir}/tasks/present.yml for localhost" in first.stdout
    assert str(REPO_ROOT) not in first.stdout
    assert _recap(first.stdout)["changed"] > 0

    second = _run(argv, project, env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert _recap(second.stdout)["changed"] == 0, second.stdout

    # The collection's own playbook resolves by FQCN too.
    syntax = _run(["ansible-playbook", "aurora.mysql.site", "--syntax-check"], project, env)
    assert syntax.returncode == 0, syntax.stdout + syntax.stderr
