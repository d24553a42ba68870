#!/usr/bin/env bash
# Debian's redis-server for the sweep queue tests (they start their own server on a free loopback port, never the
# system service); does nothing when it is there.
set -euo pipefail
if ! command -v redis-server >/dev/null; then
  # Waits for the dpkg lock instead of failing when another install (a benchmark setup, the OS) holds it.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends redis-server
  # The package starts a system server on port 6379 where an init system runs; the tests never use it.
fi
