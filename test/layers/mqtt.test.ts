import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, Ether, IP, MQTT, MQTTAuth, MQTTConnack, MQTTConnect, MQTTDisconnect, MQTTProperty, MQTTPropertiesLenField, MQTTPuback, MQTTPublish, MQTTSubscribe, MQTTTopicQOS, MQTTUnsuback, mqttConf, raw, TCP, tcpReassemble, type Packet } from "../../src/index.ts";
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

// ---------- MQTT 5 (mqttConf.v5) ----------

const COMPARED5 = new Set([
  "mqtt.msgtype", "mqtt.len", "mqtt.ver", "mqtt.kalive", "mqtt.clientid", "mqtt.willtopic", "mqtt.willmsg", "mqtt.topic", "mqtt.msgid", "mqtt.msg",
  "mqtt.property_len", "mqtt.property_id", "mqtt.prop_number", "mqtt.prop_string", "mqtt.prop_key", "mqtt.prop_value", "mqtt.property.content_type", "mqtt.property.topic_alias",
  "mqtt.connack.reason_code", "mqtt.puback.reason_code", "mqtt.pubrec.reason_code", "mqtt.pubrel.reason_code", "mqtt.pubcomp.reason_code", "mqtt.unsuback.reason_code",
  "mqtt.disconnect.reason_code", "mqtt.subscription_options_qos", "mqtt.suback.reason_code",
]);

/** What packetry reads in MQTT 5 messages, under tshark's names. */
function mqtt5Fields(p: Packet, out: Fields): void {
  const put = (k: string, v: unknown) => (out.get(k) ?? out.set(k, []).get(k)!).push(String(v));
  const props = (q: Packet, len: string, list: string) => {
    put("mqtt.property_len", q.getFieldValue(len));
    for (const prop of q.getFieldValue(list) as Packet[]) {
      const type = prop.getFieldValue("type") as number;
      put("mqtt.property_id", "0x" + type.toString(16).padStart(2, "0"));
      const value = prop.getFieldValue("value");
      if (type === 0x26) {
        put("mqtt.prop_key", text(prop.getFieldValue("key")));
        put("mqtt.prop_value", text(value));
      } else if (type === 0x03) put("mqtt.property.content_type", text(value));
      else if (type === 0x23) put("mqtt.property.topic_alias", value);
      else if (value instanceof Uint8Array) put("mqtt.prop_string", text(value));
      else put("mqtt.prop_number", value);
    }
  };
  for (const q of allLayers(p)) {
    const g = (n: string) => q.getFieldValue(n);
    const reason = (name: string) => {
      if (q.spec.layout.fields.find((f) => f.name === "reasonCode")!.present(q)) put(`mqtt.${name}.reason_code`, g("reasonCode"));
      if (q.spec.layout.fields.find((f) => f.name === "properties")!.present(q)) props(q, "proplen", "properties");
    };
    switch (q.spec.name) {
      case "MQTT":
        if (g("len") === null) break;
        put("mqtt.msgtype", g("type"));
        put("mqtt.len", g("len"));
        break;
      case "MQTTConnect":
        put("mqtt.ver", g("protolevel"));
        put("mqtt.kalive", g("klive"));
        props(q, "proplen", "properties");
        put("mqtt.clientid", text(g("clientId")));
        if (g("willflag") === 1) {
          props(q, "willproplen", "willproperties");
          put("mqtt.willtopic", text(g("willtopic")));
          put("mqtt.willmsg", colons(g("willmsg")));
        }
        break;
      case "MQTTConnack":
        put("mqtt.connack.reason_code", g("retcode"));
        props(q, "proplen", "properties");
        break;
      case "MQTTPublish":
        put("mqtt.topic", text(g("topic")));
        if (q.underlayer?.getFieldValue("QOS") !== 0) put("mqtt.msgid", g("msgid"));
        props(q, "proplen", "properties");
        put("mqtt.msg", colons(g("value")));
        break;
      case "MQTTPuback":
      case "MQTTPubrec":
      case "MQTTPubrel":
      case "MQTTPubcomp":
        put("mqtt.msgid", g("msgid"));
        reason(q.spec.name.slice(4).toLowerCase());
        break;
      case "MQTTDisconnect":
        reason("disconnect");
        break;
      case "MQTTSubscribe":
      case "MQTTUnsubscribe":
        put("mqtt.msgid", g("msgid"));
        props(q, "proplen", "properties");
        break;
      case "MQTTSuback":
        put("mqtt.msgid", g("msgid"));
        props(q, "proplen", "properties");
        for (const c of [g("retcode"), ...(g("retcodes") as number[])]) put("mqtt.suback.reason_code", c);
        break;
      case "MQTTUnsuback":
        put("mqtt.msgid", g("msgid"));
        props(q, "proplen", "properties");
        for (const c of g("retcodes") as number[]) put("mqtt.unsuback.reason_code", c);
        break;
      case "MQTTTopicQOS":
        put("mqtt.topic", text(g("topic")));
        put("mqtt.subscription_options_qos", (g("QOS") as number) & 3);
        break;
      case "MQTTTopic":
        put("mqtt.topic", text(g("topic")));
        break;
    }
  }
}

