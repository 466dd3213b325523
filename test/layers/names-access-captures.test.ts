/**
 * Real peers, recorded by scripts/captures/names-access.sh between two namespaces: samba's nmbd
 * answering nmblookup (NBNS, and nmbd's own registrations and browser datagrams), isc-dhcp-server
 * in DHCPv6 mode with dhclient -6 (addresses, a delegated prefix, information only, release), and
 * freeradius with radclient (accept, reject, accounting, status). Every frame reads as tshark
 * reads it and builds again from its values; the RADIUS authenticators check with the secret.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesHex, computeMessageAuthenticator, isLayer, NBNSQueryResponse, Radius, RadiusAttr_Message_Authenticator, Raw, type Packet } from "../../src/index.ts";
import { checkCapture, frames, hex, tsharkSkip, type Put } from "./routingCaptures.ts";

const skip = tsharkSkip();
const v = (q: Packet, name: string) => q.getFieldValue(name) as number;
const s = (q: Packet, name: string) => q.getFieldValue(name) as string;
const b = (q: Packet, name: string) => q.getFieldValue(name) as Uint8Array;
const colons = (x: Uint8Array) => bytesHex(x).replace(/(..)(?=.)/g, "$1:");
const text = (x: Uint8Array) => new TextDecoder().decode(x);
/** A NetBIOS name as tshark prints it: without the padding spaces and NULs. */
const netbiosName = (x: Uint8Array) => text(x).replace(/[ \0]+$/, "");

const NBNS_FIELDS = new Set([
  "nbns.id",
  "nbns.flags",
  "nbns.count.queries",
  "nbns.count.answers",
  "nbns.count.auth_rr",
  "nbns.count.add_rr",
  "nbns.ttl",
  "nbns.nb_flags",
  "nbns.addr",
  "nbns.number_of_names",
  "nbns.netbios_name",
  "nbns.name_flags",
  "nbns.unit_id",
  "nbdgm.type",
  "nbdgm.dgram_id",
  "nbdgm.src.ip",
  "nbdgm.src.port",
  "nbdgm.dgram_len",
  "nbdgm.pkt_offset",
]);

function addressEntry(q: Packet, put: Put) {
  put("nbns.nb_flags", hex((v(q, "G") << 15) | (v(q, "OWNER_NODE_TYPE") << 13) | v(q, "UNUSED"), 4));
  put("nbns.addr", s(q, "NB_ADDRESS"));
}

function nbns(q: Packet, put: Put): boolean {
  switch (q.spec.name) {
    case "NBNSHeader": {
      put("nbns.id", hex(v(q, "NAME_TRN_ID"), 4));
      put("nbns.flags", hex((v(q, "RESPONSE") << 15) | (v(q, "OPCODE") << 11) | (v(q, "NM_FLAGS") << 4) | v(q, "RCODE"), 4));
      put("nbns.count.queries", v(q, "QDCOUNT"));
      put("nbns.count.answers", v(q, "ANCOUNT"));
      put("nbns.count.auth_rr", v(q, "NSCOUNT"));
      put("nbns.count.add_rr", v(q, "ARCOUNT"));
      // nmbd's answers set RA (flags 0x58): no binding of Scapy's takes them, so they stay Raw;
      // read as the query response they are, they give tshark's values.
      const pay = q.payload;
      if (isLayer(pay, Raw) && v(q, "RESPONSE") === 1 && v(q, "ANCOUNT") === 1) {
        const r = NBNSQueryResponse(pay.load);
        put("nbns.ttl", v(r, "TTL"));
        for (const e of r.ADDR_ENTRY) addressEntry(e, put);
      }
      return true;
    }
    case "NBNSRegistrationRequest":
      put("nbns.ttl", v(q, "TTL"));
      addressEntry(q, put);
      return true;
    case "NBNSQueryRequest":
    case "NBNSNodeStatusRequest":
      return true;
    case "NBNSNodeStatusResponse":
      put("nbns.ttl", v(q, "TTL"));
      put("nbns.number_of_names", v(q, "NUM_NAMES"));
      for (const n of q.getFieldValue("NODE_NAME") as Packet[]) {
        put("nbns.netbios_name", netbiosName(b(n, "NETBIOS_NAME")));
        put("nbns.name_flags", hex((v(n, "NAME_FLAGS") << 8) | v(n, "UNUSED"), 4));
      }
      put("nbns.unit_id", s(q, "MAC_ADDRESS"));
      return true;
    case "NBTDatagram":
      put("nbdgm.type", v(q, "Type"));
      put("nbdgm.dgram_id", hex(v(q, "ID"), 4));
      put("nbdgm.src.ip", s(q, "SourceIP"));
      put("nbdgm.src.port", v(q, "SourcePort"));
      put("nbdgm.dgram_len", v(q, "Length"));
      put("nbdgm.pkt_offset", v(q, "Offset"));
      return true;
  }
  return false;
}

