#!/usr/bin/env bash
# Runs streamer, building it first when needed (first use, or any source or build file changed since
# the last build). Needs only the .NET SDK. All arguments go to streamer, e.g.:
#   ./run.sh --simulate          record from the built-in simulated exchange
#   ./run.sh -c config.yaml      record from Binance
#   ./run.sh --help
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$root/.build/streamer"
stamp="$out/.build-stamp"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

needs_build() {
    [[ -x "$out/streamer" && -f "$stamp" ]] || return 0
    local newer
    newer="$(find "$root/src" "$root/global.json" "$root"/Directory.*.props -newer "$stamp" -type f \
        -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null || true)"
    [[ -n "$newer" ]]
}

if needs_build; then
    if ! command -v dotnet >/dev/null 2>&1; then
        echo "run.sh: the .NET SDK is needed to build streamer (https://dot.net/download); 'dotnet' is not on PATH" >&2
        exit 1
    fi
    echo "run.sh: building streamer into $out ..." >&2
    # The stamp is taken before the build, so a file edited during the build triggers the next one.
    started="$(mktemp)"
    if ! dotnet build "$root/src/Streamer/Streamer.csproj" -c Release -o "$out" -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2; then
        rm -f "$started"
        echo "run.sh: build failed" >&2
        exit 1
    fi
    mv "$started" "$stamp"
fi

# exec: streamer replaces this shell, so signals (Ctrl+C, SIGTERM, SIGHUP) and the exit code reach it directly.
exec "$out/streamer" "$@"
