/**
 * MQTT (3.1 and 3.1.1) as Scapy's contrib/mqtt has it: the fixed header with its variable-length
 * remaining length, and CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE,
 * SUBACK, UNSUBSCRIBE, UNSUBACK and DISCONNECT. Several messages in one TCP segment follow one
 * another as payloads (each message's payload is the next fixed header); a message split across
 * segments is whole again through TCPSession (registered below for port 1883). Scapy 2.5 has no
 * MQTT 5 properties, nor classes for PINGREQ, PINGRESP and AUTH (their bodies stay Raw).
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { Field, invalid, Measured } from "../core/field.ts";
import { bitEnum } from "../core/fields/bits.ts";
import { byte, byteEnum, describe, short } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { packetList } from "../core/fields/packets.ts";
import { strLen } from "../core/fields/strings.ts";
import type { Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
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
      fieldLen("clientIdlen", null, { lengthOf: "clientId" }),
      strLen("clientId", "", "clientIdlen"),
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
      when: {
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

export const MQTTDisconnect = message(14, defineLayer("MQTTDisconnect", [], { displayName: "MQTT disconnect" }));

export const MQTTConnack = message(2, defineLayer("MQTTConnack", [byte("sessPresentFlag", 0), byteEnum("retcode", 0, MQTT_RETURN_CODES)], { displayName: "MQTT connack" }));

/** The fixed header above a message (its QoS and remaining length), when there is one. */
const header = (p: Packet): Packet | null => (p.underlayer?.spec === MQTT.spec ? p.underlayer : null);
const qos = (p: Packet): number => Number(header(p)?.getFieldValue("QOS") ?? 0);

export const MQTTPublish = message(
  3,
  defineLayer("MQTTPublish", [fieldLen("length", null, { lengthOf: "topic" }), strLen("topic", "", "length"), short("msgid", null), strLen("value", "")], {
    displayName: "MQTT publish",
    when: { msgid: (p) => qos(p) === 1 || qos(p) === 2 },
    // What the remaining length leaves after the topic (and the message ID); without a header, the rest.
    lengthFrom: {
      value: (p) => {
        const h = header(p);
        const len = h?.getFieldValue("len");
        if (typeof len !== "number") return null;
        return len - (p.length ?? 0) - (qos(p) === 0 ? 2 : 4);
      },
    },
  }),
);

const ack = (name: string, type: number, displayName: string) => message(type, defineLayer(name, [short("msgid", null)], { displayName }));
export const MQTTPuback = ack("MQTTPuback", 4, "MQTT puback");
export const MQTTPubrec = ack("MQTTPubrec", 5, "MQTT pubrec");
export const MQTTPubrel = ack("MQTTPubrel", 6, "MQTT pubrel");
export const MQTTPubcomp = ack("MQTTPubcomp", 7, "MQTT pubcomp");

const topicFields = () => [fieldLen("length", null, { lengthOf: "topic" }), strLen("topic", "", "length")] as const;
export const MQTTTopic = defineLayer("MQTTTopic", topicFields(), { displayName: "MQTT topic", extractPadding: () => 0 });
export const MQTTTopicQOS = defineLayer("MQTTTopicQOS", [...topicFields(), byteEnum("QOS", 0, MQTT_QOS_LEVELS)], { displayName: "MQTT topic", extractPadding: () => 0 });

// As Scapy's, the topic lists have no length: they take the rest of the segment.
export const MQTTSubscribe = message(8, defineLayer("MQTTSubscribe", [short("msgid", null), packetList("topics", null, MQTTTopicQOS)], { displayName: "MQTT subscribe" }));
export const MQTTSuback = message(9, defineLayer("MQTTSuback", [short("msgid", null), byteEnum("retcode", null, MQTT_SUBACK_CODES)], { displayName: "MQTT suback" }));
export const MQTTUnsubscribe = message(10, defineLayer("MQTTUnsubscribe", [short("msgid", null), packetList("topics", null, MQTTTopic)], { displayName: "MQTT unsubscribe" }));
export const MQTTUnsuback = ack("MQTTUnsuback", 11, "MQTT unsuback");

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
