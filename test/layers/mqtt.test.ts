import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, Ether, IP, MQTT, MQTTConnect, MQTTDisconnect, MQTTPublish, MQTTSubscribe, MQTTTopicQOS, raw, TCP, tcpReassemble, type Packet } from "../../src/index.ts";
import { tsharkAvailable, tsharkField, tsharkRead } from "../tshark.ts";
import { allLayers, frames, tsharkFields, tsharkSkip, withComputedFieldsReset, type Fields } from "./routingCaptures.ts";

const skip = tsharkAvailable() ? false : "tshark is not installed";
const text = (b: unknown) => new TextDecoder().decode(b as Uint8Array);
const colons = (b: unknown) => bytesHex(b as Uint8Array).replace(/(..)(?=.)/g, "$1:");

const COMPARED = new Set(["mqtt.msgtype", "mqtt.len", "mqtt.retain", "mqtt.protoname", "mqtt.ver", "mqtt.kalive", "mqtt.clientid", "mqtt.willtopic", "mqtt.willmsg", "mqtt.username", "mqtt.passwd", "mqtt.conack.val", "mqtt.msgid", "mqtt.topic", "mqtt.sub.qos", "mqtt.msg"]);

/** What packetry reads in the MQTT messages of a packet, under tshark's names, added to `out`. */
function mqttFields(p: Packet, out: Fields): void {
  const put = (k: string, v: unknown) => (out.get(k) ?? out.set(k, []).get(k)!).push(String(v));
  for (const q of allLayers(p)) {
    const g = (n: string) => q.getFieldValue(n);
    switch (q.spec.name) {
      case "MQTT":
        // A byte left after a message (SUBACK's second return code: Scapy's class holds one) is no message for tshark.
        if (g("len") === null) break;
        put("mqtt.msgtype", g("type"));
        put("mqtt.len", g("len"));
        if (g("type") === 3) put("mqtt.retain", g("RETAIN"));
        break;
      case "MQTTConnect":
        put("mqtt.protoname", text(g("protoname")));
        put("mqtt.ver", g("protolevel"));
        put("mqtt.kalive", g("klive"));
        put("mqtt.clientid", text(g("clientId")));
        if (g("willflag") === 1) {
          put("mqtt.willtopic", text(g("willtopic")));
          put("mqtt.willmsg", colons(g("willmsg")));
        }
        if (g("usernameflag") === 1) put("mqtt.username", text(g("username")));
        if (g("passwordflag") === 1) put("mqtt.passwd", text(g("password")));
        break;
      case "MQTTConnack":
        put("mqtt.conack.val", g("retcode"));
        break;
      case "MQTTPublish":
        put("mqtt.topic", text(g("topic")));
        if (q.underlayer?.getFieldValue("QOS") !== 0) put("mqtt.msgid", g("msgid"));
        put("mqtt.msg", colons(g("value")));
        break;
      case "MQTTTopicQOS":
        put("mqtt.topic", text(g("topic")));
        put("mqtt.sub.qos", g("QOS"));
        break;
      case "MQTTTopic":
        put("mqtt.topic", text(g("topic")));
        break;
      case "MQTTPuback":
      case "MQTTPubrec":
      case "MQTTPubrel":
      case "MQTTPubcomp":
      case "MQTTSubscribe":
      case "MQTTSuback":
      case "MQTTUnsubscribe":
      case "MQTTUnsuback":
        put("mqtt.msgid", g("msgid"));
        break;
    }
  }
}

