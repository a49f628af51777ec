import pytest

from ansible_collections.aurora.mysql.plugins.module_utils import subnet_group
from ansible_collections.aurora.mysql.plugins.module_utils.errors import ValidationError

GUIDE_SUBNETS = ["subnet-abc123", "subnet-def456", "subnet-ghi789"]


def _params(**overrides):
    params = dict(
        name="myapp-aurora-subnets",
        description="Subnets for Aurora MySQL cluster",
        subnet_ids=list(GUIDE_SUBNETS),
        tags=None,
        purge_tags=True,
        state="present",
    )
    params.update(overrides)
    return params


def _desired(**overrides):
    return subnet_group.desired_from_params(_params(**overrides))


def _raw(subnets=None, description="Subnets for Aurora MySQL cluster"):
    zones = {"subnet-abc123": "us-east-1a", "subnet-def456": "us-east-1b", "subnet-ghi789": "us-east-1c"}
    return dict(
        DBSubnetGroupName="myapp-aurora-subnets",
        DBSubnetGroupDescription=description,
        VpcId="vpc-1",
        SubnetGroupStatus="Complete",
        DBSubnetGroupArn="arn:aws:rds:us-east-1:123456789012:subgrp:myapp-aurora-subnets",
        Subnets=[
            dict(SubnetIdentifier=subnet, SubnetAvailabilityZone={"Name": zones.get(subnet, "us-east-1a")})
            for subnet in (subnets or GUIDE_SUBNETS)
        ],
    )


def _current(subnets=None, tags=None, description="Subnets for Aurora MySQL cluster"):
    return subnet_group.normalise(_raw(subnets, description), tags)


def test_normalise_sorts_subnets_and_zones():
    raw = _raw(["subnet-ghi789", "subnet-abc123", "subnet-def456"])
    assert subnet_group.normalise(raw, {"env": "prod"}) == dict(
        name="myapp-aurora-subnets",
        description="Subnets for Aurora MySQL cluster",
        vpc_id="vpc-1",
        subnet_ids=GUIDE_SUBNETS,
        availability_zones=["us-east-1a", "us-east-1b", "us-east-1c"],
        arn="arn:aws:rds:us-east-1:123456789012:subgrp:myapp-aurora-subnets",
        status="Complete",
        tags={"env": "prod"},
    )


def test_desired_lower_cases_the_name_and_dedupes_subnets():
    desired = _desired(name="MyApp_Aurora.Subnets 1", subnet_ids=["subnet-b", "subnet-a", "subnet-b"])
    assert desired["name"] == "myapp_aurora.subnets 1"
    assert desired["subnet_ids"] == ["subnet-a", "subnet-b"]


@pytest.mark.parametrize(
    ("overrides", "option", "words"),
    [
        ({"name": "default"}, "name", "reserved"),
        ({"name": "bad/name"}, "name", "letters, digits"),
        ({"description": " "}, "description", "blank"),
        ({"subnet_ids": ["subnet-a", "subnet-a"]}, "subnet_ids", "at least 2 Availability Zones; 1 subnet"),
        ({"subnet_ids": []}, "subnet_ids", "at least 2 Availability Zones; 0 subnet"),
        ({"tags": {"aws:owner": "me"}}, "tags", "reserved"),
    ],
)
def test_desired_refuses_bad_options(overrides, option, words):
    with pytest.raises(ValidationError, match=words) as err:
        _desired(**overrides)
    assert err.value.option == option


def test_a_single_subnet_is_fine_when_deleting():
    assert _desired(subnet_ids=["subnet-a"], state="absent")["state"] == "absent"


def _described(zones, vpcs=None):
    return [
        dict(SubnetId=subnet, AvailabilityZone=zone, VpcId=(vpcs or {}).get(subnet, "vpc-1"))
        for subnet, zone in zones.items()
    ]


