# What the capture scripts share: sourced by scripts/captures/*.sh (bash, set -euo pipefail).
#
#   cap_init NAME TOOL...     checks root and the tools, sets $outdir (PACKETRY_CAPTURE_DIR
#                             overrides test/fixtures/captures) and $run (a scratch folder), and
#                             installs the cleanup: every $run/*.pid and $run/*/*.pid killed, the
#                             namespaces made with cap_netns deleted, $run removed (a function
#                             cap_cleanup_more, when the script defines one, runs first)
#   cap_netns NS...           fresh namespaces (an old one of the name deleted), lo up
#   cap_veth NSA DEVA NSB DEVB [MACA MACB]   a veth pair between two namespaces (still down)
#   cap_addr NS DEV ADDR...   addresses on a device (IPv6 ones without duplicate detection)
#   cap_up NS DEV...          devices up (after their addresses: the IPv6 autoconfiguration a
#                             link makes on coming up is then the same in every capture)
#   cap_no_offload NS DEV...  checksums computed in software, so captures hold them filled in
#   cap_dump NAME NS DEV FILTER   tcpdump into $run/NAME.pcap in the background
#   cap_stop NAME             stops what $run/NAME.pid names (SIGINT) and waits for it to end
#   cap_keep NAME FILE        stops NAME's tcpdump and moves its capture to $outdir/FILE
#
# Addresses and links exist only inside the namespaces the scripts make.

cap_init() {
  cap_script="scripts/captures/$1.sh"
  shift
  [ "$(id -u)" = 0 ] || { echo "$cap_script: needs root (network namespaces)" >&2; exit 1; }
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$cap_script: needs $tool (apt-get install it)" >&2; exit 1; }
  done
  outdir="${PACKETRY_CAPTURE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../../test/fixtures/captures}"
  mkdir -p "$outdir"
  run="$(mktemp -d)"
  cap_namespaces=()
  trap cap_cleanup EXIT
}

cap_cleanup() {
  if declare -F cap_cleanup_more >/dev/null; then cap_cleanup_more || true; fi
  local f ns
  for f in "$run"/*.pid "$run"/*/*.pid; do [ -f "$f" ] && { kill "$(cat "$f")" 2>/dev/null || true; }; done
  for ns in "${cap_namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$run"
}

cap_netns() {
  local ns
  for ns in "$@"; do
    ip netns del "$ns" 2>/dev/null || true
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    cap_namespaces+=("$ns")
  done
}

cap_veth() {
  if [ $# -ge 6 ]; then
    ip -n "$1" link add "$2" address "$5" type veth peer name "$4" address "$6" netns "$3"
  else
    ip -n "$1" link add "$2" type veth peer name "$4" netns "$3"
  fi
}

cap_up() {
  local ns=$1 dev
  shift
  for dev in "$@"; do ip -n "$ns" link set "$dev" up; done
}

cap_addr() {
  local ns=$1 dev=$2 a
  shift 2
  for a in "$@"; do
    case "$a" in
      *:*) ip -n "$ns" addr add "$a" dev "$dev" nodad ;;
      *) ip -n "$ns" addr add "$a" dev "$dev" ;;
    esac
  done
}

cap_no_offload() {
  local ns=$1 dev
  shift
  for dev in "$@"; do ip netns exec "$ns" ethtool -K "$dev" tx off rx off >/dev/null 2>&1 || true; done
}

cap_dump() {
  ip netns exec "$2" tcpdump -i "$3" --immediate-mode -U -w "$run/$1.pcap" "$4" >/dev/null 2>&1 &
  echo $! > "$run/$1.pid"
}

cap_stop() {
  [ -f "$run/$1.pid" ] || return 0
  local pid i
  pid="$(cat "$run/$1.pid")"
  rm -f "$run/$1.pid"
  kill -INT "$pid" 2>/dev/null || return 0
  # tcpdump writes what it holds on SIGINT: wait until it has gone (10 s at the most).
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

cap_keep() {
  cap_stop "$1"
  mv "$run/$1.pcap" "$outdir/$2"
  echo "wrote $2 ($(tcpdump -r "$outdir/$2" 2>/dev/null | wc -l) packets)"
}
