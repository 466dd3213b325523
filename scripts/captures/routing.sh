#!/usr/bin/env bash
# Records real routing traffic between two BIRD 2 daemons in two network namespaces, for the tests
# and the benchmarks: OSPFv2 and OSPFv3 (two areas, static routes redistributed: Hellos, DBDesc
# exchanges, LSReq, LSUpd with router, network, summary and external LSAs, LSAck), RIPv2 with MD5
# authentication, a BGP session (IPv4 and IPv6 channels, communities, MED) and its BFD session.
# Writes test/fixtures/captures/routing-{ospf,ospf3,rip,bgp,bfd}.pcap. The addresses exist only
# inside the namespaces. Needs root, iproute2, tcpdump and bird2.
set -euo pipefail
A=pkt-routing-a
B=pkt-routing-b
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/routing.sh: needs root (network namespaces)" >&2; exit 1; }
command -v bird >/dev/null || { echo "scripts/captures/routing.sh: needs bird2 (apt-get install bird2)" >&2; exit 1; }
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
ip -n "$A" link add rt-a type veth peer name rt-b netns "$B"
for ns in "$A" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" addr add 10.91.0.1/24 dev rt-a
ip -n "$B" addr add 10.91.0.2/24 dev rt-b
ip -n "$A" addr add fd91::1/64 dev rt-a nodad
ip -n "$B" addr add fd91::2/64 dev rt-b nodad
# A second area on each side makes each router an area border router: a veth pair kept inside
# the namespace (the kernel here has no dummy devices).
ip -n "$A" link add dum-a type veth peer name dum-a2
ip -n "$B" link add dum-b type veth peer name dum-b2
ip -n "$A" addr add 10.92.1.1/24 dev dum-a
ip -n "$B" addr add 10.92.2.1/24 dev dum-b
ip -n "$A" addr add fd92:1::1/64 dev dum-a nodad
ip -n "$B" addr add fd92:2::1/64 dev dum-b nodad
for side in a b; do
  ns=pkt-routing-$side
  ip -n "$ns" link set "rt-$side" up
  ip -n "$ns" link set "dum-$side" up
  ip -n "$ns" link set "dum-${side}2" up
  ip netns exec "$ns" ethtool -K "rt-$side" tx off rx off >/dev/null 2>&1 || true
done

# conf SIDE ROUTER-ID AS PEER PEER-AS STATIC4 STATIC6
conf() {
  cat <<CONF
router id $2;
protocol device { scan time 2; }
protocol direct { ipv4; ipv6; interface "dum-*"; }
protocol static s4 { ipv4; route $6 blackhole; route 10.200.$(( ${2##*.} + 10 )).0/24 blackhole; }
protocol static s6 { ipv6; route $7 blackhole; }
filter redistribute { if source = RTS_STATIC then accept; reject; }
filter to_peer {
  if source = RTS_STATIC then {
    bgp_community.add(($3, 100));
    bgp_community.add(($3, 200));
    bgp_large_community.add(($3, 1, 2));
    bgp_med = 50;
    accept;
  }
  reject;
}
protocol ospf v2 o4 {
  ipv4 { import all; export filter redistribute; };
  area 0 { interface "rt-$1" { hello 2; dead 8; type broadcast; priority $(( ${2##*.} * 10 )); }; };
  area 1 { interface "dum-$1" { stub yes; }; };
}
protocol ospf v3 o6 {
  ipv6 { import all; export filter redistribute; };
  area 0 { interface "rt-$1" { hello 2; dead 8; type broadcast; }; };
  area 1 { interface "dum-$1" { stub yes; }; };
}
protocol rip r4 {
  ipv4 { import all; export filter redistribute; };
  interface "rt-$1" { version 2; update time 4; authentication cryptographic; password "ripkey" { id 1; algorithm keyed md5; }; };
}
protocol bfd { interface "rt-$1" { min rx interval 200 ms; min tx interval 200 ms; }; }
protocol bgp peer {
  local as $3;
  neighbor $4 as $5;
  hold time 9;
  keepalive time 3;
  bfd on;
  ipv4 { import all; export filter to_peer; };
  ipv6 { import all; export filter to_peer; next hop address fd91::${2##*.}; };
}
CONF
}
conf a 10.91.0.1 65001 10.91.0.2 65002 10.201.1.0/24 fd99:1::/48 > "$run/a.conf"
conf b 10.91.0.2 65002 10.91.0.1 65001 10.201.2.0/24 fd99:2::/48 > "$run/b.conf"

ip netns exec "$B" tcpdump -i rt-b -U -w "$run/all.pcap" 'ip or ip6' >/dev/null 2>&1 &
echo $! > "$run/tcpdump.pid"
sleep 1
ip netns exec "$A" bird -c "$run/a.conf" -s "$run/a.ctl" -P "$run/bird-a.pid"
sleep 3
ip netns exec "$B" bird -c "$run/b.conf" -s "$run/b.ctl" -P "$run/bird-b.pid"
sleep "${ROUTING_CAPTURE_SECONDS:-25}"
# A withdrawn route: BGP UPDATE with withdrawals (and MP_UNREACH for IPv6), OSPF LSAs flushed.
ip netns exec "$A" birdc -s "$run/a.ctl" disable s4 >/dev/null
ip netns exec "$A" birdc -s "$run/a.ctl" disable s6 >/dev/null
sleep 4
# A route refresh asked of the peer, then the session closed: BGP NOTIFICATION (Cease).
ip netns exec "$A" birdc -s "$run/a.ctl" reload in peer >/dev/null
sleep 2
ip netns exec "$A" birdc -s "$run/a.ctl" disable peer >/dev/null
sleep 2
for who in bird-a bird-b; do kill "$(cat "$run/$who.pid")" 2>/dev/null || true; rm -f "$run/$who.pid"; done
sleep 1
kill -INT "$(cat "$run/tcpdump.pid")"; rm -f "$run/tcpdump.pid"
sleep 1
split() { tcpdump -r "$run/all.pcap" -w "$outdir/routing-$1.pcap" "$2" 2>/dev/null; echo "wrote routing-$1.pcap ($(tcpdump -r "$outdir/routing-$1.pcap" 2>/dev/null | wc -l) packets)"; }
split ospf 'ip proto 89'
split ospf3 'ip6 proto 89'
split rip 'udp port 520'
split bgp 'tcp port 179'
split bfd 'udp port 3784 or udp port 4784'
