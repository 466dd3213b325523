import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/netbios.json (scripts/oracle/make_vectors.py writes it).
vectorTests("netbios.json");
