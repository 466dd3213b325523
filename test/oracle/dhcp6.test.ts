import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/dhcp6.json (scripts/oracle/make_vectors.py writes it).
vectorTests("dhcp6.json");
