#!/usr/bin/env bash
# Records rp-pppoe's discovery stage between two network namespaces, for the tests:
#   ppp-pppoe.pcap   pppoe (the client) and pppoe-server: a PADI probe answered by a PADO (-A),
#                    then PADI, PADO, PADR and PADS for a session with a Host-Uniq tag (-d -U), the
#                    server's PADM with a message of the minute, and a PADT ending the session (-k).
# The kernel here has no PPP driver (/dev/ppp), so pppd cannot run a session: the capture holds
# the discovery stage only. Needs root, iproute2, tcpdump and the pppoe package.
set -euo pipefail
C=pppTunnels-pc
S=pppTunnels-ps
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/pppoe.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in pppoe pppoe-server tcpdump; do command -v "$tool" >/dev/null || { echo "scripts/captures/pppoe.sh: needs $tool (apt-get install pppoe tcpdump)" >&2; exit 1; }; done
run="$(mktemp -d)"
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$C" "$S"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
for ns in "$C" "$S"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$C" link add pc0 address 02:00:00:00:50:01 type veth peer name ps0 address 02:00:00:00:50:02 netns "$S"
ip -n "$C" link set pc0 up
ip -n "$S" link set ps0 up
# No IPv6 on the link: the capture holds PPPoE alone.
for x in "$C pc0" "$S ps0"; do set -- $x; ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"; done

ip netns exec "$S" tcpdump -i ps0 -U -w "$run/pppoe.pcap" 'ether proto 0x8863 or ether proto 0x8864' >/dev/null 2>&1 & echo $! > "$run/tcpdump.pid"
sleep 1
# -F is not an option of this version: the server forks, and writes its pid with -X.
ip netns exec "$S" pppoe-server -I ps0 -C packetry-ac -S internet -L 10.95.0.1 -R 10.95.0.2 -N 4 -M "hello from packetry" -X "$run/server.pid"
sleep 1
ip netns exec "$C" pppoe -I pc0 -A -t 2 || true
session="$(ip netns exec "$C" pppoe -I pc0 -S internet -C packetry-ac -U -d -t 2 | tail -1)"
echo "session: $session"
sleep 1
ip netns exec "$C" pppoe -I pc0 -e "$session" -k || true
sleep 1
kill "$(cat "$run/tcpdump.pid")"; rm -f "$run/tcpdump.pid"; sleep 0.5
mv "$run/pppoe.pcap" "$outdir/ppp-pppoe.pcap"
echo "wrote ppp-pppoe.pcap ($(tcpdump -r "$outdir/ppp-pppoe.pcap" 2>/dev/null | wc -l) packets)"
