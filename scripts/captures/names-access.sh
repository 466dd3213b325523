#!/usr/bin/env bash
# Records real NetBIOS name service, DHCPv6 and RADIUS traffic for the tests:
# test/fixtures/captures/{nbns,dhcp6,radius}.pcap (give names to record only some:
# scripts/captures/names-access.sh nbns radius).
#
# Two network namespaces joined by a veth pair, with addresses that exist only there:
#   services-srv  svc-srv0 10.158.0.1/24 2001:db8:158::1/64   nmbd (samba), dhcpd -6 (isc-dhcp-server), freeradius -X
#   services-cli  svc-cli0 10.158.0.2/24                      nmblookup (broadcast, unicast, node status),
#                                                             dhclient -6 (addresses, a prefix, information only, release),
#                                                             radclient (accept, reject, accounting, status)
# tcpdump listens on the server side while the clients talk. Packets go nowhere else.
#
# Needs root, iproute2, tcpdump, samba + samba-common-bin, isc-dhcp-server + isc-dhcp-client,
# freeradius + freeradius-utils. Everything it starts or creates is removed when it ends.
set -euo pipefail

SRV=services-srv
CLI=services-cli
SRV_IP=10.158.0.1
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../test/fixtures/captures"
wanted="${*:-nbns dhcp6 radius}"
[ "$(id -u)" = 0 ] || { echo "names-access.sh: needs root (network namespaces)" >&2; exit 1; }
for c in tcpdump nmbd nmblookup dhcpd dhclient freeradius radclient; do
  command -v "$c" >/dev/null || { echo "names-access.sh: needs $c (apt-get install samba samba-common-bin isc-dhcp-server isc-dhcp-client freeradius freeradius-utils tcpdump)" >&2; exit 1; }
done

run="$(mktemp -d)"
chmod 755 "$run"
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  sleep 0.5
  for ns in "$SRV" "$CLI"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  for ns in "$SRV" "$CLI"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
for ns in "$SRV" "$CLI"; do ip netns del "$ns" 2>/dev/null || true; done
ip netns add "$SRV"
ip netns add "$CLI"
ip -n "$SRV" link add svc-srv0 type veth peer name svc-cli0 netns "$CLI"
for ns in "$SRV" "$CLI"; do ip -n "$ns" link set lo up; done
ip -n "$SRV" addr add $SRV_IP/24 brd 10.158.0.255 dev svc-srv0
ip -n "$CLI" addr add 10.158.0.2/24 brd 10.158.0.255 dev svc-cli0
ip -n "$SRV" addr add 2001:db8:158::1/64 dev svc-srv0 nodad
ip -n "$SRV" link set svc-srv0 up
ip -n "$CLI" link set svc-cli0 up
for pair in "$SRV svc-srv0" "$CLI svc-cli0"; do
  set -- $pair
  ip netns exec "$1" ethtool -K "$2" tx off rx off >/dev/null 2>&1 || true
done
# Link-local addresses finish duplicate address detection before DHCPv6 starts.
for _ in $(seq 50); do
  ip -n "$CLI" -6 addr show dev svc-cli0 | grep -q "fe80.*scope link" && ! ip -n "$CLI" -6 addr show dev svc-cli0 | grep -q tentative && break
  sleep 0.2
done

# capture NAME FILTER: tcpdump on the server side until stopped.
capture() {
  ip netns exec "$SRV" tcpdump -i svc-srv0 -U -s 0 -w "$run/$1.pcap" "$2" 2>/dev/null &
  echo $! > "$run/tcpdump.pid"
  sleep 1.5
}
stop_capture() {
  sleep 1
  kill "$(cat "$run/tcpdump.pid")"
  wait "$(cat "$run/tcpdump.pid")" 2>/dev/null || true
  rm -f "$run/tcpdump.pid"
  cp "$run/$1.pcap" "$out/$1.pcap"
  echo "wrote test/fixtures/captures/$1.pcap ($(stat -c %s "$out/$1.pcap") bytes)"
}
stop() {
  [ -f "$run/$1.pid" ] && kill "$(cat "$run/$1.pid")" 2>/dev/null || true
  rm -f "$run/$1.pid"
  sleep 0.5
}

