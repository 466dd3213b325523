#!/usr/bin/env bash
# Records real CoAP: libcoap's coap-server in one network namespace and coap-client in another
# (GET of the server's resources and /.well-known/core, a 4.04, PUT and DELETE of a resource, a
# NON request, an observe registration, a block-wise GET). Writes test/fixtures/captures/coap.pcap.
# The addresses exist only inside the namespaces. Needs root, iproute2, tcpdump and libcoap3-bin.
set -euo pipefail
A=telemetry-coap-a
B=telemetry-coap-b
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/coap.sh: needs root (network namespaces)" >&2; exit 1; }
command -v coap-server-notls >/dev/null || { echo "scripts/captures/coap.sh: needs libcoap3-bin (apt-get install libcoap3-bin)" >&2; exit 1; }
run="$(mktemp -d)"
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
ip netns add "$A"
ip netns add "$B"
ip -n "$A" link add coap-a type veth peer name coap-b netns "$B"
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" addr add 10.94.0.1/24 dev coap-a
ip -n "$B" addr add 10.94.0.2/24 dev coap-b
ip -n "$A" link set coap-a up
ip -n "$B" link set coap-b up
for side in a b; do ip netns exec "telemetry-coap-$side" ethtool -K "coap-$side" tx off rx off >/dev/null 2>&1 || true; done

ip netns exec "$B" tcpdump -i coap-b --immediate-mode -U -w "$run/all.pcap" 'udp port 5683' >/dev/null 2>&1 &
echo $! > "$run/tcpdump.pid"
sleep 1
ip netns exec "$B" coap-server-notls -A 10.94.0.2 -p 5683 -d 10 >/dev/null 2>&1 &
echo $! > "$run/server.pid"
sleep 1
client() { ip netns exec "$A" timeout 10 coap-client-notls -B 3 "$@" >/dev/null 2>&1 || true; }
S=coap://10.94.0.2
client -m get "$S/"
client -m get "$S/.well-known/core"
client -m get "$S/time?ticks"
client -m get "$S/nothing/here"
client -m put -e "created by coap-client" "$S/example_data"
client -m get -A 0 "$S/example_data"
client -m delete "$S/example_data"
client -N -m get "$S/time"
client -s 2 -m get "$S/time"
client -b 32 -m get "$S/.well-known/core"
sleep 1
kill "$(cat "$run/server.pid")"; rm -f "$run/server.pid"
sleep 1
kill -INT "$(cat "$run/tcpdump.pid")"; rm -f "$run/tcpdump.pid"
sleep 1
cp "$run/all.pcap" "$outdir/coap.pcap"
echo "wrote coap.pcap ($(tcpdump -r "$outdir/coap.pcap" 2>/dev/null | wc -l) packets)"
