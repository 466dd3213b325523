/**
 * Virtual Router Redundancy Protocol: VRRP version 2 (RFC 3768, IPv4, checksum over the message)
 * and VRRPv3 (RFC 5798, IPv4 or IPv6, checksum over the pseudo-header). Both are IP protocol 112;
 * the version nibble picks the class when bytes are dissected, as Scapy's dispatch hooks do.
 */
import { bindLayers } from "../core/bind.ts";
import { defineLayer } from "../core/define.ts";
import { ipv4, ipv6 } from "../core/fields/address.ts";
import { bits } from "../core/fields/bits.ts";
import { internetChecksum } from "../core/fields/computed.ts";
import { byte, int, xshort } from "../core/fields/integers.ts";
import { fieldLen } from "../core/fields/length.ts";
import { fixedList } from "../core/fields/fixedList.ts";
import { StrField } from "../core/fields/strings.ts";
import { MultipleTypeField } from "../core/fields/wrapped.ts";
import { isLayer, type Packet } from "../core/packet.ts";
import type { LayerRef } from "../core/state.ts";
import { IP } from "./inet.ts";
import { IPv6 } from "./inet6.ts";
import { pseudoHeaderChecksum } from "./pseudoHeader.ts";

/** A first byte of 0x30-0x39: version 3 (Scapy's test, types included). */
const isVersion3 = (first: number) => first >= 0x30 && first <= 0x39;

export const VRRP = defineLayer(
  "VRRP",
  [
    bits("version", 2, 4),
    bits("type", 1, 4),
    byte("vrid", 1),
    byte("priority", 100),
    fieldLen("ipcount", null, { fmt: "B", countOf: "addrlist" }),
    byte("authtype", 0),
    byte("adv", 1),
    xshort("chksum", null).compute(internetChecksum("header")),
    fixedList("addrlist", [], ipv4("", "0.0.0.0")),
    int("auth1", 0),
    int("auth2", 0),
  ],
  {
    countFrom: { addrlist: (p) => p.ipcount },
    dispatch: (buf, start, end): LayerRef | undefined => (end - start >= 9 && isVersion3(buf[start]!) ? VRRPv3 : undefined),
  },
);

/** Without a carrier the addresses are bytes; it counts as a list, so that text addresses given before the carrier stay one list. */
class CarrierlessAddresses extends StrField<"addrlist"> {
  override isList = true;
}

const addressFamilies = {
  v4: fixedList("addrlist", [], ipv4("", "0.0.0.0")),
  v6: fixedList("addrlist", [], ipv6("", "::")),
  bytes: new CarrierlessAddresses("addrlist", ""),
};

/** Addresses of the carrier's family; given as text, of the family they are written in (before any carrier is known). */
class VRRPAddressListField extends MultipleTypeField<"addrlist", typeof addressFamilies> {
  constructor() {
    super("addrlist", addressFamilies, "bytes");
  }
  override fromUser(value: unknown, pkt: Packet | null): unknown {
    if (Array.isArray(value)) return this.choices[familyOfText(value)].fromUser(value, pkt);
    return super.fromUser(value, pkt);
  }
  /** The default is b"" whatever the carrier (Scapy's default alternative). */
  override defaultFor(): unknown {
    return this.choices.bytes.defaultValue;
  }
  /** Scapy counts a value that is not a list (the default b"") as one address. */
  override countOf(value: unknown): number {
    return Array.isArray(value) ? value.length : 1;
  }
}

const familyOfText = (list: readonly unknown[]) => (list.some((a) => String(a).includes(":")) ? "v6" : "v4");

export const VRRPv3 = defineLayer(
  "VRRPv3",
  [
    bits("version", 3, 4),
    bits("type", 1, 4),
    byte("vrid", 1),
    byte("priority", 100),
    fieldLen("ipcount", null, { fmt: "B", countOf: "addrlist" }),
    bits("res", 0, 4),
    bits("adv", 100, 12),
    xshort("chksum", null).compute(pseudoHeaderChecksum(112)),
    // The addresses' family is the carrier's; without one they are bytes.
    new VRRPAddressListField(),
  ],
  {
    countFrom: { addrlist: (p) => p.ipcount },
    // Addresses given as text say their family (they may be set before the carrier is known).
    choose: {
      addrlist: (p, value) => {
        if (Array.isArray(value)) return familyOfText(value);
        return isLayer(p.underlayer, IP) ? "v4" : isLayer(p.underlayer, IPv6) ? "v6" : "bytes";
      },
    },
    dispatch: (buf, start, end): LayerRef | undefined => (end - start >= 16 && !isVersion3(buf[start]!) ? VRRP : undefined),
  },
);

bindLayers(IP, VRRP, { proto: 112 });
bindLayers(IP, VRRPv3, { proto: 112 });
bindLayers(IPv6, VRRPv3, { nh: 112 });
