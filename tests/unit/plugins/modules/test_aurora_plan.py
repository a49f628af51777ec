"""aurora_plan against the simulator: the plan of every step is what that step's module does, from one read of
each resource; refusals all at once, named by the caller's variables; pending reboots, queued changes and what a
run needs next."""

from __future__ import annotations

import boto3
import pytest

from ansible_collections.aurora.mysql.plugins.modules import (
    aurora_alarm,
    aurora_cluster,
    aurora_instance,
    aurora_param_group,
    aurora_plan,
    aurora_subnet_group,
)
from tests.evidence.aws_state import load_demo_prereqs
from tests.evidence.guide import RERUN_READS
from tests.unit.builders import PASSWORD, alarm_params, mutations

CLUSTER = "myapp-aurora-cluster"
WRITER, READER_1, READER_2 = "myapp-aurora-writer", "myapp-aurora-reader-1", "myapp-aurora-reader-2"
INSTANCE_GROUP, CLUSTER_GROUP = "myapp-aurora-mysql8-instance", "myapp-aurora-mysql8-cluster"
STEP_MODULES = {
    "subnet_group": aurora_subnet_group,
    "cluster_parameter_group": aurora_param_group,
    "instance_parameter_group": aurora_param_group,
    "cluster": aurora_cluster,
    "instance": aurora_instance,
    "alarm": aurora_alarm,
}


@pytest.fixture
def prereqs(sim, monkeypatch):
    for name, value in sim.env.items():
        monkeypatch.setenv(name, value)
    made = load_demo_prereqs().create_prerequisites(boto3.session.Session(region_name="us-east-1"), "myapp")
    sim.client.reset_counts()
    return made


def guide_args(prereqs, **overrides):
    """The arguments the role gives aurora_plan for the guide (roles/aurora_mysql/vars/main.yml)."""
    instance = dict(
        cluster_identifier=CLUSTER,
        engine="aurora-mysql",
        db_parameter_group_name=INSTANCE_GROUP,
        monitoring_interval=10,
        monitoring_role_arn=prereqs["aurora_mysql_monitoring_role_arn"],
        enable_performance_insights=True,
        performance_insights_retention_period=7,
        auto_minor_version_upgrade=True,
        apply_immediately=False,
        state="present",
        wait=False,
    )
    args = dict(
        subnet_group=dict(
            name="myapp-aurora-subnets",
            description="Subnets for Aurora MySQL cluster",
            subnet_ids=prereqs["aurora_mysql_subnet_ids"],
            state="present",
        ),
        cluster_parameter_group=dict(
            name=CLUSTER_GROUP,
            scope="cluster",
            family="aurora-mysql8.0",
            description="Cluster parameters for Aurora MySQL 8.0",
            parameters={"character_set_server": "utf8mb4", "require_secure_transport": "ON"},
            state="present",
        ),
        instance_parameter_group=dict(
            name=INSTANCE_GROUP,
            scope="instance",
            family="aurora-mysql8.0",
            description="Instance parameters for Aurora MySQL 8.0",
            parameters={"slow_query_log": "1", "long_query_time": "1"},
            state="present",
        ),
        cluster=dict(
            identifier=CLUSTER,
            engine="aurora-mysql",
            engine_version="8.0.mysql_aurora.3.07.1",
            master_username="admin",
            db_subnet_group_name="myapp-aurora-subnets",
            vpc_security_group_ids=prereqs["aurora_mysql_vpc_security_group_ids"],
            db_cluster_parameter_group_name=CLUSTER_GROUP,
            storage_encrypted=True,
            kms_key_id=prereqs["aurora_mysql_kms_key_id"],
            backup_retention_period=14,
            preferred_backup_window="02:00-03:00",
            preferred_maintenance_window="sun:04:00-sun:05:00",
            deletion_protection=True,
            state="present",
        ),
        instances=[
            dict(instance, identifier=WRITER, instance_class="db.r6g.xlarge"),
            dict(instance, identifier=READER_1, instance_class="db.r6g.xlarge", promotion_tier=0),
            dict(instance, identifier=READER_2, instance_class="db.r6g.large", promotion_tier=1),
        ],
        alarms=[
            {
                key: value
                for key, value in alarm_params(alarm_actions=prereqs["aurora_mysql_alarm_actions"]).items()
                if value is not None
            }
        ],
    )
    args.update(overrides, secrets={"cluster": {"master_user_password": PASSWORD}})
    return args


