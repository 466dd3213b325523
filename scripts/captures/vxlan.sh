#!/usr/bin/env bash
# Records the kernel's VXLAN devices between two network namespaces, for the tests:
#   tunnels-vxlan.pcap   the underlay between them: pings (IPv4 and IPv6, with the ARP and
#                        neighbour discovery before them) through VNI 42 on the IANA port 4789
#                        over IPv4, VNI 100 on Linux's historic port 8472, and VNI 7 over an IPv6
#                        underlay. The kernel here has no GRE, Geneve or IP-in-IP drivers: Scapy and
#                        tshark are the oracles for those.
# Needs root, iproute2, ethtool, tcpdump and ping.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
A=pppTunnels-va
B=pppTunnels-vb
cap_init vxlan tcpdump ping
cap_netns "$A" "$B"
cap_veth "$A" ua "$B" ub 02:00:00:00:60:01 02:00:00:00:60:02
cap_addr "$A" ua 10.96.0.1/24 fd96::1/64
cap_addr "$B" ub 10.96.0.2/24 fd96::2/64
cap_up "$A" ua
cap_up "$B" ub
# Checksums computed in software: the capture holds them filled in, not left to an offload.
cap_no_offload "$A" ua
cap_no_offload "$B" ub
# tunnel NS DEV MAC VNI PORT LOCAL REMOTE OVERLAY4 OVERLAY6
tunnel() {
  ip -n "$1" link add "$2" address "$3" type vxlan id "$4" dstport "$5" local "$6" remote "$7" dev "${10}"
  ip -n "$1" addr add "$8" dev "$2"
  ip -n "$1" addr add "$9" dev "$2" nodad
  ip -n "$1" link set "$2" up
}
tunnel "$A" vx42 02:00:00:42:00:01 42 4789 10.96.0.1 10.96.0.2 192.168.42.1/24 fd42::1/64 ua
tunnel "$B" vx42 02:00:00:42:00:02 42 4789 10.96.0.2 10.96.0.1 192.168.42.2/24 fd42::2/64 ub
tunnel "$A" vx100 02:00:00:64:00:01 100 8472 10.96.0.1 10.96.0.2 192.168.100.1/24 fd64::1/64 ua
tunnel "$B" vx100 02:00:00:64:00:02 100 8472 10.96.0.2 10.96.0.1 192.168.100.2/24 fd64::2/64 ub
tunnel "$A" vx7 02:00:00:07:00:01 7 4789 fd96::1 fd96::2 192.168.7.1/24 fd07::1/64 ua
tunnel "$B" vx7 02:00:00:07:00:02 7 4789 fd96::2 fd96::1 192.168.7.2/24 fd07::2/64 ub
# Only the pings: no router solicitations or MLD reports from the overlay devices.
for ns in "$A" "$B"; do for dev in vx42 vx100 vx7; do ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.router_solicitations=0" "net.ipv6.conf.$dev.mldv2_unsolicited_report_interval=100000" "net.ipv6.conf.$dev.mldv1_unsolicited_report_interval=100000" 2>/dev/null || true; done; done
# The devices' MLD reports on coming up are over after a few seconds.
sleep 4
cap_dump vxlan "$A" ua 'udp port 4789 or udp port 8472'
sleep 1
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 192.168.42.2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 fd42::2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 192.168.100.2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 192.168.7.2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 fd07::2 >/dev/null
sleep 1
cap_keep vxlan tunnels-vxlan.pcap
