/**
 * MQTT (3.1 and 3.1.1) as Scapy's contrib/mqtt has it: the fixed header with its variable-length
 * remaining length, and CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE,
 * SUBACK, UNSUBSCRIBE, UNSUBACK and DISCONNECT. Several messages in one TCP segment follow one
 * another as payloads (each message's payload is the next fixed header); a message split across
 * segments is whole again through TCPSession (registered below for port 1883). Scapy 2.5 has no
 * MQTT 5 properties, nor classes for PINGREQ, PINGRESP and AUTH (their bodies stay Raw).
 *
 * MQTT 5, beyond Scapy: with `mqttConf.v5` on, messages have their version 5 layouts (a message
 * does not say its version: only CONNECT does, so the switch says it for the others, as tshark's
 * default-version preference does): CONNECT (protolevel 5) its properties and will properties,
 * CONNACK, PUBLISH, SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK their properties (UNSUBACK its
 * reason codes), PUBACK/PUBREC/PUBREL/PUBCOMP and DISCONNECT their optional reason code and
 * properties, SUBACK its reason codes after the first (`retcodes`), and AUTH (type 15) is MQTTAuth
 * (reason code and properties; without the switch its body stays Raw). Each property is an MQTTProperty (`type`, then its value as the type says: byte,
 * 2- or 4-byte integer, variable byte integer, UTF-8 string, string pair as key and value, or
 * binary data). Off (the default), the layouts are Scapy's and its bytes stay equal.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid, Measured, siblingValue, type AnyField } from "../core/field.ts";
import { bitEnum } from "../core/fields/bits.ts";
import { byte, byteEnum, describe, int, short } from "../core/fields/integers.ts";
import { multipleType } from "../core/fields/wrapped.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fieldList, packetList } from "../core/fields/packets.ts";
import { strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import type { InstanceOf } from "../core/define.ts";
import type { Writer } from "../core/writer.ts";
import { TCP } from "./inet.ts";
import { registerStreamProtocol } from "./tcpSession.ts";

export const MQTT_CONTROL_PACKET_TYPES = {
  1: "CONNECT", 2: "CONNACK", 3: "PUBLISH", 4: "PUBACK", 5: "PUBREC", 6: "PUBREL", 7: "PUBCOMP", 8: "SUBSCRIBE",
  9: "SUBACK", 10: "UNSUBSCRIBE", 11: "UNSUBACK", 12: "PINGREQ", 13: "PINGRESP", 14: "DISCONNECT", 15: "AUTH",
};
export const MQTT_QOS_LEVELS = { 0: "At most once delivery", 1: "At least once delivery", 2: "Exactly once delivery" };
export const MQTT_PROTOCOL_LEVELS = { 3: "v3.1", 4: "v3.1.1", 5: "v5.0" };
export const MQTT_RETURN_CODES = { 0: "Connection Accepted", 1: "Unacceptable protocol version", 2: "Identifier rejected", 3: "Server unavailable", 4: "Bad username/password", 5: "Not authorized" };
export const MQTT_SUBACK_CODES = { 0: "Success", 1: "Success", 2: "Success", 128: "Failure" };

const MAX_REMAINING = 268435455;
const ONOFF = { 0: "Disabled", 1: "Enabled" };

/** The remaining length at buf[off]: [value, bytes it takes], or null when cut or longer than 4 bytes. */
export function readRemainingLength(buf: Uint8Array, off: number, end: number): [number, number] | null {
  let value = 0;
  for (let i = 0; i < 4 && off + i < end; i++) {
    const b = buf[off + i]!;
    value += (b & 127) * 128 ** i;
    if ((b & 128) === 0) return [value, i + 1];
  }
  return null;
}

/** Scapy's VariableFieldLenField: 7 bits a byte, low first, the top bit saying another byte follows (at most 4). */
export class VariableFieldLenField<N extends string = string> extends Field<N, number, number | null> {
  kindName = "VariableFieldLenField";

