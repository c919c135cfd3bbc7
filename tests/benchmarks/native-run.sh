#!/usr/bin/env bash
# Benchmark: the seed task end to end (the corrected multi-arch sample: 2 builds, a push of both, docker manifest
# create/push/inspect), builds cached after a warm-up, run by the native build (NativeAOT) and by the JIT build (the
# ReadyToRun build the tool package carries), alternating who goes first each round. Prints each round and the medians;
# target: native/JIT <= 1. Not a test: it prints figures (docs/performance.md, "Start-up: native build").
#   ROUNDS=7 tests/benchmarks/native-run.sh      TASKRUNNER_NATIVE=path/to/taskrunner measures another native build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
taskrunner_cli
case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
native=${TASKRUNNER_NATIVE:-$bench_root/artifacts/native/$rid/taskrunner}
[ -x "$native" ] || { echo "native: $native not found (./build.sh --target=PublishNative)" >&2; exit 2; }
src="$work/src"; cp -r "$bench_root/samples/multi-arch" "$src"
repo="$registry/multi-arch-samples/myimage"
bench_cleanups+=("docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^$repo:bnat$$' | xargs -r docker rmi -f")
run_with() { # id command... -> seconds
  local id=$1; shift; local s; s=$(now)
  "$@" run -f "$src/acr-task.yaml" -r "$registry" --id "$id" "$src" >"$work/run.log" 2>&1 || { tail -20 "$work/run.log" >&2; exit 1; }
  elapsed "$s" "$(now)"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Warm-up: every build cached, every blob in the registry, each build's code paged in.
run_with "bnat$$w1" "${taskrunner[@]}" >/dev/null; run_with "bnat$$w2" "$native" >/dev/null
: >"$work/jit"; : >"$work/nat"
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    n=$(run_with "bnat$$n$r" "$native"); j=$(run_with "bnat$$j$r" "${taskrunner[@]}")
  else
    j=$(run_with "bnat$$j$r" "${taskrunner[@]}"); n=$(run_with "bnat$$n$r" "$native")
  fi
  echo "$n" >>"$work/nat"; echo "$j" >>"$work/jit"
  echo "seed run (round $r): native ${n}s; JIT ${j}s (native/JIT $(ratio "$n" "$j"))"
done
mn=$(median <"$work/nat"); mj=$(median <"$work/jit")
echo "seed run: medians of $rounds rounds: native ${mn}s, JIT ${mj}s, native/JIT $(ratio "$mn" "$mj") (target <= 1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
