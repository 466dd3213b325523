#!/usr/bin/env bash
# Records real redundancy and multicast traffic between network namespaces, for the tests and the
# benchmarks:
#   multicast-vrrp.pcap   keepalived in two namespaces: VRRPv2 (with simple authentication),
#                         VRRPv3 over IPv4 and over IPv6, elections and a master stepping down;
#   multicast-igmp.pcap   the kernel's IGMP: sockets joining and leaving groups (v3 reports with
#                         and without sources, then v2 and v1 forced by sysctl), pimd's queries;
#   multicast-pim.pcap    pimd on two routers between a source and a receiver: Hellos, Bootstrap,
#                         Candidate-RP advertisements, Join/Prune, Register and Register-Stop.
# Four namespaces in a line (source - router A - router B - receiver); the addresses exist only
# inside them. Needs root, iproute2, tcpdump, python3, keepalived and pimd.
set -euo pipefail
S=pkt-mcast-src
A=pkt-mcast-a
B=pkt-mcast-b
R=pkt-mcast-rcv
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/multicast.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in keepalived pimd tcpdump python3; do command -v "$tool" >/dev/null || { echo "scripts/captures/multicast.sh: needs $tool" >&2; exit 1; }; done
run="$(mktemp -d)"
stop() { [ -f "$run/$1.pid" ] && { kill "$(cat "$run/$1.pid")" 2>/dev/null || true; rm -f "$run/$1.pid"; }; }
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$S" "$A" "$B" "$R"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
for ns in "$S" "$A" "$B" "$R"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done
# link NS1 IF1 ADDR1 NS2 IF2 ADDR2
link() {
  ip -n "$1" link add "$2" type veth peer name "$5" netns "$4"
  ip -n "$1" addr add "$3" dev "$2"
  ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up
  ip -n "$4" link set "$5" up
  ip netns exec "$1" ethtool -K "$2" tx off rx off >/dev/null 2>&1 || true
  ip netns exec "$4" ethtool -K "$5" tx off rx off >/dev/null 2>&1 || true
}
link "$S" src-s 10.94.1.2/24 "$A" src-a 10.94.1.1/24
link "$A" mc-a 10.94.0.1/24 "$B" mc-b 10.94.0.2/24
link "$B" rcv-b 10.94.2.1/24 "$R" rcv-r 10.94.2.2/24
ip -n "$A" addr add fd94::1/64 dev mc-a
ip -n "$B" addr add fd94::2/64 dev mc-b
ip -n "$S" route add default via 10.94.1.1
ip -n "$R" route add default via 10.94.2.1
ip -n "$A" route add 10.94.2.0/24 via 10.94.0.2
ip -n "$B" route add 10.94.1.0/24 via 10.94.0.1
for ns in "$A" "$B"; do ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1; done
sleep 2   # IPv6 link-local addresses leave DAD

capture() { ip netns exec "$1" tcpdump -i "$2" -U -w "$run/$3.pcap" "$4" >/dev/null 2>&1 & echo $! > "$run/tcpdump-$3.pid"; }
finish() { stop "tcpdump-$1"; sleep 0.5; mv "$run/$1.pcap" "$outdir/multicast-$1.pcap"; echo "wrote multicast-$1.pcap ($(tcpdump -r "$outdir/multicast-$1.pcap" 2>/dev/null | wc -l) packets)"; }

