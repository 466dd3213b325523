import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/dhcp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("dhcp.json");
