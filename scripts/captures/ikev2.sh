#!/usr/bin/env bash
# Records a real IKEv2 exchange for the tests:
#   ikev2-strongswan.pcap   strongSwan's charon (charon-systemd run directly, not through systemd)
#                           in two namespaces with a pre-shared key: IKE_SA_INIT (SA with its
#                           proposals and transforms, KE, nonce, NAT detection and other notifies),
#                           IKE_AUTH (encrypted), and the INFORMATIONAL exchange deleting the IKE SA.
# The addresses exist only inside the two namespaces. Needs root, iproute2, tcpdump, charon-systemd
# strongswan-swanctl and ethtool.
set -euo pipefail
A=sctpIpsec-ika
B=sctpIpsec-ikb
here="$(cd "$(dirname "$0")" && pwd)"
outdir="$here/../../test/fixtures/captures"
[ "$(id -u)" = 0 ] || { echo "scripts/captures/ikev2.sh: needs root (network namespaces)" >&2; exit 1; }
for tool in charon-systemd swanctl tcpdump; do command -v "$tool" >/dev/null || { echo "scripts/captures/ikev2.sh: needs $tool" >&2; exit 1; }; done
run="$(mktemp -d)"
cleanup() {
  for f in "$run"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}
trap cleanup EXIT
for ns in "$A" "$B"; do ip netns del "$ns" 2>/dev/null || true; ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$A" link add si-ika type veth peer name si-ikb netns "$B"
ip -n "$A" addr add 10.96.0.1/24 dev si-ika
ip -n "$B" addr add 10.96.0.2/24 dev si-ikb
ip -n "$A" link set si-ika up
ip -n "$B" link set si-ikb up
# Checksums computed in software, so that the capture holds them (veth offloads them otherwise).
ip netns exec "$A" ethtool -K si-ika tx off rx off >/dev/null 2>&1 || true
ip netns exec "$B" ethtool -K si-ikb tx off rx off >/dev/null 2>&1 || true

# side NAME SELF PEER: a charon configuration of its own (its VICI socket and log in $run/NAME).
side() {
  mkdir -p "$run/$1"
  cat > "$run/$1/strongswan.conf" <<EOF
charon-systemd {
  load_modular = yes
  install_routes = no
  plugins {
    include /etc/strongswan.d/charon/*.conf
    vici { socket = unix://$run/$1/charon.vici }
  }
  journal { default = -1 }
  filelog { f { path = $run/$1/charon.log
    default = 1 } }
}
EOF
  cat > "$run/$1/swanctl.conf" <<EOF
connections {
  lab {
    version = 2
    local_addrs = $2
    remote_addrs = $3
    proposals = aes128-sha256-modp2048
    local { auth = psk
      id = $2 }
    remote { auth = psk
      id = $3 }
    children { net { local_ts = $2/32
        remote_ts = $3/32
        esp_proposals = aes128gcm16
        mode = transport
        start_action = none } }
  }
}
secrets { ike-lab { id-a = 10.96.0.1
    id-b = 10.96.0.2
    secret = "packetry-lab-psk" } }
EOF
}
side a 10.96.0.1 10.96.0.2
side b 10.96.0.2 10.96.0.1

ip netns exec "$A" tcpdump -i si-ika -U -w "$run/ike.pcap" udp >/dev/null 2>&1 &
echo $! > "$run/tcpdump.pid"
for s in a b; do
  ns=$A; [ $s = b ] && ns=$B
  ip netns exec "$ns" env STRONGSWAN_CONF="$run/$s/strongswan.conf" charon-systemd >/dev/null 2>&1 &
  echo $! > "$run/charon-$s.pid"
done
for s in a b; do
  ns=$A; [ $s = b ] && ns=$B
  for _ in $(seq 20); do [ -S "$run/$s/charon.vici" ] && break; sleep 0.5; done
  ip netns exec "$ns" swanctl --load-all --file "$run/$s/swanctl.conf" --uri "unix://$run/$s/charon.vici" >/dev/null
done
# The IKE SA comes up; the child (AES-GCM, whose plugin Debian ships apart) is refused: NO_PROPOSAL_CHOSEN.
ip netns exec "$A" swanctl --initiate --child net --uri "unix://$run/a/charon.vici" >/dev/null 2>&1 || true
sleep 1
ip netns exec "$A" swanctl --terminate --ike lab --uri "unix://$run/a/charon.vici" >/dev/null
sleep 1
kill "$(cat "$run/tcpdump.pid")"; rm -f "$run/tcpdump.pid"
sleep 0.5
mv "$run/ike.pcap" "$outdir/ikev2-strongswan.pcap"
echo "wrote ikev2-strongswan.pcap ($(tcpdump -r "$outdir/ikev2-strongswan.pcap" 2>/dev/null | wc -l) packets)"
