#!/usr/bin/env bash
# Benchmarks of `taskrunner run` against the docker CLI on this machine's engine (docs/performance.md, "Running steps").
# Not a test: it prints figures. Needs the engine (tests/infra/services.sh up) and busybox:latest.
#
#   tests/benchmarks/run-steps.sh [sequential|parallel|context|all]   (default: all)
#
#   sequential  20 trivial cmd steps in one run, against `docker run --rm` of the same image 20 times on one network
#               (TASKRUNNER_BASE_DLL=path/to/taskrunner.dll also times another build in the same rounds: before/after)
#   parallel    8 independent steps that each sleep 2 s, against one such step
#   context     a 1 GiB, 10,000-file build context: taskrunner's build step against `docker build` (classic builder),
#               with taskrunner's peak memory (GNU time's maximum resident set size)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
which=${1:-all}
net="taskrunner-bench-$$"
bench_cleanups+=("docker network rm $net" "docker rmi -f taskrunner-bench/context:$$ taskrunner-bench/context-docker:$$")
taskrunner_cli

sequential() {
  local dir="$work/sequential"; mkdir -p "$dir"
  { echo "steps:"; for _ in $(seq 1 20); do echo "  - cmd: busybox true"; done; } >"$dir/acr-task.yaml"
  "${taskrunner[@]}" run -f "$dir/acr-task.yaml" --no-docker-socket "$dir" >/dev/null   # warm-up
  local s e tr loop withnet tr_sum=0 loop_sum=0 net_sum=0 r base base_sum=0 base_line=
  for r in $(seq 1 "$rounds"); do
    s=$(now); "${taskrunner[@]}" run -f "$dir/acr-task.yaml" --no-docker-socket "$dir" >"$dir/out.txt"; e=$(now); tr=$(elapsed "$s" "$e")
    if [ -n "${TASKRUNNER_BASE_DLL:-}" ]; then
      s=$(now); dotnet "$TASKRUNNER_BASE_DLL" run -f "$dir/acr-task.yaml" --no-docker-socket "$dir" >"$dir/out.txt"; e=$(now); base=$(elapsed "$s" "$e")
      base_sum=$(sum "$base_sum" "$base")
    fi
    # The loop alone (the network made before and removed after the clock), and the same loop timed with the network's
    # creation and removal, which a TaskRunner run (and acb) pays inside its own time.
    local n0; n0=$(now); docker network create "$net" >/dev/null
    s=$(now); for _ in $(seq 1 20); do docker run --rm --network "$net" busybox true; done; e=$(now); loop=$(elapsed "$s" "$e")
    docker network rm "$net" >/dev/null; withnet=$(elapsed "$n0" "$(now)")
    [ -z "${TASKRUNNER_BASE_DLL:-}" ] || base_line="; base build ${base}s, ratio $(ratio "$base" "$loop")"
    echo "sequential (round $r, load $(cut -d' ' -f1 /proc/loadavg)): taskrunner run (20 steps) ${tr}s; docker run --rm x20 ${loop}s (with network create/rm ${withnet}s); ratio $(ratio "$tr" "$loop") ($(ratio "$tr" "$withnet") with the network)$base_line"
    tr_sum=$(echo "$tr_sum + $tr" | bc); loop_sum=$(echo "$loop_sum + $loop" | bc); net_sum=$(echo "$net_sum + $withnet" | bc)
  done
  [ -z "${TASKRUNNER_BASE_DLL:-}" ] || base_line="; base build ${base_sum}s, ratio $(ratio "$base_sum" "$loop_sum")"
  echo "sequential: ${rounds} rounds, taskrunner ${tr_sum}s, docker loop ${loop_sum}s, ratio $(ratio "$tr_sum" "$loop_sum"); loop with network create/rm ${net_sum}s, ratio $(ratio "$tr_sum" "$net_sum")$base_line"
}

