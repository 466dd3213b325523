#!/usr/bin/env bash
# Takes this checkout's packetry lab down (idempotent: when it is already down, does nothing).
# lab/env.sh names it, so other checkouts' labs are left alone. Stops only the dnsmasq and nginx
# it started (by their pid files), then deletes both namespaces.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

if [ "$(id -u)" != 0 ]; then
  echo "lab/down.sh: needs root (network namespaces)" >&2
  exit 0
fi
for name in dnsmasq nginx; do
  pidfile="$LAB_STATE/$name.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
done
for ns in "$LAB_CLIENT_NS" "$LAB_SERVER_NS"; do
  ip netns del "$ns" 2>/dev/null || true
done
rm -rf "$LAB_STATE" "/etc/netns/$LAB_CLIENT_NS"
echo "lab: down"
