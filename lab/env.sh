# Names and addresses of the packetry lab (sourced by up.sh and down.sh; mirrored in lab/README.md
# and src/lab/names.ts). Each checkout has its own lab: the namespaces and the state folder carry
# a short id of the checkout's path (the first 6 hex digits of its sha256), so a second checkout's
# up.sh or down.sh never touches the first one's lab. PACKETRY_LAB_ID overrides the id.
# Only 10.x and fdxx: addresses, only inside these namespaces: nothing here reaches the host's network.
LAB_CHECKOUT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LAB_ID="${PACKETRY_LAB_ID:-$(printf %s "$LAB_CHECKOUT" | sha256sum | cut -c1-6)}"
LAB_SERVER_NS="pkt-server-$LAB_ID"
LAB_CLIENT_NS="pkt-client-$LAB_ID"
LAB_STATE="/run/packetry-lab-$LAB_ID"
LAB_ZONE=lab.test
LAB_SERVER_V4=10.77.0.1
LAB_CLIENT_V4=10.77.0.2
LAB_SERVER_V6=fd77::1
LAB_CLIENT_V6=fd77::2
