#!/usr/bin/env bash
# Records the kernel's VXLAN devices between two network namespaces, for the tests:
#   tunnels-vxlan.pcap   the underlay between them: pings (IPv4 and IPv6, with the ARP and
#                        neighbour discovery before them) through VNI 42 on the IANA port 4789
#                        over IPv4, VNI 100 on Linux's historic port 8472, and VNI 7 over an IPv6
#                        underlay. The kernel here has no GRE, Geneve or IP-in-IP drivers: Scapy and
#                        tshark are the oracles for those.
# Needs root, iproute2, ethtool, tcpdump and ping.
set -euo pipefail
A=pppTunnels-va
B=pppTunnels-vb
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/vxlan.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in tcpdump ping; do command -v "$tool" >/dev/null || { echo "scripts/captures/vxlan.sh: needs $tool" >&2; exit 1; }; done
run="$(mktemp -d)"
cleanup() {
  [ -f "$run/tcpdump.pid" ] && kill "$(cat "$run/tcpdump.pid")" 2>/dev/null || true
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$A" link add ua address 02:00:00:00:60:01 type veth peer name ub address 02:00:00:00:60:02 netns "$B"
ip -n "$A" addr add 10.96.0.1/24 dev ua
ip -n "$B" addr add 10.96.0.2/24 dev ub
ip -n "$A" addr add fd96::1/64 dev ua nodad
ip -n "$B" addr add fd96::2/64 dev ub nodad
ip -n "$A" link set ua up
ip -n "$B" link set ub up
# Checksums computed in software: the capture holds them filled in, not left to an offload.
ip netns exec "$A" ethtool -K ua tx off rx off >/dev/null 2>&1 || true
ip netns exec "$B" ethtool -K ub tx off rx off >/dev/null 2>&1 || true
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
ip netns exec "$A" tcpdump -i ua -U -w "$run/vxlan.pcap" 'udp port 4789 or udp port 8472' >/dev/null 2>&1 & echo $! > "$run/tcpdump.pid"
sleep 1
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 192.168.42.2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 fd42::2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 192.168.100.2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 192.168.7.2 >/dev/null
ip netns exec "$A" ping -c 2 -i 0.2 -W 2 fd07::2 >/dev/null
sleep 1
kill "$(cat "$run/tcpdump.pid")"; rm -f "$run/tcpdump.pid"; sleep 0.5
mv "$run/vxlan.pcap" "$outdir/tunnels-vxlan.pcap"
echo "wrote tunnels-vxlan.pcap ($(tcpdump -r "$outdir/tunnels-vxlan.pcap" 2>/dev/null | wc -l) packets)"
