"""The plan types every resource shares."""

from ansible_collections.aurora.mysql.plugins.module_utils.plan import Plan, TagPlan


def test_unmanaged_tags_plan_nothing():
    assert TagPlan.between({"a": "1"}, None, purge=True) == TagPlan()
    assert not TagPlan()


def test_tags_set_changed_values_and_purge_only_when_asked():
    current = {"keep": "1", "change": "old", "extra": "x"}
    desired = {"keep": "1", "change": "new", "add": "y"}
    purged = TagPlan.between(current, desired, purge=True)
    assert purged == TagPlan({"add": "y", "change": "new"}, ("extra",))
    assert TagPlan.between(current, desired, purge=False) == TagPlan({"add": "y", "change": "new"})
    assert purged.after(current) == {"keep": "1", "change": "new", "add": "y"}
    assert purged.as_dict() == {"set": {"add": "y", "change": "new"}, "remove": ["extra"]}
    assert TagPlan.between(None, {"a": "1"}, purge=True).after(None) == {"a": "1"}


def test_a_plan_changes_when_it_acts_or_tags():
    assert not Plan()
    assert not Plan(wait="cluster_available")  # waiting is no change
    assert Plan(action="modify").changed
    assert Plan(tags=TagPlan({"a": "1"})).changed


def test_summary_is_stable_snake_case_without_the_request():
    plan = Plan(
        action="modify",
        changes={"backup_retention_period": 14},
        tags=TagPlan({"env": "prod"}, ("old",)),
        wait="cluster_applied",
        request={"DBClusterIdentifier": "c", "BackupRetentionPeriod": 14},
        details={"send_password": False},
    )
    assert plan.summary() == {
        "action": "modify",
        "changes": {"backup_retention_period": 14},
        "tags": {"set": {"env": "prod"}, "remove": ["old"]},
        "wait": "cluster_applied",
    }
    assert Plan().summary() == {"action": "", "changes": {}, "tags": {"set": {}, "remove": []}, "wait": None}
