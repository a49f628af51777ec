#!/usr/bin/env python3
"""Regenerate the simulator's Aurora MySQL catalogues (tests/simulator/catalog/*.json) from AWS's documentation.

A dev tool, not run by tests or CI. It reads two local copies given on the command line and never the network:

    --guide DIR     a crawl of the Aurora User Guide: DIR/doc_source/*.md, e.g.
                      mkdir -p /tmp/guide && git -C /work/.mirror/awsdocs+amazon-aurora-user-guide/repo \
                          archive 7a931b4 doc_source | tar -x -C /tmp/guide
    --mysql-kb DIR  the MySQL Reference Manual's system-variable tables as JSON: DIR/data/variables/mysql-*.json
                    from github.com/williamdes/mariadb-mysql-kbs (971d8aa), e.g.
                      for f in $(git -C <mirror> ls-tree --name-only HEAD data/variables/ | grep /mysql-); do
                          mkdir -p /tmp/kb/data/variables; git -C <mirror> show HEAD:$f > /tmp/kb/$f; done

and writes, next to the loaders in tests/simulator/catalog/:

    aurora-mysql8.0_cluster.json, aurora-mysql8.0_instance.json   version 3 engine defaults
    aurora-mysql5.7_cluster.json, aurora-mysql5.7_instance.json   version 2 engine defaults
    aurora_mysql_instance_classes.json                            instance-class support per version
    aurora_mysql_parameter_changes.json                           version 2 parameters version 3 removed or renamed
    aurora_mysql_upgrade_targets.json                             ValidUpgradeTarget per catalogued version

Which parameters exist, at which level and for which version, and whether they are modifiable, comes from the
cluster-level and instance-level tables of AuroraMySQL.Reference.ParameterGroups.md (plus the few other guide pages
listed in EXTRA_LEVELS). The guide rarely says static or dynamic, the data type or the allowed values, so each of
those facts is taken from the first of these that has it, and the row records which one in `<Fact>_source`:

1. the Aurora User Guide itself (a sentence, a CLI example sent with ApplyMethod=immediate, or describe output it
   prints; each quote is checked against the crawl, so a changed guide fails loudly) or AWS's own published examples;
2. real RDS output published in a public repository (PUBLIC_OUTPUT, each naming its repository and file);
3. the value the hand-written catalogue had before it was sourced (commit EARLIER_COMMIT): kept, citing the MySQL
   Reference Manual where the manual agrees, otherwise marked "unsourced" (with what the manual says, if anything);
   version 2 had no such catalogue, so the version 3 row of the same name and level stands in (never its default);
4. for parameters that catalogue did not have, the MySQL Reference Manual (type, range, valid values, dynamic).

Simulator behaviour where AWS documents nothing (said in each row):
- ApplyType of a parameter the hand-written catalogue did not have: static unless 1 or 2 says dynamic. Static is the
  safe side: RDS accepts ApplyMethod=pending-reboot for every parameter, so the simulator then refuses only what RDS
  might refuse too, and the collection reads ParameterApplyStatus rather than assuming.
- DataType/AllowedValues: the MySQL manual's type and range (none for parameters nobody can modify); with neither, a
  string with no AllowedValues (no value check is invented).
- Defaults: Source "engine-default" without a ParameterValue, which the guide documents as "see the MySQL
  documentation for the actual default value".

Run it again after updating either copy; rerunning on the same inputs rewrites the same files.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

CATALOG = Path(__file__).resolve().parent.parent / "tests" / "simulator" / "catalog"
GUIDE = "Aurora User Guide"
REFERENCE = "AuroraMySQL.Reference.ParameterGroups.md"
KB = "williamdes/mariadb-mysql-kbs@971d8aa"
FAMILIES = {2: "aurora-mysql5.7", 3: "aurora-mysql8.0"}
SCOPES = ("cluster", "instance")
VERSION_PREFIX = {2: "5.7.mysql_aurora.", 3: "8.0.mysql_aurora."}
# Keys RDS's Parameter shape has; everything else in a row is bookkeeping the loader strips.
RDS_KEYS = (
    "ParameterName",
    "ParameterValue",
    "Description",
    "Source",
    "ApplyType",
    "DataType",
    "AllowedValues",
    "IsModifiable",
    "MinimumEngineVersion",
)


# --- the guide's reference tables ---------------------------------------------------------------------------------


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def reference_tables(guide: Path) -> dict[str, list[tuple[str, str, str]]]:
    """{scope: [(name, modifiable column, notes column)]} from the two tables of the reference page."""
    text = (guide / REFERENCE).read_text()
    anchors = {
        "cluster": "AuroraMySQL.Reference.Parameters.Cluster",
        "instance": "AuroraMySQL.Reference.Parameters.Instance",
    }
    tables = {}
    for scope, anchor in anchors.items():
        start = text.index(f'<a name="{anchor}">')
        end = text.index("\n## ", start + 10)
        rows = []
        for line in text[start:end].splitlines():
            if not line.startswith("|") or "---" in line or "Parameter name" in line:
                continue
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows.append((unescape(cells[0]).strip("`").strip(), unescape(cells[1]), unescape(cells[2])))
        tables[scope] = rows
    return tables


def inapplicable_notes(guide: Path) -> dict[str, str]:
    """The reference page's list of MySQL parameters that don't apply, with the notes some of them carry."""
    text = (guide / REFERENCE).read_text()
    start = text.index('<a name="AuroraMySQL.Reference.Parameters.Inapplicable">')
    end = text.index("\n## ", start + 10)
    notes = {}
    for line in text[start:end].splitlines():
        match = re.match(r"^\+ `(.+?)`(?: – (.*))?$", unescape(line))
        if match:
            notes[match.group(1)] = match.group(2) or ""
    return notes


V2_ONLY = (
    "Removed from Aurora MySQL version 3",
    "Removed at the instance level from Aurora MySQL version 3",
    "isn't supported for version 3",
    "Currently not available in Aurora MySQL version 3",
    "Aurora MySQL version 2 only",
    "Only applies to Aurora MySQL version 2",
    "modifiable only at the DB cluster level in Aurora MySQL version 3",
)
BOTH = ("versions 2 and 3", "version 2 and 3")


def versions_of(scope: str, name: str, modifiable: str, notes: str, inapplicable: dict[str, str]) -> dict:
    """{2: {...}, 3: {...}} for the major versions the row applies to: IsModifiable and why, per the table."""
    why = f"{GUIDE}, {REFERENCE}, {scope}-level table"
    note = notes.replace("\n", " ")
    present = {2: True, 3: True}
    reason = (
        "listed without a version note (the page: 'Unless otherwise noted, ... valid for Aurora MySQL versions 2"
        " and 3')"
    )
    lowered = note.lower()
    if any(marker.lower() in lowered for marker in V2_ONLY):
        present[3] = False
        reason = "note says version 2 only: " + _quote(note, V2_ONLY)
    elif version_2 := re.search(
        r"(Aurora MySQL version 2\.\s*Use `[^`]+` in Aurora MySQL version 3"
        r"|This parameter applies to Aurora MySQL version 2\.)",
        note,
    ):
        present[3] = False
        reason = f"note says version 2 only: '{version_2.group(1)}'"
    elif any(marker in note for marker in BOTH):
        reason = "note says versions 2 and 3"
    elif (
        re.search(r"(applies to|available in) Aurora MySQL version 3\b(?! and)", note)
        or note.strip() == "Aurora MySQL version 3"
    ):
        present[2] = False
        reason = "note says version 3: " + note.split(". ")[0].strip().rstrip(".") + "."
    elif name in inapplicable and "doesn't apply to Aurora MySQL version 2" in inapplicable[name]:
        present[2] = False
        reason = f"the page's list of MySQL parameters that don't apply says: {inapplicable[name]}"
    result = {}
    for major in (2, 3):
        if not present[major]:
            continue
        modifiable_now, modifiable_why = _modifiable(modifiable, note, major)
        result[major] = {
            "Source_doc": f"{why} ({reason})",
            "IsModifiable": modifiable_now,
            "IsModifiable_source": f"{why}, Modifiable column: {modifiable!r}{modifiable_why}",
        }
    return result


def _quote(note: str, markers: tuple[str, ...]) -> str:
    for marker in markers:
        index = note.lower().find(marker.lower())
        if index >= 0:
            return f"'{note[max(0, note.rfind('.', 0, index) + 1) :].split('.')[0].strip()}'"
    return repr(note)


def _modifiable(column: str, note: str, major: int) -> tuple[bool, str]:
    if column == "Yes":
        return True, ""
    if column == "No":
        return False, ""
    if column.startswith("Aurora MySQL version 2: Yes"):
        return major == 2, f" (version {major})"
    if column.startswith("Yes (Aurora MySQL version 2)"):
        # Version 3 still takes it in a custom group; it only takes effect when a cluster is created from it.
        return True, f" (version {major}; version 3: set when the cluster is created)"
    if column == "Sometimes":
        if "Modifiable only at the cluster level in Aurora MySQL version 3" in note:
            return (
                major == 2,
                f" and note 'Modifiable only at the cluster level in Aurora MySQL version 3' (version {major})",
            )
        if "Modifiable in Aurora MySQL version 2 and higher" in note:
            return True, " and note 'Modifiable in Aurora MySQL version 2 and higher'"
    raise ValueError(f"unknown Modifiable column {column!r} ({note!r})")


# Parameters another guide page places at a level the reference tables do not list them at.
EXTRA_LEVELS = [
    {
        "ParameterName": "aurora_parallel_query",
        "scope": "cluster",
        "majors": (2, 3),
        "file": "aurora-mysql-parallel-query.md",
        "quote": (
            "Create a custom DB cluster parameter group with the settings `aurora_parallel_query=ON` and "
            "`aurora_disable_hash_join=OFF`"
        ),
        "IsModifiable": True,
    },
    {
        "ParameterName": "server_audit_logs_upload",
        "scope": "cluster",
        "majors": (2, 3),
        "file": "USER_WorkingWithDBClusterParamGroups.md",
        "quote": '"ParameterName=server_audit_logs_upload,ParameterValue=1,ApplyMethod=immediate"',
        "IsModifiable": True,
    },
    {
        "ParameterName": "ssl_cipher",
        "scope": "cluster",
        "majors": (2, 3),
        "file": "AuroraMySQL.Security.md",
        "quote": "Configurable cipher suites is supported in Aurora MySQL version 3 and Aurora MySQL version 2",
        "IsModifiable": True,
    },
]

# MinimumEngineVersion where a note names the first version a parameter works in.
MINIMUM_VERSIONS = {
    ("aurora_enhanced_binlog", 3): "3.03.1",
    ("binlog_backup", 3): "3.03.1",
    ("binlog_replication_globaldb", 3): "3.03.1",
    ("aurora_disable_hash_join", 2): "2.09.0",
    ("aurora_parallel_query", 2): "2.09.0",
}


# --- facts the guide states outside the tables --------------------------------------------------------------------

# (parameter, fact, value, file, quote): each quote must appear in that file of the crawl.
GUIDE_FACTS = [
    (
        "aurora_parallel_query",
        "ApplyType",
        "dynamic",
        "aurora-mysql-parallel-query.md",
        "Because `aurora_parallel_query` is a dynamic parameter, it doesn't require a cluster restart",
    ),
    (
        "aurora_binlog_replication_max_yield_seconds",
        "ApplyType",
        "dynamic",
        "AuroraMySQL.Replication.MySQL.md",
        "Aurora MySQL recognizes any change to the `aurora_binlog_replication_max_yield_seconds` parameter "
        "value immediately",
    ),
    (
        "binlog_format",
        "ApplyType",
        "static",
        "AuroraMySQL.Replication.MySQL.md",
        "If you're changing the `binlog_format` parameter from `OFF` to another value, reboot your Aurora DB "
        "cluster for the change to take effect",
    ),
    (
        "binlog_format",
        "AllowedValues",
        "ROW,STATEMENT,MIXED,OFF",
        REFERENCE,
        "Setting `binlog_format` to `STATEMENT`, `MIXED`, or `ROW` automatically sets `log-bin` to `ON`. "
        "Setting `binlog_format` to `OFF` automatically sets `log-bin` to `OFF`",
    ),
    (
        "binlog_checksum",
        "ApplyType",
        "dynamic",
        "AuroraMySQL.Replication.MySQL.md",
        "the `binlog_checksum` doesn't act as a dynamic parameter when the enhanced binlog is turned on. For "
        "the change to this parameter to take effect, you must manually reboot the DB cluster even when the "
        "`ApplyMethod` is `immediate`",
    ),
    (
        "tls_version",
        "ApplyType",
        "static",
        "AuroraMySQL.Security.md",
        "If you use the AWS CLI to modify the `tls_version` DB cluster parameter, the `ApplyMethod` must be "
        "set to `pending-reboot`",
    ),
    (
        "lower_case_table_names",
        "ApplyType",
        "static",
        "USER_RebootCluster.md",
        "ParameterName=lower_case_table_names,ParameterValue=1,ApplyMethod=pending-reboot",
    ),
    (
        "time_zone",
        "ApplyType",
        "dynamic",
        "USER_Events.overview.md",
        "Updated parameter time_zone to UTC with apply method immediate",
    ),
    (
        "max_connections",
        "ApplyType",
        "dynamic",
        "USER_WorkingWithDBInstanceParamGroups.md",
        "ParameterName=max_connections,ParameterValue=250,ApplyMethod=immediate",
    ),
    (
        "max_allowed_packet",
        "ApplyType",
        "dynamic",
        "USER_WorkingWithDBInstanceParamGroups.md",
        "ParameterName=max_allowed_packet,ParameterValue=1024,ApplyMethod=immediate",
    ),
    (
        "server_audit_logging",
        "ApplyType",
        "dynamic",
        "USER_WorkingWithDBClusterParamGroups.md",
        "ParameterName=server_audit_logging,ParameterValue=1,ApplyMethod=immediate",
    ),
    (
        "server_audit_logs_upload",
        "ApplyType",
        "dynamic",
        "USER_WorkingWithDBClusterParamGroups.md",
        "ParameterName=server_audit_logs_upload,ParameterValue=1,ApplyMethod=immediate",
    ),
    (
        "aurora_mask_password_hashes_type",
        "AllowedValues",
        "0,1",
        REFERENCE,
        "The allowed values are `0` and `1` (default)",
    ),
    (
        "innodb_default_row_format",
        "AllowedValues",
        "DYNAMIC,COMPACT,REDUNDANT",
        REFERENCE,
        "Its value can be `DYNAMIC`, `COMPACT`, or `REDUNDANT.`",
    ),
    (
        "internal_tmp_disk_storage_engine",
        "AllowedValues",
        "INNODB,MYISAM",
        REFERENCE,
        "Allowed values are `INNODB` and `MYISAM`",
    ),
    (
        "internal_tmp_mem_storage_engine",
        "AllowedValues",
        "MEMORY,TempTable",
        REFERENCE,
        "Allowed values are `MEMORY` and `TempTable`",
    ),
    (
        "aurora_binlog_replication_max_yield_seconds",
        "AllowedValues",
        "0-36000",
        "AuroraMySQL.Updates.2090.md",
        "The `aurora_binlog_replication_max_yield_seconds` parameter now has a max value of 36,000",
    ),
    (
        "ssl_cipher",
        "ApplyType",
        "static",
        "AuroraMySQL.Security.md",
        "If you use the CLI to modify the `ssl_cipher` DB cluster parameter, make sure to set the "
        "`ApplyMethod` to `pending-reboot`",
    ),
]
for _name in (
    "replicate-do-db",
    "replicate-do-table",
    "replicate-wild-do-table",
    "replicate-ignore-db",
    "replicate-ignore-table",
    "replicate-wild-ignore-table",
):
    GUIDE_FACTS.append(
        (_name, "ApplyType", "dynamic", "AuroraMySQL.Replication.md", f'--parameters "ParameterName={_name},')
    )

# Describe output printed by the guide itself: every JSON object with ParameterName and ApplyType in these files.
GUIDE_OUTPUT_FILES = ("USER_WorkingWithDBClusterParamGroups.md", "AuroraMySQL.Security.md")

# Describe output AWS publishes outside the guide (its CLI examples, older guide revisions).
AWS_OUTPUT = [
    {
        "where": "aws/aws-cli awscli/examples/rds/describe-db-cluster-parameters.rst (default.aurora-mysql5.7)",
        "rows": [
            {
                "ParameterName": "aurora_lab_mode",
                "ParameterValue": "0",
                "Description": "Enables new features in the Aurora engine.",
                "Source": "engine-default",
                "ApplyType": "static",
                "DataType": "boolean",
                "AllowedValues": "0,1",
            }
        ],
    },
    {
        "where": "aws/aws-cli awscli/examples/rds/describe-engine-default-cluster-parameters.rst (aurora-mysql5.7)",
        "rows": [
            {
                "ParameterName": "aurora_load_from_s3_role",
                "Description": "IAM role ARN used to load data from AWS S3",
                "Source": "engine-default",
                "ApplyType": "dynamic",
                "DataType": "string",
            }
        ],
    },
    {
        "where": (
            f"{GUIDE} (revision 8397e70^ of awsdocs/amazon-aurora-user-guide), "
            f"USER_WorkingWithParamGroups.md, describe-db-cluster-parameters text output"
        ),
        "rows": [
            {
                "ParameterName": "aurora_select_into_s3_role",
                "Description": "IAM role ARN used to select data into AWS S3",
                "Source": "engine-default",
                "ApplyType": "dynamic",
                "DataType": "string",
            },
            {
                "ParameterName": "aws_default_lambda_role",
                "Description": "Default IAM role ARN used to access AWS Lambda Service",
                "Source": "engine-default",
                "ApplyType": "dynamic",
                "DataType": "string",
            },
        ],
    },
    {
        "where": (
            "awsdocs/amazon-rds-user-guide doc_source/AuroraMySQL.Managing.Performance.md ('By default, this "
            "value is set to the following equation')"
        ),
        "rows": [
            {
                "ParameterName": "max_connections",
                "ParameterValue": (
                    "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})"
                ),
                "Source": "system",
            }
        ],
    },
]

# Real RDS output in public repositories (not AWS's own words): what RDS answered someone.
PUBLIC_OUTPUT = [
    {
        "where": (
            "overmindtech/aws-source adapters/rds cluster parameter group test (default.aurora-mysql5.7, "
            "real describe output)"
        ),
        "majors": (2,),
        "rows": [
            {
                "ParameterName": "aurora_binlog_replication_max_yield_seconds",
                "ApplyType": "dynamic",
                "DataType": "integer",
                "AllowedValues": "0-36000",
                "Description": (
                    "Controls the number of seconds that binary log dump thread waits up to for the current "
                    "binlog file to be filled by transactions. This wait period avoids contention that can "
                    "arise from replicating each binlog event individually."
                ),
            },
        ],
    },
    {
        "where": (
            "a public 3.08.2 cluster report (AWS CloudShell output, 'RDS Aurora MySQL 8.0 詳細設定'): user "
            "values applied with ApplyMethod immediate"
        ),
        "majors": (3,),
        "rows": [
            {"ParameterName": "activate_all_roles_on_login", "ApplyType": "dynamic"},
            {"ParameterName": "aws_default_s3_role", "ApplyType": "dynamic"},
            {"ParameterName": "time_zone", "ApplyType": "dynamic"},
            {
                "ParameterName": "table_definition_cache",
                "ParameterValue": "LEAST({DBInstanceClassMemory/393040}, 20000)",
                "Source": "system",
            },
            {
                "ParameterName": "table_open_cache",
                "ParameterValue": "LEAST({DBInstanceClassMemory/1179121}, 6000)",
                "Source": "system",
            },
        ],
    },
]


def check_quote(guide: Path, file: str, quote: str) -> str:
    text = unescape((guide / file).read_text())
    if quote not in text:
        raise SystemExit(f"{file} no longer says: {quote}")
    return f"{GUIDE}, {file}: '{quote}'"


def guide_output(guide: Path) -> dict[str, tuple[dict, str]]:
    """{name: (describe row, source)} from the describe output the guide prints."""
    found = {}
    for file in GUIDE_OUTPUT_FILES:
        text = (guide / file).read_text()
        for match in re.finditer(r"\{[^{}]*\"ParameterName\"[^{}]*\"ApplyType\"[^{}]*\}", text, re.S):
            block = re.sub(r",\s*\"SupportedEngineModes\"\s*:\s*\[[^\]]*\]", "", match.group(0))
            row = json.loads(re.sub(r",\s*}", "}", block))
            found[row["ParameterName"]] = (row, f"{GUIDE}, {file}: describe output printed in the guide")
    return found


# --- the MySQL Reference Manual ----------------------------------------------------------------------------------

KB_ORDER = {
    2: ("mysql-server-system-variables_5.7.json", "mysql-replication-options-binary-log_5.7.json"),
    3: ("mysql-server-system-variables.json", "mysql-replication-options-binary-log.json"),
}
KB_COMMON = (
    "mysql-innodb-parameters.json",
    "mysql-performance-schema-system-variables.json",
    "mysql-replication-options-replica.json",
    "mysql-replication-options-source.json",
    "mysql-replication-options-gtids.json",
    "mysql-replication-options.json",
    "mysql-pluggable-authentication-system-variables.json",
    "mysql-audit-log-reference.json",
    "mysql-server-options.json",
)


def mysql_manual(kb: Path, major: int) -> dict[str, tuple[dict, str]]:
    """{name: (entry, manual URL)}; the major version's own pages first, then the 8.0 pages."""
    found: dict[str, tuple[dict, str]] = {}
    for file in KB_ORDER[major] + KB_ORDER[3] + KB_COMMON:
        data = json.loads((kb / "data" / "variables" / file).read_text())
        for entry in data["data"]:
            url = f"{data['url']}#{entry['id']}" if entry.get("id") else data["url"]
            found.setdefault(entry["name"], (entry, url))
    return found


