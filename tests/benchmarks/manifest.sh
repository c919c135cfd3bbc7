#!/usr/bin/env bash
# Benchmark: create and push a 2- and an 8-platform index inside a TaskRunner run (docker manifest steps executed in
# process) against `docker manifest create` + `docker manifest push --purge` of the docker CLI, same images, same run
# of this script. Prints a table and the ratios. Needs the engine and registry (tests/infra/services.sh up).
#   tests/benchmarks/manifest.sh [ROUNDS]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds=${1:-5}
repo="$registry/tr-bench/manifest-$$"
export DOCKER_CONFIG="$work/docker-config"
mkdir -p "$DOCKER_CONFIG"
taskrunner_cli

archs=(amd64 arm64 arm 386 ppc64le s390x riscv64 mips64le)
for arch in "${archs[@]}"; do
  mkdir -p "$work/ctx-$arch"
  echo "$arch $$" > "$work/ctx-$arch/arch.txt"
  printf 'FROM scratch\nCOPY arch.txt /arch.txt\n' > "$work/ctx-$arch/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q --platform "linux/$arch" -t "$repo:$arch" "$work/ctx-$arch" >/dev/null 2>&1
  docker push -q "$repo:$arch" >/dev/null
  docker rmi -f "$repo:$arch" >/dev/null
done

task_for() { # count -> a task file with create + push --purge of that many images
  local n=$1 images="" i
  for ((i = 0; i < n; i++)); do images+=" $repo:${archs[$i]}"; done
  printf 'version: v1.1.0\nsteps:\n- cmd: docker manifest create %s:list%s\n- cmd: docker manifest push --purge %s:list\n' "$repo" "$images" "$repo" > "$work/task-$n.yaml"
}

for n in 2 8; do
  task_for "$n"
  images=()
  for ((i = 0; i < n; i++)); do images+=("$repo:${archs[$i]}"); done
  docker_total=0; tr_total=0; steps_total=0
  for ((r = 0; r < rounds; r++)); do
    t0=$(now)
    docker manifest create --insecure "$repo:cli-$n" "${images[@]}" >/dev/null
    docker manifest push --insecure --purge "$repo:cli-$n" >/dev/null
    t1=$(now)
    "${taskrunner[@]}" run -f "$work/task-$n.yaml" -r "$registry" --report "$work/report.json" "$work" >/dev/null
    t2=$(now)
    # The steps' own durations (milliseconds) from the run report, written after the run.
    steps=$(python3 -c 'import json,sys; print(sum(s["durationSeconds"] for s in json.load(open(sys.argv[1]))["steps"]))' "$work/report.json")
    steps_total=$(echo "$steps_total + $steps" | bc -l)
    docker_total=$(echo "$docker_total + $t1 - $t0" | bc -l)
    tr_total=$(echo "$tr_total + $t2 - $t1" | bc -l)
  done
  d=$(echo "$docker_total / $rounds" | bc -l); t=$(echo "$tr_total / $rounds" | bc -l); s=$(echo "$steps_total / $rounds" | bc -l)
  printf '%d platforms: docker CLI create+push %.3f s | taskrunner steps in the run %.3f s (ratio %.2f) | whole taskrunner process %.3f s (ratio %.2f)\n' \
    "$n" "$d" "$s" "$(echo "$s / $d" | bc -l)" "$t" "$(echo "$t / $d" | bc -l)"
done
