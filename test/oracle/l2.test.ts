import { vectorTests } from "./vectors.ts";

// Golden vectors from Scapy: test/vectors/l2.json (scripts/oracle/make_vectors.py writes it).
vectorTests("l2.json");