def manual_entry(manual: dict, name: str):
    return manual.get(name) or manual.get(name.replace("-", "_"))


def manual_dynamic(entry: dict) -> bool | None:
    if "dynamic" in entry:
        return bool(entry["dynamic"])
    if entry.get("id", "").startswith("option_mysqld_"):
        return False  # a startup option only: the server takes it when it starts
    return None


def manual_type(entry: dict) -> str | None:
    return {
        "boolean": "boolean",
        "integer": "integer",
        "byte": "integer",
        "numeric": "float",
        "enumeration": "string",
        "set": "list",
        "string": "string",
        "file name": "string",
        "directory name": "string",
    }.get(entry.get("type"))


def manual_allowed(entry: dict) -> str | None:
    kind = entry.get("type")
    if kind == "boolean":
        return "0,1"
    if entry.get("validValues"):
        return ",".join(entry["validValues"])
    bounds = entry.get("range") or {}
    if kind in ("integer", "byte", "numeric") and "from" in bounds and "to" in bounds:
        return f"{bounds['from']}-{bounds['to']}"
    return None


def manual_label(url: str) -> str:
    return f"MySQL Reference Manual {url} (via {KB}; AWS does not document it for Aurora)"


# --- building one family -----------------------------------------------------------------------------------------


EARLIER_COMMIT = "785c8a6"  # the last commit whose catalogue was written by hand, without sources


