#!/usr/bin/env bash
# Browser tests drive Debian's chromium (never a downloaded browser build).
set -euo pipefail
# CHROMIUM_PATH may name another Chromium build already on the machine (e.g. GitHub's runners).
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
echo "Installing Debian's chromium for the browser tests..."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
