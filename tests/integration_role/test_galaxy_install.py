"""The collection as README's "Installed as a collection" uses it: the tarball installed outside the clone, then
`ansible-playbook -i localhost, aurora.mysql.site` and a playbook of one's own that includes the role by FQCN, run
from a directory that has nothing of the clone (no ansible.cfg), against the simulator.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]

NAME = "galaxy"
RECAP = re.compile(r"localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")
# The commands README.md gives, run here verbatim (vars.yml and playbook.yml are the user's files).
SITE = "ansible-playbook -i localhost, aurora.mysql.site -e @vars.yml"
OWN = "ansible-playbook -i localhost, playbook.yml -e @vars.yml"

PLAYBOOK = [
    {
        "name": "Someone's existing playbook that adds an Aurora cluster",
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        # As README.md's example: the modules run in the Python that runs ansible-playbook, where boto3 is.
        "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
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


def _clean(run):
    """No warning of any kind (`No inventory was parsed`, interpreter discovery ...) and no literal \\n."""
    output = run.stdout + run.stderr
    return "[WARNING]" not in output and "\\n" not in output


def test_readme_gives_these_commands():
    readme = (REPO_ROOT / "README.md").read_text()
    assert SITE in readme
    assert OWN in readme
    assert 'ansible_python_interpreter: "{{ ansible_playbook_python }}"' in readme


def test_installed_tarball_runs_site_and_an_own_playbook_from_outside_the_clone(role_sim, tmp_path):
    built = _run(
        ["ansible-galaxy", "collection", "build", "--output-path", str(tmp_path), str(REPO_ROOT)],
        tmp_path,
        role_sim.env,
    )
    assert built.returncode == 0, built.stderr
    (tarball,) = tmp_path.glob("aurora-mysql-*.tar.gz")
    installed_path = tmp_path / "collections"
    # Only this path is searched, so a copy installed elsewhere on the machine can neither stop the install
    # ("already installed") nor stand in for it later; the clone's ansible.cfg is not in play (cwd is elsewhere).
    env = dict(role_sim.env, ANSIBLE_COLLECTIONS_PATH=str(installed_path))
    env.pop("ANSIBLE_CONFIG", None)
    project = tmp_path / "elsewhere"
    project.mkdir()
    installed = _run(["ansible-galaxy", "collection", "install", str(tarball), "-p", str(installed_path)], project, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "aurora.mysql:0.1.0 was installed successfully" in installed.stdout
    role_dir = installed_path / "ansible_collections" / "aurora" / "mysql" / "roles" / "aurora_mysql"

    (project / "playbook.yml").write_text(yaml.safe_dump(PLAYBOOK, sort_keys=False))
    (project / "vars.yml").write_text(yaml.safe_dump(role_sim.extra_vars(NAME)))

    site = _run(SITE.split(), project, env)
    assert site.returncode == 0, site.stdout + site.stderr
    # The role's dynamic include names the file it loaded: the installed copy, not the checkout.
    assert f"included: {role_dir}/tasks/present.yml for localhost" in site.stdout
    assert str(REPO_ROOT) not in site.stdout
    assert _recap(site.stdout)["changed"] > 0
    assert _clean(site), site.stdout + site.stderr

    own = _run(OWN.split(), project, env)
    assert own.returncode == 0, own.stdout + own.stderr
    assert f"included: {role_dir}/tasks/present.yml for localhost" in own.stdout
    # site built it already: the same role through the user's playbook finds nothing to change.
    recap = _recap(own.stdout)
    assert (recap["changed"], recap["failed"]) == (0, 0), own.stdout
    assert _clean(own), own.stdout + own.stderr
