"""What AWX does with the job templates awx/README.md sets up, for tests that have no AWX server.

- `readme_templates()` reads the templates from awx/README.md itself: the awx CLI loop's `name|playbook|survey`
  lines, checked against the awx.awx loop, and the inventory host's variables from its `awx hosts create` line.
- `launch_extra_vars()` turns survey answers into the extra variables of the job, by AWX's rules
  (awx/main/models/mixins.py, SurveyJobTemplateMixin: `_survey_element_validation`, `_accept_or_ignore_variables`,
  `_update_unified_job_kwargs`): the launch form starts from each question's default, every question's answer is
  checked against its type, length or range and choices, a variable the survey does not ask for is refused unless
  the template prompts for variables, and the job's extra variables are the template's own variables, then the
  survey defaults that pass those checks, then the answers.
- `run_job()` runs the template's playbook with ansible-runner over a private data dir laid out as AWX lays it out.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import ansible_runner
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
AWX_README = REPO_ROOT / "awx" / "README.md"


class LaunchRefused(Exception):
    """AWX would refuse the launch: the errors it would show."""


@dataclass(frozen=True)
class JobTemplate:
    name: str
    playbook: str
    survey_file: str
    # The template's own Variables field, which an admin may fill in.
    extra_vars: dict = field(default_factory=dict)
    ask_variables_on_launch: bool = False

    @property
    def survey(self) -> dict:
        return json.loads((REPO_ROOT / self.survey_file).read_text())

    def with_extra_vars(self, **extra_vars) -> JobTemplate:
        return JobTemplate(self.name, self.playbook, self.survey_file, extra_vars, self.ask_variables_on_launch)


def _code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def readme_templates() -> dict[str, JobTemplate]:
    """The job templates of the awx CLI loop in awx/README.md, by name."""
    (cli,) = [block for block in _code_blocks(AWX_README.read_text(), "bash") if "awx job_templates create" in block]
    table = cli.split("<<'EOF'\n", 1)[1].split("\nEOF", 1)[0]
    templates = {}
    for line in table.splitlines():
        name, playbook, survey = line.split("|")
        templates[name] = JobTemplate(name=name, playbook=playbook, survey_file=survey)
    return templates


def readme_awx_awx_templates() -> dict[str, JobTemplate]:
    """The job templates of the awx.awx playbook in awx/README.md, by name."""
    (block,) = [block for block in _code_blocks(AWX_README.read_text(), "yaml") if "awx.awx.job_template" in block]
    (play,) = yaml.safe_load(block)
    (task,) = [task for task in play["tasks"] if "awx.awx.job_template" in task]
    return {
        item["name"]: JobTemplate(name=item["name"], playbook=item["playbook"], survey_file=item["survey"])
        for item in task["loop"]
    }


def readme_inventory_host_vars() -> dict:
    """The variables awx/README.md gives the inventory's localhost (`awx hosts create ... --variables '...'`)."""
    for block in _code_blocks(AWX_README.read_text(), "bash"):
        command = block.replace("\\\n", " ")
        for line in command.splitlines():
            if line.strip().startswith("awx hosts create"):
                argv = shlex.split(line)
                return json.loads(argv[argv.index("--variables") + 1])
    raise AssertionError("awx/README.md has no `awx hosts create` command")


