"""Each survey under awx/surveys/ asks only for variables its playbook uses, with answers they accept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.integration_role.awx_launch import readme_templates

REPO_ROOT = Path(__file__).resolve().parents[2]

TEMPLATES = readme_templates()
OPTIONS = yaml.safe_load((REPO_ROOT / "roles" / "aurora_mysql" / "meta" / "argument_specs.yml").read_text())[
    "argument_specs"
]["main"]["options"]
# Survey answers are strings except integer/float; the role splits comma-separated text into lists and passes
# "true"/"false" through `bool`, so those spec types accept them.
ACCEPTED_TYPES = {
    "text": {"str", "list"},
    "textarea": {"str", "list"},
    "password": {"str"},
    "integer": {"int"},
    "float": {"float"},
    "multiplechoice": {"str", "bool"},
    "multiselect": {"list"},
}
BOOL_CHOICES = {"true", "false"}
QUESTIONS = [(template, question) for template in TEMPLATES.values() for question in template.survey["spec"]]


def _variables(template_name: str) -> list[str]:
    return [question["variable"] for question in TEMPLATES[template_name].survey["spec"]]


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_survey_has_a_name_and_description_and_asks_each_variable_once(template):
    # AWX refuses a survey spec without a name or a description.
    assert template.survey["name"] and template.survey["description"]
    variables = _variables(template.name)
    assert len(variables) == len(set(variables))


@pytest.mark.parametrize(("template", "question"), QUESTIONS, ids=[f"{t.name}:{q['variable']}" for t, q in QUESTIONS])
def test_survey_question_matches_the_variable_it_sets(template, question):
    option = OPTIONS.get(question["variable"])
    if option is None:
        # Not a role variable: then the template's playbook itself must read it, as text.
        playbook = (REPO_ROOT / template.playbook).read_text()
        assert question["variable"] in playbook, f"{question['variable']} is not used by {template.playbook}"
        assert question["type"] == "text"
        return
    assert option["type"] in ACCEPTED_TYPES[question["type"]]
    if question["type"] == "password":
        assert option.get("no_log") is True
    if question["type"] == "multiplechoice":
        choices = set(question["choices"])
        assert question["default"] in choices
        if option["type"] == "bool":
            assert choices == BOOL_CHOICES
        else:
            assert choices <= set(option["choices"])
    # Where the spec has a plain default, the survey offers the same one, so a user who accepts every default
    # gets the guide.
    spec_default = option.get("default")
    if question.get("default") not in ("", None) and spec_default is not None and "{{" not in str(spec_default):
        assert str(question["default"]).lower() == str(spec_default).lower()
    if question["type"] == "integer":
        assert question["min"] <= question["default"] <= question["max"]


def test_build_survey_asks_what_a_new_cluster_needs_and_nothing_that_deletes():
    needed = {
        "aurora_mysql_name",
        "aurora_mysql_region",
        "aurora_mysql_subnet_ids",
        "aurora_mysql_master_user_password",
        "aurora_mysql_manage_master_user_password",
        "aurora_mysql_monitoring_role_arn",
    }
    variables = set(_variables("Aurora MySQL"))
    assert needed <= variables
    assert not variables & {"aurora_mysql_state", "aurora_mysql_allow_destroy", "aurora_mysql_skip_final_snapshot"}


def test_teardown_survey_asks_for_the_name_and_a_confirmation_that_defaults_to_no():
    spec = {question["variable"]: question for question in TEMPLATES["Aurora MySQL teardown"].survey["spec"]}
    assert set(spec) == {
        "aurora_mysql_name",
        "aurora_mysql_region",
        "aurora_mysql_allow_destroy",
        "aurora_mysql_skip_final_snapshot",
    }
    # No usable default: the name is typed, so a teardown never falls back to the role's default `myapp`.
    assert spec["aurora_mysql_name"]["required"] and spec["aurora_mysql_name"]["min"] >= 1
    assert spec["aurora_mysql_allow_destroy"]["default"] == "false"
