#!/usr/bin/env bash
# Benchmark: a cold process validating the seed file: `taskrunner validate` against `acb exec --dry-run` (which loads,
# renders and validates the same file and prints its plan), each started N times in turn, with mean wall time and peak
# memory. Not a test: it prints figures (docs/performance.md, "Start-up").
#   N=20 tests/benchmarks/startup.sh        TASKRUNNER_EXE=artifacts/native/linux-x64/taskrunner measures a native build
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${N:-20}
taskrunner_cli
acb_cli
seed="$bench_root/tests/fixtures/seed.acr-task.yaml"
mean_of() { # command... -> "mean-ms peak-MiB"
  local i s total=0 peak=0 m
  for i in $(seq 1 "$n"); do
    s=$(now); /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true
    total=$(sum "$total" "$(elapsed "$s" "$(now)")"); m=$(( $(tail -1 "$work/rss") / 1024 )); [ "$m" -gt "$peak" ] && peak=$m
  done
  echo "$(echo "scale=1; $total * 1000 / $n" | bc) $peak"
}
read -r t tm < <(mean_of "${taskrunner[@]}" validate "$seed")
line="startup: taskrunner validate ${t} ms (peak ${tm} MiB), mean of $n cold starts"
if [ -n "$acb" ]; then
  read -r a am < <(cd "$(dirname "$seed")" && mean_of "$acb" exec --dry-run -f "$(basename "$seed")" -r reg.azurecr.io --id run1)
  line+="; acb exec --dry-run ${a} ms (peak ${am} MiB); ratio $(ratio "$t" "$a") (target <= 2 with the native build)"
fi
echo "$line"
