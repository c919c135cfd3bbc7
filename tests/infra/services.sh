#!/usr/bin/env bash
# Brings up what TaskRunner's main job and tests need, on this machine, without internet:
#   - a Docker engine (dockerd) when none answers,
#   - a distribution registry on 127.0.0.1 when none answers,
#   - local base images built from busybox-static (nothing can be pulled from Docker Hub).
# Reuses what already runs; `down` stops only what `up` started (pids recorded in the state folder).
#
#   tests/infra/services.sh up      install (Debian packages) if missing, start, build base images
#   tests/infra/services.sh down    stop what `up` started
#   tests/infra/services.sh env     print the environment the tests read (TASKRUNNER_REGISTRY=...)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
state=${TASKRUNNER_STATE_DIR:-$root/.local/services}
registry_addr=${TASKRUNNER_REGISTRY:-127.0.0.1:5000}
mkdir -p "$state"

log() { printf 'services: %s\n' "$*" >&2; }

need_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  [ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
  command -v htpasswd >/dev/null || missing+=(apache2-utils)
  command -v qemu-aarch64-static >/dev/null || missing+=(qemu-user-static binfmt-support)
  command -v git >/dev/null || missing+=(git)
  command -v tmux >/dev/null || missing+=(tmux)
  command -v curl >/dev/null || missing+=(curl)
  # The remote-engine tests start an sshd of their own (ssh:// engines) and a bridge for a second dockerd.
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ip >/dev/null || missing+=(iproute2)
  # tests/benchmarks/run-steps.sh measures with these.
  command -v bc >/dev/null || missing+=(bc)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      log "missing packages: ${missing[*]} (run as root or install them)"; return 1
    fi
    log "installing ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

engine_up() {
  if docker version >/dev/null 2>&1; then log "engine: reusing the one that answers"; return; fi
  log "engine: starting dockerd"
  nohup dockerd >"$state/dockerd.log" 2>&1 &
  echo $! >"$state/dockerd.pid"
  for _ in $(seq 1 100); do docker version >/dev/null 2>&1 && { log "engine: ready"; return; }; sleep 0.2; done
  log "engine: dockerd did not answer; see $state/dockerd.log"; tail -n 20 "$state/dockerd.log" >&2; return 1
}

registry_up() {
  if curl -fsS -o /dev/null "http://$registry_addr/v2/" 2>/dev/null; then log "registry: reusing $registry_addr"; return; fi
  log "registry: starting on $registry_addr"
  mkdir -p "$state/registry-data"
  cat >"$state/registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $state/registry-data
  delete:
    enabled: true
http:
  addr: $registry_addr
YML
  nohup docker-registry serve "$state/registry.yml" >"$state/registry.log" 2>&1 &
  echo $! >"$state/registry.pid"
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://$registry_addr/v2/" 2>/dev/null && { log "registry: ready"; return; }; sleep 0.1; done
  log "registry: did not answer; see $state/registry.log"; return 1
}

binfmt_up() {
  # arm64 containers and RUN steps through qemu-user-static; optional (builds of FROM scratch images need none).
  [ -d /proc/sys/fs/binfmt_misc ] || return 0
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then mount binfmt_misc -t binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || return 0; fi
  command -v update-binfmts >/dev/null && update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
}

# The docker buildx plugin, for build steps with DOCKER_BUILDKIT=1 (BuildKit through the engine's own builder).
# Debian 12 has no package for it; Debian 13's static plugin runs here (it needs glibc >= 2.34; Debian 12 has 2.36),
# so it is fetched from the same Debian mirror, checked against a pinned SHA-256 and unpacked as a system CLI plugin.
# Optional: without it only the BuildKit tests are skipped.
buildx_up() {
  if docker buildx version >/dev/null 2>&1; then log "buildx: present"; return 0; fi
  local deb sum
  case "$(dpkg --print-architecture 2>/dev/null)" in
    amd64) deb=docker-buildx_0.13.1+ds1-3_amd64.deb; sum=fcf8c48204d1603c8f209451d7827eb91bf30759578baf7704e9e1a87e5f1d7f ;;
    arm64) deb=docker-buildx_0.13.1+ds1-3_arm64.deb; sum=6cf361ab892b55753b728adcbd1a99f0616711df853dba64a5297a4a676d96b0 ;;
    *) log "buildx: no pinned package for this architecture; BuildKit tests will be skipped"; return 0 ;;
  esac
  [ "$(id -u)" = 0 ] || { log "buildx: missing (run as root to install it)"; return 0; }
  local tmp; tmp=$(mktemp -d)
  if curl -fsS -o "$tmp/$deb" "${TASKRUNNER_DEBIAN_MIRROR:-http://deb.debian.org/debian}/pool/main/d/docker-buildx/$deb" \
     && echo "$sum  $tmp/$deb" | sha256sum -c --quiet - >/dev/null 2>&1; then
    dpkg-deb -x "$tmp/$deb" "$tmp/x"
    mkdir -p /usr/local/lib/docker/cli-plugins
    install -m 0755 "$tmp/x/usr/libexec/docker/cli-plugins/docker-buildx" /usr/local/lib/docker/cli-plugins/docker-buildx
    log "buildx: installed $(docker buildx version 2>/dev/null | awk '{print $2}')"
  else
    log "buildx: could not fetch $deb; BuildKit tests will be skipped"
  fi
  rm -rf "$tmp"
}