test("nmbd's registrations, answers to nmblookup and browser datagrams read as tshark reads them and build again", { skip }, () => {
  // Scapy's node status response has 46 bytes of statistics after the unit id; nmbd (as RFC 1002)
  // sends 40, so a response built again from its values pads them: its count is kept, not reset.
  const seen = checkCapture("nbns.pcap", nbns, NBNS_FIELDS, { keep: (layer) => layer.spec.name === "NBNSNodeStatusResponse" });
  assert.ok((seen.get("NBNSRegistrationRequest") ?? 0) >= 5, "nmbd registered its names");
  assert.ok((seen.get("NBNSQueryRequest") ?? 0) >= 3, "queries");
  assert.equal(seen.get("NBNSNodeStatusRequest"), 1);
  assert.equal(seen.get("NBNSNodeStatusResponse"), 1);
  assert.ok((seen.get("NBTDatagram") ?? 0) >= 2, "browser datagrams");
});

const DHCP6_FIELDS = new Set([
  "dhcpv6.msgtype",
  "dhcpv6.xid",
  "dhcpv6.option.type",
  "dhcpv6.option.length",
  "dhcpv6.duid.type",
  "dhcpv6.duidllt.hwtype",
  "dhcpv6.duidllt.link_layer_addr",
  "dhcpv6.iaid",
  "dhcpv6.iaid.t1",
  "dhcpv6.iaid.t2",
  "dhcpv6.iaaddr.ip",
  "dhcpv6.iaaddr.pref_lifetime",
  "dhcpv6.iaaddr.valid_lifetime",
  "dhcpv6.iaprefix.pref_lifetime",
  "dhcpv6.iaprefix.valid_lifetime",
  "dhcpv6.iaprefix.pref_len",
  "dhcpv6.iaprefix.pref_addr",
  "dhcpv6.requested_option_code",
  "dhcpv6.option_preference",
  "dhcpv6.elapsed_time",
  "dhcpv6.dns_server",
  "dhcpv6.search_list_entry",
  "dhcpv6.status_code",
  "dhcpv6.status_msg",
]);

function option(q: Packet, put: Put) {
  put("dhcpv6.option.type", v(q, "optcode"));
  put("dhcpv6.option.length", v(q, "optlen"));
}