def _question_errors(question: dict, answers: dict) -> list[str]:
    variable, kind = question["variable"], question["type"]
    if variable not in answers:
        return [f"'{variable}' value missing"] if question.get("required") else []
    value = answers[variable]
    low, high = question.get("min"), question.get("max")
    if kind in ("text", "textarea", "password"):
        if not isinstance(value, str):
            return [f"Value {value} for '{variable}' expected to be a string."]
        if low not in ("", None) and len(value) < int(low):
            return [f"'{variable}' value {value} is too small (length is {len(value)} must be at least {low})."]
        if high not in ("", None) and len(value) > int(high):
            return [f"'{variable}' value {value} is too large (must be no more than {high})."]
    elif kind in ("integer", "float"):
        numeric = (int,) if kind == "integer" else (int, float)
        if isinstance(value, bool) or not isinstance(value, numeric):
            return [f"Value {value} for '{variable}' expected to be a number of type {kind}."]
        if low not in ("", None) and value < float(low):
            return [f"'{variable}' value {value} is too small (must be at least {low})."]
        if high not in ("", None) and value > float(high):
            return [f"'{variable}' value {value} is too large (must be no more than {high})."]
    elif kind == "multiplechoice":
        if value not in question["choices"]:
            return [f"Value {value} for '{variable}' expected to be one of {question['choices']}."]
    else:
        # multiselect and anything newer: no survey here uses them, so they are not modelled.
        raise AssertionError(f"survey question type {kind!r} ({variable}) is not modelled")
    return []


def launch_extra_vars(template: JobTemplate, answers: dict | None = None) -> dict:
    """The extra variables of a job launched from `template` with these survey answers; LaunchRefused otherwise."""
    spec = template.survey["spec"]
    # The launch form shows each default; what the user leaves alone is sent as shown.
    sent = {question["variable"]: question["default"] for question in spec if question.get("default") is not None}
    sent.update(answers or {})

    errors = [error for question in spec for error in _question_errors(question, sent)]
    asked = {question["variable"] for question in spec}
    unasked = sorted(set(sent) - asked)
    if unasked and not template.ask_variables_on_launch:
        errors.append(f"Variables {', '.join(unasked)} are not allowed on launch.")
    if errors:
        raise LaunchRefused(errors)

    extra_vars = dict(template.extra_vars)
    for question in spec:
        default = question.get("default")
        if default is not None and not _question_errors(question, {question["variable"]: default}):
            extra_vars[question["variable"]] = default
    extra_vars.update(sent)
    return extra_vars


@dataclass
class Job:
    status: str
    rc: int
    events: list[dict]
    stdout: str

    @property
    def stats(self) -> dict:
        return next(event for event in self.events if event["event"] == "playbook_on_stats")["event_data"]

    @property
    def changed(self) -> int:
        return self.stats["changed"].get("localhost", 0)

    def task_results(self, task_prefix: str, event: str = "runner_on_ok") -> list[dict]:
        return [
            item["event_data"]
            for item in self.events
            if item["event"] == event and item["event_data"].get("task", "").startswith(task_prefix)
        ]

    @property
    def started_tasks(self) -> list[str]:
        return [item["event_data"]["task"] for item in self.events if item["event"] == "playbook_on_task_start"]

    @property
    def failure_messages(self) -> list[str]:
        return [
            str(item["event_data"]["res"].get("msg", ""))
            for item in self.events
            if item["event"] == "runner_on_failed" and not item["event_data"].get("ignore_errors")
        ]

    def describe(self) -> str:
        return f"status={self.status} rc={self.rc}\n{self.stdout}"


def run_job(
    template: JobTemplate,
    extra_vars: dict,
    *,
    project_dir: Path,
    private_data_dir: Path,
    host_vars: dict,
    envvars: dict,
) -> Job:
    """One job of `template`: a fresh private data dir (inventory, extra vars, credential env) over the project."""
    (private_data_dir / "inventory").mkdir(parents=True)
    inventory = {"all": {"hosts": {"localhost": host_vars}}}
    (private_data_dir / "inventory" / "hosts.yml").write_text(yaml.safe_dump(inventory))
    (private_data_dir / "env").mkdir()
    (private_data_dir / "env" / "extravars").write_text(json.dumps(extra_vars))
    (private_data_dir / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    runner = ansible_runner.run(
        private_data_dir=str(private_data_dir),
        project_dir=str(project_dir),
        playbook=template.playbook,
        quiet=True,
    )
    return Job(status=runner.status, rc=runner.rc, events=list(runner.events), stdout=runner.stdout.read())
