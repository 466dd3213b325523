/**
 * DHCP options (RFC 2132) in Scapy's list form, with arrays for tuples:
 * `[["message-type", "discover"], ["name_server", "1.1.1.1", "8.8.8.8"], ["param_req_list", [1, 3, 6]], "end"]`.
 * Values read back as Scapy's dissected values: numbers (message-type 1), address strings, bytes,
 * lists; an unknown code is `[code, bytes]`, and bytes that cannot be read as options are kept
 * as one Uint8Array at the end.
 */
import { formatIPv4, ipv4FromNumber, parseIPv4 } from "../core/addr.ts";
import { pyBytesRepr, pyStrRepr } from "../core/bytes.ts";
import { invalid } from "../core/field.ts";
import { checkInteger, describe } from "../core/fields/integers.ts";
import { bytesFromUser } from "../core/fields/strings.ts";
import type { Writer } from "../core/writer.ts";
import { OptionListField } from "../core/fields/optionList.ts";

export const DHCP_MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: "discover", 2: "offer", 3: "request", 4: "decline", 5: "ack", 6: "nak", 7: "release", 8: "inform", 9: "force_renew",
  10: "lease_query", 11: "lease_unassigned", 12: "lease_unknown", 13: "lease_active",
};

/**
 * How an option's value is coded. "raw" options have no value type in Scapy's table (bytes, and a
 * bare name writes only the code); "str" options are byte strings too.
 */
type Kind = "raw" | "str" | "ip" | "int" | "short" | "byte" | "type" | "byteList" | "routes";

// Names and value types as Scapy's DHCPOptions table has them.
const TABLE: Record<number, readonly [string, Kind]> = {
  0: ["pad", "raw"], 1: ["subnet_mask", "ip"], 2: ["time_zone", "int"], 3: ["router", "ip"], 4: ["time_server", "ip"],
  5: ["IEN_name_server", "ip"], 6: ["name_server", "ip"], 7: ["log_server", "ip"], 8: ["cookie_server", "ip"], 9: ["lpr_server", "ip"],
  10: ["impress-servers", "ip"], 11: ["resource-location-servers", "ip"], 12: ["hostname", "raw"], 13: ["boot-size", "short"],
  14: ["dump_path", "raw"], 15: ["domain", "raw"], 16: ["swap-server", "ip"], 17: ["root_disk_path", "raw"], 18: ["extensions-path", "raw"],
  19: ["ip-forwarding", "byte"], 20: ["non-local-source-routing", "byte"], 21: ["policy-filter", "ip"], 22: ["max_dgram_reass_size", "short"],
  23: ["default_ttl", "byte"], 24: ["pmtu_timeout", "int"], 25: ["path-mtu-plateau-table", "short"], 26: ["interface-mtu", "short"],
  27: ["all-subnets-local", "byte"], 28: ["broadcast_address", "ip"], 29: ["perform-mask-discovery", "byte"], 30: ["mask-supplier", "byte"],
  31: ["router-discovery", "byte"], 32: ["router-solicitation-address", "ip"], 33: ["static-routes", "ip"], 34: ["trailer-encapsulation", "byte"],
  35: ["arp_cache_timeout", "int"], 36: ["ieee802-3-encapsulation", "byte"], 37: ["tcp_ttl", "byte"], 38: ["tcp_keepalive_interval", "int"],
  39: ["tcp_keepalive_garbage", "byte"], 40: ["NIS_domain", "str"], 41: ["NIS_server", "ip"], 42: ["NTP_server", "ip"],
  43: ["vendor_specific", "raw"], 44: ["NetBIOS_server", "ip"], 45: ["NetBIOS_dist_server", "ip"], 46: ["NetBIOS_node_type", "byte"],
  47: ["netbios-scope", "raw"], 48: ["font-servers", "ip"], 49: ["x-display-manager", "ip"], 50: ["requested_addr", "ip"], 51: ["lease_time", "int"],
  52: ["dhcp-option-overload", "byte"], 53: ["message-type", "type"], 54: ["server_id", "ip"], 55: ["param_req_list", "byteList"],
  56: ["error_message", "raw"], 57: ["max_dhcp_size", "short"], 58: ["renewal_time", "int"], 59: ["rebinding_time", "int"],
  60: ["vendor_class_id", "str"], 61: ["client_id", "str"], 62: ["nwip-domain-name", "raw"], 64: ["NISplus_domain", "raw"],
  65: ["NISplus_server", "ip"], 66: ["tftp_server_name", "raw"], 67: ["boot-file-name", "str"], 68: ["mobile-ip-home-agent", "ip"],
  69: ["SMTP_server", "ip"], 70: ["POP3_server", "ip"], 71: ["NNTP_server", "ip"], 72: ["WWW_server", "ip"], 73: ["Finger_server", "ip"],
  74: ["IRC_server", "ip"], 75: ["StreetTalk_server", "ip"], 76: ["StreetTalk_Dir_Assistance", "ip"], 77: ["user_class", "raw"],
  78: ["slp_service_agent", "raw"], 79: ["slp_service_scope", "raw"], 81: ["client_FQDN", "raw"], 82: ["relay_agent_information", "raw"],
  85: ["nds-server", "ip"], 86: ["nds-tree-name", "str"], 87: ["nds-context", "str"], 88: ["bcms-controller-namesi", "raw"],
  89: ["bcms-controller-address", "ip"], 91: ["client-last-transaction-time", "int"], 92: ["associated-ip", "ip"],
  93: ["pxe_client_architecture", "raw"], 94: ["pxe_client_network_interface", "raw"], 97: ["pxe_client_machine_identifier", "raw"],
  98: ["uap-servers", "str"], 100: ["pcode", "str"], 101: ["tcode", "str"], 112: ["netinfo-server-address", "ip"], 113: ["netinfo-server-tag", "str"],
  114: ["default-url", "str"], 116: ["auto-config", "byte"], 117: ["name-service-search", "short"], 118: ["subnet-selection", "ip"],
  121: ["classless_static_routes", "routes"], 124: ["vendor_class", "raw"], 125: ["vendor_specific_information", "raw"],
  128: ["tftp_server_ip_address", "ip"], 136: ["pana-agent", "ip"], 137: ["v4-lost", "raw"], 138: ["capwap-ac-v4", "ip"],
  141: ["sip_ua_service_domains", "raw"], 146: ["rdnss-selection", "raw"], 150: ["tftp_server_address", "ip"], 159: ["v4-portparams", "raw"],
  160: ["v4-captive-portal", "str"], 161: ["mud-url", "str"], 208: ["pxelinux_magic", "raw"], 209: ["pxelinux_configuration_file", "raw"],
  210: ["pxelinux_path_prefix", "raw"], 211: ["pxelinux_reboot_time", "raw"], 212: ["option-6rd", "raw"], 213: ["v4-access-domain", "raw"],
  255: ["end", "raw"],
};

