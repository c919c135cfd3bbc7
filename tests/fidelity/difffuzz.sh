#!/usr/bin/env bash
# Differential fuzzing of TaskRunner's loader against acb, the runner behind ACR Tasks.
#   tests/fidelity/difffuzz.sh N SEED [--minimise K] [--keep DIR]
# Generates N task files from SEED (the same seed gives the same files), runs `acb exec --dry-run --debug` (2 at a time)
# and TaskRunner's loader on each with the same flags, and prints every disagreement as a ready-to-paste case (the
# files and both command lines), then up to K (default 10) minimised cases, one per kind of disagreement, then a summary
# by kind (acceptance, processed text, rendered text) and a final count line. Exit status 1 when anything disagrees.
#   tests/fidelity/difffuzz.sh case CASESEED      prints one generated case (case seeds are shown with each disagreement)
# acb: $TASKRUNNER_ACB, else ../shared/oracle/acb relative to the repository root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$root/tests/TaskRunner.Fidelity.Tests/TaskRunner.Fidelity.Tests.csproj"
dll="$root/tests/TaskRunner.Fidelity.Tests/bin/Release/net10.0/TaskRunner.Fidelity.Tests.dll"
if [[ $# -lt 2 ]]; then
  echo "usage: $0 N SEED [--minimise K] [--keep DIR] | $0 case CASESEED" >&2
  exit 2
fi
dotnet build "$project" -c Release -nologo -v quiet >&2
if [[ "$1" == case ]]; then
  exec dotnet "$dll" case "$2"
fi
export TASKRUNNER_ACB="${TASKRUNNER_ACB:-$root/../shared/oracle/acb}"
exec dotnet "$dll" fuzz "$@"
