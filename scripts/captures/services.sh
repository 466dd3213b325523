#!/usr/bin/env bash
# Records real SNMP, TFTP and NTP traffic for the tests: test/fixtures/captures/{snmp,tftp,ntp}.pcap
# (give the names to record only some: scripts/captures/services.sh snmp).
#
# Two network namespaces joined by a veth pair, with addresses that exist only there:
#   asnSnmp-srv  asn-srv0 10.157.0.1/24   snmpd (net-snmp, communities public/private), in.tftpd (tftpd-hpa), ntpd (ntpsec)
#   asnSnmp-cli  asn-cli0 10.157.0.2/24   snmpget/snmpgetnext/snmpwalk/snmpbulkwalk/snmpset/snmptrap/snmpinform,
#                                         tftp (tftp-hpa) and curl (TFTP with blksize/tsize options), ntpdig and ntpq
# tcpdump listens on the server side while the clients talk. Packets go nowhere else.
#
# Needs root, iproute2, ethtool, tcpdump, snmpd + snmp, tftpd-hpa + tftp-hpa + curl, ntpsec +
# ntpsec-ntpdig. Everything it starts or creates is removed when it ends, also on failure.
set -euo pipefail

SRV=asnSnmp-srv
CLI=asnSnmp-cli
SRV_IP=10.157.0.1
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../test/fixtures/captures"
wanted="${*:-snmp tftp ntp}"

if [ "$(id -u)" != 0 ]; then
  echo "scripts/captures/services.sh: needs root (network namespaces)" >&2
  exit 1
fi

state="$(mktemp -d /tmp/asnSnmp-cap.XXXXXX)"
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

for ns in "$SRV" "$CLI"; do ip netns del "$ns" 2>/dev/null || true; done

S="ip netns exec $SRV"
C="ip netns exec $CLI"
ip netns add "$SRV"
ip netns add "$CLI"
$S ip link set lo up
$C ip link set lo up
$S ip link add asn-srv0 type veth peer name asn-cli0 netns "$CLI"
# Checksums computed in software, so the captures carry real ones.
$S ethtool -K asn-srv0 tx off rx off >/dev/null
$C ethtool -K asn-cli0 tx off rx off >/dev/null
$S sysctl -qw net.ipv6.conf.asn-srv0.disable_ipv6=1
$C sysctl -qw net.ipv6.conf.asn-cli0.disable_ipv6=1
$S ip link set asn-srv0 up
$C ip link set asn-cli0 up
$S ip addr add "$SRV_IP/24" dev asn-srv0
$C ip addr add 10.157.0.2/24 dev asn-cli0
# Fixed neighbours: no ARP in the recordings.
srv_mac="$($S cat /sys/class/net/asn-srv0/address)"
cli_mac="$($C cat /sys/class/net/asn-cli0/address)"
$S ip neigh add 10.157.0.2 lladdr "$cli_mac" dev asn-srv0
$C ip neigh add "$SRV_IP" lladdr "$srv_mac" dev asn-cli0

# Records $2 (a tcpdump filter) into $1 while the function named $3 runs.
record() {
  local file="$1" filter="$2" run="$3"
  $S tcpdump -i asn-srv0 -U -n -s 2048 -w "$state/$file" "$filter" 2>"$state/tcpdump.log" &
  local tpid=$!
  pids+=("$tpid")
  for _ in $(seq 100); do grep -q "listening on" "$state/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
  "$run"
  sleep 1
  stop_pid "$tpid"
  cp "$state/$file" "$out/$file"
  echo "wrote $out/$file ($(stat -c %s "$out/$file") bytes)"
}

snmp_session() {
  local o=1.3.6.1.2.1.1
  $C snmpget -v2c -c public -r 0 -t 2 "$SRV_IP" "$o.1.0" "$o.3.0" "$o.5.0" >/dev/null
  $C snmpget -v1 -c public -r 0 -t 2 "$SRV_IP" "$o.4.0" "$o.6.0" >/dev/null
  $C snmpget -v2c -c public -r 0 -t 2 "$SRV_IP" "$o.99.0" >/dev/null || true
  $C snmpgetnext -v2c -c public -r 0 -t 2 "$SRV_IP" "$o.1.0" >/dev/null
  $C snmpwalk -v2c -c public -r 0 -t 2 "$SRV_IP" "$o" >/dev/null
  $C snmpwalk -v1 -c public -r 0 -t 2 "$SRV_IP" "$o.9.1.2" >/dev/null
  $C snmpbulkwalk -v2c -c public -Cr8 -r 0 -t 2 "$SRV_IP" "$o" >/dev/null
  $C snmpset -v2c -c private -r 0 -t 2 "$SRV_IP" "$o.6.0" s "rack 4, lab" >/dev/null
  $C snmpset -v1 -c public -r 0 -t 2 "$SRV_IP" "$o.6.0" s "read-only" >/dev/null 2>&1 || true
  $C snmptrap -v1 -c public "$SRV_IP:162" 1.3.6.1.4.1.8072.3.2.10 10.157.0.2 3 0 '' 1.3.6.1.2.1.2.2.1.1.2 i 2
  $C snmptrap -v2c -c public "$SRV_IP:162" '' 1.3.6.1.6.3.1.1.5.3 1.3.6.1.2.1.2.2.1.1.2 i 2 1.3.6.1.2.1.2.2.1.8.2 i 2
  $C snmpinform -v2c -c public -r 0 -t 1 "$SRV_IP:162" '' 1.3.6.1.6.3.1.1.5.1 >/dev/null 2>&1 || true
}

