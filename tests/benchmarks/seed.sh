#!/usr/bin/env bash
# Benchmark: the seed task end to end (the corrected multi-arch sample: 2 builds, a push of both, docker manifest
# create/push/inspect), builds cached after a warm-up, against the same commands typed into the docker CLI and
# against acb running the same task. Not a test: it prints figures (docs/performance.md, "The seed task").
#   ROUNDS=3 tests/benchmarks/seed.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
taskrunner_cli
acb_cli
src="$work/src"; cp -r "$bench_root/samples/multi-arch" "$src"
# acb's `docker manifest` cmd steps run docker CLI 28 in a container: a plain-HTTP registry needs --insecure there.
sed -e 's/docker manifest \(create\|push\|inspect\)/docker manifest \1 --insecure/' "$src/acr-task.yaml" >"$src/acb-task.yaml"
export DOCKER_CONFIG="$work/docker-config"; mkdir -p "$DOCKER_CONFIG"
repo="$registry/multi-arch-samples/myimage"
bench_cleanups+=("docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^$repo:bseed$$' | xargs -r docker rmi -f")

docker_cli() { # the same commands, one after another, as a person would type them
  local id=$1
  (cd "$src" && DOCKER_BUILDKIT=0 docker build -q -t "$repo:$id-amd64" -f dockerfile.amd64 . \
    && DOCKER_BUILDKIT=0 docker build -q -t "$repo:$id-arm64" -f dockerfile.arm64 . \
    && docker push -q "$repo:$id-arm64" && docker push -q "$repo:$id-amd64" \
    && docker manifest create --insecure "$repo:latest" "$repo:$id-arm64" "$repo:$id-amd64" \
    && docker manifest push --insecure --purge "$repo:latest" && docker manifest inspect --insecure "$repo:latest") >/dev/null 2>&1
}
run_tr() { "${taskrunner[@]}" run -f "$src/acr-task.yaml" -r "$registry" --id "$1" "$src" >"$work/tr.log" 2>&1 || { tail -20 "$work/tr.log" >&2; exit 1; }; }
run_acb() { (cd "$src" && DOCKER_BUILDKIT=0 "$acb" exec -f acb-task.yaml -r "$registry" --id "$1" --network host --homevol "$src") >"$work/acb.log" 2>&1 || { tail -20 "$work/acb.log" >&2; exit 1; }; }

# Warm-up: every build cached, every blob in the registry, each tool's code paged in.
run_tr "bseed$$w1"; docker_cli "bseed$$w2"; [ -z "$acb" ] || run_acb "bseed$$w3"
t_sum=0; d_sum=0; a_sum=0
for r in $(seq 1 "$rounds"); do
  s=$(now); run_tr "bseed$$t$r"; t=$(elapsed "$s" "$(now)")
  s=$(now); docker_cli "bseed$$d$r"; d=$(elapsed "$s" "$(now)")
  line="seed (round $r): taskrunner ${t}s; docker CLI ${d}s (ratio $(ratio "$t" "$d"))"
  if [ -n "$acb" ]; then s=$(now); run_acb "bseed$$a$r"; a=$(elapsed "$s" "$(now)"); a_sum=$(sum "$a_sum" "$a"); line+="; acb ${a}s (taskrunner/acb $(ratio "$t" "$a"))"; fi
  echo "$line"
  t_sum=$(sum "$t_sum" "$t"); d_sum=$(sum "$d_sum" "$d")
done
line="seed: $rounds rounds, taskrunner ${t_sum}s, docker CLI ${d_sum}s, ratio $(ratio "$t_sum" "$d_sum") (target <= 1.5)"
[ -z "$acb" ] || line+="; acb ${a_sum}s, taskrunner/acb $(ratio "$t_sum" "$a_sum")"
echo "$line"
