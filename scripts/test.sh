#!/usr/bin/env bash
# Runs every test project of the solution on a fresh machine: installs what the tests need
# (idempotent), builds, runs the test projects one after another (several of them measure
# timing or start processes, and the machine may have only two cores), and ends with one line:
# "tests: N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || { echo "installing test dependencies failed"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

dotnet build PersoActors.sln -c Release --nologo -v quiet -clp:ErrorsOnly || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

log=$(mktemp)
status=0
for project in tests/*/*.Tests.csproj; do
  dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