/** p with every computed length left unset, the properties' lengths (variable integers) too. */
function lengthsReset(p: Packet): Packet {
  const copy = withComputedFieldsReset(p);
  for (const q of allLayers(copy)) for (const f of q.spec.layout.fields) if (f instanceof MQTTPropertiesLenField && f.present(q)) q.setFieldValue(f.name, null);
  return copy;
}

test("MQTT 5: mosquitto with mosquitto_pub and mosquitto_sub -V mqttv5, recorded: properties, will properties and reason codes read as tshark reads them, every frame rebuilt byte-exact", { skip: tsharkSkip() }, () => {
  mqttConf.v5 = true;
  try {
    const ours = frames("mqtt5.pcap");
    for (const [i, { bytes, packet }] of ours.entries()) {
      assert.equal(bytesHex(raw(packet)), bytesHex(bytes), `frame ${i + 1}: bytes kept`);
      assert.equal(bytesHex(raw(lengthsReset(packet))), bytesHex(bytes), `frame ${i + 1}: built again with lengths computed`);
    }
    const messages = tcpReassemble(ours.map((f) => f.packet));
    const mine: Fields = new Map();
    for (const m of messages) mqtt5Fields(m, mine);
    const theirs: Fields = new Map();
    for (const frame of tsharkFields("mqtt5.pcap", COMPARED5)) for (const [k, v] of frame) (theirs.get(k) ?? theirs.set(k, []).get(k)!).push(...v);
    for (const key of COMPARED5) assert.deepEqual(mine.get(key) ?? [], theirs.get(key) ?? [], key);
    // What the capture holds: each property type mosquitto sent, and the reason codes.
    assert.ok((mine.get("mqtt.property_id") ?? []).length >= 40);
    for (const id of ["0x01", "0x02", "0x03", "0x08", "0x09", "0x0b", "0x11", "0x17", "0x18", "0x19", "0x21", "0x22", "0x23", "0x26", "0x27"]) assert.ok(mine.get("mqtt.property_id")!.includes(id), id);
    assert.deepEqual(mine.get("mqtt.unsuback.reason_code"), ["0", "17"]);
    // The second subscriber's SUBACK: a reason code per topic filter.
    assert.deepEqual(mine.get("mqtt.suback.reason_code"), ["2", "0", "0"]);
    assert.ok(mine.get("mqtt.puback.reason_code")!.includes("16"));
  } finally {
    mqttConf.v5 = false;
  }
});

