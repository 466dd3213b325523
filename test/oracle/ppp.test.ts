import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/ppp.json (scripts/oracle/make_vectors.py writes it).
vectorTests("ppp.json");
