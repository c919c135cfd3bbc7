#!/usr/bin/env bash
# Benchmark: a cold process validating the seed file: `taskrunner validate` as the JIT build (the ReadyToRun build the
# tool package carries) and as the native build (NativeAOT, artifacts/native/<rid>/taskrunner), against
# `acb exec --dry-run` (which loads, renders and validates the same file and prints its plan). Each round starts each
# of them N times in turn (JIT, native, acb, alternating rounds), and prints the round's mean wall time and peak memory;
# the last line gives the medians over the rounds and the ratios. Not a test: it prints figures (docs/performance.md,
# "Start-up: native build").
#   ROUNDS=5 N=20 tests/benchmarks/startup.sh    TASKRUNNER_NATIVE=path/to/taskrunner measures another native build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${N:-20}
taskrunner_cli
acb_cli
case "$(uname -m)" in aarch64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
native=${TASKRUNNER_NATIVE:-$bench_root/artifacts/native/$rid/taskrunner}
if [ ! -x "$native" ]; then echo "native: $native not found (./build.sh --target=PublishNative); its column is left out" >&2; native=; fi
seed="$bench_root/tests/fixtures/seed.acr-task.yaml"
mean_of() { # command... -> "mean-ms peak-MiB"
  local i s total=0 peak=0 m
  for i in $(seq 1 "$n"); do
    s=$(now); /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true
    total=$(sum "$total" "$(elapsed "$s" "$(now)")"); m=$(( $(tail -1 "$work/rss") / 1024 )); [ "$m" -gt "$peak" ] && peak=$m
  done
  echo "$(echo "scale=1; $total * 1000 / $n" | bc) $peak"
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
jit() { mean_of "${taskrunner[@]}" validate "$seed"; }
nat() { mean_of "$native" validate "$seed"; }
ref() { (cd "$(dirname "$seed")" && mean_of "$acb" exec --dry-run -f "$(basename "$seed")" -r reg.azurecr.io --id run1); }
order=(jit)
[ -z "$native" ] || order+=(nat)
[ -z "$acb" ] || order+=(ref)
: >"$work/jit"; : >"$work/nat"; : >"$work/ref"
for r in $(seq 1 "$rounds"); do
  line="startup (round $r, $n cold starts each):"
  # Alternate who goes first, so that no one always starts right after the same neighbour.
  if [ $((r % 2)) -eq 0 ]; then run_order=("${order[@]}"); else run_order=($(printf '%s\n' "${order[@]}" | tac)); fi
  for who in "${run_order[@]}"; do
    read -r t m < <("$who")
    echo "$t" >>"$work/$who"; echo "$m" >>"$work/$who.mem"
    case $who in jit) name="taskrunner (JIT)";; nat) name="taskrunner (native)";; ref) name="acb exec --dry-run";; esac
    line+=" $name ${t} ms (peak ${m} MiB);"
  done
  echo "$line"
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
j=$(median <"$work/jit"); jm=$(sort -n "$work/jit.mem" | tail -1)
line="startup: medians of $rounds rounds x $n cold starts: taskrunner validate (JIT) ${j} ms (peak ${jm} MiB)"
if [ -n "$native" ]; then
  t=$(median <"$work/nat"); tm=$(sort -n "$work/nat.mem" | tail -1)
  line+="; native ${t} ms (peak ${tm} MiB), native/JIT $(ratio "$t" "$j")"
fi
if [ -n "$acb" ]; then
  a=$(median <"$work/ref"); am=$(sort -n "$work/ref.mem" | tail -1)
  line+="; acb exec --dry-run ${a} ms (peak ${am} MiB); JIT/acb $(ratio "$j" "$a")"
  [ -z "$native" ] || line+=", native/acb $(ratio "$t" "$a") (target <= 2)"
fi
echo "$line; load average $load"