test("MQTT 5 as packetry builds it: tshark reads the properties (every value type), will properties and reason codes with no problem", { skip }, () => {
  mqttConf.v5 = true;
  try {
    let seq = 1;
    const base = () => Ether({ src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" }).div(IP({ src: "10.0.0.1", dst: "10.0.0.2" }), TCP({ sport: 40005, dport: 1883, flags: "PA", seq, ack: 1 }));
    const next = (p: Packet) => ((seq += raw(p.getLayer(MQTT)!).length), p);
    const prop = (type: number, value: unknown, key?: string) => (key === undefined ? MQTTProperty({ type, value: value as never }) : MQTTProperty({ type, key, value: value as never }));
    const connect = next(
      base().div(
        MQTT(),
        MQTTConnect({
          protoname: "MQTT", protolevel: 5, willflag: 1, cleansess: 1, klive: 30, clientId: "c5",
          properties: [prop(0x11, 3600), prop(0x21, 10), prop(0x26, "v", "k"), prop(0x15, "SCRAM"), prop(0x16, Uint8Array.of(1, 2, 3))],
          willproperties: [prop(0x18, 5), prop(0x01, 1)], willtopic: "w", willmsg: "bye",
        }),
      ),
    );
    const big = "x".repeat(200);
    const publish = next(base().div(MQTT({ type: 3, QOS: 1 }), MQTTPublish({ topic: "a/b", msgid: 5, properties: [prop(0x0b, 300), prop(0x08, "r/t"), prop(0x26, big, "long")], value: "hello" })));
    const puback = next(base().div(MQTT({ type: 4 }), MQTTPuback({ msgid: 5, reasonCode: 0x10, properties: [prop(0x1f, "no one")] })));
    const disconnect = next(base().div(MQTT({ type: 14 }), MQTTDisconnect({ reasonCode: 0x04 })));
    const auth = base().div(MQTT(), MQTTAuth({ reasonCode: 0x18, properties: [prop(0x15, "SCRAM-SHA-1"), prop(0x16, Uint8Array.of(0xde, 0xad))] }));
    const views = tsharkRead([connect, publish, puback, disconnect, auth], { mergeDuplicates: true });
    for (const view of views) {
      assert.equal(view.protocols, "eth:ethertype:ip:tcp:mqtt");
      assert.deepEqual(view.problems, []);
    }
    const m = (i: number) => views[i]!.layers.mqtt as Record<string, Record<string, unknown>>;
    assert.deepEqual(m(0)["mqtt.properties"]!["mqtt.property_id"], ["0x11", "0x21", "0x26", "0x15", "0x16"]);
    assert.deepEqual(m(0)["mqtt.will_properties"]!["mqtt.property_id"], ["0x18", "0x01"]);
    assert.equal(tsharkField(views[0]!, "mqtt.clientid"), "c5");
    assert.equal(tsharkField(views[0]!, "mqtt.willtopic"), "w");
    // 200 bytes of user property: the properties' length takes two bytes, the remaining length too.
    // tshark (4.0) shows a 2-byte properties' length as its two bytes read as one number (0xda01: 218 is 0x5a + 1 * 128); it reads the 218 bytes of properties all the same.
    assert.equal(m(1)["mqtt.properties"]!["mqtt.property_len"], String(0xda01));
    assert.equal(3 + 6 + 4 + 4 + 200 + 1, 0x5a + 128);
    assert.equal((m(1)["mqtt.properties"]!["mqtt.prop_value"] as string).length, 200);
    assert.equal(bytesHex(raw(publish.getLayer(MQTTPublish)!)).slice(14, 18), "da01");
    assert.equal(tsharkField(views[1]!, "mqtt.msg"), "68:65:6c:6c:6f");
    assert.equal(tsharkField(views[2]!, "mqtt.puback.reason_code"), "16");
    assert.equal(tsharkField(views[3]!, "mqtt.disconnect.reason_code"), "4");
    // AUTH: its type set by the binding, its reason code and properties.
    assert.equal(tsharkField(views[4]!, "mqtt.msgtype"), "15");
    assert.equal(tsharkField(views[4]!, "mqtt.auth.reason_code"), "24");
    assert.deepEqual(m(4)["mqtt.properties"]!["mqtt.property_id"], ["0x15", "0x16"]);
    assert.deepEqual(MQTT(raw(auth.getLayer(MQTT)!)).layers().map((l) => l.name), ["MQTT", "MQTTAuth"]);
    // Read back as built.
    const again = MQTT(raw(publish.getLayer(MQTT)!));
    assert.deepEqual(again.getLayer(MQTTPublish)!.value, new TextEncoder().encode("hello"));
    assert.equal(((again.getLayer(MQTTPublish)!.getFieldValue("properties") as Packet[])[2]!.getFieldValue("value") as Uint8Array).length, 200);
  } finally {
    mqttConf.v5 = false;
  }
});

test("MQTT 5 from odd bytes, and off by default: properties longer than the message, an unknown property, an acknowledgement without reason code", () => {
  // Off (Scapy's layout): a CONNACK is its two bytes, the rest follows as another message; AUTH's body is Raw.
  assert.equal(bytesHex(raw(MQTT({ type: 2 }).div(MQTTConnack()))), "20020000");
  assert.deepEqual(MQTT(Uint8Array.of(0xf0, 0x02, 0x18, 0x00)).layers().map((l) => l.name), ["MQTT", "Raw"]);
  mqttConf.v5 = true;
  try {
    assert.equal(bytesHex(raw(MQTT({ type: 2 }).div(MQTTConnack()))), "2003000000");
    assert.equal(bytesHex(raw(MQTT({ type: 4 }).div(MQTTPuback({ msgid: 1 })))), "40020001");
    assert.equal(bytesHex(raw(MQTT({ type: 4 }).div(MQTTPuback({ msgid: 1, reasonCode: 0x80 })))), "4003000180");
    // The properties' length says more than there is: the list reads what is there.
    const long = MQTT(Uint8Array.of(0x20, 0x05, 0x00, 0x00, 0x7f, 0x24, 0x01));
    assert.deepEqual((long.getLayer(MQTTConnack)!.getFieldValue("properties") as Packet[]).map((p) => p.getFieldValue("value")), [1]);
    // An identifier MQTT 5 does not define: its value is the rest of the list.
    const unknown = MQTT(Uint8Array.of(0xb0, 0x06, 0x00, 0x01, 0x02, 0x7e, 0x41, 0x00));
    const props = unknown.getLayer(MQTTUnsuback)!.getFieldValue("properties") as Packet[];
    assert.equal(props.length, 1);
    assert.deepEqual(props[0]!.getFieldValue("value"), Uint8Array.of(0x41));
    assert.deepEqual(unknown.getLayer(MQTTUnsuback)!.getFieldValue("retcodes"), [0]);
    // A properties' length of 5 bytes is no length: Raw.
    assert.deepEqual(MQTT(Uint8Array.of(0x20, 0x07, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x7f)).layers().map((l) => l.name), ["MQTT", "Raw"]);
    assert.throws(() => MQTTProperty({ type: 0x21, value: "x" } as never), /MQTTProperty\.value/);
  } finally {
    mqttConf.v5 = false;
  }
});

test("MQTT 5 mutations: 4,000 changed copies of the recorded messages dissect, print and rebuild without an exception", () => {
  mqttConf.v5 = true;
  try {
    const seeds = frames("mqtt5.pcap")
      .map((f) => f.packet.getLayer(MQTT))
      .filter((m): m is NonNullable<typeof m> => m != null)
      .map((m) => raw(m));
    let x = 0x5eed;
    const rand = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x % n);
    for (let i = 0; i < 4000; i++) {
      const b = Uint8Array.from(seeds[rand(seeds.length)]!);
      for (let k = rand(4) + 1; k > 0; k--) b[rand(b.length)] = rand(256);
      const cut = rand(3) === 0 ? b.subarray(0, rand(b.length) + 1) : b;
      const p = MQTT(cut);
      p.toString();
      p.show({ dump: true });
      raw(p);
    }
  } finally {
    mqttConf.v5 = false;
  }
});
