#!/usr/bin/env bash
# Installs what the cluster tests need beyond the .NET SDK, only when it is missing (idempotent):
# chromium (scripts/install-browser.sh) and PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin.
set -euo pipefail

# Debian's chromium for the browser tests (its own script, so this one's early exit below does not skip it).
bash "$(dirname "$0")/install-browser.sh"

have_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null
}

if have_postgres; then
  echo "install-deps: PostgreSQL server binaries present ($(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' '))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# postgresql-15 where the distribution has it, else the distribution's default major version.
if apt-cache show postgresql-15 > /dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-15
else
  $SUDO apt-get install -y -qq --no-install-recommends postgresql
fi

have_postgres || { echo "install-deps: PostgreSQL installation did not provide initdb" >&2; exit 1; }
echo "install-deps: PostgreSQL installed"
