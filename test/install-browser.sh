#!/usr/bin/env bash
# Debian's Chromium (and fonts) for the headless-browser tests; does nothing when they are there.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  # Waits for the dpkg lock instead of failing when another install (a benchmark setup, the OS) holds it.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi
