#!/usr/bin/env bash
# Records real ICMP echo and ARP traffic between two network namespaces for the tests and the
# benchmarks: test/fixtures/captures/icmp-arp.pcap. The kernel answers ARP and echo requests;
# ping sends them (several sizes), and the neighbour entry is flushed between rounds so ARP is
# seen again. Addresses exist only inside the namespaces. Needs root, iproute2, tcpdump, ping.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
A=pkt-icmp-a
B=pkt-icmp-b
cap_init icmp-arp tcpdump ping
cap_netns "$A" "$B"
cap_veth "$A" icmp-a "$B" icmp-b
cap_addr "$A" icmp-a 10.89.0.1/24
cap_addr "$B" icmp-b 10.89.0.2/24
cap_up "$A" icmp-a
cap_up "$B" icmp-b
# Real checksums in the capture (no offload on the veth).
cap_no_offload "$A" icmp-a
cap_no_offload "$B" icmp-b
cap_dump icmp "$B" icmp-b 'arp or icmp'
sleep 1
for size in 0 8 56 120 500 1000 1472; do
  ip -n "$A" neigh flush dev icmp-a
  ip netns exec "$A" ping -c 4 -i 0.05 -s "$size" -W 1 10.89.0.2 >/dev/null
done
ip netns exec "$A" ping -c 3 -i 0.05 -W 1 -p 7061636b65747279 10.89.0.2 >/dev/null
sleep 0.5
cap_keep icmp icmp-arp.pcap
