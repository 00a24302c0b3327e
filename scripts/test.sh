#!/usr/bin/env bash
# Installs what the tests need when it is missing, builds, and runs every test.
#   ./scripts/test.sh                 all tests
#   ./scripts/test.sh --filter EXPR   passed to dotnet test (e.g. FullyQualifiedName~Registrar)
# Unit tests run in the host namespace; integration and interop tests run inside a private
# network namespace (only lo up) when we are root, so fixed ports never collide with anything.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FILTER=()
if [ "${1:-}" = "--filter" ]; then FILTER=(--filter "$2"); shift 2; fi

timed() { # label command...
  local start=$SECONDS
  "${@:2}"
  echo "$1: $((SECONDS - start)) s"
}

# --- 1. Debian packages the tests drive (real peers) -------------------------------------
# sip-tester: sipp; socat: the TLS wrappers around sipp; iproute2: ip (netns) and ss (has a peer
# bound its port?); util-linux: unshare; procps: kill (SIGTERM/SIGINT to the server by pid);
# rtpengine-daemon and kamailio: the ng protocol's real peers; chromium: JsSIP and WebRTC in a
# real browser; baresip-core: a real softphone; tshark: counting RTP on the wire.
PACKAGES=(sip-tester socat openssl iproute2 util-linux procps rtpengine-daemon kamailio chromium baresip-core tshark)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Node and npm drive the browser tests (JsSIP in Chromium); the image ships them, Debian has them too.
if ! command -v npm >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm
fi

# --- 2. Build once, and the pinned npm packages of the browser tests (both need their registries,
# so outside the namespace) ------------------------------------------------------------------
(cd tests/Bridgehead.InteropTests/Browser && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/Bridgehead.InteropTests/Relay/Chromium && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/Bridgehead.InteropTests/WebPhone && npm ci --no-audit --no-fund --loglevel=error)
# The web phone and dashboard: with web/node_modules present, the build's BuildWebAssets target
# rebuilds src/Bridgehead.Management/wwwroot from web/src (JsSIP bundled by esbuild) when changed.
(cd web && npm ci --no-audit --no-fund --loglevel=error)
timed "build" dotnet build Bridgehead.slnx -c Release -warnaserror -nologo -v q

# --- 3. Run -------------------------------------------------------------------------------
run_tests() { # project
  dotnet test "$1" -c Release --no-build -nologo "${FILTER[@]}" --logger "console;verbosity=normal"
}
timed "unit tests" run_tests tests/Bridgehead.Tests/Bridgehead.Tests.csproj

in_netns() {
  if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && [ -z "${NO_NETNS:-}" ]; then
    unshare -n bash -c 'ip link set lo up && exec "$@"' _ "$@"
  else
    "$@"
  fi
}
export -f run_tests
export FILTER_ARGS="${FILTER[*]:-}"
timed "integration tests" in_netns dotnet test tests/Bridgehead.IntegrationTests/Bridgehead.IntegrationTests.csproj -c Release --no-build -nologo "${FILTER[@]}" --logger "console;verbosity=normal"
timed "interop tests" in_netns dotnet test tests/Bridgehead.InteropTests/Bridgehead.InteropTests.csproj -c Release --no-build -nologo "${FILTER[@]}" --logger "console;verbosity=normal"
echo "all tests passed"
