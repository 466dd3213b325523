#!/usr/bin/env bash
# Brings this checkout's packetry lab up (idempotent: when it is already up and healthy, does
# nothing). The namespaces are named after the checkout (lab/env.sh): pkt-server-ID, pkt-client-ID.
#
#   pkt-server-ID: bridge br0 10.77.0.1/24 fd77::1/64 with dnsmasq (DHCP 10.77.0.100-150, router
#               advertisements for fd77::/64, authoritative DNS for lab.test) and nginx on :80
#   pkt-client-ID: cli0 10.77.0.2/24 fd77::2/64 (default route via 10.77.0.1), and cli1 with no
#               address (for DHCP); both are veths whose other ends are ports of br0.
#
# Needs root, iproute2, dnsmasq, nginx (nginx-light) and ethtool.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/env.sh"

healthy() {
  [ -f "$LAB_STATE/dnsmasq.pid" ] && [ -f "$LAB_STATE/nginx.pid" ] &&
    kill -0 "$(cat "$LAB_STATE/dnsmasq.pid")" 2>/dev/null &&
    kill -0 "$(cat "$LAB_STATE/nginx.pid")" 2>/dev/null &&
    ip netns exec "$LAB_CLIENT_NS" ip link show cli0 >/dev/null 2>&1 &&
    ip netns exec "$LAB_CLIENT_NS" ip link show cli1 >/dev/null 2>&1
}

if [ "$(id -u)" != 0 ]; then
  echo "lab/up.sh: needs root (network namespaces)" >&2
  exit 1
fi
if healthy; then
  echo "lab: already up"
  exit 0
fi
# Half up (a crash, a deleted veth): start again from nothing.
"$here/down.sh" >/dev/null

mkdir -p "$LAB_STATE"
# Whose lab this is (packetry lab status shows it).
printf '%s\n' "$LAB_CHECKOUT" >"$LAB_STATE/checkout"
S="ip netns exec $LAB_SERVER_NS"
C="ip netns exec $LAB_CLIENT_NS"
ip netns add "$LAB_SERVER_NS"
ip netns add "$LAB_CLIENT_NS"
$S ip link set lo up
$C ip link set lo up

$S ip link add br0 type bridge
$S ip link set br0 type bridge forward_delay 0 stp_state 0
$S sysctl -qw net.ipv6.conf.br0.accept_dad=0
for i in 0 1; do
  $S ip link add "srv-c$i" type veth peer name "cli$i" netns "$LAB_CLIENT_NS"
  $S ip link set "srv-c$i" master br0
  $C sysctl -qw "net.ipv6.conf.cli$i.accept_dad=0"
  # cli0 is static only; cli1 takes router advertisements (SLAAC).
  [ "$i" = 0 ] && $C sysctl -qw net.ipv6.conf.cli0.accept_ra=0 net.ipv6.conf.cli0.autoconf=0
  # Checksums computed in software, so captures show real checksums.
  $S ethtool -K "srv-c$i" tx off rx off >/dev/null
  $C ethtool -K "cli$i" tx off rx off >/dev/null
  $S ip link set "srv-c$i" up
  $C ip link set "cli$i" up
done
$S ip addr add "$LAB_SERVER_V4/24" dev br0
$S ip addr add "$LAB_SERVER_V6/64" dev br0 nodad
$S ip link set br0 up
$C ip addr add "$LAB_CLIENT_V4/24" dev cli0
$C ip addr add "$LAB_CLIENT_V6/64" dev cli0 nodad
$C ip route add default via "$LAB_SERVER_V4" dev cli0
# `ip netns exec pkt-client-ID ...` resolves names with the lab's DNS (lab.test).
mkdir -p "/etc/netns/$LAB_CLIENT_NS"
printf 'nameserver %s\nsearch %s\n' "$LAB_SERVER_V4" "$LAB_ZONE" >"/etc/netns/$LAB_CLIENT_NS/resolv.conf"
# Errors for closed UDP ports come back at once, however many tests ask.
$S sysctl -qw net.ipv4.icmp_ratelimit=0
$S sysctl -qw net.ipv6.icmp.ratelimit=0

# dnsmasq: DHCP, router advertisements, and the authoritative lab.test zone.
z="$LAB_ZONE"
$S dnsmasq \
  --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces --interface=br0 --except-interface=lo \
  --pid-file="$LAB_STATE/dnsmasq.pid" --dhcp-leasefile="$LAB_STATE/dnsmasq.leases" --log-facility="$LAB_STATE/dnsmasq.log" \
  --dhcp-range=10.77.0.100,10.77.0.150,255.255.255.0,1h --dhcp-authoritative --no-ping \
  --dhcp-option=option:router,"$LAB_SERVER_V4" --dhcp-option=option:dns-server,"$LAB_SERVER_V4" \
  --dhcp-option=option:domain-name,"$z" \
  --enable-ra --dhcp-range=::,constructor:br0,ra-only,64,1h \
  --auth-server="ns.$z,br0" --auth-zone="$z,10.77.0.0/24,fd77::/64" --auth-soa=2024010101,hostmaster."$z",1200,120,604800 \
  --host-record="www.$z,$LAB_SERVER_V4,$LAB_SERVER_V6" \
  --host-record="mail.$z,10.77.0.25" \
  --host-record="client.$z,$LAB_CLIENT_V4,$LAB_CLIENT_V6" \
  --cname="web.$z,www.$z" \
  --mx-host="$z,mail.$z,10" \
  --txt-record="$z,v=spf1 mx -all" \
  --txt-record="info.$z,packetry lab" \
  --srv-host="_http._tcp.$z,www.$z,80,0,5" \
  --ptr-record="1.0.77.10.in-addr.arpa,www.$z"

# nginx on 10.77.0.1:80 and [fd77::1]:80, serving lab/www.
cat >"$LAB_STATE/nginx.conf" <<NGINX
worker_processes 1;
pid $LAB_STATE/nginx.pid;
error_log $LAB_STATE/nginx.error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $LAB_STATE/nginx-body;
  default_type text/plain;
  server {
    listen $LAB_SERVER_V4:80;
    listen [$LAB_SERVER_V6]:80;
    root $here/www;
    index index.html;
  }
}
NGINX
$S nginx -c "$LAB_STATE/nginx.conf" -e "$LAB_STATE/nginx.error.log"

for _ in $(seq 50); do healthy && break; sleep 0.1; done
if ! healthy; then
  echo "lab/up.sh: the lab did not come up (see $LAB_STATE/*.log)" >&2
  exit 1
fi
echo "lab: up ($LAB_SERVER_NS, $LAB_CLIENT_NS)"
