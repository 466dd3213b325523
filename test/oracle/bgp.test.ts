import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/bgp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("bgp.json");
