#!/usr/bin/env bash
# Records real ICMP echo and ARP traffic between two network namespaces for the tests and the
# benchmarks: test/fixtures/captures/icmp-arp.pcap. The kernel answers ARP and echo requests;
# ping sends them (several sizes), and the neighbour entry is flushed between rounds so ARP is
# seen again. Addresses exist only inside the namespaces. Needs root, iproute2, tcpdump, ping.
set -euo pipefail
A=pkt-icmp-a
B=pkt-icmp-b
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../test/fixtures/captures/icmp-arp.pcap"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/icmp-arp.sh: needs root (network namespaces)" >&2; exit 1; }
cleanup() { for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
ip netns add "$A"
ip netns add "$B"
ip -n "$A" link add icmp-a type veth peer name icmp-b netns "$B"
ip -n "$A" addr add 10.89.0.1/24 dev icmp-a
ip -n "$B" addr add 10.89.0.2/24 dev icmp-b
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" link set icmp-a up
ip -n "$B" link set icmp-b up
# Real checksums in the capture (no offload on the veth).
ip netns exec "$A" ethtool -K icmp-a tx off rx off >/dev/null 2>&1 || true
ip netns exec "$B" ethtool -K icmp-b tx off rx off >/dev/null 2>&1 || true
ip netns exec "$B" tcpdump -i icmp-b -U -w "$out.tmp" 'arp or icmp' >/dev/null 2>&1 &
dump=$!
sleep 1
for size in 0 8 56 120 500 1000 1472; do
  ip -n "$A" neigh flush dev icmp-a
  ip netns exec "$A" ping -c 4 -i 0.05 -s "$size" -W 1 10.89.0.2 >/dev/null
done
ip netns exec "$A" ping -c 3 -i 0.05 -W 1 -p 7061636b65747279 10.89.0.2 >/dev/null
sleep 0.5
kill -INT "$dump"
wait "$dump" || true
mv "$out.tmp" "$out"
echo "wrote $out ($(tcpdump -r "$out" 2>/dev/null | wc -l) packets)"
