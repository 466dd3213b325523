import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/isakmp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("isakmp.json");
