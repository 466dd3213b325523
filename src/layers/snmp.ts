/**
 * SNMP v1 and v2c (RFC 1157, RFC 3416) as Scapy's layers/snmp.py: the message (version,
 * community, PDU), the PDUs get, get-next, response, set, trap (v1), get-bulk, inform and
 * trap (v2) as ASN.1 layers on the engine in core/asn1, and varbinds whose values are any
 * universal ASN.1 object (IpAddress, Counter32, Gauge32 and TimeTicks included). Values that
 * Scapy's universal class lacks (Counter64, the v2 exceptions noSuchObject, noSuchInstance,
 * endOfMibView) fail to decode as in Scapy, so such a message is Raw.
 *
 * SNMPreport (0xa8, RFC 3416's Report-PDU) is packetry's addition with the same fields: Scapy
 * 2.5 has no class for it (its CHOICE refuses the tag, and the message is Raw there).
 */
import {
  ASN1F_CHOICE,
  ASN1F_INTEGER,
  ASN1F_IPADDRESS,
  ASN1F_OID,
  ASN1F_SEQUENCE,
  ASN1F_SEQUENCE_OF,
  ASN1F_STRING,
  ASN1F_TIME_TICKS,
  ASN1F_enum_INTEGER,
  NULL_VALUE,
  asn1Field,
  type ASN1Element,
} from "../core/asn1/fields.ts";
import { ASN1Context, UNIVERSAL, registerContextTag, sequenceCodec } from "../core/asn1/ber.ts";
import { ASN1_SEQUENCE } from "../core/asn1/objects.ts";
import { defineASN1Layer } from "../core/asn1/packet.ts";
import { bindBottomUp, bindLayers } from "../core/bind.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { IntAutoTime } from "../core/volatile.ts";
import { UDP } from "./inet.ts";

/** Scapy's ASN1_Class_SNMP: the PDU tags (context-specific, constructed). */
export const ASN1_Class_SNMP = {
  PDU_GET: 0xa0,
  PDU_NEXT: 0xa1,
  PDU_RESPONSE: 0xa2,
  PDU_SET: 0xa3,
  PDU_TRAPv1: 0xa4,
  PDU_BULK: 0xa5,
  PDU_INFORM: 0xa6,
  PDU_TRAPv2: 0xa7,
  PDU_REPORT: 0xa8,
} as const;

/** Scapy's ASN1_SNMP_PDU_* objects: sequences under the PDU tags. */
const pduObject = (name: string, tag: number) => {
  const cls = { [name]: class extends ASN1_SEQUENCE {} }[name]!;
  Object.defineProperty(cls, "tag", { value: tag });
  return cls;
};

/** The SNMP class: the universal tags and the PDUs' (what a generic field decodes by). */
export const SNMP_CONTEXT = new ASN1Context("SNMP", UNIVERSAL);
const pduCodecs = Object.fromEntries(
  Object.entries(ASN1_Class_SNMP).map(([key, tag]) => {
    const obj = pduObject(`ASN1_SNMP_${key}`, tag);
    const codec = sequenceCodec(`BERcodec_SNMP_${key}`, tag, obj);
    SNMP_CONTEXT.define(tag, key, obj, codec);
    registerContextTag({ tag, name: key, objectClass: obj, codec });
    return [key, codec];
  }),
) as Record<keyof typeof ASN1_Class_SNMP, ReturnType<typeof sequenceCodec>>;

const pdu = <const S extends readonly ASN1Element[]>(key: keyof typeof ASN1_Class_SNMP, seq: S) => new ASN1F_SEQUENCE<S>(seq, { tag: ASN1_Class_SNMP[key], codec: pduCodecs[key] });

export const SNMP_error: Readonly<Record<number, string>> = {
  0: "no_error",
  1: "too_big",
  2: "no_such_name",
  3: "bad_value",
  4: "read_only",
  5: "generic_error",
  6: "no_access",
  7: "wrong_type",
  8: "wrong_length",
  9: "wrong_encoding",
  10: "wrong_value",
  11: "no_creation",
  12: "inconsistent_value",
  13: "resource_unavailable",
  14: "commit_failed",
  15: "undo_failed",
  16: "authorization_error",
  17: "not_writable",
  18: "inconsistent_name",
};