test("mosquitto with mosquitto_pub and mosquitto_sub, recorded: messages whole through TCPSession read as tshark reads them, every frame rebuilt byte-exact", { skip: tsharkSkip() }, () => {
  const ours = frames("mqtt.pcap");
  for (const [i, { bytes, packet }] of ours.entries()) {
    assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `frame ${i + 1}: bytes kept`);
    assert.equal(bytesHex(raw(withComputedFieldsReset(packet))), bytesHex(bytes), `frame ${i + 1}: built again with lengths computed`);
  }
  // tshark joins the large PUBLISH's segments; TCPSession does too. Both read the same messages, in order.
  const messages = tcpReassemble(ours.map((f) => f.packet));
  const mine: Fields = new Map();
  for (const m of messages) mqttFields(m, mine);
  const theirs: Fields = new Map();
  for (const frame of tsharkFields("mqtt.pcap", COMPARED)) for (const [k, v] of frame) (theirs.get(k) ?? theirs.set(k, []).get(k)!).push(...v);
  for (const key of COMPARED) assert.deepEqual(mine.get(key) ?? [], theirs.get(key) ?? [], key);
  assert.ok((mine.get("mqtt.msgtype") ?? []).length >= 50);
  const big = messages.map((m) => m.getLayer(MQTTPublish)).find((p) => p && (p.value as Uint8Array).length === 20000);
  assert.ok(big, "the 20 kB PUBLISH, whole");
});

test("tshark reads MQTT as packetry builds it: CONNECT with will and credentials, PUBLISH at QoS 1 with a 2-byte remaining length, SUBSCRIBE", { skip }, () => {
  // One connection (tshark learns the version from its CONNECT), each segment after the one before.
  let seq = 1;
  const base = () => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 40000, dport: 1883, flags: "PA", seq, ack: 1 }));
  const next = (p: Packet) => ((seq += raw(p.getLayer(MQTT)!).length), p);
  const connect = next(base().div(MQTT(), MQTTConnect({ protoname: "MQTT", protolevel: 4, usernameflag: 1, passwordflag: 1, willflag: 1, willQOSflag: 1, cleansess: 1, klive: 30, clientId: "c1", willtopic: "w", willmsg: "bye", username: "u", password: "p" })));
  const publish = next(base().div(MQTT({ type: 3, QOS: 1 }), MQTTPublish({ topic: "a/b", msgid: 5, value: "x".repeat(300) })));
  const subscribe = base().div(MQTT({ type: 8, QOS: 1 }), MQTTSubscribe({ msgid: 6, topics: [MQTTTopicQOS({ topic: "a/#", QOS: 1 })] }));
  const views = tsharkRead([connect, publish, subscribe]);
  for (const view of views) {
    assert.equal(view.protocols, "eth:ethertype:ip:tcp:mqtt");
    assert.deepEqual(view.problems, []);
  }
  assert.equal(tsharkField(views[0]!, "mqtt.username"), "u");
  assert.equal(tsharkField(views[0]!, "mqtt.willtopic"), "w");
  assert.equal(tsharkField(views[1]!, "mqtt.len"), "307");
  assert.equal(tsharkField(views[1]!, "mqtt.msgid"), "5");
  assert.equal(tsharkField(views[2]!, "mqtt.topic"), "a/#");
  assert.equal(bytesHex(raw(publish.getLayer(MQTT)!)).slice(0, 6), "32b302");
});

test("MQTT from hostile bytes: a remaining length of 5 bytes or cut short is Raw; several messages in one segment follow one another", () => {
  const five = TCP(raw(TCP({ sport: 1883, dport: 40000 }).div(Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0xff, 0x7f))));
  assert.deepEqual(five.layers().map((l) => l.name), ["TCP", "Raw"]);
  // Each message built on its own (built as one chain, the first length would cover the second, as in Scapy).
  const two = MQTT(Uint8Array.from([...raw(MQTT({ type: 3 }).div(MQTTPublish({ topic: "x", value: "1" }))), ...raw(MQTT({ type: 14 }).div(MQTTDisconnect()))]));
  // DISCONNECT has no bytes after its fixed header: no layer for them, as in Scapy.
  assert.deepEqual(two.layers().map((l) => l.name), ["MQTT", "MQTTPublish", "MQTT"]);
  assert.equal(two.getLayer(MQTT, 2)!.type, 14);
  // The remaining length says more than there is: the value takes what is there.
  const cut = MQTT(Uint8Array.of(0x30, 0x7f, 0, 1, 0x61, 0x62));
  assert.deepEqual(cut.getLayer(MQTTPublish)!.value, Uint8Array.of(0x62));
  assert.throws(() => MQTT({ len: 268435456 }), /MQTT.len/);
});
