# Shared by the benchmark scripts in this folder (sourced, not run). Each script measures TaskRunner against its
# references (the docker CLI, and acb where ../shared/oracle/acb or $TASKRUNNER_ACB exists) in the same run, rounds
# alternating, and prints the ratios. Needs the engine and registry (tests/infra/services.sh up).
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
registry=${TASKRUNNER_REGISTRY:-127.0.0.1:5000}
rounds=${ROUNDS:-3}
work=$(mktemp -d -t taskrunner-bench-XXXXXX)
bench_cleanups=()
bench_cleanup() { local c; for c in "${bench_cleanups[@]}"; do eval "$c" >/dev/null 2>&1 || true; done; rm -rf "$work"; }
trap bench_cleanup EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }
sum() { echo "$1 + $2" | bc; }

# The build users get by default: the ReadyToRun build the tool package carries for this platform.
# TASKRUNNER_DLL=path/to/taskrunner.dll measures another one; TASKRUNNER_EXE=path/to/taskrunner a native build.
taskrunner_cli() {
  if [ -n "${TASKRUNNER_EXE:-}" ]; then taskrunner=("$TASKRUNNER_EXE"); echo "measuring $TASKRUNNER_EXE" >&2; return; fi
  local dll=${TASKRUNNER_DLL:-$work/cli/taskrunner.dll}
  if [ -z "${TASKRUNNER_DLL:-}" ]; then
    echo "publishing taskrunner (Release, ReadyToRun)..." >&2
    local rid; case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
    dotnet publish "$bench_root/src/TaskRunner.Cli" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
      -o "$work/cli" -v quiet -nologo >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }
  fi
  echo "measuring $dll" >&2
  taskrunner=(dotnet "$dll")
}

# acb, the runner behind ACR Tasks, where it is at hand; with its stand-in images (acb:latest, bash:latest,
# docker:latest) built once so that it runs offline. Sets $acb, or leaves it empty.
acb_cli() {
  acb=${TASKRUNNER_ACB:-}
  [ -n "$acb" ] || { [ -x "$bench_root/../shared/oracle/acb" ] && acb=$(cd "$bench_root/../shared/oracle" && pwd)/acb; }
  if [ -z "$acb" ]; then echo "acb: not found (../shared/oracle/acb or \$TASKRUNNER_ACB); its columns are left out" >&2; return; fi
  if ! docker image inspect acb:latest bash:latest docker:latest >/dev/null 2>&1; then
    bash "$(dirname "$acb")/stand-ins.sh" >&2 || { echo "acb: stand-ins failed; its columns are left out" >&2; acb=; }
  fi
}