  override fromUser(value: unknown): unknown {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_REMAINING) return invalid(`expected a length from 0 to ${MAX_REMAINING}, got ${describe(value)}`);
    return value;
  }

  override measure(_pkt: unknown, buf: Uint8Array, off: number, end: number): number | Measured {
    const r = readRemainingLength(buf, off, end);
    return r === null ? -1 : new Measured(r[1], r[0]);
  }

  override write(w: Writer, value: unknown): void {
    let v = (value as number | null) ?? 0;
    do {
      const b = v & 127;
      v = Math.floor(v / 128);
      w.u8(v > 0 ? b | 128 : b);
    } while (v > 0);
  }
}

/** MQTT 5 layouts for the messages (see the file's comment); off, Scapy 2.5's. */
export const mqttConf = { v5: false };

/** A variable byte integer that, left unset, is the length of a sibling field (the properties' length): its size follows its value. */
export class MQTTPropertiesLenField<N extends string = string, R extends string = string> extends Field<N, number, number | null, R> {
  kindName = "MQTTPropertiesLenField";
  private readonly varint: VariableFieldLenField<N>;
  constructor(
    name: N,
    readonly target: R,
  ) {
    super(name, null);
    this.varint = new VariableFieldLenField(name, null);
    this.refs = [target];
  }
  override fromUser(value: unknown): unknown {
    return this.varint.fromUser(value);
  }
  override measure(pkt: Packet, buf: Uint8Array, off: number, end: number): number | Measured {
    return this.varint.measure(pkt, buf, off, end);
  }
  override write(w: Writer, value: unknown, pkt: Packet): void {
    if (value === null || value === undefined) {
      const i = pkt.spec.layout.fieldIndex.get(this.target)!;
      value = pkt.spec.layout.fields[i]!.lengthOf(siblingValue(pkt, this.target), pkt);
    }
    this.varint.write(w, value);
  }
}

export const MQTT_PROPERTIES = {
  0x01: "Payload Format Indicator", 0x02: "Message Expiry Interval", 0x03: "Content Type", 0x08: "Response Topic", 0x09: "Correlation Data",
  0x0b: "Subscription Identifier", 0x11: "Session Expiry Interval", 0x12: "Assigned Client Identifier", 0x13: "Server Keep Alive",
  0x15: "Authentication Method", 0x16: "Authentication Data", 0x17: "Request Problem Information", 0x18: "Will Delay Interval",
  0x19: "Request Response Information", 0x1a: "Response Information", 0x1c: "Server Reference", 0x1f: "Reason String", 0x21: "Receive Maximum",
  0x22: "Topic Alias Maximum", 0x23: "Topic Alias", 0x24: "Maximum QoS", 0x25: "Retain Available", 0x26: "User Property", 0x27: "Maximum Packet Size",
  0x28: "Wildcard Subscription Available", 0x29: "Subscription Identifier Available", 0x2a: "Shared Subscription Available",
};
type PropertyKind = "byte" | "short" | "int" | "varint" | "string" | "pair" | "binary";
const PROPERTY_KINDS: Record<number, PropertyKind> = {
  0x01: "byte", 0x02: "int", 0x03: "string", 0x08: "string", 0x09: "binary", 0x0b: "varint", 0x11: "int", 0x12: "string", 0x13: "short",
  0x15: "string", 0x16: "binary", 0x17: "byte", 0x18: "int", 0x19: "byte", 0x1a: "string", 0x1c: "string", 0x1f: "string", 0x21: "short",
  0x22: "short", 0x23: "short", 0x24: "byte", 0x25: "byte", 0x26: "pair", 0x27: "int", 0x28: "byte", 0x29: "byte", 0x2a: "byte",
};
/** MQTT 5 reason codes (CONNACK, the acknowledgements, DISCONNECT, SUBACK, UNSUBACK, AUTH). */
export const MQTT_REASON_CODES = {
  0x00: "Success", 0x01: "Granted QoS 1", 0x02: "Granted QoS 2", 0x04: "Disconnect with Will Message", 0x10: "No matching subscribers",
  0x11: "No subscription existed", 0x18: "Continue authentication", 0x19: "Re-authenticate", 0x80: "Unspecified error", 0x81: "Malformed Packet",
  0x82: "Protocol Error", 0x83: "Implementation specific error", 0x84: "Unsupported Protocol Version", 0x85: "Client Identifier not valid",
  0x86: "Bad User Name or Password", 0x87: "Not authorized", 0x88: "Server unavailable", 0x89: "Server busy", 0x8a: "Banned",
  0x8b: "Server shutting down", 0x8c: "Bad authentication method", 0x8d: "Keep Alive timeout", 0x8e: "Session taken over",
  0x8f: "Topic Filter invalid", 0x90: "Topic Name invalid", 0x91: "Packet Identifier in use", 0x92: "Packet Identifier not found",
  0x93: "Receive Maximum exceeded", 0x94: "Topic Alias invalid", 0x95: "Packet too large", 0x96: "Message rate too high",
  0x97: "Quota exceeded", 0x98: "Administrative action", 0x99: "Payload format invalid", 0x9a: "Retain not supported",
  0x9b: "QoS not supported", 0x9c: "Use another server", 0x9d: "Server moved", 0x9e: "Shared Subscriptions not supported",
  0x9f: "Connection rate exceeded", 0xa0: "Maximum connect time", 0xa1: "Subscription Identifiers not supported",
  0xa2: "Wildcard Subscriptions not supported",
};

