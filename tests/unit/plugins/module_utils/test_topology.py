"""topology.py, pure: steps checked by their modules' own specs and models, refusals named by the caller's
variables, and what the plans add up to (pending reboots, queued changes, the summary)."""

from __future__ import annotations

from ansible_collections.aurora.mysql.plugins.module_utils import spec_check, topology
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError
from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan
from tests.unit.builders import NOW, PASSWORD, cluster_params, instance_params

VARIABLES = {
    "cluster": {"port": "aurora_mysql_port", "tags": "aurora_mysql_tags"},
    "instance w": {"promotion_tier": "aurora_mysql_instances[0].promotion_tier"},
}


def params(**overrides):
    cluster = {key: value for key, value in cluster_params().items() if value is not None}
    cluster.pop("master_user_password", None)
    base = dict(
        subnet_group=None,
        cluster_parameter_group=None,
        instance_parameter_group=None,
        cluster=cluster,
        instances=[],
        alarms=[],
        variables=VARIABLES,
        secrets={"cluster": {"master_user_password": PASSWORD}},
    )
    base.update(overrides)
    return base


def test_a_refusal_is_named_by_the_variable_else_by_the_step_and_option():
    assert topology.named("cluster", "port", "80 is out of range", VARIABLES) == "aurora_mysql_port: 80 is out of range"
    assert topology.named("cluster", "tags.owner", "bad", VARIABLES) == "aurora_mysql_tags.owner: bad"
    assert topology.named("cluster", "engine", "nope", VARIABLES) == "cluster: engine: nope"
    assert topology.named("cluster", "", "gone", VARIABLES) == "cluster: gone"


def test_the_reason_is_the_message_without_its_option():
    assert topology.reason_of(ValidationError("port", "80 is out of range")) == "80 is out of range"
    assert topology.reason_of(ValidationError("", "plain")) == "plain"


def test_every_mistake_of_one_step_shows_at_once():
    cluster = dict(params()["cluster"], port=80, backup_retention_period=40)
    steps, messages = topology.steps_of(params(cluster=cluster), NOW)
    assert steps == []
    assert messages == [
        "aurora_mysql_port: 80 is out of range; it must be between 1150 and 65535",
        "cluster: backup_retention_period: 40 is out of range; it must be between 1 and 35",
    ]


def test_spec_problems_are_short_and_name_the_option():
    instance = {key: value for key, value in instance_params(identifier="w").items() if value is not None}
    instance.update(promotion_tier="high", colour="blue")
    steps, messages = topology.steps_of(params(instances=[instance]), NOW)
    assert [step.name for step in steps] == ["cluster"]
    assert messages == [
        "instance w: colour: not an option of this module",
        "aurora_mysql_instances[0].promotion_tier: 'high' is not an integer",
    ]


def test_a_secret_inside_a_step_is_refused_and_secrets_are_merged():
    exposed = dict(params()["cluster"], master_user_password=PASSWORD)
    _steps, messages = topology.steps_of(params(cluster=exposed), NOW)
    assert messages == ["cluster: master_user_password: pass secret options in secrets, never in the step"]
    (step,), messages = topology.steps_of(params(), NOW)
    assert messages == [] and step.desired.password == PASSWORD


def test_a_step_listed_twice_is_refused_once():
    instance = {key: value for key, value in instance_params(identifier="w").items() if value is not None}
    _steps, messages = topology.steps_of(params(instances=[instance, instance]), NOW)
    assert messages == ["instance w: listed twice"]


def test_args_problems_word_each_option_and_keep_the_rest():
    spec = {"port": {"type": "int"}, "name": {"type": "str", "required": True}, "mode": {"choices": ["a", "b"]}}
    values, found = spec_check.args_problems({"port": "x", "mode": "c"}, spec)
    assert found == [
        ("mode", "'c' is not a string, one of a, b"),
        ("port", "'x' is not an integer"),
        ("name", "is required"),
    ]
    assert values == {"port": None, "name": None, "mode": None}


def member(identifier, group="g", status="in-sync", cluster_status="in-sync"):
    return {
        "instance_identifier": identifier,
        "db_parameter_group_name": group,
        "parameter_apply_status": status,
        "cluster_parameter_apply_status": cluster_status,
        "pending_modified_values": {},
    }


def group_plan(apply_method):
    return Plan(action="modify", changes={"p": {"before": "1", "after": "2", "apply_method": apply_method}})


def test_pending_reboot_counts_members_waiting_now_and_this_runs_static_changes():
    members = [member("a"), member("b", status="pending-reboot"), member("c", group="other")]
    assert topology.pending_reboot(members, {}, {"instance": ("g", group_plan("immediate"))}, "cg") == [
        {"instance": "b", "reasons": ["parameter group g is pending-reboot"]}
    ]
    found = topology.pending_reboot(members, {}, {"instance": ("g", group_plan("pending-reboot"))}, "cg")
    assert [entry["instance"] for entry in found] == ["a", "b"]
    found = topology.pending_reboot(members, {}, {"cluster": ("cg", group_plan("pending-reboot"))}, "cg")
    cluster_reason = "cluster parameter group is pending-reboot"
    assert [entry["reasons"] for entry in found] == [
        [cluster_reason],
        ["parameter group g is pending-reboot", cluster_reason],
        [cluster_reason],
    ]
    moved = {"c": {"parameter_apply_status": "pending-reboot", "db_parameter_group_name": "g2"}}
    assert [e["instance"] for e in topology.pending_reboot([member("c")], moved, {}, "cg")] == ["c"]


def test_queued_leaves_out_a_password_being_set_and_empty_values():
    pending = {"instance_class": "db.r6g.xlarge", "master_user_password": "****", "pending_cloudwatch_logs_exports": {}}
    assert topology.queued("instance a", pending, "sun:04:00-sun:05:00", "how") == [
        {
            "resource": "instance a",
            "change": "instance_class",
            "value": "db.r6g.xlarge",
            "until": "sun:04:00-sun:05:00",
            "apply_now": "how",
        }
    ]


def test_the_summary_says_what_each_changing_step_does():
    steps = {
        "cluster": topology.step_result("c", Plan(action="modify", changes={"port": 3307}, tags=TagPlan({"a": "1"}))),
        "instance w": topology.step_result("w", Plan.create({}, {}, None)),
        "alarm x": topology.step_result("x", Plan()),
    }
    needs = {"writer_placement": "w"}
    lines = topology.summary_lines(steps, ["cluster", "instance w"], needs, [{"instance": "w"}])
    assert lines == [
        "cluster: modify port; tags +a",
        "instance w: create",
        "1 other steps unchanged",
        "then make w the writer, if AWS makes another instance the writer",
        "waiting for a reboot after this run: w",
    ]
    assert topology.summary_lines({"alarm x": steps["alarm x"]}, [], {"writer_placement": None}, []) == [
        "nothing to change (1 steps checked)"
    ]


def test_alarms_that_notify_no_one_are_warned_about_once_per_variable():
    variables = {"alarm a": {"alarm_actions": "aurora_mysql_alarm_actions"}, "alarm b": {}}
    assert topology.silent_alarm_warnings(["alarm a", "alarm b"], variables) == [
        "aurora_mysql_alarm_actions is empty: alarm(s) a notify no one when they fire",
        "no alarm_actions: alarm(s) b notify no one when they fire",
    ]
