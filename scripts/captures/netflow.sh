#!/usr/bin/env bash
# Records real NetFlow v5, v9 and IPFIX export: softflowd in one network namespace watches ICMP,
# ICMPv6, UDP and TCP traffic to a second namespace and exports its flows there (v5 to UDP 2055,
# v9 to 2056, IPFIX to 9995), where tcpdump records the export. Writes
# test/fixtures/captures/netflow.pcap. The addresses exist only inside the namespaces.
# Needs root, iproute2, tcpdump and softflowd.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
A=telemetry-nf-a
B=telemetry-nf-b
cap_init netflow tcpdump softflowd softflowctl
cap_netns "$A" "$B"
cap_veth "$A" telem-a "$B" telem-b
cap_addr "$A" telem-a 10.93.0.1/24 fd93::1/64
cap_addr "$B" telem-b 10.93.0.2/24 fd93::2/64
cap_up "$A" telem-a
cap_up "$B" telem-b
cap_no_offload "$A" telem-a
cap_no_offload "$B" telem-b

cap_dump all "$B" telem-b 'udp dst port 2055 or udp dst port 2056 or udp dst port 9995'
sleep 1
# One exporter per version, each watching the traffic below (not the export: UDP to the collector is filtered out).
start() { # VERSION PORT EXTRA...
  local v=$1 port=$2
  shift 2
  ip netns exec "$A" softflowd -d -i telem-a -n "10.93.0.2:$port" -v "$v" -c "$run/sf$v.ctl" -p "$run/sf$v.pidfile" "$@" \
    'not (udp and (port 2055 or port 2056 or port 9995))' >/dev/null 2>&1 &
  echo $! > "$run/sf$v.pid"
}
start 5 2055
start 9 2056 -6
start 10 9995 -6 -A milli
sleep 2

ip netns exec "$A" ping -c 3 -i 0.2 10.93.0.2 >/dev/null
ip netns exec "$A" ping -6 -c 2 -i 0.2 fd93::2 >/dev/null
for port in 5001 5002 5003; do ip netns exec "$A" bash -c "echo flow-$port > /dev/udp/10.93.0.2/$port" || true; done
ip netns exec "$A" bash -c 'echo six > /dev/udp/fd93::2/5004' || true
# A refused TCP connection (SYN, RST).
ip netns exec "$A" bash -c 'exec 3<>/dev/tcp/10.93.0.2/6000' 2>/dev/null || true
# libpcap hands softflowd its packets a ring block at a time: a burst fills the block, so
# every packet above reaches softflowd before the flows are expired.
ip netns exec "$A" ping -f -c 1500 -s 1400 10.93.0.2 >/dev/null
sleep 1

for v in 5 9 10; do ip netns exec "$A" softflowctl -c "$run/sf$v.ctl" expire-all >/dev/null 2>&1 || true; done
sleep 2
for v in 5 9 10; do ip netns exec "$A" softflowctl -c "$run/sf$v.ctl" shutdown >/dev/null 2>&1 || true; rm -f "$run/sf$v.pid"; done
sleep 1
cap_keep all netflow.pcap