const propertyKind = (p: { type: number }): PropertyKind | "unknown" => PROPERTY_KINDS[p.type] ?? "unknown";
/** One MQTT 5 property: its identifier, then its value as the identifier's type says (a pair's key first). */
export const MQTTProperty = defineLayer(
  "MQTTProperty",
  [
    byteEnum("type", 0x26, MQTT_PROPERTIES),
    fieldLen("keylen", null, { lengthOf: "key" }),
    strLen("key", "", "keylen"),
    fieldLen("len", null, { lengthOf: "value" }),
    multipleType(
      "value",
      { byte: byte("value", 0), short: short("value", 0), int: int("value", 0), varint: new VariableFieldLenField("value", 0), bytes: strLen("value", ""), unknown: strLen("value", "") },
      "bytes",
    ),
  ],
  {
    displayName: "MQTT property",
    extractPadding: () => 0,
    when: { keylen: (p) => propertyKind(p) === "pair", key: (p) => propertyKind(p) === "pair", len: (p) => ["string", "pair", "binary"].includes(propertyKind(p)) },
    choose: {
      value: (p) => {
        const k = propertyKind(p);
        return k === "string" || k === "pair" || k === "binary" ? "bytes" : k;
      },
    },
    // An identifier MQTT 5 does not define: its value is the rest of the list (its size cannot be known).
    lengthFrom: { value: (p) => (propertyKind(p) === "unknown" ? null : p.len) },
    summary: (p) => `MQTT property ${p.sprintf("%type%")}`,
  },
);

/** The properties of an MQTT 5 message: their length (a variable byte integer), then the list. */
function properties(): readonly [MQTTPropertiesLenField<"proplen", "properties">, PropertyList<"properties">];
function properties<const L extends string, const P extends string>(len: L, list: P): readonly [MQTTPropertiesLenField<L, P>, PropertyList<P>];
function properties(len = "proplen", list = "properties"): readonly [AnyField, AnyField] {
  return [new MQTTPropertiesLenField(len, list), packetList(list, [], MQTTProperty)] as const;
}
type PropertyList<P extends string> = ReturnType<typeof packetList<P, InstanceOf<typeof MQTTProperty>>>;
/** Scapy's layout, or version 5's (this message's own protocol level, when it has one). */
const v5 = (): boolean => mqttConf.v5;
/** The fixed header's remaining length above a message, when it is known (dissected, or given). */
const remaining = (p: Packet): number | null => {
  const len = header(p)?.getFieldValue("len");
  return typeof len === "number" ? len : null;
};
/** Bytes the properties block takes (its length, and the variable integer that says it). */
const propertiesSize = (p: Packet, len = "proplen"): number => {
  const n = p.getFieldValue(len);
  if (typeof n !== "number") return 0;
  return remainingLength(n).length + n;
};

