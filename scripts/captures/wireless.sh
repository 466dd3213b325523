#!/usr/bin/env bash
# Records real 802.1X authentication between network namespaces, for the tests: hostapd's wired
# driver (its internal EAP server) as the authenticator and wpa_supplicant's wired driver as the
# supplicant, on a veth pair (there are no 802.11 radios here: EAPOL runs on Ethernet).
#   eapol-md5.pcap   EAPOL-Start, EAP Identity request/response, MD5-Challenge, Success for the
#                    right password; the same with a wrong password ending in Failure; Logoff.
#   eapol-peap.pcap  PEAP (TLS handshake in EAP-PEAP fragments with the L and M flags, then
#                    MSCHAPv2 inside) ending in Success.
# The addresses exist only inside the namespaces. Needs root, iproute2, tcpdump, openssl,
# hostapd and wpasupplicant (the tests only read the committed captures).
set -euo pipefail
A=wl-cap-a
B=wl-cap-b
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/wireless.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in hostapd wpa_supplicant tcpdump openssl; do command -v "$tool" >/dev/null || { echo "scripts/captures/wireless.sh: needs $tool" >&2; exit 1; }; done
run="$(mktemp -d)"
chmod 755 "$run"
stop() { [ -f "$run/$1.pid" ] && { kill "$(cat "$run/$1.pid")" 2>/dev/null || true; rm -f "$run/$1.pid"; }; }
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
fresh() {
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done
  ip -n "$A" link add auth0 address 02:00:00:00:0a:01 type veth peer name supp0 netns "$B"
  ip -n "$B" link set supp0 address 02:00:00:00:0b:01
  ip -n "$A" link set auth0 up
  ip -n "$B" link set supp0 up
}
capture() { ip netns exec "$A" tcpdump -i auth0 -U -w "$run/$1.pcap" 'ether proto 0x888e' >/dev/null 2>&1 & echo $! > "$run/tcpdump-$1.pid"; sleep 1; }
finish() { stop "tcpdump-$1"; sleep 0.5; mv "$run/$1.pcap" "$outdir/eapol-$1.pcap"; echo "wrote eapol-$1.pcap ($(tcpdump -r "$outdir/eapol-$1.pcap" 2>/dev/null | wc -l) packets)"; }

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$run/server.key" -out "$run/server.pem" -days 2 -subj /CN=wl-lab-auth >/dev/null 2>&1
cat > "$run/eap_users" <<USERS
"alice" MD5 "secret"
"mallory" MD5 "right"
"bob" PEAP
"bob" MSCHAPV2 "secret" [2]
USERS
cat > "$run/hostapd.conf" <<CONF
interface=auth0
driver=wired
ieee8021x=1
eapol_version=2
use_pae_group_addr=1
eap_server=1
eap_user_file=$run/eap_users
ca_cert=$run/server.pem
server_cert=$run/server.pem
private_key=$run/server.key
fragment_size=400
logger_stdout=0
CONF
authenticator() { ip netns exec "$A" hostapd -B -P "$run/hostapd.pid" "$run/hostapd.conf" >/dev/null; sleep 1; }
supplicant() { # name, network block
  printf 'ap_scan=0\nctrl_interface=%s/wpa\nnetwork={\n%s\n}\n' "$run" "$2" > "$run/$1.conf"
  ip netns exec "$B" wpa_supplicant -B -D wired -i supp0 -c "$run/$1.conf" -P "$run/wpa-$1.pid" >/dev/null
}

# ---------------------------------------------------------------- EAP-MD5
fresh
capture md5
authenticator
supplicant alice '  key_mgmt=IEEE8021X
  eap=MD5
  identity="alice"
  password="secret"
  eapol_flags=0'
sleep 4
ip netns exec "$B" wpa_cli -p "$run/wpa" logoff >/dev/null 2>&1 || true
sleep 1
stop wpa-alice
stop hostapd
sleep 1
authenticator
supplicant mallory '  key_mgmt=IEEE8021X
  eap=MD5
  identity="mallory"
  password="wrong"
  eapol_flags=0'
sleep 6
stop wpa-mallory
stop hostapd
finish md5

# ---------------------------------------------------------------- PEAP with MSCHAPv2
fresh
capture peap
authenticator
supplicant bob '  key_mgmt=IEEE8021X
  eap=PEAP
  identity="bob"
  password="secret"
  phase2="auth=MSCHAPV2"
  ca_cert="'"$run"'/server.pem"
  eapol_flags=0'
sleep 6
stop wpa-bob
stop hostapd
finish peap
