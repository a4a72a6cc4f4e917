#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK, only what is missing (idempotent):
# - chromium for the browser tests (scripts/install-browser.sh);
# - PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin;
# - Node.js + npm (Debian packages) and Azurite (npm package azurite@3.37.0, the Azure Table emulator), installed
#   into ${PERSOACTORS_TOOLS:-~/.cache/persoactors}/azurite-3.37.0 (a local folder, not a global npm install),
#   where tests/Shared/AzuriteFixture.cs looks for it.
set -euo pipefail

AZURITE_VERSION=3.37.0
TOOLS="${PERSOACTORS_TOOLS:-$HOME/.cache/persoactors}"
AZURITE_DIR="$TOOLS/azurite-$AZURITE_VERSION"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

# The IANA time zone database: customers' time zones for triggers' quiet hours (TimeZoneInfo reads /usr/share/zoneinfo).
if [ -f /usr/share/zoneinfo/Europe/Warsaw ]; then
  echo "install-deps: tzdata present"
else
  apt_install tzdata
fi

# Debian's chromium for the browser tests.
bash "$(dirname "$0")/install-browser.sh"

have_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null
}

if have_postgres; then
  echo "install-deps: PostgreSQL server binaries present ($(ls -d /usr/lib/postgresql/*/bin | tr '\n' ' '))"
else
  # postgresql-15 where the distribution has it, else the distribution's default major version.
  if apt-cache show postgresql-15 > /dev/null 2>&1; then
    apt_install postgresql-15
  else
    apt_install postgresql
  fi
  have_postgres || { echo "install-deps: PostgreSQL installation did not provide initdb" >&2; exit 1; }
  echo "install-deps: PostgreSQL installed"
fi

have_azurite() {
  [ -f "$AZURITE_DIR/node_modules/azurite/dist/src/table/main.js" ] &&
    grep -q "\"version\": \"$AZURITE_VERSION\"" "$AZURITE_DIR/node_modules/azurite/package.json"
}

if have_azurite; then
  echo "install-deps: Azurite $AZURITE_VERSION present in $AZURITE_DIR"
else
  if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    apt_install nodejs npm
  fi
  mkdir -p "$AZURITE_DIR"
  # Debian's Node.js may be older than Azurite's "engines" ask for; it runs the table service fine (engine warning only).
  npm install --prefix "$AZURITE_DIR" --no-audit --no-fund --omit=dev --loglevel=error "azurite@$AZURITE_VERSION"
  have_azurite || { echo "install-deps: npm did not install azurite@$AZURITE_VERSION into $AZURITE_DIR" >&2; exit 1; }
  echo "install-deps: Azurite $AZURITE_VERSION installed into $AZURITE_DIR"
fi
