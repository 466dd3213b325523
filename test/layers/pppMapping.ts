/** packetry's PPP layers under tshark's field names (for the vector and capture checks). */
import { bytesHex, isLayer, PPP_CHAP, PPP_CHAP_ChallengeResponse, PPP_IPCP, PPP_LCP, PPP_PAP_Request, PPP_PAP_Response, type Packet } from "../../src/index.ts";
import { hex, type Put } from "./routingCaptures.ts";

const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
const b = (q: Packet, name: string) => q.getFieldValue(name) as Uint8Array;
const text = (x: Uint8Array) => new TextDecoder("latin1").decode(x);
const colons = (x: Uint8Array) => bytesHex(x).replace(/(..)(?=.)/g, "$1:");

export const PPP_FIELDS = new Set([
  "ppp.address",
  "ppp.control",
  "ppp.protocol",
  "ppp.code",
  "ppp.identifier",
  "ppp.length",
  "lcp.opt.type",
  "lcp.opt.length",
  "lcp.opt.mru",
  "lcp.opt.asyncmap",
  "lcp.opt.magic_number",
  "lcp.opt.auth_protocol",
  "ipcp.opt.type",
  "ipcp.opt.length",
  "ipcp.opt.ip_address",
  "ipcp.opt.pri_dns_address",
  "ipcp.opt.sec_dns_address",
  "ipcp.opt.pri_nbns_address",
  "ipcp.opt.sec_nbns_address",
  "pap.code",
  "pap.identifier",
  "pap.length",
  "pap.peer_id.length",
  "pap.peer_id",
  "pap.password.length",
  "pap.password",
  "pap.message.length",
  "pap.message",
  "chap.code",
  "chap.identifier",
  "chap.length",
  "chap.value_size",
  "chap.value",
  "chap.name",
  "chap.message",
  "pppoe.version",
  "pppoe.type",
  "pppoe.code",
  "pppoe.session_id",
  "pppoe.payload_length",
  "pppoed.tags.service_name",
  "pppoed.tags.ac_name",
  "pppoed.tags.host_uniq",
  "pppoed.tags.ac_cookie",
  "pppoed.tags.generic_error",
  "pppoed.tags.motm",
]);

/** Tag type -> tshark's field, and whether tshark shows it as text. */
const PPPOE_TAG_FIELDS: Record<number, [string, boolean]> = {
  0x101: ["pppoed.tags.service_name", true],
  0x102: ["pppoed.tags.ac_name", true],
  0x103: ["pppoed.tags.host_uniq", false],
  0x104: ["pppoed.tags.ac_cookie", false],
  0x112: ["pppoed.tags.motm", false],
  0x203: ["pppoed.tags.generic_error", true],
};

const IPCP_ADDRESS_FIELDS: Record<number, string> = { 3: "ipcp.opt.ip_address", 129: "ipcp.opt.pri_dns_address", 131: "ipcp.opt.sec_dns_address", 130: "ipcp.opt.pri_nbns_address", 132: "ipcp.opt.sec_nbns_address" };

export function pppMapping(q: Packet, put: Put): boolean {
  const name = q.spec.name;
  if (name === "HDLC") {
    put("ppp.address", hex(v(q, "address"), 2));
    put("ppp.control", hex(v(q, "control"), 2));
    return true;
  }
  if (name === "PPP") {
    put("ppp.protocol", hex(v(q, "proto"), 4));
    return true;
  }
  if (name === "PPPoE" || name === "PPPoED") {
    put("pppoe.version", v(q, "version"));
    put("pppoe.type", v(q, "type"));
    put("pppoe.code", hex(v(q, "code"), 2));
    put("pppoe.session_id", hex(v(q, "sessionid"), 4));
    put("pppoe.payload_length", v(q, "len"));
    return true;
  }
  if (name === "PPPoETag") {
    const [field, asText] = PPPOE_TAG_FIELDS[v(q, "tag_type")] ?? [];
    const value = b(q, "tag_value");
    // tshark gives an empty Service-Name no field of its own.
    if (field && value.length) put(field, asText ? text(value) : colons(value));
    return true;
  }
  if (isLayer(q, PPP_LCP) || isLayer(q, PPP_IPCP)) {
    // A rejected packet held by Code-Reject is not dissected by tshark.
    if (q.parent) return false;
    put("ppp.code", v(q, "code"));
    put("ppp.identifier", v(q, "id"));
    put("ppp.length", v(q, "len"));
    return true;
  }
  if (name.startsWith("PPP_LCP_") && name.endsWith("Option")) {
    put("lcp.opt.type", v(q, "type"));
    put("lcp.opt.length", v(q, "len"));
    if (name === "PPP_LCP_MRU_Option") put("lcp.opt.mru", v(q, "max_recv_unit"));
    if (name === "PPP_LCP_ACCM_Option") put("lcp.opt.asyncmap", hex(v(q, "accm"), 8));
    if (name === "PPP_LCP_Magic_Number_Option") put("lcp.opt.magic_number", hex(v(q, "magic_number"), 8));
    if (name === "PPP_LCP_Auth_Protocol_Option") put("lcp.opt.auth_protocol", hex(v(q, "auth_protocol"), 4));
    return true;
  }
  if (name.startsWith("PPP_IPCP_Option")) {
    put("ipcp.opt.type", v(q, "type"));
    put("ipcp.opt.length", v(q, "len"));
    const field = IPCP_ADDRESS_FIELDS[v(q, "type")];
    if (field && name !== "PPP_IPCP_Option") put(field, q.getFieldValue("data") as string);
    return true;
  }
  if (name === "PPP_PAP" || isLayer(q, PPP_PAP_Request) || isLayer(q, PPP_PAP_Response)) {
    put("pap.code", v(q, "code"));
    put("pap.identifier", v(q, "id"));
    put("pap.length", v(q, "len"));
    if (name === "PPP_PAP") return true;
    if (isLayer(q, PPP_PAP_Request)) {
      put("pap.peer_id.length", v(q, "username_len"));
      put("pap.peer_id", text(b(q, "username")));
      put("pap.password.length", v(q, "passwd_len"));
      put("pap.password", text(b(q, "password")));
    } else {
      put("pap.message.length", v(q, "msg_len"));
      put("pap.message", text(b(q, "message")));
    }
    return true;
  }
  if (isLayer(q, PPP_CHAP)) {
    put("chap.code", v(q, "code"));
    put("chap.identifier", v(q, "id"));
    put("chap.length", v(q, "len"));
    if (isLayer(q, PPP_CHAP_ChallengeResponse)) {
      put("chap.value_size", v(q, "value_size"));
      put("chap.value", colons(b(q, "value")));
      if (b(q, "optional_name").length) put("chap.name", text(b(q, "optional_name")));
    } else if (b(q, "data").length) put("chap.message", text(b(q, "data")));
    return true;
  }
  return false;
}