@pytest.fixture
def plan(sim, run_module):
    def _run(args, check_mode=False, diff=False):
        return run_module(aurora_plan, args, check_mode=check_mode, diff=diff, env=sim.env)

    return _run


def step_args(args):
    """(step name, module, module args) of every step, in build order."""
    found = [(name, STEP_MODULES[name], args[name]) for name in list(STEP_MODULES)[:3]]
    found.append(("cluster", aurora_cluster, dict(args["cluster"], **args["secrets"]["cluster"])))
    found += [(f"instance {a['identifier']}", aurora_instance, a) for a in args["instances"]]
    found += [(f"alarm {a['name']}", aurora_alarm, a) for a in args["alarms"]]
    return found


def apply_steps(sim, run_module, args):
    for name, module, module_args in step_args(args):
        result = run_module(module, module_args, env=sim.env)
        assert not result.get("failed"), (name, result)


def test_on_an_empty_account_every_step_creates_and_only_reads_are_made(sim, prereqs, plan):
    result = plan(guide_args(prereqs))

    assert result["changed"] is False, result
    assert result["changed_steps"] == [
        "subnet_group",
        "cluster_parameter_group",
        "instance_parameter_group",
        "cluster",
        f"instance {WRITER}",
        f"instance {READER_1}",
        f"instance {READER_2}",
        "alarm aurora-myapp-deadlocks",
    ]
    assert {step["action"] for step in result["steps"].values()} == {"create"}
    assert result["needs"] == {"members_wait": True, "rolling_apply": False, "writer_placement": WRITER}
    assert result["endpoints"]["writer"] is None and result["members"] == [] and result["writer"] is None
    assert result["pending_reboot"] == [] and result["queued"] == []
    assert mutations(sim) == {}


def test_each_step_plans_exactly_what_its_module_does_in_check_mode(sim, prereqs, plan, run_module):
    args = guide_args(prereqs)
    apply_steps(sim, run_module, args)
    changed = dict(
        args,
        cluster=dict(args["cluster"], backup_retention_period=7),
        instance_parameter_group=dict(args["instance_parameter_group"], tags={"team": "data"}),
        instances=[*args["instances"][:2], dict(args["instances"][2], promotion_tier=2)],
    )
    result = plan(changed, check_mode=True, diff=True)

    assert result["changed_steps"] == ["instance_parameter_group", "cluster", f"instance {READER_2}"]
    diffs = {entry["before_header"].rsplit(" (", 1)[0]: entry for entry in result["diff"]}
    for name, module, module_args in step_args(changed):
        own = run_module(module, module_args, check_mode=True, diff=True, env=sim.env)
        assert result["steps"][name]["changed"] == own["changed"], name
        if own["changed"]:
            assert {key: diffs[name][key] for key in ("before", "after")} == own["diff"], name
    assert result["steps"]["cluster"]["changes"] == {"backup_retention_period": 7}
    assert result["steps"]["instance_parameter_group"]["tags"] == {"set": {"team": "data"}, "remove": []}


def test_a_rerun_with_nothing_to_change_reads_each_resource_once(sim, prereqs, plan, run_module):
    args = guide_args(prereqs)
    apply_steps(sim, run_module, args)
    sim.client.reset_counts()

    result = plan(args)

    assert result["changed_steps"] == [] and result["summary"] == ["nothing to change (8 steps checked)"]
    assert result["writer"] == WRITER
    assert result["needs"] == {"members_wait": False, "rolling_apply": False, "writer_placement": None}
    assert set(result["endpoints"]["instances"]) == {WRITER, READER_1, READER_2}
    counts = sim.client.counts()
    # No tags (none managed), no engine versions, engine defaults, subnets or other checks (nothing changes).
    assert counts == RERUN_READS


def test_every_refusal_at_once_named_by_the_callers_variable(sim, prereqs, plan):
    args = guide_args(prereqs)
    args["cluster"] = dict(args["cluster"], backup_retention_period=40, port=80)
    args["instances"][1] = dict(args["instances"][1], promotion_tier=16)
    args["instance_parameter_group"] = dict(args["instance_parameter_group"], parameters={"slow_query_logg": "1"})
    args["variables"] = {
        "cluster": {"backup_retention_period": "aurora_mysql_backup_retention_period"},
        f"instance {READER_1}": {"promotion_tier": "aurora_mysql_instances[1].promotion_tier"},
        "instance_parameter_group": {"parameters": "aurora_mysql_instance_parameters"},
    }

    result = plan(args)

    assert result["failed"] is True
    # In the order the steps run, what the arguments show first, then what only AWS knows (the family's parameters).
    assert result["msg"].split(" | ") == [
        "cluster: port: 80 is out of range; it must be between 1150 and 65535",
        "aurora_mysql_backup_retention_period: 40 is out of range; it must be between 1 and 35",
        "aurora_mysql_instances[1].promotion_tier: 16 is out of range; it must be between 0 and 15",
        "aurora_mysql_instance_parameters: slow_query_logg: not a parameter of this family; did you mean "
        "slow_query_log, slow_query_log_file, long_query_time?",
    ]
    assert mutations(sim) == {}


