import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/rip.json (scripts/oracle/make_vectors.py writes it).
vectorTests("rip.json");
