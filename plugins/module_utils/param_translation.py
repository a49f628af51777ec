# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A parameter group's values carried from Aurora MySQL version 2 (aurora-mysql5.7) to version 3 (aurora-mysql8.0).
Pure: the caller reads the new family's engine defaults (param_group_api.read_catalogue), never a bundled list.

Renamed parameters are written once, here, with their source. Whether a parameter was removed is not listed: it is
what the new family's engine defaults do not name, read from AWS, so a parameter AWS brings back is not refused.
"""

from __future__ import annotations

# Aurora User Guide, Aurora.AuroraMySQL.Compare-v2-v3.md, "Inclusive language changes for Aurora MySQL version 3":
# "You can use only the new names when modifying values in a custom parameter group."
_INCLUSIVE_LANGUAGE = {
    "aurora_fwd_master_idle_timeout": "aurora_fwd_writer_idle_timeout",
    "aurora_fwd_master_max_connections_pct": "aurora_fwd_writer_max_connections_pct",
    "master_verify_checksum": "source_verify_checksum",
    "sync_master_info": "sync_source_info",
    "init_slave": "init_replica",
    "rpl_stop_slave_timeout": "rpl_stop_replica_timeout",
    "log_slow_slave_statements": "log_slow_replica_statements",
    "slave_max_allowed_packet": "replica_max_allowed_packet",
    "slave_compressed_protocol": "replica_compressed_protocol",
    "slave_exec_mode": "replica_exec_mode",
    "slave_type_conversions": "replica_type_conversions",
    "slave_sql_verify_checksum": "replica_sql_verify_checksum",
    "slave_parallel_type": "replica_parallel_type",
    "slave_preserve_commit_order": "replica_preserve_commit_order",
    "log_slave_updates": "log_replica_updates",
    "slave_allow_batching": "replica_allow_batching",
    "slave_load_tmpdir": "replica_load_tmpdir",
    "slave_net_timeout": "replica_net_timeout",
    "sql_slave_skip_counter": "sql_replica_skip_counter",
    # The guide writes slave_skip_errors; the parameter group lists it as slave-skip-errors (AuroraMySQL.Reference.
    # ParameterGroups.md, cluster-level table), so both spellings move.
    "slave_skip_errors": "replica_skip_errors",
    "slave-skip-errors": "replica_skip_errors",
    "slave_checkpoint_period": "replica_checkpoint_period",
    "slave_checkpoint_group": "replica_checkpoint_group",
    "slave_transaction_retries": "replica_transaction_retries",
    "slave_parallel_workers": "replica_parallel_workers",
    "slave_pending_jobs_size_max": "replica_pending_jobs_size_max",
    "pseudo_slave_mode": "pseudo_replica_mode",
}
# Aurora User Guide, AuroraMySQL.Reference.ParameterGroups.md: aurora_load_from_s3_role and
# aurora_select_into_s3_role "Currently not available in Aurora MySQL version 3. Use `aws_default_s3_role`";
# tx_isolation, MySQL 8.0's transaction_isolation (MySQL 8.0 Reference Manual, "Server System Variables": tx_isolation
# was removed in MySQL 8.0.3, use transaction_isolation).
_REPLACED = {
    "aurora_load_from_s3_role": "aws_default_s3_role",
    "aurora_select_into_s3_role": "aws_default_s3_role",
    "tx_isolation": "transaction_isolation",
}
RENAMED_V2_TO_V3 = dict(_INCLUSIVE_LANGUAGE, **_REPLACED)

# Blue/green deployments of Aurora MySQL need binary logging in the source's cluster parameter group (Aurora User
# Guide, blue-green-deployments-creating.md); the new group keeps it on so that the next upgrade can use one too.
BINLOG = {"binlog_format": "ROW"}


def renames_for(old_family, new_family):
    """The rename table between two families: only version 2 to version 3 renames anything."""
    if old_family == "aurora-mysql5.7" and new_family == "aurora-mysql8.0":
        return RENAMED_V2_TO_V3
    return {}


def translate(values, known, renames, extra=None):
    """{values, renamed: {old: new}, removed: [names]}: `values` (the user's, for the old family) for the new one.

    known: the names the new family's engine defaults list, or None when unknown (nothing is then called removed);
    extra: values always set (binlog_format on a new cluster group); the user's own value wins. A value given under
    both the old and the new name keeps the new name's.
    """
    out, renamed, removed = {}, {}, []
    for name, value in (values or {}).items():
        new = renames.get(name, name)
        if new != name:
            renamed[name] = new
            if new in (values or {}):
                continue
        if known is not None and new not in known:
            removed.append(name)
            continue
        out[new] = value
    for name, value in (extra or {}).items():
        out.setdefault(name, value)
    return {"values": out, "renamed": renamed, "removed": sorted(removed)}
