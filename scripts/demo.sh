#!/usr/bin/env bash
# `make demo`: the guide end to end against a local AWS simulator, in about a minute.
#   1. the venv (make demo depends on `make venv`; built here too when run directly)
#   2. a simulator on loopback with AWS-like transitions, time-scaled (DEMO_SCALE)
#   3. the guide's prerequisites in it: VPC, 3 subnets in 3 AZs, security group, KMS key, SNS topic, monitoring role
#   4. site.yml, then the failover playbook
#   5. the endpoints
#   6. the simulator stops, however the demo ends
set -euo pipefail

cd "$(dirname "$0")/.."
[[ -x .venv/bin/ansible-playbook ]] || make venv
export PATH="$PWD/.venv/bin:$PATH"

# The AWS-like durations add up to ~11 minutes (cluster 2, instances 8 in parallel, failover 0.5): x0.05 is ~30 s.
DEMO_SCALE="${DEMO_SCALE:-0.05}"
DEMO_PORT="${DEMO_PORT:-$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
OUT=tests/output/demo
mkdir -p "$OUT"

# Only the simulator: no profile, token or config from the caller's shell may point the demo at a real account.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
export AWS_ENDPOINT_URL="http://127.0.0.1:${DEMO_PORT}" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export ANSIBLE_CONFIG="$PWD/ansible.cfg"

step() { printf '\n=== %s\n' "$*"; }
stop_simulator() {
    step "6. Stopping the simulator"
    python -m tests.simulator.ctl stop --port "$DEMO_PORT" --pidfile "$OUT/simulator.pid"
}

started=$SECONDS
step "2. Starting the AWS simulator on ${AWS_ENDPOINT_URL} (AWS-like timings x${DEMO_SCALE}; log: $OUT/simulator.log)"
python -m tests.simulator.ctl start --port "$DEMO_PORT" --scale "$DEMO_SCALE" \
    --pidfile "$OUT/simulator.pid" --logfile "$OUT/simulator.log"
trap stop_simulator EXIT

step "3. Creating the guide's prerequisites"
python scripts/demo_prereqs.py --output "$OUT/prereqs.json"

playbook() { ansible-playbook -i examples/simulator/inventory.yml -e "@$OUT/prereqs.json" "$@"; }

step "4a. ansible-playbook site.yml: subnet group, parameter groups, cluster, writer + 2 readers, alarms"
playbook site.yml

step "4b. ansible-playbook playbooks/failover.yml: fail over to the tier-0 reader"
playbook playbooks/failover.yml

step "5. Endpoints (after the failover)"
playbook site.yml --tags endpoints

step "Demo finished in $((SECONDS - started)) s"