const fixedHeader = [
  bitEnum("type", 1, 4, MQTT_CONTROL_PACKET_TYPES),
  bitEnum("DUP", 0, 1, ONOFF),
  bitEnum("QOS", 0, 2, MQTT_QOS_LEVELS),
  bitEnum("RETAIN", 0, 1, ONOFF),
  // Left unset, the payload's length (the message after the fixed header): postBuild below.
  new VariableFieldLenField("len", null),
] as const;

/** Encodes a remaining length (1 to 4 bytes). */
function remainingLength(n: number): number[] {
  if (n > MAX_REMAINING) throw new RangeError(`MQTT.len: ${n} does not fit in 4 bytes of remaining length`);
  const out: number[] = [];
  do {
    const b = n & 127;
    n = Math.floor(n / 128);
    out.push(n > 0 ? b | 128 : b);
  } while (n > 0);
  return out;
}

export const MQTT = defineLayer("MQTT", fixedHeader, {
  displayName: "MQTT fixed header",
  // AUTH only under mqttConf.v5; otherwise its body is Raw, as in Scapy (the other messages are bound below).
  guessPayload: (p) => (p.type === 15 ? (mqttConf.v5 ? (MQTTAuth as unknown as LayerRef) : null) : undefined),
  // The length's size depends on its value: written as one byte, then widened once the payload is known.
  postBuild: (p, out) => {
    if (p.len !== null) return;
    const bytes = remainingLength(out.end - out.headerEnd);
    out.buf[out.headerEnd - 1] = bytes[0]!;
    if (bytes.length > 1) out.insert(out.headerEnd, Uint8Array.from(bytes.slice(1)));
  },
});

const MESSAGES: Array<[number, LayerRef]> = [];
function message<T extends LayerRef>(type: number, cls: T): T {
  MESSAGES.push([type, cls]);
  return cls;
}

export const MQTTConnect = message(
  1,
  defineLayer(
    "MQTTConnect",
    [
      fieldLen("length", null, { lengthOf: "protoname" }),
      strLen("protoname", "", "length"),
      byteEnum("protolevel", 5, MQTT_PROTOCOL_LEVELS),
      bitEnum("usernameflag", 0, 1, ONOFF),
      bitEnum("passwordflag", 0, 1, ONOFF),
      bitEnum("willretainflag", 0, 1, ONOFF),
      bitEnum("willQOSflag", 0, 2, MQTT_QOS_LEVELS),
      bitEnum("willflag", 0, 1, ONOFF),
      bitEnum("cleansess", 0, 1, ONOFF),
      bitEnum("reserved", 0, 1, ONOFF),
      short("klive", 0),
      ...properties(),
      fieldLen("clientIdlen", null, { lengthOf: "clientId" }),
      strLen("clientId", "", "clientIdlen"),
      ...properties("willproplen", "willproperties"),
      fieldLen("wtoplen", null, { lengthOf: "willtopic" }),
      strLen("willtopic", "", "wtoplen"),
      fieldLen("wmsglen", null, { lengthOf: "willmsg" }),
      strLen("willmsg", "", "wmsglen"),
      fieldLen("userlen", null, { lengthOf: "username" }),
      strLen("username", "", "userlen"),
      fieldLen("passlen", null, { lengthOf: "password" }),
      strLen("password", "", "passlen"),
    ],
    {
      displayName: "MQTT connect",
      lengthFrom: { properties: (p) => p.proplen, willproperties: (p) => p.willproplen },
      when: {
        proplen: (p) => v5() && p.protolevel === 5,
        properties: (p) => v5() && p.protolevel === 5,
        willproplen: (p) => v5() && p.protolevel === 5 && p.willflag === 1,
        willproperties: (p) => v5() && p.protolevel === 5 && p.willflag === 1,
        wtoplen: (p) => p.willflag === 1,
        willtopic: (p) => p.willflag === 1,
        wmsglen: (p) => p.willflag === 1,
        willmsg: (p) => p.willflag === 1,
        userlen: (p) => p.usernameflag === 1,
        username: (p) => p.usernameflag === 1,
        passlen: (p) => p.passwordflag === 1,
        password: (p) => p.passwordflag === 1,
      },
    },
  ),
);

