#!/usr/bin/env bash
# Runs one benchmark in one command, building everything it needs in Release first (into bench/.build, ignored by git).
#   bench/run.sh throughput|cost|latency|memory|scale|startup [options]   end-to-end (see bench/README.md)
#   bench/run.sh micro [BenchmarkDotNet options]                          microbenchmarks
#   bench/run.sh all                                                      every benchmark, one after the other
# Options of the end-to-end benchmarks: --runs N, --seconds S, --rate R, --symbols N, --truth, --quick, --no-results, ...
# (bench/.build/harness/streamer-bench --help). With --snapshot first, streamer is built from the last commit (git archive
# HEAD) instead of the working tree, and RESULTS.md names that commit.
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
out="$bench/.build"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

snapshot=0
if [[ "${1:-}" == "--snapshot" ]]; then
    snapshot=1
    shift
fi

name="${1:-}"
case "$name" in
    throughput|cost|latency|memory|scale|startup|micro|all) shift ;;
    *) echo "usage: bench/run.sh [--snapshot] throughput|cost|latency|memory|scale|startup|micro|all [options]" >&2; exit 2 ;;
esac

build() { # project output [extra dotnet args...]
    local project="$1" output="$2"
    shift 2
    echo "bench: building $(basename "$project") ..." >&2
    dotnet build "$project" -c Release -o "$output" --artifacts-path "$out/artifacts" -nologo -v quiet "-clp:ErrorsOnly;NoSummary" "$@" >&2
}

source_root="$root"
if [[ $snapshot == 1 ]]; then
    commit="$(git -C "$root" rev-parse --short HEAD)"
    source_root="$out/snapshot-$commit"
    if [[ ! -d "$source_root" ]]; then
        mkdir -p "$source_root"
        git -C "$root" archive HEAD src Directory.Build.props Directory.Packages.props global.json .editorconfig | tar -x -C "$source_root"
    fi
    export STREAMER_BENCH_COMMIT="$commit (snapshot)"
fi

build_streamer() {
    build "$source_root/src/Streamer/Streamer.csproj" "$out/streamer"
}

build_streamer_r2r() {
    echo "bench: publishing streamer ReadyToRun ..." >&2
    dotnet publish "$source_root/src/Streamer/Streamer.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -o "$out/streamer-r2r" --artifacts-path "$out/artifacts-r2r" -nologo -v quiet "-clp:ErrorsOnly;NoSummary" >&2
}

run_e2e() { # name [options]
    local which="$1"
    shift
    "$out/harness/streamer-bench" "$which" --exe "$out/streamer/streamer" --exe-r2r "$out/streamer-r2r/streamer" \
        --gc-hook "$out/gchook/Streamer.Bench.GcHook.dll" "$@"
}

run_micro() {
    build "$bench/Streamer.Micro/Streamer.Micro.csproj" "$out/micro"
    rm -rf "$out/micro-artifacts"
    mkdir -p "$out/micro-run"
    # In-process toolchain: BenchmarkDotNet does not generate and build a project per benchmark (minutes on 2 cores).
    (cd "$out/micro-run" && "$out/micro/Streamer.Micro" --filter '*' --job short --inProcess --artifacts "$out/micro-artifacts" "$@")
    (cd "$root" && "$out/harness/streamer-bench" micro-import "$out/micro-artifacts/results")
}

build "$bench/Streamer.Bench/Streamer.Bench.csproj" "$out/harness"
cd "$root"
case "$name" in
    micro) run_micro "$@" ;;
    cost) build_streamer; build "$bench/Streamer.Bench.GcHook/Streamer.Bench.GcHook.csproj" "$out/gchook"; run_e2e cost "$@" ;;
    memory|startup) build_streamer; build_streamer_r2r; run_e2e "$name" "$@" ;;
    all)
        build_streamer; build_streamer_r2r; build "$bench/Streamer.Bench.GcHook/Streamer.Bench.GcHook.csproj" "$out/gchook"
        for b in throughput cost latency memory scale startup; do run_e2e "$b" "$@"; done
        run_micro ;;
    *) build_streamer; run_e2e "$name" "$@" ;;
esac