function dhcp6(q: Packet, put: Put): boolean {
  const name = q.spec.name;
  if (name.startsWith("DHCP6_")) {
    put("dhcpv6.msgtype", v(q, "msgtype"));
    put("dhcpv6.xid", hex(v(q, "trid"), 6));
    return true;
  }
  switch (name) {
    case "DUID_LLT":
      put("dhcpv6.duid.type", v(q, "type"));
      put("dhcpv6.duidllt.hwtype", v(q, "hwtype"));
      put("dhcpv6.duidllt.link_layer_addr", s(q, "lladdr"));
      return true;
    case "DHCP6OptClientId":
    case "DHCP6OptServerId":
    case "DHCP6OptRapidCommit":
    case "DHCP6OptReconfAccept":
      option(q, put);
      return true;
    case "DHCP6OptIA_NA":
    case "DHCP6OptIA_PD":
      option(q, put);
      put("dhcpv6.iaid", v(q, "iaid").toString(16).padStart(8, "0"));
      put("dhcpv6.iaid.t1", v(q, "T1"));
      put("dhcpv6.iaid.t2", v(q, "T2"));
      return true;
    case "DHCP6OptIAAddress":
      option(q, put);
      put("dhcpv6.iaaddr.ip", s(q, "addr"));
      put("dhcpv6.iaaddr.pref_lifetime", v(q, "preflft"));
      put("dhcpv6.iaaddr.valid_lifetime", v(q, "validlft"));
      return true;
    case "DHCP6OptIAPrefix":
      option(q, put);
      put("dhcpv6.iaprefix.pref_lifetime", v(q, "preflft"));
      put("dhcpv6.iaprefix.valid_lifetime", v(q, "validlft"));
      put("dhcpv6.iaprefix.pref_len", v(q, "plen"));
      put("dhcpv6.iaprefix.pref_addr", s(q, "prefix"));
      return true;
    case "DHCP6OptOptReq":
      option(q, put);
      for (const c of q.getFieldValue("reqopts") as number[]) put("dhcpv6.requested_option_code", c);
      return true;
    case "DHCP6OptPref":
      option(q, put);
      put("dhcpv6.option_preference", v(q, "prefval"));
      return true;
    case "DHCP6OptElapsedTime":
      option(q, put);
      // tshark gives milliseconds; the option counts hundredths of a second.
      put("dhcpv6.elapsed_time", v(q, "elapsedtime") * 10);
      return true;
    case "DHCP6OptDNSServers":
      option(q, put);
      for (const a of q.getFieldValue("dnsservers") as string[]) put("dhcpv6.dns_server", a);
      return true;
    case "DHCP6OptDNSDomains":
      option(q, put);
      for (const d of q.getFieldValue("dnsdomains") as string[]) put("dhcpv6.search_list_entry", d);
      return true;
    case "DHCP6OptStatusCode":
      option(q, put);
      put("dhcpv6.status_code", v(q, "statuscode"));
      put("dhcpv6.status_msg", text(b(q, "statusmsg")));
      return true;
  }
  return false;
}

test("dhclient -6 and isc-dhcp-server (Solicit to Reply, IA_NA, IA_PD, Information-request, Release) read as tshark reads them and build again", { skip }, () => {
  const seen = checkCapture("dhcp6.pcap", dhcp6, DHCP6_FIELDS);
  for (const cls of ["DHCP6_Solicit", "DHCP6_Advertise", "DHCP6_Request", "DHCP6_Reply", "DHCP6_Release", "DHCP6_InfoRequest", "DHCP6OptIA_NA", "DHCP6OptIA_PD", "DHCP6OptIAAddress", "DHCP6OptIAPrefix", "DHCP6OptDNSServers", "DHCP6OptDNSDomains", "DUID_LLT"]) {
    assert.ok((seen.get(cls) ?? 0) >= 1, `${cls} seen`);
  }
});

const RADIUS_FIELDS = new Set([
  "radius.code",
  "radius.id",
  "radius.length",
  "radius.authenticator",
  "radius.avp.type",
  "radius.avp.length",
  "radius.User_Name",
  "radius.User_Password_encrypted",
  "radius.NAS_IP_Address",
  "radius.NAS_Port",
  "radius.Framed-IP-Address",
  "radius.Session_Timeout",
  "radius.Reply_Message",
  "radius.Message_Authenticator",
  "radius.Acct_Status_Type",
  "radius.Acct_Session_Id",
  "radius.Acct_Session_Time",
  "radius.Acct_Input_Octets",
  "radius.Acct_Output_Octets",
  "radius.Acct_Terminate_Cause",
]);