parallel() {
  local dir="$work/parallel"; mkdir -p "$dir"
  { echo "steps:"; for i in $(seq 1 8); do echo "  - id: s$i"; echo "    when: [\"-\"]"; echo "    cmd: busybox sleep 2"; done; } >"$dir/eight.yaml"
  printf 'steps:\n  - cmd: busybox sleep 2\n' >"$dir/one.yaml"
  "${taskrunner[@]}" run -f "$dir/one.yaml" --no-docker-socket "$dir" >/dev/null   # warm-up
  local s e eight one d8 d1 r i e_sum=0 o_sum=0 d8_sum=0 d1_sum=0
  for r in $(seq 1 "$rounds"); do
    s=$(now); "${taskrunner[@]}" run -f "$dir/eight.yaml" --no-docker-socket "$dir" >/dev/null; e=$(now); eight=$(elapsed "$s" "$e")
    s=$(now); "${taskrunner[@]}" run -f "$dir/one.yaml" --no-docker-socket "$dir" >/dev/null; e=$(now); one=$(elapsed "$s" "$e")
    # The same with the docker CLI: a network, the containers started at once, waited for and removed.
    s=$(now); docker network create "$net" >/dev/null
    for i in $(seq 1 8); do docker run --rm --network "$net" --network-alias "s$i" busybox sleep 2 & done; wait
    docker network rm "$net" >/dev/null; e=$(now); d8=$(elapsed "$s" "$e")
    s=$(now); docker network create "$net" >/dev/null; docker run --rm --network "$net" busybox sleep 2; docker network rm "$net" >/dev/null; e=$(now); d1=$(elapsed "$s" "$e")
    echo "parallel (round $r): taskrunner 8 steps ${eight}s, 1 step ${one}s, ratio $(ratio "$eight" "$one") | docker CLI 8 at once ${d8}s, 1 ${d1}s, ratio $(ratio "$d8" "$d1")"
    e_sum=$(echo "$e_sum + $eight" | bc); o_sum=$(echo "$o_sum + $one" | bc); d8_sum=$(echo "$d8_sum + $d8" | bc); d1_sum=$(echo "$d1_sum + $d1" | bc)
  done
  echo "parallel: ${rounds} rounds, taskrunner ratio $(ratio "$e_sum" "$o_sum") (8 steps ${e_sum}s / 1 step ${o_sum}s); docker CLI ratio $(ratio "$d8_sum" "$d1_sum") (${d8_sum}s / ${d1_sum}s); 8 steps against the docker CLI's 8: $(ratio "$e_sum" "$d8_sum")"
}

context() {
  local dir="$work/context"; mkdir -p "$dir/ctx"
  python3 - "$dir/ctx" <<'PY'
import os, sys
root = sys.argv[1]
block = os.urandom(1 << 20)
for i in range(10_000):
    d = os.path.join(root, f"d{i // 100:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:05d}.bin"), "wb") as f:
        # 107,374 bytes each: 10,000 files make 1 GiB
        start = (i * 7919) % ((1 << 20) - 107_374)
        f.write(block[start:start + 107_374])
PY
  printf 'FROM busybox\nLABEL bench=context\n' >"$dir/ctx/Dockerfile"
  printf 'steps:\n  - build: --no-cache -t taskrunner-bench/context:%s ctx\n' "$$" >"$dir/acr-task.yaml"
  echo "context: $(find "$dir/ctx" -type f | wc -l) files, $(du -sh "$dir/ctx" | cut -f1)"
  # Both read the files from the page cache: warm it first, then alternate the two, twice.
  find "$dir/ctx" -type f -exec cat {} + >/dev/null
  local s e tr docker_time rss
  for round in 1 2; do
    # --bind: /workspace is not copied, so only the build context is sent (what `docker build` does).
    s=$(now); /usr/bin/time -f '%M' -o "$dir/rss" "${taskrunner[@]}" run --bind -f "$dir/acr-task.yaml" --no-docker-socket "$dir" >"$dir/out.txt"; e=$(now); tr=$(elapsed "$s" "$e")
    rss=$(cat "$dir/rss")
    s=$(now); DOCKER_BUILDKIT=0 docker build -q --no-cache -t "taskrunner-bench/context-docker:$$" "$dir/ctx" >/dev/null 2>&1; e=$(now); docker_time=$(elapsed "$s" "$e")
    echo "context (round $round): taskrunner run (build step, --bind) ${tr}s, peak RSS $((rss / 1024)) MiB; docker build ${docker_time}s; ratio $(ratio "$tr" "$docker_time")"
    docker rmi -f "taskrunner-bench/context:$$" "taskrunner-bench/context-docker:$$" >/dev/null 2>&1 || true
  done
}

case "$which" in
  sequential) sequential ;;
  parallel) parallel ;;
  context) context ;;
  all) sequential; parallel; context ;;
  *) echo "usage: $0 [sequential|parallel|context|all]" >&2; exit 2 ;;
esac
