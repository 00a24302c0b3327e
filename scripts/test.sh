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

# --- 1. Debian packages the tests drive (real peers) -------------------------------------
PACKAGES=(sip-tester socat openssl iproute2 util-linux procps rtpengine-daemon kamailio chromium)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- 2. Build once, and the npm packages of the browser tests (both need their registries,
#        so outside the namespace; node_modules is never committed) --------------------------
dotnet build Bridgehead.slnx -c Release -warnaserror -nologo -v q
command -v npm >/dev/null || { echo "npm (Node.js >= 20) is needed for the Chromium interop tests"; exit 1; }
(cd tests/Bridgehead.InteropTests/Relay/Chromium && npm ci --no-audit --no-fund --loglevel=error)

# --- 3. Run -------------------------------------------------------------------------------
run_tests() { # project
  dotnet test "$1" -c Release --no-build -nologo "${FILTER[@]}" --logger "console;verbosity=normal"
}
run_tests tests/Bridgehead.Tests/Bridgehead.Tests.csproj

in_netns() {
  if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null && [ -z "${NO_NETNS:-}" ]; then
    unshare -n bash -c 'ip link set lo up && exec "$@"' _ "$@"
  else
    "$@"
  fi
}
export -f run_tests
export FILTER_ARGS="${FILTER[*]:-}"
in_netns dotnet test tests/Bridgehead.IntegrationTests/Bridgehead.IntegrationTests.csproj -c Release --no-build -nologo "${FILTER[@]}"
in_netns dotnet test tests/Bridgehead.InteropTests/Bridgehead.InteropTests.csproj -c Release --no-build -nologo "${FILTER[@]}"
echo "all tests passed"