# Base images, built FROM scratch out of busybox-static: taskrunner/busybox:{amd64,arm64} and busybox:latest (the
# machine's own architecture), so samples that say `FROM busybox` build without Docker Hub. Each image holds a busybox
# of its own architecture: the machine's from its busybox-static package, the other one downloaded (not installed)
# from Debian's archive for that architecture, so `RUN` in an arm64 image on an amd64 machine really runs aarch64 code
# through qemu-user-static. The label marks images made this way; older ones (the host's binary under arm64 metadata)
# are rebuilt.
images_label=org.taskrunner.busybox
images_up() {
  local mine; case "$(uname -m)" in aarch64) mine=arm64;; *) mine=amd64;; esac
  if docker image inspect busybox:latest amd64/busybox:latest arm64v8/busybox:latest >/dev/null 2>&1 \
     && [ "$(docker image inspect -f "{{index .Config.Labels \"$images_label\"}}" arm64v8/busybox:latest amd64/busybox:latest 2>/dev/null | sort -u)" = native ]; then
    log "images: present"; return; fi
  local ctx="$state/busybox-context"
  for arch in amd64 arm64; do
    rm -rf "$ctx"; mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/tmp" "$ctx/rootfs/etc"
    if [ "$arch" = "$mine" ]; then
      cp "$(command -v busybox)" "$ctx/rootfs/bin/busybox"
    else
      foreign_busybox "$arch" "$ctx/rootfs/bin/busybox" || return 1
    fi
    # The applet list of the machine's busybox: the same Debian version, so the same applets.
    for app in $(busybox --list); do [ "$app" = busybox ] || ln -sf busybox "$ctx/rootfs/bin/$app"; done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$ctx/rootfs/etc/passwd"
    echo 'root:x:0:' >"$ctx/rootfs/etc/group"
    tar -C "$ctx/rootfs" -cf "$ctx/rootfs.tar" .
    rm -rf "$ctx/rootfs"
    printf 'FROM scratch\nADD rootfs.tar /\nENV PATH=/bin\nLABEL %s=native\nCMD ["sh"]\n' "$images_label" >"$ctx/Dockerfile"
    DOCKER_BUILDKIT=0 docker build -q --no-cache --platform "linux/$arch" -t "taskrunner/busybox:$arch" "$ctx" >/dev/null 2>"$state/images.log" || { cat "$state/images.log" >&2; return 1; }
  done
  rm -rf "$ctx"
  docker tag "taskrunner/busybox:$mine" busybox:latest
  docker tag taskrunner/busybox:amd64 amd64/busybox:latest
  docker tag taskrunner/busybox:arm64 arm64v8/busybox:latest
  log "images: busybox:latest, amd64/busybox:latest, arm64v8/busybox:latest (and taskrunner/busybox:amd64|arm64), each with its own architecture's busybox"
}

# busybox-static of another architecture, downloaded from Debian's archive and unpacked, never installed: the
# architecture is added to dpkg for the download only and removed again.
foreign_busybox() {
  local arch=$1 out=$2 tmp; tmp=$(mktemp -d)
  local cache="$state/busybox-static-$arch"
  if [ ! -x "$cache" ]; then
    [ "$(id -u)" = 0 ] || { log "images: busybox-static:$arch is needed (run as root once)"; rm -rf "$tmp"; return 1; }
    local added=0
    dpkg --print-foreign-architectures | grep -qx "$arch" || { dpkg --add-architecture "$arch"; added=1; }
    local ok=0
    if apt-get update -qq >/dev/null 2>&1 && (cd "$tmp" && apt-get download -qq "busybox-static:$arch" >/dev/null 2>&1); then ok=1; fi
    if [ $added = 1 ]; then dpkg --remove-architecture "$arch"; apt-get update -qq >/dev/null 2>&1 || true; fi
    [ $ok = 1 ] || { log "images: could not download busybox-static:$arch"; rm -rf "$tmp"; return 1; }
    dpkg-deb -x "$tmp"/busybox-static_*_"$arch".deb "$tmp/x"
    install -m 0755 "$tmp/x/bin/busybox" "$cache"
  fi
  cp "$cache" "$out"
  rm -rf "$tmp"
}

stop_pid() {
  local f="$state/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $1 ($pid)"; kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$f"
}

case "${1:-up}" in
  up) need_packages; engine_up; registry_up; binfmt_up; images_up; buildx_up ;;
  down) stop_pid registry; stop_pid dockerd ;;
  env) echo "TASKRUNNER_REGISTRY=$registry_addr" ;;
  *) echo "usage: $0 up|down|env" >&2; exit 2 ;;
esac
