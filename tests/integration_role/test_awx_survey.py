"""awx/survey.json asks only for variables the role declares, with answers its argument_specs accept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]

SURVEY = json.loads((REPO_ROOT / "awx" / "survey.json").read_text())["spec"]
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


def _ids():
    return [question["variable"] for question in SURVEY]


def test_survey_asks_each_variable_once():
    assert len(_ids()) == len(set(_ids()))


@pytest.mark.parametrize("question", SURVEY, ids=_ids())
def test_survey_question_matches_argument_specs(question):
    option = OPTIONS.get(question["variable"])
    assert option is not None, f"{question['variable']} is not in roles/aurora_mysql/meta/argument_specs.yml"
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


def test_survey_covers_what_a_new_cluster_needs():
    # The inputs with no usable default: where the cluster goes, and how it is reached and watched.
    needed = {
        "aurora_mysql_name",
        "aurora_mysql_region",
        "aurora_mysql_subnet_ids",
        "aurora_mysql_master_user_password",
        "aurora_mysql_manage_master_user_password",
        "aurora_mysql_monitoring_role_arn",
        "aurora_mysql_state",
        "aurora_mysql_allow_destroy",
    }
    assert needed <= set(_ids())