/** MQTT 5's optional reason code (and properties) of DISCONNECT and the acknowledgements: there when the remaining length leaves room for them (or when given). */
function optionalTail(before: number) {
  const reasonThere = (p: Packet & { reasonCode: number | null }) => {
    if (!v5()) return false;
    const rem = remaining(p);
    return rem !== null ? rem > before : p.reasonCode !== null;
  };
  const propsThere = (p: Packet & { reasonCode: number | null; proplen: number | null; properties: readonly Packet[] }) => {
    if (!reasonThere(p)) return false;
    const rem = remaining(p);
    return rem !== null ? rem > before + 1 : p.proplen !== null || p.properties.length > 0;
  };
  return {
    fields: [byteEnum("reasonCode", null, MQTT_REASON_CODES), ...properties()] as const,
    when: { reasonCode: reasonThere, proplen: propsThere, properties: propsThere },
  };
}
const disconnectTail = optionalTail(0);
export const MQTTDisconnect = message(
  14,
  defineLayer("MQTTDisconnect", disconnectTail.fields, {
    displayName: "MQTT disconnect",
    when: disconnectTail.when,
    lengthFrom: { properties: (p) => p.proplen },
  }),
);

export const MQTTConnack = message(
  2,
  defineLayer("MQTTConnack", [byte("sessPresentFlag", 0), byteEnum("retcode", 0, () => (v5() ? MQTT_REASON_CODES : MQTT_RETURN_CODES)), ...properties()], {
    displayName: "MQTT connack",
    when: { proplen: v5, properties: v5 },
    lengthFrom: { properties: (p) => p.proplen },
  }),
);

/** The fixed header above a message (its QoS and remaining length), when there is one. */
const header = (p: Packet): Packet | null => (p.underlayer?.spec === MQTT.spec ? p.underlayer : null);
const qos = (p: Packet): number => Number(header(p)?.getFieldValue("QOS") ?? 0);

export const MQTTPublish = message(
  3,
  defineLayer("MQTTPublish", [fieldLen("length", null, { lengthOf: "topic" }), strLen("topic", "", "length"), short("msgid", null), ...properties(), strLen("value", "")], {
    displayName: "MQTT publish",
    when: { msgid: (p) => qos(p) === 1 || qos(p) === 2, proplen: v5, properties: v5 },
    // What the remaining length leaves after the topic (and the message ID); without a header, the rest.
    lengthFrom: {
      value: (p) => {
        const h = header(p);
        const len = h?.getFieldValue("len");
        if (typeof len !== "number") return null;
        return len - (p.length ?? 0) - (qos(p) === 0 ? 2 : 4) - (v5() ? propertiesSize(p) : 0);
      },
      properties: (p) => p.proplen,
    },
  }),
);

const ackTail = optionalTail(2);
const ack = (name: string, type: number, displayName: string) =>
  message(type, defineLayer(name, [short("msgid", null), ...ackTail.fields], { displayName, when: ackTail.when, lengthFrom: { properties: (p) => p.proplen } }));
export const MQTTPuback = ack("MQTTPuback", 4, "MQTT puback");
export const MQTTPubrec = ack("MQTTPubrec", 5, "MQTT pubrec");
export const MQTTPubrel = ack("MQTTPubrel", 6, "MQTT pubrel");
export const MQTTPubcomp = ack("MQTTPubcomp", 7, "MQTT pubcomp");

