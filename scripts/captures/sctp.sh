#!/usr/bin/env bash
# Records a real SCTP association for the tests and the benchmarks:
#   sctp-usrsctp.pcap   usrsctp (FreeBSD's SCTP stack in user space, Debian's libusrsctp-examples)
#                       between two namespaces over raw IP (this kernel has no SCTP of its own):
#                       INIT with its parameters (addresses, random, chunk list, HMAC algorithms,
#                       supported extensions), INIT-ACK with the state cookie, COOKIE-ECHO/ACK,
#                       HEARTBEATs over IPv6, DATA echoed back, SACKs, SHUTDOWN and its completion.
# The addresses exist only inside the two namespaces. Needs root, iproute2, tcpdump and
# libusrsctp-examples.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
A=sctpIpsec-a
B=sctpIpsec-b
bin=/usr/lib/usrsctp
cap_init sctp tcpdump
[ -x "$bin/echo_server" ] || { echo "scripts/captures/sctp.sh: needs libusrsctp-examples" >&2; exit 1; }
cap_netns "$A" "$B"
cap_veth "$A" si-a "$B" si-b
cap_addr "$A" si-a 10.95.0.1/24 fd95::1/64
cap_addr "$B" si-b 10.95.0.2/24 fd95::2/64
cap_up "$A" si-a
cap_up "$B" si-b

cap_dump sctp "$A" si-a "ip proto 132 or ip6 proto 132"
ip netns exec "$B" "$bin/echo_server" >/dev/null 2>&1 &
echo $! > "$run/server.pid"
sleep 1
# Three messages echoed on port 7, then the client closes (SHUTDOWN).
{ echo hello; sleep 1; echo "world of sctp, a message longer than a few words"; sleep 1; echo bye; sleep 2; } |
  ip netns exec "$A" timeout 20 "$bin/client" 10.95.0.2 7 >/dev/null 2>&1 || true
sleep 1
cap_keep sctp sctp-usrsctp.pcap
