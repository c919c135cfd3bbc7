#!/usr/bin/env bash
# Benchmark: a step that prints a lot, to /dev/null, with plain progress: TaskRunner against acb (which pipes the docker
# CLI) and `docker run` of the same container, with each one's peak memory (GNU time's maximum resident set).
# Not a test: it prints figures (docs/performance.md, "Step output").
#   ROUNDS=3 MB=300 tests/benchmarks/output.sh [lines|longline]
#   lines     MB megabytes in lines of 100 characters
#   longline  MB megabytes with no line break at all (memory must stay bounded)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mode=${1:-lines}
mb=${MB:-300}
taskrunner_cli
acb_cli
bytes=$((mb * 1000 * 1000))
case "$mode" in
  lines) gen="yes 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678 | head -c $bytes" ;;
  longline) gen="yes x | tr -dc x | head -c $bytes" ;;
  *) echo "usage: $0 [lines|longline]" >&2; exit 2 ;;
esac
src="$work/src"; mkdir -p "$src"
printf 'version: v1.1.0\nsteps:\n  - cmd: busybox sh -c "%s"\n' "$gen" >"$src/acr-task.yaml"
echo "output ($mode): a step printing $mb MB" >&2

timed() { # label command... -> "seconds peak-MiB"
  local s e; s=$(now)
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>"$work/err" || { echo "$1 failed:" >&2; tail -5 "$work/err" >&2; exit 1; }
  e=$(now); echo "$(elapsed "$s" "$e") $(( $(tail -1 "$work/rss") / 1024 ))"
}
t_sum=0; d_sum=0; a_sum=0; t_peak=0
for r in $(seq 1 "$rounds"); do
  read -r t tm < <(timed "${taskrunner[@]}" run --progress plain --no-docker-socket -f "$src/acr-task.yaml" --id "bout$$r$r" "$src")
  read -r d dm < <(timed docker run --rm busybox sh -c "$gen")
  line="output (round $r): taskrunner ${t}s (peak ${tm} MiB); docker run ${d}s (ratio $(ratio "$t" "$d"))"
  if [ -n "$acb" ]; then
    read -r a am < <(cd "$src" && timed "$acb" exec -f acr-task.yaml --id "bout$$a$r" --homevol "$src")
    a_sum=$(sum "$a_sum" "$a"); line+="; acb ${a}s (peak ${am} MiB; taskrunner/acb $(ratio "$t" "$a"))"
  fi
  echo "$line"
  t_sum=$(sum "$t_sum" "$t"); d_sum=$(sum "$d_sum" "$d"); [ "$tm" -gt "$t_peak" ] && t_peak=$tm
done
line="output ($mode, $mb MB): $rounds rounds, taskrunner ${t_sum}s (peak ${t_peak} MiB), docker run ${d_sum}s, ratio $(ratio "$t_sum" "$d_sum")"
[ -z "$acb" ] || line+="; acb ${a_sum}s, taskrunner/acb $(ratio "$t_sum" "$a_sum") (target <= 1.2, < 200 MB peak)"
echo "$line"
