#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (Playwright drives it through ExecutablePath; Playwright's own browser
# download is not used), only when it is missing (idempotent).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-browser: chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo unknown version))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium

[ -x /usr/bin/chromium ] || { echo "install-browser: installing chromium did not provide /usr/bin/chromium" >&2; exit 1; }
echo "install-browser: chromium installed"
