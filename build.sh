#!/usr/bin/env bash
# Bootstrap: restores the pinned Cake tool (.config/dotnet-tools.json) and runs build.cake with the given arguments.
#   ./build.sh --target=Sample   run the multi-arch sample end to end (brings up engine and registry where none runs)
#   ./build.sh --target=Test     run every test (unit and integration) and print "N passed, N failed"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET 10 SDK is required (dotnet on PATH)" >&2
  exit 2
fi
dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
