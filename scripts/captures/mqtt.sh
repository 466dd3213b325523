#!/usr/bin/env bash
# Records real MQTT 3.1.1 and 3.1: mosquitto in one network namespace, mosquitto_sub and
# mosquitto_pub in another (CONNECT with will, username and password, SUBSCRIBE at QoS 0-2,
# PUBLISH at QoS 0, 1 and 2 with their PUBACK/PUBREC/PUBREL/PUBCOMP, a retained message, a
# 20 kB message split over TCP segments, UNSUBSCRIBE by a second subscriber, PINGREQ/PINGRESP,
# DISCONNECT). Writes test/fixtures/captures/mqtt.pcap. Then MQTT 5 (mqtt5.pcap): CONNECT with
# properties and will properties, PUBLISH with user properties, content type, message expiry,
# response topic, correlation data, payload format and topic alias at QoS 0-2 with the
# acknowledgements' reason codes, SUBSCRIBE with a subscription identifier, UNSUBSCRIBE and
# UNSUBACK's reason codes, DISCONNECT. `mqtt.sh v5` records only mqtt5.pcap (`v3`: only mqtt.pcap).
# The addresses exist only inside the namespaces. Needs root, iproute2, tcpdump, mosquitto and
# mosquitto-clients.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
A=telemetry-mqtt-a
B=telemetry-mqtt-b
cap_init mqtt tcpdump mosquitto mosquitto_pub mosquitto_sub
cap_netns "$A" "$B"
cap_veth "$A" mqtt-a "$B" mqtt-b
cap_addr "$A" mqtt-a 10.95.0.1/24
cap_addr "$B" mqtt-b 10.95.0.2/24
cap_up "$A" mqtt-a
cap_up "$B" mqtt-b
# A small MTU so that the large message is cut over several segments.
ip -n "$A" link set mqtt-a mtu 1280
ip -n "$B" link set mqtt-b mtu 1280
for side in a b; do ip netns exec "telemetry-mqtt-$side" ethtool -K "mqtt-$side" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true; done

cat > "$run/mosquitto.conf" <<CONF
listener 1883 10.95.0.2
allow_anonymous true
persistence false
CONF
what="${1:-all}"
H=(-h 10.95.0.2 -p 1883)
start() {
  cap_dump "$1" "$B" mqtt-b 'tcp port 1883'
  sleep 1
  ip netns exec "$B" mosquitto -c "$run/mosquitto.conf" >/dev/null 2>&1 &
  echo $! > "$run/broker.pid"
  sleep 1
}
stop() {
  for who in sub broker; do [ -f "$run/$who.pid" ] && kill "$(cat "$run/$who.pid")" 2>/dev/null || true; rm -f "$run/$who.pid"; done
  sleep 1
  cap_keep "$1" "$2"
}

if [ "$what" != v5 ]; then
start all
ip netns exec "$A" mosquitto_sub "${H[@]}" -V mqttv311 -i sub1 -q 2 -t 'lab/#' -t 'other/+' -k 5 -u watcher -P secret \
  --will-topic lab/status --will-payload gone --will-qos 1 -W 12 >/dev/null 2>&1 &
echo $! > "$run/sub.pid"
sleep 1
ip netns exec "$A" mosquitto_pub "${H[@]}" -V mqttv311 -i pub0 -q 0 -t lab/q0 -m 'qos zero'
ip netns exec "$A" mosquitto_pub "${H[@]}" -V mqttv311 -i pub1 -q 1 -t lab/q1 -m 'qos one'
ip netns exec "$A" mosquitto_pub "${H[@]}" -V mqttv31 -i pub2 -q 2 -t lab/q2 -m 'qos two'
ip netns exec "$A" mosquitto_pub "${H[@]}" -V mqttv311 -i pub3 -q 1 -r -t other/retained -m 'kept'
head -c 20000 /dev/zero | tr '\0' 'x' > "$run/big"
ip netns exec "$A" mosquitto_pub "${H[@]}" -V mqttv311 -i pub4 -q 1 -t lab/big -f "$run/big"
sleep 3
ip netns exec "$A" mosquitto_pub "${H[@]}" -V mqttv311 -i pub5 -q 0 -t lab/last -m 'last'
# A second subscriber that unsubscribes (mosquitto_sub -U), then the first times out and leaves.
ip netns exec "$A" timeout 5 mosquitto_sub "${H[@]}" -V mqttv311 -i sub2 -t other/+ -U other/+ -C 1 -W 2 >/dev/null 2>&1 || true
# The first subscriber's keepalive (5 s) brings PINGREQ and PINGRESP before it times out.
sleep 7
stop all mqtt.pcap
fi

if [ "$what" != v3 ]; then
start v5
V5=(-V mqttv5)
ip netns exec "$A" mosquitto_sub "${H[@]}" "${V5[@]}" -i sub5 -q 2 -t 'lab/#' -k 5 -x 120 \
  -D connect user-property client lab -D connect receive-maximum 20 -D connect maximum-packet-size 65536 -D connect topic-alias-maximum 4 \
  -D connect request-response-information 1 -D connect request-problem-information 1 -D subscribe subscription-identifier 7 \
  --will-topic lab/status --will-payload gone --will-qos 1 -D will will-delay-interval 3 -D will content-type text/plain -D will user-property w v \
  -W 14 >/dev/null 2>&1 &
echo $! > "$run/sub.pid"
sleep 1
ip netns exec "$A" mosquitto_pub "${H[@]}" "${V5[@]}" -i pub50 -q 0 -t lab/v5 -m 'five' -D publish user-property a b -D publish user-property key value \
  -D publish content-type text/plain -D publish payload-format-indicator 1 -D publish message-expiry-interval 30
ip netns exec "$A" mosquitto_pub "${H[@]}" "${V5[@]}" -i pub51 -q 1 -t lab/q1 -m 'one' -D publish response-topic lab/reply -D publish correlation-data 0a0b
ip netns exec "$A" mosquitto_pub "${H[@]}" "${V5[@]}" -i pub52 -q 2 -t lab/q2 -m 'two' -D publish topic-alias 1
ip netns exec "$A" mosquitto_pub "${H[@]}" "${V5[@]}" -i pub53 -q 1 -t nobody/here -m 'lost'
# A second subscriber that unsubscribes (UNSUBACK's reason codes), one topic never subscribed.
ip netns exec "$A" timeout 5 mosquitto_sub "${H[@]}" "${V5[@]}" -i sub52 -t other/+ -t lab/x -U other/+ -U never/there -C 1 -W 2 >/dev/null 2>&1 || true
sleep 7
stop v5 mqtt5.pcap
fi
