#!/usr/bin/env bash
# Captures real IPv6 traffic for test/fixtures/captures/ipv6-*.pcap (test/layers/inet6-captures.test.ts
# dissects every frame and compares it with tshark). Every packet comes from the Linux kernel or
# dnsmasq, between two network namespaces joined by a veth pair; nothing leaves this machine.
#
#   ipv6-link-up.pcap  duplicate address detection (NS with a nonce), MLDv2 reports, RS, and
#                      dnsmasq's router advertisement (prefix, MTU, RDNSS, DNSSL options)
#   ipv6-traffic.pcap  neighbour discovery (NS/NA), echo request/reply, UDP to a closed port
#                      (port unreachable quoting it), TCP SYN answered by RST, and a 3000-byte
#                      UDP datagram the kernel fragments (fragment headers)
#   ipv6-mldv1.pcap    MLDv1 report and done (force_mld_version=1) for a group joined and left
#
# (IPv6 in IPv4 is not captured: the kernels this runs on may lack the sit driver.)
#
# Run as root: bash scripts/captures/ipv6.sh   (idempotent: it replaces its namespaces and files)
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=test/fixtures/captures
A=pkt-cap6-a
B=pkt-cap6-b
PY=/usr/bin/python3
mkdir -p "$OUT"

teardown() {
  [ -n "${TCPDUMP_PID:-}" ] && kill "$TCPDUMP_PID" 2>/dev/null || true
  [ -n "${DNSMASQ_PID:-}" ] && kill "$DNSMASQ_PID" 2>/dev/null || true
  ip netns del "$A" 2>/dev/null || true
  ip netns del "$B" 2>/dev/null || true
}
trap teardown EXIT

in_a() { ip netns exec "$A" "$@"; }
in_b() { ip netns exec "$B" "$@"; }

# Two namespaces, one veth pair with fixed MACs, checksum offload off (the checksums on the wire
# are the ones the kernel computed, not left for a NIC to fill), fd00::/64.
setup() {
  teardown
  ip netns add "$A"
  ip netns add "$B"
  ip -n "$A" link add cap6a address 02:00:00:00:06:0a type veth peer name cap6b address 02:00:00:00:06:0b netns "$B"
  in_a ethtool -K cap6a tx off rx off >/dev/null
  in_b ethtool -K cap6b tx off rx off >/dev/null
  in_a sysctl -qw net.ipv6.conf.cap6a.forwarding=1
  ip -n "$A" addr add fd00::1/64 dev cap6a
  ip -n "$B" addr add fd00::2/64 dev cap6b
  ip -n "$A" link set lo up
  ip -n "$B" link set lo up
  ip -n "$A" link set cap6a up
}

# capture FILE FILTER: tcpdump on A's side of the pair until stop_capture.
capture() {
  # Not through in_a: $! must be tcpdump itself (ip netns exec execs it), not a subshell.
  ip netns exec "$A" tcpdump -Z root -q -U -i cap6a -w "$OUT/$1" "$2" 2>/dev/null &
  TCPDUMP_PID=$!
  sleep 1
}
stop_capture() {
  sleep 1
  kill "$TCPDUMP_PID"
  wait "$TCPDUMP_PID" 2>/dev/null || true
  TCPDUMP_PID=
}

# 1. Link up: B's side comes up while A captures; dnsmasq answers B's router solicitation.
setup
capture ipv6-link-up.pcap "ip6"
ip netns exec "$A" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --interface=cap6a --bind-interfaces \
  --enable-ra --dhcp-range=fd00::,ra-only,64,1h --domain=lab.test --dhcp-option=option6:dns-server,[fd00::53] \
  --dhcp-option=option6:domain-search,lab.test --pid-file= --log-facility=- >/dev/null 2>&1 &
DNSMASQ_PID=$!
sleep 1
ip -n "$B" link set cap6b up
# B solicits at once and again 4 s later; the first answer may not leave while A's link-local
# address is still tentative, the second does.
sleep 9
kill "$DNSMASQ_PID"
wait "$DNSMASQ_PID" 2>/dev/null || true
DNSMASQ_PID=
stop_capture

# 2. Traffic from B to A once both addresses are usable (DAD done).
sleep 2
# Without the MLD reports, which come with a hop-by-hop header (next header 0).
capture ipv6-traffic.pcap "ip6 and ip6[6] != 0"
in_b "$PY" - <<'EOF'
import socket
echo = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
echo.settimeout(2)
echo.sendto(b"\x80\x00\x00\x00\x12\x34\x00\x01packetry ipv6 echo", ("fd00::1", 0))
echo.recvfrom(200)
udp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
udp.bind(("fd00::2", 40000))
udp.sendto(b"to a closed port", ("fd00::1", 5000))
tcp = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
tcp.settimeout(2)
tcp.bind(("fd00::2", 40001))
try:
    tcp.connect(("fd00::1", 80))
except OSError:
    pass
udp.sendto(bytes(range(256)) * 12, ("fd00::1", 5001))
EOF
stop_capture

# 3. MLDv1: B joins a group and leaves it.
in_b sysctl -qw net.ipv6.conf.cap6b.force_mld_version=1
# (tcpdump's icmp6 would miss these: MLD comes behind a hop-by-hop header.)
capture ipv6-mldv1.pcap "ip6 and ip6[6] == 0"
in_b "$PY" - <<'EOF'
import socket, struct, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
group = socket.inet_pton(socket.AF_INET6, "ff02::1:3") + struct.pack("@I", socket.if_nametoindex("cap6b"))
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, group)
time.sleep(1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_LEAVE_GROUP, group)
EOF
stop_capture

for f in ipv6-link-up ipv6-traffic ipv6-mldv1; do
  printf '%-18s %s frames\n' "$f.pcap" "$(tshark -r "$OUT/$f.pcap" 2>/dev/null | wc -l)"
done
