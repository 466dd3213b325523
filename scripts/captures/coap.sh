#!/usr/bin/env bash
# Records real CoAP: libcoap's coap-server in one network namespace and coap-client in another
# (GET of the server's resources and /.well-known/core, a 4.04, PUT and DELETE of a resource, a
# NON request, an observe registration, a block-wise GET). Writes test/fixtures/captures/coap.pcap.
# The addresses exist only inside the namespaces. Needs root, iproute2, tcpdump and libcoap3-bin.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
A=telemetry-coap-a
B=telemetry-coap-b
cap_init coap tcpdump coap-server-notls coap-client-notls
cap_netns "$A" "$B"
cap_veth "$A" coap-a "$B" coap-b
cap_addr "$A" coap-a 10.94.0.1/24
cap_addr "$B" coap-b 10.94.0.2/24
cap_up "$A" coap-a
cap_up "$B" coap-b
cap_no_offload "$A" coap-a
cap_no_offload "$B" coap-b

cap_dump all "$B" coap-b 'udp port 5683'
sleep 1
ip netns exec "$B" coap-server-notls -A 10.94.0.2 -p 5683 -d 10 >/dev/null 2>&1 &
echo $! > "$run/server.pid"
sleep 1
client() { ip netns exec "$A" timeout 10 coap-client-notls -B 3 "$@" >/dev/null 2>&1 || true; }
S=coap://10.94.0.2
client -m get "$S/"
client -m get "$S/.well-known/core"
client -m get "$S/time?ticks"
client -m get "$S/nothing/here"
client -m put -e "created by coap-client" "$S/example_data"
client -m get -A 0 "$S/example_data"
client -m delete "$S/example_data"
client -N -m get "$S/time"
client -s 2 -m get "$S/time"
client -b 32 -m get "$S/.well-known/core"
sleep 1
kill "$(cat "$run/server.pid")"; rm -f "$run/server.pid"
sleep 1
cap_keep all coap.pcap
