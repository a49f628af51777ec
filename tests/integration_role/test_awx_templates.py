"""Each AWX job template of awx/README.md, launched with its survey's answers, does what it says (simulator).

The templates, the inventory host and the surveys are read from awx/README.md and awx/surveys/, as a user follows
them; awx_launch.py turns answers into extra variables by AWX's rules and runs the playbook through ansible-runner.
"Default answers" are what a user gets by accepting every default and typing only the answers that have none.
The tests share one cluster, named `myapp` as the build survey's default names it, and run in file order: build,
failover, rolling apply, the teardown's two refusals, the teardown.
"""

from __future__ import annotations

import itertools
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from tests.integration_role.awx_launch import (
    Job,
    JobTemplate,
    LaunchRefused,
    launch_extra_vars,
    readme_awx_awx_templates,
    readme_inventory_host_vars,
    readme_templates,
    run_job,
)
from tests.simulator.client import SimClient

REPO_ROOT = Path(__file__).resolve().parents[2]
NAME = "myapp"
CLUSTER = f"{NAME}-aurora-cluster"
MEMBERS = [f"{NAME}-aurora-writer", f"{NAME}-aurora-reader-1", f"{NAME}-aurora-reader-2"]
SITE, TEARDOWN, FAILOVER, ROLLING = (
    "Aurora MySQL",
    "Aurora MySQL teardown",
    "Aurora MySQL failover test",
    "Aurora MySQL rolling apply",
)
# What an AWX project sync leaves out: VCS metadata, the dev venvs, caches and local test output.
PROJECT_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".venv-*", ".ansible", ".pytest_cache", ".ruff_cache", "__pycache__", "output", "*.tar.gz"
)
# Anything from the shell running pytest that could point a job elsewhere, or give it a region the survey did not.
FOREIGN_ENV = (
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "ANSIBLE_CONFIG",
)
READS = ("Describe", "List", "Get")


@dataclass
class Awx:
    """An AWX stand-in: the README's templates over one synced project, jobs against the simulator."""

    templates: dict[str, JobTemplate]
    project_dir: Path
    jobs_dir: Path
    host_vars: dict
    envvars: dict
    sim: SimClient
    rds: object
    cloudwatch: object
    _ids: Iterator[int]

    def launch(self, template: JobTemplate | str, answers: dict | None = None) -> Job:
        template = self.templates[template] if isinstance(template, str) else template
        extra_vars = launch_extra_vars(template, answers)
        return run_job(
            template,
            extra_vars,
            project_dir=self.project_dir,
            private_data_dir=self.jobs_dir / f"job_{next(self._ids)}",
            host_vars=self.host_vars,
            envvars=self.envvars,
        )

    def mutating_calls(self) -> dict[str, int]:
        return {action: n for action, n in self.sim.counts().items() if not action.startswith(READS)}

    def members(self) -> dict[str, bool]:
        """Member -> is_writer, or {} when the cluster is gone."""
        clusters = self.rds.describe_db_clusters(Filters=[{"Name": "db-cluster-id", "Values": [CLUSTER]}])["DBClusters"]
        return {m["DBInstanceIdentifier"]: m["IsClusterWriter"] for c in clusters for m in c["DBClusterMembers"]}


