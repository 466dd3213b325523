import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/dns.json (scripts/oracle/make_vectors.py writes it).
vectorTests("dns.json");
