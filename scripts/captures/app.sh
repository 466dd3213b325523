#!/usr/bin/env bash
# Records real DNS, DHCP and HTTP traffic for the tests: test/fixtures/captures/{dns,dhcp,http}.pcap.
#
# Two network namespaces joined by two veth pairs, with addresses that exist only there:
#   pkt-cap-srv  cap-srv0 10.88.0.1/24   dnsmasq (authoritative DNS for cap.test), nginx on :80
#                cap-srv1 10.88.1.1/24   dnsmasq DHCP 10.88.1.100-150 (authoritative: NAKs bad requests)
#   pkt-cap-cli  cap-cli0 10.88.0.2/24   dig and curl
#                cap-cli1 (no address)   dhclient
# tcpdump listens on the server side while the clients talk. Packets go nowhere else.
#
# Needs root, iproute2, ethtool, dnsmasq, nginx (nginx-light), tcpdump, dig (bind9-dnsutils),
# dhclient (isc-dhcp-client), curl and gzip. Idempotent: leftovers of an earlier run are removed
# first, and everything it starts or creates is removed when it ends, also on failure.
set -euo pipefail

SRV=pkt-cap-srv
CLI=pkt-cap-cli
ZONE=cap.test
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../test/fixtures/captures"

if [ "$(id -u)" != 0 ]; then
  echo "scripts/captures/app.sh: needs root (network namespaces)" >&2
  exit 1
fi
for tool in ip ethtool dnsmasq nginx tcpdump dig dhclient curl gzip; do
  command -v "$tool" >/dev/null || { echo "scripts/captures/app.sh: $tool is missing" >&2; exit 1; }
done

state="$(mktemp -d /tmp/pkt-cap.XXXXXX)"
chmod 755 "$state"
pids=()

stop_pid() { kill "$1" 2>/dev/null || true; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }

