#!/usr/bin/env bash
# Records real LAN control traffic between network namespaces, for the tests and the benchmarks:
#   lan-stp.pcap    two kernel bridges with STP on, joined by two veth links (a loop that STP
#                   breaks): configuration BPDUs of the root and of the designated ports,
#                   topology-change notifications and their acknowledgements when a link goes
#                   down and up again;
#   lan-lldp.pcap   lldpd in two namespaces: LLDP (chassis, port, TTL, descriptions, system
#                   capabilities, management addresses, 802.1/802.3/MED organisation TLVs) and
#                   CDP v1 and v2 (lldpd -c repeated), and the shutdown LLDPDU (TTL 0).
# The addresses exist only inside the namespaces. Needs root, iproute2, tcpdump and lldpd.
set -euo pipefail
A=lc-cap-a
B=lc-cap-b
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/lan.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in lldpd tcpdump; do command -v "$tool" >/dev/null || { echo "scripts/captures/lan.sh: needs $tool" >&2; exit 1; }; done
run="$(mktemp -d)"
chmod 755 "$run"
stop() { [ -f "$run/$1.pid" ] && { kill "$(cat "$run/$1.pid")" 2>/dev/null || true; rm -f "$run/$1.pid"; }; }
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
fresh() { for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done; }
capture() { ip netns exec "$1" tcpdump -i "$2" -U -w "$run/$3.pcap" "$4" >/dev/null 2>&1 & echo $! > "$run/tcpdump-$3.pid"; }
finish() { stop "tcpdump-$1"; sleep 0.5; mv "$run/$1.pcap" "$outdir/lan-$1.pcap"; echo "wrote lan-$1.pcap ($(tcpdump -r "$outdir/lan-$1.pcap" 2>/dev/null | wc -l) packets)"; }

# ---------------------------------------------------------------- STP (the kernel bridge)
fresh
ip -n "$A" link add l1a type veth peer name l1b netns "$B"
ip -n "$A" link add l2a type veth peer name l2b netns "$B"
ip -n "$A" link add br0 address 02:00:00:00:0a:01 type bridge stp_state 1 priority 4096 hello_time 100 forward_delay 400
ip -n "$B" link add br0 address 02:00:00:00:0b:01 type bridge stp_state 1 priority 32768 hello_time 100 forward_delay 400
for ns in "$A" "$B"; do ip -n "$ns" link set br0 up; done
for p in l1a l2a; do ip -n "$A" link set "$p" master br0; ip -n "$A" link set "$p" up; done
for p in l1b l2b; do ip -n "$B" link set "$p" master br0; ip -n "$B" link set "$p" up; done
capture "$A" l1a stp 'ether dst 01:80:c2:00:00:00'
sleep 12
# A new port on B reaches forwarding: B notifies the root (TCN on its root port, l1b), the root
# acknowledges (TCA) and sets TC in its BPDUs.
ip -n "$B" link add l3b type veth peer name l3p
ip -n "$B" link set l3p up
ip -n "$B" link set l3b master br0
ip -n "$B" link set l3b up
sleep 14
# The link of B's root port goes down and up: B's root port moves to the other link and back.
ip -n "$B" link set l1b down
sleep 3
ip -n "$B" link set l1b up
sleep 10
finish stp

# ---------------------------------------------------------------- LLDP and CDP (lldpd)
fresh
ip -n "$A" link add eth0 address 02:00:00:00:0a:02 type veth peer name eth0 netns "$B"
ip -n "$B" link set eth0 address 02:00:00:00:0b:02
ip -n "$A" addr add 10.95.0.1/24 dev eth0
ip -n "$B" addr add 10.95.0.2/24 dev eth0
ip -n "$A" addr add fd95::1/64 dev eth0
for ns in "$A" "$B"; do ip -n "$ns" link set eth0 up; done
sleep 2
capture "$B" eth0 lldp 'ether proto 0x88cc or ether dst 01:00:0c:cc:cc:cc'
sleep 1
lldpd_conf() {
  cat <<CONF
configure system hostname $1
configure system description "packetry lan capture $1"
configure lldp tx-interval 2
configure ports eth0 lldp portdescription "uplink of $1"
CONF
}
for side in a b; do
  ns=lc-cap-$side
  lldpd_conf "lc-$side" > "$run/lldpd-$side.conf"
  # LLDP whatever the peer speaks (-l); CDP: A sends v2 (-ccc), B v1 (-cc); A is a MED network device (-M 4).
  flags=$([ "$side" = a ] && echo "-l -ccc -M 4" || echo "-l -cc")
  # Each lldpd gets its own /run (control socket, privilege separation chroot).
  ip netns exec "$ns" unshare -m sh -c "mount -t tmpfs tmpfs /run && mkdir -p /run/lldpd && exec lldpd -d $flags -k -O $run/lldpd-$side.conf -S 'packetry lan capture lc-$side' -u /run/lldpd.socket" >"$run/lldpd-$side.log" 2>&1 &
  echo $! > "$run/lldpd-$side.pid"
done
sleep 12
stop lldpd-a   # lldpd sends a shutdown LLDPDU (TTL 0) when it stops
sleep 2
stop lldpd-b
sleep 1
finish lldp
