"""Bad input is refused before AWS is asked to change anything, with a message that names the option.

Each case runs once against an empty simulator (only the guide's prerequisites, or a two-member cluster where the
case needs one) and then reads the simulator's request counts: not one Create/Modify/Delete/Failover/Reboot (or
Put/Add/Remove/...) call may have been made. Module cases run each module's main() in-process exactly as Ansible
invokes it; role cases run `ansible-playbook site.yml` as a user would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.aurora.mysql.plugins.modules import (
    aurora_alarm,
    aurora_cluster,
    aurora_failover,
    aurora_instance,
    aurora_param_group,
    aurora_subnet_group,
)
from tests.evidence.ansible_run import SITE
from tests.evidence.aws_state import mutating_calls
from tests.evidence.guide import PASSWORD

VERSION = "8.0.mysql_aurora.3.07.1"
ROLE_ARN = "arn:aws:iam::123456789012:role/rds-enhanced-monitoring-role"
CLUSTER = dict(
    identifier="ev-cluster",
    engine_version=VERSION,
    master_username="admin",
    master_user_password=PASSWORD,
    wait=False,
)
INSTANCE = dict(identifier="ev-writer", cluster_identifier="ev-cluster", instance_class="db.r6g.large", wait=False)
PARAMS = dict(name="ev-params", scope="instance", description="evidence")
ALARM = dict(
    name="ev-alarm",
    metric_name="Deadlocks",
    statistic="Sum",
    period=300,
    evaluation_periods=1,
    threshold=5,
    comparison_operator="GreaterThanThreshold",
    cluster_identifier="ev-cluster",
)
# Setup a case can ask for: a cluster with a writer and a reader, made with boto3 before the counts are zeroed.
TWO_MEMBERS = "two-member cluster ev-cluster"


@dataclass
class Case:
    id: str
    module: object
    args: dict
    option: str  # the message must name this option
    mentions: tuple = ()  # and say these words too
    setup: str | None = None
    without: tuple = field(default=())  # keys of args to drop


def cluster(case_id, option, mentions=(), without=(), **args):
    return Case(case_id, aurora_cluster, dict(CLUSTER, **args), option, mentions, without=without)


def instance(case_id, option, mentions=(), without=(), **args):
    return Case(case_id, aurora_instance, dict(INSTANCE, **args), option, mentions, without=without)


def params(case_id, option, mentions=(), **args):
    return Case(case_id, aurora_param_group, dict(PARAMS, **args), option, mentions)


def alarm(case_id, option, mentions=(), **args):
    return Case(case_id, aurora_alarm, dict(ALARM, **args), option, mentions)


MODULE_CASES = [
    # identifiers
    cluster("identifier-too-long", "identifier", ("64 characters", "63"), identifier="a" * 64),
    cluster("identifier-bad-characters", "identifier", ("letters, digits and hyphens",), identifier="ev_cluster!"),
    cluster("identifier-double-hyphen", "identifier", ("consecutive hyphens",), identifier="ev--cluster"),
    cluster("identifier-trailing-hyphen", "identifier", ("end with a hyphen",), identifier="ev-cluster-"),
    cluster("identifier-leading-digit", "identifier", ("start with a letter",), identifier="1cluster"),
    instance("instance-identifier-trailing-hyphen", "identifier", ("end with a hyphen",), identifier="ev-writer-"),
    params("param-group-name-double-hyphen", "name", ("consecutive hyphens",), name="ev--params"),
    Case(
        "failover-cluster-bad-characters",
        aurora_failover,
        dict(cluster_identifier="ev_cluster"),
        "cluster_identifier",
        ("letters, digits and hyphens",),
    ),
    # windows
    cluster("backup-window-malformed", "preferred_backup_window", ("hh24:mi-hh24:mi",), preferred_backup_window="2am"),
    cluster(
        "maintenance-window-malformed",
        "preferred_maintenance_window",
        ("ddd:hh24:mi-ddd:hh24:mi",),
        preferred_maintenance_window="sunday:04:00-sunday:05:00",
    ),
    cluster(
        "windows-overlap",
        "preferred_backup_window",
        ("overlaps", "preferred_maintenance_window"),
        preferred_backup_window="04:00-05:00",
        preferred_maintenance_window="sun:04:30-sun:05:30",
    ),
    cluster("backup-window-15-minutes", "preferred_backup_window", ("30",), preferred_backup_window="02:00-02:15"),
    cluster(
        "maintenance-window-20-minutes",
        "preferred_maintenance_window",
        ("30",),
        preferred_maintenance_window="sun:04:00-sun:04:20",
    ),
    # passwords (the value itself must not be echoed: test_secrets.py covers that)
    cluster("password-short", "master_user_password", ("8 to 41",), master_user_password="Ab1-xyz"),
    cluster("password-with-at", "master_user_password", ("'@'",), master_user_password="Evid3nce@Qx7Kp9"),
    cluster("password-missing-on-create", "master_user_password", ("required",), without=("master_user_password",)),
    # ranges and choices
    cluster("retention-40", "backup_retention_period", ("40", "35"), backup_retention_period=40),
    cluster("port-80", "port", ("80",), port=80),
    cluster("engine-version-malformed", "engine_version", ("8.0",), engine_version="8.0"),
    cluster("engine-version-unknown", "engine_version", ("3.99.9",), engine_version="8.0.mysql_aurora.3.99.9"),
    cluster("kms-key-unencrypted", "kms_key_id", ("storage_encrypted",), kms_key_id="alias/x", storage_encrypted=False),
    cluster("tags-reserved-prefix", "tags", ("aws:",), tags={"aws:owner": "me"}),
    cluster("identifier-missing", "identifier", ("missing required",), without=("identifier",)),
    instance("tier-16", "promotion_tier", ("16", "15"), promotion_tier=16),
    instance(
        "monitoring-interval-7", "monitoring_interval", ("7",), monitoring_interval=7, monitoring_role_arn=ROLE_ARN
    ),
    instance("monitoring-without-role", "monitoring_role_arn", ("monitoring_interval",), monitoring_interval=10),
    instance(
        "performance-insights-retention-8",
        "performance_insights_retention_period",
        ("8",),
        enable_performance_insights=True,
        performance_insights_retention_period=8,
    ),
    instance("instance-cluster-missing", "cluster_identifier", ("missing",), without=("cluster_identifier",)),
    # parameters
    params(
        "parameter-unknown", "parameters", ("slow_query_logg", "slow_query_log"), parameters={"slow_query_logg": "1"}
    ),
    params(
        "parameter-static-immediate",
        "parameters",
        ("innodb_buffer_pool_size", "static", "immediate"),
        parameters={"innodb_buffer_pool_size": "{DBInstanceClassMemory*3/4}"},
        apply_method="immediate",
    ),
    params(
        "parameter-invalid-value", "parameters", ("slow_query_log", "maybe"), parameters={"slow_query_log": "maybe"}
    ),
    # failover
    Case(
        "failover-target-not-member",
        aurora_failover,
        dict(cluster_identifier="ev-cluster", target_instance="ev-stranger"),
        "target_instance",
        ("ev-stranger", "not a member"),
        setup=TWO_MEMBERS,
    ),
    # alarms and subnet groups
    alarm("alarm-period-45", "period", ("45",), period=45),
    alarm("alarm-statistic-median", "statistic", ("Median",), statistic="Median"),
    alarm("alarm-datapoints-above-periods", "datapoints_to_alarm", ("evaluation_periods",), datapoints_to_alarm=3),
    Case(
        "subnet-group-one-subnet",
        aurora_subnet_group,
        dict(name="ev-subnets", description="evidence", subnet_ids=["subnet-00000001"]),
        "subnet_ids",
        ("at least 2",),
    ),
    Case(
        "subnet-group-named-default", aurora_subnet_group, dict(name="default", description="x"), "name", ("reserved",)
    ),
]


def make_two_member_cluster(rds) -> None:
    rds.create_db_cluster(
        DBClusterIdentifier="ev-cluster",
        Engine="aurora-mysql",
        EngineVersion=VERSION,
        MasterUsername="admin",
        MasterUserPassword=PASSWORD,
    )
    for name in ("ev-writer", "ev-reader"):
        rds.create_db_instance(
            DBInstanceIdentifier=name,
            DBClusterIdentifier="ev-cluster",
            DBInstanceClass="db.r6g.large",
            Engine="aurora-mysql",
        )


@pytest.fixture
def run_module(capsys):
    def run(module, args):
        with patch_module_args(dict(args)), pytest.raises(SystemExit):
            module.main()
        return json.loads(capsys.readouterr().out)

    return run


def assert_clear_refusal(message: str, option: str, mentions: tuple) -> None:
    assert option in message, f"the message does not name {option}: {message}"
    for words in mentions:
        assert words in message, f"the message does not say {words!r}: {message}"
    for noise in ("Traceback", "MODULE FAILURE", "Exception", "argument_spec"):
        assert noise not in message, f"not a clear message: {message}"
    assert len(message) < 1000, f"not a short message ({len(message)} characters): {message[:300]}..."


def test_the_matrix_is_big_enough():
    assert len(MODULE_CASES) + len(ROLE_CASES) >= 30
    assert len({case.id for case in MODULE_CASES} | {case.id for case in ROLE_CASES}) == len(MODULE_CASES) + len(
        ROLE_CASES
    )


@pytest.mark.parametrize("case", MODULE_CASES, ids=lambda case: case.id)
def test_module_refuses_bad_input(case, sim, aws_env, clients, run_module):
    if case.setup == TWO_MEMBERS:
        make_two_member_cluster(clients["rds"])
    sim.client.reset_counts()
    args = {key: value for key, value in case.args.items() if key not in case.without}

    result = run_module(case.module, args)

    assert result.get("failed") is True, f"accepted: {result}"
    assert_clear_refusal(result["msg"], case.option, case.mentions)
    assert mutating_calls(sim.client.counts()) == {}


@dataclass
class RoleCase:
    id: str
    overrides: dict
    option: str
    mentions: tuple = ()
    without: tuple = ()


ROLE_CASES = [
    # Ansible's own spec check would print the whole spec (kilobytes) and never see a misspelt name.
    RoleCase(
        "role-misspelt-variable",
        {"aurora_mysql_instance": [{"identifier": "myapp-aurora-writer", "instance_class": "db.r6g.large"}]},
        "aurora_mysql_instance",
        ("did you mean aurora_mysql_instances?",),
    ),
    RoleCase(
        "role-type-errors-all-at-once",
        {"aurora_mysql_port": "abc", "aurora_mysql_deletion_protection": "maybe"},
        "aurora_mysql_port",
        ("'abc' is not an integer", "aurora_mysql_deletion_protection: 'maybe' is not a boolean"),
    ),
    RoleCase(
        "role-password-missing", {}, "aurora_mysql_master_user_password", without=("aurora_mysql_master_user_password",)
    ),
    RoleCase("role-no-subnets", {"aurora_mysql_subnet_ids": []}, "aurora_mysql_subnet_ids", ("at least 2",)),
    RoleCase("role-monitoring-interval-7", {"aurora_mysql_monitoring_interval": 7}, "aurora_mysql_monitoring_interval"),
    RoleCase(
        "role-monitoring-without-role",
        {},
        "aurora_mysql_monitoring_role_arn",
        without=("aurora_mysql_monitoring_role_arn",),
    ),
    RoleCase(
        "role-instance-without-class",
        {"aurora_mysql_instances": [{"identifier": "myapp-aurora-writer"}]},
        "instance_class",
    ),
    RoleCase(
        "role-destroy-not-confirmed",
        {"aurora_mysql_state": "absent"},
        "aurora_mysql_allow_destroy",
    ),
    # Rules only a module knows today: the role must still refuse them before its first change.
    RoleCase(
        "role-tier-16",
        {
            "aurora_mysql_instances": [
                {"identifier": "myapp-aurora-writer", "instance_class": "db.r6g.large"},
                {"identifier": "myapp-aurora-reader-1", "instance_class": "db.r6g.large", "promotion_tier": 16},
            ]
        },
        "aurora_mysql_instances[1].promotion_tier",
        ("16",),
    ),
    RoleCase(
        "role-retention-40",
        {"aurora_mysql_backup_retention_period": 40},
        "aurora_mysql_backup_retention_period",
        ("40",),
    ),
    RoleCase(
        "role-password-with-at",
        {"aurora_mysql_master_user_password": "Evid3nce@Qx7Kp9"},
        "aurora_mysql_master_user_password",
    ),
    RoleCase(
        "role-cluster-identifier-double-hyphen",
        {"aurora_mysql_cluster_identifier": "myapp--cluster"},
        "aurora_mysql_cluster_identifier",
        ("myapp--cluster",),
    ),
    RoleCase(
        "role-windows-overlap",
        {"aurora_mysql_preferred_backup_window": "04:00-05:00"},
        "aurora_mysql_preferred_backup_window",
        ("overlaps",),
    ),
    # Refusals only AWS can make (the family's parameters, the versions RDS offers) name the role variable too.
    RoleCase(
        "role-unknown-parameter",
        {"aurora_mysql_cluster_parameters": {"character_set_servr": "utf8mb4"}},
        "aurora_mysql_cluster_parameters",
        ("aurora_mysql_cluster_parameters: character_set_servr: not a parameter", "did you mean character_set_server"),
    ),
    RoleCase(
        "role-wrong-engine-version",
        {"aurora_mysql_engine_version": "8.0.mysql_aurora.3.99.9"},
        "aurora_mysql_engine_version",
        ("3.99.9",),
    ),
    # Several mistakes in several steps: every one at once, each named by its variable.
    RoleCase(
        "role-several-mistakes-at-once",
        {
            "aurora_mysql_backup_retention_period": 40,
            "aurora_mysql_instance_parameters": {"slow_query_logg": "1"},
            "aurora_mysql_instances": [
                {"identifier": "myapp-aurora-writer", "instance_class": "db.r6g.large", "promotion_tier": 16}
            ],
        },
        "aurora_mysql_backup_retention_period",
        ("aurora_mysql_instances[0].promotion_tier: 16", "aurora_mysql_instance_parameters: slow_query_logg"),
    ),
]


@pytest.mark.parametrize("flags", [(), ("--check",)], ids=["real", "check"])
@pytest.mark.parametrize("case", ROLE_CASES, ids=lambda case: case.id)
def test_role_refuses_bad_input(case, flags, sim, guide_vars, playbook):
    extra_vars = {key: value for key, value in guide_vars.items() if key not in case.without}
    extra_vars.update(case.overrides)

    run = playbook(SITE, extra_vars, *flags)

    assert not run.ok, f"the role accepted it:\n{run.describe()}"
    assert_clear_refusal(run.failure_message(), case.option, case.mentions)
    # Printed once: one failed task, which names the role variable (issue 15.11).
    assert len(run.failures()) == 1, [failure["msg"] for failure in run.failures()]
    assert mutating_calls(sim.client.counts()) == {}, run.describe()