cleanup() {
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  for f in "$state"/*.pid; do [ -f "$f" ] && stop_pid "$(cat "$f")"; done
  for ns in "$SRV" "$CLI"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$state"
}
trap cleanup EXIT

# Leftovers of an interrupted run.
for ns in "$SRV" "$CLI"; do ip netns del "$ns" 2>/dev/null || true; done

S="ip netns exec $SRV"
C="ip netns exec $CLI"
ip netns add "$SRV"
ip netns add "$CLI"
$S ip link set lo up
$C ip link set lo up
for i in 0 1; do
  $S ip link add "cap-srv$i" type veth peer name "cap-cli$i" netns "$CLI"
  # Checksums computed in software, so the captures carry real ones.
  $S ethtool -K "cap-srv$i" tx off rx off >/dev/null
  $C ethtool -K "cap-cli$i" tx off rx off >/dev/null
  $S ip link set "cap-srv$i" up
  $C ip link set "cap-cli$i" up
  $C sysctl -qw "net.ipv6.conf.cap-cli$i.disable_ipv6=1"
  $S sysctl -qw "net.ipv6.conf.cap-srv$i.disable_ipv6=1"
done
$S ip addr add 10.88.0.1/24 dev cap-srv0
$S ip addr add 10.88.1.1/24 dev cap-srv1
$C ip addr add 10.88.0.2/24 dev cap-cli0

# dnsmasq: the cap.test zone (authoritative on cap-srv0) and DHCP on cap-srv1.
$S dnsmasq \
  --conf-file=/dev/null --no-resolv --no-hosts --bind-interfaces --interface=cap-srv0 --interface=cap-srv1 --except-interface=lo \
  --pid-file="$state/dnsmasq.pid" --dhcp-leasefile="$state/dnsmasq.leases" --log-facility="$state/dnsmasq.log" \
  --dhcp-range=cap-srv1,10.88.1.100,10.88.1.150,255.255.255.0,1h --dhcp-authoritative --no-ping \
  --dhcp-option=option:router,10.88.1.1 --dhcp-option=option:dns-server,10.88.0.1 --dhcp-option=option:domain-name,"$ZONE" \
  --auth-server="ns.$ZONE,cap-srv0" --auth-zone="$ZONE,10.88.0.0/24,fd88::/64" --auth-soa=2024010101,hostmaster."$ZONE",1200,120,604800 \
  --host-record="www.$ZONE,10.88.0.1,fd88::1" \
  --host-record="mail.$ZONE,10.88.0.25" \
  --cname="web.$ZONE,www.$ZONE" \
  --mx-host="$ZONE,mail.$ZONE,10" \
  --txt-record="$ZONE,v=spf1 mx -all" \
  --txt-record="info.$ZONE,packetry,captures" \
  --srv-host="_http._tcp.$ZONE,www.$ZONE,80,0,5" \
  --ptr-record="1.0.88.10.in-addr.arpa,www.$ZONE"

# nginx: a file sent with a Content-Length, the same gzipped (Content-Length too), SSI output
# sent chunked, and gzip on the fly (chunked) for clients that accept it.
mkdir -p "$state/www"
for i in $(seq 1 120); do printf 'line %03d of a file that takes several TCP segments\n' "$i"; done >"$state/www/plain.txt"
cp "$state/www/plain.txt" "$state/www/static-gz.txt"
gzip -9 -n -k "$state/www/static-gz.txt"
printf '<p>chunked <!--# echo var="document_uri" --> by SSI</p>\n' >"$state/www/chunked.html"
chmod -R a+rX "$state/www"
cat >"$state/nginx.conf" <<NGINX
worker_processes 1;
pid $state/nginx.pid;
error_log $state/nginx.error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $state/nginx-body;
  default_type text/plain;
  server_tokens off;
  server {
    listen 10.88.0.1:80;
    root $state/www;
    location = /chunked.html { ssi on; default_type text/html; }
    location = /static-gz.txt { gzip_static on; }
    location = /gzip.txt { alias $state/www/plain.txt; gzip on; gzip_types text/plain; gzip_min_length 1; }
  }
}
NGINX
$S nginx -c "$state/nginx.conf" -e "$state/nginx.error.log"
for _ in $(seq 50); do [ -s "$state/nginx.pid" ] && [ -s "$state/dnsmasq.pid" ] && break; sleep 0.1; done

# Runs tcpdump on a server interface until stop_capture; waits until it listens.
capture() {
  local iface="$1" file="$2" filter="$3"
  # Immediate mode: without it packets wait in the kernel buffer and are lost when tcpdump stops.
  $S tcpdump -i "$iface" -s 0 -U -n --immediate-mode -w "$state/$file" "$filter" 2>"$state/$file.log" &
  cap_pid=$!
  pids+=("$cap_pid")
  for _ in $(seq 100); do grep -qs "listening on" "$state/$file.log" && return 0; sleep 0.05; done
  echo "tcpdump did not start: $(cat "$state/$file.log")" >&2
  return 1
}
stop_capture() {
  sleep 1
  kill -INT "$cap_pid"
  wait "$cap_pid" || true
}

# ---- DNS: every record type of the zone, a name that does not exist, and the same over TCP.
capture cap-srv0 dns.pcap "port 53"
D="$C dig @10.88.0.1 +tries=1 +time=2"
$D "www.$ZONE" A >/dev/null
$D "www.$ZONE" AAAA >/dev/null
$D "web.$ZONE" A >/dev/null
$D "$ZONE" MX >/dev/null
$D "$ZONE" TXT >/dev/null
$D "info.$ZONE" TXT >/dev/null
$D "_http._tcp.$ZONE" SRV >/dev/null
$D -x 10.88.0.1 >/dev/null
$D "$ZONE" SOA >/dev/null
$D "nothing.$ZONE" A >/dev/null
$D +nocookie +noedns "mail.$ZONE" A >/dev/null
$D +tcp "$ZONE" MX >/dev/null
$D +tcp "www.$ZONE" A >/dev/null
stop_capture

# ---- DHCP: a stale lease for another network is NAKed, then discover/offer/request/ack, then release.
cat >"$state/dhclient.leases" <<LEASE
lease {
  interface "cap-cli1";
  fixed-address 10.99.0.7;
  option subnet-mask 255.255.255.0;
  option dhcp-server-identifier 10.99.0.1;
  renew never;
  rebind never;
  expire never;
}
LEASE
# The client script only sets the address it is given (the release goes out from it).
cat >"$state/dhclient-script" <<'SCRIPT'
#!/bin/sh
case "$reason" in
  BOUND|RENEW|REBIND|REBOOT) ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface" ;;
  RELEASE|EXPIRE|STOP) ip addr flush dev "$interface" ;;
esac
exit 0
SCRIPT
chmod +x "$state/dhclient-script"
capture cap-srv1 dhcp.pcap "port 67 or port 68"
DH="$C timeout 30 dhclient -4 -v -sf $state/dhclient-script -lf $state/dhclient.leases -pf $state/dhclient.pid"
$DH -1 cap-cli1 >"$state/dhclient.log" 2>&1
$DH -r cap-cli1 >>"$state/dhclient.log" 2>&1
stop_capture

# ---- HTTP: Content-Length over several segments, HEAD, 404, chunked, gzip (with a length and
# chunked), and several requests on one connection.
capture cap-srv0 http.pcap "tcp port 80"
U="http://10.88.0.1"
K="$C curl -s -S -o /dev/null --http1.1"
$K "$U/plain.txt"
$K -I "$U/plain.txt"
$K "$U/missing"
$K "$U/chunked.html"
$K --compressed "$U/static-gz.txt"
$K --compressed "$U/gzip.txt"
$K -o /dev/null "$U/plain.txt" -o /dev/null "$U/chunked.html" -o /dev/null "$U/missing"
stop_capture

mkdir -p "$out"
for f in dns.pcap dhcp.pcap http.pcap; do
  n="$(tcpdump -r "$state/$f" -n 2>/dev/null | wc -l)"
  [ "$n" -gt 0 ] || { echo "no packets captured in $f" >&2; exit 1; }
  cp "$state/$f" "$out/$f"
  echo "$f: $n packets"
done
