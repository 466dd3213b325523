#!/usr/bin/env bash
# Records a real SCTP association for the tests and the benchmarks:
#   sctp-usrsctp.pcap   usrsctp (FreeBSD's SCTP stack in user space, Debian's libusrsctp-examples)
#                       between two namespaces over raw IP (this kernel has no SCTP of its own):
#                       INIT with its parameters (addresses, random, chunk list, HMAC algorithms,
#                       supported extensions), INIT-ACK with the state cookie, COOKIE-ECHO/ACK,
#                       HEARTBEATs over IPv6, DATA echoed back, SACKs, SHUTDOWN and its completion.
# The addresses exist only inside the two namespaces. Needs root, iproute2, tcpdump and
# libusrsctp-examples.
set -euo pipefail
A=sctpIpsec-a
B=sctpIpsec-b
bin=/usr/lib/usrsctp
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/sctp.sh: needs root (network namespaces)" >&2; exit 1; }
[ -x "$bin/echo_server" ] || { echo "scripts/captures/sctp.sh: needs libusrsctp-examples" >&2; exit 1; }
run="$(mktemp -d)"
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$A" link add si-a type veth peer name si-b netns "$B"
ip -n "$A" addr add 10.95.0.1/24 dev si-a
ip -n "$B" addr add 10.95.0.2/24 dev si-b
ip -n "$A" addr add fd95::1/64 dev si-a nodad
ip -n "$B" addr add fd95::2/64 dev si-b nodad
ip -n "$A" link set si-a up
ip -n "$B" link set si-b up

ip netns exec "$A" tcpdump -i si-a -U -w "$run/sctp.pcap" "ip proto 132 or ip6 proto 132" >/dev/null 2>&1 &
echo $! > "$run/tcpdump.pid"
ip netns exec "$B" "$bin/echo_server" >/dev/null 2>&1 &
echo $! > "$run/server.pid"
sleep 1
# Three messages echoed on port 7, then the client closes (SHUTDOWN).
{ echo hello; sleep 1; echo "world of sctp, a message longer than a few words"; sleep 1; echo bye; sleep 2; } |
  ip netns exec "$A" timeout 20 "$bin/client" 10.95.0.2 7 >/dev/null 2>&1 || true
sleep 1
kill "$(cat "$run/tcpdump.pid")"; rm -f "$run/tcpdump.pid"
sleep 0.5
mv "$run/sctp.pcap" "$outdir/sctp-usrsctp.pcap"
echo "wrote sctp-usrsctp.pcap ($(tcpdump -r "$outdir/sctp-usrsctp.pcap" 2>/dev/null | wc -l) packets)"
