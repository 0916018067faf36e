#!/usr/bin/env bash
# Runs every test: unit tests of each library and the integration tests that spawn the real
# `streamer` executable against the built-in simulated exchange. Needs only the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet test Streamer.sln -c Release "$@"
