/** DNS numbers and their names (IANA registries, as Scapy 2.6 names them). */

export const DNS_TYPES: Readonly<Record<number, string>> = {
  0: "RESERVED", 1: "A", 2: "NS", 3: "MD", 4: "MF", 5: "CNAME", 6: "SOA", 7: "MB", 8: "MG", 9: "MR", 10: "NULL",
  11: "WKS", 12: "PTR", 13: "HINFO", 14: "MINFO", 15: "MX", 16: "TXT", 17: "RP", 18: "AFSDB", 19: "X25", 20: "ISDN",
  21: "RT", 22: "NSAP", 23: "NSAP-PTR", 24: "SIG", 25: "KEY", 26: "PX", 27: "GPOS", 28: "AAAA", 29: "LOC", 30: "NXT",
  31: "EID", 32: "NIMLOC", 33: "SRV", 34: "ATMA", 35: "NAPTR", 36: "KX", 37: "CERT", 38: "A6", 39: "DNAME", 40: "SINK",
  41: "OPT", 42: "APL", 43: "DS", 44: "SSHFP", 45: "IPSECKEY", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 49: "DHCID",
  50: "NSEC3", 51: "NSEC3PARAM", 52: "TLSA", 53: "SMIMEA", 55: "HIP", 56: "NINFO", 57: "RKEY", 58: "TALINK", 59: "CDS",
  60: "CDNSKEY", 61: "OPENPGPKEY", 62: "CSYNC", 63: "ZONEMD", 64: "SVCB", 65: "HTTPS", 99: "SPF", 100: "UINFO",
  101: "UID", 102: "GID", 103: "UNSPEC", 104: "NID", 105: "L32", 106: "L64", 107: "LP", 108: "EUI48", 109: "EUI64",
  249: "TKEY", 250: "TSIG", 256: "URI", 257: "CAA", 258: "AVC", 259: "DOA", 260: "AMTRELAY", 32768: "TA", 32769: "DLV",
  65535: "RESERVED",
};

/** Question types: every record type plus the query-only ones. */
export const DNS_QTYPES: Readonly<Record<number, string>> = { ...DNS_TYPES, 251: "IXFR", 252: "AXFR", 253: "MAILB", 254: "MAILA", 255: "ALL" };

export const DNS_CLASSES: Readonly<Record<number, string>> = { 1: "IN", 2: "CS", 3: "CH", 4: "HS", 255: "ANY" };

export const DNS_OPCODES: Readonly<Record<number, string>> = { 0: "QUERY", 1: "IQUERY", 2: "STATUS" };

export const DNS_RCODES: Readonly<Record<number, string>> = { 0: "ok", 1: "format-error", 2: "server-failure", 3: "name-error", 4: "not-implemented", 5: "refused" };

export const DNSSEC_ALGORITHMS: Readonly<Record<number, string>> = {
  0: "Reserved", 1: "RSA/MD5", 2: "Diffie-Hellman", 3: "DSA/SHA-1", 4: "Reserved", 5: "RSA/SHA-1", 6: "DSA-NSEC3-SHA1",
  7: "RSASHA1-NSEC3-SHA1", 8: "RSA/SHA-256", 9: "Reserved", 10: "RSA/SHA-512", 11: "Reserved", 12: "GOST R 34.10-2001",
  13: "ECDSA Curve P-256 with SHA-256", 14: "ECDSA Curve P-384 with SHA-384", 15: "Ed25519", 16: "Ed448",
  252: "Reserved for Indirect Keys", 253: "Private algorithms - domain name", 254: "Private algorithms - OID", 255: "Reserved",
};

export const DNSSEC_DIGESTS: Readonly<Record<number, string>> = { 0: "Reserved", 1: "SHA-1", 2: "SHA-256", 3: "GOST R 34.11-94", 4: "SHA-384" };

export const NSEC3_ALGORITHMS: Readonly<Record<number, string>> = { 0: "Reserved", 1: "SHA-1" };

export const EDNS0_OPTIONS: Readonly<Record<number, string>> = {
  0: "Reserved", 1: "LLQ", 2: "UL", 3: "NSID", 4: "Owner", 5: "DAU", 6: "DHU", 7: "N3U", 8: "edns-client-subnet", 10: "COOKIE",
  15: "Extended DNS Error",
};

export const EXTENDED_DNS_ERRORS: Readonly<Record<number, string>> = {
  0: "Other", 1: "Unsupported DNSKEY Algorithm", 2: "Unsupported DS Digest Type", 3: "Stale Answer", 4: "Forged Answer",
  5: "DNSSEC Indeterminate", 6: "DNSSEC Bogus", 7: "Signature Expired", 8: "Signature Not Yet Valid", 9: "DNSKEY Missing",
  10: "RRSIGs Missing", 11: "No Zone Key Bit Set", 12: "NSEC Missing", 13: "Cached Error", 14: "Not Ready", 15: "Blocked",
  16: "Censored", 17: "Filtered", 18: "Prohibited", 19: "Stale NXDOMAIN Answer", 20: "Not Authoritative", 21: "Not Supported",
  22: "No Reachable Authority", 23: "Network Error", 24: "Invalid Data", 25: "Signature Expired before Valid", 26: "Too Early",
  27: "Unsupported NSEC3 Iterations Value", 28: "Unable to conform to policy", 29: "Synthesized",
};

/** SVCB/HTTPS parameter keys (RFC 9460). */
export const SVC_PARAM_KEYS: Readonly<Record<number, string>> = {
  0: "mandatory", 1: "alpn", 2: "no-default-alpn", 3: "port", 4: "ipv4hint", 5: "ech", 6: "ipv6hint", 7: "dohpath", 8: "ohttp",
};