const BY_NAME = new Map(Object.entries(TABLE).map(([code, [name, kind]]) => [name, { code: Number(code), kind }]));

/** One option: a bare name ("end", "pad"), a code with no data, [name or code, ...values], or trailing bytes. */
export type DHCPOption = string | number | Uint8Array | readonly [string | number, ...unknown[]];

// ---------- one value of an option ----------

const SIZES: Partial<Record<Kind, number>> = { ip: 4, int: 4, short: 2, byte: 1, type: 1 };

function valueFromUser(kind: Kind, name: string, v: unknown): unknown {
  switch (kind) {
    case "ip": {
      const n = typeof v === "string" ? parseIPv4(v) : -1;
      return n >= 0 ? ipv4FromNumber(n) : invalid(`${name}: not an IPv4 address: ${describe(v)}`);
    }
    case "type": {
      if (typeof v === "string") {
        for (const [k, t] of Object.entries(DHCP_MESSAGE_TYPES)) if (t === v) return Number(k);
        return invalid(`message-type: unknown type ${JSON.stringify(v)}`);
      }
      return checkInteger(v, 0, 255, false);
    }
    case "int":
      return checkInteger(v, 0, 0xffffffff, false);
    case "short":
      return checkInteger(v, 0, 0xffff, false);
    case "byte":
      return checkInteger(v, 0, 255, false);
    case "byteList":
      return (Array.isArray(v) ? v : [v]).map((x) => checkInteger(x, 0, 255, false));
    case "routes":
      if (Array.isArray(v)) return v.map((r) => routeFromUser(r));
      return routeFromUser(v);
    default:
      return bytesFromUser(v);
  }
}