def test_subnet_facts_need_two_zones_one_vpc_and_every_subnet():
    facts = subnet_group.subnet_facts(
        GUIDE_SUBNETS, _described(dict(zip(GUIDE_SUBNETS, ["us-east-1b", "us-east-1a", "us-east-1b"], strict=True)))
    )
    assert facts == dict(vpc_id="vpc-1", availability_zones=["us-east-1a", "us-east-1b"])
    with pytest.raises(ValidationError, match=r"cover 1 Availability Zone \(us-east-1a\); Aurora needs at least 2"):
        subnet_group.subnet_facts(GUIDE_SUBNETS, _described(dict.fromkeys(GUIDE_SUBNETS, "us-east-1a")))
    with pytest.raises(ValidationError, match=r"several VPCs \(vpc-1, vpc-2\)"):
        subnet_group.subnet_facts(
            GUIDE_SUBNETS,
            _described(
                dict(zip(GUIDE_SUBNETS, ["us-east-1a", "us-east-1b", "us-east-1c"], strict=True)),
                {"subnet-ghi789": "vpc-2"},
            ),
        )
    with pytest.raises(ValidationError, match="no such subnet: subnet-ghi789"):
        subnet_group.subnet_facts(GUIDE_SUBNETS, _described({"subnet-abc123": "a", "subnet-def456": "b"}))


def test_subnet_facts_are_needed_only_for_new_subnets():
    current = _current()
    assert subnet_group.needs_subnet_facts(None, _desired())
    assert not subnet_group.needs_subnet_facts(current, _desired(subnet_ids=list(reversed(GUIDE_SUBNETS))))
    assert subnet_group.needs_subnet_facts(current, _desired(subnet_ids=GUIDE_SUBNETS[:2]))
    assert not subnet_group.needs_subnet_facts(current, _desired(subnet_ids=None))
    assert not subnet_group.needs_subnet_facts(None, _desired(state="absent"))


def test_create_then_nothing_to_do_whatever_the_subnet_order():
    desired = _desired(tags={"env": "prod"})
    plan = subnet_group.plan(None, desired)
    assert plan == {
        "create": dict(description="Subnets for Aurora MySQL cluster", subnet_ids=GUIDE_SUBNETS),
        "tags": ({"env": "prod"}, []),
    }
    current = _current(tags={"env": "prod"})
    assert subnet_group.plan(current, _desired(subnet_ids=list(reversed(GUIDE_SUBNETS)), tags={"env": "prod"})) == {}


@pytest.mark.parametrize("missing", ["description", "subnet_ids"])
def test_create_needs_description_and_subnets(missing):
    with pytest.raises(ValidationError, match="is required to create") as err:
        subnet_group.plan(None, _desired(**{missing: None}))
    assert err.value.option == missing


def test_modify_only_what_differs():
    current = _current()
    assert subnet_group.plan(current, _desired(description=None, subnet_ids=None)) == {}
    assert subnet_group.plan(current, _desired(description="New words")) == {"modify": {"description": "New words"}}
    assert subnet_group.plan(current, _desired(subnet_ids=GUIDE_SUBNETS[:2])) == {
        "modify": {"subnet_ids": GUIDE_SUBNETS[:2]}
    }


def test_after_predicts_the_group_from_the_plan_and_facts():
    facts = dict(vpc_id="vpc-1", availability_zones=["us-east-1a", "us-east-1b"])
    desired = _desired(subnet_ids=GUIDE_SUBNETS[:2], tags={"env": "prod"})
    created = subnet_group.after(None, desired, subnet_group.plan(None, desired), facts)
    assert created == dict(
        name="myapp-aurora-subnets",
        description="Subnets for Aurora MySQL cluster",
        vpc_id="vpc-1",
        subnet_ids=GUIDE_SUBNETS[:2],
        availability_zones=["us-east-1a", "us-east-1b"],
        arn=None,
        status=None,
        tags={"env": "prod"},
    )
    current = _current(tags={"old": "x"})
    modified = subnet_group.after(current, desired, subnet_group.plan(current, desired), facts)
    assert modified == dict(
        current, subnet_ids=GUIDE_SUBNETS[:2], availability_zones=facts["availability_zones"], tags={"env": "prod"}
    )
    assert subnet_group.after(current, _desired(state="absent"), {"delete": True}, None) is None


def test_absent_deletes_only_what_exists():
    assert subnet_group.plan(_current(), _desired(state="absent")) == {"delete": True}
    assert subnet_group.plan(None, _desired(state="absent")) == {}


def test_in_use_error_names_clusters_and_instances():
    err = subnet_group.in_use_error("myapp-aurora-subnets", ["myapp-aurora-cluster"], ["myapp-aurora-writer"])
    assert err.option == "state"
    assert "in use by cluster myapp-aurora-cluster, instance myapp-aurora-writer" in str(err)
