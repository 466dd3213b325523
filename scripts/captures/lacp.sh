#!/usr/bin/env bash
# Records real LACP between network namespaces, for the tests and the benchmarks:
#   lan-lacp.pcap   two Open vSwitch instances (userspace datapath: the kernel here has neither
#                   bonding nor openvswitch modules), each bonding two veth links with active
#                   LACP at the fast rate: LACPDUs from the first unsynchronised ones to both
#                   ends collecting and distributing, and the renegotiation when one link goes
#                   down and up again.
# The kernel's macsec device would record MACsec the same way; where CONFIG_MACSEC is missing (as
# on this machine) the MACsec tests rely on Scapy and tshark alone.
# The links exist only inside the namespaces. Needs root, iproute2, tcpdump and openvswitch-switch.
set -euo pipefail
A=lm-cap-a
B=lm-cap-b
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/lacp.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in ovs-vswitchd ovsdb-server ovsdb-tool ovs-vsctl tcpdump; do command -v "$tool" >/dev/null || { echo "scripts/captures/lacp.sh: needs $tool (apt-get install openvswitch-switch tcpdump)" >&2; exit 1; }; done
run="$(mktemp -d)"
chmod 755 "$run"
stop() { [ -f "$run/$1.pid" ] && { kill "$(cat "$run/$1.pid")" 2>/dev/null || true; rm -f "$run/$1.pid"; }; }
cleanup() {
  for f in "$run"/*.pid "$run"/*/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
fresh() { for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done; }
capture() { ip netns exec "$1" tcpdump -i "$2" -U -w "$run/$3.pcap" "$4" >/dev/null 2>&1 & echo $! > "$run/tcpdump-$3.pid"; }
finish() { stop "tcpdump-$1"; sleep 0.5; mv "$run/$1.pcap" "$outdir/lan-$1.pcap"; echo "wrote lan-$1.pcap ($(tcpdump -r "$outdir/lan-$1.pcap" 2>/dev/null | wc -l) packets)"; }

# One Open vSwitch per namespace, with its own database, sockets and logs under $run/<side>.
ovs() {
  local ns=$1 side=$2 dir="$run/$2"
  mkdir -p "$dir"
  ovsdb-tool create "$dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  ip netns exec "$ns" env OVS_RUNDIR="$dir" OVS_DBDIR="$dir" OVS_LOGDIR="$dir" \
    ovsdb-server "$dir/conf.db" --remote="punix:$dir/db.sock" --pidfile="$dir/ovsdb.pid" --detach --log-file="$dir/ovsdb.log"
  vsctl "$side" --no-wait init
  ip netns exec "$ns" env OVS_RUNDIR="$dir" OVS_DBDIR="$dir" OVS_LOGDIR="$dir" \
    ovs-vswitchd "unix:$dir/db.sock" --pidfile="$dir/vswitchd.pid" --detach --log-file="$dir/vswitchd.log"
}
vsctl() { local side=$1; shift; ovs-vsctl --db="unix:$run/$side/db.sock" --timeout=30 "$@"; }

# ---------------------------------------------------------------- LACP (Open vSwitch bonds)
fresh
ip -n "$A" link add l1a address 02:00:00:00:0a:11 type veth peer name l1b address 02:00:00:00:0b:11 netns "$B"
ip -n "$A" link add l2a address 02:00:00:00:0a:12 type veth peer name l2b address 02:00:00:00:0b:12 netns "$B"
for p in l1a l2a; do ip -n "$A" link set "$p" up; done
for p in l1b l2b; do ip -n "$B" link set "$p" up; done
capture "$A" l1a lacp 'ether proto 0x8809'
sleep 1
ovs "$A" a
ovs "$B" b
vsctl a add-br br0 -- set bridge br0 datapath_type=netdev other_config:hwaddr=02:00:00:00:0a:01
vsctl b add-br br0 -- set bridge br0 datapath_type=netdev other_config:hwaddr=02:00:00:00:0b:01
vsctl a add-bond br0 bond0 l1a l2a lacp=active bond_mode=balance-tcp -- set port bond0 other_config:lacp-time=fast other_config:lacp-system-priority=100
vsctl b add-bond br0 bond0 l1b l2b lacp=active bond_mode=balance-tcp -- set port bond0 other_config:lacp-time=fast
sleep 8
# One link goes down and up: its partner defaults and expires, then both sides negotiate again.
ip -n "$B" link set l2b down
sleep 4
ip -n "$B" link set l2b up
sleep 6
finish lacp