/** "10.0.0.0/8:10.0.0.1": destination/prefix:router (RFC 3442). */
function routeFromUser(v: unknown): string {
  const m = typeof v === "string" ? /^([\d.]+)\/(\d+):([\d.]+)$/.exec(v) : null;
  if (!m || parseIPv4(m[1]!) < 0 || parseIPv4(m[3]!) < 0 || Number(m[2]) > 32) return invalid(`classless_static_routes: expected "net/len:router", got ${describe(v)}`);
  return v as string;
}

function writeValue(kind: Kind, v: unknown, out: number[]): void {
  switch (kind) {
    case "ip": {
      const n = parseIPv4(v as string);
      out.push(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
      return;
    }
    case "int": {
      const n = v as number;
      out.push(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
      return;
    }
    case "short":
      out.push(((v as number) >> 8) & 255, (v as number) & 255);
      return;
    case "byte":
    case "type":
      out.push((v as number) & 255);
      return;
    case "byteList":
      out.push(...(v as number[]));
      return;
    case "routes":
      for (const r of Array.isArray(v) ? (v as string[]) : [v as string]) writeRoute(r, out);
      return;
    default:
      out.push(...(v as Uint8Array));
  }
}

function writeRoute(route: string, out: number[]): void {
  const [net, len, gw] = route.split(/[/:]/) as [string, string, string];
  const prefix = Number(len);
  const n = parseIPv4(net);
  const dest = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].slice(0, (prefix + 7) >> 3);
  const g = parseIPv4(gw);
  out.push(prefix, ...dest, g >>> 24, (g >>> 16) & 255, (g >>> 8) & 255, g & 255);
}

/** The values of an option's data, or null when the data does not split into whole values. */
function readValues(kind: Kind, data: Uint8Array): unknown[] | null {
  const size = SIZES[kind];
  if (size !== undefined) {
    const values: unknown[] = [];
    for (let p = 0; p < data.length; p += size) {
      if (p + size > data.length) return null;
      if (kind === "ip") values.push(formatIPv4(data, p));
      else values.push(readUint(data, p, size));
    }
    return values;
  }
  if (kind === "byteList") return [Array.from(data)];
  if (kind === "routes") {
    const routes: string[] = [];
    for (let p = 0; p < data.length; ) {
      const prefix = data[p]!;
      if (prefix > 32) break;
      const octets = (prefix + 7) >> 3;
      if (p + 1 + octets + 4 > data.length) return null;
      const dest = new Uint8Array(4);
      dest.set(data.subarray(p + 1, p + 1 + octets));
      routes.push(`${formatIPv4(dest, 0)}/${prefix}:${formatIPv4(data, p + 1 + octets)}`);
      p += 5 + octets;
    }
    return [routes];
  }
  return [data.slice()];
}

function readUint(data: Uint8Array, p: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + data[p + i]!;
  return v;
}

function valueRepr(kind: Kind, v: unknown): string {
  if (kind === "type") return DHCP_MESSAGE_TYPES[v as number] ?? String(v);
  if (kind === "byteList") return `[${(v as number[]).join(", ")}]`;
  if (kind === "routes") return `[${(Array.isArray(v) ? (v as string[]) : [v as string]).map(pyStrRepr).join(", ")}]`;
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  return String(v);
}

// ---------- the option list ----------

/** Option bytes -> Scapy's list. */
export function decodeOptions(buf: Uint8Array, off: number, end: number): DHCPOption[] {
  const out: DHCPOption[] = [];
  while (off < end) {
    const code = buf[off]!;
    if (code === 255 || code === 0) {
      out.push(code === 255 ? "end" : "pad");
      off++;
      continue;
    }
    // A length that runs past the end: keep the rest as bytes.
    if (end - off < 2 || end - off < buf[off + 1]! + 2) {
      out.push(buf.slice(off, end));
      break;
    }
    const data = buf.subarray(off + 2, off + 2 + buf[off + 1]!);
    const known = TABLE[code];
    if (known) {
      const values = readValues(known[1], data);
      if (values === null) {
        out.push(buf.slice(off, end));
        break;
      }
      out.push([known[0], ...values]);
    } else out.push([code, data.slice()]);
    off += 2 + data.length;
  }
  return out;
}

function optionFromUser(o: unknown): DHCPOption {
  if (o instanceof Uint8Array) return o;
  if (typeof o === "number") return checkInteger(o, 0, 255, false) as number;
  if (typeof o === "string") return o;
  if (!Array.isArray(o) || o.length < 2) return invalid(`expected an option like ["name", value], a name or bytes, got ${describe(o)}`);
  const [name, ...values] = o as [unknown, ...unknown[]];
  if (typeof name === "number") return [checkInteger(name, 0, 255, false) as number, ...values.map((v) => bytesFromUser(v))];
  if (typeof name !== "string") return invalid(`option name must be a string or a code, got ${describe(name)}`);
  const known = BY_NAME.get(name);
  if (!known) return invalid(`unknown DHCP option ${JSON.stringify(name)}`);
  return [name, ...values.map((v) => valueFromUser(known.kind, name, v))];
}

function encodeOptions(options: readonly DHCPOption[], w: Writer): void {
  for (const o of options) {
    if (o instanceof Uint8Array) w.bytes(o);
    else if (typeof o === "number") w.bytes(Uint8Array.of(o, 0));
    else if (typeof o === "string") {
      const known = BY_NAME.get(o);
      // A bare name writes its code when the option has no value type (Scapy): "end", "pad".
      if (known && known.kind === "raw") w.u8(known.code);
      else w.bytes(new TextEncoder().encode(o));
    } else {
      const [name, ...values] = o;
      const out: number[] = [];
      let code: number;
      if (typeof name === "number") {
        code = name;
        for (const v of values) out.push(...(v as Uint8Array));
      } else {
        const known = BY_NAME.get(name)!;
        code = known.code;
        for (const v of values) writeValue(known.kind, v, out);
      }
      if (out.length > 255) throw new RangeError(`DHCP option ${String(name)} is ${out.length} bytes long, more than 255`);
      w.u8(code);
      w.u8(out.length);
      w.bytes(Uint8Array.from(out));
    }
  }
}

/** Scapy's sane(): printable ASCII kept, every other byte a dot. */
const sane = (b: Uint8Array) => String.fromCharCode(...Array.from(b, (c) => (c < 32 || c >= 127 ? 0x2e : c)));

function optionRepr(o: DHCPOption): string {
  if (typeof o === "string") return o;
  if (typeof o === "number") return String(o);
  if (o instanceof Uint8Array) return sane(o);
  const [name, ...values] = o;
  const kind: Kind = typeof name === "string" ? (BY_NAME.get(name)?.kind ?? "raw") : "raw";
  return `${name}=${values.map((v) => valueRepr(kind, v)).join(",")}`;
}

function optionLiteral(o: DHCPOption): string {
  if (typeof o === "string") return pyStrRepr(o);
  if (typeof o === "number") return String(o);
  if (o instanceof Uint8Array) return pyBytesRepr(o);
  const items = o.map((v) => (typeof v === "string" ? pyStrRepr(v) : v instanceof Uint8Array ? pyBytesRepr(v) : Array.isArray(v) ? `[${v.map((x) => (typeof x === "string" ? pyStrRepr(x) : String(x))).join(", ")}]` : String(v)));
  return `(${items.join(", ")})`;
}

/** The option list of a DHCP message (Scapy's DHCPOptionsField): the rest of the packet. */
export class DHCPOptionsField<N extends string = string> extends OptionListField<N, readonly unknown[], DHCPOption[]> {
  readonly kindName = "DHCPOptionsField";

  override fromUser(value: unknown): unknown {
    if (value instanceof Uint8Array) return decodeOptions(value, 0, value.length);
    if (!Array.isArray(value)) return invalid(`expected a list of options, got ${describe(value)}`);
    return value.map(optionFromUser);
  }

  override decode(_pkt: unknown, buf: Uint8Array, off: number, end: number): unknown {
    return decodeOptions(buf, off, end);
  }

  override write(w: Writer, value: unknown): void {
    encodeOptions((value as DHCPOption[] | null) ?? [], w);
  }

  override repr(value: unknown): string {
    return `[${((value as DHCPOption[] | null) ?? []).map(optionRepr).join(" ")}]`;
  }

  override literal(value: unknown): string {
    return `[${((value as DHCPOption[] | null) ?? []).map(optionLiteral).join(", ")}]`;
  }
}
