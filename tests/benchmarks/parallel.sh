#!/usr/bin/env bash
# Benchmark: 8 independent cmd steps that each sleep 2 s, against one such step (the ratio says how much the engine
# and the runner serialise), for taskrunner, acb and the docker CLI in the same rounds, the six runs of a round in a
# rotating order. Not a test: it prints figures (docs/performance.md, "Running steps").
#   ROUNDS=7 tests/benchmarks/parallel.sh
#   TOOLS="tr cli clisame acb trbase" ...   the columns (default: tr, cli, acb when it is at hand, trbase when
#                    TASKRUNNER_BASE_DLL names another build to compare with)
#   TIMELINE=1 ...   also prints, for every run, where the time went, from the engine's events (`docker events`):
#                    seconds from the command's start to the first/last container create, start, die and destroy.
# Prints each round, then per tool the median and minimum ratio 8/1 and the median seconds that the 7 extra steps add
# (8 steps - 1 step), and the load average at the start and the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=${ROUNDS:-5}
taskrunner_cli
acb_cli
net="taskrunner-bench-$$"
bench_cleanups+=("docker network rm $net" "docker volume rm $net-ws $net-home")
dir="$work/parallel"; mkdir -p "$dir"
{ echo "steps:"; for i in $(seq 1 8); do echo "  - id: s$i"; echo "    when: [\"-\"]"; echo "    cmd: busybox sleep 2"; done; } >"$dir/eight.yaml"
printf 'steps:\n  - id: s1\n    cmd: busybox sleep 2\n' >"$dir/one.yaml"

# Each run's containers carry a label of the run (filter_<tool>), so that its timeline leaves out other containers.
runs=0
run_tr() { runs=$((runs + 1)); "${taskrunner[@]}" run -f "$dir/$1.yaml" --id "bpar$$-$runs" --no-docker-socket "$dir" >"$work/tr.log" 2>&1 || { tail -20 "$work/tr.log" >&2; exit 1; }; }
# TASKRUNNER_BASE_DLL=path/to/taskrunner.dll: another build of taskrunner as the column "trbase" (before/after in the same rounds).
run_trbase() { runs=$((runs + 1)); dotnet "$TASKRUNNER_BASE_DLL" run -f "$dir/$1.yaml" --id "bpar$$-$runs" --no-docker-socket "$dir" >"$work/trbase.log" 2>&1 || { tail -20 "$work/trbase.log" >&2; exit 1; }; }
run_acb() { (cd "$dir" && DOCKER_BUILDKIT=0 "$acb" exec -f "$1.yaml" -r "$registry" --id "bpar$$" --homevol "$dir") >"$work/acb.log" 2>&1 || { tail -20 "$work/acb.log" >&2; exit 1; }; }
# The docker CLI: a network, the containers started at once (each reachable by its step id), waited for and removed.
run_cli() {
  local n=8 i; [ "$1" = one ] && n=1
  docker network create "$net" >/dev/null
  for i in $(seq 1 "$n"); do docker run --rm --label "bpar=$$" --network "$net" --network-alias "s$i" busybox sleep 2 >/dev/null & done; wait
  docker network rm "$net" >/dev/null
}

# The docker CLI running the containers a TaskRunner run makes (the engine's floor for them): besides the network and
# alias, /workspace and /acb/home volumes mounted, /workspace the working directory, HOME=/acb/home.
run_clisame() {
  local n=8 i; [ "$1" = one ] && n=1
  docker network create "$net" >/dev/null; docker volume create "$net-ws" >/dev/null; docker volume create "$net-home" >/dev/null
  for i in $(seq 1 "$n"); do
    docker run --rm --label "bpar=$$" --network "$net" --network-alias "s$i" -v "$net-ws:/workspace" -v "$net-home:/acb/home" -w /workspace \
      -e HOME=/acb/home busybox sleep 2 >/dev/null &
  done; wait
  docker network rm "$net" >/dev/null; docker volume rm "$net-ws" "$net-home" >/dev/null
}

filter_tr() { echo "label=io.taskrunner.run=bpar$$-$runs"; }
filter_trbase() { filter_tr; }
filter_cli() { echo "label=bpar=$$"; }
filter_clisame() { filter_cli; }
filter_acb() { local i; for i in $(seq 1 8); do echo "container=s$i"; done; }

# Where a run's time went, from the engine's events between $1 and $2 (seconds since the epoch) of the containers
# that match the filters on the following lines of standard input.
timeline() {
  local filters=() f; while read -r f; do filters+=(--filter "$f"); done
  docker events --since "$1" --until "$2" --filter type=container "${filters[@]}" --format '{{.TimeNano}} {{.Action}}' \
    | awk -v s="$1" '
        { t = $1 / 1e9 - s; a = $2; sub(/:.*/, "", a)
          if (!(a in first)) first[a] = t; last[a] = t }
        END { out = ""
          n = split("create attach start die destroy", order, " ")
          for (i = 1; i <= n; i++) if (order[i] in first) out = out sprintf(" %s %.2f-%.2f", order[i], first[order[i]], last[order[i]])
          print out }'
}

timed() { # tool case -> seconds (and the timeline on stderr with TIMELINE=1)
  local s e
  s=$(now); "run_$1" "$2"; e=$(now)
  [ -z "${TIMELINE:-}" ] || echo "  $1 $2:$("filter_$1" | timeline "$s" "$e")" >&2
  elapsed "$s" "$e"
}

# TOOLS="tr cli clisame acb" picks the columns (clisame: the docker CLI with TaskRunner's mounts, see run_clisame).
if [ -n "${TOOLS:-}" ]; then read -r -a tools <<<"$TOOLS"; else tools=(tr cli); [ -z "$acb" ] || tools+=(acb); [ -z "${TASKRUNNER_BASE_DLL:-}" ] || tools+=(trbase); fi
# Warm-up: each tool's code and the image's layers paged in.
for t in "${tools[@]}"; do "run_$t" one; done
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A results
for r in $(seq 1 "$rounds"); do
  # Rotate the order so that no tool always runs right after another one's clean-up.
  order=("${tools[@]:$(( (r - 1) % ${#tools[@]} ))}" "${tools[@]:0:$(( (r - 1) % ${#tools[@]} ))}")
  line="parallel (round $r, load $(cut -d' ' -f1 /proc/loadavg)):"
  for t in "${order[@]}"; do
    eight=$(timed "$t" eight); one=$(timed "$t" one)
    results[$t]+="$eight $one "
    line+=" $t 8: ${eight}s 1: ${one}s ($(ratio "$eight" "$one"));"
  done
  echo "$line"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# Median and minimum of the ratios, median of 8 - 1, per tool.
summary() {
  echo "${results[$1]}" | xargs -n2 | awk -v tool="$1" '
    { r[NR] = $1 / $2; d[NR] = $1 - $2 }
    function median(a, n,   i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END { n = NR; mr = median(r, n); md = median(d, n)
      printf "%-4s ratio 8/1 median %.2f min %.2f max %.2f; 7 extra steps add %.2f s (median)\n", tool, mr, r[1], r[n], md }'
}
echo "parallel: $rounds rounds, load average $load_start at the start, $load_end at the end"
for t in "${tools[@]}"; do summary "$t"; done
