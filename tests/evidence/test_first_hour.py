"""What a user sees in a first hour with the role (issue 15) and the writer after a first build (issue 18.3).

Each test runs the playbooks as a user would and reads what the run printed: the summary, the warnings, the waits.
"""

from __future__ import annotations

from tests.evidence.ansible_run import REPO_ROOT, SITE, TEARDOWN

FAILOVER = REPO_ROOT / "playbooks" / "failover.yml"
WRITER, READER_1, READER_2 = "myapp-aurora-writer", "myapp-aurora-reader-1", "myapp-aurora-reader-2"
ROLLING_HINT = "set aurora_mysql_rolling_apply: true, or run playbooks/rolling_apply.yml"


def summary(run) -> list[str]:
    """The lines of the role's closing summary."""
    found = [r["msg"] for r in run.records if r["task"].startswith("aurora_mysql : Summary of") and r["msg"]]
    assert found, run.describe()
    return found[-1]


def printed(run) -> str:
    return run.stdout + run.stderr


def writer_of(clients, cluster="myapp-aurora-cluster"):
    members = clients["rds"].describe_db_clusters(DBClusterIdentifier=cluster)["DBClusters"][0]["DBClusterMembers"]
    return [m["DBInstanceIdentifier"] for m in members if m["IsClusterWriter"]]


def test_after_a_first_build_the_first_instance_is_the_writer_and_the_wait_reads_as_progress(
    sim, guide_vars, playbook, clients
):
    # AWS-like durations (x0.01): the three instances are created before any is available, so they race for the
    # writer role, and the simulator gives it to the last one created.
    sim.client.set_scale(0.01)
    assert sim.client.writer_race() == "last"

    built = playbook(SITE, guide_vars, label="build")

    assert built.ok, built.describe()
    assert writer_of(clients) == [WRITER]
    moved = [r for r in built.records if r["action"].endswith("aurora_failover") and r["changed"]]
    # The last instance created before any is available won the race: reader-2, or reader-1 when the controller was
    # too slow to start reader-2 within one creation time (4.8 s here). Either way the role failed over once.
    assert [r["result"]["previous_writer"] in (READER_1, READER_2) for r in moved] == [True], moved
    # Issue 15.8: the members wait is rounds that show where each member is, never a failure being retried.
    assert "FAILED - RETRYING" not in printed(built)
    rounds = [r for r in built.records if r["task"].startswith("aurora_mysql : Members, after waiting")]
    assert rounds and all("myapp-aurora-writer: " in r["msg"] for r in rounds), rounds
    assert f"Writer instance: {WRITER}" in summary(built)

    # A failover (a test, or AWS's own) is not drift: later runs observe the writer and never fail back.
    clients["rds"].failover_db_cluster(DBClusterIdentifier="myapp-aurora-cluster", TargetDBInstanceIdentifier=READER_1)
    again = playbook(SITE, guide_vars, label="rerun")
    assert again.ok, again.describe()
    assert again.changed() == []
    assert writer_of(clients) == [READER_1]
    assert f"Writer instance: {READER_1}" in summary(again)


def test_a_deferred_class_change_is_listed_as_queued_with_how_to_apply_it_now(guide_vars, playbook):
    assert playbook(SITE, guide_vars, label="build").ok
    bigger = [
        {"identifier": WRITER, "instance_class": "db.r6g.xlarge"},
        {"identifier": READER_1, "instance_class": "db.r6g.xlarge", "promotion_tier": 0},
        {"identifier": READER_2, "instance_class": "db.r6g.xlarge", "promotion_tier": 1},
    ]
    changed = dict(guide_vars, aurora_mysql_instances=bigger)

    for flags in (("--check",), ()):
        run = playbook(SITE, changed, *flags, label="queue" + "".join(flags))
        assert run.ok, run.describe()
        queued = [line for line in summary(run) if line.startswith("Queued")]
        assert len(queued) == 1, summary(run)
        assert queued[0].startswith("Queued until the maintenance window (")
        assert f"instance {READER_2} instance_class -> db.r6g.xlarge. To apply it now: {ROLLING_HINT}" in queued[0]


def test_the_pending_reboot_warning_points_to_what_works_and_is_not_printed_by_a_rolling_apply(guide_vars, playbook):
    assert playbook(SITE, guide_vars, label="build").ok
    static = dict(
        guide_vars,
        aurora_mysql_instance_parameters={
            "slow_query_log": "1",
            "long_query_time": "1",
            "log_output": "FILE",
            "performance_schema": "1",
        },
    )

    check = playbook(SITE, static, "--check", label="check")
    assert check.ok, check.describe()
    expected = f"{WRITER}, {READER_1}, {READER_2}"
    assert any(line.startswith(f"This run would leave {expected} waiting for a reboot") for line in summary(check))

    real = playbook(SITE, static, label="static")
    assert real.ok, real.describe()
    waiting = [line for line in summary(real) if line.startswith("Waiting for a reboot")]
    assert waiting and waiting[0].startswith(f"Waiting for a reboot: {expected} (") and ROLLING_HINT in waiting[0]
    assert "reboot_if_pending" not in printed(real)

    rolled = playbook(SITE, dict(static, aurora_mysql_rolling_apply=True), label="rolling")
    assert rolled.ok, rolled.describe()
    assert [r["changed"] for r in rolled.records if r["action"].endswith("aurora_rolling_reboot")] == [True]
    assert not any("reboot" in line for line in summary(rolled)), summary(rolled)
    assert "reboot_if_pending" not in printed(rolled)


def test_alarms_without_actions_are_warned_about(guide_vars, playbook):
    silent = playbook(SITE, dict(guide_vars, aurora_mysql_alarm_actions=[]), "--check", label="silent")
    assert silent.ok, silent.describe()
    assert "aurora_mysql_alarm_actions is empty: alarm(s) aurora-myapp-deadlocks, aurora-myapp-replica-lag notify" in (
        " ".join(printed(silent).split())
    )
    notified = playbook(SITE, guide_vars, "--check", label="notified")
    assert "notify no one" not in printed(notified)


def test_a_wrong_name_is_said_for_teardown_and_fails_the_failover(guide_vars, playbook):
    assert playbook(SITE, guide_vars, label="build").ok
    wrong = dict(guide_vars, aurora_mysql_name="mypp", aurora_mysql_allow_destroy=True)

    teardown = playbook(TEARDOWN, wrong, label="teardown")
    assert teardown.ok, teardown.describe()
    messages = [str(r["msg"]) for r in teardown.records if r["msg"]]
    assert (
        "No cluster named mypp-aurora-cluster in region us-east-1. Aurora MySQL clusters there: myapp-aurora-cluster."
    ) in messages
    assert "Nothing of mypp-aurora-cluster was there to delete (region us-east-1)." in messages
    assert teardown.changed() == []

    failover = playbook(FAILOVER, wrong, label="failover")
    assert not failover.ok
    assert failover.failure_message() == (
        "No cluster named mypp-aurora-cluster in region us-east-1. Aurora MySQL clusters there: "
        "myapp-aurora-cluster. Set aurora_mysql_name (or aurora_mysql_cluster_identifier) to one of them."
    )