nbns() {
  mkdir -p "$run/samba"/{lock,state,cache,private,pid,log}
  cat > "$run/smb.conf" <<CONF
[global]
  netbios name = LABNMBD
  workgroup = LABGROUP
  interfaces = svc-srv0
  bind interfaces only = yes
  disable netbios = no
  local master = yes
  preferred master = yes
  os level = 65
  lock directory = $run/samba/lock
  state directory = $run/samba/state
  cache directory = $run/samba/cache
  private dir = $run/samba/private
  pid directory = $run/samba/pid
  log file = $run/samba/log/%m.log
  ncalrpc dir = $run/samba/lock/ncalrpc
CONF
  capture nbns "udp port 137 or udp port 138"
  ip netns exec "$SRV" nmbd -F --debug-stdout --no-process-group -s "$run/smb.conf" > "$run/nmbd.out" 2>&1 &
  echo $! > "$run/nmbd.pid"
  # nmbd registers its names by broadcast (about 3 s) before it answers.
  sleep 6
  local cli=(ip netns exec "$CLI" nmblookup -s "$run/smb.conf" --option="interfaces=svc-cli0" --option="bind interfaces only=yes")
  "${cli[@]}" -B 10.158.0.255 LABNMBD || { cat "$run/nmbd.out" "$run"/samba/log/* | tail -n 40; exit 1; }
  "${cli[@]}" -U $SRV_IP --recursion LABNMBD
  "${cli[@]}" -U $SRV_IP --recursion LABGROUP || true
  "${cli[@]}" -A $SRV_IP
  "${cli[@]}" -B 10.158.0.255 NOSUCHNAME || true
  stop nmbd
  stop_capture nbns
}

dhcp6() {
  cat > "$run/dhcpd6.conf" <<CONF
default-lease-time 600;
max-lease-time 7200;
preferred-lifetime 300;
option dhcp6.name-servers 2001:db8:158::53;
option dhcp6.domain-search "lab.example";
option dhcp6.preference 200;
subnet6 2001:db8:158::/64 {
  range6 2001:db8:158::100 2001:db8:158::1ff;
  prefix6 2001:db8:158:100:: 2001:db8:158:f00:: /56;
}
CONF
  touch "$run/dhcpd6.leases"
  capture dhcp6 "udp port 546 or udp port 547"
  ip netns exec "$SRV" dhcpd -6 -f -q -cf "$run/dhcpd6.conf" -lf "$run/dhcpd6.leases" -pf "$run/dhcpd.pidfile" svc-srv0 > "$run/dhcpd.out" 2>&1 &
  echo $! > "$run/dhcpd.pid"
  sleep 2
  local dh=(ip netns exec "$CLI" dhclient -6 -1 -sf /bin/true -lf "$run/dhclient6.leases" -pf "$run/dhclient.pidfile")
  # An address (Solicit, Advertise, Request, Reply), then its release.
  timeout 20 "${dh[@]}" svc-cli0
  timeout 20 "${dh[@]}" -r svc-cli0
  # A delegated prefix, and the configuration alone (Information-request).
  timeout 20 "${dh[@]}" -P -N svc-cli0 || true
  timeout 20 "${dh[@]}" -S svc-cli0 || true
  stop dhcpd
  stop_capture dhcp6
}

radius() {
  cp -a /etc/freeradius/3.0 "$run/raddb"
  cat >> "$run/raddb/clients.conf" <<CONF
client lab {
  ipaddr = 10.158.0.0/24
  secret = labsecret
}
CONF
  { echo 'alice Cleartext-Password := "wonderland"'; echo '  Reply-Message = "Hello, %{User-Name}", Session-Timeout = 3600, Framed-IP-Address = 10.158.0.77'; echo; cat "$run/raddb/mods-config/files/authorize"; } > "$run/authorize"
  cp "$run/authorize" "$run/raddb/mods-config/files/authorize"
  chown -R freerad:freerad "$run/raddb" 2>/dev/null || true
  capture radius "udp port 1812 or udp port 1813"
  ip netns exec "$SRV" freeradius -X -f -d "$run/raddb" > "$run/freeradius.out" 2>&1 &
  echo $! > "$run/freeradius.pid"
  for _ in $(seq 50); do grep -q "Ready to process requests" "$run/freeradius.out" && break; sleep 0.3; done
  local rc=(ip netns exec "$CLI" radclient -r 1 -t 3)
  echo 'User-Name = "alice", User-Password = "wonderland", NAS-IP-Address = 10.158.0.2, NAS-Port = 7, Message-Authenticator = 0x00' | "${rc[@]}" $SRV_IP:1812 auth labsecret
  echo 'User-Name = "alice", User-Password = "wrong", NAS-Port = 8' | "${rc[@]}" $SRV_IP:1812 auth labsecret || true
  echo 'User-Name = "alice", Acct-Status-Type = Start, Acct-Session-Id = "sess-0001", NAS-IP-Address = 10.158.0.2, Framed-IP-Address = 10.158.0.77' | "${rc[@]}" $SRV_IP:1813 acct labsecret
  echo 'User-Name = "alice", Acct-Status-Type = Stop, Acct-Session-Id = "sess-0001", Acct-Session-Time = 42, Acct-Input-Octets = 1234, Acct-Output-Octets = 5678, Acct-Terminate-Cause = User-Request' | "${rc[@]}" $SRV_IP:1813 acct labsecret
  echo 'Message-Authenticator = 0x00' | "${rc[@]}" $SRV_IP:1812 status labsecret || true
  stop freeradius
  stop_capture radius
}

for name in $wanted; do
  case "$name" in
    nbns | dhcp6 | radius) "$name" ;;
    *) echo "names-access.sh: unknown capture $name (nbns, dhcp6, radius)" >&2; exit 1 ;;
  esac
done
