"""The error boundary's helpers that need no AWS."""

from types import SimpleNamespace

from ansible_collections.aurora.mysql.plugins.module_utils.module import assumed_deleted


def test_only_a_check_run_takes_the_resources_of_assume_deleted_as_gone():
    desired = SimpleNamespace(assume_deleted=("myapp-aurora-writer",))
    assert assumed_deleted(SimpleNamespace(check_mode=True), desired) == ("myapp-aurora-writer",)
    # A real run reads what the earlier tasks left: gone, or still deleting and so still in the way.
    assert assumed_deleted(SimpleNamespace(check_mode=False), desired) == ()
