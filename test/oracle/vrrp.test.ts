import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/vrrp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("vrrp.json");