const topicFields = () => [fieldLen("length", null, { lengthOf: "topic" }), strLen("topic", "", "length")] as const;
export const MQTTTopic = defineLayer("MQTTTopic", topicFields(), { displayName: "MQTT topic", extractPadding: () => 0 });
export const MQTTTopicQOS = defineLayer("MQTTTopicQOS", [...topicFields(), byteEnum("QOS", 0, MQTT_QOS_LEVELS)], { displayName: "MQTT topic", extractPadding: () => 0 });

// As Scapy's, the topic lists have no length: they take the rest of the segment.
// In MQTT 5, properties come after the message ID.
const withProperties = { when: { proplen: v5, properties: v5 }, lengthFrom: { properties: (p: { proplen: number | null }) => p.proplen } } as const;
export const MQTTSubscribe = message(8, defineLayer("MQTTSubscribe", [short("msgid", null), ...properties(), packetList("topics", null, MQTTTopicQOS)], { displayName: "MQTT subscribe", ...withProperties }));
// MQTT 5: the reason codes after the first (one per topic filter) in `retcodes` (Scapy's class holds one code).
export const MQTTSuback = message(
  9,
  defineLayer(
    "MQTTSuback",
    [short("msgid", null), ...properties(), byteEnum("retcode", null, () => (v5() ? MQTT_REASON_CODES : MQTT_SUBACK_CODES)), fieldList("retcodes", [], byteEnum("", 0, MQTT_REASON_CODES))],
    {
      displayName: "MQTT suback",
      when: { ...withProperties.when, retcodes: v5 },
      lengthFrom: {
        ...withProperties.lengthFrom,
        retcodes: (p) => {
          const rem = remaining(p);
          return rem === null ? null : rem - 3 - propertiesSize(p);
        },
      },
    },
  ),
);
export const MQTTUnsubscribe = message(10, defineLayer("MQTTUnsubscribe", [short("msgid", null), ...properties(), packetList("topics", null, MQTTTopic)], { displayName: "MQTT unsubscribe", ...withProperties }));
// MQTT 5's UNSUBACK has properties and a reason code per topic (Scapy's, only the message ID).
export const MQTTUnsuback = message(
  11,
  defineLayer("MQTTUnsuback", [short("msgid", null), ...properties(), fieldList("retcodes", [], byteEnum("", 0, MQTT_REASON_CODES))], {
    displayName: "MQTT unsuback",
    when: { proplen: v5, properties: v5, retcodes: v5 },
    lengthFrom: {
      properties: (p) => p.proplen,
      retcodes: (p) => {
        const rem = remaining(p);
        return rem === null ? null : rem - 2 - propertiesSize(p);
      },
    },
  }),
);

// MQTT 5's AUTH (type 15): a reason code and properties (authentication method and data); v5 only (Scapy has no class: Raw).
const authTail = optionalTail(0);
export const MQTTAuth = defineLayer("MQTTAuth", authTail.fields, { displayName: "MQTT auth", when: authTail.when, lengthFrom: { properties: (p) => p.proplen } });
bindLayers(MQTT, MQTTAuth, { type: 15 });
bindLayers(MQTTAuth, MQTT);

bindLayers(TCP, MQTT, { sport: 1883 });
bindLayers(TCP, MQTT, { dport: 1883 });
for (const [type, cls] of MESSAGES) {
  bindLayers(MQTT, cls, { type });
  // What follows a message is the next message's fixed header.
  bindLayers(cls, MQTT);
}

/** Whole MQTT messages from a TCP stream: the fixed header's remaining length, once it is there. */
registerStreamProtocol(MQTT, {
  messageLength: (data) => {
    if (data.length < 2) return null;
    const r = readRemainingLength(data, 1, data.length);
    if (r === null) return data.length >= 5 ? data.length : null; // longer than 4 bytes: not MQTT, as it is
    const total = 1 + r[1] + r[0];
    return total <= data.length ? total : null;
  },
});
