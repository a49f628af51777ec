#!/usr/bin/env bash
# Run `molecule test -s <name>` for each scenario given, one after another, and fail if any of them failed.
# Every scenario runs even after a failure: each owns its own simulator, so one failure says nothing about the rest.
# The verdict is molecule's own exit code per scenario.
set -uo pipefail

cd "$(dirname "$0")/.."
# molecule finds the shared base config itself at the root of a git checkout; naming it also covers a copy of the
# tree without .git (an unpacked archive), where molecule would silently run the scenarios without it.
BASE_CONFIG=.config/molecule/config.yml
failed=()
for scenario in "$@"; do
    echo "=== molecule test -s ${scenario}"
    started=${SECONDS}
    if molecule --base-config "${BASE_CONFIG}" test -s "${scenario}"; then
        echo "=== ${scenario}: passed in $((SECONDS - started)) s"
    else
        echo "=== ${scenario}: FAILED (exit $?) in $((SECONDS - started)) s"
        failed+=("${scenario}")
    fi
done

if ((${#failed[@]})); then
    echo "molecule: ${#failed[@]} of $# scenario(s) failed: ${failed[*]}" >&2
    exit 1
fi
echo "molecule: all $# scenario(s) passed"
