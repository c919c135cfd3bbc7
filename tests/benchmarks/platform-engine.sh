#!/usr/bin/env bash
# Benchmark: the seed task (the corrected multi-arch sample, each build given its --platform) with the arm64 build
# routed to a second engine (--platform-engine linux/arm64=CONTEXT) against the same run on one engine. Both engines
# are on this machine (a second dockerd this script starts: TLS on 127.0.0.1, its own bridge, data root and exec
# root, removed at the end), and the arm64 build runs under QEMU on either, so this measures what routing costs
# (a second engine to reach, set up and clean up, pushes from two engines), not the speed of a native arm64 machine.
# Builds cached after a warm-up. Not a test: it prints figures (docs/performance.md). Needs root, the engine and the
# registry (tests/infra/services.sh up).
#   ROUNDS=3 tests/benchmarks/platform-engine.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "needs root (a second dockerd and its bridge)" >&2; exit 1; }
taskrunner_cli

# The second engine: certificates, a bridge of its own (never --bridge none, which deletes docker0), no iptables.
e2="$work/engine2"; mkdir -p "$e2/certs"
(cd "$e2/certs"
 openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=bench CA" -keyout ca-key.pem -out ca.pem
 openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server-key.pem -out server.csr
 printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
 openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile server.ext -out server.pem
 openssl req -newkey rsa:2048 -nodes -subj "/CN=bench client" -keyout key.pem -out client.csr
 printf 'extendedKeyUsage=clientAuth\n' >client.ext
 openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 1 -extfile client.ext -out cert.pem) >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
n=$(( (RANDOM % 200) + 20 ))
while ip -4 route show | grep -qE "10\.(231|232)\.$n\."; do n=$(( (RANDOM % 200) + 20 )); done
bridge="trbench$n"
ip link add "$bridge" type bridge && ip addr add "10.231.$n.1/24" dev "$bridge" && ip link set "$bridge" up
bench_cleanups+=("ip link del $bridge")
dockerd --data-root "$e2/data" --exec-root "$e2/exec" --pidfile "$e2/dockerd.pid" -H "tcp://127.0.0.1:$port" \
  --tlsverify --tlscacert "$e2/certs/ca.pem" --tlscert "$e2/certs/server.pem" --tlskey "$e2/certs/server-key.pem" \
  --iptables=false --ip-masq=false -b "$bridge" --default-address-pool "base=10.232.$n.0/24,size=26" --live-restore \
  >"$e2/dockerd.log" 2>&1 &
dockerd_pid=$!
# Last in, first out: the daemon stops (and its mounts go) before the bridge is removed.
bench_cleanups=("kill $dockerd_pid; while kill -0 $dockerd_pid; do sleep 0.2; done; grep ' $e2/' /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l" "${bench_cleanups[@]}")
export DOCKER_CONFIG="$work/docker-config"; mkdir -p "$DOCKER_CONFIG"
docker context create bench-arm --docker "host=tcp://127.0.0.1:$port,ca=$e2/certs/ca.pem,cert=$e2/certs/cert.pem,key=$e2/certs/key.pem" >/dev/null 2>&1
for _ in $(seq 1 120); do docker --context bench-arm version >/dev/null 2>&1 && break; sleep 0.5; done
docker --context bench-arm version >/dev/null || { tail -20 "$e2/dockerd.log" >&2; exit 1; }
docker save arm64v8/busybox:latest | docker --context bench-arm load >/dev/null

src="$work/src"; cp -r "$bench_root/samples/multi-arch" "$src"
sed -i -e 's/-f dockerfile.amd64/--platform linux\/amd64 -f dockerfile.amd64/' -e 's/-f dockerfile.arm64/--platform linux\/arm64 -f dockerfile.arm64/' "$src/acr-task.yaml"
repo="$registry/multi-arch-samples/myimage"
bench_cleanups=("docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^$repo:bpe' | xargs -r docker rmi -f" "${bench_cleanups[@]}")

run_tr() { # $1 id, then extra flags
  local id=$1; shift
  "${taskrunner[@]}" run -f "$src/acr-task.yaml" -r "$registry" --id "$id" "$@" "$src" >"$work/tr.log" 2>&1 || { tail -20 "$work/tr.log" >&2; exit 1; }
}

# Warm-up: both engines' build caches filled, every blob in the registry.
run_tr "bpe$$w1"; run_tr "bpe$$w2" --platform-engine linux/arm64=bench-arm
one_sum=0; two_sum=0
for r in $(seq 1 "$rounds"); do
  s=$(now); run_tr "bpe$$o$r"; one=$(elapsed "$s" "$(now)")
  s=$(now); run_tr "bpe$$t$r" --platform-engine linux/arm64=bench-arm; two=$(elapsed "$s" "$(now)")
  echo "platform-engine (round $r): one engine ${one}s; arm64 build on a second engine ${two}s (ratio $(ratio "$two" "$one"))"
  one_sum=$(sum "$one_sum" "$one"); two_sum=$(sum "$two_sum" "$two")
done
echo "platform-engine: $rounds rounds, one engine ${one_sum}s, arm64 on a second engine ${two_sum}s, ratio $(ratio "$two_sum" "$one_sum") (both engines on this machine: overhead, not native speed)"