/** tshark's field for each attribute type, and how its value reads. */
const AVP: Record<number, [string, (q: Packet) => string | number]> = {
  1: ["radius.User_Name", (q) => text(b(q, "value"))],
  2: ["radius.User_Password_encrypted", (q) => colons(b(q, "value"))],
  4: ["radius.NAS_IP_Address", (q) => s(q, "value")],
  5: ["radius.NAS_Port", (q) => v(q, "value")],
  8: ["radius.Framed-IP-Address", (q) => s(q, "value")],
  18: ["radius.Reply_Message", (q) => text(b(q, "value"))],
  27: ["radius.Session_Timeout", (q) => v(q, "value")],
  40: ["radius.Acct_Status_Type", (q) => v(q, "value")],
  42: ["radius.Acct_Input_Octets", (q) => v(q, "value")],
  43: ["radius.Acct_Output_Octets", (q) => v(q, "value")],
  44: ["radius.Acct_Session_Id", (q) => text(b(q, "value"))],
  46: ["radius.Acct_Session_Time", (q) => v(q, "value")],
  49: ["radius.Acct_Terminate_Cause", (q) => v(q, "value")],
  80: ["radius.Message_Authenticator", (q) => colons(b(q, "value"))],
};

function radius(q: Packet, put: Put): boolean {
  if (q.spec.name === "Radius") {
    put("radius.code", v(q, "code"));
    put("radius.id", v(q, "id"));
    put("radius.length", v(q, "len"));
    put("radius.authenticator", colons(b(q, "authenticator")));
    return true;
  }
  if (q.spec.name.startsWith("RadiusAttr")) {
    put("radius.avp.type", v(q, "type"));
    put("radius.avp.length", v(q, "len"));
    const avp = AVP[v(q, "type")];
    if (avp) put(avp[0], avp[1](q));
    return true;
  }
  return false;
}

const SECRET = "labsecret";

test("radclient and freeradius (Access-Accept and -Reject, accounting, Status-Server) read as tshark reads them, build again, and their authenticators check with the secret", { skip }, () => {
  const seen = checkCapture("radius.pcap", radius, RADIUS_FIELDS);
  assert.equal(seen.get("Radius"), 10);
  for (const cls of ["RadiusAttr_User_Name", "RadiusAttr_User_Password", "RadiusAttr_NAS_IP_Address", "RadiusAttr_NAS_Port", "RadiusAttr_Message_Authenticator", "RadiusAttr_Acct_Status_Type", "RadiusAttr_Session_Timeout"]) {
    assert.ok((seen.get(cls) ?? 0) >= 1, `${cls} seen`);
  }
  const msgs = frames("radius.pcap").map((f) => f.packet.getLayer(Radius)!);
  const requests = new Map<number, (typeof msgs)[number]>();
  let checked = 0;
  for (const m of msgs) {
    const isRequest = [1, 4, 12].includes(m.code);
    if (isRequest) requests.set(m.id, m);
    // An Accounting-Request's authenticator is the MD5 of the message over 16 zero bytes and the secret.
    if (m.code === 4) {
      assert.equal(bytesHex(m.compute_authenticator(new Uint8Array(16), SECRET)), bytesHex(m.authenticator), `accounting request ${m.id}`);
      checked++;
    }
    // A response's authenticator: the MD5 over the request's authenticator and the secret.
    const request = requests.get(m.id);
    if (!isRequest) {
      assert.ok(request, `the request of response ${m.id}`);
      assert.equal(bytesHex(m.compute_authenticator(request.authenticator, SECRET)), bytesHex(m.authenticator), `response ${m.id}`);
      checked++;
    }
    // Message-Authenticator: HMAC-MD5 of the message with the attribute zeroed, over the request's authenticator.
    const ma = m.attributes.find((a) => isLayer(a, RadiusAttr_Message_Authenticator));
    if (ma) {
      const given = bytesHex(ma.getFieldValue("value") as Uint8Array);
      const over = isRequest ? m.authenticator : request!.authenticator;
      assert.equal(bytesHex(computeMessageAuthenticator(m.copy(), over, SECRET)), given, `Message-Authenticator of ${m.id}`);
      checked++;
    }
  }
  assert.ok(checked >= 8, `${checked} authenticators checked`);
  // A wrong secret gives another authenticator.
  const accept = msgs.find((m) => m.code === 2)!;
  assert.notEqual(bytesHex(accept.compute_authenticator(requests.get(accept.id)!.authenticator, "wrong")), bytesHex(accept.authenticator));
});