# ---------------------------------------------------------------- VRRP (keepalived)
vrrp_conf() {
  cat <<CONF
global_defs {
  router_id $1
  vrrp_garp_master_repeat 1
  vrrp_garp_master_delay 1
}
vrrp_instance V2 {
  interface $2
  state BACKUP
  virtual_router_id 51
  priority $3
  advert_int 1
  version 2
  authentication {
    auth_type PASS
    auth_pass secret1
  }
  virtual_ipaddress {
    10.94.0.100/24
  }
}
vrrp_instance V3 {
  interface $2
  state BACKUP
  virtual_router_id 52
  priority $3
  advert_int 1
  version 3
  virtual_ipaddress {
    10.94.0.101/24
    10.94.0.102/24
  }
}
vrrp_instance V6 {
  interface $2
  state BACKUP
  virtual_router_id 53
  priority $3
  advert_int 1
  version 3
  virtual_ipaddress {
    fd94::100/64
  }
}
CONF
}
vrrp_conf ra mc-a 150 > "$run/ka-a.conf"
vrrp_conf rb mc-b 100 > "$run/ka-b.conf"
capture "$B" mc-b vrrp 'ip proto 112 or ip6 proto 112'
sleep 1
for side in a b; do
  ns=pkt-mcast-$side
  ip netns exec "$ns" keepalived -n -P -f "$run/ka-$side.conf" -p "$run/ka-$side-main.pidfile" -r "$run/ka-$side-vrrp.pidfile" >/dev/null 2>&1 &
  echo $! > "$run/ka-$side.pid"
done
sleep 8
stop ka-a   # the master leaves (priority 0 advertisements), B takes over
sleep 5
stop ka-b
sleep 1
finish vrrp

# ---------------------------------------------------------------- PIM and IGMP (pimd, the kernel)
pimd_conf() {
  cat <<CONF
phyint $1 enable
phyint $2 enable
$3
group-prefix 224.0.0.0 masklen 4
spt-threshold infinity
CONF
}
pimd_conf src-a mc-a "rp-candidate mc-a time 20 priority 5" > "$run/pimd-a.conf"
pimd_conf mc-b rcv-b "bsr-candidate rcv-b priority 5
rp-candidate rcv-b time 20 priority 1" > "$run/pimd-b.conf"
capture "$A" mc-a pim 'ip proto 103'
capture "$R" rcv-r igmp 'ip proto 2'
sleep 1
for side in a b; do
  ns=pkt-mcast-$side
  # Each pimd gets its own /run (pid file and control socket).
  ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs tmpfs /run && exec pimd -f -c $run/pimd-$side.conf -s none" >/dev/null 2>&1 &
  echo $! > "$run/pimd-$side.pid"
done
sleep 12
# The receiver joins and leaves groups through real sockets: IGMPv3, then v2 and v1 forced.
cat > "$run/member.py" <<'PY'
import socket, struct, sys, time
iface = socket.inet_aton(sys.argv[1])
def join(group, source=None, hold=3.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    g = socket.inet_aton(group)
    if source is None:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, g + iface)
    else:
        # struct ip_mreq_source: group, interface, source (Linux order)
        s.setsockopt(socket.IPPROTO_IP, 39, g + iface + socket.inet_aton(source))
    time.sleep(hold)
    s.close()
    time.sleep(1.0)
for spec in sys.argv[2:]:
    group, _, source = spec.partition("/")
    join(group, source or None)
PY
ip netns exec "$R" python3 "$run/member.py" 10.94.2.2 239.1.2.3 232.1.1.1/10.94.1.2 239.4.5.6 &
member=$!
# The source sends to a joined group: register encapsulation at A toward the RP at B.
sleep 1
ip netns exec "$S" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 8)
for i in range(12):
    s.sendto(b"packetry multicast %d" % i, ("239.4.5.6", 5000)); time.sleep(0.5)
' &
sender=$!
wait "$member"
ip netns exec "$R" sysctl -qw net.ipv4.conf.rcv-r.force_igmp_version=2
ip netns exec "$R" python3 "$run/member.py" 10.94.2.2 239.7.7.7
ip netns exec "$R" sysctl -qw net.ipv4.conf.rcv-r.force_igmp_version=1
ip netns exec "$R" python3 "$run/member.py" 10.94.2.2 239.8.8.8
wait "$sender" || true
sleep 2
stop pimd-a
stop pimd-b
sleep 1
finish pim
finish igmp