if [[ " $wanted " == *" snmp "* ]]; then
  cat >"$state/snmpd.conf" <<EOF
agentAddress udp:$SRV_IP:161
rocommunity public default
rwcommunity private default
sysContact packetry <lab@example.invalid>
sysName lab-agent
sysDescr packetry lab agent
sysServices 72
EOF
  $S snmpd -f -C -c "$state/snmpd.conf" -Lf "$state/snmpd.log" -p "$state/snmpd.pid" -M /nonexistent &
  pids+=("$!")
  for _ in $(seq 50); do $C snmpget -v2c -c public -r 0 -t 1 "$SRV_IP" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1 && break; sleep 0.2; done
  record snmp.pcap "udp port 161 or udp port 162 or icmp" snmp_session
fi

tftp_session() {
  (cd "$state/client" && $C tftp -m octet "$SRV_IP" -c get hello.txt)
  (cd "$state/client" && $C tftp -m octet "$SRV_IP" -c get missing.txt) || true
  (cd "$state/client" && $C tftp -m octet "$SRV_IP" -c put upload.bin)
  $C curl -s --tftp-blksize 1024 "tftp://$SRV_IP/hello.txt" -o "$state/client/curl.txt"
  cmp "$state/client/curl.txt" "$state/tftp/hello.txt"
}

if [[ " $wanted " == *" tftp "* ]]; then
  mkdir -p "$state/tftp" "$state/client"
  # 2,600 bytes: five 512-byte blocks and a short last one (three with curl's 1,024-byte blocks).
  seq 1 600 | head -c 2600 >"$state/tftp/hello.txt"
  head -c 1100 /dev/zero | tr '\0' 'u' >"$state/client/upload.bin"
  chmod 777 "$state/tftp"
  $S in.tftpd --foreground --address "$SRV_IP:69" --secure --create --user root "$state/tftp" &
  pids+=("$!")
  sleep 0.5
  record tftp.pcap "udp and not port 161 and not port 162 or icmp" tftp_session
fi

ntp_session() {
  $C ntpdig -t 2 "$SRV_IP" >/dev/null 2>&1 || true
  $C ntpdig -t 2 -a 1 -k "$state/ntp.keys" "$SRV_IP" >/dev/null 2>&1 || true
  $C ntpq -n -c "rv" "$SRV_IP" >/dev/null 2>&1 || true
  $C ntpq -n -c "peers" "$SRV_IP" >/dev/null 2>&1 || true
  $C ntpq -n -c "as" "$SRV_IP" >/dev/null 2>&1 || true
  # Answers of several fragments (more bit), one variable read by name, the counters, the MRU list (after a nonce).
  $C ntpq -n -c "rv 0 version,stratum,refid" "$SRV_IP" >/dev/null 2>&1 || true
  $C ntpq -n -c "sysstats" "$SRV_IP" >/dev/null 2>&1 || true
  $C ntpq -n -c "ifstats" "$SRV_IP" >/dev/null 2>&1 || true
  $C ntpq -n -c "mrulist" "$SRV_IP" >/dev/null 2>&1 || true
}

if [[ " $wanted " == *" ntp "* ]]; then
  # A local reference clock (stratum 10 on the undisciplined local clock), one MD5 key, no servers outside.
  printf '1 MD5 labkey\n' >"$state/ntp.keys"
  chmod 600 "$state/ntp.keys"
  {
    # ntpsec answers mode 6 queries from elsewhere than localhost only under a restrict line that lets them in.
    echo "restrict default"
    echo "restrict 10.157.0.0 mask 255.255.255.0"
    echo "server 127.127.1.0 minpoll 4"
    echo "fudge 127.127.1.0 stratum 10"
    echo "keys $state/ntp.keys"
    echo "trustedkey 1"
    echo "interface ignore wildcard"
    echo "interface listen $SRV_IP"
    echo "driftfile $state/ntp.drift"
  } >"$state/ntp.conf"
  $S ntpd -n -c "$state/ntp.conf" -p "$state/ntpd.pid" -l "$state/ntpd.log" &
  pids+=("$!")
  sleep 2
  record ntp.pcap "udp port 123" ntp_session
fi