export const SNMP_trap_types: Readonly<Record<number, string>> = {
  0: "cold_start",
  1: "warm_start",
  2: "link_down",
  3: "link_up",
  4: "auth_failure",
  5: "egp_neigh_loss",
  6: "enterprise_specific",
};

/** One variable binding: an OID and its value (NULL in requests). */
export const SNMPvarbind = defineASN1Layer("SNMPvarbind", new ASN1F_SEQUENCE([ASN1F_OID("oid", "1.3"), asn1Field("value", NULL_VALUE())] as const));

const requestFields = () =>
  [
    ASN1F_INTEGER("id", 0),
    new ASN1F_enum_INTEGER("error", 0, SNMP_error),
    ASN1F_INTEGER("error_index", 0),
    new ASN1F_SEQUENCE_OF("varbindlist", [], SNMPvarbind),
  ] as const;

export const SNMPget = defineASN1Layer("SNMPget", pdu("PDU_GET", requestFields()));
export const SNMPnext = defineASN1Layer("SNMPnext", pdu("PDU_NEXT", requestFields()));
export const SNMPresponse = defineASN1Layer("SNMPresponse", pdu("PDU_RESPONSE", requestFields()));
export const SNMPset = defineASN1Layer("SNMPset", pdu("PDU_SET", requestFields()));
export const SNMPtrapv1 = defineASN1Layer(
  "SNMPtrapv1",
  pdu("PDU_TRAPv1", [
    ASN1F_OID("enterprise", "1.3"),
    ASN1F_IPADDRESS("agent_addr", "0.0.0.0"),
    new ASN1F_enum_INTEGER("generic_trap", 0, SNMP_trap_types),
    ASN1F_INTEGER("specific_trap", 0),
    ASN1F_TIME_TICKS("time_stamp", new IntAutoTime()),
    new ASN1F_SEQUENCE_OF("varbindlist", [], SNMPvarbind),
  ] as const),
);
export const SNMPbulk = defineASN1Layer(
  "SNMPbulk",
  pdu("PDU_BULK", [ASN1F_INTEGER("id", 0), ASN1F_INTEGER("non_repeaters", 0), ASN1F_INTEGER("max_repetitions", 0), new ASN1F_SEQUENCE_OF("varbindlist", [], SNMPvarbind)] as const),
);
export const SNMPinform = defineASN1Layer("SNMPinform", pdu("PDU_INFORM", requestFields()));
export const SNMPtrapv2 = defineASN1Layer("SNMPtrapv2", pdu("PDU_TRAPv2", requestFields()));
export const SNMPreport = defineASN1Layer("SNMPreport", pdu("PDU_REPORT", requestFields()));

const REQUESTS: readonly LayerRef[] = [SNMPget, SNMPnext, SNMPset];

/** The SNMP message: version, community and one PDU. */
export const SNMP = defineASN1Layer(
  "SNMP",
  new ASN1F_SEQUENCE([
    new ASN1F_enum_INTEGER("version", 1, { 0: "v1", 1: "v2c", 2: "v2", 3: "v3" }),
    ASN1F_STRING("community", "public"),
    new ASN1F_CHOICE("PDU", SNMPget(), [SNMPget, SNMPnext, SNMPresponse, SNMPset, SNMPtrapv1, SNMPbulk, SNMPinform, SNMPtrapv2, SNMPreport]),
  ] as const),
  {
    // A response answers the get, get-next or set with the same request id (Scapy's answers).
    answers: (reply, request): boolean => {
      if (!isLayer(request, SNMP)) return false;
      const r = reply.PDU as Packet | null;
      const q = (request as Packet & { PDU: unknown }).PDU as Packet | null;
      if (!isLayer(r, SNMPresponse) || q === null || !REQUESTS.some((c) => isLayer(q, c))) return false;
      const rid = (r as unknown as { id: unknown }).id;
      const qid = (q as unknown as { id: unknown }).id;
      return Number(rid?.valueOf()) === Number(qid?.valueOf());
    },
  },
);

bindBottomUp(UDP, SNMP, { sport: 161 });
bindBottomUp(UDP, SNMP, { dport: 161 });
bindBottomUp(UDP, SNMP, { sport: 162 });
bindBottomUp(UDP, SNMP, { dport: 162 });
bindLayers(UDP, SNMP, { sport: 161, dport: 161 });
