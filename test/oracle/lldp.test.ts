import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/lldp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("lldp.json");