def earlier_rows(family: str, scope: str) -> dict[str, dict]:
    """The hand-written catalogue's rows: their values are kept, marked unsourced, where nothing sources a fact."""
    path = f"tests/simulator/catalog/{family}_{scope}.json"
    shown = subprocess.run(
        ["git", "-C", str(CATALOG), "show", f"{EARLIER_COMMIT}:{path}"], capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        return {}
    return {row["ParameterName"]: row for row in json.loads(shown.stdout)}


UNSOURCED = f"unsourced: value of the hand-written catalogue before sourcing ({EARLIER_COMMIT})"
ENGINE_DEFAULT = (
    f'{GUIDE}, {REFERENCE}: \'If the parameter has "engine default" for this value, see the version-specific MySQL '
    "... documentation for the actual default value' (no ParameterValue served)"
)


def build_row(name, major, scope, level, before, evidence, manual, sibling=None):
    """One catalogue row: the guide's level and IsModifiable, every other fact from the first source that has it."""
    row = {"ParameterName": name}
    sources = {"Source_doc": level["Source_doc"]}
    entry, url = manual_entry(manual, name) or ({}, None)
    said = evidence.get(name, {})
    # Version 2 had no hand-written catalogue; the hand-written version 3 row of the same name and level stands in
    # for its type, values and apply type (never its default, which differs between versions).
    unsourced, had = UNSOURCED, f"as the catalogue had it before sourcing ({EARLIER_COMMIT})"
    if not before and sibling:
        before = {key: value for key, value in sibling.items() if key not in ("ParameterValue", "Source")}
        unsourced = (
            UNSOURCED.replace("hand-written catalogue", f"hand-written {FAMILIES[3]} catalogue")
            + ", reused for version 2"
        )
        had = f"as the hand-written {FAMILIES[3]} catalogue ({EARLIER_COMMIT}) had it"
    before = before or {}

    if "Description" in said:
        row["Description"], sources["Description_source"] = said["Description"]
    elif "Description" in before:
        row["Description"], sources["Description_source"] = before["Description"], unsourced
    elif url:
        row["Description"] = f"See the MySQL Reference Manual: {url}"
        sources["Description_source"] = "not documented by AWS; points at the MySQL manual entry"
    else:
        row["Description"] = f"Aurora MySQL parameter {name}."
        sources["Description_source"] = f"not documented by AWS beyond the {REFERENCE} table"

    # The default: ParameterValue and Source together.
    if "ParameterValue" in said:
        (row["ParameterValue"], row["Source"]), sources["ParameterValue_source"] = said["ParameterValue"]
    elif "ParameterValue" in before:
        row["ParameterValue"], row["Source"] = before["ParameterValue"], before.get("Source", "system")
        sources["ParameterValue_source"] = UNSOURCED
    else:
        row["Source"] = "engine-default"
        sources["ParameterValue_source"] = ENGINE_DEFAULT

    dynamic = manual_dynamic(entry) if entry else None
    engine = ("dynamic" if dynamic else "not dynamic (set when the server starts)") if dynamic is not None else None
    if "ApplyType" in said:
        row["ApplyType"], sources["ApplyType_source"] = said["ApplyType"]
    elif "ApplyType" in before:
        row["ApplyType"] = before["ApplyType"]
        if engine and (before["ApplyType"] == "dynamic") == bool(dynamic):
            sources["ApplyType_source"] = manual_label(url) + f": {engine}, {had}"
        else:
            sources["ApplyType_source"] = unsourced + (f" (MySQL manual: {engine})" if engine else "")
    elif dynamic is False:
        row["ApplyType"] = "static"
        sources["ApplyType_source"] = manual_label(url) + f": {engine}, so static"
    else:
        row["ApplyType"] = "static"
        reason = (
            "the MySQL manual says dynamic, but nothing shows RDS applying it immediately"
            if dynamic
            else "nor does the MySQL manual"
        )
        sources["ApplyType_source"] = (
            f"not documented by AWS ({reason}); the simulator serves static, the safe side: it then accepts only "
            "ApplyMethod=pending-reboot, which RDS accepts for every parameter"
        )

    kind = manual_type(entry) if entry else None
    if "DataType" in said:
        row["DataType"], sources["DataType_source"] = said["DataType"]
    elif "DataType" in before:
        row["DataType"] = before["DataType"]
        if kind == before["DataType"]:
            sources["DataType_source"] = manual_label(url) + f": type {entry['type']}, {had}"
        else:
            sources["DataType_source"] = unsourced + (f" (MySQL manual type: {entry['type']})" if kind else "")
    elif kind:
        row["DataType"] = kind
        sources["DataType_source"] = manual_label(url) + f": type {entry['type']}"
    else:
        row["DataType"] = "string"
        sources["DataType_source"] = (
            "not documented by AWS or the MySQL manual; served as string, so no value shape is checked"
        )

    # A parameter nobody can modify needs no AllowedValues from the engine's manual (Aurora's own may differ).
    allowed = manual_allowed(entry) if entry and kind == row["DataType"] and level["IsModifiable"] else None
    if "AllowedValues" in said:
        row["AllowedValues"], sources["AllowedValues_source"] = said["AllowedValues"]
    elif "AllowedValues" in before:
        row["AllowedValues"] = before["AllowedValues"]
        if allowed is not None and _same_values(allowed, before["AllowedValues"]):
            sources["AllowedValues_source"] = manual_label(url) + f", {had}"
        else:
            sources["AllowedValues_source"] = unsourced + (f" (MySQL manual: {allowed})" if allowed else "")
    elif allowed is not None:
        row["AllowedValues"] = allowed
        sources["AllowedValues_source"] = manual_label(url) + (
            ": boolean, spelled 0,1 as RDS spells booleans in the describe output the guide prints "
            "(USER_WorkingWithDBClusterParamGroups.md)"
            if entry.get("type") == "boolean"
            else ""
        )
    else:
        sources["AllowedValues_source"] = (
            "not documented by AWS or the MySQL manual; none served, so any value of the DataType is accepted"
        )

    row["IsModifiable"] = level["IsModifiable"]
    sources["IsModifiable_source"] = level["IsModifiable_source"]
    minimum = MINIMUM_VERSIONS.get((name, major))
    if minimum:
        row["MinimumEngineVersion"] = VERSION_PREFIX[major] + minimum
        sources["MinimumEngineVersion_source"] = (
            f"{GUIDE}, {REFERENCE}: the {scope}-level note names {minimum} as the first version"
        )
    ordered = {key: row[key] for key in RDS_KEYS if key in row}
    ordered.update(sources)
    return ordered


def _same_values(left: str, right: str) -> bool:
    return sorted(piece.strip().upper() for piece in left.split(",")) == sorted(
        piece.strip().upper() for piece in right.split(",")
    )


def evidence_for(guide: Path, major: int) -> dict[str, dict]:
    """{name: {fact: (value, source)}} from the guide, AWS's published output and public RDS output."""
    evidence: dict[str, dict] = {}

    def put(name, fact, value, source):
        evidence.setdefault(name, {}).setdefault(fact, (value, source))

    for name, fact, value, file, quote in GUIDE_FACTS:
        source = check_quote(guide, file, quote)
        if fact == "ApplyType" and "ApplyMethod=immediate" in quote:
            source += " (RDS accepts immediate only for dynamic parameters)"
        put(name, fact, value, source)
    for row, source in guide_output(guide).values():
        _put_row(put, row, source)
    for group in AWS_OUTPUT:
        for row in group["rows"]:
            _put_row(put, row, f"AWS-published describe output: {group['where']}")
    for group in PUBLIC_OUTPUT:
        if major in group["majors"]:
            for row in group["rows"]:
                _put_row(put, row, f"public RDS output: {group['where']}")
    return evidence


def _put_row(put, row, source):
    name = row["ParameterName"]
    for fact in ("Description", "ApplyType", "DataType", "AllowedValues"):
        if fact in row:
            put(name, fact, row[fact], source)
    if "ParameterValue" in row:
        put(name, "ParameterValue", (row["ParameterValue"], row.get("Source", "engine-default")), source)


def build_family(guide: Path, kb: Path, major: int) -> dict[str, list[dict]]:
    tables = reference_tables(guide)
    inapplicable = inapplicable_notes(guide)
    manual = mysql_manual(kb, major)
    evidence = evidence_for(guide, major)
    family = FAMILIES[major]
    built = {}
    for scope in SCOPES:
        before = earlier_rows(family, scope)
        siblings = earlier_rows(FAMILIES[3], scope) if major == 2 else {}
        levels = {}
        for name, modifiable, notes in tables[scope]:
            applies = versions_of(scope, name, modifiable, notes, inapplicable)
            if major in applies:
                levels[name] = applies[major]
        for extra in EXTRA_LEVELS:
            if extra["scope"] == scope and major in extra["majors"] and extra["ParameterName"] not in levels:
                source = check_quote(guide, extra["file"], extra["quote"])
                levels[extra["ParameterName"]] = {
                    "Source_doc": f"{source} (not in the {REFERENCE} {scope}-level table)",
                    "IsModifiable": extra["IsModifiable"],
                    "IsModifiable_source": source,
                }
        rows = [
            build_row(name, major, scope, level, before.get(name), evidence, manual, siblings.get(name))
            for name, level in sorted(levels.items())
        ]
        built[scope] = rows
    return built


# --- instance classes ---------------------------------------------------------------------------------------------


def instance_classes(guide: Path) -> list[dict]:
    file = "Concepts.DBInstanceClass.md"
    text = (guide / file).read_text()
    start = text.index('<a name="Concepts.DBInstanceClass.SupportAurora">')
    end = text.index("\n## ", start + 10)
    rows = []
    for line in text[start:end].splitlines():
        cells = [unescape(cell) for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("db.") or " " in cells[0]:
            continue
        name, support = cells[0], cells[1]
        ranges, reading = support_ranges(name, support, guide)
        rows.append(
            {
                "DBInstanceClass": name,
                "AuroraMySQL": support,
                "Supported": ranges,
                "Source": f"{GUIDE}, {file}, 'Supported DB engines for DB instance classes' table, "
                f"Aurora MySQL column: {support!r}" + (f"; {reading}" if reading else ""),
            }
        )
    return rows


def support_ranges(name: str, text: str, guide: Path) -> tuple[dict, str]:
    """{"2": {"min": .., "below": ..}, "3": {...}} for the majors the cell supports; plus how it was read."""
    if name == "db.serverless":
        file = "Concepts.Aurora_Fea_Regions_DB-eng.Feature.ServerlessV2.md"
        check_quote(guide, file, "| US East (N. Virginia) | Version 3.02.0 and higher |")
        return {
            "3": {"min": "3.02.0"}
        }, f"{file}: 'US East (N. Virginia) | Version 3.02.0 and higher' (3.02.2 or 3.02.3 in some Regions)"
    if text == "No":
        return {}, ""
    ranges: dict[str, dict] = {}
    reading = ""
    not_in_3 = "not supported in 3.01.0 and higher" in text or "not supported in version 3.01.0 and higher" in text
    if text.startswith("All version 1.x; not supported in version 2.11.0 and higher"):
        ranges["2"] = {"min": "2.00.0", "below": "2.11.0"}
        reading = "read as every 2.x below 2.11.0"
    elif text.startswith("All 1.x and 2.x versions"):
        ranges["2"] = {"min": "2.00.0"}
    else:
        for piece in re.findall(r"(\d+)\.(\d+)(?:\.(\d+))? and higher", text):
            major = piece[0]
            version = f"{piece[0]}.{int(piece[1]):02d}.{int(piece[2] or 0)}"
            if major == "1":
                # "1.x and higher" without a version 2 entry covers every 2.x too.
                if not re.search(r"\b2\.\d+", text):
                    ranges.setdefault("2", {"min": "2.00.0"})
                    reading = "a 1.x minimum with no 2.x entry read as every 2.x"
                continue
            current = ranges.get(major)
            if current is None or version < current["min"]:
                ranges[major] = {"min": version}
        if "2" in ranges and re.search(r"2\.09\.2 and higher, 2\.10\.0 and higher", text):
            reading = "'2.09.2 and higher, 2.10.0 and higher' read as 2.09.2 and higher"
    if not_in_3:
        ranges.pop("3", None)
    return ranges, reading


# --- version 2 -> 3 parameter changes -----------------------------------------------------------------------------


def parameter_changes(guide: Path, families: dict[int, dict[str, list[dict]]]) -> list[dict]:
    compare = "Aurora.AuroraMySQL.Compare-v2-v3.md"
    text = (guide / compare).read_text()
    start = text.index("The following configuration parameters have new names in Aurora MySQL version 3")
    end = text.index("The following stored procedures have new names", start)
    renames = {}
    for line in text[start:end].splitlines():
        cells = [unescape(cell) for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] and not cells[0].startswith("---") and cells[0] != "Name to be removed":
            renames[cells[0]] = (
                cells[1],
                f"{GUIDE}, {compare}, 'Inclusive language changes' table: {cells[0]} -> {cells[1]}",
            )
    tables = reference_tables(guide)
    notes = {(scope, name): note for scope in SCOPES for name, _, note in tables[scope]}
    for (scope, name), note in notes.items():
        match = re.search(r"Use `([^`]+)` in Aurora MySQL version 3", note) or re.search(
            r"It is replaced by `([^`]+)`", note
        )
        if match:
            renames.setdefault(name, (match.group(1), f"{GUIDE}, {REFERENCE}, {scope}-level table: '{match.group(0)}'"))
    changes = []
    v3_scope = {row["ParameterName"]: scope for scope in SCOPES for row in families[3][scope]}
    for scope in SCOPES:
        v2 = {row["ParameterName"]: row for row in families[2][scope]}
        v3 = {row["ParameterName"]: row for row in families[3][scope]}
        for name in sorted(set(v2) - set(v3)):
            note = notes.get((scope, name), "")
            where = f"{GUIDE}, {REFERENCE}, {scope}-level table: '{note}'"
            replaced = re.search(r"Use `([^`]+)`\.", note)
            if name in renames or name.replace("-", "_") in renames:
                new, source = renames.get(name) or renames[name.replace("-", "_")]
                changes.append(_change(name, scope, "renamed", source, new, v3_scope.get(new)))
            elif scope == "instance" and v3_scope.get(name) == "cluster":
                changes.append(_change(name, scope, "cluster-level only", where, name, "cluster"))
            elif replaced:
                changes.append(
                    _change(name, scope, "replaced", where, replaced.group(1), v3_scope.get(replaced.group(1)))
                )
            else:
                changes.append(_change(name, scope, "removed", where))
    listed = {(change["ParameterName"], change["Scope"]) for change in changes}
    for old, (new, source) in sorted(renames.items()):
        if not any(name.replace("-", "_") == old.replace("-", "_") for name, _ in listed):
            changes.append(_change(old, None, "renamed", source, new, None))
    return changes


def _change(name, scope, change, source, new=None, new_scope=None):
    """One version 2 parameter and what version 3 did with it; NewScope is where the new name is catalogued."""
    row = {"ParameterName": name, "Scope": scope, "Change": change}
    if new is not None:
        row.update(NewName=new, NewScope=new_scope)
    row["Source"] = source
    return row


# --- upgrade targets ----------------------------------------------------------------------------------------------

MINOR_RULE = (
    f"{GUIDE}, AuroraMySQL.Updates.MajorVersionUpgrade.md: 'From version 2.10.2, you can upgrade to some other 2.* "
    "versions. Those upgrades aren't considered major version upgrades' and a lower target is refused ('Cannot find "
    "upgrade target from 5.7.mysql_aurora.2.10.2 with requested version 5.7.mysql_aurora.2.09.2')"
)
MAJOR_RULE = (
    "Aurora MySQL release notes for version 3 (e.g. AuroraMySQL.Updates.3071.html: 'You can perform an in-place "
    "upgrade, restore a snapshot, or initiate a managed blue/green upgrade using Amazon RDS Blue/Green Deployments "
    "from any currently supported Aurora MySQL version 2 cluster into an Aurora MySQL version 3.07.1 cluster'); "
    f"{GUIDE}, AuroraMySQL.Updates.MajorVersionUpgrade.md shows such targets with IsMajorVersionUpgrade true and "
    "AutoUpgrade false. AWS says the 3.x list also depends on the 2.x version and the Region; not documented per "
    "version, so every catalogued 3.x is listed"
)
AUTO_RULE = (
    f"{GUIDE}, AuroraMySQL.Updates.Patching.md: 'Auto minor version upgrades are performed to the default minor "
    "version' (botocore UpgradeTarget.AutoUpgrade: 'applied to any source DB instances that have "
    "AutoMinorVersionUpgrade set to true')"
)


def upgrade_targets(versions: list[dict]) -> dict:
    """{"Sources": {key: text}, "Targets": {version: [target]}}; each target's Source is a key of Sources."""

    def key(version):
        return tuple(int(part) for part in re.findall(r"\d+", version))

    def major(version):
        return version.split(".mysql_aurora.")[1].split(".")[0]

    default = {major(row["EngineVersion"]): row["EngineVersion"] for row in versions if row.get("IsDefault")}
    targets = {}
    for row in versions:
        source = row["EngineVersion"]
        listed = []
        for target in sorted((other["EngineVersion"] for other in versions), key=key):
            if key(target) <= key(source):
                continue
            is_major = major(target) != major(source)
            if is_major and major(target) != str(int(major(source)) + 1):
                continue
            auto = not is_major and default.get(major(source)) == target
            listed.append(
                {
                    "EngineVersion": target,
                    "IsMajorVersionUpgrade": is_major,
                    "AutoUpgrade": auto,
                    "Source": "major" if is_major else ("minor-default" if auto else "minor"),
                }
            )
        targets[source] = listed
    sources = {"major": MAJOR_RULE, "minor": MINOR_RULE, "minor-default": MINOR_RULE + "; AutoUpgrade: " + AUTO_RULE}
    return {"Sources": sources, "Targets": targets}


# --- output -------------------------------------------------------------------------------------------------------


def write(name: str, data) -> None:
    path = CATALOG / name
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    count = len(data["Targets"]) if isinstance(data, dict) else len(data)
    print(f"wrote {path.relative_to(CATALOG.parent.parent.parent)} ({count} entries)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--guide", required=True, type=Path, help="directory holding doc_source/ of the Aurora User Guide crawl"
    )
    parser.add_argument(
        "--mysql-kb", required=True, type=Path, help="directory holding data/variables/ of mariadb-mysql-kbs"
    )
    args = parser.parse_args(argv)
    guide = args.guide / "doc_source"
    families = {major: build_family(guide, args.mysql_kb, major) for major in (2, 3)}
    for major, scopes in families.items():
        for scope, rows in scopes.items():
            write(f"{FAMILIES[major]}_{scope}.json", rows)
    write("aurora_mysql_instance_classes.json", instance_classes(guide))
    write("aurora_mysql_parameter_changes.json", parameter_changes(guide, families))
    versions = json.loads((CATALOG / "aurora_mysql_versions.json").read_text())
    write("aurora_mysql_upgrade_targets.json", upgrade_targets(versions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