def test_type_errors_are_short_and_one_variable_is_named_once(sim, prereqs, plan):
    args = guide_args(prereqs)
    args["cluster"] = dict(args["cluster"], port="abc", tags={"aws:owner": "me"})
    args["subnet_group"] = dict(args["subnet_group"], tags={"aws:owner": "me"})
    args["variables"] = {step: {"tags": "aurora_mysql_tags"} for step in ("cluster", "subnet_group")}

    messages = plan(args)["msg"].split(" | ")

    assert messages[1] == "cluster: port: 'abc' is not an integer"
    assert messages[0].startswith("aurora_mysql_tags: ") and "aws:" in messages[0]
    assert len(messages) == 2


def test_a_static_parameter_change_leaves_every_member_waiting_for_a_reboot(sim, prereqs, plan, run_module):
    args = guide_args(prereqs)
    apply_steps(sim, run_module, args)
    group = args["instance_parameter_group"]
    parameters = dict(group["parameters"], performance_schema="1")
    changed = dict(args, instance_parameter_group=dict(group, parameters=parameters))

    result = plan(changed, check_mode=True)

    assert result["changed_steps"] == ["instance_parameter_group"]
    assert [entry["instance"] for entry in result["pending_reboot"]] == [WRITER, READER_1, READER_2]
    assert result["pending_reboot"][0]["reasons"] == [f"parameter group {INSTANCE_GROUP} is pending-reboot"]
    assert result["needs"]["rolling_apply"] is True

    run_module(aurora_param_group, changed["instance_parameter_group"], env=sim.env)
    after = plan(changed)
    assert after["changed_steps"] == [] and after["pending_reboot"] == result["pending_reboot"]


def test_a_class_change_without_apply_immediately_is_listed_as_queued(sim, prereqs, plan, run_module):
    args = guide_args(prereqs)
    apply_steps(sim, run_module, args)
    instances = [*args["instances"][:2], dict(args["instances"][2], instance_class="db.r6g.xlarge")]

    predicted = plan(dict(args, instances=instances), check_mode=True)["queued"]
    run_module(aurora_instance, instances[2], env=sim.env)
    observed = plan(dict(args, instances=instances))

    expected = [
        {
            "resource": f"instance {READER_2}",
            "change": "instance_class",
            "value": "db.r6g.xlarge",
            "until": predicted[0]["until"],
            "apply_now": "a rolling apply (aurora.mysql.aurora_rolling_reboot) applies it now, one member at a time",
        }
    ]
    assert predicted == expected and observed["queued"] == expected
    assert observed["changed_steps"] == [] and observed["needs"]["rolling_apply"] is True


def test_a_secret_in_a_step_is_refused_and_never_shown(sim, prereqs, plan):
    args = guide_args(prereqs)
    args["cluster"] = dict(args["cluster"], master_user_password=PASSWORD)

    result = plan(args)

    assert result["msg"] == "cluster: master_user_password: pass secret options in secrets, never in the step"
    assert PASSWORD not in str(result)


def test_waiting_for_members_returns_where_each_member_is(sim, prereqs, plan, run_module):
    args = guide_args(prereqs)
    apply_steps(sim, run_module, args)

    result = plan(dict(args, wait_for_members=True, wait_timeout=5))

    assert result["waited_seconds"] < 5
    assert {member["status"] for member in result["members"]} == {"available"}
    assert result["needs"]["members_wait"] is False


def test_unlisted_members_are_reported_or_planned_for_deletion(sim, prereqs, plan, run_module):
    args = guide_args(prereqs)
    apply_steps(sim, run_module, args)
    fewer = dict(args, instances=args["instances"][:2])

    assert plan(fewer)["unlisted_instances"] == [READER_2]
    purged = plan(dict(fewer, purge_instances=True))
    assert purged["changed_steps"] == [f"instance {READER_2}"]
    assert purged["steps"][f"instance {READER_2}"]["action"] == "delete"
    assert purged["needs"]["members_wait"] is True
