#!/usr/bin/env bash
# Installs the real VS Code that the extension tests run in: code-server (VS Code 1.100.3 server, web workbench
# and Node extension host) plus playwright-core driving Debian's Chromium. Offline-safe (npm registry + apt only)
# and idempotent: a second run returns at once. Installs into $SCANN_TEST_HOST_DIR (default .vscode-test-host/).
set -euo pipefail
export npm_config_yes=true   # node-pty's install step runs `npx node-gyp`
CS_VERSION=4.100.3           # the newest code-server on Node 20 (4.103+ needs Node 22)
PW_VERSION=1.65.1
HOST_DIR="${SCANN_TEST_HOST_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/.vscode-test-host}"

missing=()
command -v rg >/dev/null || missing+=(ripgrep)            # instead of @vscode/ripgrep's GitHub download
command -v chromium >/dev/null || missing+=(chromium)
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
command -v python3 >/dev/null || missing+=(python3)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)   # code-server's kerberos module
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  # Waits for the dpkg lock instead of failing when another install (a benchmark setup, the OS) holds it.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi

CS="$HOST_DIR/node_modules/code-server"
if [ -f "$CS/.scann-install-ok" ] && grep -q "\"version\": \"$CS_VERSION\"" "$CS/package.json"; then
  echo "test host: code-server $CS_VERSION already in $HOST_DIR"
  exit 0
fi
mkdir -p "$HOST_DIR"
cd "$HOST_DIR"
[ -f package.json ] || echo '{"name":"scann-vscode-test-host","private":true}' > package.json
# code-server's own postinstall would download ripgrep from GitHub: skip it and do its steps here.
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
npm rebuild argon2
cd "$CS/lib/vscode"
npm install --no-audit --no-fund --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --no-audit --no-fund --omit=dev)
node -e 'require("./node_modules/node-pty"); require("./node_modules/@vscode/spdlog")'
touch "$CS/.scann-install-ok"
echo "test host: code-server $CS_VERSION installed in $HOST_DIR"