@pytest.fixture(scope="module")
def awx(role_sim, tmp_path_factory) -> Iterator[Awx]:
    root = tmp_path_factory.mktemp("awx")
    # symlinks=True keeps collections/ansible_collections/aurora/mysql -> ../../.. pointing into the copy.
    shutil.copytree(REPO_ROOT, root / "project", symlinks=True, ignore=PROJECT_IGNORE)
    # The README's inventory host asks for the EE's Python as "{{ ansible_playbook_python }}": here, this venv's.
    host_vars = readme_inventory_host_vars()
    # An AWX "Amazon Web Services" credential arrives as these two; the endpoint points the job at the simulator.
    envvars = {key: role_sim.env[key] for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL")}
    envvars["PATH"] = role_sim.env["PATH"]
    session = boto3.session.Session(
        region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with pytest.MonkeyPatch.context() as patch:
        for name in FOREIGN_ENV:
            patch.delenv(name, raising=False)
        yield Awx(
            templates=readme_templates(),
            project_dir=root / "project",
            jobs_dir=root,
            host_vars=host_vars,
            envvars=envvars,
            sim=SimClient(role_sim.endpoint),
            rds=session.client("rds", endpoint_url=role_sim.endpoint),
            cloudwatch=session.client("cloudwatch", endpoint_url=role_sim.endpoint),
            _ids=itertools.count(1),
        )


@pytest.fixture(scope="module")
def site_answers(role_sim) -> dict:
    """The build survey's questions that have no usable default, answered; every other answer is the default."""
    return {
        "aurora_mysql_subnet_ids": ",".join(role_sim.prereqs["aurora_mysql_subnet_ids"]),
        "aurora_mysql_monitoring_role_arn": role_sim.prereqs["aurora_mysql_monitoring_role_arn"],
        # The survey asks for a password or a managed one; the role refuses neither.
        "aurora_mysql_master_user_password": "test-only-Passw0rd",
    }


@pytest.fixture(scope="module")
def built(awx, site_answers) -> tuple[Job, Job]:
    first = awx.launch(SITE, site_answers)
    second = awx.launch(SITE, site_answers)
    return first, second


def test_the_readme_sets_up_one_template_per_playbook_each_with_its_own_survey():
    templates = readme_templates()
    assert templates == readme_awx_awx_templates()
    assert {t.playbook for t in templates.values()} == {
        "site.yml",
        "playbooks/teardown.yml",
        "playbooks/failover.yml",
        "playbooks/rolling_apply.yml",
    }
    surveys = sorted(t.survey_file for t in templates.values())
    assert surveys == sorted(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "awx" / "surveys").glob("*.json"))
    for template in templates.values():
        assert (REPO_ROOT / template.playbook).is_file()
    host_vars = readme_inventory_host_vars()
    assert host_vars == {
        "ansible_connection": "local",
        "ansible_python_interpreter": "{{ ansible_playbook_python }}",
    }


def test_no_survey_can_choose_the_state_and_the_launch_refuses_it():
    templates = readme_templates()
    for template in templates.values():
        assert "aurora_mysql_state" not in {q["variable"] for q in template.survey["spec"]}, template.name
    # Prompt on launch stays off (the README says so), so a variable the survey does not ask for is refused.
    with pytest.raises(LaunchRefused, match="aurora_mysql_state are not allowed on launch"):
        launch_extra_vars(templates[TEARDOWN], {"aurora_mysql_name": NAME, "aurora_mysql_state": "present"})


def test_the_teardown_and_operations_surveys_need_the_name_typed():
    templates = readme_templates()
    for name in (TEARDOWN, FAILOVER, ROLLING):
        with pytest.raises(LaunchRefused, match="aurora_mysql_name"):
            launch_extra_vars(templates[name])


def test_build_template_default_answers_build_the_guide_then_change_nothing(awx, built):
    first, second = built

    assert (first.status, first.rc) == ("successful", 0), first.describe()
    assert first.stats["failures"] == {} and first.stats["dark"] == {}
    assert first.changed > 0
    assert awx.members() == {MEMBERS[0]: True, MEMBERS[1]: False, MEMBERS[2]: False}
    # The endpoints fact the role hands to later workflow nodes, as AWX records it in the job's events.
    (facts,) = first.task_results("Set aurora_mysql_endpoints")
    endpoints = facts["res"]["ansible_facts"]["aurora_mysql_endpoints"]
    assert endpoints["writer"].startswith(f"{CLUSTER}.cluster-")
    assert endpoints["reader"].startswith(f"{CLUSTER}.cluster-ro-")
    assert sorted(endpoints["instances"]) == sorted(MEMBERS)
    # Each step reported itself, in the guide's order.
    # (The instances are started without waiting, the alarms made, then the members waited for once.)
    step_order = [
        "Step 1: DB subnet group",
        "Step 2: cluster parameter group",
        "Step 3: cluster",
        "Steps 4-5, not waiting here: start instance",
        "Monitoring: CloudWatch alarm",
        "Waiting for the members to be available",
        "Summary of",
    ]
    started = first.started_tasks
    positions = [next(i for i, task in enumerate(started) if task.startswith(step)) for step in step_order]
    assert positions == sorted(positions), started

    assert (second.status, second.rc) == ("successful", 0), second.describe()
    assert second.changed == 0, second.describe()


def test_failover_template_default_answers_promote_reader_1(awx, built):
    job = awx.launch(FAILOVER, {"aurora_mysql_name": NAME})

    assert (job.status, job.rc) == ("successful", 0), job.describe()
    assert job.changed > 0
    assert awx.members() == {MEMBERS[0]: False, MEMBERS[1]: True, MEMBERS[2]: False}


def test_rolling_apply_template_default_answers_apply_a_pending_static_parameter(awx, built):
    writer = next(member for member, is_writer in awx.members().items() if is_writer)
    # Someone changed a static parameter: every member now waits for a reboot.
    awx.rds.modify_db_parameter_group(
        DBParameterGroupName=f"{NAME}-aurora-mysql8-instance",
        Parameters=[{"ParameterName": "performance_schema", "ParameterValue": "1", "ApplyMethod": "pending-reboot"}],
    )
    assert _settled_apply_statuses(awx) == dict.fromkeys(MEMBERS, "pending-reboot")

    job = awx.launch(ROLLING, {"aurora_mysql_name": NAME})

    assert (job.status, job.rc) == ("successful", 0), job.describe()
    assert job.changed > 0
    assert _apply_statuses(awx) == dict.fromkeys(MEMBERS, "in-sync")
    # "Keep the writer" defaults to true: the same instance writes afterwards.
    assert awx.members()[writer] is True


def test_teardown_template_default_answers_refuse_and_change_nothing(awx, built):
    awx.sim.reset_counts()

    job = awx.launch(TEARDOWN, {"aurora_mysql_name": NAME})

    assert (job.status, job.rc) == ("failed", 2), job.describe()
    assert any(
        f"refusing to delete cluster {CLUSTER}" in message and "set aurora_mysql_allow_destroy: true" in message
        for message in job.failure_messages
    ), job.failure_messages
    assert awx.mutating_calls() == {}
    assert sorted(awx.members()) == sorted(MEMBERS)


def test_teardown_template_refuses_a_state_set_in_the_template_variables(awx, built):
    """An admin's `aurora_mysql_state: present` in the template's Variables must not turn the job into a build."""
    template = awx.templates[TEARDOWN].with_extra_vars(aurora_mysql_state="present")
    awx.sim.reset_counts()

    job = awx.launch(template, {"aurora_mysql_name": NAME, "aurora_mysql_allow_destroy": "true"})

    assert (job.status, job.rc) == ("failed", 2), job.describe()
    assert job.failure_messages == [
        "playbooks/teardown.yml only tears down, but aurora_mysql_state is 'present' (set as an extra variable, "
        "which overrides the playbook). Nothing was changed. Remove aurora_mysql_state from the extra variables "
        "(in AWX: the job template's variables), or run site.yml to build or update the cluster."
    ]
    assert awx.mutating_calls() == {}
    assert sorted(awx.members()) == sorted(MEMBERS)


def test_teardown_template_confirmed_deletes_everything_with_a_final_snapshot(awx, built):
    job = awx.launch(TEARDOWN, {"aurora_mysql_name": NAME, "aurora_mysql_allow_destroy": "true"})

    assert (job.status, job.rc) == ("successful", 0), job.describe()
    assert awx.members() == {}
    rds = awx.rds
    with pytest.raises(rds.exceptions.DBParameterGroupNotFoundFault):
        rds.describe_db_parameter_groups(DBParameterGroupName=f"{NAME}-aurora-mysql8-instance")
    with pytest.raises(rds.exceptions.DBParameterGroupNotFoundFault):
        rds.describe_db_cluster_parameter_groups(DBClusterParameterGroupName=f"{NAME}-aurora-mysql8-cluster")
    with pytest.raises(rds.exceptions.DBSubnetGroupNotFoundFault):
        rds.describe_db_subnet_groups(DBSubnetGroupName=f"{NAME}-aurora-subnets")
    assert awx.cloudwatch.describe_alarms(AlarmNamePrefix=f"aurora-{NAME}-")["MetricAlarms"] == []
    # The teardown took a manual snapshot; automated ones (SnapshotType automated) are not its doing.
    snapshots = rds.describe_db_cluster_snapshots(DBClusterIdentifier=CLUSTER, SnapshotType="manual")
    assert [
        s["DBClusterSnapshotIdentifier"].startswith(f"{CLUSTER}-final-") for s in snapshots["DBClusterSnapshots"]
    ] == [True]


def _settled_apply_statuses(awx: Awx, timeout: float = 30) -> dict[str, str]:
    """The members' parameter apply statuses once none is `applying` any more (RDS shows `applying` before
    `pending-reboot` after a change; module_utils/waiters.py, instance_parameters_applied)."""
    deadline = time.monotonic() + timeout
    while "applying" in (statuses := _apply_statuses(awx)).values() and time.monotonic() < deadline:
        time.sleep(0.2)
    return statuses


def _apply_statuses(awx: Awx) -> dict[str, str]:
    instances = awx.rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [CLUSTER]}])["DBInstances"]
    return {i["DBInstanceIdentifier"]: i["DBParameterGroups"][0]["ParameterApplyStatus"] for i in instances}
