#!/usr/bin/env bash
# The brochure PDF is made by WeasyPrint, which needs Pango and HarfBuzz from Debian.
# With --test, also poppler-utils (pdftoppm, pdffonts) for the brochure tests.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1)
if [ "${1:-}" = "--test" ]; then packages+=(poppler-utils); fi
if ! command -v dpkg-query >/dev/null; then
  echo "Not a Debian system: install Pango and HarfBuzz (and poppler-utils for the tests) yourself." >&2
  exit 0
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages for the brochure PDF: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
