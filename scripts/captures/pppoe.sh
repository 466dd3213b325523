#!/usr/bin/env bash
# Records rp-pppoe's discovery stage between two network namespaces, for the tests:
#   ppp-pppoe.pcap   pppoe (the client) and pppoe-server: a PADI probe answered by a PADO (-A),
#                    then PADI, PADO, PADR and PADS for a session with a Host-Uniq tag (-d -U), the
#                    server's PADM with a message of the minute, and a PADT ending the session (-k).
# The kernel here has no PPP driver (/dev/ppp), so pppd cannot run a session: the capture holds
# the discovery stage only. Needs root, iproute2, tcpdump and the pppoe package.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
C=pppTunnels-pc
S=pppTunnels-ps
cap_init pppoe pppoe pppoe-server tcpdump
cap_netns "$C" "$S"
cap_veth "$C" pc0 "$S" ps0 02:00:00:00:50:01 02:00:00:00:50:02
cap_up "$C" pc0
cap_up "$S" ps0
# No IPv6 on the link: the capture holds PPPoE alone.
for x in "$C pc0" "$S ps0"; do set -- $x; ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"; done

cap_dump pppoe "$S" ps0 'ether proto 0x8863 or ether proto 0x8864'
sleep 1
# -F is not an option of this version: the server forks, and writes its pid with -X.
ip netns exec "$S" pppoe-server -I ps0 -C packetry-ac -S internet -L 10.95.0.1 -R 10.95.0.2 -N 4 -M "hello from packetry" -X "$run/server.pid"
sleep 1
ip netns exec "$C" pppoe -I pc0 -A -t 2 || true
session="$(ip netns exec "$C" pppoe -I pc0 -S internet -C packetry-ac -U -d -t 2 | tail -1)"
echo "session: $session"
sleep 1
ip netns exec "$C" pppoe -I pc0 -e "$session" -k || true
sleep 1
cap_keep pppoe ppp-pppoe.pcap
