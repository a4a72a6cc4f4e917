#!/usr/bin/env bash
# Runs every test project of the solution on a fresh machine: installs what the tests need
# (idempotent), builds, tests, and ends with one line: "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

if [ -x scripts/install-deps.sh ]; then
  scripts/install-deps.sh || { echo "installing test dependencies failed"; exit 1; }
fi

dotnet build PersoActors.sln -c Release --nologo -v quiet -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

log=$(mktemp)
dotnet test PersoActors.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
