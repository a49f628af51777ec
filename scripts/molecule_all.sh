#!/usr/bin/env bash
# Run `molecule test -s <name>` for each scenario given, MOLECULE_JOBS at a time (default 2), and fail if any failed.
# Every scenario runs even after a failure: each owns its own simulator (its own port, pidfile and molecule state),
# so they can run side by side and one failure says nothing about the rest. The verdict is molecule's own exit code
# per scenario. Each scenario's output goes to tests/output/molecule/<name>.log; a failed one is printed in full.
set -uo pipefail

cd "$(dirname "$0")/.."
# molecule finds the shared base config itself at the root of a git checkout; naming it also covers a copy of the
# tree without .git (an unpacked archive), where molecule would silently run the scenarios without it.
export BASE_CONFIG=.config/molecule/config.yml
export LOGS=tests/output/molecule
JOBS=${MOLECULE_JOBS:-2}
mkdir -p "${LOGS}"
verdicts=$(mktemp)
trap 'rm -f "${verdicts}"' EXIT

run_one() {
    local scenario=$1 started=${SECONDS} log="${LOGS}/$1.log"
    if molecule --base-config "${BASE_CONFIG}" test -s "${scenario}" >"${log}" 2>&1; then
        echo "=== ${scenario}: passed in $((SECONDS - started)) s"
        echo "passed ${scenario}" >>"$2"
    else
        local code=$?
        { echo "=== ${scenario}: FAILED (exit ${code}) in $((SECONDS - started)) s; its output:"; cat "${log}"
          echo "=== end of ${scenario}"; }
        echo "failed ${scenario}" >>"$2"
    fi
}
export -f run_one

# xargs starts the next scenario as soon as one ends; the longest are listed first by the caller when it can.
printf '%s\n' "$@" | xargs -P "${JOBS}" -I '{}' bash -c 'run_one "$1" "$2"' _ '{}' "${verdicts}"

failed=$(awk '$1 == "failed" {print $2}' "${verdicts}" | sort | tr '\n' ' ')
ran=$(wc -l <"${verdicts}")
if [[ ${ran} -ne $# ]]; then
    echo "molecule: only ${ran} of $# scenario(s) reported a verdict" >&2
    exit 1
fi
if [[ -n ${failed} ]]; then
    echo "molecule: $(wc -w <<<"${failed}") of $# scenario(s) failed: ${failed}" >&2
    exit 1
fi
echo "molecule: all $# scenario(s) passed"
