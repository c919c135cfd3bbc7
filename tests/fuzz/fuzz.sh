#!/usr/bin/env bash
# Fuzzes task loading, rendering, validation and planning: tests/fuzz/fuzz.sh N SEED [driver options]
# Runs inputs 0..N-1 of SEED (add --start K to begin elsewhere) through TaskLoader in child processes, each input
# bounded in time and memory; failing inputs are saved under tests/fuzz/crashes/ (gitignored). Exit 0 when none failed.
# Replay saved inputs with: dotnet tests/TaskRunner.Fuzz/bin/Release/net10.0/TaskRunner.Fuzz.dll replay tests/fuzz/crashes/*
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 N SEED [--start K] [--chunk C] [--timeout-ms T] [--memory-mb M] [--crashes DIR]" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="$1"; seed="$2"; shift 2
dotnet build "$root/tests/TaskRunner.Fuzz/TaskRunner.Fuzz.csproj" -c Release -nologo -v quiet >&2
exec dotnet "$root/tests/TaskRunner.Fuzz/bin/Release/net10.0/TaskRunner.Fuzz.dll" run "$n" "$seed" --crashes "$root/tests/fuzz/crashes" "$@"
